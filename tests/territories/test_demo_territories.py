"""The demo's territory pages tell the truth (issue 14): Clamecy's page lists its offers and links to
the board filtered on it, the CC Haut Nivernais - Val d'Yonne shows one population everywhere, with
its vintage, and its diagnostic counts the offers online the way the page and the board do."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from emploi_territoires.demo.loader import load_demo
from emploi_territoires.offers.rome import load_copy as load_rome_copy
from emploi_territoires.search.models import OfferDocument

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HAUT_NIVERNAIS = "200067429"
SOURCE = "population municipale (Insee), somme des communes ; référentiel COG 2026 (paquet 6.0.0)"


def _count(html: str) -> int:
    section = html[html.index('id="territory-offers-count"') :]
    return int(re.search(r"<strong>(\d+) offres? publiées?</strong>", section).group(1))


def _board_count(client, html: str) -> int:
    link = re.search(r'href="(/offres/\?[^"]+)"', html[html.index('id="offers-title"') :]).group(1)
    board = client.get(link.replace("&amp;", "&")).content.decode()
    return int(re.search(r'id="board-count">\s*(\d+) offres?', board).group(1))


def test_demo_territory_pages_offers_and_population(cog, client, advisor, django_capture_on_commit_callbacks):
    load_rome_copy()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    # Clamecy: its published offers, the latest ones, and the board filtered on it — the same count.
    online = OfferDocument.objects.filter(commune_code="58079").count()
    assert online > 0
    commune = client.get(reverse("territories:commune", args=["58079"])).content.decode()
    assert "n'est pas encore ouverte" not in commune
    assert _count(commune) == online == _board_count(client, commune)
    assert commune.count('<li>\n            <a href="/offres/ET-') == min(online, 5)

    # Its intercommunality: the board filtered on the EPCI, and one population with its vintage.
    epci = client.get(reverse("territories:epci", args=[HAUT_NIVERNAIS])).content.decode()
    assert _count(epci) == OfferDocument.objects.filter(epci=HAUT_NIVERNAIS).count() == _board_count(client, epci)
    assert "11\u202f827 habitants" in epci and SOURCE in epci

    client.force_login(advisor)
    diagnostic = client.get(reverse("territories:diagnostic", args=["epci", HAUT_NIVERNAIS])).content.decode()
    synthese = diagnostic[diagnostic.index('id="table-synthese-caption"') :]

    def first_column(label: str) -> str:
        """The territory's own value in a row of the summary (the département and France follow)."""
        start = synthese.index(label)
        return re.search(r"<td>([^<]*)</td>", synthese[start:]).group(1)

    assert first_column("Population (habitants)") == "11\u202f827"
    assert f"Population : {SOURCE}." in diagnostic
    # The demo's diagnostics were computed when it was loaded: the same offers online as the page.
    assert first_column("Offres en ligne au moment du calcul") == str(_count(epci))
