"""« Sauvegarder cette offre »: a candidate's saved offers (SavedOffer).

Only a published offer can be saved; a saved offer stays in « Mes offres sauvegardées » after it
is filled, expires or is archived, marked « n'est plus publiée » (without a link: its page is a
404). The rows are personal data: exported and erased with the account (gdpr.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.models import Offer, OfferStatus

from .models import SavedOffer

MAX_SAVED_OFFERS = 500


class SavedOfferError(ValueError):
    """A French message for the person."""


@dataclass(frozen=True)
class SavedRow:
    saved: SavedOffer
    offer: Offer
    is_online: bool


def is_online(offer: Offer) -> bool:
    """Published and not past its closing date: what the board shows."""
    if offer.status != OfferStatus.PUBLISHED or offer.published_at is None:
        return False
    return offer.closing_date is None or offer.closing_date >= timezone.localdate()


def save_offer(user: User, offer: Offer) -> bool:
    """Save `offer` for `user`; False when it was already saved. Raises SavedOfferError."""
    if user.kind != User.Kind.CANDIDATE:
        raise SavedOfferError("La sauvegarde des offres est réservée aux comptes de candidats.")
    if not is_online(offer):
        raise SavedOfferError("Cette offre n'est plus publiée : elle ne peut pas être sauvegardée.")
    if SavedOffer.objects.filter(user=user, offer=offer).exists():
        return False
    if SavedOffer.objects.filter(user=user).count() >= MAX_SAVED_OFFERS:
        raise SavedOfferError(
            f"Vous avez déjà sauvegardé {MAX_SAVED_OFFERS} offres : retirez-en avant d'en ajouter d'autres."
        )
    try:
        with transaction.atomic():
            SavedOffer.objects.create(user=user, offer=offer)
    except IntegrityError:  # the same offer saved twice at once (two tabs)
        return False
    return True


def remove_saved_offer(user: User, reference: str) -> bool:
    """Remove the offer from the person's saved offers; False if it was not there."""
    deleted, _ = SavedOffer.objects.filter(user=user, offer__reference=reference).delete()
    return bool(deleted)


def is_saved(user: User, offer: Offer) -> bool:
    return bool(user.is_authenticated) and SavedOffer.objects.filter(user_id=user.pk, offer=offer).exists()


def saved_rows(user: User) -> list[SavedRow]:
    """The person's saved offers, most recently saved first, still-online ones first."""
    saved = (
        SavedOffer.objects.filter(user=user)
        .select_related("offer", "offer__organisation", "offer__commune")
        .order_by("-created_at", "-pk")
    )
    rows = [SavedRow(s, s.offer, is_online(s.offer)) for s in saved]
    return sorted(rows, key=lambda row: not row.is_online)
