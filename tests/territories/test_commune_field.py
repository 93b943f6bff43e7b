"""The commune form field and its datalist suggestions."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from emploi_territoires.territories.forms import CommuneField, resolve_commune
from tests.factories import CommuneFactory, DepartementFactory, RegionFactory, clamecy, saint_etienne


class PlaceForm(forms.Form):
    commune = CommuneField()


@pytest.fixture
def communes(db):
    return {"saint_etienne": saint_etienne(), "clamecy": clamecy()}


@pytest.mark.parametrize("typed", ["Saint-Étienne (42218)", "42218", "saint-etienne", "SAINT ÉTIENNE"])
def test_field_cleans_to_the_commune(communes, typed):
    form = PlaceForm(data={"commune": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == communes["saint_etienne"]


@pytest.mark.parametrize("typed", ["Atlantide", "99999", "(12345)"])
def test_unknown_commune_is_a_french_form_error(communes, typed):
    form = PlaceForm(data={"commune": typed})
    assert not form.is_valid()
    assert "Commune inconnue" in form.errors["commune"][0]


def test_required_and_optional(communes):
    assert "commune" in PlaceForm(data={"commune": ""}).errors

    class OptionalForm(forms.Form):
        commune = CommuneField(required=False)

    form = OptionalForm(data={"commune": ""})
    assert form.is_valid() and form.cleaned_data["commune"] is None


def test_ambiguous_name_asks_for_the_code(communes):
    # Two real communes are named Clamecy: 58079 (Nièvre) and 02198 (Aisne).
    aisne = DepartementFactory(code="02", name="Aisne", region=RegionFactory(code="32", name="Hauts-de-France"))
    CommuneFactory(code="02198", name="Clamecy", postcodes=["02880"], population=260, departement=aisne, epci=None)
    with pytest.raises(ValidationError, match="précisez le code INSEE"):
        resolve_commune("Clamecy")


def test_widget_renders_an_accessible_datalist(communes):
    html = str(PlaceForm(initial={"commune": communes["clamecy"]})["commune"])
    assert 'list="id_commune-suggestions"' in html
    assert '<datalist id="id_commune-suggestions">' in html
    assert 'value="Clamecy (58079)"' in html
    assert 'hx-get="/territoires/recherche/options"' in html


def test_options_endpoint_lists_matching_communes(client, communes):
    response = client.get("/territoires/recherche/options", {"commune": "st etienne"})
    assert response.status_code == 200
    assert '<option value="Saint-Étienne (42218)">' in response.content.decode()
    assert client.get("/territoires/recherche/options", {"commune": "s"}).content.strip() == b""
    assert client.get("/territoires/recherche/options").status_code == 200
