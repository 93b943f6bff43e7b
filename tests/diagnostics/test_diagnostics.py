"""Territory diagnostic: each indicator's arithmetic on small hand-computed data, and the refresh."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications.models import Visibility
from emploi_territoires.diagnostics import aggregates, indicators
from emploi_territoires.offers.models import OfferStatus, OfferTransition
from emploi_territoires.territories.models import TerritoryAggregate
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.factories import CommuneFactory, EPCIFactory, OrganisationFactory, clamecy, saint_etienne
from tests.offers.factories import OfferFactory, RomeOccupationFactory

Level = TerritoryAggregate.Level


# --- Plain functions --------------------------------------------------------------------------


def test_fill_rate_counts_only_offers_with_an_outcome():
    assert indicators.fill_rate(3, 1) == 0.75
    assert indicators.fill_rate(0, 2) == 0.0
    assert indicators.fill_rate(0, 0) is None


def test_median_from_histogram_odd_even_and_json_keys():
    assert indicators.median_from_histogram({"10": 1, "30": 1}) == 20
    assert indicators.median_from_histogram({3: 2, 7: 1}) == 3
    assert indicators.median_from_histogram({1: 1, 2: 1, 9: 2}) == 5.5
    assert indicators.median_from_histogram({}) is None


def test_tension_index_never_divides_by_zero():
    assert indicators.tension_index(needs=4, open_offers=2, candidates=3) == 2.0
    assert indicators.tension_index(needs=1, open_offers=1, candidates=0) == 2.0


def test_tension_ranking_highest_first():
    ranking = indicators.tension_ranking(
        {"J1506": 6, "M1403": 1}, {"M1403": 1, "N4101": 2}, {"J1506": 2, "M1403": 4}, {"J1506": "Infirmier"}
    )
    assert [(r["code"], r["tension"]) for r in ranking] == [("J1506", 3.0), ("N4101", 2.0), ("M1403", 0.5)]
    assert ranking[0]["label"] == "Infirmier"


def test_occupation_family_from_the_rome_letter():
    assert indicators.occupation_family("J1506") == "Santé"
    assert indicators.occupation_family("n4101") == "Transport et logistique"
    assert indicators.occupation_family("") == "Métier non précisé"


# --- Hand-computed territory --------------------------------------------------------------------


def saint_chamond():
    """Saint-Chamond (42207), 12 km from Saint-Étienne, same métropole."""
    return CommuneFactory(
        code="42207", name="Saint-Chamond", population=35_000, latitude=45.4775, longitude=4.5153,
        epci=EPCIFactory(), in_ti=False, in_qpv=True, in_fs=False, postcodes=["42400"],
    )  # fmt: skip


def _filled(offer, published_days_ago: int, filled_days_ago: int, now):
    offer.published_at = now - datetime.timedelta(days=published_days_ago)
    offer.status_changed_at = now - datetime.timedelta(days=filled_days_ago)
    offer.save(update_fields=["published_at", "status_changed_at"])
    transition = OfferTransition.objects.create(offer=offer, from_status="published", to_status="filled")
    OfferTransition.objects.filter(pk=transition.pk).update(created_at=offer.status_changed_at)


@pytest.fixture
def loire(db):
    """Saint-Étienne: 1 open offer, 2 filled in the period (10 and 30 days), 1 expired, 1 filled too long ago;
    4 applications; 2 visible candidates within 30 km (+1 private, +1 in Clamecy)."""
    now = timezone.now()
    st_etienne, chamond = saint_etienne(), saint_chamond()
    m1403 = RomeOccupationFactory()
    k2111 = RomeOccupationFactory(code="K2111", label="Formateur / Formatrice")
    metropole = OrganisationFactory(collectivite=True, commune=st_etienne)
    OrganisationFactory(commune=chamond)  # an entreprise in Saint-Chamond
    open_offer = OfferFactory(organisation=metropole, status=OfferStatus.PUBLISHED)
    open_offer.published_at = now - datetime.timedelta(days=10)
    open_offer.save(update_fields=["published_at"])
    _filled(OfferFactory(organisation=metropole, status=OfferStatus.FILLED), 40, 10, now)
    _filled(OfferFactory(organisation=metropole, status=OfferStatus.FILLED), 20, 10, now)
    _filled(OfferFactory(organisation=metropole, status=OfferStatus.FILLED), 500, 400, now)
    expired = OfferFactory(organisation=metropole, status=OfferStatus.EXPIRED)
    expired.published_at = now - datetime.timedelta(days=60)
    expired.status_changed_at = now - datetime.timedelta(days=5)
    expired.save(update_fields=["published_at", "status_changed_at"])
    ApplicationFactory.create_batch(3, offer=open_offer)
    ApplicationFactory(offer=expired)
    CandidateProfileFactory(commune=chamond, visibility=Visibility.TERRITORIES, wanted_occupations=[m1403])
    CandidateProfileFactory(commune=st_etienne, visibility=Visibility.TERRITORIES, wanted_occupations=[m1403, k2111])
    CandidateProfileFactory(commune=st_etienne, visibility=Visibility.PRIVATE, wanted_occupations=[m1403])
    far = clamecy()
    CandidateProfileFactory(commune=far, visibility=Visibility.TERRITORIES, wanted_occupations=[m1403])
    clamecy_org = OrganisationFactory(commune=far, kind=Organisation.Kind.ENTREPRISE)
    OfferFactory(organisation=clamecy_org, status=OfferStatus.PUBLISHED)
    return now


def test_commune_indicators_match_the_hand_computation(loire):
    payload = aggregates.compute_direct(Level.COMMUNE, "42218", now=loire)
    assert payload["name"] == "Saint-Étienne (42)"
    assert payload["population"] == 173_136
    assert payload["programmes"] == {"ti": 1, "qpv": 1, "fs": 1}
    # Every offer is the métropole's (OfferFactory would otherwise create one collectivité per offer).
    assert payload["organisations"] == {"collectivite": 1}
    # Published in the last 365 days: open, two filled, expired (the 500-day-old one is out).
    assert payload["offers"] == {"published": 4, "open": 1, "filled": 2, "expired": 1}
    assert payload["fill_rate"] == pytest.approx(2 / 3)
    assert payload["median_time_to_fill"] == 20.0  # 10 and 30 days
    assert payload["applications_per_offer"] == 1.0  # 4 applications / 4 published offers
    # Visible profiles within 30 km: Saint-Étienne's and Saint-Chamond's; not the private one, not Clamecy's.
    assert payload["candidates_total"] == 2
    assert payload["tension"] == [
        {
            "code": "M1403",
            "label": "Chargé / Chargée d'études socio-économiques",
            "needs": 0,
            "open_offers": 1,
            "candidates": 2,
            "tension": 0.5,
        }
    ]
    assert {row["code"]: row["candidates"] for row in payload["candidates_top"]} == {"M1403": 2, "K2111": 1}
    assert payload["points"] == [["Saint-Étienne", 4.3701, 45.4386, 1, 1]]


def test_departement_and_national_columns(loire):
    loire_payload = aggregates.compute_direct(Level.DEPARTEMENT, "42", now=loire)
    assert loire_payload["organisations"] == {"collectivite": 1, "entreprise": 1}
    assert loire_payload["population"] == 173_136 + 35_000
    assert loire_payload["programmes"] == {"ti": 1, "qpv": 2, "fs": 1}
    national = aggregates.compute_direct(Level.NATIONAL, "france", now=loire)
    assert national["offers"]["open"] == 2
    assert national["candidates_total"] == 3
    assert national["organisations"] == {"collectivite": 1, "entreprise": 2}


def test_refresh_stores_what_the_direct_computation_gives(loire):
    written = aggregates.refresh_all(now=loire)
    stored = {(a.level, a.code): a.payload for a in TerritoryAggregate.objects.all()}
    assert len(stored) == written
    assert {
        (Level.COMMUNE, "42218"),
        (Level.COMMUNE, "42207"),
        (Level.COMMUNE, "58079"),
        (Level.EPCI, "244200770"),
        (Level.DEPARTEMENT, "42"),
        (Level.DEPARTEMENT, "58"),
        (Level.REGION, "84"),
        (Level.PROGRAMME, "pvd"),
        (Level.PROGRAMME, "qpv"),
        (Level.NATIONAL, "france"),
    } <= set(stored)
    cartogram = stored.pop((Level.NATIONAL, aggregates.CARTOGRAM_CODE))
    assert cartogram["values"]["offers_published"] == {"42": 4, "58": 1}
    assert cartogram["values"]["fill_rate"] == {"42": 66.7, "58": None}
    assert set(cartogram["tiles"]) == {"42", "58"}
    assert set(cartogram["svg"]) == set(aggregates.CARTOGRAM_INDICATORS)
    assert "Taux de pourvoi (%) par département" in cartogram["svg"]["fill_rate"]
    assert "figures" in stored[(Level.DEPARTEMENT, "42")]  # charts drawn by the refresh
    for (level, code), payload in stored.items():
        payload.pop("figures", None)
        direct = json.loads(json.dumps(aggregates.compute_direct(level, code, now=loire)))
        assert payload == direct, (level, code)


def test_command_and_staleness(loire):
    assert aggregates.is_stale()
    call_command("refresh_diagnostics")
    assert not aggregates.is_stale()
    assert aggregates.changes_since_refresh(aggregates.last_refresh()) == 0
    OfferFactory(organisation=Organisation.objects.get(kind="collectivite"), status=OfferStatus.PUBLISHED)
    assert aggregates.changes_since_refresh(aggregates.last_refresh()) == 1
    assert not aggregates.is_stale()  # one change is below the threshold
    TerritoryAggregate.objects.update(computed_at=timezone.now() - datetime.timedelta(days=2))
    assert aggregates.is_stale()  # too old
    assert aggregates.refresh_if_stale() > 0


def test_jobdating_and_mentoring_results(loire):
    from emploi_territoires.jobdating.models import EventStatus
    from emploi_territoires.mentoring.models import Programme as MentoringProgramme
    from emploi_territoires.territories.scope import ScopeKind
    from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory

    event = EventFactory(status=EventStatus.HELD)
    CandidateRegistrationFactory(event=event)
    CandidateRegistrationFactory(event=event, no_show=True)
    EventFactory(status=EventStatus.REGISTRATION_OPEN)  # not held yet: not counted
    MentoringProgramme.objects.create(
        name="Mentorat jeunes diplômés de la Loire",
        scope_kind=ScopeKind.DEPARTEMENT,
        departement_id="42",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 3, 1),
    )
    commune = aggregates.compute_direct(Level.COMMUNE, "42218", now=loire)
    assert commune["jobdating"] == {
        "events": 1, "registered": 2, "walk_ins": 0, "no_shows": 1, "interviews_held": 0, "hires": 0,
    }  # fmt: skip
    assert commune["mentoring"] == {}  # a département programme is not a commune's
    departement = aggregates.compute_direct(Level.DEPARTEMENT, "42", now=loire)
    assert departement["jobdating"]["events"] == 1
    assert departement["mentoring"]["programmes"] == 1
    assert aggregates.compute_direct(Level.DEPARTEMENT, "58", now=loire)["mentoring"] == {}
    aggregates.refresh_all(now=loire)
    stored = TerritoryAggregate.objects.get(level=Level.DEPARTEMENT, code="42").payload
    assert stored["jobdating"] == departement["jobdating"]
    assert stored["mentoring"] == departement["mentoring"]
