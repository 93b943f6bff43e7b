"""search.mapping: offers counted per département and per commune with the board's own filters.

Oracle: for every département, the map's count is the board's total for the same search with
`departement` added (search_offers), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace

import pytest

from emploi_territoires.offers.models import ContractType
from emploi_territoires.search.mapping import offers_by_commune, offers_by_departement
from emploi_territoires.search.offers import OfferSearchParams, search_offers
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    OrganisationFactory,
    RegionFactory,
    clamecy,
    nevers,
    saint_etienne,
)

pytestmark = pytest.mark.django_db


def ajaccio():
    """Ajaccio (2A004), Corse-du-Sud: Action cœur de ville, with QPV."""
    return CommuneFactory(
        code="2A004",
        name="Ajaccio",
        postcodes=["20000", "20090", "20167"],
        population=76_320,
        departement=DepartementFactory(code="2A", name="Corse-du-Sud", region=RegionFactory(code="94", name="Corse")),
        epci=EPCIFactory(siren="242010056", name="CA du Pays Ajaccien", nature="CA", population=92_766),
        latitude=41.93461,
        longitude=8.70064,
        in_acv=True,
        in_pvd=False,
        in_ti=False,
        in_qpv=True,
        in_fs=True,
    )


@pytest.fixture
def offers(publish_offer):
    at = {c.code: OrganisationFactory(commune=c) for c in (saint_etienne(), clamecy(), nevers(), ajaccio())}
    made = [
        publish_offer(organisation=at["58079"], title="Chef·fe de projet Petites villes de demain (F/H)"),
        publish_offer(organisation=at["58079"], title="Secrétaire de mairie (F/H)", contract_type=ContractType.CDD),
        publish_offer(organisation=at["58194"], title="Chef·fe de projet Action cœur de ville (F/H)"),
        publish_offer(organisation=at["42218"], title="Chargé·e de mission développement économique (F/H)"),
        publish_offer(organisation=at["42218"], title="Chef·fe de projet renouvellement urbain (F/H)"),
        publish_offer(organisation=at["42218"], title="Comptable (F/H)", contract_type=ContractType.CDD),
        publish_offer(organisation=at["2A004"], title="Chef·fe de projet Action cœur de ville (F/H)"),
    ]
    return made


def board_total(params: OfferSearchParams) -> int:
    return search_offers(replace(params, limit=100)).total


@pytest.mark.parametrize(
    "params",
    [
        OfferSearchParams(),
        OfferSearchParams(text="chef de projet"),
        OfferSearchParams(text="cheffe projets"),
        OfferSearchParams(contract_types=(ContractType.CDD,)),
        OfferSearchParams(programme="acv"),
        OfferSearchParams(region="27"),
        OfferSearchParams(text="mairie", programme="pvd"),
    ],
    ids=["all", "text", "text-feminine-plural", "cdd", "acv", "region", "text+pvd"],
)
def test_counts_per_departement_are_the_boards_totals(offers, params):
    counts = offers_by_departement(params)
    assert counts, "every case finds offers"
    for code in ("42", "58", "2A"):
        assert counts.get(code, 0) == board_total(replace(params, departement=code)), code
    assert sum(counts.values()) == board_total(params)


def test_counts_per_departement_with_real_figures(offers):
    assert offers_by_departement(OfferSearchParams()) == {"42": 3, "58": 3, "2A": 1}
    assert offers_by_departement(OfferSearchParams(text="chef de projet")) == {"42": 1, "58": 2, "2A": 1}
    assert offers_by_departement(OfferSearchParams(programme="acv")) == {"58": 1, "2A": 1}
    # A text of stop words searches nothing, as on the board.
    assert offers_by_departement(OfferSearchParams(text="de la")) == {}


def test_radius_around_clamecy_counts_only_the_nievre(offers):
    params = OfferSearchParams(commune=clamecy(), radius_km=30)
    assert offers_by_departement(params) == {"58": 2}


def test_counts_per_commune_with_positions(offers):
    counts = offers_by_commune(OfferSearchParams(departement="58"))
    assert [(c.code, c.name, c.count) for c in counts] == [("58079", "Clamecy", 2), ("58194", "Nevers", 1)]
    assert counts[0].latitude == pytest.approx(47.46496) and counts[0].longitude == pytest.approx(3.51168)
    chef = offers_by_commune(OfferSearchParams(departement="58", text="chef projet"))
    assert [(c.code, c.count) for c in chef] == [("58079", 1), ("58194", 1)]
    assert offers_by_commune(OfferSearchParams(departement="2A")) == [
        offers_by_commune(OfferSearchParams(commune=ajaccio()))[0]
    ]
