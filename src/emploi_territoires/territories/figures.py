"""Figures of a territory that several pages show: one definition each, with its source and vintage.

Why: the same intercommunality showed 67,408 inhabitants on its page (the COG package's own EPCI
figure) and 67,283 on its diagnostic (the sum of its communes), two vintages of the census. Every
page now reads a territory's population from here, and the diagnostics add up the same commune
figures; the EPCI row stores that same sum (`reference.load_copy`), so no second figure exists.

    population("epci", "200067429")   # Population(inhabitants=11827, vintage="COG 2026 (paquet 6.0.0)")
    communes_of("departement", "58")  # Q on Commune: the communes of the Nièvre

A territory's population is the sum of the **population municipale** (INSEE) of its communes, as
published in the COG copy the platform loaded (`ReferenceDataset` "cog" gives its vintage).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum

from .models import PROGRAMME_FLAG, Commune, Programme, ReferenceDataset

POPULATION_DEFINITION = "population municipale (Insee), somme des communes"
COMMUNE_POPULATION = "population municipale (Insee)"


def communes_of(level: str, code: str) -> Q:
    """Q on Commune selecting the communes of a territory (a QPV is its commune or communes)."""
    if level == "commune":
        return Q(code=code)
    if level == "epci":
        return Q(epci_id=code)
    if level == "departement":
        return Q(departement_id=code)
    if level == "region":
        return Q(region_id=code)
    if level == "programme":
        return Q(**{PROGRAMME_FLAG[Programme(code)]: True})
    if level == "qpv":
        return Q(memberships__programme=Programme.QPV, memberships__local_id=code)
    return Q()


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
    communes = Commune.objects.filter(communes_of(level, code))
    if level == "qpv":
        communes = communes.distinct()
        total = sum(communes.values_list("population", flat=True))
    else:
        total = communes.aggregate(total=Sum("population"))["total"] or 0
    return Population(total, vintage if vintage is not None else reference_vintage())
