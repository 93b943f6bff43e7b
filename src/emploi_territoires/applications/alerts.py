"""Saved searches and their e-mail alerts: save a board search, then receive its new offers.

A saved search stores the board's query string as parsed and cleaned by `search.params` (so a
bad filter is never stored), and the alert runs it through `search.offers.search_offers`, the one
offer search of the board, feeds and API: an alert lists exactly what the board would show,
restricted to offers published since the previous alert. Nothing is sent when there is nothing
new. Every e-mail carries a one-click unsubscribe link (RFC 8058: `List-Unsubscribe` and
`List-Unsubscribe-Post`) that needs no login: the secret token of the saved search is the proof.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from emploi_territoires.accounts.models import User
from emploi_territoires.core.links import absolute_url, site_url
from emploi_territoires.core.text import clean_text
from emploi_territoires.search.offers import MAX_LIMIT, OfferHit, OfferSearchParams, Sort, search_offers
from emploi_territoires.search.params import MAX_SINCE_DAYS, parse_search, query_items, query_string

from .models import Consent, SavedSearch

MAX_SAVED_SEARCHES = 20
MAX_NAME_LENGTH = 100
# Offers listed in one e-mail; beyond, the e-mail links to the board for the rest.
MAX_OFFERS_PER_EMAIL = 20
ALERTS_CONSENT_VERSION = "2026-03"
FREQUENCY_PERIOD = {
    SavedSearch.Frequency.DAILY: datetime.timedelta(days=1),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=7),
}


class AlertError(Exception):
    """A saved search that cannot be created, with a French message for the person."""


# --- the stored query ---------------------------------------------------------------------------


def clean_query(data: Mapping) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The board's GET parameters as stored: parsed, bad filters dropped (and named), no paging or sort."""
    parsed = parse_search(data, with_paging=False)
    params = replace(parsed.params, sort="")
    query: dict[str, list[str]] = {}
    for key, value in query_items(params):
        query.setdefault(key, []).append(value)
    errors = {k: v for k, v in parsed.errors.items() if k != "sort"}
    return query, errors


def params_of(saved: SavedSearch) -> OfferSearchParams:
    """The search a saved query stands for (a filter that became invalid is dropped, never raised)."""
    return parse_search(saved.query or {}, with_paging=False).params


def board_url(saved: SavedSearch) -> str:
    query = query_string(params_of(saved))
    return reverse("offers:board") + (f"?{query}" if query else "")


def describe(saved: SavedSearch) -> str:
    """A short French summary of the criteria ("« urbanisme » — à 30 km de Nevers — CDD")."""
    params = params_of(saved)
    parts = []
    if params.text:
        parts.append(f"« {params.text} »")
    if params.commune is not None:
        where = params.commune.name
        parts.append(f"à {params.radius_km} km de {where}" if params.radius_km else f"à {where}")
    if params.contract_types:
        from emploi_territoires.offers.models import ContractType

        parts.append(", ".join(ContractType(c).label for c in params.contract_types))
    if params.departement:
        parts.append(f"département {params.departement}")
    if params.programme:
        parts.append(params.programme.upper())
    if params.remote:
        parts.append("télétravail")
    if params.public_categories:
        parts.append("catégorie " + ", ".join(params.public_categories))
    if params.branches:
        from emploi_territoires.offers.models import PublicServiceBranch

        parts.append(", ".join(PublicServiceBranch(b).label.lower() for b in params.branches))
    if params.contractuels:
        parts.append("ouvert aux contractuels")
    return " — ".join(parts) or "toutes les offres"


# --- writes -------------------------------------------------------------------------------------


def create_saved_search(user: User, *, name: str, frequency: str, query_data: Mapping) -> SavedSearch:
    """Save a board search for a candidate (validated; raises AlertError with a French message)."""
    name = clean_text(name or "", single_line=True).strip()
    if not name:
        raise AlertError("Donnez un nom à votre alerte, par exemple « Urbanisme autour de Nevers ».")
    if len(name) > MAX_NAME_LENGTH:
        raise AlertError(f"Le nom de l'alerte est limité à {MAX_NAME_LENGTH} caractères.")
    if frequency not in SavedSearch.Frequency.values:
        raise AlertError("Choisissez une fréquence : chaque jour ou chaque semaine.")
    query, _ = clean_query(query_data)
    with transaction.atomic():
        # Lock the user's row: two quick submissions must not both pass the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
            raise AlertError(
                f"Vous avez déjà {MAX_SAVED_SEARCHES} alertes : supprimez-en une avant d'en créer une autre."
            )
        saved = SavedSearch.objects.create(user=user, name=name, query=query, frequency=frequency)
        if not Consent.objects.filter(user=user, purpose=Consent.Purpose.ALERTS, withdrawn_at__isnull=True).exists():
            Consent.objects.create(user=user, purpose=Consent.Purpose.ALERTS, text_version=ALERTS_CONSENT_VERSION)
    return saved


def set_active(saved: SavedSearch, active: bool) -> SavedSearch:
    saved.is_active = active
    saved.save(update_fields=["is_active"])
    return saved


def delete_saved_search(saved: SavedSearch) -> None:
    saved.delete()


def saved_search_for_token(token: str) -> SavedSearch | None:
    if not token or len(token) > 64:
        return None
    return SavedSearch.objects.select_related("user").filter(unsubscribe_token=token).first()


def unsubscribe(token: str) -> SavedSearch | None:
    """Pause the alert behind a token (no login: the token is the proof); None for an unknown token."""
    saved = saved_search_for_token(token)
    if saved is not None and saved.is_active:
        set_active(saved, False)
    return saved


# --- finding what is new ------------------------------------------------------------------------


def new_offers(saved: SavedSearch, since: datetime.datetime, now: datetime.datetime) -> list[OfferHit]:
    """Offers matching the saved search published in (since, now], newest first (at most
    MAX_OFFERS_PER_EMAIL + 1, so the e-mail can say "and more")."""
    # The search counts days back from the real clock: one day of margin, the exact cut is below.
    days = min(MAX_SINCE_DAYS, max(1, math.ceil((now - since).total_seconds() / 86_400)) + 1)
    params = replace(params_of(saved), sort=Sort.DATE, offset=0, limit=MAX_LIMIT, published_since_days=days)
    found: list[OfferHit] = []
    result = search_offers(params)
    for hit in result.hits:  # by publication date, newest first
        if hit.published_at <= since:
            break
        if hit.published_at <= now:
            found.append(hit)
        if len(found) > MAX_OFFERS_PER_EMAIL:
            break
    return found


@dataclass
class AlertRun:
    frequency: str
    apply: bool
    checked: int = 0
    emails: int = 0
    offers: int = 0
    lines: list[str] = field(default_factory=list)


def due_searches(frequency: str):
    return (
        SavedSearch.objects.select_related("user")
        .filter(frequency=frequency, is_active=True, user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
    )


def unsubscribe_url(saved: SavedSearch) -> str:
    return absolute_url("applications:alert_unsubscribe", saved.unsubscribe_token)


def build_email(saved: SavedSearch, hits: list[OfferHit]) -> EmailMultiAlternatives:
    shown = hits[:MAX_OFFERS_PER_EMAIL]
    context = {
        "saved": saved,
        "user": saved.user,
        "criteria": describe(saved),
        "offers": [(hit, absolute_url(hit.get_absolute_url())) for hit in shown],
        "more": len(hits) > len(shown),
        "board_url": absolute_url(board_url(saved)),
        "alerts_url": absolute_url("applications:alerts"),
        "unsubscribe_url": unsubscribe_url(saved),
        "site_url": site_url(),
        "count": len(shown),
    }
    subject = render_to_string("applications/alerts/email_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("applications/alerts/email.txt", context),
        to=[saved.user.email],
        headers={
            # RFC 2369 / RFC 8058: mail clients show an "unsubscribe" button that POSTs here.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("applications/alerts/email.html", context), "text/html")
    return message


def send_alerts(frequency: str, now: datetime.datetime, *, apply: bool = True) -> AlertRun:
    """E-mail each active saved search of this frequency the offers published since its last alert.

    Nothing is sent when nothing is new; `last_sent_at` moves to `now` either way (with `apply`),
    so the next alert starts where this one stopped. A saved search never sent starts from its
    creation. Without `apply` (the command's dry run) nothing is sent or written.
    """
    run = AlertRun(frequency=frequency, apply=apply)
    for saved in due_searches(frequency):
        run.checked += 1
        since = saved.last_sent_at or saved.created_at
        hits = new_offers(saved, since, now)
        label = f"« {saved.name} » ({saved.user.email})"
        if hits:
            run.emails += 1
            run.offers += min(len(hits), MAX_OFFERS_PER_EMAIL)
            run.lines.append(f"{label} : {len(hits)}{'+' if len(hits) > MAX_OFFERS_PER_EMAIL else ''} offre(s)")
        else:
            run.lines.append(f"{label} : rien de nouveau")
        if not apply:
            continue
        if hits:
            # Sent before last_sent_at moves: a crash in between sends twice rather than never.
            build_email(saved, hits).send()
        saved.last_sent_at = now
        saved.save(update_fields=["last_sent_at"])
    return run
