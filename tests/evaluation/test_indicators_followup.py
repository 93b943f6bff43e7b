"""Individual-support indicators (issue 15), by territory and public, on a small story told in 2026.

- Lina (Nevers, QPV, under 26): followed from 2 March; applies on 6 April, interview on 4 May,
  hired on 15 June (105 days after her first contact); mentored from 1 April.
- Yanis (Clamecy, RSA): followed from 10 January, the follow-up ends for a job on 20 February (41
  days); his situation is « en emploi » at 3 months (25 May) and « en formation » at 6 months.
- Marc (Saint-Étienne, job seeker): followed since September 2025, nothing else yet.
- Chloé (Nevers, QPV): followed in 2025 only: not in 2026's figures.
"""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.applications import services_pipeline as pipeline
from emploi_territoires.applications.models import ApplicationStatus
from emploi_territoires.evaluation.indicators import Period, TerritoryScope, compute_indicators
from emploi_territoires.evaluation.indicators_followup import (
    followup_by_commune,
    followup_by_situation,
    followup_figures,
    protect,
)
from emploi_territoires.evaluation.report import followup_table
from emploi_territoires.followup.models import (
    CONSENT_TEXT_VERSION,
    ConsentMode,
    EndReason,
    FollowUp,
    OutcomeCheck,
    Situation,
    StartReason,
)
from emploi_territoires.mentoring.models import Pair, Programme
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import UserFactory, clamecy, nevers, saint_etienne
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
YEAR = Period.year(2026)
NIEVRE = TerritoryScope("departement", "58")


def _person(first, last, commune, **situations):
    return CandidateProfileFactory(
        user__first_name=first, user__last_name=last, user__email=f"{first.lower()}@exemple.fr", commune=commune,
        **situations,
    ).user  # fmt: skip


def _followup(person, started, ended=None, reason=""):
    return FollowUp.objects.create(
        person=person,
        started_on=started,
        start_reason=StartReason.JOB_SEARCH,
        consent_mode=ConsentMode.RECORDED_BY_PROFESSIONAL,
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_at=paris(started.year, started.month, started.day),
        ended_at=paris(ended.year, ended.month, ended.day) if ended else None,
        end_reason=reason,
    )


@pytest.fixture
def story(time_machine, organisation_a, recruiter_a):
    time_machine.move_to(paris(2026, 1, 5), tick=False)
    lina = _person("Lina", "Mansouri", nevers(), is_qpv_resident=True, is_under_26=True)
    yanis = _person("Yanis", "Ferrand", clamecy(), receives_rsa=True)
    marc = _person("Marc", "Delorme", saint_etienne(), is_job_seeker=True)
    chloe = _person("Chloé", "Perrin", nevers(), is_qpv_resident=True)
    _followup(chloe, datetime.date(2025, 3, 1), datetime.date(2025, 12, 1), EndReason.NO_CONTACT)
    _followup(marc, datetime.date(2025, 9, 1))
    yanis_followup = _followup(yanis, datetime.date(2026, 1, 10), datetime.date(2026, 2, 20), EndReason.JOB)
    _followup(lina, datetime.date(2026, 3, 2))
    for milestone, situation, day in [
        (OutcomeCheck.Milestone.MONTH_3, Situation.JOB, datetime.date(2026, 5, 25)),
        (OutcomeCheck.Milestone.MONTH_6, Situation.TRAINING, datetime.date(2026, 8, 20)),
    ]:
        OutcomeCheck.objects.create(
            followup=yanis_followup,
            milestone=milestone,
            situation=situation,
            contract_kind="cdi" if situation == Situation.JOB else "",
            recorded_on=day,
        )
    offer = OfferFactory(
        organisation=organisation_a,
        status=OfferStatus.PUBLISHED,
        title="Agent·e d'accueil (F/H)",
        closing_date=datetime.date(2026, 6, 30),
    )
    time_machine.move_to(paris(2026, 4, 6), tick=False)
    application = pipeline.apply(offer, lina, "", today=datetime.date(2026, 4, 6))
    time_machine.move_to(paris(2026, 5, 4), tick=False)
    pipeline.transition_application(application, ApplicationStatus.INTERVIEW, actor=recruiter_a)
    time_machine.move_to(paris(2026, 6, 15), tick=False)
    pipeline.transition_application(application, ApplicationStatus.HIRED, actor=recruiter_a)
    programme = Programme.objects.create(
        name="Premiers pas pro", starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    mentor = UserFactory(email="karim.mentor@exemple.fr", kind="mentor")
    Pair.objects.create(programme=programme, mentor=mentor, mentee=lina, started_on=datetime.date(2026, 4, 1))
    time_machine.move_to(paris(2026, 12, 31), tick=False)
    return {"lina": lina, "yanis": yanis, "marc": marc}


def test_national_figures(story):
    assert followup_figures(TerritoryScope("national"), YEAR) == {
        "followup_people": 3,  # Chloé's follow-up ended in 2025
        "followup_with_application": 1,
        "followup_interviewed": 1,
        "followup_hired": 2,  # Lina's hire, Yanis's follow-up ended for a job
        "followup_in_mentoring": 1,
        "followup_time_to_job": 73.0,  # median of 105 and 41 days
        "followup_job_3_months": 100.0,
        "followup_job_6_months": 0.0,
    }


def test_the_territory_is_the_commune_of_the_person(story):
    figures = followup_figures(NIEVRE, YEAR)
    assert figures["followup_people"] == 2  # Marc lives in the Loire
    assert followup_figures(TerritoryScope("commune", "42218"), YEAR)["followup_people"] == 1
    assert followup_figures(TerritoryScope("commune", "42218"), YEAR)["followup_hired"] == 0


def test_a_period_before_the_story_counts_only_who_was_followed(story):
    figures = followup_figures(TerritoryScope("national"), Period.year(2025))
    assert figures["followup_people"] == 2  # Chloé and Marc
    assert figures["followup_hired"] == 0 and figures["followup_time_to_job"] is None
    assert figures["followup_job_3_months"] is None


def test_by_public(story):
    rows = {row.code: row.figures for row in followup_by_situation(TerritoryScope("national"), YEAR)}
    assert list(rows) == [
        "is_qpv_resident", "is_job_seeker", "is_under_26", "has_rqth", "has_no_diploma", "receives_rsa",
        "is_young_graduate", "",
    ]  # fmt: skip
    assert rows["is_qpv_resident"]["followup_people"] == 1 and rows["is_qpv_resident"]["followup_hired"] == 1
    assert rows["is_qpv_resident"]["followup_time_to_job"] == 105.0
    assert rows["receives_rsa"]["followup_time_to_job"] == 41.0
    assert rows["receives_rsa"]["followup_job_3_months"] == 100.0
    assert rows["is_job_seeker"]["followup_people"] == 1 and rows["is_job_seeker"]["followup_hired"] == 0
    assert rows["has_rqth"]["followup_people"] == 0 and rows["has_rqth"]["followup_job_6_months"] is None
    assert rows[""] == followup_figures(TerritoryScope("national"), YEAR)


def test_the_indicators_and_the_table_by_public(story):
    values = {v.code: v.value for v in compute_indicators(NIEVRE, YEAR)}
    assert values["followup_people"] == 2 and values["followup_in_mentoring"] == 1
    table = followup_table(NIEVRE, YEAR)
    assert table.headers[:2] == ["Public", "Personnes accompagnées (nombre)"]
    # One person: « < 5 » and no median (statistical secrecy); nobody: 0.
    assert table.rows[0] == ["Habitant·e d'un quartier prioritaire (QPV)", *["< 5"] * 5, None, None, None]
    assert table.rows[3] == ["Travailleur·se handicapé·e (RQTH)", 0, 0, 0, 0, 0, None, None, None]
    assert table.rows[-1][0] == "Toutes les personnes accompagnées"


def test_secrecy_keeps_figures_of_five_people_or_more():
    figures = {
        "followup_people": 6, "followup_with_application": 4, "followup_interviewed": 0, "followup_hired": 5,
        "followup_in_mentoring": 1, "followup_time_to_job": 80.0, "followup_job_3_months": 50.0,
        "followup_job_6_months": None,
    }  # fmt: skip
    assert protect(figures) == {
        "followup_people": 6, "followup_with_application": "< 5", "followup_interviewed": 0, "followup_hired": 5,
        "followup_in_mentoring": "< 5", "followup_time_to_job": 80.0, "followup_job_3_months": 50.0,
        "followup_job_6_months": None,
    }  # fmt: skip


def test_counts_by_commune_add_up_to_the_territory(story):
    rows = followup_by_commune(YEAR)
    assert rows["58194"] == {
        "people": 1, "with_application": 1, "interviewed": 1, "hired": 1, "in_mentoring": 1,
        "by_situation": {"is_qpv_resident": 1, "is_under_26": 1},
    }  # fmt: skip
    assert rows["58079"]["hired"] == 1 and rows["58079"]["by_situation"] == {"receives_rsa": 1}
    assert (
        sum(r["people"] for r in rows.values()) == followup_figures(TerritoryScope("national"), YEAR)["followup_people"]
    )
    assert list(followup_by_commune(YEAR, ["58079"])) == ["58079"]


def test_queries_do_not_grow_with_the_people(story, django_assert_num_queries):
    for i in range(10):
        person = _person(f"Personne{i}", "Test", nevers(), is_under_26=True)
        _followup(person, datetime.date(2026, 2, 1))
    with django_assert_num_queries(6):
        followup_figures(TerritoryScope("national"), YEAR)
    with django_assert_num_queries(6):
        followup_by_situation(NIEVRE, YEAR)
