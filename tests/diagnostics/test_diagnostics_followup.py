"""Individual support in the territory diagnostic (issue 15): people followed per commune of their
profile, added up into every territory like the other counts, with statistical secrecy where shown."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.diagnostics import aggregates
from emploi_territoires.diagnostics.document import load_diagnostic
from emploi_territoires.followup.models import CONSENT_TEXT_VERSION, ConsentMode, EndReason, FollowUp, StartReason
from emploi_territoires.territories.models import TerritoryAggregate
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import clamecy, saint_etienne

Level = TerritoryAggregate.Level
pytestmark = pytest.mark.django_db


def _followed(commune, started, *, ended=None, reason="", **situations):
    person = CandidateProfileFactory(commune=commune, **situations).user
    return FollowUp.objects.create(
        person=person, started_on=started, start_reason=StartReason.JOB_SEARCH,
        consent_mode=ConsentMode.RECORDED_BY_PROFESSIONAL, consent_text_version=CONSENT_TEXT_VERSION,
        consent_at=paris(started.year, started.month, started.day), ended_at=ended, end_reason=reason,
    )  # fmt: skip


@pytest.fixture
def followed(time_machine):
    """Saint-Étienne: six people under 26 followed this year (one found a job), one with RQTH; Clamecy: one
    person on the RSA; one Saint-Étienne follow-up ended two years ago (outside the 365 days)."""
    time_machine.move_to(paris(2026, 11, 16), tick=False)
    st_etienne, far = saint_etienne(), clamecy()
    for i in range(6):
        _followed(
            st_etienne, datetime.date(2026, 3, 1 + i),
            ended=paris(2026, 9, 1) if i == 0 else None, reason=EndReason.JOB if i == 0 else "", is_under_26=True,
        )  # fmt: skip
    _followed(st_etienne, datetime.date(2026, 5, 4), has_rqth=True)
    _followed(far, datetime.date(2026, 6, 1), receives_rsa=True)
    _followed(st_etienne, datetime.date(2024, 1, 8), ended=paris(2024, 10, 1), reason=EndReason.MOVED, is_under_26=True)
    return paris(2026, 11, 16)


def test_counts_per_territory_and_the_refresh_agree(followed):
    commune = aggregates.compute_direct(Level.COMMUNE, "42218", now=followed)
    assert commune["followup"] == {
        "people": 7, "with_application": 0, "interviewed": 0, "hired": 1, "in_mentoring": 0,
        "by_situation": {"is_under_26": 6, "has_rqth": 1},
    }  # fmt: skip
    assert aggregates.compute_direct(Level.DEPARTEMENT, "58", now=followed)["followup"]["by_situation"] == {
        "receives_rsa": 1
    }
    aggregates.refresh_all(now=followed)
    stored = TerritoryAggregate.objects.get(level=Level.COMMUNE, code="42218").payload
    assert stored["followup"] == commune["followup"]
    assert TerritoryAggregate.objects.get(level=Level.NATIONAL, code="france").payload["followup"]["people"] == 8


def test_the_table_writes_small_counts_as_less_than_five(followed, client, advisor):
    aggregates.refresh_all(now=followed)
    table = load_diagnostic(Level.COMMUNE, "42218").tables["accompagnement"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Personnes accompagnées"][0] == 7
    assert rows["dont en emploi"][0] == "< 5"
    assert rows["Public : Moins de 26 ans"][0] == 6
    assert rows["Public : Travailleur·se handicapé·e (RQTH)"][0] == "< 5"
    assert rows["Public : Bénéficiaire du RSA"][0] == 0
    client.force_login(advisor)
    page = client.get(reverse("territories:diagnostic", args=["commune", "42218"])).content.decode()
    assert "Accompagnement individuel" in page and "&lt; 5" in page
