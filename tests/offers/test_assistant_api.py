"""POST /api/v1/offers/analyse: public, rate-limited, French errors, documented in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest

from tests.factories import clamecy

URL = "/api/v1/offers/analyse"
OFFER = {
    "title": "Chef de projet Petites villes de demain",
    "contract_type": "cdi",
    "salary_min": 32000,
    "salary_max": 40000,
    "missions": "Vous conduisez le projet de revitalisation avec l'EPCI.",
    "profile": "Jeune et dynamique, de nationalité française, vous aimez le terrain.",
    "is_public_employer": False,
}


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def test_analyse_returns_score_categories_and_findings(client, db):
    response = post(client, OFFER)
    assert response.status_code == 200
    data = response.json()
    assert 0 <= data["score"] <= 40  # legal errors cap the score
    assert set(data["categories"]) == {"legal", "inclusive", "completeness", "readability", "jargon", "territory"}
    assert sum(c["weight"] for c in data["categories"].values()) == 100
    by_rule = {f["rule_id"]: f for f in data["findings"]}
    age = by_rule["legal.age"]
    assert age["category"] == "legal" and age["severity"] == "error" and age["field"] == "profile"
    assert age["spans"] == [{"start": 0, "end": 18, "text": "Jeune et dynamique"}]
    assert by_rule["legal.nationality"]["severity"] == "error"  # private employer
    assert by_rule["jargon.acronym"]["spans"][0]["text"] == "EPCI"
    assert by_rule["inclusive.title"]["suggestion"] == "Chef·fe de projet Petites villes de demain"
    assert "completeness.salary" not in by_rule
    assert "2023/970" in {f["rule_id"]: f for f in post(client, {}).json()["findings"]}["completeness.salary"]["why"]


def test_any_subset_of_fields_is_accepted(client, db):
    assert post(client, {}).status_code == 200
    data = post(client, {"title": "Chargé·e de mission VTA (F/H)"}).json()
    assert data["score"] < 20
    assert {"completeness.missions", "completeness.profile", "jargon.acronym"} <= {
        f["rule_id"] for f in data["findings"]
    }


def test_public_employer_changes_the_nationality_rule(client, db):
    offer = {**OFFER, "contract_type": "fonctionnaire", "is_public_employer": True}
    by_rule = {f["rule_id"]: f for f in post(client, offer).json()["findings"]}
    assert "legal.nationality" not in by_rule
    assert by_rule["legal.nationality_eu"]["severity"] == "warning"


def test_known_commune_counts_as_the_location(client, db):
    clamecy()
    rules = {f["rule_id"] for f in post(client, {**OFFER, "commune": "58079"}).json()["findings"]}
    assert "completeness.location" not in rules


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"salary_min": "beaucoup"}, "salary_min", "Nombre entier attendu."),
        ({"start_date": "1er septembre"}, "start_date", "Date attendue au format AAAA-MM-JJ."),
        ({"is_public_employer": "peut-être"}, "is_public_employer", "Booléen attendu (true ou false)."),
        ({"title": "x" * 301}, "title", "Texte trop long."),
        ({"commune": "99999"}, "commune", "Commune inconnue : « 99999 »."),
    ],
)
def test_wrong_types_get_a_422_in_french(client, db, body, field, message):
    response = post(client, body)
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Paramètres invalides."
    assert any(e["field"].endswith(field) and e["message"] == message for e in data["errors"]), data


@pytest.mark.parametrize(
    ("body", "message"), [("{pas du json", "JSON invalide."), ("[1, 2]", "Un objet JSON est attendu")]
)
def test_bad_json_gets_a_422_in_french(client, db, body, message):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith(message)


def test_body_over_100_kb_is_refused(client, db):
    response = post(client, {"missions": "Une offre bien trop longue. " * 4000})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Le corps de la requête dépasse 100 ko")


def test_rate_limited_per_address_with_retry_after(client, db, settings):
    settings.OFFERS_ANALYSE_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client, OFFER, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = post(client, OFFER, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Trop de requêtes")
    # Bad requests count too, and another address has its own allowance.
    assert post(client, "{", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert post(client, OFFER, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_no_authentication_needed_and_nothing_written(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert post(client, OFFER).status_code == 200


def test_openapi_schema_documents_the_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/offers/analyse"]["post"]
    assert operation["summary"].startswith("Analyser une offre")
    assert {"200", "413", "422", "429"} <= set(operation["responses"])
    components = schema["components"]["schemas"]
    offer_in = components["OfferAnalyseIn"]
    assert offer_in["examples"][0]["title"] == "Chef de projet Petites villes de demain"
    assert "description" in offer_in["properties"]["is_public_employer"]
    assert "severity" in components["AnalysisFindingOut"]["properties"]
