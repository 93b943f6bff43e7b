"""Error pages: in French, in the site's layout, with the right status (handlers in the root URLconf)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from emploi_territoires.core.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_page_answers_a_french_404_in_the_layout(client):
    response = client.get("/offres/cette-offre-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Page introuvable</h1>" in html
    assert "Erreur 404" in html
    assert "Page introuvable — " in html  # the page's own <title>
    assert 'id="content"' in html  # the skip link's target: the DSFR layout is there
    assert "Not Found" not in html


def test_forbidden_page_gives_the_reason_in_french(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("accounts:organisation_create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Accès refusé</h1>" in html
    assert "Seuls les comptes professionnels peuvent créer une organisation." in html
    # Signed in: no "log in" button, the account is the problem, not the session.
    assert "Se connecter</a>" not in html.split('id="content"', 1)[1]


def test_server_error_page_needs_no_database_nor_context(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Erreur inattendue</h1>" in html
    assert "Rien n'est enregistré à moitié" in html


def test_a_nul_character_in_the_query_string_is_a_clean_400(client):
    # PostgreSQL cannot compare text holding NUL: without the middleware the board would answer 500.
    response = client.get("/offres/", {"q": "chef de projet", "departement": "\x0058"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Requête incorrecte</h1>" in html
    assert "Content-Security-Policy" in response.headers
    response = client.get("/api/v1/offers", {"commune": "\x00"})
    assert response.status_code == 400
    assert "caractère nul" in response.json()["detail"]
    # An ordinary search is untouched.
    assert client.get("/offres/", {"q": "chef de projet"}).status_code == 200
