"""Fetch-or-404 for one object a user may see: what views, services, tasks and the API share.

Two shapes, one meaning — an outsider learns nothing, not even that the object exists:

    get_visible_or_404(private_offers(user), "Offre introuvable.", reference=reference)
    get_allowed_or_404(Offer.objects.select_related("organisation"), user, can_view_offer_private,
                       "Offre introuvable.", reference=reference)

The first takes a queryset already narrowed to what the user may see (each app's `visible_*` /
`private_*` querysets in its permissions.py); the second fetches, then asks the app's predicate —
the predicate stays the one rule, the queryset its translation for lists and pickers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_visible_or_404(queryset: QuerySet[M], message: str, **lookup: Any) -> M:
    """The object of `queryset` matching `lookup`, or Http404 with `message` (French)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(message)
    return obj


def get_allowed_or_404(
    queryset: QuerySet[M], user: Any, allowed: Callable[[Any, M], bool], message: str, **lookup: Any
) -> M:
    """The object matching `lookup` if `allowed(user, obj)`, or Http404 with `message` either way."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not allowed(user, obj):
        raise Http404(message)
    return obj
