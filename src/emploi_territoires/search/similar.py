"""« Offres similaires » on an offer's page: a few other online offers of the same job, nearby first.

Through the board's own search (`search_offers`, the projection: only online offers, never a
closed one), from the most to the least specific, until SIMILAR_COUNT offers are found:
1. the first two words of the title that name the job (« chef projet », « secretaire mairie »;
   the one word of « Comptable (F/H) ») within NEARBY_KM of the offer's commune, nearest first;
2. the same words anywhere, most relevant first;
3. the same ROME occupation, nearest first (titles worded differently).
The offer itself is never shown. Each step is one or two indexed queries; the list is cached for
CACHE_SECONDS per offer (the offer page is the most visited page: search engines, shared links).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.urls import reverse

from emploi_territoires.offers.models import ContractType, Offer
from emploi_territoires.territories.geodesy import haversine_km

from . import text
from .models import OfferDocument
from .offers import OfferSearchParams, Sort, search_offers

SIMILAR_COUNT = 4
NEARBY_KM = 100
CACHE_SECONDS = 600
# Words that say nothing about the job.
_GENERIC = {"h", "f", "fh", "hf", "poste", "emploi", "offre", "cdd", "cdi", "vta", "temps", "plein", "partiel"}


@dataclass(frozen=True)
class SimilarOffer:
    reference: str
    title: str
    employer_name: str
    commune_name: str
    departement: str
    contract_type: str
    distance_km: float | None

    @property
    def contract_label(self) -> str:
        try:
            return ContractType(self.contract_type).label
        except ValueError:
            return self.contract_type

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.reference])


def job_words(title: str) -> list[str]:
    """The words of a title that name the job, in order (« Chef·fe de projet PVD (F/H) » -> chef, projet, pvd)."""
    return [w for w in text.query_words(title) if w not in _GENERIC]


def similar_offers(offer: Offer, count: int = SIMILAR_COUNT) -> list[SimilarOffer]:
    """The similar offers of `offer` (cached CACHE_SECONDS; see the module docstring)."""
    key = f"similar-offers:{offer.pk}:{count}"
    cached = cache.get(key)
    if cached is None:
        cached = _similar_offers(offer, count)
        cache.set(key, cached, CACHE_SECONDS)
    elif cached:
        # An offer filled or closed since: gone from the projection, so gone from the list.
        online = set(
            OfferDocument.objects.filter(reference__in=[s.reference for s in cached]).values_list(
                "reference", flat=True
            )
        )
        cached = [s for s in cached if s.reference in online]
    return cached


def _similar_offers(offer: Offer, count: int) -> list[SimilarOffer]:
    commune = offer.commune
    located = commune.has_coordinates
    found: dict[str, SimilarOffer] = {}

    def add(hits) -> None:
        for hit in hits:
            if len(found) >= count:
                return
            if hit.offer_id != offer.pk and hit.reference not in found:
                found[hit.reference] = SimilarOffer(
                    hit.reference,
                    hit.title,
                    hit.employer_name,
                    hit.commune_name,
                    hit.departement,
                    hit.contract_type,
                    hit.distance_km,
                )

    job = " ".join(job_words(offer.title)[:2])
    steps: list[OfferSearchParams] = []
    if job and located:
        steps.append(OfferSearchParams(text=job, commune=commune, radius_km=NEARBY_KM, sort=Sort.DISTANCE))
    if job:
        steps.append(OfferSearchParams(text=job, sort=Sort.RELEVANCE))
    for params in steps:
        if len(found) >= count:
            break
        add(search_offers(replace(params, limit=count + 1)).hits)
    if len(found) < count and offer.occupation_id:
        add(_same_occupation(offer, count + 1 + len(found)))
    return list(found.values())


@dataclass
class _Row:
    offer_id: int
    reference: str
    title: str
    employer_name: str
    commune_name: str
    departement: str
    contract_type: str
    distance_km: float | None


def _same_occupation(offer: Offer, limit: int) -> list[_Row]:
    """Online offers of the same ROME occupation: the most recent ones, then nearest first."""
    rows = list(
        OfferDocument.objects.filter(offer__occupation_id=offer.occupation_id)
        .exclude(pk=offer.pk)
        .order_by("-published_at")
        .values_list(
            "offer_id",
            "reference",
            "title",
            "employer_name",
            "commune_name",
            "departement",
            "contract_type",
            "latitude",
            "longitude",
        )[: limit * 10]
    )
    origin = offer.commune
    result = []
    for *values, latitude, longitude in rows:
        distance = None
        if origin.has_coordinates and latitude is not None and longitude is not None:
            distance = haversine_km(origin.latitude, origin.longitude, latitude, longitude)  # type: ignore[arg-type]
        result.append(_Row(*values, distance))
    result.sort(key=lambda r: (r.distance_km is None, r.distance_km or 0.0))
    return result[:limit]
