"""Mon espace, and switching the organisation one acts for."""

import pytest
from django.urls import reverse

from emploi_territoires.accounts.permissions import current_organisation
from tests.factories import MembershipFactory

SPACE = reverse("accounts:space")
SWITCH = reverse("accounts:switch_organisation")


def test_space_requires_login(client, db):
    response = client.get(SPACE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={SPACE}"


def test_space_shows_current_organisation_and_its_members(client, recruiter_a, member_a, organisation_a):
    client.force_login(member_a)
    html = client.get(SPACE).content.decode()
    assert "Vous agissez pour Saint-Étienne Métropole" in html
    assert recruiter_a.email in html
    assert "Changer d'organisation" not in html  # a single organisation: no switcher


def test_space_for_candidate_has_no_organisation(client, candidate):
    client.force_login(candidate)
    response = client.get(SPACE)
    assert response.status_code == 200
    assert "Vous agissez pour" not in response.content.decode()
    assert "Créer une organisation" not in response.content.decode()


def test_space_for_advisor_lists_followed_territories(client, advisor):
    client.force_login(advisor)
    assert "Loire (42)" in client.get(SPACE).content.decode()


def test_space_query_count_does_not_grow_with_members(
    client, recruiter_a, organisation_a, django_assert_max_num_queries
):
    for _ in range(15):
        MembershipFactory(organisation=organisation_a)
    client.force_login(recruiter_a)
    # 11: one query for the person's pending invitations to join organisations.
    with django_assert_max_num_queries(11):
        assert client.get(SPACE).status_code == 200
    # 11: one query for the organisation's pending invitations, listed to its admins (issue 17).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("accounts:organisation", args=[organisation_a.pk])).status_code == 200


@pytest.fixture
def recruiter_in_both(recruiter_a, organisation_b):
    MembershipFactory(user=recruiter_a, organisation=organisation_b, role="member")
    return recruiter_a


def test_switcher_lists_my_organisations(client, recruiter_in_both):
    client.force_login(recruiter_in_both)
    html = client.get(SPACE).content.decode()
    assert "Changer d'organisation" in html
    assert "Agir pour Menuiserie du Haut Nivernais" in html
    assert client.get(SWITCH).status_code == 200


def test_switch_to_my_other_organisation(client, recruiter_in_both, organisation_b):
    client.force_login(recruiter_in_both)
    response = client.post(SWITCH, {"organisation": organisation_b.pk, "next": "/comptes/espace/"})
    assert response.status_code == 302
    recruiter_in_both.refresh_from_db()
    assert recruiter_in_both.current_organisation == organisation_b
    assert "Vous agissez pour Menuiserie du Haut Nivernais" in client.get(SPACE).content.decode()


@pytest.mark.parametrize("persona", ["member_a", "staff"])
def test_cannot_switch_to_an_organisation_i_am_not_in(client, request, organisation_b, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.post(SWITCH, {"organisation": organisation_b.pk}).status_code == 404
    user.refresh_from_db()
    assert user.current_organisation_id != organisation_b.pk


def test_switch_with_garbage_input(client, member_a):
    client.force_login(member_a)
    assert client.post(SWITCH, {"organisation": "abc"}).status_code == 302
    assert client.post(SWITCH, {}).status_code == 302


def test_switch_ignores_an_external_next(client, recruiter_in_both, organisation_b):
    client.force_login(recruiter_in_both)
    response = client.post(SWITCH, {"organisation": organisation_b.pk, "next": "https://pirate.example.com/"})
    assert response["Location"] == SPACE


def test_switch_requires_login(client, organisation_b):
    assert client.post(SWITCH, {"organisation": organisation_b.pk})["Location"].startswith(reverse("accounts:login"))


def test_middleware_sets_request_organisation(client, recruiter_in_both, organisation_a, organisation_b):
    client.force_login(recruiter_in_both)
    assert client.get(SPACE).wsgi_request.organisation == organisation_a
    client.post(SWITCH, {"organisation": organisation_b.pk})
    assert client.get(SPACE).wsgi_request.organisation == organisation_b


def test_current_organisation_falls_back_when_membership_ends(recruiter_in_both, organisation_a, organisation_b):
    recruiter_in_both.current_organisation = organisation_b
    recruiter_in_both.save()
    recruiter_in_both.memberships.filter(organisation=organisation_b).delete()
    assert current_organisation(recruiter_in_both) == organisation_a


def test_anonymous_request_has_no_organisation(client, db):
    assert client.get(reverse("accounts:login")).wsgi_request.organisation is None
