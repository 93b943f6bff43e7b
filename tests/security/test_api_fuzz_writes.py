"""The API's write operations with the cases a random run rarely reaches: every field null, and every
text field holding control characters (a vertical tab from Word, NUL, ESC…). Explicit examples run
through schemathesis against the served schema (no 5xx, every answer as documented), with a token of
organisation A on its own published offer; then the public feeds still parse (issue 20, items 2
and 11)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from emploi_territoires.offers.models import Offer
from emploi_territoires.search.indexing import index_offer
from tests.security.test_api_fuzz import APP, CHECKS, OPENAPI, _keep_the_test_connection, schema  # noqa: F401

CONTROLS = "Chargé\vde mission\x00 urbanisme\x1b\x0c\x7f(F/H)"
WRITES = [
    ("/api/v1/offers", "POST", "OfferIn"),
    ("/api/v1/offers/{reference}", "PATCH", "OfferPatch"),
    ("/api/v1/offers/analyse", "POST", "OfferAnalyseIn"),
]


def _properties(component: str) -> dict[str, dict]:
    return OPENAPI["components"]["schemas"][component]["properties"]


def _is_text(spec: dict) -> bool:
    types = [spec.get("type")] + [option.get("type") for option in spec.get("anyOf", [])]
    return "string" in types and spec.get("format") not in ("date", "email", "uri")


def test_the_write_operations_are_the_ones_tested():
    served = {
        (path, method.upper())
        for path, operations in OPENAPI["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert served == {(path, method) for path, method, _ in WRITES}


def _bodies(component: str) -> dict[str, dict]:
    fields = _properties(component)
    texts = [name for name, spec in fields.items() if _is_text(spec)]
    assert texts  # the control-character case must reach real text fields
    valid = {"title": "Chef de projet Petites villes de demain (F/H)", "commune": "42218", "contract_type": "cdi"}
    return {
        "tout à null": dict.fromkeys(fields),
        **{f"{name} à null": {**valid, name: None} for name in fields},
        "caractères de contrôle partout": {**valid, **dict.fromkeys(texts, CONTROLS)},
        "caractères de contrôle dans le texte": {**valid, "title": CONTROLS, "missions": CONTROLS},
    }


@pytest.fixture
def published_offer(organisation_a):
    from emploi_territoires.offers.models import OfferStatus
    from tests.offers.factories import OfferFactory

    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    index_offer(offer.pk)
    return offer


@pytest.mark.parametrize(("path", "method", "component"), WRITES)
def test_write_operations_with_nulls_and_control_characters(
    client, organisation_a, published_offer, path, method, component
):
    from emploi_territoires.offers.api_tokens import create_token

    key = create_token(organisation_a, "Fuzzing")[1]
    operation = schema[path][method]
    bodies = _bodies(component)
    assert len(bodies) > 3
    for name, body in bodies.items():
        case = operation.Case(
            body=body,
            path_parameters={"reference": published_offer.reference} if "{reference}" in path else None,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            media_type="application/json",
        )
        response = case.call_and_validate(app=APP, checks=CHECKS)
        assert response.status_code < 500, name
    # Whatever was accepted was cleaned: no stored offer holds a control character, and the feeds parse.
    offers = list(Offer.objects.all())
    assert published_offer in offers  # at least the offer the PATCH cases wrote to
    for offer in offers:
        assert "\v" not in offer.title + offer.missions and "\x00" not in offer.title + offer.missions
    for feed in ("/offres/flux/offres.rss", "/offres/flux/offres.atom", "/offres/flux/vta.rss"):
        response = client.get(feed)
        assert response.status_code == 200
        ET.fromstring(response.content)  # noqa: S314 - our own response
