"""An application prescribed by a professional who accompanies the person (issue 15): the recruiter
sees « Candidature prescrite par <nom> (<structure>) » on the board and on the application."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory, saint_etienne
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prescribed(organisation_a, candidate):
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Agent·e d'accueil (F/H)")
    CandidateProfileFactory(user=candidate)
    mission_locale = OrganisationFactory(
        name="Mission locale Saint-Étienne Métropole", kind=Organisation.Kind.MISSION_LOCALE, commune=saint_etienne()
    )
    counsellor = UserFactory(email="lea.martin@exemple.fr", first_name="Léa", last_name="Martin")
    application = services.apply(offer, candidate, "", prescribed_by=counsellor, prescriber_organisation=mission_locale)
    return offer, application


def test_apply_records_the_prescriber(prescribed):
    _, application = prescribed
    application.refresh_from_db()
    assert application.prescribed_by.email == "lea.martin@exemple.fr"
    assert application.prescriber_organisation.name == "Mission locale Saint-Étienne Métropole"


@pytest.mark.parametrize("page", ["board", "detail"])
def test_the_recruiter_sees_who_prescribed_it(client, recruiter_a, prescribed, page):
    offer, application = prescribed
    assert client.login(email=recruiter_a.email, password=TEST_PASSWORD)
    if page == "board":
        url = reverse("applications:offer_applications", args=[offer.reference])
    else:
        url = reverse("applications:detail", args=[application.pk])
    content = html.unescape(client.get(url).content.decode())
    assert "Candidature prescrite par Léa Martin (Mission locale Saint-Étienne Métropole)" in content


def test_an_ordinary_application_says_nothing_of_a_prescriber(client, recruiter_a, organisation_a, candidate):
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    CandidateProfileFactory(user=candidate)
    application = services.apply(offer, candidate, "")
    assert client.login(email=recruiter_a.email, password=TEST_PASSWORD)
    content = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "prescrite par" not in content
