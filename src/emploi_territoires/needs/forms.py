"""Forms of the needs pages: they only parse input; `needs.services` validates and writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.forms import OccupationField
from emploi_territoires.offers.models import ContractType
from emploi_territoires.territories.forms import EPCIField, resolve_commune
from emploi_territoires.territories.models import Departement, Programme

from .models import CAMPAIGN_KINDS, DifficultyReason, EngineeringNeed, Horizon
from .services import EMPLOYER_KINDS, Territory

MAX_CAMPAIGN_COMMUNES = 200


class CampaignForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé", max_length=200, help_text="Ex. : « Besoins de recrutement 2027 — Loire »")
    scope_kind = forms.ChoiceField(label="Périmètre", choices=[(kind.value, kind.label) for kind in CAMPAIGN_KINDS])
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        required=False,
        help_text="Pour un département, ou pour limiter un programme à un département.",
    )
    epci = EPCIField(label="Intercommunalité", required=False)
    communes = forms.CharField(
        label="Communes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Codes INSEE ou noms, séparés par des points-virgules (ex. : « 42218 ; Firminy (42095) »).",
    )
    programme = forms.ChoiceField(label="Programme", choices=[("", "—"), *Programme.choices], required=False)
    organisation_kinds = forms.MultipleChoiceField(
        label="Organisations invitées",
        choices=[(k.value, k.label) for k in EMPLOYER_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : collectivités, entreprises et associations.",
    )
    deadline = forms.DateField(label="Date limite de réponse", widget=forms.DateInput(attrs={"type": "date"}))
    reminder_days = forms.IntegerField(
        label="Relance (jours avant la date limite)", initial=7, min_value=0, max_value=60
    )

    def clean_communes(self):
        parts = [p.strip() for p in (self.cleaned_data.get("communes") or "").split(";") if p.strip()]
        if len(parts) > MAX_CAMPAIGN_COMMUNES:
            raise ValidationError(f"{MAX_CAMPAIGN_COMMUNES} communes au maximum : choisissez plutôt un EPCI.")
        return [resolve_commune(p) for p in parts]

    def territory(self) -> Territory:
        data = self.cleaned_data
        return Territory(
            kind=data["scope_kind"],
            communes=data.get("communes") or (),
            epci=data.get("epci"),
            departement=data.get("departement"),
            programme=data.get("programme") or "",
        )


class NeedLineForm(DsfrBaseForm):
    occupation = OccupationField(label="Métier recherché (répertoire ROME)")
    count = forms.IntegerField(label="Nombre de personnes", required=False, min_value=0, max_value=999)
    horizon = forms.ChoiceField(label="Échéance", choices=Horizon.choices, initial=Horizon.MONTHS_3_TO_12)
    contract_type = forms.ChoiceField(label="Type de contrat", choices=ContractType.choices, initial=ContractType.CDI)
    is_difficult = forms.BooleanField(label="Recrutement jugé difficile", required=False)
    difficulty_reasons = forms.MultipleChoiceField(
        label="Raisons de la difficulté",
        choices=DifficultyReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    engineering_needs = forms.MultipleChoiceField(
        label="Besoins d'ingénierie de projet (collectivités)",
        choices=EngineeringNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label="Commentaire", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None and organisation.kind != Organisation.Kind.COLLECTIVITE:
            del self.fields["engineering_needs"]

    def line(self) -> dict:
        return dict(self.cleaned_data)


class BaseNeedFormSet(forms.BaseFormSet):
    def lines(self) -> list[tuple[int, dict]]:
        """(form index, values) of the filled lines; blank extra lines are ignored."""
        return [(i, f.line()) for i, f in enumerate(self.forms) if f.has_changed() and f.is_valid()]


NeedFormSet = forms.formset_factory(NeedLineForm, formset=BaseNeedFormSet, extra=3, max_num=20, validate_max=True)
