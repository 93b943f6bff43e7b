"""The API fuzzed from its own OpenAPI schema (schemathesis): no 5xx, every answer as documented.

The schema is the one served at /api/v1/openapi.json (checked below); calls go through the WSGI
application, in the test's database transaction, anonymously and with an API token of
organisation A (Saint-Étienne Métropole), which owns a published offer, so the token-only write
operations are reached too. The number of examples per operation is bounded to keep `make test`
fast, and the examples are derandomised so that CI is reproducible (a failure names a fixed case).
A deeper, random run, e.g. before a release:

    FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 .venv/bin/pytest tests/security/test_api_fuzz.py
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from emploi_territoires.api import api

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance]
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
)

OPENAPI = json.loads(json.dumps(api.get_openapi_schema(), default=str))
schema = schemathesis.openapi.from_dict(OPENAPI)
APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the connection holding the test's
    transaction (the WSGI handler closes old connections at the start and end of each request)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_fuzzed_schema_is_the_served_one(client):
    assert client.get("/api/v1/openapi.json").json() == OPENAPI


@schema.parametrize()
@HYPOTHESIS
def test_api_anonymous(case, db):
    case.call_and_validate(app=APP, checks=CHECKS)


@pytest.fixture
def api_key(organisation_a):
    from emploi_territoires.offers.api_tokens import create_token
    from emploi_territoires.offers.models import OfferStatus
    from tests.offers.factories import OfferFactory

    OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    return create_token(organisation_a, "Fuzzing")[1]


@schema.parametrize()
@HYPOTHESIS
def test_api_with_token(case, api_key):
    case.call_and_validate(app=APP, headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)
