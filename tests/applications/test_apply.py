"""Applying in one step from the offer page: who may, to which offers, once, with the e-mails."""

from __future__ import annotations

import datetime
import html as html_module

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import Application, ApplicationStatus, ApplicationTransition
from emploi_territoires.offers.models import ApplyMethod, OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.factories import TEST_PASSWORD, UserFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Madame, Monsieur, chargée de mission à Roanne depuis trois ans, j'anime le réseau des commerçants du centre-ville "
    "et je souhaite mettre cette expérience au service de Saint-Étienne Métropole."
)


@pytest.fixture
def offer_a(organisation_a, recruiter_a, member_a):
    return OfferFactory(
        organisation=organisation_a,
        status=OfferStatus.PUBLISHED,
        title="Manager de centre-ville (F/H)",
    )


@pytest.fixture
def profile(candidate):
    return CandidateProfileFactory(user=candidate)


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def text(response) -> str:
    return html_module.unescape(response.content.decode())


def apply_url(offer):
    return reverse("applications:apply", args=[offer.reference])


# --- the service -------------------------------------------------------------------------------------


def test_candidate_applies_with_a_message_logged_and_both_sides_emailed(
    offer_a, candidate, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply(offer_a, candidate, f"  {MESSAGE}  ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW
    assert application.organisation == offer_a.organisation
    assert application.message == MESSAGE
    log = list(ApplicationTransition.objects.filter(application=application))
    assert [(t.from_status, t.to_status, t.actor) for t in log] == [("", "new", candidate)]
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("ines.haddad@exemple.fr",), ("claire.roux@exemple.fr", "hugo.faure@exemple.fr")}
    ack = by_recipient[("ines.haddad@exemple.fr",)]
    assert ack.subject == "Votre candidature « Manager de centre-ville (F/H) » est bien envoyée"
    assert "Bonjour Inès" in ack.body and offer_a.reference in ack.body
    new = by_recipient[("claire.roux@exemple.fr", "hugo.faure@exemple.fr")]
    assert new.subject == f"Nouvelle candidature : Manager de centre-ville (F/H) ({offer_a.reference})"
    assert f"/candidats/recrutement/candidature/{application.pk}/" in new.body


def test_nothing_is_sent_when_the_application_is_rolled_back(
    offer_a, candidate, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.apply(offer_a, candidate, MESSAGE)
    assert len(callbacks) == 2  # queued for the commit, not sent inside the transaction
    assert mail.outbox == []


def test_second_application_is_refused_with_a_friendly_message(offer_a, candidate, profile):
    services.apply(offer_a, candidate, MESSAGE)
    with pytest.raises(services.AlreadyApplied, match="Vous avez déjà candidaté à cette offre"):
        services.apply(offer_a, candidate, "Je me permets de renouveler ma candidature.")
    assert Application.objects.filter(offer=offer_a).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": OfferStatus.DRAFT}, "n'est plus ouverte aux candidatures"),
        ({"status": OfferStatus.FILLED}, "n'est plus ouverte aux candidatures"),
        ({"status": OfferStatus.EXPIRED}, "n'est plus ouverte aux candidatures"),
        ({"apply_method": ApplyMethod.URL, "apply_url": "https://recrutement.saint-etienne-metropole.fr/"}, "site"),
        ({"apply_method": ApplyMethod.EMAIL, "apply_email": "rh@saint-etienne-metropole.fr"}, "par e-mail"),
        ({"closing_date": datetime.date(2025, 1, 31)}, "La date limite de candidature est passée \\(le 31 janvier"),
    ],
)
def test_offers_that_do_not_take_platform_applications(offer_a, candidate, profile, changes, message):
    for name, value in changes.items():
        setattr(offer_a, name, value)
    offer_a.save()
    with pytest.raises(services.PipelineError, match=message):
        services.apply(offer_a, candidate, MESSAGE)
    assert not Application.objects.exists()


def test_closing_date_today_still_accepts(offer_a, candidate, profile):
    offer_a.closing_date = timezone.localdate()
    offer_a.save()
    assert services.apply(offer_a, candidate, MESSAGE).pk


def test_only_candidates_with_a_profile_apply(offer_a, candidate, recruiter_b):
    with pytest.raises(services.ProfileRequired, match="Complétez d'abord votre profil"):
        services.apply(offer_a, candidate, MESSAGE)
    with pytest.raises(services.PipelineError, match="Seuls les comptes candidats peuvent postuler"):
        services.apply(offer_a, recruiter_b, MESSAGE)
    assert not Application.objects.exists()


def test_message_longer_than_3000_characters_is_refused(offer_a, candidate, profile):
    services.apply(offer_a, candidate, "a" * 3_000)  # the limit itself is fine
    other = OfferFactory(organisation=offer_a.organisation, status=OfferStatus.PUBLISHED)
    with pytest.raises(services.PipelineError, match="3\u202f001 caractères : 3\u202f000 au maximum"):
        services.apply(other, candidate, "a" * 3_001)


# --- the apply view and the offer page -----------------------------------------------------------------


def test_offer_page_asks_visitors_to_log_in_with_next(anonymous_client, offer_a):
    html = text(anonymous_client.get(offer_a.get_absolute_url()))
    assert "Se connecter pour postuler" in html
    assert f"/comptes/connexion/?next=%2Foffres%2F{offer_a.reference}%2F%23apply" in html
    assert "bientôt" not in html


def test_anonymous_post_is_redirected_to_login(anonymous_client, offer_a):
    response = anonymous_client.post(apply_url(offer_a), {"message": MESSAGE})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert not Application.objects.exists()


def test_offer_page_shows_the_form_with_profile_summary_and_cv_presence(client, candidate, profile, offer_a):
    html = text(login(client, candidate).get(offer_a.get_absolute_url()))
    assert f'action="{apply_url(offer_a)}"' in html
    assert "Chargée de mission développement économique" in html  # the profile's headline
    assert "pas de CV" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_external_offer_page_keeps_sending_to_the_employer_site(client, candidate, profile, offer_a):
    offer_a.apply_method = ApplyMethod.URL
    offer_a.apply_url = "https://recrutement.saint-etienne-metropole.fr/offre/123"
    offer_a.save()
    html = text(login(client, candidate).get(offer_a.get_absolute_url()))
    assert "https://recrutement.saint-etienne-metropole.fr/offre/123" in html
    assert apply_url(offer_a) not in html


def test_candidate_applies_through_the_page(client, candidate, profile, offer_a, django_capture_on_commit_callbacks):
    login(client, candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(offer_a), {"message": MESSAGE}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:mine")
    html = text(response)
    assert "Votre candidature à « Manager de centre-ville (F/H) » est envoyée" in html
    assert "Retirer ma candidature" in html
    assert Application.objects.get().message == MESSAGE
    assert len(mail.outbox) == 2
    # Back on the offer page: no second form, the earlier application instead.
    html = text(client.get(offer_a.get_absolute_url()))
    assert "Vous avez déjà candidaté" in html and apply_url(offer_a) not in html


def test_applying_twice_through_the_page_says_so(client, candidate, profile, offer_a):
    login(client, candidate)
    client.post(apply_url(offer_a), {"message": MESSAGE})
    response = client.post(apply_url(offer_a), {"message": MESSAGE}, follow=True)
    assert "Vous avez déjà candidaté à cette offre" in text(response)
    assert Application.objects.count() == 1


def test_candidate_without_profile_is_sent_to_the_profile_form(client, candidate, offer_a):
    response = login(client, candidate).post(apply_url(offer_a), {"message": MESSAGE})
    assert response.status_code == 302
    try:
        profile_url = reverse("applications:profile_edit")
    except Exception:  # the profile part is not wired yet: back to the offer
        profile_url = offer_a.get_absolute_url()
    assert response["Location"].startswith(profile_url)
    assert not Application.objects.exists()


def test_too_long_message_through_the_page(client, candidate, profile, offer_a):
    response = login(client, candidate).post(apply_url(offer_a), {"message": "é" * 3_001}, follow=True)
    assert "Votre message dépasse 3\u202f000 caractères" in text(response)
    assert not Application.objects.exists()


def test_draft_offer_is_404_and_closed_offer_says_why(client, candidate, profile, organisation_a):
    login(client, candidate)
    draft = OfferFactory(organisation=organisation_a, status=OfferStatus.DRAFT)
    assert client.post(apply_url(draft), {"message": MESSAGE}).status_code == 404
    filled = OfferFactory(organisation=organisation_a, status=OfferStatus.FILLED)
    response = client.post(apply_url(filled), {"message": MESSAGE}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:board")
    assert "Cette offre n'est plus ouverte aux candidatures." in text(response)
    assert not Application.objects.exists()


def test_recruiter_cannot_apply_and_gets_a_clear_message(client, recruiter_b, offer_a):
    response = login(client, recruiter_b).post(apply_url(offer_a), {"message": MESSAGE}, follow=True)
    assert "Seuls les comptes candidats peuvent postuler" in text(response)
    assert not Application.objects.exists()


def test_get_is_not_allowed(client, candidate, profile, offer_a):
    assert login(client, candidate).get(apply_url(offer_a)).status_code == 405


def test_members_see_a_link_to_the_received_applications(client, recruiter_a, offer_a):
    html = text(login(client, recruiter_a).get(offer_a.get_absolute_url()))
    assert reverse("applications:offer_applications", args=[offer_a.reference]) in html


def test_another_candidate_has_own_application(offer_a, profile, candidate):
    other = UserFactory(kind="candidate", email="lucas.morel@exemple.fr")
    CandidateProfileFactory(user=other)
    services.apply(offer_a, candidate, MESSAGE)
    services.apply(offer_a, other, "")
    assert Application.objects.filter(offer=offer_a).count() == 2
