"""Security tests: the world of objects the permission matrix requests, and a client per role."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.matrix import ROLES
from tests.security.world import World


@pytest.fixture
def world(candidate, organisation_a, recruiter_a, member_a, organisation_b, recruiter_b, advisor, advisor_other, staff):
    from emploi_territoires.accounts.models import Organisation

    return World(
        {
            "candidate": candidate,
            "organisation_a": organisation_a,
            "recruiter_a": recruiter_a,
            "member_a": member_a,
            "organisation_b": organisation_b,
            "recruiter_b": recruiter_b,
            "advisor": advisor,
            "advisor_other": advisor_other,
            "advisor_organisation": Organisation.objects.get(memberships__user=advisor),
            "staff": staff,
        }
    )


def role_client(world: World, role: str) -> Client:
    """A fresh client logged in as the role (anonymous: not logged in)."""
    assert role in ROLES
    client = Client()
    if role != "anonymous":
        client.force_login(world.personas[role])
    return client
