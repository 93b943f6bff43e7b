"""Keeps the projection (`OfferDocument`) in step with the offers.

`index_offer` is idempotent: it writes the row of a published offer and deletes the row of any
other (draft, submitted, filled, expired, archived, deleted). It runs on every
`offers.signals.offer_changed` (connected in SearchConfig.ready) and `reindex_offers` rebuilds
everything in batches.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from emploi_territoires.offers.models import CONTRACTUAL_CONTRACT_TYPES, Offer, OfferStatus

from . import engine, text, vocabulary
from .models import OfferDocument

BATCH_SIZE = 2000
# Salary facets: "top of the range reaches N" for N every 5,000 € (the board's choices).
SALARY_STEP = 5_000
SALARY_FACETS = range(20_000, 100_001, SALARY_STEP)
_NON_ALNUM = re.compile(r"[^a-z0-9]")

# "Open to contractuels" (issue 18): a contract a non-civil servant can sign (CONTRACTUAL_CONTRACT_TYPES),
# or an offer for civil servants whose text says a contractuel may be recruited, as French public
# offers do ("poste ouvert aux contractuels", "à défaut par voie contractuelle", "fonctionnaire ou
# contractuel"). Read on folded text (lower case, no accents); a negation ("non ouvert aux
# contractuels") wins.
_CONTRACTUELS_OPEN = re.compile(
    r"\b(?:ouvert|accessible)e?s? (?:egalement |aussi )?aux (?:agents? )?(?:non[ -]titulaires|contractuel)"
    r"|\bvoie contractuelle"
    r"|\b(?:titulaire|fonctionnaire)s? ou (?:a defaut )?(?:agents? )?contractuel"
    r"|\ba defaut,? (?:par (?:voie de )?)?(?:recrutement |un |une )?(?:agents? )?contractuel"
    r"|\bcontractuels? (?:de droit public )?(?:acceptee?s?|possibles?|bienvenue?s?|egalement)\b"
)
_CONTRACTUELS_CLOSED = re.compile(
    r"\b(?:non|pas|ni|ferme|fermee) (?:ouvert|accessible)?e?s? ?aux (?:agents? )?(?:non[ -]titulaires|contractuel)"
    r"|\bcontractuels? (?:non|pas) (?:acceptee?s?|possibles?)"
)


def open_to_contractuels(contract_type: str, *texts: str) -> bool:
    """Can a non-civil servant apply? Its contract type, or what its title and text say."""
    if contract_type in CONTRACTUAL_CONTRACT_TYPES:
        return True
    folded = text.fold(" ".join(t for t in texts if t))
    return bool(_CONTRACTUELS_OPEN.search(folded)) and not _CONTRACTUELS_CLOSED.search(folded)


def _offer_open_to_contractuels(offer: Offer) -> bool:
    return open_to_contractuels(offer.contract_type, offer.title, offer.missions, offer.profile, offer.benefits)


def civil_service_facets(public_category: str, branch: str, contractuels: bool) -> list[str]:
    """Tokens of the catégorie (xka), the versant (xvterritoriale) and "open to contractuels" (xo1)."""
    tokens = [facet("k", public_category)] if public_category else []
    if branch:
        tokens.append(facet("v", branch))
    if contractuels:
        tokens.append(facet("o", 1))
    return tokens


def facet(kind: str, value: object) -> str:
    """One filter token: "x" + kind + value, alphanumeric only (FTS5 splits on anything else)."""
    return "x" + kind + _NON_ALNUM.sub("", str(value).lower())


def facets(offer: Offer) -> str:
    """The filter tokens of an offer, for SQLite's FTS5 (see search.fulltext)."""
    commune = offer.commune
    tokens = [
        facet("c", commune.code),
        facet("d", commune.departement_id),
        facet("r", commune.region_id),
        facet("t", offer.contract_type),
        facet("w", offer.remote),
        facet("e", "pub" if offer.organisation.is_public_employer else "priv"),
    ]
    tokens += [facet("p", p) for p in ("acv", "pvd", "ti", "qpv") if getattr(commune, f"in_{p}")]
    tokens += civil_service_facets(
        offer.public_category, offer.public_service_branch, _offer_open_to_contractuels(offer)
    )
    top = offer.salary_max or offer.salary_min
    if top:
        tokens += [facet("s", step // 1000) for step in SALARY_FACETS if top >= step]
    if offer.published_at is not None:
        tokens.append(day_token(timezone.localdate(offer.published_at)))
    return " ".join(tokens)


def day_token(day: datetime.date) -> str:
    """The publication day ("xy20261128"): lets PostgreSQL find the most recent matches of a
    search inside the GIN index, a few days at a time, instead of walking the date index."""
    return facet("y", day.strftime("%Y%m%d"))


def _body(offer: Offer) -> str:
    # The commune's name and postcodes: "cuisinier 58500" finds the offers of Clamecy.
    place = " ".join([offer.commune.name, *(offer.commune.postcodes or [])])
    parts = [offer.missions, offer.profile, offer.benefits, offer.organisation.name, place]
    if offer.occupation_id and offer.occupation is not None:
        parts.insert(0, offer.occupation.label)
    return "\n".join(p for p in parts if p)


def document_fields(offer: Offer, vendor: str | None = None) -> dict[str, object]:
    """The projection row of a published offer (its commune and organisation must be loaded).

    Pure (no query when the relations are loaded): the benchmark builds rows with it from
    unsaved offers, so what it measures is what the platform indexes.
    """
    vendor = vendor or connection.vendor
    # The same stems on both databases (PostgreSQL indexes them with the `simple` configuration,
    # migration 0006): both match the same terms and rank alike (search.ranking).
    prepare = text.stemmed_text
    commune = offer.commune
    organisation = offer.organisation
    return {
        "reference": offer.reference,
        "title": offer.title,
        "employer_name": organisation.name,
        "is_public_employer": organisation.is_public_employer,
        "contract_type": offer.contract_type,
        "remote": offer.remote,
        "public_category": offer.public_category,
        "public_service_branch": offer.public_service_branch,
        "open_to_contractuels": _offer_open_to_contractuels(offer),
        "salary_min": offer.salary_min,
        "salary_max": offer.salary_max,
        "published_at": offer.published_at,
        "closing_date": offer.closing_date,
        "commune_code": commune.code,
        "commune_name": commune.name,
        "postcode": commune.postcodes[0] if commune.postcodes else "",
        "departement": commune.departement_id,
        "region": commune.region_id,
        "epci": commune.epci_id or "",
        "in_acv": commune.in_acv,
        "in_pvd": commune.in_pvd,
        "in_ti": commune.in_ti,
        "in_qpv": commune.in_qpv,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "search_title": prepare(offer.title),
        "search_body": prepare(_body(offer)),
        "search_facets": facets(offer),
    }


def online_offers_q(today: datetime.date) -> Q:
    """The offers the board shows (and so the projection holds): published, with a publication date,
    not past their closing date. Territory pages and diagnostics count "offers online" with it."""
    return Q(status=OfferStatus.PUBLISHED, published_at__isnull=False) & (
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def _offers() -> Iterable[Offer]:
    return Offer.objects.select_related("organisation", "commune", "occupation")


def index_offer(offer_id: int) -> bool:
    """Write or remove the projection row of one offer; True when the offer is now searchable."""
    offer = _offers().filter(pk=offer_id, status=OfferStatus.PUBLISHED).first()
    with transaction.atomic():
        # Past its closing date, a published offer waits for the nightly expiry: not searchable meanwhile.
        if offer is None or offer.published_at is None or _closed(offer):
            OfferDocument.objects.filter(pk=offer_id).delete()
            searchable = False
        else:
            OfferDocument.objects.update_or_create(offer_id=offer.pk, defaults=document_fields(offer))
            searchable = True
        # The search engine follows at once, as the database's own full-text index does (a rolled-back
        # write leaves it a document the projection no longer has: never shown, its rows are read
        # from the projection; the next change or build_search_index corrects it).
        if engine.enabled():
            engine.sync_offers([offer_id])
    vocabulary.invalidate()
    return searchable


def _closed(offer: Offer) -> bool:
    return offer.closing_date is not None and offer.closing_date < timezone.localdate()


def on_offer_changed(sender: object, offer_id: int, **kwargs: object) -> None:
    index_offer(offer_id)


def on_reference_changed(sender: object, what: str = "", **kwargs: object) -> None:
    """Programme flags or commune positions changed: every indexed offer copies them."""
    if Offer.objects.exists():
        reindex_all()


def reindex_all(batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Rebuild the whole projection in one transaction, in batches; (indexed, removed)."""
    with transaction.atomic():
        removed, _ = OfferDocument.objects.exclude(offer__status=OfferStatus.PUBLISHED).delete()
        OfferDocument.objects.filter(offer__published_at__isnull=True).delete()
        indexed = 0
        OfferDocument.objects.filter(closing_date__lt=timezone.localdate()).delete()
        published = _offers().filter(online_offers_q(timezone.localdate())).order_by("pk")
        last_pk = 0
        while True:
            batch = list(published.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            ids = [o.pk for o in batch]
            # Delete then insert: one statement each way per batch instead of one update per row.
            OfferDocument.objects.filter(pk__in=ids).delete()
            OfferDocument.objects.bulk_create([OfferDocument(offer_id=o.pk, **document_fields(o)) for o in batch])
            indexed += len(batch)
    vocabulary.invalidate()
    if engine.enabled():
        engine.build()
    return indexed, removed
