"""Joining an organisation needs the person's consent: its admin invites an existing professional
account, the person accepts or declines in their space, and only acceptance makes them a member.
The admin gets the same answer whether the address has an account or not (and of what kind)."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts import services
from emploi_territoires.accounts.models import Membership, MembershipInvitation
from tests.factories import UserFactory

NEUTRAL = "peut rejoindre l'organisation, la personne a reçu une invitation"


def _add(org):
    return reverse("accounts:member_add", args=[org.pk])


@pytest.fixture
def newcomer(db):
    return UserFactory(email="lucas.perrin@exemple.fr", first_name="Lucas", last_name="Perrin")


def _invite(client, admin, org, email, role="member"):
    client.force_login(admin)
    return client.post(_add(org), {"email": email, "role": role}, follow=True)


def test_adding_a_professional_only_invites_them(
    client, recruiter_a, organisation_a, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, recruiter_a, organisation_a, " Lucas.Perrin@exemple.fr", role="admin")
    assert NEUTRAL in unescape(response.content.decode())
    assert not Membership.objects.filter(user=newcomer, organisation=organisation_a).exists()
    invitation = MembershipInvitation.objects.get(user=newcomer, organisation=organisation_a)
    assert invitation.role == "admin" and invitation.invited_by == recruiter_a
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert str(organisation_a) in mail.outbox[0].body
    assert reverse("accounts:space") in mail.outbox[0].body


def test_the_invited_person_accepts_in_their_space(client, recruiter_a, organisation_a, newcomer):
    services.invite_member(recruiter_a, organisation_a, newcomer.email, "member")
    invitation = MembershipInvitation.objects.get(user=newcomer)
    client.force_login(newcomer)
    assert "Accepter" in client.get(reverse("accounts:space")).content.decode()
    response = client.post(reverse("accounts:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=organisation_a)
    assert membership.role == "member"
    assert not MembershipInvitation.objects.exists()
    newcomer.refresh_from_db()
    assert newcomer.current_organisation == organisation_a


def test_the_invited_person_may_decline(client, recruiter_a, organisation_a, newcomer):
    services.invite_member(recruiter_a, organisation_a, newcomer.email, "admin")
    invitation = MembershipInvitation.objects.get(user=newcomer)
    client.force_login(newcomer)
    assert client.post(reverse("accounts:invitation_decline", args=[invitation.pk])).status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not MembershipInvitation.objects.exists()


def test_nobody_else_can_accept_an_invitation(client, recruiter_a, recruiter_b, organisation_a, newcomer):
    services.invite_member(recruiter_a, organisation_a, newcomer.email, "admin")
    invitation = MembershipInvitation.objects.get(user=newcomer)
    for intruder in (recruiter_a, recruiter_b):
        client.force_login(intruder)
        assert client.post(reverse("accounts:invitation_accept", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_expired_invitation_cannot_be_accepted(client, recruiter_a, organisation_a, newcomer):
    services.invite_member(recruiter_a, organisation_a, newcomer.email, "member")
    invitation = MembershipInvitation.objects.get(user=newcomer)
    invitation.created_at = timezone.now() - datetime.timedelta(days=MembershipInvitation.VALID_DAYS + 1)
    invitation.save(update_fields=["created_at"])
    client.force_login(newcomer)
    assert client.post(reverse("accounts:invitation_accept", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("kind", ["none", "candidate", "mentor", "member", "professional"])
def test_the_admin_gets_the_same_answer_for_any_address(client, recruiter_a, organisation_a, member_a, kind):
    emails = {
        "none": "personne@exemple.fr",
        "candidate": UserFactory(email="chloe.martin@exemple.fr", kind="candidate").email,
        "mentor": UserFactory(email="paul.mentor@exemple.fr", kind="mentor").email,
        "member": member_a.email,
        "professional": UserFactory(email="lucas.perrin@exemple.fr").email,
    }
    response = _invite(client, recruiter_a, organisation_a, emails[kind])
    html = unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == reverse("accounts:organisation", args=[organisation_a.pk])
    assert NEUTRAL in html
    for telling in ("Aucun compte", "compte candidat", "fait déjà partie"):
        assert telling not in html
    # A professional account is invited in its space; an address without account gets a link to
    # create one (issue 17); candidates, mentors and members get nothing, and the admin cannot tell.
    assert MembershipInvitation.objects.count() == (1 if kind in ("professional", "none") else 0)


def test_a_plan_contact_must_have_accepted(recruiter_a, organisation_a, newcomer):
    # Plans choose contacts among the organisation's members: an invitation is not membership.
    services.invite_member(recruiter_a, organisation_a, newcomer.email, "admin")
    assert not organisation_a.memberships.filter(user=newcomer).exists()
