"""The data migration followup/0002: each CandidateProfile.followed_by becomes a follow-up with the
advisor as referent (the column goes later); run on the current models (same fields)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.followup import permissions
from emploi_territoires.followup.models import FollowUp
from tests.applications.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("emploi_territoires.followup.migrations.0002_followups_from_followed_by")


def test_followed_by_becomes_a_followup_with_the_advisor_as_referent(candidate, advisor, advisor_other):
    CandidateProfileFactory(user=candidate)
    CandidateProfile.objects.filter(user=candidate).update(followed_by=advisor)
    CandidateProfileFactory(user__first_name="Théo", user__last_name="Marchand")  # nobody named

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing doubled

    followup = FollowUp.objects.get()
    assert (followup.person, followup.referent, followup.consent_mode) == (candidate, advisor, "asked")
    assert [(m.user, m.organisation.name) for m in permissions.active_members(followup)] == [
        (advisor, "Apec Auvergne-Rhône-Alpes")
    ]
    assert permissions.followed_person_ids(advisor) == {candidate.pk}
    assert permissions.followed_person_ids(advisor_other) == set()
