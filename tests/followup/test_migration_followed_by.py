"""The data migration followup/0002: each CandidateProfile.followed_by became a follow-up with the
advisor as referent, before applications/0007 removed the column. The test moves the database back to
the schema that still had the column, writes the old link, and migrates forward for real."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from emploi_territoires.followup import permissions
from emploi_territoires.followup.models import FollowUp
from tests.applications.factories import CandidateProfileFactory

migration = importlib.import_module("emploi_territoires.followup.migrations.0002_followups_from_followed_by")
BEFORE = [("followup", "0001_initial"), ("applications", "0006_conversation")]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_followed_by_becomes_a_followup_with_the_advisor_as_referent(candidate, advisor, advisor_other):
    CandidateProfileFactory(user=candidate)
    CandidateProfileFactory(user__first_name="Théo", user__last_name="Marchand")  # nobody named
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldProfile = old_apps.get_model("applications", "CandidateProfile")
        assert OldProfile.objects.filter(user_id=candidate.pk).update(followed_by_id=advisor.pk) == 1
        migration.forwards(old_apps, None)  # the migration's own function, run twice: nothing doubled
        migration.forwards(old_apps, None)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    followup = FollowUp.objects.get()
    assert (followup.person, followup.referent, followup.consent_mode) == (candidate, advisor, "asked")
    assert [(m.user, m.organisation.name) for m in permissions.active_members(followup)] == [
        (advisor, "Apec Auvergne-Rhône-Alpes")
    ]
    assert permissions.followed_person_ids(advisor) == {candidate.pk}
    assert permissions.followed_person_ids(advisor_other) == set()
