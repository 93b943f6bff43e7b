"""The public board (/offres/) and the offer page (/offres/<reference>/): public, GET-only,
bad parameters answered on the page, HTMX partial, pinned query counts."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.search.indexing import index_offer
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
BOARD = "/offres/"


def published(**fields):
    fields.setdefault("status", OfferStatus.PUBLISHED)
    offer = OfferFactory(**fields)
    index_offer(offer.pk)
    return offer


def test_board_url_names():
    assert reverse("offers:board") == BOARD
    assert reverse("offers:list") == BOARD


def test_anonymous_sees_published_offers_only(anonymous_client):
    offer = published(title="Chef·fe de projet Petites villes de demain (F/H)")
    draft = OfferFactory(title="Brouillon secret (F/H)")
    index_offer(draft.pk)
    response = anonymous_client.get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert offer.title in html and offer.get_absolute_url() in html
    assert "Brouillon secret" not in html
    assert "1 offre" in html


def test_logged_in_people_see_the_same_board(client, recruiter_b, candidate):
    offer = published()
    for user in (recruiter_b, candidate):
        client.force_login(user)
        assert offer.title in client.get(BOARD).content.decode()


def test_search_by_text_and_radius_with_card_details(anonymous_client):
    near = published(
        organisation=OrganisationFactory(commune=clamecy(), name="Menuiserie du Haut Nivernais"),
        title="Menuisier agenceur (F/H)",
        contract_type=ContractType.CDI,
        salary_min=26_000,
        salary_max=30_000,
    )
    published(organisation=OrganisationFactory(commune=nevers()), title="Menuisier poseur (F/H)")
    response = anonymous_client.get(BOARD, {"q": "menuisiers", "commune": "58079", "radius": "30"})
    html = response.content.decode()
    assert near.title in html and "Menuisier poseur" not in html
    assert "Menuiserie du Haut Nivernais" in html
    assert "Clamecy (58)" in html and "à 0 km" in html
    assert "26\u202f000 € à 30\u202f000 € brut par an" in html
    assert ">PVD<" in html  # Clamecy is a Petite ville de demain
    assert 'value="Clamecy (58079)"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"radius": "trente"}, "nombre entier de kilomètres"),
        ({"radius": "30"}, "Choisissez une commune"),
        ({"departement": "999"}, "Département inconnu : « 999 »"),
        ({"commune": "Atlantide", "radius": "10"}, "Commune inconnue"),
        ({"salary_min": "-5"}, "montant annuel"),
        ({"page": "abc"}, None),
        ({"page": "99999"}, None),
        ({"contract": "astronaute"}, "Type de contrat inconnu"),
    ],
)
def test_bad_parameters_give_a_message_never_a_500(anonymous_client, params, message):
    published()
    response = anonymous_client.get(BOARD, params)
    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert "Certains filtres n'ont pas pu être appliqués" in html
        assert message in html
    # The other filters still apply: the offer is listed.
    assert "1 offre" in html


def test_htmx_request_gets_the_results_partial(anonymous_client):
    offer = published()
    response = anonymous_client.get(
        BOARD, {"q": "mission"}, headers={"HX-Request": "true", "HX-Target": "board-results"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert offer.title in html
    assert "<html" not in html and 'id="board-form"' not in html
    assert "HX-Request" in response["Vary"]
    # History restoration asks for the whole page.
    full = anonymous_client.get(
        BOARD, headers={"HX-Request": "true", "HX-Target": "board-results", "HX-History-Restore-Request": "true"}
    )
    assert 'id="board-form"' in full.content.decode()


def test_board_and_offer_page_are_get_only(anonymous_client):
    offer = published()
    assert anonymous_client.post(BOARD, {"q": "x"}).status_code == 405
    assert anonymous_client.post(offer.get_absolute_url()).status_code == 405
    assert anonymous_client.head(BOARD).status_code == 200


def test_form_is_get_and_htmx_driven(anonymous_client):
    html = anonymous_client.get(BOARD).content.decode()
    form = re.search(r'<form method="get"[^>]*id="board-form"[^>]*>', html, re.S).group(0)
    assert 'hx-push-url="true"' in form and 'hx-target="#board-results"' in form
    assert BOARD + "flux/offres.rss" in html


def test_empty_result_says_how_to_widen(anonymous_client):
    published(organisation=OrganisationFactory(commune=nevers()))
    clamecy()
    html = anonymous_client.get(BOARD, {"commune": "58079", "radius": "30"}).content.decode()
    assert "Aucune offre ne correspond" in html
    assert "Élargir le rayon à 60 km" in html and "(1 offre)" in html
    assert "radius=60" in html


def test_capped_count_wording(anonymous_client, monkeypatch):
    from emploi_territoires.search import offers as search_module

    for _ in range(3):
        published()
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    monkeypatch.setattr("emploi_territoires.search.board.COUNT_CAP", 2)
    html = anonymous_client.get(BOARD, {"page": "1"}).content.decode()
    assert "Plus de 2 offres" in html


def test_pagination_links_keep_the_filters(anonymous_client):
    for _ in range(21):
        published()
    html = anonymous_client.get(BOARD, {"q": "mission", "contract": "contractuel"}).content.decode()
    assert "21 offres" in html
    assert "?q=mission&amp;contract=contractuel&amp;page=2" in html
    second = anonymous_client.get(BOARD, {"q": "mission", "contract": "contractuel", "page": "2"})
    assert second.content.decode().count('class="fr-card ') == 1


def test_board_query_count_is_pinned(anonymous_client, django_assert_max_num_queries):
    for _ in range(25):
        published(organisation=OrganisationFactory(commune=clamecy()))
    anonymous_client.get(BOARD, {"commune": "58079", "radius": "30"})  # loads the commune positions (once a process)
    # commune, positions fingerprint, results, count, regions, départements, site config; on PostgreSQL also
    # the planner settings around the search (SET/RESET), wider time windows when the recent days
    # hold too few matches (at most 3), the page's rows read apart from the candidates, and the
    # count estimate. Constant whatever the number of offers.
    with django_assert_max_num_queries(14):
        response = anonymous_client.get(BOARD, {"q": "mission", "commune": "58079", "radius": "30"})
    assert response.content.decode().count('class="fr-card ') == 20


def test_empty_board_query_count_is_pinned(anonymous_client, django_assert_max_num_queries):
    published(organisation=OrganisationFactory(commune=nevers()))
    anonymous_client.get(BOARD, {"commune": "58079", "radius": "30"})
    # + one count per suggestion (at most 6, each with its SET/RESET on PostgreSQL).
    with django_assert_max_num_queries(28):
        anonymous_client.get(BOARD, {"commune": "58079", "radius": "30", "contract": "cdd", "remote": "full"})


# --- the offer page -------------------------------------------------------------------------------


def jsonld_of(response) -> dict:
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script"
    assert match.group(1) in response["Content-Security-Policy"]
    return json.loads(match.group(2))


def test_offer_page_is_public(anonymous_client):
    offer = published(title="Chef·fe de projet Action cœur de ville (F/H)")
    response = anonymous_client.get(offer.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chef·fe de projet Action cœur de ville (F/H)" in html
    assert "Comment postuler" in html and "Se connecter pour postuler" in html


@pytest.mark.parametrize(
    "status",
    [OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.FILLED, OfferStatus.EXPIRED, OfferStatus.ARCHIVED],
)
def test_unpublished_offers_are_404_even_for_their_members(client, recruiter_a, organisation_a, status):
    offer = OfferFactory(organisation=organisation_a, status=status)
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(recruiter_a)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_unknown_reference_is_404(anonymous_client):
    assert anonymous_client.get("/offres/ET-2099-999999/").status_code == 404


def test_offer_page_query_count(anonymous_client, django_assert_max_num_queries):
    offer = published()
    # 2 for the page; « Offres similaires » (search/similar.py) adds its searches (the nearby and
    # the national one, the relevance ranking may take two statements each), the radius's
    # fingerprint and the same occupation, plus three loads a process does once (commune positions,
    # the typo vocabulary and the count of offers, up to 20,001, that decides whether the vocabulary
    # is read in the request or in a background thread); then it is cached for the next visitors.
    # PostgreSQL's searches add their SET/RESET statements (search.offers._PG_SEARCH_SETTINGS).
    with django_assert_max_num_queries(15 if connection.vendor == "postgresql" else 11):
        anonymous_client.get(offer.get_absolute_url())
    with django_assert_max_num_queries(3):  # + checking that the cached similar offers are still online
        anonymous_client.get(offer.get_absolute_url())


def test_apply_by_email_and_url(anonymous_client):
    by_email = published(apply_method="email", apply_email="recrutement@mairie-clamecy.fr")
    by_url = published(apply_method="url", apply_url="https://recrutement.exemple.fr/offre/12")
    assert "mailto:recrutement@mairie-clamecy.fr" in anonymous_client.get(by_email.get_absolute_url()).content.decode()
    assert "https://recrutement.exemple.fr/offre/12" in anonymous_client.get(by_url.get_absolute_url()).content.decode()
