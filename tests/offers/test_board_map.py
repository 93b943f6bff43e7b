"""The map of the board's results (/offres/carte/): the choropleth of France with its table, the
zoom on a département with its points and results list, links to and from the board, bad input
answered in French, stored text escaped inside the SVG, pinned query counts.

Outlines come from the real GeoJSON (../shared) when it is there, else from rough boxes around
the same three départements (the page does not depend on their exact shape)."""

from __future__ import annotations

import re
from html import escape, unescape

import pytest
from django.urls import reverse

from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.search.indexing import index_offer
from emploi_territoires.territories import outlines
from emploi_territoires.territories.models import Departement
from tests.factories import CommuneFactory, DepartementFactory, OrganisationFactory, clamecy, nevers, saint_etienne
from tests.offers.factories import OfferFactory
from tests.search.test_mapping import ajaccio
from tests.territories.test_outlines import OUTLINES_FILE, small_geojson, square

pytestmark = pytest.mark.django_db
MAP = "/offres/carte/"


def published(commune, title: str, **fields):
    fields.setdefault("status", OfferStatus.PUBLISHED)
    offer = OfferFactory(organisation=OrganisationFactory(commune=commune), title=title, **fields)
    index_offer(offer.pk)
    return offer


@pytest.fixture
def geography():
    communes = {"saint_etienne": saint_etienne(), "clamecy": clamecy(), "nevers": nevers(), "ajaccio": ajaccio()}
    if OUTLINES_FILE.is_file():
        data = OUTLINES_FILE.read_bytes()
    else:
        data = small_geojson(
            [
                square("42", "Loire", 3.7, 45.2, 0.9),
                square("58", "Nièvre", 2.85, 46.65, 1.3),
                square("2A", "Corse-du-Sud", 8.5, 41.4, 0.9),
            ]
        )
    outlines.import_outlines(
        data, apply=True, vintage="ANCT 2026-07-21 (3f2b0c0)", source="departements_contours.geojson"
    )
    return communes


@pytest.fixture
def offers(geography):
    return [
        published(geography["clamecy"], "Chef·fe de projet Petites villes de demain (F/H)"),
        published(geography["clamecy"], "Secrétaire de mairie (F/H)"),
        published(geography["nevers"], "Chef·fe de projet Action cœur de ville (F/H)"),
        published(geography["saint_etienne"], "Chef·fe de projet renouvellement urbain (F/H)"),
        published(geography["saint_etienne"], "Comptable (F/H)"),
        published(geography["ajaccio"], "Chef·fe de projet Action cœur de ville (F/H)"),
    ]


def svg_of(html: str) -> str:
    match = re.search(r"<svg xmlns=.*?</svg>", html, re.S)
    assert match, "the page has an inline SVG map"
    return match.group(0)


def test_map_url_name():
    assert reverse("offers:map") == MAP


def test_national_map_colours_each_departement_and_names_it(anonymous_client, offers):
    response = anonymous_client.get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    assert 'role="group" aria-labelledby="carte-france-title carte-france-desc"' in svg
    assert '<title id="carte-france-title">Carte des offres par département : 6 offres</title>' in svg
    assert "<desc id=" in svg
    # Each département is a link with its name and count, for keyboards and screen readers.
    assert 'aria-label="Nièvre (58) : 3 offres"' in svg
    assert 'aria-label="Loire (42) : 2 offres"' in svg
    assert 'aria-label="Corse-du-Sud (2A) : 1 offre"' in svg
    assert 'href="/offres/carte/?departement=58"' in svg
    assert svg.count("<a ") == Departement.objects.count() == 3
    # The legend: no offer, then whole-number classes, DSFR blue for the most.
    legend = re.search(r'<ul class="offer-map-legend" id="map-legend">(.*?)</ul>', html, re.S).group(1)
    assert "Aucune offre" in legend and "3 offres" in legend and "#000091" in legend
    # The same numbers in a table (readable without the map).
    table = re.search(r'<div class="fr-table fr-mt-4w" id="map-table">(.*?)</table>', html, re.S).group(1)
    assert "<caption>Nombre d'offres par département</caption>" in table
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\"><a href=\"([^\"]+)\">([^<]+)</a></th>\s*<td>([^<]+)</td>\s*<td>(\d+)</td>", table
    )
    assert [(unescape(href), name, code, int(n)) for href, name, code, n in rows] == [
        ("/offres/carte/?departement=2A", "Corse-du-Sud", "2A", 1),
        ("/offres/carte/?departement=42", "Loire", "42", 2),
        ("/offres/carte/?departement=58", "Nièvre", "58", 3),
    ]
    assert "6 offres dans 3 départements." in html
    assert "Projection conique conforme de Lambert" in html
    assert "departements_contours.geojson, millésime ANCT 2026-07-21 (3f2b0c0)" in html
    assert 'href="/offres/"' in html  # back to the list


def test_national_map_follows_the_board_search(anonymous_client, offers):
    html = anonymous_client.get(MAP, {"q": "chef de projet", "programme": "acv"}).content.decode()
    svg = svg_of(html)
    assert 'aria-label="Nièvre (58) : 1 offre"' in svg
    assert 'aria-label="Corse-du-Sud (2A) : 1 offre"' in svg
    assert 'aria-label="Loire (42) : aucune offre"' in svg
    # Choosing a département keeps the search.
    assert 'href="/offres/carte/?q=chef+de+projet&amp;programme=acv&amp;departement=58"' in svg
    assert 'id="map-list-link" href="/offres/?q=chef+de+projet&amp;programme=acv"' in html


def test_departement_zoom_shows_its_offers_as_points_and_the_list(anonymous_client, offers):
    response = anonymous_client.get(MAP, {"departement": "58"})
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    assert '<title id="carte-departement-title">Carte des offres : Nièvre (58), 3 offres</title>' in svg
    points = re.findall(
        r'<a href="([^"]+)" aria-label="([^"]+)" class="offer-map__link"><title>[^<]*</title><circle', svg
    )
    assert len(points) == 2
    labels = sorted(unescape(label) for _href, label in points)
    assert labels[0].startswith("Clamecy : 2 offres — ")
    assert "Chef·fe de projet Petites villes de demain (F/H)" in labels[0] and "Secrétaire de mairie (F/H)" in labels[0]
    assert labels[1] == "Nevers : 1 offre — Chef·fe de projet Action cœur de ville (F/H)"
    hrefs = sorted(unescape(href) for href, _label in points)
    assert hrefs == [
        "/offres/carte/?departement=58&commune=Clamecy+%2858079%29",
        "/offres/carte/?departement=58&commune=Nevers+%2858194%29",
    ]
    assert svg.count("<circle") == 2
    assert 'stroke="#000091"' in svg  # the département's outline
    assert "km</text>" in svg  # the scale bar
    # The results list below the map: the board's cards, this département only.
    results = html[html.index('id="board-results"') :]
    assert "Secrétaire de mairie (F/H)" in results and "Comptable (F/H)" not in results
    assert 'id="map-france-link" href="/offres/carte/"' in html
    assert 'id="map-list-link" href="/offres/?departement=58"' in html


def test_zoom_on_a_commune_keeps_the_departement(anonymous_client, offers):
    html = anonymous_client.get(MAP, {"departement": "58", "commune": "Clamecy (58079)"}).content.decode()
    svg = svg_of(html)
    assert svg.count("<circle") == 1
    assert "Nevers" not in svg.split("</desc>")[1]
    assert 'id="map-departement-link" href="/offres/carte/?departement=58"' in html


def test_corsica_zoom(anonymous_client, offers):
    html = anonymous_client.get(MAP, {"departement": "2a"}).content.decode()
    assert "Carte des offres : Corse-du-Sud (2A)" in html
    assert svg_of(html).count("<circle") == 1


@pytest.mark.parametrize("code", ["99", "5", "2C", "<script>", "58' OR 1=1", "9" * 300])
def test_bad_departement_is_a_french_message_never_a_500(anonymous_client, offers, code):
    response = anonymous_client.get(MAP, {"departement": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Département inconnu" in html and "La carte montre la France entière." in html
    assert "<SCRIPT>" not in html  # the code is echoed escaped (upper-cased by the parser)
    assert 'id="carte-france"' in html  # the map of France instead


def test_titles_and_names_are_escaped_inside_the_svg(anonymous_client, geography):
    title = 'Agent·e d\'accueil <script>alert("x")</script> & « Maison France services »'
    published(geography["clamecy"], title)
    html = anonymous_client.get(MAP, {"departement": "58"}).content.decode()
    svg = svg_of(html)
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; « Maison France services »" in svg
    labels = re.findall(r'aria-label="([^"]+)"', svg)
    assert len(labels) == 1 and unescape(labels[0]) == f"Clamecy : 1 offre — {title}"


def test_without_outlines_the_table_is_the_map(anonymous_client, offers):
    from emploi_territoires.territories.models import DepartementOutline

    DepartementOutline.objects.all().delete()
    html = anonymous_client.get(MAP).content.decode()
    assert "<svg xmlns" not in html
    assert "Les contours des départements ne sont pas chargés" in html
    assert "<caption>Nombre d'offres par département</caption>" in html
    zoom = anonymous_client.get(MAP, {"departement": "58"}).content.decode()
    assert svg_of(zoom).count("<circle") == 2
    assert "Le contour de ce département n'est pas chargé" in zoom


def test_board_links_to_the_map_with_the_same_search(anonymous_client, offers):
    html = anonymous_client.get("/offres/", {"q": "chef de projet", "departement": "58"}).content.decode()
    assert 'id="board-map-link" href="/offres/carte/?q=chef+de+projet&amp;departement=58"' in html


def test_map_is_get_only(anonymous_client):
    assert anonymous_client.post(MAP).status_code == 405


def test_map_query_counts_are_pinned(anonymous_client, offers, django_assert_max_num_queries):
    anonymous_client.get(MAP)  # warms the in-process layout of France
    with django_assert_max_num_queries(12):
        anonymous_client.get(MAP, {"q": "chef de projet"})
    with django_assert_max_num_queries(14):
        anonymous_client.get(MAP, {"departement": "58"})


def test_a_departement_without_outline_is_listed_not_drawn(anonymous_client, geography):
    DepartementFactory(code="21", name="Côte-d'Or", region=Departement.objects.get(pk="58").region)
    CommuneFactory(
        code="21231",
        name="Dijon",
        postcodes=["21000"],
        population=159_346,
        departement=Departement.objects.get(pk="21"),
        epci=None,
        latitude=47.32313,
        longitude=5.03806,
        in_ti=False,
        in_qpv=True,
        in_fs=True,
        in_acv=True,
    )
    published(Departement.objects.get(pk="21").communes.get(), "Chargé·e de mission commerce (F/H)")
    html = anonymous_client.get(MAP).content.decode()
    # The import ran before Côte-d'Or existed here: listed in the table, not drawn.
    assert "Sans contour chargé, listés dans le tableau seulement : Côte-d&#x27;Or." in html
    row = re.search(r"Côte-d&#x27;Or</a></th>(.*?)</tr>", html, re.S).group(1)
    assert "<td>1</td>" in row and "non dessiné" in row


@pytest.mark.parametrize(
    "query", [{}, {"departement": "58"}, {"departement": "58", "commune": "Clamecy (58079)"}, {"departement": "99"}]
)
def test_every_template_variable_is_rendered(anonymous_client, offers, settings, query):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    html = anonymous_client.get(MAP, query).content.decode()
    assert "INVALID[" not in html


@pytest.mark.slow
def test_every_departement_of_the_cog_is_drawn_and_named(anonymous_client, cog):
    if not OUTLINES_FILE.is_file():
        pytest.skip(f"Contours des départements absents ({OUTLINES_FILE}) : le projet n'en committe pas de copie.")
    outlines.import_outlines(OUTLINES_FILE.read_bytes(), apply=True)
    svg = svg_of(anonymous_client.get(MAP).content.decode())
    departements = list(Departement.objects.values_list("code", "name"))
    assert len(departements) == 101
    for code, name in departements:
        label = escape(f"{name} ({code}) : aucune offre")
        assert f'<a href="/offres/carte/?departement={code}" aria-label="{label}"' in svg, code
    assert svg.count('class="offer-map__area"') == 101


def test_departement_page_links_to_its_map(anonymous_client, offers):
    html = anonymous_client.get(reverse("territories:departement", args=["58"])).content.decode()
    assert 'id="territory-offers-map" href="/offres/carte/?departement=58"' in html
    assert "Voir ces offres sur la carte" in html


@pytest.mark.parametrize(
    "query",
    [
        {"radius": "trente"},
        {"commune": "Atlantide", "radius": "10"},
        {"salary_min": "-5"},
        {"page": "abc"},
        {"page": "99999", "departement": "58"},
        {"contract": "astronaute"},
        {"q": "de la"},
        {"q": "x" * 500, "departement": "42"},
        {"departement": "58", "commune": "Saint-Étienne (42218)"},
        {"departement": ["58", "42"]},
    ],
)
def test_bad_or_odd_parameters_never_give_a_500(anonymous_client, offers, query):
    response = anonymous_client.get(MAP, query)
    assert response.status_code == 200
    assert "<svg xmlns" in response.content.decode()


def test_zoom_legend_circles_have_valid_radii(anonymous_client, offers):
    html = anonymous_client.get(MAP, {"departement": "58"}).content.decode()
    legend = re.search(r'<ul class="offer-map-legend" id="map-legend">(.*?)</ul>', html, re.S).group(1)
    radii = re.findall(r'<circle cx="18" cy="18" r="([^"]+)"', legend)
    assert len(radii) == 2 and all(re.fullmatch(r"\d+\.\d", r) for r in radii)  # never « 5,0 »
    assert "1 offre dans la commune" in legend and "2 offres dans la commune" in legend
