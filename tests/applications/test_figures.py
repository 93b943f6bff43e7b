"""Recruitment figures computed on small hand-made data (the arithmetic) and read from the database."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.figures import (
    ApplicationFacts,
    compute_figures,
    offer_figures,
    offers_with_counts,
    organisation_figures,
)
from emploi_territoires.applications.models import Application, ApplicationStatus
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory
from tests.offers.factories import OfferFactory

S = ApplicationStatus
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def day(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


ROWS = [
    # answered after 2 days, hired 20 days after applying
    ApplicationFacts(S.HIRED, day(0), first_answer_at=day(2), closed_at=day(20)),
    # answered after 4 days, refused
    ApplicationFacts(S.REFUSED, day(1), first_answer_at=day(5), closed_at=day(5), refusal_reason="profile_mismatch"),
    # answered after 10 days, refused
    ApplicationFacts(S.REFUSED, day(3), first_answer_at=day(13), closed_at=day(13), refusal_reason="other_candidate"),
    # answered after half a day, refused with the same reason
    ApplicationFacts(
        S.REFUSED, day(4), first_answer_at=day(4.5), closed_at=day(4.5), refusal_reason="profile_mismatch"
    ),
    # never answered
    ApplicationFacts(S.NEW, day(6)),
    # withdrawn before any answer: no first answer
    ApplicationFacts(S.WITHDRAWN, day(7), closed_at=day(9)),
]


def test_figures_arithmetic():
    figures = compute_figures(ROWS)
    assert figures.applications == 6
    assert figures.by_status == {
        "new": 1,
        "under_review": 0,
        "interview": 0,
        "hired": 1,
        "refused": 3,
        "withdrawn": 1,
    }
    assert figures.answered == 4
    # Delays 2, 4, 10 and 0.5 days: the median is (2 + 4) / 2.
    assert figures.median_days_to_first_answer == 3.0
    assert figures.hires == 1 and figures.median_days_to_hire == 20.0
    assert figures.refusals == 3
    assert [(r.code, r.count, round(r.share, 3)) for r in figures.refusal_reasons] == [
        ("profile_mismatch", 2, 0.667),
        ("other_candidate", 1, 0.333),
    ]
    assert figures.refusal_reasons[0].label == "Votre profil ne correspond pas assez au poste"
    assert figures.waiting == 1 and figures.open == 1
    assert figures.answer_rate == pytest.approx(4 / 6)


def test_median_of_an_odd_count_and_rounding():
    rows = [
        ApplicationFacts(S.HIRED, day(0), first_answer_at=day(1), closed_at=day(31)),
        ApplicationFacts(S.HIRED, day(0), first_answer_at=day(1.25), closed_at=day(45.5)),
        ApplicationFacts(S.HIRED, day(0), first_answer_at=day(30), closed_at=day(60)),
    ]
    figures = compute_figures(rows)
    assert figures.median_days_to_first_answer == 1.2  # 1.25 rounded to one decimal (banker's rounding)
    assert figures.median_days_to_hire == 45.5


def test_no_applications_no_medians():
    figures = compute_figures([])
    assert figures.applications == 0 and figures.answer_rate is None
    assert figures.median_days_to_first_answer is None and figures.median_days_to_hire is None
    assert figures.refusal_reasons == []


@pytest.mark.django_db
def test_figures_from_the_database_per_offer_and_organisation(organisation_a, organisation_b, recruiter_a):
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, positions=2)
    quiet = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Agent·e d'accueil")
    applications = [ApplicationFactory(offer=offer) for _ in range(3)]
    ApplicationFactory(offer=quiet)
    ApplicationFactory(offer=OfferFactory(organisation=organisation_b, status=OfferStatus.PUBLISHED))
    for i, application in enumerate(applications):
        Application.objects.filter(pk=application.pk).update(created_at=day(i))
    services.transition_application(applications[0], S.INTERVIEW, actor=recruiter_a, now=day(3))
    services.transition_application(applications[0], S.HIRED, actor=recruiter_a, now=day(12))
    services.transition_application(applications[1], S.REFUSED, actor=recruiter_a, reason="experience", now=day(2))

    per_offer = offer_figures(offer)
    assert per_offer.applications == 3 and per_offer.hires == 1
    assert per_offer.median_days_to_first_answer == 2.0  # 3 days and 1 day
    assert per_offer.median_days_to_hire == 12.0
    assert [(r.code, r.count) for r in per_offer.refusal_reasons] == [("experience", 1)]

    per_org = organisation_figures(organisation_a)
    assert per_org.applications == 4 and per_org.waiting == 2
    rows = {row.offer.pk: row for row in offers_with_counts(organisation_a)}
    assert set(rows) == {offer.pk, quiet.pk}
    assert (rows[offer.pk].applications, rows[offer.pk].waiting, rows[offer.pk].open, rows[offer.pk].hires) == (
        3,
        1,
        1,
        1,
    )
    assert organisation_figures(organisation_a, since=day(1)).applications == 2 + 1  # the quiet one is recent
