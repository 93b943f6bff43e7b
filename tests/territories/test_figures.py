"""One figure, one value: a territory's population is the same on every page, with its vintage.

The COG package gives the CA de Nevers 67,408 inhabitants of its own (another census vintage) while
its 14 communes add up to 67,283; the platform showed both. Now the EPCI row stores the sum of its
communes, the pages read `territories.figures.population`, and the diagnostics add up the same rows.
"""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.diagnostics import aggregates
from emploi_territoires.territories.figures import population
from emploi_territoires.territories.models import (
    EPCI,
    Commune,
    Programme,
    ProgrammeMembership,
    ReferenceDataset,
    TerritoryAggregate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NEVERS_AGGLO = "245804406"
HAUT_NIVERNAIS = "200067429"


def test_every_epci_row_holds_the_sum_of_its_communes(cog):
    sums = dict(Commune.objects.values_list("epci_id").annotate(total=Sum("population")).order_by())
    rows = dict(EPCI.objects.values_list("siren", "population"))
    assert len(rows) == 1255
    assert {siren: total for siren, total in rows.items() if sums.get(siren, 0) != total} == {}
    assert rows[NEVERS_AGGLO] == 67_283  # not the package's 67,408
    assert rows[HAUT_NIVERNAIS] == 11_827


def test_population_comes_with_its_vintage(cog):
    vintage = ReferenceDataset.objects.get(name="cog").vintage
    assert vintage == "COG 2026 (paquet 6.0.0)"
    nievre = population("departement", "58")
    assert nievre.inhabitants == Commune.objects.filter(departement_id="58").aggregate(t=Sum("population"))["t"]
    assert nievre.vintage == vintage
    assert nievre.source == "population municipale (Insee), somme des communes ; référentiel COG 2026 (paquet 6.0.0)"
    assert population("commune", "58079").inhabitants == 3_544


def _store_diagnostic(level: str, code: str) -> None:
    TerritoryAggregate.objects.create(
        level=level, code=code, payload=aggregates.compute_direct(level, code), computed_at=timezone.now()
    )


@pytest.mark.parametrize(("siren", "shown"), [(NEVERS_AGGLO, "67\u202f283"), (HAUT_NIVERNAIS, "11\u202f827")])
def test_epci_page_diagnostic_and_programme_page_show_the_same_population(client, advisor, cog, siren, shown):
    ProgrammeMembership.objects.create(
        programme=Programme.TI, vintage="2024", local_id="ti-27-58-01", local_name="Nièvre industrie", epci_id=siren
    )
    _store_diagnostic("epci", siren)
    source = "population municipale (Insee), somme des communes ; référentiel COG 2026 (paquet 6.0.0)"

    page = client.get(reverse("territories:epci", args=[siren])).content.decode()
    assert f"{shown} habitants" in page
    assert source in page

    programme = client.get(reverse("territories:programme_entity", args=["ti", "ti-27-58-01"])).content.decode()
    assert f"{shown} habitants" in programme

    client.force_login(advisor)
    diagnostic = client.get(reverse("territories:diagnostic", args=["epci", siren])).content.decode()
    synthese = diagnostic[diagnostic.index('id="table-synthese-caption"') :]
    assert f"<td>{shown}</td>" in synthese[: synthese.index("</tr>", synthese.index("Population"))]
    assert f"Population : {source}." in diagnostic
    assert "67\u202f408" not in page + programme + diagnostic


def test_offer_assistant_describes_the_epci_with_the_same_figure(cog):
    from emploi_territoires.offers.assistant.territory import territory_facts

    facts = territory_facts(Commune.objects.select_related("epci", "departement", "region").get(pk="58194"))
    assert facts.epci_population == 67_283
