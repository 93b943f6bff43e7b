"""Bad input that used to answer 500: each gets a French message (a 4xx or a form error) and
nothing is half-written (issue 20, item 11)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.offers.api_tokens import create_token
from emploi_territoires.offers.models import Offer, OfferStatus
from emploi_territoires.plans.services import PlanData, PlanError, validate_plan_data
from tests.clock import paris
from tests.factories import OrganisationFactory, clamecy
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["remote", "apply_method", "title", "missions", "contract_type"])
def test_api_patch_with_null_is_a_french_422(client, field):
    organisation = OrganisationFactory(commune=clamecy(), kind="collectivite", name="Commune de Clamecy")
    _, key = create_token(organisation, "Logiciel RH")
    offer = OfferFactory(organisation=organisation, status=OfferStatus.PUBLISHED)
    before = Offer.objects.values().get(pk=offer.pk)
    response = client.patch(
        f"/api/v1/offers/{offer.reference}",
        {field: None},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": field, "message": "Ce champ ne peut pas être vide (null) : donnez une valeur ou omettez-le."}
    ]
    assert Offer.objects.values().get(pk=offer.pk) == before


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(datetime.date(1, 1, 1), datetime.date(2026, 12, 31)), (datetime.date(2026, 1, 1), datetime.date(9999, 12, 31))],
)
def test_plans_dated_year_1_or_9999_are_refused(starts_on, ends_on):
    data = PlanData(
        title="Plan d'action emploi 2026", scope_kind="commune", starts_on=starts_on, ends_on=ends_on, commune=clamecy()
    )
    with pytest.raises(PlanError, match="vont de 2000 à 2100"):
        validate_plan_data(data)


@pytest.mark.parametrize(
    "period",
    ["du=0001-01-01&au=2026-12-31", "du=2026-01-01&au=9999-12-31", "du=0001-01-01&au=0001-01-02"],
)
@pytest.mark.parametrize("page", ["evaluation:indicators", "evaluation:indicators_report"])
def test_indicator_pages_with_extreme_dates_say_so_in_french(client, staff, time_machine, period, page):
    time_machine.move_to(paris(2026, 6, 15))
    client.force_login(staff)
    response = client.get(reverse(page) + "?niveau=national&" + period)
    assert response.status_code == 200
    assert "La période doit se situer entre 2020 et 2027." in response.content.decode()
    pdf = client.get(reverse("evaluation:indicators_pdf") + "?niveau=national&" + period)
    assert pdf.status_code == 302  # back to the dashboard, which says what is wrong
