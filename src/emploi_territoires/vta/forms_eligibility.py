"""The public check « Êtes-vous éligible au VTA ? »: a commune and a legal nature (GET form)."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import LegalNature
from emploi_territoires.territories.forms import CommuneField

# The natures the scheme is about (an entreprise or a service of the État is told so on its own page).
CHECKED_NATURES = (
    LegalNature.COMMUNE,
    LegalNature.EPCI,
    LegalNature.SYNDICAT_MIXTE,
    LegalNature.PETR,
    LegalNature.ASSOCIATION,
    LegalNature.SYNDICAT_INTERCOMMUNAL,
    LegalNature.DEPARTEMENT,
    LegalNature.REGION,
)


class EligibilityCheckForm(DsfrBaseForm):
    commune = CommuneField(
        label="Commune du siège",
        help_text="Nom, code postal ou code Insee ; pour une intercommunalité, la commune de son siège.",
    )
    legal_nature = forms.ChoiceField(
        label="Nature de la structure",
        choices=[(n.value, n.label) for n in CHECKED_NATURES],
        initial=LegalNature.COMMUNE,
        error_messages={"invalid_choice": "Choisissez la nature de la structure dans la liste."},
    )
