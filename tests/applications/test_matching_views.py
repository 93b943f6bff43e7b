"""The matching pages with personas: "Candidats proposés" for an offer, "Offres recommandées" for a candidate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from emploi_territoires.applications.models import Visibility
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory, CandidateUserFactory
from tests.factories import DepartementFactory, clamecy, saint_etienne
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def visible_profile(**fields):
    user = CandidateUserFactory(
        first_name=fields.pop("first_name", "Léa"),
        last_name=fields.pop("last_name", "Martin"),
        email=fields.pop("email", "lea.martin@exemple.fr"),
    )
    profile = CandidateProfileFactory(user=user, visibility=Visibility.TERRITORIES, **fields)
    profile.visible_departements.set([DepartementFactory()])  # the Loire (42)
    return profile


@pytest.fixture
def offer_a(organisation_a):
    return OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)


@pytest.fixture
def profiles(db):
    return {
        "visible": visible_profile(phone="06 11 22 33 44"),
        "private": CandidateProfileFactory(
            user=CandidateUserFactory(first_name="Omar", last_name="Privé", email="omar@exemple.fr"),
            visibility=Visibility.PRIVATE,
        ),
        # Clamecy is about 200 km from Saint-Étienne: beyond a 30 km radius.
        "far": visible_profile(first_name="Jules", last_name="Lointain", email="jules@exemple.fr", commune=clamecy()),
    }


def proposals_url(offer):
    return reverse("applications:offer_proposals", args=[offer.reference])


def test_recruiter_sees_visible_candidates_in_reach_with_reasons_but_no_contact(
    client, recruiter_a, offer_a, profiles, django_assert_max_num_queries
):
    client.force_login(recruiter_a)
    with django_assert_max_num_queries(20):
        response = client.get(proposals_url(offer_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Léa Martin" in page
    assert "Saint-Étienne" in page
    assert "Chargée de mission développement économique" in page
    assert "même métier" in page
    assert "dans la même commune" in page
    assert "Score" in page
    # Least privilege: no e-mail, no phone, and nobody private or out of reach.
    assert "lea.martin@exemple.fr" not in page
    assert "06 11 22 33 44" not in page
    assert "Omar" not in page
    assert "Jules" not in page


def test_query_count_does_not_grow_with_candidates(client, recruiter_a, offer_a, django_assert_max_num_queries):
    for i in range(12):
        visible_profile(first_name=f"Personne{i}", email=f"p{i}@exemple.fr")
    client.force_login(recruiter_a)
    with django_assert_max_num_queries(20):
        response = client.get(proposals_url(offer_a))
    assert response.content.decode().count("Score ") == 12


def test_a_candidate_who_applied_is_marked(client, recruiter_a, offer_a, profiles):
    ApplicationFactory(offer=offer_a, candidate=profiles["visible"].user)
    client.force_login(recruiter_a)
    page = client.get(proposals_url(offer_a)).content.decode()
    assert "A candidaté" in page


@pytest.mark.parametrize("persona", ["member_a", "advisor", "staff"])
def test_members_advisors_of_the_territory_and_staff_see_proposals(client, request, persona, offer_a, profiles):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(proposals_url(offer_a))
    assert response.status_code == 200
    assert "Léa Martin" in response.content.decode()


@pytest.mark.parametrize("persona", ["recruiter_b", "advisor_other", "candidate"])
def test_other_organisations_and_territories_get_404(client, request, persona, offer_a, profiles):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(proposals_url(offer_a)).status_code == 404


def test_an_advisor_does_not_see_proposals_for_a_draft(client, advisor, organisation_a, profiles):
    draft = OfferFactory(organisation=organisation_a)
    client.force_login(advisor)
    assert client.get(proposals_url(draft)).status_code == 404


def test_unknown_offer_is_404(client, recruiter_a):
    client.force_login(recruiter_a)
    assert client.get(reverse("applications:offer_proposals", args=["ET-2026-999999"])).status_code == 404


def test_anonymous_is_sent_to_login(anonymous_client, offer_a):
    response = anonymous_client.get(proposals_url(offer_a))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    response = anonymous_client.get(reverse("applications:recommended_offers"))
    assert response.status_code == 302


def test_candidate_sees_recommended_offers_with_reasons(client, candidate, offer_a, django_assert_max_num_queries):
    CandidateProfileFactory(user=candidate)  # private: recommendations need no visibility
    far = OfferFactory(
        organisation=OfferFactory().organisation, commune=clamecy(), status=OfferStatus.PUBLISHED, title="Loin (F/H)"
    )
    draft = OfferFactory(title="Brouillon invisible (F/H)")
    client.force_login(candidate)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("applications:recommended_offers"))
    page = response.content.decode()
    assert response.status_code == 200
    assert offer_a.title in page
    assert "même métier" in page
    assert far.title not in page
    assert draft.title not in page


def test_candidate_without_profile_is_invited_to_fill_it(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("applications:recommended_offers"))
    assert response.status_code == 200
    assert "remplissez d'abord votre profil" in response.content.decode()


def test_recommendations_are_for_candidates_only(client, recruiter_a):
    client.force_login(recruiter_a)
    assert client.get(reverse("applications:recommended_offers")).status_code == 403


def test_saint_etienne_fixture_is_the_offer_commune(offer_a):
    # Guards the assumptions above: the offer is in Saint-Étienne (Loire), the profiles' default commune.
    assert offer_a.commune == saint_etienne()
    assert offer_a.commune.departement_id == "42"
