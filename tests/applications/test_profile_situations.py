"""The situations of issue 15 (under 26, RQTH, no diploma, RSA): declared in the profile under the
situation consent, shown, exported, and erased when the consent is withdrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from emploi_territoires.applications import gdpr
from emploi_territoires.applications.models import CandidateProfile
from tests.applications.test_profile import EDIT, PROFILE, communes, form_data, occupations  # noqa: F401

NEW_SITUATIONS = ("is_under_26", "has_rqth", "has_no_diploma", "receives_rsa")


@pytest.fixture
def candidate_client(client, candidate, occupations, communes):  # noqa: F811
    client.force_login(candidate)
    return client


def test_the_four_situations_are_saved_shown_exported_then_erased(candidate_client, candidate):
    response = candidate_client.post(EDIT, form_data(situation_consent="on", **dict.fromkeys(NEW_SITUATIONS, "on")))
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=candidate)
    assert [getattr(profile, name) for name in NEW_SITUATIONS] == [True, True, True, True]

    page = candidate_client.get(PROFILE).content.decode()
    for label in ("Moins de 26 ans", "(RQTH)", "Sans diplôme", "Bénéficiaire du RSA"):
        assert label in page

    situation = gdpr.collect_personal_data(candidate)["profil"]["situation"]
    assert (situation["moins_de_26_ans"], situation["rqth"], situation["sans_diplome"]) == (True, True, True)
    assert situation["beneficiaire_rsa"] is True

    assert candidate_client.post(reverse("applications:situation_withdraw")).status_code == 302
    profile.refresh_from_db()
    assert [getattr(profile, name) for name in NEW_SITUATIONS] == [False, False, False, False]


def test_a_situation_without_the_consent_is_refused_and_nothing_written(candidate_client, candidate):
    response = candidate_client.post(EDIT, form_data(has_rqth="on"))
    assert response.status_code == 200
    assert "cochez la case de consentement" in response.content.decode()
    assert not CandidateProfile.objects.filter(user=candidate).exists()
