"""Forms of the mentoring pages: they clean input; the services decide (and say no in French)."""

from __future__ import annotations

import re

from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.models import DiplomaLevel
from emploi_territoires.applications.services_profile import LANGUAGES
from emploi_territoires.applications.situations import SITUATION_CHOICES
from emploi_territoires.offers.forms import FrenchIntegerField, OccupationField
from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.territories.forms import CommuneField, EPCIField
from emploi_territoires.territories.models import Departement
from emploi_territoires.territories.models import Programme as TerritorialProgramme
from emploi_territoires.territories.scope import ScopeKind

from .matching.pairs import CRITERIA, DAY_LABELS, DAYS, DEFAULT_WEIGHTS, PERIOD_LABELS, PERIODS, SLOT_LABELS, TOPICS
from .models import (
    MAX_MEETING_MINUTES,
    PROGRAMME_KINDS,
    ROME_DOMAINS,
    SURVEY_MILESTONES,
    Audience,
    Enrolment,
    MenteeProfile,
    MentorProfile,
    Mode,
    Outcome,
    Programme,
)
from .services_profiles import SITUATION_CONSENT_TEXT


class RunForm(forms.Form):
    mode = forms.ChoiceField(label="Mode d'appariement", choices=Mode.choices, initial=Mode.SCORE)
    qpv = forms.BooleanField(label="Priorité aux habitants des quartiers prioritaires", required=False)


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date de la rencontre", widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        error_messages={
            "max_value": "La durée doit être comprise entre 1 minute et 8 heures (480 minutes).",
            "min_value": "La durée doit être comprise entre 1 minute et 8 heures (480 minutes).",
        },
    )
    topics = forms.MultipleChoiceField(
        label="Sujets abordés", choices=list(TOPICS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="Note (visible seulement par vous deux)", required=False, max_length=3000, widget=forms.Textarea
    )


class HelpForm(forms.Form):
    message = forms.CharField(label="Ce qui vous aiderait", max_length=2000, widget=forms.Textarea)


class SurveyForm(forms.Form):
    milestone = forms.TypedChoiceField(
        label="Questionnaire", coerce=int, choices=[(m, f"{m} mois") for m in SURVEY_MILESTONES]
    )
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction (1 à 5)", coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    situation = forms.ChoiceField(label="Situation de la personne mentorée", choices=Outcome.choices)
    comment = forms.CharField(label="Commentaire", required=False, max_length=3000, widget=forms.Textarea)


class EndPairForm(forms.Form):
    outcome = forms.ChoiceField(label="Situation de la personne mentorée à la fin", choices=Outcome.choices)
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction (1 à 5)",
        coerce=int,
        choices=[("", "Non renseignée")] + [(i, str(i)) for i in range(1, 6)],
        required=False,
        empty_value=None,
    )


# --- Profiles ---------------------------------------------------------------------------------
# The forms parse; `services_profiles.save_mentor_profile` / `save_mentee_profile` hold the rules, and their
# French refusals come back as the form's non-field errors (`add_service_error`).


def _checkboxes(label: str, choices, required: bool = False, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class _ProfileForm(DsfrBaseForm):
    commune = CommuneField(label="Commune où vous habitez")
    in_person = forms.BooleanField(label="J'accepte les rencontres en présentiel", required=False, initial=True)
    remote = forms.BooleanField(
        label="J'accepte le mentorat à distance (visio, téléphone)", required=False, initial=True
    )
    languages = _checkboxes("Langues que je parle", list(LANGUAGES.items()))
    availability = _checkboxes(
        "Mes disponibilités", list(SLOT_LABELS.items()), help_text="Cochez les moments où vous pouvez vous rencontrer."
    )

    def add_service_error(self, error: Exception) -> None:
        self.add_error(None, str(error))

    def availability_rows(self) -> list[tuple[str, list]]:
        """The 21 availability checkboxes as 7 rows (days) of 3 (morning, afternoon, evening)."""
        boxes = list(self["availability"])
        return [
            (DAY_LABELS[i].capitalize(), boxes[i * len(PERIODS) : (i + 1) * len(PERIODS)]) for i in range(len(DAYS))
        ]

    @staticmethod
    def period_labels() -> tuple[str, ...]:
        return PERIOD_LABELS


class MentorProfileForm(_ProfileForm):
    occupation = OccupationField(label="Mon métier (répertoire ROME)", required=True)
    sector = forms.CharField(
        label="Secteur", required=False, max_length=150, help_text="Par exemple « industrie mécanique »."
    )
    experience_years = FrenchIntegerField(
        label="Années d'expérience professionnelle",
        min_value=0,
        max_value=60,
        error_messages={"min_value": "De 0 à 60 ans.", "max_value": "De 0 à 60 ans."},
    )
    capacity = FrenchIntegerField(
        label="Combien de personnes pouvez-vous accompagner à la fois ?", initial=1, help_text="De 1 à 3."
    )
    topics = _checkboxes("Sujets sur lesquels je peux aider", list(TOPICS.items()))

    @classmethod
    def initial_for(cls, profile: MentorProfile | None) -> dict:
        if profile is None:
            return {"languages": ["fr"]}
        return {
            "commune": profile.commune, "in_person": profile.in_person, "remote": profile.remote,
            "languages": profile.languages, "availability": profile.availability, "occupation": profile.occupation,
            "sector": profile.sector, "experience_years": profile.experience_years, "capacity": profile.capacity,
            "topics": profile.topics,
        }  # fmt: skip


WISHED_OCCUPATION_FIELDS = ("occupation_1", "occupation_2", "occupation_3")


class MenteeProfileForm(_ProfileForm):
    field_of_study = forms.CharField(
        label="Domaine d'études",
        max_length=150,
        help_text="Par exemple « Master droit public » ou « BTS électrotechnique ».",
    )
    field_domain = forms.ChoiceField(
        label="Grand domaine du métier que vous visez", choices=[("", "Choisir"), *ROME_DOMAINS]
    )
    diploma_level = forms.TypedChoiceField(
        label="Niveau de diplôme", coerce=int, choices=[("", "Choisir"), *DiplomaLevel.choices]
    )
    graduated_on = forms.DateField(
        label="Date d'obtention du diplôme",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occupation_1 = OccupationField(label="Métier visé")
    occupation_2 = OccupationField(label="Autre métier visé (facultatif)", help_text="")
    occupation_3 = OccupationField(label="Autre métier visé (facultatif)", help_text="")
    experience_years = FrenchIntegerField(
        label="Années d'expérience professionnelle (stages et alternance compris)",
        initial=0,
        min_value=0,
        max_value=60,
        error_messages={"min_value": "De 0 à 60 ans.", "max_value": "De 0 à 60 ans."},
    )
    goals = _checkboxes("Ce que j'attends du mentorat", list(TOPICS.items()))
    qpv = forms.BooleanField(label="J'habite un quartier prioritaire de la politique de la ville (QPV)", required=False)
    first_generation = forms.BooleanField(
        label="Je suis le premier ou la première diplômé·e de ma famille", required=False
    )
    consent = forms.BooleanField(
        label="J'accepte que ma situation soit enregistrée", required=False, help_text=SITUATION_CONSENT_TEXT
    )

    def wished_occupations(self) -> list[RomeOccupation]:
        found = [self.cleaned_data.get(name) for name in WISHED_OCCUPATION_FIELDS]
        return list(dict.fromkeys(o for o in found if o is not None))

    @classmethod
    def initial_for(cls, profile: MenteeProfile | None) -> dict:
        if profile is None:
            return {"languages": ["fr"]}
        wished = list(profile.wished_occupations.all()[:3])
        initial = {
            "commune": profile.commune, "in_person": profile.in_person, "remote": profile.remote,
            "languages": profile.languages, "availability": profile.availability,
            "field_of_study": profile.field_of_study, "field_domain": profile.field_domain,
            "diploma_level": profile.diploma_level, "graduated_on": profile.graduated_on,
            "experience_years": profile.experience_years, "goals": profile.goals,
            "qpv": profile.is_qpv_resident, "first_generation": profile.is_first_generation,
            "consent": bool(profile.situation_consent_at),
        }  # fmt: skip
        for name, occupation in zip(WISHED_OCCUPATION_FIELDS, wished, strict=False):
            initial[name] = occupation
        return initial


# --- Programmes -------------------------------------------------------------------------------


class ProgrammeForm(DsfrBaseForm):
    name = forms.CharField(label="Nom du programme", max_length=200)
    description = forms.CharField(label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    scope = forms.ChoiceField(
        label="Périmètre", choices=[(kind.value, kind.label) for kind in PROGRAMME_KINDS], initial=ScopeKind.NATIONAL
    )
    departement = forms.ModelChoiceField(
        label="Département (périmètre « Département »)", required=False, queryset=Departement.objects.order_by("code"),
        empty_label="Choisir",
    )  # fmt: skip
    epci = EPCIField(label="Intercommunalité (périmètre « EPCI »)", required=False)
    commune = CommuneField(label="Commune (périmètre « Commune »)", required=False)
    territorial_programme = forms.ChoiceField(
        label="Programme territorial (périmètre « Communes d'un programme »)", required=False,
        choices=[("", "Choisir"), *TerritorialProgramme.choices],
    )  # fmt: skip
    audience = forms.ChoiceField(label="Public", choices=Audience.choices)
    duration_months = FrenchIntegerField(label="Durée du mentorat (mois)", initial=6, help_text="De 1 à 24 mois.")
    meeting_every_weeks = FrenchIntegerField(
        label="Une rencontre attendue toutes les … semaines", initial=2, help_text="De 1 à 12."
    )
    alert_after_weeks = FrenchIntegerField(
        label="Alerte si aucune rencontre depuis … semaines", initial=4, help_text="De 1 à 26."
    )
    starts_on = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label="Fin", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    managers = forms.CharField(
        label="Responsables du programme",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leurs adresses e-mail, une par ligne ou séparées par des virgules. Chacun doit avoir un compte.",
    )
    max_distance_km = FrenchIntegerField(
        label="Distance maximale en présentiel (km)", initial=30, help_text="De 1 à 200."
    )
    qpv_priority = forms.BooleanField(label="Priorité aux habitants des quartiers prioritaires", required=False)
    priority_situations = forms.MultipleChoiceField(
        label="Autres publics prioritaires",
        required=False,
        choices=SITUATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Les personnes mentorées qui ont déclaré l'une de ces situations dans leur profil de candidat (avec "
            "leur accord) reçoivent le bonus de priorité : à score égal, elles obtiennent le mentor."
        ),
    )
    weight_field = FrenchIntegerField(label="Poids « métier et domaine »", initial=DEFAULT_WEIGHTS["field"])
    weight_goals = FrenchIntegerField(label="Poids « objectifs et sujets »", initial=DEFAULT_WEIGHTS["goals"])
    weight_proximity = FrenchIntegerField(label="Poids « proximité »", initial=DEFAULT_WEIGHTS["proximity"])
    weight_experience = FrenchIntegerField(label="Poids « écart d'expérience »", initial=DEFAULT_WEIGHTS["experience"])

    def clean_managers(self):
        emails = [e.strip().lower() for e in re.split(r"[\s,;]+", self.cleaned_data["managers"]) if e.strip()]
        users = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise forms.ValidationError(f"Aucun compte avec l'adresse : {', '.join(unknown)}.")
        if not users:
            raise forms.ValidationError("Indiquez au moins un responsable.")
        return list(users.values())

    def add_service_error(self, error: Exception) -> None:
        self.add_error(None, str(error))

    def weight_fields(self) -> list:
        return [self[f"weight_{c}"] for c in CRITERIA]

    def to_data(self):
        from .services_programmes import ProgrammeData

        d = self.cleaned_data
        return ProgrammeData(
            name=d["name"], description=d["description"], scope=d["scope"], audience=d["audience"],
            duration_months=d["duration_months"], meeting_every_weeks=d["meeting_every_weeks"],
            alert_after_weeks=d["alert_after_weeks"], starts_on=d["starts_on"], ends_on=d["ends_on"],
            managers=d["managers"], weights={c: d[f"weight_{c}"] for c in CRITERIA},
            max_distance_km=d["max_distance_km"], qpv_priority=d["qpv_priority"], departement=d["departement"],
            priority_situations=list(d.get("priority_situations") or []),
            epci=d["epci"], commune=d["commune"], territorial_programme=d["territorial_programme"],
        )  # fmt: skip

    @classmethod
    def initial_for(cls, programme: Programme | None, user: User) -> dict:
        if programme is None:
            return {"managers": user.email}
        initial = {
            name: getattr(programme, name)
            for name in (
                "name", "description", "departement", "commune", "audience",
                "duration_months", "meeting_every_weeks", "alert_after_weeks", "starts_on", "ends_on",
                "max_distance_km", "qpv_priority", "priority_situations",
            )
        }  # fmt: skip
        initial["scope"], initial["territorial_programme"] = programme.scope_kind, programme.programme
        initial["epci"] = programme.epci_id or ""
        initial["managers"] = "\n".join(programme.managers.order_by("email").values_list("email", flat=True))
        for criterion, value in programme.weight_values.items():
            initial[f"weight_{criterion}"] = value
        return initial


class _UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class ExclusionForm(DsfrBaseForm):
    mentor = _UserChoiceField(label="Mentor", queryset=User.objects.none(), empty_label="Choisir")
    mentee = _UserChoiceField(label="Personne mentorée", queryset=User.objects.none(), empty_label="Choisir")
    reason = forms.CharField(label="Motif (facultatif)", required=False, max_length=200)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        enrolled = Enrolment.objects.filter(programme=programme, is_active=True)
        ids = enrolled.filter(role=Enrolment.Role.MENTOR).values("user_id")
        self.fields["mentor"].queryset = User.objects.filter(pk__in=ids).order_by("last_name", "first_name")
        ids = enrolled.filter(role=Enrolment.Role.MENTEE).values("user_id")
        self.fields["mentee"].queryset = User.objects.filter(pk__in=ids).order_by("last_name", "first_name")
