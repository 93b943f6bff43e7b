"""Individual support as plan targets (issue 15): a plan of the Haut Nivernais sets a target of people
followed; the people followed in its communes during its period count, those of Nevers do not."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from emploi_territoires.followup.models import CONSENT_TEXT_VERSION, ConsentMode, FollowUp, StartReason
from emploi_territoires.plans import services
from emploi_territoires.plans.results import plan_results
from tests.applications.factories import CandidateProfileFactory
from tests.factories import clamecy, nevers
from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db


def _followed(commune, started):
    person = CandidateProfileFactory(commune=commune, is_under_26=True).user
    return FollowUp.objects.create(
        person=person, started_on=started, start_reason=StartReason.JOB_SEARCH,
        consent_mode=ConsentMode.RECORDED_BY_PROFESSIONAL, consent_text_version=CONSENT_TEXT_VERSION,
        consent_at=datetime.datetime.combine(started, datetime.time(10), tzinfo=datetime.UTC),
    )  # fmt: skip


def test_people_followed_count_against_the_plan_target():
    world = plan_world()
    services.set_target(world.plan, "followup_people", Decimal(4))
    services.set_target(world.plan, "followup_job_6_months", Decimal(60))
    _followed(clamecy(), world.today - datetime.timedelta(days=30))
    _followed(nevers(), world.today - datetime.timedelta(days=30))  # another intercommunality
    lines = {line.code: line for line in plan_results(world.plan)}
    assert (lines["followup_people"].actual, lines["followup_people"].achievement) == (1, 25.0)
    assert lines["followup_job_6_months"].actual is None  # nothing recorded yet: not measured
