"""Candidate profile forms: parse what the person typed; the rules live in `services_profile`.

The form turns the input into a `ProfileData` and asks `services_profile.validate_profile` for
the rules, so the messages are written once (the service checks them again when saving).
Wanted occupations are five occupation fields that reuse the offers' ROME suggestions; languages
are one select per language of the fixed list; skills are free text separated by commas.
"""

from __future__ import annotations

from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.forms import FrenchIntegerField, OccupationField
from emploi_territoires.territories.forms import CommuneField
from emploi_territoires.territories.models import Departement, Programme

from . import services_profile
from .models import CandidateProfile, DiplomaLevel, RemotePreference, Visibility
from .services_profile import CONSENT_TEXTS, LANGUAGE_LEVELS, LANGUAGES, MAX_OCCUPATIONS, ProfileData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OCCUPATION_FIELDS = [f"occupation_{i}" for i in range(1, MAX_OCCUPATIONS + 1)]
LANGUAGE_FIELDS = {code: f"language_{code}" for code in LANGUAGES}
# Errors the service reports under a name the form does not have.
SERVICE_FIELD = {"occupations": OCCUPATION_FIELDS[0], "languages": LANGUAGE_FIELDS["en"]}


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    phone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=30,
        help_text="Facultatif. Par exemple 06 12 34 56 78.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    commune = CommuneField(label="Commune où vous habitez")
    mobility_radius_km = FrenchIntegerField(
        label="Jusqu'à quelle distance êtes-vous prêt·e à vous déplacer (km) ?",
        initial=30,
        help_text="De 0 à 200 km autour de votre commune.",
    )
    headline = forms.CharField(
        label="Titre de votre profil",
        required=False,
        max_length=150,
        help_text="En une ligne, par exemple « Cheffe de projet Petites villes de demain ».",
    )
    skills = forms.CharField(
        label="Compétences",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Séparées par des virgules : « animation de réseau, marchés publics, conduite de projet ». "
        "30 au maximum.",
    )
    experience_years = FrenchIntegerField(label="Années d'expérience professionnelle", initial=0)
    diploma_level = forms.TypedChoiceField(
        label="Niveau de diplôme le plus élevé",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Choisir"), *DiplomaLevel.choices],
    )
    available_from = forms.DateField(
        label="Disponible à partir du", required=False, widget=DATE_WIDGET, help_text="Laissez vide si immédiatement."
    )
    remote_preference = forms.ChoiceField(
        label="Télétravail souhaité", choices=RemotePreference.choices, initial=RemotePreference.ANY
    )
    summary = forms.CharField(
        label="Présentation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Quelques lignes sur votre parcours et ce que vous cherchez (3 000 caractères au maximum).",
    )
    cv = forms.FileField(
        label="CV",
        required=False,
        help_text="PDF, Word (DOCX) ou OpenDocument (ODT), 5 Mo au maximum.",
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.docx,.odt,application/pdf,application/vnd.oasis.opendocument.text"}
        ),
    )
    remove_cv = forms.BooleanField(label="Supprimer mon CV actuel", required=False)
    visibility = forms.ChoiceField(
        label="Qui peut voir mon profil ?",
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=CONSENT_TEXTS["visibility"].text,
    )
    visible_departements = forms.ModelMultipleChoiceField(
        label="Départements où mon profil est visible",
        required=False,
        queryset=Departement.objects.order_by("code"),
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
    )
    visible_programmes = forms.MultipleChoiceField(
        label="Programmes où mon profil est visible",
        required=False,
        choices=Programme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_young_graduate = forms.BooleanField(label="Je suis jeune diplômé·e (depuis moins de deux ans)", required=False)
    graduated_on = forms.DateField(label="Date d'obtention du diplôme", required=False, widget=DATE_WIDGET)
    is_qpv_resident = forms.BooleanField(
        label="J'habite un quartier prioritaire de la politique de la ville (QPV)", required=False
    )
    is_job_seeker = forms.BooleanField(label="Je suis demandeur·se d'emploi", required=False)
    is_under_26 = forms.BooleanField(label="J'ai moins de 26 ans", required=False)
    has_rqth = forms.BooleanField(
        label="J'ai une reconnaissance de la qualité de travailleur handicapé (RQTH)", required=False
    )
    has_no_diploma = forms.BooleanField(label="Je n'ai pas de diplôme", required=False)
    receives_rsa = forms.BooleanField(label="Je perçois le revenu de solidarité active (RSA)", required=False)
    situation_consent = forms.BooleanField(
        label="J'accepte que ma situation soit enregistrée", required=False, help_text=CONSENT_TEXTS["situation"].text
    )
    profile_consent = forms.BooleanField(
        label="J'accepte que mon profil soit enregistré", required=False, help_text=CONSENT_TEXTS["profile"].text
    )

    def __init__(self, *args: Any, user: User, profile: CandidateProfile | None, **kwargs: Any):
        self.user = user
        self.profile = profile
        kwargs.setdefault("initial", self._initial(user, profile))
        super().__init__(*args, **kwargs)
        for name in OCCUPATION_FIELDS:
            self.fields[name] = OccupationField(label=f"Métier recherché {name[-1]}")
        self.fields[
            OCCUPATION_FIELDS[0]
        ].help_text = "Jusqu'à cinq métiers du répertoire ROME : tapez quelques mots, puis choisissez dans la liste."
        level_choices = [("", "Non"), *LANGUAGE_LEVELS.items()]
        for code, field_name in LANGUAGE_FIELDS.items():
            self.fields[field_name] = forms.ChoiceField(label=LANGUAGES[code], required=False, choices=level_choices)
        if profile is not None:
            del self.fields["profile_consent"]
        if not (profile and profile.cv):
            del self.fields["remove_cv"]

    @staticmethod
    def _initial(user: User, profile: CandidateProfile | None) -> dict[str, Any]:
        initial: dict[str, Any] = {"first_name": user.first_name, "last_name": user.last_name}
        if profile is None:
            return initial
        for name in (
            "phone",
            "commune",
            "mobility_radius_km",
            "headline",
            "experience_years",
            "diploma_level",
            "available_from",
            "remote_preference",
            "summary",
            "visibility",
            "visible_programmes",
            "is_young_graduate",
            "graduated_on",
            "is_qpv_resident",
            "is_job_seeker",
            "is_under_26",
            "has_rqth",
            "has_no_diploma",
            "receives_rsa",
        ):
            initial[name] = getattr(profile, name)
        initial["skills"] = ", ".join(profile.skills)
        initial["visible_departements"] = list(profile.visible_departements.all())
        initial["situation_consent"] = services_profile.has_consent(user, "situation")
        for field_name, occupation in zip(OCCUPATION_FIELDS, profile.wanted_occupations.order_by("code"), strict=False):
            initial[field_name] = occupation
        for item in profile.languages:
            field_name = LANGUAGE_FIELDS.get(item.get("code", ""))
            if field_name:
                initial[field_name] = item.get("level", "")
        return initial

    def to_data(self) -> ProfileData:
        data = self.cleaned_data
        languages = [
            {"code": code, "level": data[field_name]}
            for code, field_name in LANGUAGE_FIELDS.items()
            if data.get(field_name)
        ]
        return ProfileData(
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            commune=data.get("commune"),
            phone=data.get("phone") or "",
            headline=data.get("headline") or "",
            mobility_radius_km=data.get("mobility_radius_km"),
            occupations=[data[name] for name in OCCUPATION_FIELDS if data.get(name)],
            skills=services_profile.parse_skills(data.get("skills") or ""),
            experience_years=data.get("experience_years"),
            diploma_level=data.get("diploma_level"),
            available_from=data.get("available_from"),
            remote_preference=data.get("remote_preference") or RemotePreference.ANY,
            languages=languages,
            summary=data.get("summary") or "",
            visibility=data.get("visibility") or Visibility.PRIVATE,
            visible_departements=list(data.get("visible_departements") or []),
            visible_programmes=list(data.get("visible_programmes") or []),
            is_young_graduate=bool(data.get("is_young_graduate")),
            graduated_on=data.get("graduated_on"),
            is_qpv_resident=bool(data.get("is_qpv_resident")),
            is_job_seeker=bool(data.get("is_job_seeker")),
            is_under_26=bool(data.get("is_under_26")),
            has_rqth=bool(data.get("has_rqth")),
            has_no_diploma=bool(data.get("has_no_diploma")),
            receives_rsa=bool(data.get("receives_rsa")),
            situation_consent=bool(data.get("situation_consent")),
            profile_consent=bool(data.get("profile_consent")),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the parsing errors first; the rules need parsed values
        self.add_service_errors(
            services_profile.validate_profile(self.to_data(), user=self.user, existing=self.profile)
        )
        return cleaned

    def add_service_errors(self, errors: dict[str | None, list[str]]) -> None:
        for name, messages in errors.items():
            target = SERVICE_FIELD.get(name or "", name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class DeleteAccountForm(DsfrBaseForm):
    password = forms.CharField(
        label="Votre mot de passe, pour confirmer",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
