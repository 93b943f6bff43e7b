"""What gets published (issue 17): review required for an unverified mairie and for the programme contexts
the partnership chose, nothing published with an error-level finding or a « [à compléter …] » left, a
confirmation page with the summary and the problems by field, a preview, and the same rules through the API."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts import verification
from emploi_territoires.offers import publication, services
from emploi_territoires.offers.api_tokens import create_token
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, OfferTransition, ProgrammeContext
from emploi_territoires.territories.models import Commune
from tests.accounts.test_verification import sign_up_varzy
from tests.factories import UserFactory
from tests.offers.factories import OfferFactory, RomeOccupationFactory

pytestmark = pytest.mark.django_db
S = OfferStatus
API = "/api/v1/offers"
PLACEHOLDER = "[à compléter : présentez la commune et son territoire]"
FORBIDDEN_PROFILE = "Nous recherchons un jeune homme dynamique, de moins de 30 ans."


@pytest.fixture
def secretary(db):
    return UserFactory(email="martine.colas@exemple.fr", first_name="Martine", last_name="Colas")


@pytest.fixture
def varzy_mairie(secretary):
    """The Mairie de Varzy (Nièvre), signed up on the site: en attente de vérification."""
    return sign_up_varzy(secretary)


def varzy_offer(org, **fields) -> Offer:
    fields.setdefault("title", "Agent technique polyvalent des espaces verts (F/H)")
    fields.setdefault(
        "territory_presentation",
        "Varzy, bourg de la Nièvre entre Clamecy et La Charité-sur-Loire, a une école, un collège et un musée.",
    )
    return OfferFactory(organisation=org, commune=org.commune, **fields)


# --- Review ---------------------------------------------------------------------------------------------


def test_an_unverified_mairie_offer_goes_to_review_and_the_advisor_publishes_it(varzy_mairie, secretary, advisor_other):
    offer = varzy_offer(varzy_mairie)
    assert S.PUBLISHED not in dict(services.available_transitions(offer, secretary))
    with pytest.raises(services.TransitionRefused, match=r"en attente de vérification.*Demandez une relecture"):
        services.publish(offer, actor=secretary)
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT and not OfferTransition.objects.exists()
    services.submit(offer, actor=secretary)
    # Under review the members are never offered « Publier », and are refused if they try.
    assert S.PUBLISHED not in dict(services.available_transitions(offer, secretary))
    with pytest.raises(services.TransitionRefused, match="c'est le conseiller qui la relit qui la publie"):
        services.publish(offer, actor=secretary)
    assert S.PUBLISHED in dict(services.available_transitions(offer, advisor_other))
    services.publish(offer, actor=advisor_other)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_once_verified_the_mairie_publishes_directly(varzy_mairie, secretary, advisor_other):
    verification.verify(varzy_mairie, actor=advisor_other)
    varzy_mairie.refresh_from_db()
    offer = varzy_offer(varzy_mairie)
    assert publication.review_reason(offer) is None
    services.publish(offer, actor=secretary)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_programme_contexts_chosen_by_the_partnership_are_reviewed(organisation_a, recruiter_a, advisor, settings):
    offer = OfferFactory(
        organisation=organisation_a,
        title="Chef·fe de projet Action cœur de ville (F/H)",
        programme_context=ProgrammeContext.ACV_LEAD,
    )
    assert organisation_a.is_verified
    with pytest.raises(services.TransitionRefused, match="Action cœur de ville » sont relues par un conseiller"):
        services.publish(offer, actor=recruiter_a)
    # The partnership may choose otherwise (settings / OFFERS_REVIEW_REQUIRED_CONTEXTS).
    settings.OFFERS_REVIEW_REQUIRED_CONTEXTS = [ProgrammeContext.PVD_LEAD]
    services.publish(offer, actor=recruiter_a)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_an_unverified_mairie_cannot_publish_a_vta_even_after_review(varzy_mairie, secretary, advisor_other):
    offer = varzy_offer(
        varzy_mairie,
        title="Volontaire territorial en administration — ingénierie de projets (F/H)",
        contract_type=ContractType.VTA,
        contract_duration_months=12,
        education_level=5,
    )
    # Varzy is a rural bourg (level 5 of INSEE's density grid): the mairie is eligible (issue 16).
    Commune.objects.filter(code=varzy_mairie.commune_id).update(density_level=5)
    services.submit(offer, actor=secretary)
    with pytest.raises(services.TransitionRefused) as caught:
        services.publish(offer, actor=advisor_other)
    assert [p.field for p in caught.value.problems] == ["contract_type"]
    assert "organisation vérifiée" in caught.value.message
    verification.verify(varzy_mairie, actor=advisor_other)
    services.publish(offer, actor=advisor_other)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


# --- Blocking problems ------------------------------------------------------------------------------------


def test_a_placeholder_blocks_publication_and_says_where(organisation_a, recruiter_a):
    offer = OfferFactory(organisation=organisation_a, territory_presentation=PLACEHOLDER)
    with pytest.raises(services.TransitionRefused) as caught:
        services.publish(offer, actor=recruiter_a)
    assert [(p.field, p.label) for p in caught.value.problems] == [
        ("territory_presentation", "Présentation du territoire")
    ]
    assert caught.value.message == (
        "Avant de publier : présentation du territoire : 1 passage du modèle reste à compléter."
    )
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_an_error_level_finding_blocks_publication_even_for_the_reviewer(organisation_a, recruiter_a, advisor):
    offer = OfferFactory(organisation=organisation_a, profile=FORBIDDEN_PROFILE)
    services.submit(offer, actor=recruiter_a)
    with pytest.raises(services.TransitionRefused) as caught:
        services.publish(offer, actor=advisor)
    problems = caught.value.problems
    assert len(problems) >= 1 and {p.field for p in problems} == {"profile"}
    assert "discriminatoire" in caught.value.message
    assert Offer.objects.get(pk=offer.pk).status == S.SUBMITTED


def test_a_published_offer_cannot_be_edited_into_an_unpublishable_one(organisation_a, recruiter_a):
    offer = OfferFactory(organisation=organisation_a)
    services.publish(offer, actor=recruiter_a)
    with pytest.raises(services.OfferValidationError) as caught:
        services.update_offer(offer, {"profile": FORBIDDEN_PROFILE}, actor=recruiter_a)
    assert list(caught.value.errors) == ["profile"]
    assert caught.value.errors["profile"][0].startswith("Cette offre est publiée : profil recherché : critère")
    assert Offer.objects.get(pk=offer.pk).profile == offer.profile
    # An ordinary edit still goes through.
    assert services.update_offer(offer, {"positions": 2}, actor=recruiter_a) == ["positions"]


# --- The editor's pages -----------------------------------------------------------------------------------


def test_the_confirmation_page_lists_the_problems_with_links_to_the_fields(client, organisation_a, recruiter_a):
    offer = OfferFactory(organisation=organisation_a, territory_presentation=PLACEHOLDER, profile=FORBIDDEN_PROFILE)
    client.force_login(recruiter_a)
    url = reverse("offers:publish", args=[offer.reference])
    html = unescape(client.get(url).content.decode())
    edit = reverse("offers:edit", args=[offer.reference])
    assert "Publier cette offre ?" in html and "Cette offre ne peut pas encore être publiée" in html
    assert f'href="{edit}#id_territory_presentation"' in html and f'href="{edit}#id_profile"' in html
    assert "Confirmer la publication" not in html
    response = client.post(url, follow=True)
    assert "Avant de publier" in unescape(response.content.decode())
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_the_confirmation_page_of_an_unverified_mairie_asks_for_a_review(client, varzy_mairie, secretary):
    offer = varzy_offer(varzy_mairie)
    client.force_login(secretary)
    html = unescape(client.get(reverse("offers:publish", args=[offer.reference])).content.decode())
    assert "Relecture par un conseiller obligatoire" in html and "Demander une relecture" in html
    assert "Confirmer la publication" not in html
    assert client.post(reverse("offers:publish", args=[offer.reference])).status_code == 403
    detail = unescape(client.get(reverse("offers:editor_detail", args=[offer.reference])).content.decode())
    assert "Publier…" not in detail and "Relecture par un conseiller obligatoire" in detail
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_the_preview_shows_the_public_page_before_publication(client, organisation_a, recruiter_a, recruiter_b):
    offer = OfferFactory(organisation=organisation_a, title="Chargé·e de mission mobilités (F/H)")
    client.force_login(recruiter_a)
    response = client.get(reverse("offers:preview", args=[offer.reference]))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Aperçu : voici la page que verront les candidates et candidats" in html
    assert "Chargé·e de mission mobilités (F/H)" in html and "Comment postuler" in html
    assert client.get(offer.get_absolute_url()).status_code == 404  # not online
    client.force_login(recruiter_b)
    assert client.get(reverse("offers:preview", args=[offer.reference])).status_code == 404


# --- The API: same service, same rules ----------------------------------------------------------------------


def _payload(**overrides) -> dict:
    payload = {
        "title": "Agent technique polyvalent des espaces verts (F/H)",
        "commune": "58304",
        "contract_type": "contractuel",
        "public_category": "C",
        "contract_duration_months": 12,
        "occupation": "M1403",
        "salary_min": 22500,
        "salary_max": 24500,
        "closing_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "missions": "Entretenir les espaces verts, le cimetière et les bâtiments de la commune de Varzy.",
        "profile": "CAP espaces verts ou expérience équivalente ; permis B.",
    }
    return payload | overrides


def test_the_api_applies_the_same_rules(client, varzy_mairie, advisor_other):
    RomeOccupationFactory()
    _, key = create_token(varzy_mairie, "Logiciel RH de la mairie")
    headers = {"Authorization": f"Bearer {key}"}
    response = client.post(API, _payload(publish=True), content_type="application/json", headers=headers)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "en attente de vérification" in errors["publish"]
    assert not Offer.objects.exists()  # nothing half-written

    created = client.post(API, _payload(), content_type="application/json", headers=headers).json()
    url = f"{API}/{created['reference']}"
    response = client.patch(url, {"status": "submitted"}, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = client.patch(url, {"status": "published"}, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "conseiller qui la relit" in response.json()["errors"][0]["message"]

    verification.verify(varzy_mairie, actor=advisor_other)
    response = client.post(
        API,
        _payload(publish=True, territory_presentation=PLACEHOLDER),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "Avant de publier" in errors["publish"] and "à compléter" in errors["territory_presentation"]
    response = client.post(API, _payload(publish=True), content_type="application/json", headers=headers)
    assert response.status_code == 201 and response.json()["status"] == "published"


def test_the_public_offer_page_says_whether_the_employer_is_verified(client, varzy_mairie, secretary, advisor_other):
    offer = varzy_offer(varzy_mairie)
    services.submit(offer, actor=secretary)
    services.publish(offer, actor=advisor_other)  # reviewed, while the mairie still waits for verification
    url = offer.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Mairie de Varzy" in page and "Organisation vérifiée" not in page

    verification.verify(varzy_mairie, actor=advisor_other)
    page = client.get(url).content.decode()
    badge = '<span class="fr-badge fr-badge--sm fr-badge--success">Organisation vérifiée</span>'
    assert f"Mairie de Varzy {badge}" in page


def test_an_edit_after_publication_goes_back_to_review_when_an_advisor_had_to_review(
    client, varzy_mairie, secretary, advisor_other
):
    offer = varzy_offer(varzy_mairie)
    services.submit(offer, actor=secretary)
    services.publish(offer, actor=advisor_other)
    assert client.get(offer.get_absolute_url()).status_code == 200

    services.update_offer(offer, {"benefits": "Tickets restaurant et participation à la mutuelle."}, actor=secretary)
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED  # not diffused until an advisor reads the change
    last = OfferTransition.objects.filter(offer=offer).latest("pk")
    assert (last.from_status, last.to_status, last.actor, last.comment) == (
        S.PUBLISHED,
        S.SUBMITTED,
        secretary,
        services.BACK_TO_REVIEW,
    )
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert S.PUBLISHED not in dict(services.available_transitions(offer, secretary))
    services.publish(offer, actor=advisor_other)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_a_verified_organisation_edits_its_published_offer_without_a_new_review(organisation_a, recruiter_a):
    offer = OfferFactory(organisation=organisation_a, commune=organisation_a.commune)
    services.publish(offer, actor=recruiter_a)
    services.update_offer(offer, {"benefits": "Télétravail deux jours par semaine possible."}, actor=recruiter_a)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_an_expired_offer_is_republished_only_after_a_new_review_when_one_is_required(
    varzy_mairie, secretary, advisor_other, organisation_a, recruiter_a
):
    offer = varzy_offer(varzy_mairie)
    services.submit(offer, actor=secretary)
    services.publish(offer, actor=advisor_other)
    services.transition_offer(offer, S.EXPIRED, actor=None)
    transitions = dict(services.available_transitions(offer, secretary))
    assert S.PUBLISHED not in transitions and transitions[S.SUBMITTED].label == "Demander une relecture"
    with pytest.raises(services.TransitionRefused, match="en attente de vérification"):
        services.publish(offer, actor=secretary)
    assert Offer.objects.get(pk=offer.pk).status == S.EXPIRED
    services.submit(offer, actor=secretary)
    services.publish(offer, actor=advisor_other)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED

    # A verified organisation republishes its own expired offer, and is not offered a review it does not need.
    own = OfferFactory(organisation=organisation_a, commune=organisation_a.commune)
    services.publish(own, actor=recruiter_a)
    services.transition_offer(own, S.EXPIRED, actor=None)
    transitions = dict(services.available_transitions(own, recruiter_a))
    assert S.PUBLISHED in transitions and S.SUBMITTED not in transitions
    services.publish(own, actor=recruiter_a)
    assert Offer.objects.get(pk=own.pk).status == S.PUBLISHED


def test_removing_a_reviewed_programme_context_after_publication_does_not_escape_the_review(
    client, organisation_a, recruiter_a, advisor, settings
):
    from tests.offers.test_model_forms import valid_data

    settings.OFFERS_REVIEW_REQUIRED_CONTEXTS = ("developpement_ti",)
    RomeOccupationFactory()  # M1403, the occupation the form names
    client.force_login(recruiter_a)
    assert client.post(reverse("offers:create"), valid_data()).status_code == 302
    offer = Offer.objects.get(organisation=organisation_a)
    services.submit(offer, actor=recruiter_a)
    services.publish(offer, actor=advisor)

    edit = reverse("offers:edit", args=[offer.reference])
    response = client.post(edit, valid_data(programme_context=""), follow=True)
    offer.refresh_from_db()
    assert (offer.programme_context, offer.status) == ("", S.SUBMITTED)
    assert f"Modifications enregistrées. {services.BACK_TO_REVIEW}" in unescape(response.content.decode())
