"""The followup models' database rules (constraints the services rely on)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from emploi_territoires.followup.models import (
    CONSENT_TEXT_VERSION,
    ConsentMode,
    EndReason,
    FollowUp,
    OutcomeCheck,
    Situation,
    StartReason,
    StructureTerritory,
)
from tests.clock import paris
from tests.factories import OrganisationFactory, UserFactory, nievre

pytestmark = pytest.mark.django_db


def _followup(person, **fields):
    return FollowUp.objects.create(
        person=person,
        started_on=datetime.date(2026, 11, 16),
        start_reason=StartReason.JOB_SEARCH,
        consent_mode=ConsentMode.RECORDED_BY_PROFESSIONAL,
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_at=paris(2026, 11, 16),
        **fields,
    )


def test_one_open_followup_per_person_but_ended_ones_stay():
    person = UserFactory(kind="candidate", first_name="Lina", last_name="Mansouri")
    first = _followup(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        _followup(person)
    first.ended_at = paris(2026, 11, 30)
    first.end_reason = EndReason.JOB
    first.save(update_fields=["ended_at", "end_reason"])
    assert _followup(person).is_open


def test_an_ended_followup_says_why():
    person = UserFactory(kind="candidate")
    with pytest.raises(IntegrityError), transaction.atomic():
        _followup(person, ended_at=paris(2026, 11, 30))


def test_a_structure_territory_is_exactly_one_level():
    organisation = OrganisationFactory(kind="mission_locale", name="Mission locale de la Nièvre", siren="", siret="")
    StructureTerritory.objects.create(organisation=organisation, departement=nievre())
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureTerritory.objects.create(organisation=organisation)


def test_a_contract_kind_only_for_a_job():
    followup = _followup(UserFactory(kind="candidate"), ended_at=paris(2026, 11, 30), end_reason=EndReason.TRAINING)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeCheck.objects.create(
            followup=followup,
            milestone=OutcomeCheck.Milestone.END,
            situation=Situation.TRAINING,
            contract_kind="cdi",
            recorded_on=datetime.date(2026, 11, 30),
        )
