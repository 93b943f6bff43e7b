"""No candidate data to an organisation staff have not verified (issue 20, item 5): a collectivité
signed up on the site starts unverified; its draft offer's « Candidats proposés » page explains why
it shows nobody, and its members read no profile, until staff verify it in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from emploi_territoires.accounts import verification
from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.services import OrganisationData, create_organisation
from emploi_territoires.applications import permissions
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory
from tests.applications.test_matching_views import visible_profile
from tests.factories import OrganisationFactory, UserFactory, saint_etienne
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up():
    """Marc signs up « Commune de Saint-Étienne » himself (its real SIREN)."""
    commune = saint_etienne()
    commune.siren = "214202186"
    commune.save(update_fields=["siren"])
    marc = UserFactory(
        email="marc.dupuis@exemple.fr", first_name="Marc", last_name="Dupuis", kind=User.Kind.PROFESSIONAL
    )
    org = create_organisation(
        marc,
        OrganisationData(
            name="Commune de Saint-Étienne", kind=Organisation.Kind.COLLECTIVITE, commune=commune, siren="214202186"
        ),
    )
    return marc, org


def test_an_organisation_signed_up_on_the_site_is_not_verified_others_are(signed_up):
    _, org = signed_up
    assert org.verified_at is None and not org.is_verified
    assert OrganisationFactory().is_verified  # demo, staff and existing organisations


def test_the_draft_offer_of_an_unverified_organisation_shows_no_candidate(client, signed_up, staff):
    marc, org = signed_up
    visible_profile(headline="Cheffe de projet Petites villes de demain", experience_years=7)
    offer = OfferFactory(organisation=org, status=OfferStatus.DRAFT)
    url = reverse("applications:offer_proposals", args=[offer.reference])
    client.force_login(marc)
    page = client.get(url).content.decode()
    assert "votre organisation doit être vérifiée" in page.lower().replace("&#x27;", "'")
    assert "Léa Martin" not in page and "Cheffe de projet Petites villes" not in page

    verification.verify(org, actor=staff)  # staff verify it (the queue, or the admin action)
    page = client.get(url).content.decode()
    assert "Léa Martin" in page and "doit être vérifiée" not in page


def test_members_of_an_unverified_organisation_read_no_profile_of_an_applicant(client, signed_up, staff):
    marc, org = signed_up
    profile = visible_profile()
    ApplicationFactory(candidate=profile.user, offer=OfferFactory(organisation=org, status=OfferStatus.PUBLISHED))
    assert not permissions.can_view_candidate(marc, profile.user)
    client.force_login(marc)
    assert client.get(reverse("applications:candidate_detail", args=[profile.user_id])).status_code == 404
    verification.verify(org, actor=staff)
    assert permissions.can_view_candidate(marc, profile.user)
