"""The indicators page's territory picker takes names, codes and postcodes (the one territory search).

Issue 14: « the indicators page answers 400 to « CC Haut Nivernais » ». Real territories: Clamecy
(58079, postcode 58500) in the CC Haut Nivernais - Val d'Yonne (200067429), Nevers in the CA de
Nevers, the Nièvre (58); another Clamecy (02198) is in the Aisne.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.clock import paris
from tests.factories import CommuneFactory, DepartementFactory, RegionFactory, clamecy, nevers

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("evaluation:indicators")
CC_NAME = "CC Haut Nivernais - Val d&#x27;Yonne"


@pytest.fixture(autouse=True)
def _in_november_2026(time_machine):
    time_machine.move_to(paris(2026, 11, 20))


@pytest.fixture
def nievre_communes(db):
    return {"clamecy": clamecy(), "nevers": nevers()}


def page(client, **params) -> str:
    response = client.get(DASHBOARD, {"annee": "2026", **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("params", "heading", "canonical"),
    [
        (
            {"niveau": "epci", "code": "CC Haut Nivernais"},
            "CC Haut Nivernais - Val d&#x27;Yonne",
            "epci&code=200067429",
        ),
        ({"code": "CC Haut Nivernais"}, "CC Haut Nivernais - Val d&#x27;Yonne", "epci&code=200067429"),
        # A name found only at another level than the one selected is taken at its own level.
        ({"niveau": "commune", "code": "CC Haut Nivernais"}, "CC Haut Nivernais", "epci&code=200067429"),
        ({"code": "Nièvre"}, "Nièvre (58)", "departement&code=58"),
        ({"niveau": "departement", "code": "58"}, "Nièvre (58)", "departement&code=58"),
        ({"code": "58500"}, "Clamecy (58079)", "commune&code=58079"),
        ({"code": "Clamecy (58079)"}, "Clamecy (58079)", "commune&code=58079"),
        ({"code": "Petites villes de demain"}, "Communes du programme Petites villes de demain", "programme&code=pvd"),
    ],
)
def test_names_codes_and_postcodes_open_the_territory(client, staff, nievre_communes, params, heading, canonical):
    client.force_login(staff)
    html = page(client, **params)
    assert 'role="alert"' not in html
    assert f"<h2>{heading}" in html
    # The report, PDF and export links carry the resolved level and code, whatever was typed.
    assert f"?niveau={canonical}&annee=2026".replace("&", "&amp;") in html


def test_the_field_shows_a_label_that_reads_back_as_the_same_territory(client, staff, nievre_communes):
    client.force_login(staff)
    html = page(client, code="CC Haut Nivernais")
    assert 'value="CC Haut Nivernais - Val d&#x27;Yonne (200067429)"' in html
    again = page(client, niveau="", code="CC Haut Nivernais - Val d'Yonne (200067429)")
    assert "<h2>CC Haut Nivernais - Val d&#x27;Yonne — année 2026</h2>" in again


def test_an_ambiguous_name_offers_a_french_choice_list(client, staff, nievre_communes):
    aisne = DepartementFactory(code="02", name="Aisne", region=RegionFactory(code="32", name="Hauts-de-France"))
    CommuneFactory(code="02198", name="Clamecy", postcodes=["02880"], population=260, departement=aisne, epci=None)
    client.force_login(staff)
    html = page(client, niveau="commune", code="Clamecy")
    assert "Plusieurs territoires correspondent à « Clamecy » : choisissez-en un dans la liste" in html
    choices = html[html.index('id="territory-choices"') :]
    assert "?niveau=commune&amp;code=58079&amp;annee=2026" in choices
    assert "?niveau=commune&amp;code=02198&amp;annee=2026" in choices
    assert "Clamecy (58079) — commune, Nièvre (58)" in choices
    assert "Clamecy (02198) — commune, Aisne (02)" in choices
    assert "<h2>" not in html[html.index("</form>") :].split('id="territory-choices"')[0]


def test_unknown_territory_is_a_french_message_not_an_error_page(client, staff, nievre_communes):
    client.force_login(staff)
    html = page(client, niveau="epci", code="Communauté imaginaire")
    assert "Aucun territoire (intercommunalité) ne correspond à « Communauté imaginaire »" in html
    assert "« CC Haut Nivernais » ou « 200067429 »" in html


def test_the_pdf_accepts_a_name_too(client, staff, nievre_communes):
    client.force_login(staff)
    response = client.get(reverse("evaluation:indicators_pdf"), {"code": "CC Haut Nivernais", "annee": "2026"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "indicateurs-epci-200067429-2026.pdf" in response["Content-Disposition"]


def test_a_collectivite_reads_its_own_epci_by_name_and_no_other(client, nievre_communes):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    mairie = OrganisationFactory(name="Mairie de Clamecy", kind="collectivite", commune=nievre_communes["clamecy"])
    member = UserFactory()
    MembershipFactory(user=member, organisation=mairie)
    client.force_login(member)
    assert "<h2>CC Haut Nivernais - Val d&#x27;Yonne" in page(client, code="Haut Nivernais")
    assert client.get(DASHBOARD, {"code": "CA de Nevers"}).status_code == 403


def test_the_field_is_fed_by_the_territory_search(client, staff, nievre_communes):
    client.force_login(staff)
    html = page(client)
    field = html[html.index('id="code"') - 40 : html.index('<datalist id="code-suggestions">')]
    assert 'hx-get="/territoires/recherche/territoires"' in field
    assert 'hx-include="#niveau"' in field
    # What the datalist receives while typing, narrowed by the level selected.
    options = client.get("/territoires/recherche/territoires", {"niveau": "epci", "code": "Haut Niv"}).content.decode()
    assert "CC Haut Nivernais - Val d&#x27;Yonne (200067429)" in options
