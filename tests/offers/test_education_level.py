"""The level of education an offer requires (issue 16: a VTA asks for bac + 2 at least): in the API's
create and read, refused in French when it is not a level of the national framework, nothing written."""

import pytest

from emploi_territoires.offers.models import Offer
from tests.offers.test_api import API, bearer, clamecy_town, new_offer_payload  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_api_stores_and_returns_the_education_level(client, clamecy_town):  # noqa: F811
    _, _, key = clamecy_town
    response = client.post(
        API, new_offer_payload(education_level=7), content_type="application/json", headers=bearer(key)
    )
    assert response.status_code == 201, response.content
    offer = Offer.objects.get()
    assert offer.education_level == 7
    assert offer.get_education_level_display() == "Bac + 5 : master, diplôme d'ingénieur (niveau 7)"
    assert response.json()["education_level"] == 7


@pytest.mark.parametrize("level", [2, 9, -1])
def test_an_unknown_level_is_a_french_422_and_nothing_is_written(client, clamecy_town, level):  # noqa: F811
    _, _, key = clamecy_town
    response = client.post(
        API, new_offer_payload(education_level=level), content_type="application/json", headers=bearer(key)
    )
    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "education_level" in messages
    assert Offer.objects.count() == 0
