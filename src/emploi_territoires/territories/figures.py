"""Figures of a territory that several pages show: one definition each, with its source and vintage.

Why: the same intercommunality showed 67,408 inhabitants on its page (the COG package's own EPCI
figure) and 67,283 on its diagnostic (the sum of its communes), two vintages of the census. Every
page now reads a territory's population from here, and the diagnostics add up the same commune
figures; the EPCI row stores that same sum (`reference.load_copy`), so no second figure exists.

    population("epci", "200067429")   # Population(inhabitants=11827, vintage="COG 2026 (paquet 6.0.0)")
    TerritoryScope(ScopeKind.DEPARTEMENT, "58").communes()  # the communes of the Nièvre (territories.scope)

A territory's population is the sum of the **population municipale** (INSEE) of its communes, as
published in the COG copy the platform loaded (`ReferenceDataset` "cog" gives its vintage).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from .models import ReferenceDataset
from .scope import ScopeKind, TerritoryScope

POPULATION_DEFINITION = "population municipale (Insee), somme des communes"
COMMUNE_POPULATION = "population municipale (Insee)"


def reference_vintage() -> str:
    """The loaded COG copy's vintage, e.g. « COG 2026 (paquet 6.0.0) » (one small query)."""
    vintage = ReferenceDataset.objects.filter(name="cog").values_list("vintage", flat=True).first()
    return vintage or "millésime non précisé"


@dataclass(frozen=True)
class Population:
    inhabitants: int
    vintage: str
    definition: str = POPULATION_DEFINITION

    @property
    def source(self) -> str:
        """What the page writes by the figure: « population municipale (Insee), somme des communes ; COG 2026… »."""
        return f"{self.definition} ; référentiel {self.vintage}"


def population(level: str, code: str, vintage: str | None = None) -> Population:
    """The population of a territory: the sum of its communes' (one aggregate query, plus one for the vintage)."""
    communes = TerritoryScope(ScopeKind(level), code).communes()
    if level == "qpv":
        communes = communes.distinct()
        total = sum(communes.values_list("population", flat=True))
    else:
        total = communes.aggregate(total=Sum("population"))["total"] or 0
    return Population(total, vintage if vintage is not None else reference_vintage())
