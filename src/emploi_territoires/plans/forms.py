"""Forms of the plan pages: they parse input into `services` data; `plans.services` validates and writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import is_staff
from emploi_territoires.evaluation.indicators import INDICATOR_CHOICES
from emploi_territoires.territories.forms import CommuneField, EPCIField
from emploi_territoires.territories.models import Departement
from emploi_territoires.territories.models import Programme as TerritorialProgramme

from . import permissions
from .models import PLAN_KINDS, ActionKind, ActionStatus, PartnerRole, Plan, PlanPartner
from .services import TRANSITIONS, ActionData, PlanData

CONTACT_HELP = "La personne nommée pour ce plan ; elle doit être membre de l'organisation."
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(DsfrBaseForm):
    title = forms.CharField(
        label="Intitulé", max_length=200, help_text="Ex. : « Plan emploi 2026 — Haut Nivernais - Val d'Yonne »"
    )
    scope_kind = forms.ChoiceField(label="Périmètre", choices=[(kind.value, kind.label) for kind in PLAN_KINDS])
    commune = CommuneField(required=False, help_text="Pour un plan sur une commune. " + CommuneField.default_help_text)
    epci = EPCIField(required=False)
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        required=False,
        help_text="Pour un plan départemental, ou pour limiter les communes d'un programme à un département.",
    )
    programme = forms.ChoiceField(label="Programme", choices=[("", "—"), *TerritorialProgramme.choices], required=False)
    starts_on = forms.DateField(label="Début de la période", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Fin de la période", widget=DATE_WIDGET)

    def plan_data(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            title=data["title"],
            scope_kind=data["scope_kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            commune=data.get("commune"),
            epci=data.get("epci"),
            departement=data.get("departement"),
            programme=data.get("programme") or "",
        )

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        return {
            "title": plan.title,
            "scope_kind": plan.scope_kind,
            "commune": plan.commune,
            "epci": plan.epci_id or "",
            "departement": plan.departement_id,
            "programme": plan.programme,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
        }


class PlanCreateForm(PlanForm):
    organisation = forms.ModelChoiceField(
        label="Votre organisation",
        queryset=Organisation.objects.none(),
        help_text="Elle devient le premier partenaire du plan, et vous son contact.",
    )
    role = forms.ChoiceField(label="Son rôle dans le plan", choices=PartnerRole.choices)
    contact_email = forms.EmailField(
        label="E-mail du contact de cette organisation",
        required=False,
        help_text="Seulement si vous n'en êtes pas membre (équipe de la plateforme) : " + CONTACT_HELP,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_staff(user):
            self.fields["organisation"].queryset = Organisation.objects.filter(
                kind__in=permissions.PLAN_CREATOR_KINDS
            ).order_by("name")
            self.fields["organisation"].help_text = "Elle devient le premier partenaire du plan."
        else:
            self.fields["organisation"].queryset = permissions.creator_organisations(user)
            del self.fields["contact_email"]

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        data["contact"] = self.user
        if organisation is not None and "contact_email" in self.fields:
            if organisation.memberships.filter(user_id=self.user.pk).exists() and not data.get("contact_email"):
                return data
            try:
                data["contact"] = _contact_by_email(organisation, data.get("contact_email") or "")
            except ValidationError as exc:
                self.add_error("contact_email", exc)
        return data


def _contact_by_email(organisation: Organisation | None, email: str) -> User:
    """The member of `organisation` with this e-mail; the same message whether the account exists or not."""
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None or organisation is None or not organisation.memberships.filter(user=user).exists():
        where = f"« {organisation} »" if organisation else "cette organisation"
        raise ValidationError(
            f"Aucun membre de {where} n'a l'adresse {email} : le contact d'un partenaire doit en faire partie."
        )
    return user


class PartnerForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        label="Organisation partenaire",
        queryset=Organisation.objects.none(),
        help_text="Apec et ANCT ou préfectures, et les collectivités et associations de la région du plan.",
    )
    role = forms.ChoiceField(label="Rôle", choices=PartnerRole.choices)
    contact_email = forms.EmailField(
        label="E-mail du contact",
        help_text="La personne nommée pour ce plan ; elle doit être membre de l'organisation.",
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        regions = plan.scope.communes().values("region_id")
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(
                Q(kind__in=[Organisation.Kind.APEC, Organisation.Kind.ANCT])
                | Q(
                    kind__in=[Organisation.Kind.COLLECTIVITE, Organisation.Kind.ASSOCIATION],
                    commune__region_id__in=regions,
                )
            )
            .exclude(plan_partnerships__plan=plan)
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        if data.get("contact_email") and "organisation" in data:
            try:
                data["contact"] = _contact_by_email(data["organisation"], data["contact_email"])
            except ValidationError as exc:
                self.add_error("contact_email", exc)
        return data


class PartnerEditForm(DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=PartnerRole.choices)
    contact_email = forms.EmailField(
        label="E-mail du contact",
        help_text="La personne nommée pour ce plan ; elle doit être membre de l'organisation.",
    )

    def __init__(self, *args, partner: PlanPartner, **kwargs):
        kwargs.setdefault("initial", {"role": partner.role, "contact_email": partner.contact.email})
        super().__init__(*args, **kwargs)
        self.partner = partner

    def clean(self):
        data = super().clean()
        if data.get("contact_email"):
            try:
                data["contact"] = _contact_by_email(self.partner.organisation, data["contact_email"])
            except ValidationError as exc:
                self.add_error("contact_email", exc)
        return data


class TargetForm(DsfrBaseForm):
    indicator_code = forms.ChoiceField(label="Indicateur", choices=INDICATOR_CHOICES)
    target = forms.DecimalField(
        label="Cible sur la période du plan", min_value=0, max_digits=10, decimal_places=1, help_text="Ex. : 12"
    )


class ActionForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type d'action", choices=ActionKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    lead = forms.ModelChoiceField(label="Partenaire pilote", queryset=PlanPartner.objects.none())
    starts_on = forms.DateField(label="Début", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Fin", widget=DATE_WIDGET)
    budget_eur = forms.DecimalField(
        label="Budget (€, facultatif)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    days_spent = forms.DecimalField(
        label="Temps passé (jours, facultatif)", required=False, min_value=0, max_digits=7, decimal_places=1
    )
    jobdating_event = forms.ModelChoiceField(
        label="Job dating lié", required=False, queryset=PlanPartner.objects.none(),
        help_text="Pour une action « Job dating » : les job datings du territoire du plan.",
    )  # fmt: skip
    mentoring_programme = forms.ModelChoiceField(
        label="Programme de mentorat lié", required=False, queryset=PlanPartner.objects.none(),
        help_text="Pour une « Cohorte de mentorat » : les programmes que vous gérez ou qu'un partenaire porte.",
    )  # fmt: skip
    needs_campaign = forms.ModelChoiceField(
        label="Campagne de besoins liée", required=False, queryset=PlanPartner.objects.none(),
        help_text="Pour une « Campagne de recensement des besoins » : les campagnes que vous suivez sur ce territoire.",
    )  # fmt: skip
    impact_study = forms.ModelChoiceField(
        label="Étude d'impact liée", required=False, queryset=PlanPartner.objects.none(),
        help_text="Pour une « Étude ou évaluation ».",
    )  # fmt: skip
    offers = forms.ModelMultipleChoiceField(
        label="Offres liées", required=False, queryset=PlanPartner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Pour l'accompagnement à la rédaction, un recrutement de chef de projet ou une campagne VTA : "
        "les offres du territoire que vous pouvez voir.",
    )  # fmt: skip

    def __init__(self, *args, plan: Plan, user, action=None, **kwargs):
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": action.kind,
                    "title": action.title,
                    "description": action.description,
                    "lead": action.lead_id,
                    "starts_on": action.starts_on,
                    "ends_on": action.ends_on,
                    "budget_eur": action.budget_eur,
                    "days_spent": action.days_spent,
                    "jobdating_event": action.jobdating_event_id,
                    "mentoring_programme": action.mentoring_programme_id,
                    "needs_campaign": action.needs_campaign_id,
                    "impact_study": action.impact_study_id,
                    "offers": [o.pk for o in action.offers.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["lead"].queryset = plan.partners.select_related("organisation").order_by("organisation__name")
        self.fields["lead"].label_from_instance = lambda p: f"{p.organisation} — contact : {p.contact}"
        current = action or _NoAction
        self.fields["jobdating_event"].queryset = permissions.linkable_events(user, plan, current.jobdating_event_id)
        self.fields["jobdating_event"].label_from_instance = lambda e: f"{e.title} — {e.date:%d/%m/%Y}"
        self.fields["mentoring_programme"].queryset = permissions.linkable_programmes(
            user, plan, current.mentoring_programme_id
        )
        self.fields["needs_campaign"].queryset = permissions.linkable_campaigns(user, plan, current.needs_campaign_id)
        self.fields["impact_study"].queryset = permissions.linkable_studies(user, plan, current.impact_study_id)
        current_offers = [o.pk for o in action.offers.all()] if action is not None else None
        self.fields["offers"].queryset = permissions.linkable_offers(user, plan, current_offers)
        self.fields["offers"].label_from_instance = lambda o: f"{o.title} — {o.organisation} ({o.get_status_display()})"

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            kind=data["kind"],
            title=data["title"],
            lead=data["lead"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            description=data.get("description") or "",
            budget_eur=data.get("budget_eur"),
            days_spent=data.get("days_spent"),
            jobdating_event=data.get("jobdating_event"),
            mentoring_programme=data.get("mentoring_programme"),
            needs_campaign=data.get("needs_campaign"),
            impact_study=data.get("impact_study"),
            offers=list(data.get("offers") or []),
        )


class _NoAction:
    jobdating_event_id = mentoring_programme_id = needs_campaign_id = impact_study_id = None


class TransitionForm(DsfrBaseForm):
    to_status = forms.ChoiceField(label="Nouvel état", choices=ActionStatus.choices)
    note = forms.CharField(
        label="Note (obligatoire pour rouvrir ou reprendre une action)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def transition_choices(status: str, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(to, TRANSITIONS[(status, to)].label) for to in allowed]
