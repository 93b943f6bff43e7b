"""Who may do what with an offer, built on the one permission layer (`accounts.permissions`).

Members of the employer organisation (any role) edit its offers and move them through the
workflow; advisors who follow the offer's commune review submitted offers (publish or send
back); staff can do everything. Predicates never raise; fetch helpers return the offer or raise
Http404, so an outsider cannot learn that a draft exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from emploi_territoires.accounts.permissions import AnyUser, advisor_follows, followed_communes_q, is_member, is_staff
from emploi_territoires.core.access import get_allowed_or_404

from .models import Offer, OfferStatus

# Content can no longer change once the position is filled or the offer archived: duplicate it.
EDITABLE_STATUSES = frozenset({OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, OfferStatus.EXPIRED})


def is_offer_member(user: AnyUser | None, offer: Offer) -> bool:
    """A member of the employer organisation, or staff (who act as one)."""
    return is_staff(user) or is_member(user, offer.organisation)


def is_offer_reviewer(user: AnyUser | None, offer: Offer) -> bool:
    """An advisor who follows the offer's commune, or staff."""
    return is_staff(user) or advisor_follows(user, offer)


def can_view_offer_private(user: AnyUser | None, offer: Offer) -> bool:
    """The editor's view of an offer (drafts, history): members, and reviewers once submitted or later.

    An advisor never sees a draft the organisation has not shown anyone yet.
    """
    if is_offer_member(user, offer):
        return True
    return offer.status != OfferStatus.DRAFT and is_offer_reviewer(user, offer)


def private_offers(user: AnyUser | None) -> QuerySet[Offer]:
    """`can_view_offer_private` as a queryset: all for staff, their organisations' offers for members,
    the offers of the communes an advisor follows once submitted or later; nothing for anybody else."""
    if is_staff(user):
        return Offer.objects.all()
    if user is None or not (user.is_authenticated and user.is_active):
        return Offer.objects.none()
    reviews = ~Q(status=OfferStatus.DRAFT) & followed_communes_q(user, prefix="commune__")
    return Offer.objects.filter(Q(organisation__memberships__user_id=user.pk) | reviews).distinct()


def can_edit_offer(user: AnyUser | None, offer: Offer) -> bool:
    return is_offer_member(user, offer) and offer.status in EDITABLE_STATUSES


def can_duplicate_offer(user: AnyUser | None, offer: Offer) -> bool:
    return is_offer_member(user, offer)


def get_offer_for_user(user: AnyUser | None, reference: str) -> Offer:
    """The offer for its members, staff and (from submission on) its reviewers; 404 for anybody else."""
    offers = Offer.objects.select_related("organisation", "commune__departement", "occupation", "created_by")
    return get_allowed_or_404(offers, user, can_view_offer_private, "Offre introuvable.", reference=reference)


def get_offer_for_editor(request: HttpRequest, reference: str) -> Offer:
    return get_offer_for_user(request.user, reference)


def get_offer_for_member(request: HttpRequest, reference: str) -> Offer:
    """The offer for members of its organisation and staff (edit, duplicate, export).

    404 for outsiders; 403 for a reviewer, who may see the offer but not rewrite it.
    """
    offer = get_offer_for_editor(request, reference)
    if not is_offer_member(request.user, offer):
        raise PermissionDenied("Seuls les membres de l'organisation peuvent modifier cette offre.")
    return offer
