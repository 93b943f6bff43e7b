"""Indicator arithmetic on a small hand-made world: Saint-Étienne (Loire, 42) and Clamecy (Nièvre, 58, PVD).

Everything dated in 2026 counts for the year 2026; a few objects dated 2025 test the period filter,
and the Clamecy objects test the territory filter.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from emploi_territoires.evaluation.indicators import Period, ScopeError, TerritoryScope, compute_indicators
from emploi_territoires.evaluation.models import IndicatorTarget
from emploi_territoires.jobdating.models import (
    EventStatus,
    Interview,
    InterviewOutcome,
    InterviewStatus,
    RunKind,
    RunStatus,
    ScheduleRun,
)
from emploi_territoires.mentoring.models import Outcome, Pair
from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, OfferTransition, ProgrammeContext
from tests.clock import paris
from tests.factories import OrganisationFactory, UserFactory, clamecy, saint_etienne
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, RecruiterRegistrationFactory
from tests.mentoring.conftest import make_mentee, rome
from tests.needs.factories import CampaignInvitationFactory, NeedDeclarationFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_november_2026(time_machine):
    # The objects the factories date "now" must fall in 2026, whatever day the suite runs.
    time_machine.move_to(paris(2026, 11, 20))


YEAR = Period.year(2026)


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day + "T10:00"))


def offer(commune, *, created, published=None, filled=None, **fields) -> Offer:
    organisation = OrganisationFactory(collectivite=True, commune=commune, siren="")
    status = OfferStatus.FILLED if filled else OfferStatus.PUBLISHED if published else OfferStatus.DRAFT
    item = OfferFactory(organisation=organisation, status=status, **fields)
    Offer.objects.filter(pk=item.pk).update(created_at=at(created), published_at=at(published) if published else None)
    if filled:
        transition = OfferTransition.objects.create(offer=item, from_status="published", to_status="filled")
        OfferTransition.objects.filter(pk=transition.pk).update(created_at=at(filled))
    return item


def values(scope: TerritoryScope, period: Period = YEAR) -> dict:
    return {item.code: item.value for item in compute_indicators(scope, period)}


@pytest.fixture
def offers(db):
    st, cl = saint_etienne(), clamecy()
    # Saint-Étienne, 2026: two with the assistant (scores 80 and 60), three published, two filled after 10 and 30 days.
    offer(st, created="2026-01-05", published="2026-01-10", filled="2026-01-20", written_with_assistant=True,
          quality_score=80)  # fmt: skip
    offer(st, created="2026-02-01", published="2026-02-01", filled="2026-03-03", written_with_assistant=True,
          quality_score=60, contract_type=ContractType.VTA)  # fmt: skip
    offer(st, created="2026-03-01", published="2026-03-02")
    # Saint-Étienne, 2025: out of the period (created, published and filled in 2025).
    offer(st, created="2025-05-01", published="2025-05-02", filled="2025-06-01", written_with_assistant=True,
          quality_score=10)  # fmt: skip
    # Clamecy (PVD), 2026: a VTA and a PVD project lead, both filled; the lead took 50 days.
    offer(cl, created="2026-01-02", published="2026-01-03", contract_type=ContractType.VTA)
    offer(cl, created="2026-02-01", published="2026-02-10", filled="2026-04-01",
          programme_context=ProgrammeContext.PVD_LEAD)  # fmt: skip


def test_offer_indicators_by_territory_and_period(offers):
    loire = values(TerritoryScope("departement", "42"))
    assert loire["offers_assistant"] == 2
    assert loire["offers_assistant_score"] == 70
    assert loire["offers_published"] == 3
    assert loire["offers_filled"] == 2
    assert loire["time_to_fill"] == 20  # median of 10 and 30 days
    assert loire["vta_published"] == 1 and loire["vta_filled"] == 1
    assert loire["leads_recruited"] == 0

    nievre = values(TerritoryScope("departement", "58"))
    assert nievre["offers_assistant"] == 0 and nievre["offers_assistant_score"] is None
    assert nievre["offers_published"] == 2 and nievre["vta_published"] == 1
    assert nievre["offers_filled"] == 1 and nievre["vta_filled"] == 0
    assert nievre["leads_recruited"] == 1 and nievre["time_to_fill"] == 50

    national = values(TerritoryScope("national"))
    assert national["offers_published"] == 5 and national["offers_filled"] == 3 and national["time_to_fill"] == 30
    assert values(TerritoryScope("programme", "pvd"))["offers_published"] == 2
    assert values(TerritoryScope("commune", "42218"))["offers_published"] == 3
    assert values(TerritoryScope("epci", "200067429"))["leads_recruited"] == 1

    last_year = values(TerritoryScope("national"), Period.year(2025))
    assert last_year["offers_assistant"] == 1 and last_year["offers_assistant_score"] == 10
    assert last_year["offers_filled"] == 1 and last_year["time_to_fill"] == 30
    first_quarter = values(TerritoryScope("national"), Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)))
    assert first_quarter["offers_filled"] == 2  # the Clamecy lead was filled on 1 April


def test_a_reopened_offer_counts_once_at_its_first_fill(offers):
    first = Offer.objects.get(commune_id="42218", quality_score=80)
    again = OfferTransition.objects.create(offer=first, from_status="published", to_status="filled")
    OfferTransition.objects.filter(pk=again.pk).update(created_at=at("2026-06-01"))
    assert values(TerritoryScope("commune", "42218"))["offers_filled"] == 2


def test_jobdating_indicators():
    st, cl = saint_etienne(), clamecy()
    event = EventFactory(status=EventStatus.HELD, commune=st, date=datetime.date(2026, 5, 12))
    EventFactory(status=EventStatus.HELD, commune=cl, date=datetime.date(2026, 6, 2))
    EventFactory(status=EventStatus.HELD, commune=st, date=datetime.date(2025, 11, 4))
    EventFactory(status=EventStatus.REGISTRATION_OPEN, commune=st, date=datetime.date(2026, 12, 1))
    recruiter = RecruiterRegistrationFactory(event=event, tables=2)
    old = ScheduleRun.objects.create(event=event, status=RunStatus.DONE)
    run = ScheduleRun.objects.create(event=event, kind=RunKind.REOPTIMISE, status=RunStatus.DONE, accepted=True)
    rows = [
        (InterviewStatus.HELD, InterviewOutcome.HIRED),
        (InterviewStatus.HELD, InterviewOutcome.HIRED),
        (InterviewStatus.HELD, InterviewOutcome.NO_FOLLOW_UP),
        (InterviewStatus.SCHEDULED, InterviewOutcome.NONE),
        (InterviewStatus.NO_SHOW, InterviewOutcome.NONE),
        (InterviewStatus.CANCELLED, InterviewOutcome.NONE),
    ]
    for slot, (status, outcome) in enumerate(rows):
        registration = CandidateRegistrationFactory(event=event)
        common = {"event": event, "candidate_registration": registration, "recruiter_registration": recruiter}
        Interview.objects.create(run=run, slot=slot, table=0, status=status, outcome=outcome, **common)
        # A superseded schedule's copy must not count.
        Interview.objects.create(run=old, slot=slot, table=0, status=status, outcome=outcome, **common)

    loire = values(TerritoryScope("departement", "42"))
    assert loire["jobdatings_held"] == 1
    assert loire["jobdating_interviews"] == 4
    assert loire["jobdating_hires"] == 2
    national = values(TerritoryScope("national"))
    assert national["jobdatings_held"] == 2 and national["jobdating_hires"] == 2
    assert values(TerritoryScope("region", "27"))["jobdating_interviews"] == 0
    assert values(TerritoryScope("national"), Period.year(2025))["jobdatings_held"] == 1


def test_mentoring_indicators():
    st, cl = saint_etienne(), clamecy()
    programme = MentoringProgramme.objects.create(
        name="Premiers pas pro", starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 12, 31)
    )
    dev = rome("M1805", "Développeur / Développeuse informatique")
    mentor = UserFactory(email="karim.mentor@exemple.fr")

    def pair(email, commune, started, ended=None, outcome=""):
        mentee = make_mentee(email, "Prénom", "Nom", commune, [dev])
        return Pair.objects.create(
            programme=programme, mentor=mentor, mentee=mentee, started_on=started, ended_on=ended, outcome=outcome,
            state=Pair.State.ENDED if ended else Pair.State.ACTIVE,
        )  # fmt: skip

    pair("lucas@exemple.fr", st, datetime.date(2025, 10, 1), datetime.date(2026, 3, 1), Outcome.JOB)
    pair("chloe@exemple.fr", st, datetime.date(2026, 1, 15), datetime.date(2026, 7, 1), Outcome.STILL_SEARCHING)
    pair("ines@exemple.fr", st, datetime.date(2026, 2, 1), datetime.date(2026, 8, 1), Outcome.TRAINING)
    pair("yanis@exemple.fr", st, datetime.date(2026, 4, 1), datetime.date(2026, 9, 1))  # outcome not recorded
    pair("nora@exemple.fr", st, datetime.date(2026, 9, 1))
    pair("hugo@exemple.fr", st, datetime.date(2025, 9, 1), datetime.date(2025, 12, 1), Outcome.JOB)
    pair("lea@exemple.fr", cl, datetime.date(2026, 3, 1))

    loire = values(TerritoryScope("commune", "42218"))
    assert loire["pairs_started"] == 4
    assert loire["pairs_active"] == 5  # all but Hugo's, ended in 2025
    assert loire["pairs_ended"] == 4
    assert loire["pairs_positive_share"] == pytest.approx(66.7)  # job + training out of 3 recorded outcomes
    clamecy_values = values(TerritoryScope("commune", "58079"))
    assert clamecy_values["pairs_started"] == 1 and clamecy_values["pairs_positive_share"] is None
    assert values(TerritoryScope("commune", "42218"), Period.year(2025))["pairs_positive_share"] == 100


def test_needs_indicators():
    st, cl = saint_etienne(), clamecy()
    forges = OrganisationFactory(name="Forges de l'Ondaine", commune=st)
    menuiserie = OrganisationFactory(name="Menuiserie du Haut Nivernais", commune=cl)
    NeedDeclarationFactory(organisation=forges)
    NeedDeclarationFactory(organisation=forges)
    need = NeedDeclarationFactory(organisation=menuiserie)
    NeedDeclaration = type(need)
    NeedDeclaration.objects.filter(pk=need.pk).update(created_at=at("2025-10-01"))
    CampaignInvitationFactory(organisation=forges, sent_at=at("2026-02-01"), answered_at=at("2026-02-10"))
    CampaignInvitationFactory(organisation=OrganisationFactory(name="Tissages du Pilat", commune=st),
                              sent_at=at("2026-02-01"))  # fmt: skip
    CampaignInvitationFactory(organisation=menuiserie, sent_at=at("2026-02-01"), answered_at=at("2026-02-03"))

    loire = values(TerritoryScope("departement", "42"), Period.year(2026))
    assert loire["needs_declared"] == 2 and loire["needs_invited"] == 2 and loire["needs_answer_rate"] == 50
    nievre = values(TerritoryScope("departement", "58"))
    assert nievre["needs_declared"] == 0 and nievre["needs_invited"] == 1 and nievre["needs_answer_rate"] == 100
    assert values(TerritoryScope("departement", "58"), Period.year(2025))["needs_declared"] == 1
    assert values(TerritoryScope("departement", "42"), Period.year(2025))["needs_answer_rate"] is None


def test_targets_against_actual(offers):
    IndicatorTarget.objects.create(indicator="offers_published", level="departement", code="42", year=2026,
                                   target=Decimal("4"))  # fmt: skip
    IndicatorTarget.objects.create(indicator="offers_filled", level="departement", code="42", year=2025, target=5)
    IndicatorTarget.objects.create(indicator="offers_filled", level="departement", code="58", year=2026, target=5)
    items = {i.code: i for i in compute_indicators(TerritoryScope("departement", "42"), YEAR)}
    assert items["offers_published"].target == 4 and items["offers_published"].achievement == 75
    assert items["offers_filled"].target is None  # another year, another territory
    # No target outside a calendar year.
    quarter = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    quarterly = compute_indicators(TerritoryScope("departement", "42"), quarter)
    assert [i.code for i in quarterly] == list(items)  # the same indicators, offers_published among them
    assert all(i.target is None for i in quarterly)


def test_scope_labels_and_unknown_codes():
    saint_etienne()
    assert TerritoryScope("commune", "42218").label() == "Saint-Étienne (42218)"
    assert TerritoryScope("programme", "pvd").label() == "Communes du programme Petites villes de demain"
    with pytest.raises(ScopeError, match="introuvable"):
        TerritoryScope("commune", "99999").label()
    with pytest.raises(ScopeError, match="Programme inconnu"):
        TerritoryScope("programme", "xyz").label()


def test_queries_do_not_grow_with_the_data(offers, django_assert_max_num_queries):
    # 8, plus one per source of the individual-support figures (indicators_followup: 6).
    # Plus 4 for the VTA (indicators_vta: collectivités, missions, outcomes, envelopes).
    with django_assert_max_num_queries(18):
        compute_indicators(TerritoryScope("national"), YEAR)
