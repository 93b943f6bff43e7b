"""The one commune search: normalisation, ranking, postcodes, INSEE codes, and its API."""

import pytest

from emploi_territoires.territories.models import Commune, Departement, PostalCode, Region
from emploi_territoires.territories.search import normalize, search_communes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saint-Étienne", "st etienne"),
        ("SAINT-ÉTIENNE", "st etienne"),
        ("st etienne", "st etienne"),
        ("  Saint   Etienne ", "st etienne"),
        ("Sainte-Foy-lès-Lyon", "ste foy les lyon"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("Saintes-Maries-de-la-Mer", "stes maries de la mer"),
        ("Sainteny", "sainteny"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def _commune(code, name, population, departement, postcodes):
    commune = Commune.objects.create(
        code=code,
        name=name,
        search_name=normalize(name),
        population=population,
        departement=departement,
        region=departement.region,
        postcodes=postcodes,
    )
    for pc in postcodes:
        PostalCode.objects.create(code=pc, commune=commune)
    return commune


@pytest.fixture
def communes(db):
    ara = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    normandie = Region.objects.create(code="28", name="Normandie")
    pdl = Region.objects.create(code="52", name="Pays de la Loire")
    loire = Departement.objects.create(code="42", name="Loire", region=ara)
    seine_maritime = Departement.objects.create(code="76", name="Seine-Maritime", region=normandie)
    loire_atlantique = Departement.objects.create(code="44", name="Loire-Atlantique", region=pdl)
    return {
        "saint_etienne": _commune("42218", "Saint-Étienne", 173136, loire, ["42000", "42100", "42230"]),
        "rouvray": _commune("76575", "Saint-Étienne-du-Rouvray", 28000, seine_maritime, ["76800"]),
        "montluc": _commune("44158", "Saint-Étienne-de-Montluc", 7700, loire_atlantique, ["44360"]),
        "firminy": _commune("42095", "Firminy", 16800, loire, ["42700"]),
        "villars": _commune("42330", "Villars", 8000, loire, ["42390"]),
        "saintes_like": _commune("42999", "Étiennette", 10, loire, ["42999"]),
    }


@pytest.mark.parametrize("query", ["st etienne", "SAINT-ÉTIENNE", "Saint Etienne", "saint-etienne", "42000", "42218"])
def test_search_finds_saint_etienne_first(communes, query):
    results = search_communes(query)
    assert results[0] == communes["saint_etienne"]


def test_search_ranks_full_name_prefix_by_population(communes):
    names = [c.name for c in search_communes("st etienne")]
    assert names == ["Saint-Étienne", "Saint-Étienne-du-Rouvray", "Saint-Étienne-de-Montluc"]


def test_search_matches_an_inner_word_after_the_name_prefixes(communes):
    names = [c.name for c in search_communes("etienne")]
    # "Étiennette" starts with the query, so it comes before the communes where it is an inner word.
    assert names[0] == "Étiennette"
    assert set(names[1:]) == {"Saint-Étienne", "Saint-Étienne-du-Rouvray", "Saint-Étienne-de-Montluc"}


def test_exact_name_comes_before_longer_names(communes):
    _commune("42331", "Firminy-Vert", 900000, communes["firminy"].departement, ["42701"])
    assert [c.name for c in search_communes("firminy")] == ["Firminy", "Firminy-Vert"]


def test_postcode_prefix_lists_the_departement_communes_by_population(communes):
    assert [c.code for c in search_communes("42")] == ["42218", "42095", "42330", "42999"]
    assert [c.code for c in search_communes("42 700")] == ["42095"]


def test_limit_and_empty_queries(communes):
    assert len(search_communes("42", limit=2)) == 2
    assert search_communes("") == []
    assert search_communes("   ") == []
    assert search_communes("---") == []
    assert search_communes("zzzz") == []


def test_index_sees_a_commune_saved_after_the_first_search(communes):
    assert search_communes("roanne") == []
    roanne = _commune("42187", "Roanne", 34000, communes["firminy"].departement, ["42300"])
    assert search_communes("roanne") == [roanne]


def test_api_search(client, communes):
    response = client.get("/api/v1/communes", {"q": "st etienne", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert [c["code"] for c in body] == ["42218", "76575"]
    assert body[0]["label"] == "Saint-Étienne (42)"
    assert body[0]["postcodes"] == ["42000", "42100", "42230"]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "obligatoire"),
        ({"q": "lyon", "limit": 0}, 400, "entre 1 et 50"),
        ({"q": "lyon", "limit": "dix"}, 422, "Nombre entier attendu"),
        ({"q": "x" * 101}, 400, "100 caractères"),
    ],
)
def test_api_search_bad_input_is_a_clear_json_error(client, communes, params, status, message):
    response = client.get("/api/v1/communes", params)
    assert response.status_code == status
    assert message in str(response.json())


def test_api_commune_by_code(client, communes):
    assert client.get("/api/v1/communes/42218").json()["name"] == "Saint-Étienne"
    response = client.get("/api/v1/communes/99999")
    assert response.status_code == 404
    assert "99999" in response.json()["detail"]


def test_unparsable_json_body_is_a_french_422(client, db):
    response = client.post("/api/v1/offers/analyse", data="{pas du json", content_type="application/json")
    assert response.status_code == 422
    assert "JSON" in str(response.json())
