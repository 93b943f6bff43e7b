"""Org admins invite existing accounts by email (tests/accounts/test_invitations.py: they join only
once they accept), change roles and remove members."""

from html import unescape

import pytest
from django.urls import reverse

from emploi_territoires.accounts import services
from emploi_territoires.accounts.models import Membership, MembershipInvitation
from tests.factories import UserFactory


def _add(org):
    return reverse("accounts:member_add", args=[org.pk])


def _role(membership):
    return reverse("accounts:member_role", args=[membership.organisation_id, membership.pk])


def _remove(membership):
    return reverse("accounts:member_remove", args=[membership.organisation_id, membership.pk])


@pytest.fixture
def newcomer(db):
    return UserFactory(email="lucas.perrin@exemple.fr", first_name="Lucas", last_name="Perrin")


def test_admin_invites_an_existing_professional(client, recruiter_a, organisation_a, newcomer):
    client.force_login(recruiter_a)
    response = client.post(_add(organisation_a), {"email": " Lucas.Perrin@exemple.fr", "role": "member"})
    assert response.status_code == 302
    # Not a member before accepting (test_invitations.py).
    assert not Membership.objects.filter(user=newcomer, organisation=organisation_a).exists()
    assert MembershipInvitation.objects.get(user=newcomer, organisation=organisation_a).role == "member"


def test_member_who_is_not_admin_gets_403(client, member_a, organisation_a, newcomer):
    client.force_login(member_a)
    response = client.post(_add(organisation_a), {"email": newcomer.email, "role": "admin"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_admin_of_another_organisation_gets_404(client, recruiter_b, organisation_a, newcomer):
    client.force_login(recruiter_b)
    assert client.post(_add(organisation_a), {"email": newcomer.email, "role": "member"}).status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


def test_anonymous_is_sent_to_login(client, organisation_a, newcomer):
    response = client.post(_add(organisation_a), {"email": newcomer.email, "role": "member"})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Membership.objects.filter(user=newcomer).exists()


def test_get_is_not_allowed(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    assert client.get(_add(organisation_a)).status_code == 405


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("pas-une-adresse", "Saisissez une adresse e-mail valide"),
        ("", "Ce champ est obligatoire"),
    ],
)
def test_refusals_are_explained(client, recruiter_a, member_a, candidate, organisation_a, email, message):
    client.force_login(recruiter_a)
    before = Membership.objects.count()
    response = client.post(_add(organisation_a), {"email": email, "role": "member"})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert Membership.objects.count() == before


def test_admin_promotes_then_demotes(client, recruiter_a, member_a, organisation_a):
    membership = Membership.objects.get(user=member_a, organisation=organisation_a)
    client.force_login(recruiter_a)
    client.post(_role(membership), {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"
    client.post(_role(membership), {"role": "member"})
    membership.refresh_from_db()
    assert membership.role == "member"


def test_member_cannot_promote_themselves(client, member_a, organisation_a):
    membership = Membership.objects.get(user=member_a, organisation=organisation_a)
    client.force_login(member_a)
    assert client.post(_role(membership), {"role": "admin"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "member"


def test_role_change_on_another_organisation_is_404(client, recruiter_b, member_a, organisation_a, organisation_b):
    membership = Membership.objects.get(user=member_a, organisation=organisation_a)
    client.force_login(recruiter_b)
    # Even through B's URL: the membership belongs to A.
    url = reverse("accounts:member_role", args=[organisation_b.pk, membership.pk])
    assert client.post(url, {"role": "admin"}).status_code == 404
    assert client.post(_role(membership), {"role": "admin"}).status_code == 404


def test_last_admin_cannot_step_down(client, recruiter_a, organisation_a):
    membership = Membership.objects.get(user=recruiter_a, organisation=organisation_a)
    client.force_login(recruiter_a)
    response = client.post(_role(membership), {"role": "member"}, follow=True)
    assert "garde au moins un administrateur" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_bad_role_value_is_refused(client, recruiter_a, member_a, organisation_a):
    membership = Membership.objects.get(user=member_a, organisation=organisation_a)
    client.force_login(recruiter_a)
    response = client.post(_role(membership), {"role": "superadmin"}, follow=True)
    assert "Choisissez le rôle" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "member"


def test_admin_removes_a_member(client, recruiter_a, member_a, organisation_a):
    membership = Membership.objects.get(user=member_a, organisation=organisation_a)
    client.force_login(recruiter_a)
    assert client.post(_remove(membership)).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_last_admin_cannot_be_removed(client, recruiter_a, organisation_a):
    membership = Membership.objects.get(user=recruiter_a, organisation=organisation_a)
    client.force_login(recruiter_a)
    client.post(_remove(membership))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_service_refuses_non_admin_directly(member_a, organisation_a, newcomer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.invite_member(member_a, organisation_a, newcomer.email)
