"""Colleagues without an account join through a signed, expiring link (issue 17).

The admin invites an address; the e-mail carries a personal link valid 30 days; opening it lets the
person create their account (password, or ProConnect) and join on acceptance. An expired, revoked,
renewed or used link gets a French message and changes nothing."""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import Membership, MembershipInvitation, User
from tests.factories import UserFactory
from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db

EMAIL = "jules.roy@saint-etienne-metropole.fr"
PASSWORD = "Firminy-Loire-42700!"


def _invite(client, admin, org, email=EMAIL, role="member"):
    client.force_login(admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:member_add", args=[org.pk]), {"email": email, "role": role})
    assert response.status_code == 302
    client.logout()


def _link() -> str:
    bodies = [m.body for m in mail.outbox if "Invitation à rejoindre" in m.subject]
    assert bodies
    match = re.search(r"https?://\S+(/comptes/invitations/lien/\S+/)", bodies[-1])
    assert match
    return match.group(1)


def _create_account(client, link, **overrides):
    data = {"first_name": "Jules", "last_name": "Roy", "password1": PASSWORD, "password2": PASSWORD} | overrides
    return client.post(link, data)


def test_an_address_without_account_gets_a_link_and_joins(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a, role="admin")
    invitation = MembershipInvitation.objects.get()
    assert (invitation.user, invitation.email) == (None, EMAIL)
    assert mail.outbox[-1].to == [EMAIL]
    link = _link()
    page = unescape(client.get(link).content.decode())
    assert f"Rejoindre « {organisation_a} »" in page
    assert EMAIL in page
    response = _create_account(client, link)
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.kind == User.Kind.PROFESSIONAL
    assert user.email_verified_at is not None  # the link reached this address
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation_a, "admin")
    assert user.current_organisation == organisation_a
    assert not MembershipInvitation.objects.exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_used_link_is_refused(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    _create_account(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "Cette invitation n'est plus valable" in unescape(response.content.decode())


def test_an_expired_link_is_refused(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=MembershipInvitation.VALID_DAYS, minutes=1)):
        response = _create_account(client, link)
    assert response.status_code == 400
    assert "Cette invitation a expiré" in unescape(response.content.decode())
    assert not User.objects.filter(email=EMAIL).exists()


def test_a_revoked_link_is_refused(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    invitation = MembershipInvitation.objects.get()
    client.force_login(recruiter_a)
    page = unescape(client.get(reverse("accounts:organisation", args=[organisation_a.pk])).content.decode())
    assert "Invitations en attente" in page
    assert EMAIL in page
    assert reverse("accounts:invitation_revoke", args=[organisation_a.pk, invitation.pk]) in page
    response = client.post(reverse("accounts:invitation_revoke", args=[organisation_a.pk, invitation.pk]))
    assert response.status_code == 302
    client.logout()
    response = _create_account(client, link)
    assert response.status_code == 400
    assert "Cette invitation n'est plus valable" in unescape(response.content.decode())
    assert not User.objects.filter(email=EMAIL).exists()


def test_a_renewed_invitation_voids_the_old_link(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    old = _link()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        _invite(client, recruiter_a, organisation_a, role="admin")
    assert MembershipInvitation.objects.count() == 1
    assert client.get(old).status_code == 400
    assert client.get(_link()).status_code == 200


def test_a_tampered_link_is_refused(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 400
    assert "Ce lien d'invitation n'est pas valable" in unescape(response.content.decode())


def test_a_weak_password_writes_nothing(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    response = _create_account(client, _link(), password1="roy", password2="roy")
    assert response.status_code == 400
    assert not User.objects.filter(email=EMAIL).exists()
    assert MembershipInvitation.objects.count() == 1


def test_an_address_that_signs_up_meanwhile_accepts_when_signed_in(client, recruiter_a, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    user = UserFactory(email=EMAIL, email_verified_at=None)
    client.force_login(user)
    assert "Rejoindre l'organisation" in unescape(client.get(link).content.decode())
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert Membership.objects.filter(user=user, organisation=organisation_a).exists()
    assert user.email_verified_at is not None


def test_someone_else_signed_in_cannot_use_the_link(client, recruiter_a, recruiter_b, organisation_a):
    _invite(client, recruiter_a, organisation_a)
    link = _link()
    client.force_login(recruiter_b)
    assert "cette invitation est pour une autre adresse" in unescape(client.get(link).content.decode())
    client.post(link)
    assert not Membership.objects.filter(user=recruiter_b, organisation=organisation_a).exists()
    assert MembershipInvitation.objects.count() == 1


def test_an_agent_accepts_with_proconnect(client, settings, recruiter_a, organisation_a):
    provider = Provider().start()
    try:
        settings.PROCONNECT_BASE_URL = provider.base_url
        settings.PROCONNECT_CLIENT_ID = provider.client_id
        settings.PROCONNECT_CLIENT_SECRET = provider.client_secret
        provider.agent = {**provider.agent, "email": EMAIL, "sub": "pc-agent-sem-jroy"}
        _invite(client, recruiter_a, organisation_a)
        link = _link()
        page = unescape(client.get(link).content.decode())
        start = re.search(r'href="(/comptes/proconnect/connexion/\?invitation=[^"]+)"', page)
        assert start
        authorize = client.get(start.group(1).replace("&amp;", "&"))["Location"]
        answer = requests.get(authorize, allow_redirects=False, timeout=5)
        back = urlsplit(answer.headers["Location"])
        assert parse_qs(back.query)["code"]
        client.get(f"{back.path}?{back.query}")
    finally:
        provider.stop()
    user = User.objects.get(email=EMAIL)
    assert user.proconnect_sub == "pc-agent-sem-jroy"
    assert Membership.objects.filter(user=user, organisation=organisation_a).exists()
    assert not MembershipInvitation.objects.exists()
