"""Territory pages: what each page shows, links between levels, 404s and pinned query counts."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.territories.models import (
    EPCI,
    Commune,
    CoordinatesSource,
    Departement,
    Programme,
    ProgrammeImport,
    ProgrammeMembership,
    Region,
)
from emploi_territoires.territories.search import normalize

pytestmark = pytest.mark.django_db

# Beyond the page's own queries, every request may read the session, the user and the
# DsfrConfig row: the budgets below include those, the reference vintage (one row) and the
# offers block (the board's search: the latest offers, and their count when there are more).
# On PostgreSQL the board's search runs up to four more statements (the capped exact count and the ranking
# of the recent matches are separate queries there; SQLite counts inside FTS5).
_SEARCH_EXTRA = 0 if connection.vendor == "sqlite" else 4
COMMUNE_PAGE_QUERIES = 7 + _SEARCH_EXTRA
LIST_PAGE_QUERIES = 12 + _SEARCH_EXTRA


def make_commune(code: str, name: str, population: int, departement: Departement, **fields) -> Commune:
    return Commune.objects.create(
        code=code,
        name=name,
        search_name=normalize(name),
        population=population,
        departement=departement,
        region=departement.region,
        **fields,
    )


@pytest.fixture
def territory():
    """A small real slice of the COG: Loire around Saint-Étienne, and Clamecy in the Nièvre."""
    ara = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    loire = Departement.objects.create(code="42", name="Loire", region=ara)
    sem = EPCI.objects.create(siren="244200770", name="Saint-Étienne Métropole", nature="METRO", population=0)
    saint_etienne = make_commune(
        "42218",
        "Saint-Étienne",
        173089,
        loire,
        epci=sem,
        postcodes=["42000", "42100"],
        latitude=45.4339,
        longitude=4.3872,
        coordinates_source=CoordinatesSource.CENTROID_FILE,
        in_acv=True,
        in_qpv=True,
        in_ti=True,
    )
    firminy = make_commune("42095", "Firminy", 16980, loire, epci=sem, postcodes=["42700"], in_ti=True)
    roche = make_commune("42189", "Roche-la-Molière", 10213, loire, epci=sem, postcodes=["42230"], in_ti=True)
    bfc = Region.objects.create(code="27", name="Bourgogne-Franche-Comté")
    nievre = Departement.objects.create(code="58", name="Nièvre", region=bfc)
    clamecy = make_commune("58079", "Clamecy", 3986, nievre, postcodes=["58500"], in_pvd=True)
    ProgrammeMembership.objects.create(
        programme=Programme.PVD,
        vintage="2024-08-07",
        local_id="pvd-27-58-03",
        local_name="Clamecy",
        commune=clamecy,
        signed_on=dt.date(2021, 5, 27),
    )
    ProgrammeMembership.objects.create(
        programme=Programme.ACV,
        vintage="2024-09-05",
        local_id="acv-196",
        local_name="Saint-Étienne",
        commune=saint_etienne,
    )
    for code, name in (("QN04205M", "Montreynaud"), ("QN04207M", "Tarentaize - Beaubrun - Séverine")):
        ProgrammeMembership.objects.create(
            programme=Programme.QPV, vintage="2024", local_id=code, local_name=name, commune=saint_etienne
        )
    ProgrammeMembership.objects.create(
        programme=Programme.TI,
        vintage="2024",
        local_id="ti-84-17",
        local_name="Saint-Étienne Métropole",
        epci=sem,
    )
    ProgrammeImport.objects.create(
        programme=Programme.PVD, vintage="2024-08-07", source_name="pvd_communes_2024.csv", checksum="0" * 64
    )
    return {
        "ara": ara,
        "loire": loire,
        "sem": sem,
        "saint_etienne": saint_etienne,
        "firminy": firminy,
        "roche": roche,
        "bfc": bfc,
        "nievre": nievre,
        "clamecy": clamecy,
    }


def text(response) -> str:
    return response.content.decode()


def test_pvd_commune_page_shows_programme_vintage_and_breadcrumb(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(COMMUNE_PAGE_QUERIES):
        response = client.get(reverse("territories:commune", args=["58079"]))
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Clamecy</h1>" in html
    assert "Petites villes de demain" in html
    assert "2024-08-07" in html
    assert "27 mai 2021" in html
    assert "3\u202f986 habitants" in html
    # Breadcrumb: Territoires > région > département > current page (Clamecy has no EPCI).
    breadcrumb = html[html.index('class="fr-breadcrumb"') :]
    assert breadcrumb.index("Bourgogne-Franche-Comté") < breadcrumb.index("Nièvre (58)") < breadcrumb.index("Clamecy")
    assert 'href="/territoires/departement/58"' in html
    assert "Coordonnées : inconnues" in html
    assert "Offres d'emploi sur ce territoire" in html


def test_commune_page_shows_qpv_codes_ti_through_its_epci_and_coordinates_origin(client, territory):
    html = text(client.get(reverse("territories:commune", args=["42218"])))
    assert "Montreynaud" in html and "QN04205M" in html
    assert "Tarentaize - Beaubrun - Séverine" in html and "QN04207M" in html
    # The TI list names EPCI: Saint-Étienne is in it through Saint-Étienne Métropole.
    assert "Territoires d&#x27;industrie" in html
    assert "ti-84-17" in html
    assert "Action cœur de ville" in html and "acv-196" in html
    assert "latitude 45,4339" in html and "longitude 4,3872" in html
    assert "centroïde importé" in html
    assert 'href="/territoires/epci/244200770"' in html
    breadcrumb = html[html.index('class="fr-breadcrumb"') :]
    assert (
        breadcrumb.index("Auvergne-Rhône-Alpes")
        < breadcrumb.index("Loire (42)")
        < breadcrumb.index("Saint-Étienne Métropole")
        < breadcrumb.index('aria-current="page">Saint-Étienne<')
    )


def test_epci_page_lists_its_communes_by_population(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("territories:epci", args=["244200770"]))
    assert response.status_code == 200
    html = text(response)
    table = html[html.index("<table>") :]
    assert table.index("Saint-Étienne") < table.index("Firminy") < table.index("Roche-la-Molière")
    # The population is the sum of the communes' (territories.figures), with its source.
    assert "200\u202f282 habitants" in html
    assert "population municipale (Insee), somme des communes" in html
    assert "ti-84-17" in html


def test_epci_page_query_count_does_not_grow_with_its_communes(client, territory, django_assert_max_num_queries):
    for i in range(60):
        make_commune(f"42{300 + i}", f"Commune {i}", 100 + i, territory["loire"], epci=territory["sem"])
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("territories:epci", args=["244200770"]), {"page": "2"})
    html = text(response)
    assert "page 2 sur 2" in html
    assert 'class="fr-pagination"' in html
    # On the last page, "next" and "last" lead nowhere: disabled as the DSFR documents (axe-core
    # flags bare links without href), while "previous" is a real link.
    nav = html[html.index('class="fr-pagination"') :]
    assert nav.count('aria-disabled="true" role="link"') == 2
    assert "?page=1" in nav


def test_departement_page_lists_communes_and_epcis(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("territories:departement", args=["42"]))
    html = text(response)
    assert "<h1>Loire (42)</h1>" in html
    assert "200\u202f282 habitants" in html
    assert 'href="/territoires/epci/244200770"' in html
    table = html[html.index("<table>") :]
    assert table.index("Saint-Étienne") < table.index("Firminy")
    # Programme links keep the département as a filter.
    assert 'href="/territoires/programme/acv?departement=42"' in html


def test_region_page_lists_departements(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("territories:region", args=["27"]))
    html = text(response)
    assert "<h1>Bourgogne-Franche-Comté</h1>" in html
    assert 'href="/territoires/departement/58"' in html
    assert "Petites villes de demain" in html


def test_programme_page_lists_members_and_filters_by_departement(client, territory, django_assert_max_num_queries):
    url = reverse("territories:programme", args=["pvd"])
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(url)
    html = text(response)
    assert "<h1>Petites villes de demain</h1>" in html
    assert "millésime 2024-08-07" in html
    assert "Clamecy" in html

    html = text(client.get(url, {"departement": "42"}))
    # Loire has no PVD member: it is not offered in the filter, and asking for it says so.
    assert "n&#x27;existe pas ou n&#x27;a aucun membre" in html
    assert "Clamecy" in html

    html = text(client.get(url, {"departement": "58"}))
    assert '<option value="58" selected>' in html
    assert "Membres dans le département 58" in html


def test_ti_programme_page_lists_epcis_and_filters_by_departement(client, territory):
    url = reverse("territories:programme", args=["ti"])
    html = text(client.get(url, {"departement": "42"}))
    assert "Membres dans le département 42" in html
    assert 'href="/territoires/epci/244200770"' in html
    assert "ti-84-17" in html


def test_programme_entity_page_for_a_qpv(client, territory):
    response = client.get(reverse("territories:programme_entity", args=["qpv", "QN04205M"]))
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Montreynaud</h1>" in html
    assert 'href="/territoires/commune/42218"' in html


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("territories:commune", ["99999"]),
        ("territories:epci", ["000000000"]),
        ("territories:departement", ["00"]),
        ("territories:region", ["00"]),
        ("territories:programme", ["xyz"]),
        ("territories:programme_entity", ["qpv", "QN00000X"]),
        ("territories:programme_entity", ["zzz", "QN04205M"]),
    ],
)
def test_unknown_codes_answer_404(client, territory, name, args):
    assert client.get(reverse(name, args=args)).status_code == 404


def test_index_lists_regions_programmes_and_search_box(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("territories:index"))
    html = text(response)
    assert 'href="/territoires/region/84"' in html
    assert 'href="/territoires/programme/qpv"' in html
    assert '<label class="fr-label" for="commune-search-input">' in html
    assert 'aria-live="polite"' in html


def test_search_finds_communes_by_name(client, territory):
    response = client.get(reverse("territories:search"), {"q": "firminy"})
    # One match: straight to the commune's page.
    assert response.status_code == 302
    assert response["Location"] == "/territoires/commune/42095"

    # The same search finds the other levels: the commune and its metropolis.
    html = text(client.get(reverse("territories:search"), {"q": "saint etienne"}))
    assert '<a href="/territoires/commune/42218">Saint-Étienne (Loire, 42)</a> — commune' in html
    assert '<a href="/territoires/epci/244200770">Saint-Étienne Métropole</a> — intercommunalité' in html

    make_commune("42207", "Saint-Étienne-le-Molard", 1002, territory["loire"])
    html = text(client.get(reverse("territories:search"), {"q": "Saint-Étienne"}))
    assert 'href="/territoires/commune/42218"' in html
    assert 'href="/territoires/commune/42207"' in html
    assert html.index("/territoires/commune/42218") < html.index("/territoires/commune/42207")


def test_search_explains_empty_and_too_short_queries(client, territory):
    html = text(client.get(reverse("territories:search"), {"q": "Zzyzx"}))
    assert "Aucun territoire ne correspond à « Zzyzx »" in html
    html = text(client.get(reverse("territories:search"), {"q": "a"}))
    assert "Saisissez au moins 2 caractères" in html
    response = client.get(reverse("territories:search"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "limitée à 100 caractères" in text(response)


def test_suggestions_partial_lists_matching_communes(client, territory):
    response = client.get(reverse("territories:suggestions"), {"q": "fir"}, HTTP_HX_REQUEST="true")
    html = text(response)
    assert "<html" not in html
    assert 'href="/territoires/commune/42095"' in html
    assert "Firminy (Loire, 42)" in html
    assert text(client.get(reverse("territories:suggestions"), {"q": ""})).strip() == ""


def test_search_box_wires_htmx_suggestions(client, territory):
    html = text(client.get(reverse("territories:search")))
    field = re.search(r"<input[^>]*id=\"commune-search-input\"[^>]*>", html, re.S)
    assert field is not None
    assert 'hx-get="/territoires/recherche/suggestions"' in field.group(0)
    assert 'hx-target="#commune-suggestions"' in field.group(0)


def test_territory_templates_render_no_unknown_variable(client, territory, settings):
    # Strict rendering: a typo in a variable name would show up as the marker.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}]
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    make_commune("42207", "Saint-Étienne-le-Molard", 1002, territory["loire"])
    for url in (
        reverse("territories:commune", args=["42218"]),
        reverse("territories:commune", args=["58079"]),
        reverse("territories:epci", args=["244200770"]),
        reverse("territories:departement", args=["42"]),
        reverse("territories:region", args=["84"]),
        reverse("territories:programme", args=["pvd"]) + "?departement=99",
        reverse("territories:programme", args=["ti"]),
        reverse("territories:programme_entity", args=["ti", "ti-84-17"]),
        reverse("territories:search") + "?q=saint",
        reverse("territories:search") + "?q=x",
        reverse("territories:suggestions") + "?q=saint",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "INVALID[" not in response.content.decode(), url


def test_programme_pagination_keeps_the_departement_filter(client, territory):
    for i in range(55):
        commune = make_commune(f"58{200 + i}", f"Village {i}", 500 + i, territory["nievre"], in_pvd=True)
        ProgrammeMembership.objects.create(
            programme=Programme.PVD, vintage="2024-08-07", local_id=f"pvd-27-58-{100 + i}", commune=commune
        )
    html = text(client.get(reverse("territories:programme", args=["pvd"]), {"departement": "58", "page": "2"}))
    assert "page 2 sur 2" in html
    assert 'href="?departement=58&amp;page=1"' in html
    # The most populous member is on page 1, so page 2 does not show Clamecy.
    assert ">Clamecy</a>" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/territoires/",
        "/territoires/commune/42218",
        "/territoires/epci/244200770",
        "/territoires/departement/42",
        "/territoires/region/84",
        "/territoires/programme/qpv",
        "/territoires/programme/qpv/QN04205M",
        "/territoires/recherche?q=saint",
    ],
)
def test_headings_are_in_order(client, territory, url):
    make_commune("42207", "Saint-Étienne-le-Molard", 1002, territory["loire"])
    html = text(client.get(url))
    main = html[html.index('<main id="content"') : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Every form field has a label: the search box on the home and search pages, the filter of a programme.
    field_ids = re.findall(r"<(?:input|select)[^>]*\bid=\"([^\"]+)\"", main)
    expected = {
        "/territoires/": ["commune-search-input"],
        "/territoires/programme/qpv": ["departement-filter"],
        "/territoires/recherche?q=saint": ["commune-search-input"],
    }
    assert field_ids == expected.get(url, [])
    for field_id in field_ids:
        assert f'for="{field_id}"' in main


# --- Offers of a territory: the board's own search, and a link to the board filtered on it --------


@pytest.fixture
def publish(territory):
    """Publish an offer in a commune and index it, as the publication does (newest last by default)."""
    from emploi_territoires.offers.models import OfferStatus
    from emploi_territoires.search.indexing import index_offer
    from tests.factories import OrganisationFactory
    from tests.offers.factories import OfferFactory

    employers = {}
    made = []

    def make(commune, title, hours_ago=0, **fields):
        if commune.code not in employers:
            employers[commune.code] = OrganisationFactory(name=f"Mairie de {commune.name}", commune=commune)
        offer = OfferFactory(
            organisation=employers[commune.code],
            commune=commune,
            title=title,
            status=fields.pop("status", OfferStatus.PUBLISHED),
            published_at=timezone.now() - dt.timedelta(hours=hours_ago),
            **fields,
        )
        index_offer(offer.pk)
        made.append(offer)
        return offer

    return make


def offers_count(html: str) -> str:
    section = html[html.index('id="territory-offers-count"') :]
    section = section[section.index(">") + 1 :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)).replace("&#x27;", "'").strip()[:80]


def board_link(html: str) -> str:
    section = html[html.index('id="offers-title"') :]
    return re.search(r'href="(/offres/\?[^"]+)"', section).group(1).replace("&amp;", "&")


def board_references(client, url: str) -> tuple[str, set[str]]:
    html = text(client.get(url))
    count = re.search(r'id="board-count">\s*([^<]+)', html).group(1).strip()
    return count, set(re.findall(r'href="/offres/(ET-[0-9-]+)/"', html))


def test_commune_page_lists_its_offers_and_links_to_the_board_filtered_on_it(
    client, territory, publish, django_assert_max_num_queries
):
    clamecy = territory["clamecy"]
    titles = [
        "Secrétaire général de mairie (F/H)",
        "Agent des services techniques (F/H)",
        "Chef de projet Petites villes de demain (F/H)",
        "Volontaire territorial en administration (F/H)",
        "Agent d'entretien des espaces verts (F/H)",
        "Animateur périscolaire (F/H)",
    ]
    offers = [publish(clamecy, title, hours_ago=i) for i, title in enumerate(titles)]
    elsewhere = publish(territory["saint_etienne"], "Développeur économique (F/H)")
    # Not on the board, so not on the page: a draft, and an offer past its closing date.
    from emploi_territoires.offers.models import OfferStatus

    publish(clamecy, "Brouillon de fiche de poste (F/H)", status=OfferStatus.DRAFT)
    publish(clamecy, "Offre close (F/H)", hours_ago=200, closing_date=timezone.localdate() - dt.timedelta(days=1))

    with django_assert_max_num_queries(COMMUNE_PAGE_QUERIES):
        response = client.get(reverse("territories:commune", args=["58079"]))
    html = text(response)
    assert "n'est pas encore ouverte" not in html
    assert offers_count(html).startswith("6 offres publiées à Clamecy.")
    listed = re.findall(r'<li>\s*<a href="/offres/(ET-[0-9-]+)/">', html)
    assert listed == [o.reference for o in offers[:5]]  # the 5 most recent, newest first
    assert elsewhere.reference not in html

    url = board_link(html)
    assert url == "/offres/?commune=Clamecy+%2858079%29"
    count, references = board_references(client, url)
    assert count.startswith("6 offres")
    assert references == {o.reference for o in offers}


def test_epci_departement_and_region_pages_count_what_their_board_link_shows(
    client, territory, publish, django_assert_max_num_queries
):
    in_sem = {
        publish(territory["saint_etienne"], "Chargé de mission commerce (F/H)"),
        publish(territory["saint_etienne"], "Manager de centre-ville (F/H)"),
        publish(territory["firminy"], "Agent de médiathèque (F/H)"),
    }
    in_clamecy = {publish(territory["clamecy"], "Chef de projet Petites villes de demain (F/H)")}
    epci = "3 offres publiées dans l'intercommunalité"
    cases = [
        ("territories:epci", "244200770", "/offres/?epci=244200770", epci, in_sem),
        ("territories:departement", "42", "/offres/?departement=42", "3 offres publiées dans le département", in_sem),
        ("territories:region", "84", "/offres/?region=84", "3 offres publiées dans la région", in_sem),
        ("territories:region", "27", "/offres/?region=27", "1 offre publiée dans la région", in_clamecy),
    ]
    for name, code, expected_url, expected_count, expected in cases:
        with django_assert_max_num_queries(LIST_PAGE_QUERIES):
            html = text(client.get(reverse(name, args=[code])))
        assert offers_count(html).startswith(expected_count), (name, code)
        url = board_link(html)
        assert url == expected_url
        count, references = board_references(client, url)
        assert count == expected_count.split(" publiée")[0], (url, count)
        assert references == {o.reference for o in expected}, url


def test_programme_and_qpv_pages_show_their_communes_offers(client, territory, publish):
    in_clamecy = publish(territory["clamecy"], "Chef de projet Petites villes de demain (F/H)")
    in_saint_etienne = publish(territory["saint_etienne"], "Chargé de mission politique de la ville (F/H)")

    html = text(client.get(reverse("territories:programme", args=["pvd"])))
    assert offers_count(html).startswith("1 offre publiée dans les communes du programme.")
    assert board_link(html) == "/offres/?programme=pvd"
    assert board_references(client, board_link(html))[1] == {in_clamecy.reference}

    # With the département filter of the page, the board gets both filters.
    html = text(client.get(reverse("territories:programme", args=["pvd"]), {"departement": "58"}))
    assert board_link(html) == "/offres/?programme=pvd&departement=58"

    # A QPV: the offers of its commune (offers are located by commune), said so.
    html = text(client.get(reverse("territories:programme_entity", args=["qpv", "QN04205M"])))
    assert "voici celles de la commune du quartier" in html
    assert offers_count(html).startswith("1 offre publiée à Saint-Étienne.")
    assert board_references(client, board_link(html))[1] == {in_saint_etienne.reference}


def test_france_services_page_says_the_board_has_no_such_filter(client, territory):
    html = text(client.get(reverse("territories:programme", args=["fs"])))
    assert "Les offres ne se cherchent pas par ce programme" in html
    assert "n'est pas encore ouverte" not in html


def test_a_territory_without_offers_says_so_and_still_links_to_the_board(client, territory):
    html = text(client.get(reverse("territories:commune", args=["42095"])))
    assert "Aucune offre publiée à Firminy pour le moment." in html
    assert board_link(html) == "/offres/?commune=Firminy+%2842095%29"
