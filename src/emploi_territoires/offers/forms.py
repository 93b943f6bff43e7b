"""The offer form: parses input into model values; the rules live in `services.validate_offer`.

The same rules serve the API (which calls the services directly), so a message is written once.
Numbers are read the French way ("38 000", "35,5"), and the occupation field works like the
commune field: type a label or a code, pick a suggestion filled in by HTMX.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.territories.forms import CommuneField

from . import services
from .education import EDUCATION_LEVELS
from .models import (
    ApplyMethod,
    ContractType,
    Offer,
    OfferStatus,
    ProgrammeContext,
    PublicCategory,
    PublicServiceBranch,
    Remote,
    RomeOccupation,
    default_public_service_branch,
)
from .rome import ROME_CODE, search_occupations

_OCCUPATION_LABEL = re.compile(r"\(([A-Na-n]\d{4})\)\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f€]+")


def occupation_label(occupation: RomeOccupation | None) -> str:
    return f"{occupation.label} ({occupation.code})" if occupation else ""


def resolve_occupation(value: str) -> RomeOccupation:
    """What the occupation field holds ("Libellé (M1403)", "M1403" or a unique label) → occupation."""
    text = (value or "").strip()[:200]
    match = _OCCUPATION_LABEL.search(text)
    code = (match.group(1) if match else text).upper()
    if ROME_CODE.match(code):
        occupation = RomeOccupation.objects.filter(pk=code).first()
        if occupation is not None:
            return occupation
    elif text:
        found = search_occupations(text, limit=2)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                "Plusieurs métiers correspondent : choisissez-en un dans la liste proposée.", code="ambiguous"
            )
    raise ValidationError(
        "Métier inconnu du répertoire ROME : tapez quelques mots (ex. « chargé d'études ») "
        "ou un code (ex. M1403), puis choisissez dans la liste.",
        code="unknown_occupation",
    )


class OccupationInput(forms.TextInput):
    template_name = "offers/editor/widgets/occupation_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        datalist_id = f"{widget_id}-suggestions"
        context["widget"]["datalist_id"] = datalist_id
        context["widget"]["attrs"].update(
            {
                "list": datalist_id,
                "autocomplete": "off",
                "hx-get": reverse("offers:occupation_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{datalist_id}",
                "hx-swap": "innerHTML",
            }
        )
        return context


class OccupationField(forms.CharField):
    widget = OccupationInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 220)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Métier (répertoire ROME)")
        kwargs.setdefault("help_text", "Quelques mots ou un code, puis choisissez dans la liste (ex. : « M1403 »).")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, RomeOccupation):
            return occupation_label(value)
        if isinstance(value, str) and ROME_CODE.match(value):
            occupation = RomeOccupation.objects.filter(pk=value).first()
            return occupation_label(occupation) if occupation else value
        return value

    def clean(self, value):
        text = super().clean(value)
        return resolve_occupation(text) if text else None


class FrenchIntegerField(forms.IntegerField):
    """Accepts "38 000", "38 000 €" and narrow no-break spaces as a French user types them.

    A text input (numeric keyboard on phones): a number input would refuse the spaces.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value)
        return super().to_python(value)


class FrenchDecimalField(forms.DecimalField):
    """Accepts "17,5" as well as "17.5"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)


def _choices(choices, empty: str | None = None):
    items = [(value, label) for value, label in choices if value != ""]
    return [("", empty), *items] if empty is not None else items


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(DsfrBaseForm):
    title = forms.CharField(
        label="Intitulé du poste",
        max_length=200,  # the service says "150 caractères au maximum" in plain words
        help_text="Écrit pour tous : « Chef·fe de projet Petites villes de demain (F/H) ».",
    )
    occupation = OccupationField()
    commune = CommuneField(label="Commune du poste")
    address = forms.CharField(label="Adresse", required=False, max_length=300)
    contract_type = forms.ChoiceField(label="Type de contrat", choices=_choices(ContractType.choices, "Choisir"))
    contract_duration_months = FrenchIntegerField(
        label="Durée du contrat (mois)",
        required=False,
        help_text="Pour un CDD, un contrat de projet ou un VTA (12 à 18 mois).",
    )
    public_category = forms.ChoiceField(
        label="Catégorie de la fonction publique",
        required=False,
        choices=_choices(PublicCategory.choices, "Sans objet"),
    )
    public_service_branch = forms.ChoiceField(
        label="Versant de la fonction publique",
        required=False,
        choices=_choices(PublicServiceBranch.choices, "Sans objet"),
        help_text="Proposé d'après votre organisation ; un hôpital public choisit « hospitalière ».",
    )
    weekly_hours = FrenchDecimalField(
        label="Durée hebdomadaire (heures)", required=False, help_text="Par exemple 35 ou 17,5."
    )
    education_level = forms.TypedChoiceField(
        label="Niveau de diplôme requis",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Non précisé"), *EDUCATION_LEVELS.items()],
        help_text="Le niveau minimum ; un volontariat territorial en administration (VTA) demande au moins bac + 2.",
    )
    remote = forms.ChoiceField(label="Télétravail", choices=Remote.choices, initial=Remote.NONE)
    salary_min = FrenchIntegerField(
        label="Salaire brut annuel minimum (€)", required=False, help_text="Par exemple 36 000."
    )
    salary_max = FrenchIntegerField(label="Salaire brut annuel maximum (€)", required=False)
    start_date = forms.DateField(label="Date de prise de poste", required=False, widget=DATE_WIDGET)
    closing_date = forms.DateField(
        label="Date limite de candidature",
        required=False,
        widget=DATE_WIDGET,
        help_text="L'offre expire automatiquement le lendemain.",
    )
    positions = FrenchIntegerField(label="Nombre de postes", initial=1)
    missions = forms.CharField(label="Missions", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    profile = forms.CharField(label="Profil recherché", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    benefits = forms.CharField(
        label="Avantages et conditions", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    territory_presentation = forms.CharField(
        label="Présentation du territoire",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce qui donne envie de venir : cadre de vie, projets, services, accès.",
    )
    apply_method = forms.ChoiceField(
        label="Comment candidater", choices=ApplyMethod.choices, initial=ApplyMethod.PLATFORM, widget=forms.RadioSelect
    )
    apply_url = forms.URLField(label="Adresse du site de candidature", required=False, max_length=300)
    apply_email = forms.EmailField(
        label="E-mail de candidature",
        required=False,
        max_length=300,
        error_messages={"invalid": "Saisissez une adresse e-mail valide, par exemple recrutement@mairie-exemple.fr."},
    )
    programme_context = forms.ChoiceField(label="Programme concerné", required=False, choices=ProgrammeContext.choices)

    def __init__(self, *args, organisation: Organisation, offer: Offer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.offer = offer
        if not organisation.is_public_employer:
            # The category (A, B, C) only exists in the fonction publique.
            del self.fields["public_category"]
            del self.fields["public_service_branch"]
        elif offer is None and not self.is_bound:
            self.fields["public_service_branch"].initial = default_public_service_branch(organisation.kind)

    @classmethod
    def initial_from(cls, offer: Offer) -> dict[str, Any]:
        initial = {name: getattr(offer, name) for name in services.CONTENT_FIELDS}
        if isinstance(initial.get("weekly_hours"), Decimal):
            initial["weekly_hours"] = format(initial["weekly_hours"].normalize(), "f").replace(".", ",")
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            # Field-level errors first: the cross-field rules would only repeat them.
            return cleaned
        values = self.values()
        errors = services.validate_offer(values, self.organisation, previous=self.offer)
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned data as model values, for `services.create_offer` / `update_offer`."""
        data = {name: self.cleaned_data.get(name) for name in services.CONTENT_FIELDS if name in self.fields}
        for name in (
            "public_category",
            "public_service_branch",
            "programme_context",
            "address",
            "apply_url",
            "apply_email",
        ):
            if name in data and data[name] is None:
                data[name] = ""
        if "public_category" not in self.fields:
            data["public_category"] = ""
        if "public_service_branch" not in self.fields:
            data["public_service_branch"] = ""
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=OfferStatus.choices)
    comment = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 3}))
