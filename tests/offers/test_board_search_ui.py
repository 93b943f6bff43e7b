"""The board's form and the home page's search box (issue 18, « For users »).

- The home page has a job search (text + commune or postcode) whose field names are the board's,
  so « Rechercher » opens the board on that search.
- The board's form has the catégorie / versant / « ouvert aux contractuels » filters, and every
  filter but the text and the commune sits in a <details> « Filtrer » (closed: on a phone, the first
  result comes right after the search box), which says how many filters are set.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.search.indexing import index_offer
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def published(**fields):
    offer = OfferFactory(status=OfferStatus.PUBLISHED, **fields)
    index_offer(offer.pk)
    return offer


@pytest.fixture
def offers():
    return {
        "pvd": published(
            title="Chef·fe de projet Petites villes de demain (F/H)",
            organisation=OrganisationFactory(
                kind=Organisation.Kind.COLLECTIVITE, name="Commune de Clamecy", commune=clamecy()
            ),
            contract_type=ContractType.PROJECT,
        ),
        "prefecture": published(
            title="Chef·fe de projet immobilier de l'État (F/H)",
            organisation=OrganisationFactory(
                kind=Organisation.Kind.ANCT, name="Préfecture de la Nièvre", commune=nevers()
            ),
            contract_type=ContractType.CIVIL_SERVANT,
            public_category="B",
            profile="Poste réservé aux fonctionnaires (mutation ou détachement).",
        ),
    }


def test_home_page_search_box_opens_the_board_on_that_search(client, offers):
    html = client.get(reverse("core:home")).content.decode()
    start = html.index('<form method="get" action="/offres/" role="search" id="home-search-form">')
    form = html[start : html.index("</form>", start)]
    assert 'name="q"' in form and 'name="commune"' in form
    assert '<label class="fr-label" for="home-commune">Commune ou code postal' in form
    # What the form sends: a postcode is understood as the commune it serves.
    board = client.get(reverse("offers:board"), {"q": "chef de projet", "commune": "58500"})
    assert board.status_code == 200
    page = board.content.decode()
    assert "Petites villes de demain" in page and "immobilier de l&#x27;État" not in page
    assert 'id="board-commune" name="commune" value="Clamecy (58079)"' in page


def test_board_filters_sit_behind_a_closed_filtrer_disclosure(client, offers):
    html = client.get(reverse("offers:board")).content.decode()
    details = re.search(r'<details class="board-filters" id="board-filters"( open)?>', html)
    assert details is not None and details.group(1) is None
    start = html.index('id="board-filters"')
    # The text and the commune come before it; every other filter after.
    assert html.index('id="board-q"') < start and html.index('id="board-commune"') < start
    for field in (
        "board-radius",
        "board-contract-cdd",
        "board-categorie-A",
        "board-versant-etat",
        "board-contractuels",
    ):
        assert html.index(f'id="{field}"') > start, field
    assert re.search(r"<summary[^>]*>\s*Filtrer\s*</summary>", html)
    assert 'offers/board.css"' in html and 'offers/board.js"' in html


def test_the_filters_are_applied_and_counted_on_the_toggle(client, offers):
    response = client.get(reverse("offers:board"), {"versant": "etat", "categorie": "B"})
    html = response.content.decode()
    assert "Filtrer (2 filtres actifs)" in html
    assert 'id="board-versant-etat" name="versant" value="etat"\n                 checked' in html
    assert "immobilier de l&#x27;État" in html and "Petites villes de demain (F/H)" not in html
    assert "catégorie B" in html and "fonction publique de l&#x27;état" in html
    contractuels = client.get(reverse("offers:board"), {"contractuels": "1"}).content.decode()
    assert "Petites villes de demain (F/H)" in contractuels and "immobilier de l&#x27;État" not in contractuels
    assert "Filtrer (1 filtre actif)" in contractuels


def test_bad_filter_values_are_named_in_french_and_the_board_still_answers(client, offers):
    response = client.get(reverse("offers:board"), {"categorie": "E", "versant": "armée", "contractuels": "bof"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Catégorie inconnue : E." in html and "Versant inconnu : armée." in html
    assert "Ouvert aux contractuels" in html
    assert "Petites villes de demain (F/H)" in html and "immobilier de l&#x27;État" in html


def test_the_sort_select_defaults_to_the_natural_order(client, offers):
    html = client.get(reverse("offers:board"), {"q": "chef de projet"}).content.decode()
    assert '<option value="" selected>Pertinence (date sans mot-clé)</option>' in html
    assert '<option value="date" selected' not in html
