"""The one territory search on the real COG: names, codes and postcodes of every level, ambiguities.

Real examples: Clamecy (58079, postcode 58500 shared with seven other communes; another Clamecy is in
the Aisne, 02198), the CC Haut Nivernais - Val d'Yonne (200067429), the Nièvre (58), the
Bourgogne-Franche-Comté (région 27, the same code as the Eure).
"""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from emploi_territoires.territories.forms import EPCIField, TerritoryField, resolve_commune
from emploi_territoires.territories.search import (
    AmbiguousTerritory,
    TerritoryNotFound,
    resolve_territory,
    search_territories,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize(
    ("typed", "level", "code"),
    [
        ("CC Haut Nivernais", "epci", "200067429"),
        ("Haut Nivernais", "epci", "200067429"),
        ("communauté de communes du Haut-Nivernais", "epci", "200067429"),
        ("200067429", "epci", "200067429"),
        ("CC Haut Nivernais - Val d'Yonne (200067429)", "epci", "200067429"),
        ("CA de Nevers", "epci", "245804406"),
        ("st etienne metropole", "epci", "244200770"),
        ("Nièvre", "departement", "58"),
        ("nievre", "departement", "58"),
        ("58", "departement", "58"),
        ("2A", "departement", "2A"),
        ("Loire", "departement", "42"),  # not Loiré (49): the accents typed break the tie
        ("Bourgogne-Franche-Comté", "region", "27"),
        ("Bourgogne-Franche-Comté (27)", "region", "27"),
        ("Eure (27)", "departement", "27"),
        ("58079", "commune", "58079"),
        ("Clamecy (58079)", "commune", "58079"),
        ("Saint-Étienne", "commune", "42218"),
        ("pvd", "programme", "pvd"),
        ("Petites villes de demain", "programme", "pvd"),
    ],
)
def test_names_and_codes_of_every_level(cog, typed, level, code):
    match = resolve_territory(typed)
    assert (match.level, match.code) == (level, code)


def test_a_level_restricts_the_search(cog):
    assert resolve_territory("27", levels=("region",)).name == "Bourgogne-Franche-Comté"
    assert resolve_territory("27", levels=("departement",)).name == "Eure"
    with pytest.raises(TerritoryNotFound, match=r"Aucun territoire \(commune\) ne correspond à « Haut Nivernais »"):
        resolve_territory("Haut Nivernais", levels=("commune",))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Clamecy", {("commune", "58079"), ("commune", "02198")}),
        ("27", {("departement", "27"), ("region", "27")}),
        ("Paris", {("commune", "75056"), ("departement", "75")}),
    ],
)
def test_ambiguous_names_offer_the_choices_in_french(cog, typed, expected):
    with pytest.raises(AmbiguousTerritory) as caught:
        resolve_territory(typed)
    assert {(m.level, m.code) for m in caught.value.choices} == expected
    assert (
        f"Plusieurs territoires correspondent à « {typed} » : choisissez-en un dans la liste"
        in (caught.value.messages[0])
    )


def test_a_postcode_stands_for_its_communes(cog):
    # 58500 serves Clamecy and seven villages around it: a choice, Clamecy (the largest) first.
    with pytest.raises(AmbiguousTerritory) as caught:
        resolve_territory("58500", levels=("commune",))
    choices = caught.value.choices
    assert choices[0].code == "58079"
    assert len(choices) == 8
    assert all(m.level == "commune" and m.context == "Nièvre (58)" for m in choices)
    # The commune field says so too; a postcode of one commune is that commune.
    with pytest.raises(ValidationError, match="Le code postal 58500 dessert plusieurs communes"):
        resolve_commune("58500")
    assert resolve_commune("42000").code == "42218"


def test_partial_names_rank_larger_territories_before_communes(cog):
    found = search_territories("Saint-Étienne", limit=5)
    assert [(m.level, m.code, m.exact) for m in found[:3]] == [
        ("commune", "42218", True),
        ("epci", "244200770", False),
        ("commune", "76575", False),  # Saint-Étienne-du-Rouvray, the largest of the other communes
    ]
    # Two digits are a département (or a région), never every commune whose postcode starts with them.
    assert [(m.level, m.code) for m in search_territories("58")] == [("departement", "58")]


def test_unknown_input_is_a_french_message_with_examples(cog):
    with pytest.raises(TerritoryNotFound) as caught:
        resolve_territory("Atlantide", levels=("epci", "departement"))
    message = caught.value.messages[0]
    assert "Aucun territoire (intercommunalité, département) ne correspond à « Atlantide »" in message
    assert "« CC Haut Nivernais » ou « 200067429 »" in message
    with pytest.raises(TerritoryNotFound):
        resolve_territory("")


class PlanLikeForm(forms.Form):
    epci = EPCIField(required=False)
    territoire = TerritoryField(levels=("epci", "departement"), required=False)


def test_form_fields_clean_names_and_report_ambiguity(cog):
    form = PlanLikeForm(data={"epci": "CC Haut Nivernais", "territoire": "Nièvre"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["epci"].siren == "200067429"
    assert (form.cleaned_data["territoire"].level, form.cleaned_data["territoire"].code) == ("departement", "58")

    form = PlanLikeForm(data={"epci": "Communauté imaginaire", "territoire": "Loire"})
    assert not form.is_valid()
    assert "Intercommunalité inconnue : aucune ne correspond à « Communauté imaginaire »" in form.errors["epci"][0]
    # "Loire" is both a département and the start of many EPCI names: the département is the whole name.
    assert "territoire" not in form.errors

    html = str(PlanLikeForm()["epci"])
    assert 'hx-get="/territoires/recherche/territoires?niveau=epci"' in html
    assert 'list="id_epci-suggestions"' in html


def test_options_endpoint_lists_territories_for_the_datalist(client, cog):
    html = client.get("/territoires/recherche/territoires", {"code": "Haut Nivernais"}).content.decode()
    assert '<option value="CC Haut Nivernais - Val d&#x27;Yonne (200067429)">' in html
    assert "intercommunalité, communauté de communes" in html
    # ?niveau= restricts the levels; the niveau value itself is not the query.
    url = "/territoires/recherche/territoires"
    html = client.get(url, {"niveau": "departement", "code": "Nièvre"}).content.decode()
    assert html.count("<option") == 1 and 'value="Nièvre (58)"' in html
    assert client.get("/territoires/recherche/territoires", {"code": "N"}).content.strip() == b""


def _form_classes():
    from emploi_territoires.mentoring.forms import ProgrammeForm
    from emploi_territoires.needs.forms import CampaignForm
    from emploi_territoires.plans.forms import PlanForm

    return [PlanForm, ProgrammeForm, CampaignForm]


@pytest.mark.parametrize("form_class", _form_classes(), ids=["plan", "mentoring-programme", "needs-campaign"])
def test_every_intercommunality_picker_takes_a_name(cog, form_class):
    # Plans, mentoring programmes and needs campaigns pick their EPCI with the same field.
    assert isinstance(form_class.base_fields["epci"], EPCIField)
    form = form_class(data={"epci": "CC Haut Nivernais"})
    form.is_valid()
    assert "epci" not in form.errors
    assert form.cleaned_data["epci"].siren == "200067429"
    form = form_class(data={"epci": "200067429"})
    form.is_valid()
    assert form.cleaned_data["epci"].name == "CC Haut Nivernais - Val d'Yonne"
