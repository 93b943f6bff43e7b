"""ProConnect sign-in, end to end against a real OpenID provider served on 127.0.0.1 (tests/oidc_provider.py).

The browser is Django's test client; each redirect to the provider is followed with `requests`
over HTTP, and Django's callback exchanges the code and reads userinfo over HTTP too.
"""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from emploi_territoires.accounts import proconnect
from emploi_territoires.accounts.models import User
from tests.factories import UserFactory
from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    op = Provider().start()
    settings.PROCONNECT_BASE_URL = op.base_url
    settings.PROCONNECT_CLIENT_ID = op.client_id
    settings.PROCONNECT_CLIENT_SECRET = op.client_secret
    yield op
    op.stop()


def _to_provider(client, **query):
    """Click the button: Django answers with a redirect to the provider's authorize endpoint."""
    response = client.get(reverse("accounts:proconnect_login"), query)
    assert response.status_code == 302
    return response["Location"]


def _at_provider(authorize_url: str) -> str:
    """The browser at the provider: it answers with a redirect back to our callback."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert (back.hostname, back.path) == ("testserver", reverse("accounts:proconnect_callback"))
    return f"{back.path}?{back.query}"


def sign_in(client, **query):
    return client.get(_at_provider(_to_provider(client, **query)))


def _page_after(client, response) -> str:
    assert response.status_code == 302
    return unescape(client.get(response["Location"]).content.decode())


def _signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def test_the_button_shows_only_when_proconnect_is_configured(client, settings):
    settings.PROCONNECT_BASE_URL = ""
    html = unescape(client.get(reverse("accounts:login")).content.decode())
    assert "ProConnect" not in html
    assert client.get(reverse("accounts:proconnect_login")).status_code == 404
    assert client.get(reverse("accounts:proconnect_callback"), {"code": "x", "state": "y"}).status_code == 404
    settings.PROCONNECT_BASE_URL = "https://proconnect.exemple.fr/api/v2"
    settings.PROCONNECT_CLIENT_ID = "emploi-territoires"
    settings.PROCONNECT_CLIENT_SECRET = "secret"
    html = unescape(client.get(reverse("accounts:login")).content.decode())
    assert "S'identifier avec" in html
    assert reverse("accounts:proconnect_login") in html


def test_authorize_request_carries_state_nonce_and_scopes(client, provider):
    url = _to_provider(client)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{provider.base_url}/authorize?")
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [provider.client_id]
    assert query["redirect_uri"] == ["http://testserver/comptes/proconnect/retour/"]
    assert set(query["scope"][0].split()) >= {"openid", "email", "given_name", "usual_name"}
    assert len(query["state"][0]) >= 20
    assert len(query["nonce"][0]) >= 20


def test_first_sign_in_creates_a_verified_professional_account(client, provider):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    user = User.objects.get(email="claire.dumont@varzy.fr")
    assert user.proconnect_sub == "pc-7f3a9c1e-agent-varzy"
    assert user.kind == User.Kind.PROFESSIONAL
    assert (user.first_name, user.last_name) == ("Claire", "Dumont")
    assert user.email_verified_at is not None
    assert not user.has_usable_password()
    assert _signed_in_user(client) == user
    html = _page_after(client, response)
    assert "Votre compte professionnel est créé avec ProConnect" in html
    assert "créez-la" in html  # how to join or create their organisation
    assert (provider.token_requests, provider.userinfo_requests) == (1, 1)


def test_known_agent_is_matched_by_sub_even_if_the_address_changed(client, provider):
    agent = UserFactory(email="c.dumont@mairie-varzy.fr", proconnect_sub="pc-7f3a9c1e-agent-varzy")
    response = sign_in(client)
    assert _signed_in_user(client) == agent
    assert User.objects.count() == 1
    assert "Vous êtes connecté avec ProConnect" in _page_after(client, response)


def test_a_password_account_with_the_same_address_is_linked(client, provider):
    agent = UserFactory(email="Claire.Dumont@varzy.fr", password="Nevers-Varzy-2026!")
    sign_in(client)
    agent.refresh_from_db()
    assert _signed_in_user(client) == agent
    assert agent.proconnect_sub == "pc-7f3a9c1e-agent-varzy"
    assert agent.has_usable_password()  # the password still works


def test_an_address_bound_to_another_sub_is_refused(client, provider):
    UserFactory(email="claire.dumont@varzy.fr", proconnect_sub="pc-une-autre-identite")
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "déjà associée à une autre identité ProConnect" in _page_after(client, response)


def test_a_candidate_account_keeps_its_password(client, provider):
    UserFactory(email="claire.dumont@varzy.fr", kind=User.Kind.CANDIDATE)
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "réservé aux agents publics" in _page_after(client, response)
    assert User.objects.get().proconnect_sub is None


def test_a_tampered_state_is_refused_before_any_call_to_the_provider(client, provider):
    callback = _at_provider(_to_provider(client))
    tampered = callback.replace("state=", "state=X")
    response = client.get(tampered)
    assert _signed_in_user(client) is None
    assert "n'a pas pu être vérifiée" in _page_after(client, response)
    assert provider.token_requests == 0
    assert not User.objects.exists()


def test_a_callback_from_another_browser_is_refused(client, provider):
    """Login CSRF: a code and state obtained in the attacker's session, replayed in the victim's."""
    callback = _at_provider(_to_provider(client))
    from django.test import Client

    victim = Client()
    response = victim.get(callback)
    assert _signed_in_user(victim) is None
    assert "n'a pas pu être vérifiée" in _page_after(victim, response)
    assert provider.token_requests == 0


def test_a_callback_replayed_after_success_is_refused(client, provider):
    callback = _at_provider(_to_provider(client))
    client.get(callback)
    client.post(reverse("accounts:logout"))
    response = client.get(callback)
    assert _signed_in_user(client) is None
    assert "n'a pas pu être vérifiée" in _page_after(client, response)


def test_an_id_token_with_a_replayed_nonce_is_refused(client, provider):
    first = _to_provider(client)
    old_nonce = parse_qs(urlsplit(first).query)["nonce"][0]
    client.get(_at_provider(first))
    client.post(reverse("accounts:logout"))
    User.objects.all().delete()
    provider.nonce_override = old_nonce  # an ID token of the previous sign-in, replayed
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "La réponse de ProConnect n'a pas pu être vérifiée" in _page_after(client, response)
    assert not User.objects.exists()


def test_the_agent_refuses_at_the_provider(client, provider):
    provider.deny_next = True
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "Vous avez annulé la connexion avec ProConnect" in _page_after(client, response)
    assert provider.token_requests == 0


def test_the_provider_goes_down_during_the_sign_in(client, provider):
    callback = _at_provider(_to_provider(client))
    provider.stop()
    response = client.get(callback)
    assert _signed_in_user(client) is None
    assert "ProConnect ne répond pas" in _page_after(client, response)
    assert not User.objects.exists()


def test_the_provider_is_down_before_the_sign_in(client, settings):
    op = Provider()  # never started: nothing listens on its port
    op.stop()
    settings.PROCONNECT_BASE_URL = op.base_url
    settings.PROCONNECT_CLIENT_ID = op.client_id
    settings.PROCONNECT_CLIENT_SECRET = op.client_secret
    response = client.get(reverse("accounts:proconnect_login"))
    assert response["Location"] == reverse("accounts:login")
    assert "ProConnect ne répond pas" in _page_after(client, response)


def test_an_unverified_address_is_refused(client, provider):
    provider.agent = {**provider.agent, "email_verified": False}
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "n'a pas confirmé votre adresse e-mail" in _page_after(client, response)
    assert not User.objects.exists()


def test_a_wrong_client_secret_signs_nobody_in(client, provider, settings):
    settings.PROCONNECT_CLIENT_SECRET = "pas-le-bon-secret"
    response = sign_in(client)
    assert _signed_in_user(client) is None
    assert "La réponse de ProConnect n'a pas pu être vérifiée" in _page_after(client, response)


def test_logout_ends_the_session_at_the_provider(client, provider):
    sign_in(client)
    id_token = client.session[proconnect.ID_TOKEN_SESSION_KEY]
    response = client.post(reverse("accounts:logout"))
    assert _signed_in_user(client) is None
    url = response["Location"]
    assert url.startswith(f"{provider.base_url}/session/end?")
    query = parse_qs(urlsplit(url).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("http://testserver/?state=")
    assert provider.logouts == [{"sub": "pc-7f3a9c1e-agent-varzy", "state": query["state"][0]}]


def test_a_password_logout_stays_local(client, provider):
    user = UserFactory(email="paul.martin@clamecy.fr")
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert not response["Location"].startswith(provider.base_url)
    assert provider.logouts == []
