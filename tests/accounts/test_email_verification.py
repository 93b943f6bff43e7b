"""A password account confirms its address through a signed link valid 3 days (issue 17).

Until then it signs in, but cannot publish or submit an offer, invite colleagues or apply."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts import identity
from emploi_territoires.accounts.models import MembershipInvitation, User
from emploi_territoires.applications.services_pipeline import PipelineError, check_can_apply
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "kind": "candidate",
    "first_name": "Inès",
    "last_name": "Morel",
    "email": "ines.morel@exemple.fr",
    "password1": "Clamecy-sur-Yonne-58500",
    "password2": "Clamecy-sur-Yonne-58500",
}


def _link_from_mail() -> str:
    bodies = [m.body for m in mail.outbox if "Confirmez votre adresse" in m.subject]
    assert len(bodies) == 1
    match = re.search(r"https?://\S+/adresse-e-mail/verifier/(\S+)/", bodies[0])
    assert match
    return reverse("accounts:verify_email", args=[match.group(1)])


def _sign_up(client) -> User:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email="ines.morel@exemple.fr")


def test_sign_up_sends_a_link_and_the_account_starts_unverified(client):
    user = _sign_up(client)
    assert user.email_verified_at is None
    assert [m.to for m in mail.outbox] == [["ines.morel@exemple.fr"]]
    html = unescape(client.get(reverse("accounts:space")).content.decode())
    assert "Nous avons envoyé un lien à ines.morel@exemple.fr pour confirmer votre adresse" in html
    assert "Confirmez votre adresse e-mail ines.morel@exemple.fr" in html
    response = client.get(_link_from_mail())
    assert response["Location"] == reverse("accounts:space")
    user.refresh_from_db()
    assert user.email_verified_at is not None
    html = unescape(client.get(reverse("accounts:space")).content.decode())
    assert "Confirmez votre adresse e-mail" not in html


def test_the_link_works_without_being_signed_in(client):
    _sign_up(client)
    link = _link_from_mail()
    client.logout()
    response = client.get(link)
    assert response["Location"] == reverse("accounts:login")
    assert User.objects.get(email="ines.morel@exemple.fr").email_verified_at is not None


def test_an_already_verified_address_says_so(client):
    _sign_up(client)
    link = _link_from_mail()
    client.get(link)
    first = User.objects.get().email_verified_at
    response = client.get(link, follow=True)
    assert "Votre adresse e-mail était déjà confirmée" in unescape(response.content.decode())
    assert User.objects.get().email_verified_at == first


def test_an_expired_link_is_refused_and_offers_a_new_one(client):
    _sign_up(client)
    link = _link_from_mail()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, minutes=1)):
        response = client.get(link)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Ce lien de vérification a expiré" in html
    assert "Recevoir un nouveau lien" in html
    assert User.objects.get().email_verified_at is None


def test_a_link_is_still_good_at_the_end_of_the_third_day(client):
    _sign_up(client)
    link = _link_from_mail()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=23)):
        client.get(link)
    assert User.objects.get().email_verified_at is not None


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "eyJ1Ijo5OTksImUiOiJhQGIuZnIifQ" + token[token.index(":") :],  # payload swapped
        lambda token: "nimportequoi",
    ],
)
def test_a_tampered_link_is_refused(client, alter):
    _sign_up(client)
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("accounts:verify_email", args=[alter(token)]))
    assert response.status_code == 400
    assert "Ce lien de vérification n'est pas valable" in unescape(response.content.decode())
    assert User.objects.get().email_verified_at is None


def test_a_link_for_a_former_address_is_refused(client):
    user = _sign_up(client)
    link = _link_from_mail()
    User.objects.filter(pk=user.pk).update(email="ines.morel@nevers.fr")
    response = client.get(link)
    assert response.status_code == 400
    assert User.objects.get().email_verified_at is None


def test_resending_is_throttled(client):
    _sign_up(client)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert "Un nouveau lien de vérification est envoyé" in unescape(response.content.decode())
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert "Un lien vient déjà de vous être envoyé" in unescape(response.content.decode())
    assert len(mail.outbox) == 1


def test_unverified_accounts_cannot_apply(client):
    user = UserFactory(kind=User.Kind.CANDIDATE, email_verified_at=None)

    class Offer:  # never reached: the address check comes first
        status = "published"

    with pytest.raises(PipelineError, match="Confirmez d'abord votre adresse e-mail avant de candidater"):
        check_can_apply(Offer(), user)


def test_unverified_admins_cannot_invite(client, recruiter_a, organisation_a):
    User.objects.filter(pk=recruiter_a.pk).update(email_verified_at=None)
    client.force_login(recruiter_a)
    response = client.post(
        reverse("accounts:member_add", args=[organisation_a.pk]), {"email": "jules.roy@exemple.fr", "role": "member"}
    )
    assert response.status_code == 400
    assert "Confirmez d'abord votre adresse e-mail avant d'inviter des membres" in unescape(response.content.decode())
    assert not MembershipInvitation.objects.exists()


def test_unverified_members_cannot_publish(recruiter_a, organisation_a):
    from emploi_territoires.offers.models import OfferStatus
    from emploi_territoires.offers.services import TransitionRefused, publish
    from tests.offers.factories import OfferFactory

    offer = OfferFactory(organisation=organisation_a, commune=organisation_a.commune)
    User.objects.filter(pk=recruiter_a.pk).update(email_verified_at=None)
    recruiter_a.refresh_from_db()
    with pytest.raises(TransitionRefused, match="Confirmez d'abord votre adresse e-mail"):
        publish(offer, actor=recruiter_a)
    offer.refresh_from_db()
    assert offer.status != OfferStatus.PUBLISHED


def test_existing_and_factory_accounts_count_as_verified(recruiter_a):
    assert recruiter_a.email_verified_at is not None
    assert identity.email_unverified_refusal(recruiter_a) is None
