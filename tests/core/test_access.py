"""The "visible to this user" querysets say what the apps' predicates say, for every persona,
and the fetch-or-404 helpers answer an outsider like a missing object."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from emploi_territoires.core.access import get_visible_or_404
from emploi_territoires.jobdating.models import EventStatus
from emploi_territoires.jobdating.permissions import can_view_event, get_event_for_user, visible_events
from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.offers.permissions import can_view_offer_private, get_offer_for_user, private_offers
from tests.factories import clamecy
from tests.jobdating.factories import EventFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(staff, recruiter_a, recruiter_b, advisor, advisor_other, candidate):
    return [staff, recruiter_a, recruiter_b, advisor, advisor_other, candidate, AnonymousUser()]


def test_private_offers_is_can_view_offer_private(personas, organisation_a, organisation_b, recruiter_a, advisor):
    offers = [
        OfferFactory(organisation=organisation, status=status)
        for organisation in (organisation_a, organisation_b)
        for status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED)
    ]
    assert len(personas) == 7 and len(offers) == 6
    for user in personas:
        expected = {offer.pk for offer in offers if can_view_offer_private(user, offer)}
        assert set(private_offers(user).values_list("pk", flat=True)) == expected, user
    # A member sees all of their organisation's offers; the Loire advisor those of the Loire, drafts aside.
    assert len(private_offers(recruiter_a)) == 3
    assert {offer.status for offer in private_offers(advisor)} == {OfferStatus.SUBMITTED, OfferStatus.PUBLISHED}


def test_visible_events_is_can_view_event(personas, advisor, advisor_other):
    events = [
        EventFactory(title="Brouillon de Clamecy", status=EventStatus.DRAFT, commune=clamecy()),
        EventFactory(title="Ouvert à Clamecy", status=EventStatus.REGISTRATION_OPEN, commune=clamecy()),
        EventFactory(title="Brouillon de Saint-Étienne", status=EventStatus.DRAFT),
        EventFactory(title="Brouillon nommé", status=EventStatus.DRAFT, commune=clamecy()),
    ]
    events[3].advisors.add(advisor)
    assert len(personas) == 7
    for user in personas:
        expected = {event.pk for event in events if can_view_event(user, event)}
        assert set(visible_events(user).values_list("pk", flat=True)) == expected, user
    assert {e.title for e in visible_events(advisor)} == {
        "Ouvert à Clamecy",
        "Brouillon de Saint-Étienne",
        "Brouillon nommé",
    }
    assert "Brouillon de Saint-Étienne" not in {e.title for e in visible_events(advisor_other)}


def test_fetch_helpers_answer_404_to_an_outsider(recruiter_a, recruiter_b, organisation_a):
    draft = OfferFactory(organisation=organisation_a, status=OfferStatus.DRAFT)
    assert get_offer_for_user(recruiter_a, draft.reference) == draft
    with pytest.raises(Http404):
        get_offer_for_user(recruiter_b, draft.reference)
    with pytest.raises(Http404):
        get_offer_for_user(recruiter_a, "ET-2026-999999")
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(Http404):
        get_event_for_user(AnonymousUser(), event.pk)


def test_get_visible_or_404_fetches_only_from_what_the_user_may_see(recruiter_a, recruiter_b, organisation_a):
    draft = OfferFactory(organisation=organisation_a, status=OfferStatus.DRAFT, title="Chargé·e de mission PVD")
    assert get_visible_or_404(private_offers(recruiter_a), "Offre introuvable.", reference=draft.reference) == draft
    with pytest.raises(Http404, match="Offre introuvable"):
        get_visible_or_404(private_offers(recruiter_b), "Offre introuvable.", reference=draft.reference)
