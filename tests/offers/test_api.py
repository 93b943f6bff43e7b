"""The offers API: public read with the board's filters, token-authenticated writes through the
services, French JSON errors, rate limits."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.accounts.models import ApiToken
from emploi_territoires.offers.api_tokens import create_token, hash_key, revoke_token
from emploi_territoires.offers.models import ContractType, Offer, OfferRevision, OfferStatus
from emploi_territoires.search.indexing import index_offer
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory, RomeOccupationFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/offers"


def published(**fields):
    fields.setdefault("status", OfferStatus.PUBLISHED)
    offer = OfferFactory(**fields)
    index_offer(offer.pk)
    return offer


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def new_offer_payload(**overrides) -> dict:
    payload = {
        "title": "Chef·fe de projet Petites villes de demain (F/H)",
        "commune": "58079",
        "contract_type": "contrat_projet",
        "contract_duration_months": 36,
        "occupation": "M1403",
        "salary_min": 38000,
        "salary_max": 45000,
        "closing_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "missions": "Piloter le programme Petites villes de demain et animer le comité de projet.",
        "profile": "Formation en aménagement du territoire.",
    }
    return payload | overrides


@pytest.fixture
def clamecy_town(db):
    """The commune of Clamecy as an employer (a collectivité), with an API token."""
    RomeOccupationFactory()
    organisation = OrganisationFactory(commune=clamecy(), kind="collectivite", name="Commune de Clamecy")
    token, key = create_token(organisation, "Logiciel RH")
    return organisation, token, key


# --- public read ------------------------------------------------------------------------------------


def test_list_with_the_board_filters_and_paging(client):
    near = [
        published(organisation=OrganisationFactory(commune=clamecy()), title=f"Menuisier {i} (F/H)") for i in range(3)
    ]
    published(organisation=OrganisationFactory(commune=nevers()), title="Menuisier poseur (F/H)")
    response = client.get(API, {"q": "menuisiers", "commune": "58079", "radius": "30", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3 and body["total_is_capped"] is False
    assert body["limit"] == 2 and body["next_offset"] == 2
    first = body["results"][0]
    assert first["commune"] == {
        "code": "58079",
        "name": "Clamecy",
        "departement": "58",
        "region": "27",
        "postcode": "58500",
    }
    assert "pvd" in first["programmes"] and first["distance_km"] == 0.0
    second = client.get(API, {"q": "menuisiers", "commune": "58079", "radius": "30", "limit": 2, "offset": 2}).json()
    assert second["next_offset"] is None
    refs = {r["reference"] for r in body["results"] + second["results"]}
    assert refs == {o.reference for o in near}


def test_contract_filter_is_repeatable(client):
    vta = published(contract_type=ContractType.VTA)
    cdd = published(contract_type=ContractType.CDD)
    published(contract_type=ContractType.CDI)
    body = client.get(f"{API}?contract=vta&contract=cdd").json()
    assert {r["reference"] for r in body["results"]} == {vta.reference, cdd.reference}


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"radius": "trente", "commune": "58079"}, "radius", "nombre entier"),
        ({"departement": "999"}, "departement", "Département inconnu"),
        ({"radius": "30"}, "radius", "Choisissez une commune"),
        ({"limit": "500"}, "limit", ""),
        ({"offset": "-1"}, "offset", ""),
        ({"sort": "prix"}, "sort", "Tri"),
    ],
)
def test_bad_parameters_are_422_with_field_messages(client, params, field, fragment):
    clamecy()
    response = client.get(API, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Paramètres invalides."
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert field in messages and fragment in messages[field]


def test_detail_of_published_offer_and_404_for_a_draft(client):
    offer = published()
    body = client.get(f"{API}/{offer.reference}").json()
    assert body["reference"] == offer.reference and body["status"] == "published"
    assert body["missions"] == offer.missions
    draft = OfferFactory()
    response = client.get(f"{API}/{draft.reference}")
    assert response.status_code == 404 and "Aucune offre publiée" in response.json()["detail"]


def test_openapi_documents_the_offers_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/offers"])
    assert {"get", "patch"} <= set(schema["paths"]["/api/v1/offers/{reference}"])
    assert schema["paths"]["/api/v1/offers"]["post"]["tags"] == ["offres"]
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()


# --- writes -------------------------------------------------------------------------------------


def test_token_creates_a_draft_through_the_services(client, clamecy_town, django_capture_on_commit_callbacks):
    organisation, token, key = clamecy_town
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, new_offer_payload(), content_type="application/json", headers=bearer(key))
    assert response.status_code == 201, response.content
    body = response.json()
    offer = Offer.objects.get(reference=body["reference"])
    assert offer.organisation == organisation and offer.status == OfferStatus.DRAFT
    assert body["reference"].startswith("ET-") and body["url"] is None
    token.refresh_from_db()
    assert token.last_used_at is not None
    # A draft is not public.
    assert client.get(f"{API}/{offer.reference}").status_code == 404


def test_token_creates_and_publishes_and_the_board_finds_it(client, clamecy_town, django_capture_on_commit_callbacks):
    _, _, key = clamecy_town
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API, new_offer_payload(publish=True), content_type="application/json", headers=bearer(key)
        )
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert response.json()["status"] == "published"
    found = client.get(API, {"q": "chef de projet", "commune": "58079", "radius": "10"}).json()
    assert [r["reference"] for r in found["results"]] == [reference]


def test_service_validation_errors_are_422_in_french_and_nothing_is_written(client, clamecy_town):
    _, _, key = clamecy_town
    response = client.post(
        API,
        new_offer_payload(salary_min=3200, salary_max=3000, commune="58079"),
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "brut annuel" in messages["salary_min"]
    assert Offer.objects.count() == 0


def test_unknown_commune_and_occupation_are_field_errors(client, clamecy_town):
    _, _, key = clamecy_town
    response = client.post(
        API,
        new_offer_payload(commune="99999", occupation="Z9999"),
        content_type="application/json",
        headers=bearer(key),
    )
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "Commune inconnue" in messages["commune"] and "Code ROME inconnu" in messages["occupation"]


def test_publish_refused_rolls_back_the_creation(client, clamecy_town):
    _, _, key = clamecy_town
    response = client.post(
        API, new_offer_payload(publish=True, missions=""), content_type="application/json", headers=bearer(key)
    )
    assert response.status_code == 422
    assert "missions" in response.json()["errors"][0]["message"]
    assert Offer.objects.count() == 0


def test_patch_own_offer_records_history_and_reindexes(client, clamecy_town, django_capture_on_commit_callbacks):
    organisation, _, key = clamecy_town
    offer = published(organisation=organisation, title="Chargé de mission (F/H)")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            f"{API}/{offer.reference}",
            {"title": "Chargée de mission habitat (F/H)"},
            content_type="application/json",
            headers=bearer(key),
        )
    assert response.status_code == 200, response.content
    assert OfferRevision.objects.get(offer=offer).changes["title"][1] == "Chargée de mission habitat (F/H)"
    assert client.get(API, {"q": "habitat"}).json()["total"] == 1


def test_patch_status_fills_the_offer_and_it_leaves_the_board(client, clamecy_town, django_capture_on_commit_callbacks):
    organisation, _, key = clamecy_town
    offer = published(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            f"{API}/{offer.reference}", {"status": "filled"}, content_type="application/json", headers=bearer(key)
        )
    assert response.status_code == 200 and response.json()["status"] == "filled"
    assert client.get(API).json()["total"] == 0


def test_other_organisations_offer_is_404(client, clamecy_town):
    _, _, key = clamecy_town
    other = published(organisation=OrganisationFactory(commune=nevers()))
    response = client.patch(
        f"{API}/{other.reference}", {"title": "Piraté"}, content_type="application/json", headers=bearer(key)
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title != "Piraté"


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, "Jeton d'API manquant"),
        ({"Authorization": "Token abc"}, "Bearer"),
        ({"Authorization": "Bearer et_inconnu"}, "inconnu ou révoqué"),
    ],
)
def test_writes_without_a_valid_token_are_401(client, clamecy_town, headers, fragment):
    response = client.post(API, new_offer_payload(), content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert fragment in response.json()["detail"]
    assert Offer.objects.count() == 0


def test_revoked_token_is_401(client, clamecy_town):
    _, token, key = clamecy_town
    revoke_token(token)
    response = client.post(API, new_offer_payload(), content_type="application/json", headers=bearer(key))
    assert response.status_code == 401


def test_only_the_hash_of_the_key_is_stored(clamecy_town):
    _, token, key = clamecy_town
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(key) and key not in (stored.key_hash, stored.prefix, stored.name)
    assert key.startswith(stored.prefix)


def test_read_rate_limit_is_429_with_retry_after(client, settings):
    settings.OFFERS_API_READ_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get(API).status_code == 200
    response = client.get(API)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Trop de requêtes" in response.json()["detail"]


def test_write_rate_limit_per_token(client, clamecy_town, settings):
    _, _, key = clamecy_town
    settings.OFFERS_API_WRITE_RATE_LIMIT = 2
    statuses = [
        client.post(API, new_offer_payload(), content_type="application/json", headers=bearer(key)).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_create_api_token_command_prints_the_key_once(clamecy_town, capsys):
    from django.core.management import call_command

    organisation, _, _ = clamecy_town
    call_command("create_api_token", str(organisation.pk), "Intégration SIRH")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.filter(key_hash=hash_key(key), organisation=organisation).exists()
