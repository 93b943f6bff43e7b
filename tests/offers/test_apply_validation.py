"""The apply link and apply e-mail are checked by `services.validate_offer`, so the web form, the
API (create and PATCH), the imports and the admin all refuse the same values."""

from __future__ import annotations

import pytest

from emploi_territoires.offers import services
from emploi_territoires.offers.models import Offer
from tests.offers.factories import OfferFactory
from tests.offers.test_api import API, bearer, clamecy_town, new_offer_payload, published  # noqa: F401

pytestmark = pytest.mark.django_db

BAD_URLS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://recrutement.exemple.fr/offres",
    "recrutement de la mairie",
]
BAD_EMAILS = ["écrivez-nous", "rh@", "rh@mairie-clamecy.fr<script>"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_validate_offer_refuses_an_apply_link_that_is_not_http(url):
    offer = OfferFactory.build(apply_method="url", apply_url=url)
    values = {f.name: getattr(offer, f.name) for f in Offer._meta.concrete_fields}
    values["commune"], values["occupation"] = offer.commune, offer.occupation
    errors = services.validate_offer(values, offer.organisation)
    assert "https://" in " ".join(errors["apply_url"])


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_validate_offer_refuses_an_apply_email_that_is_not_an_address(email):
    offer = OfferFactory.build(apply_method="email", apply_email=email)
    values = {f.name: getattr(offer, f.name) for f in Offer._meta.concrete_fields}
    values["commune"], values["occupation"] = offer.commune, offer.occupation
    errors = services.validate_offer(values, offer.organisation)
    assert "adresse e-mail valide" in " ".join(errors["apply_email"])


@pytest.mark.parametrize("url", BAD_URLS[:3])
def test_api_create_refuses_a_javascript_apply_link(client, clamecy_town, url):  # noqa: F811
    _, _, key = clamecy_town
    response = client.post(
        API,
        new_offer_payload(apply_method="url", apply_url=url),
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 422
    assert "apply_url" in {e["field"] for e in response.json()["errors"]}
    assert Offer.objects.count() == 0


def test_api_create_refuses_an_apply_email_that_is_not_an_address(client, clamecy_town):  # noqa: F811
    _, _, key = clamecy_town
    response = client.post(
        API,
        new_offer_payload(apply_method="email", apply_email="écrivez-nous à la mairie"),
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 422
    assert "apply_email" in {e["field"] for e in response.json()["errors"]}
    assert Offer.objects.count() == 0


def test_api_patch_refuses_a_javascript_apply_link(client, clamecy_town):  # noqa: F811
    organisation, _, key = clamecy_town
    offer = published(organisation=organisation, apply_method="url", apply_url="https://recrutement.exemple.fr/")
    response = client.patch(
        f"{API}/{offer.reference}",
        {"apply_url": "javascript:alert(1)"},
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 422
    offer.refresh_from_db()
    assert offer.apply_url == "https://recrutement.exemple.fr/"


def test_api_accepts_a_real_apply_link_and_address(client, clamecy_town):  # noqa: F811
    _, _, key = clamecy_town
    response = client.post(
        API,
        new_offer_payload(apply_method="url", apply_url="https://recrutement.mairie-clamecy.fr/offres/42"),
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 201, response.content
    response = client.post(
        API,
        new_offer_payload(apply_method="email", apply_email="rh@mairie-clamecy.fr"),
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 201, response.content


def test_a_javascript_link_stored_before_the_validation_is_never_a_link(client):
    # Written straight to the database, as an offer created through the API before this check.
    offer = published(apply_method="url", apply_url="javascript:alert(document.cookie)")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert offer.safe_apply_url == ""
    assert published(apply_method="url", apply_url="https://recrutement.exemple.fr/").safe_apply_url
