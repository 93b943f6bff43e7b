"""The database side of the matching: models -> plain features, and the two entry points of the web.

`propose_candidates(offer)` and `recommend_offers(profile)` read a pool from the database (a
latitude band around the commune, plus remote work, plus the cheap filters the database can
apply), turn it into features and rank it with the same `MatchingIndex` the benchmark measures,
so the web and the benchmark share one scoring path. At the demo's sizes this is computed on the
fly; at national scale the index would be kept warm per process (see docs/matching.md).
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from emploi_territoires.applications.models import Application, CandidateProfile, Visibility
from emploi_territoires.offers.models import Offer, OfferStatus, Remote

from . import textsim
from .features import MAX_RADIUS_KM, PROGRAMMES, CandidateFeatures, OfferFeatures
from .index import KM_PER_DEGREE_LAT, MatchingIndex
from .scoring import MatchScore

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class CandidateMatch:
    candidate: CandidateFeatures
    match: MatchScore
    has_applied: bool = False


@dataclass(frozen=True)
class OfferMatch:
    offer: OfferFeatures
    match: MatchScore
    has_applied: bool = False


# --- models -> features -----------------------------------------------------------------------


def _programmes(commune) -> frozenset[str]:
    return frozenset(p for p in PROGRAMMES if commune is not None and getattr(commune, f"in_{p}", False))


def candidate_features(profile: CandidateProfile) -> CandidateFeatures:
    """Expects `user`, `commune` selected and `wanted_occupations`, `visible_departements` prefetched."""
    commune = profile.commune
    occupations = list(profile.wanted_occupations.all())
    labels = " ".join(o.label for o in occupations)
    user = profile.user
    return CandidateFeatures(
        id=profile.pk,
        commune_code=commune.code if commune else "",
        latitude=commune.latitude if commune else None,
        longitude=commune.longitude if commune else None,
        radius_km=profile.mobility_radius_km,
        occupations=tuple(o.code for o in occupations),
        skills=tuple(str(s) for s in (profile.skills or []) if str(s).strip()),
        experience_years=profile.experience_years,
        diploma_level=profile.diploma_level,
        available_from=profile.available_from,
        remote_preference=profile.remote_preference,
        visibility=profile.visibility,
        visible_departements=frozenset(d.code for d in profile.visible_departements.all()),
        visible_programmes=frozenset(str(p) for p in (profile.visible_programmes or [])),
        text=f"{profile.headline} {labels} {profile.summary}",
        name=user.get_full_name() if user else "",
        headline=profile.headline,
        commune_name=commune.name if commune else "",
        departement=commune.departement_id if commune else "",
    )


def offer_features(offer: Offer) -> OfferFeatures:
    """Expects `commune` and `organisation` selected."""
    commune = offer.commune
    return OfferFeatures(
        id=offer.pk,
        commune_code=commune.code if commune else "",
        latitude=commune.latitude if commune else None,
        longitude=commune.longitude if commune else None,
        departement=commune.departement_id if commune else "",
        programmes=_programmes(commune),
        remote=offer.remote,
        occupation_code=offer.occupation_id or "",
        public_category=offer.public_category,
        start_date=offer.start_date,
        text=f"{offer.missions} {offer.profile}",
        reference=offer.reference,
        title=offer.title,
        organisation_id=offer.organisation_id,
        employer_name=offer.organisation.name,
        commune_name=commune.name if commune else "",
    )


# --- the text model: IDF over the published offers, cached per process --------------------------

_model_lock = threading.Lock()
_model_cache: dict[str, object] = {}


def text_model() -> textsim.TextModel:
    """IDF learnt from the published offers; rebuilt when they change (count, last update)."""
    published = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    fingerprint = (*published.aggregate(n=Max("pk"), updated=Max("updated_at")).values(), published.count())
    with _model_lock:
        if _model_cache.get("fingerprint") == fingerprint:
            return _model_cache["model"]  # type: ignore[return-value]
    documents = (
        textsim.tokens(f"{title} {missions} {profile}")
        for title, missions, profile in published.values_list("title", "missions", "profile").iterator()
    )
    model = textsim.build_text_model(documents)
    with _model_lock:
        _model_cache.update(fingerprint=fingerprint, model=model)
    return model


# --- entry points -------------------------------------------------------------------------------


def _band_q(latitude: float | None, reach_km: float, prefix: str) -> Q:
    if latitude is None:
        return Q(pk__in=[])
    delta = reach_km / KM_PER_DEGREE_LAT + 1e-6
    return Q(**{f"{prefix}latitude__gte": latitude - delta, f"{prefix}latitude__lte": latitude + delta})


def _profiles():
    return CandidateProfile.objects.select_related("user", "commune").prefetch_related(
        "wanted_occupations", "visible_departements"
    )


def propose_candidates(
    offer: Offer, limit: int = DEFAULT_LIMIT, today: datetime.date | None = None
) -> list[CandidateMatch]:
    """The visible candidates in reach of an offer, best first, explained (see matching.index)."""
    today = today or timezone.localdate()
    commune = offer.commune
    reach = _band_q(commune.latitude if commune else None, MAX_RADIUS_KM, "commune__")
    if offer.remote == Remote.FULL:
        reach |= ~Q(remote_preference=Remote.NONE)
    pool = _profiles().filter(reach, visibility=Visibility.TERRITORIES, user__is_active=True).order_by("pk")
    candidates = [candidate_features(p) for p in pool]
    if not candidates:
        return []
    index = MatchingIndex(candidates, [offer_features(offer)], text_model(), today)
    matches = index.top_candidates(offer.pk, limit)
    applied = set(
        Application.objects.filter(
            offer=offer, candidate__candidate_profile__in=[m.candidate_id for m in matches]
        ).values_list("candidate__candidate_profile", flat=True)
    )
    by_id = {c.id: c for c in candidates}
    return [CandidateMatch(by_id[m.candidate_id], m, m.candidate_id in applied) for m in matches]


def recommend_offers(
    profile: CandidateProfile, limit: int = DEFAULT_LIMIT, today: datetime.date | None = None
) -> list[OfferMatch]:
    """The published offers in reach of a candidate, best first, explained."""
    today = today or timezone.localdate()
    candidate = candidate_features(profile)
    reach = _band_q(candidate.latitude, candidate.reach_km, "commune__")
    if candidate.accepts_remote:
        reach |= Q(remote=Remote.FULL)
    pool = (
        Offer.objects.select_related("commune", "organisation")
        .filter(reach, status=OfferStatus.PUBLISHED)
        .order_by("pk")
    )
    offers = [offer_features(o) for o in pool]
    if not offers:
        return []
    index = MatchingIndex([candidate], offers, text_model(), today)
    matches = index.top_offers(candidate.id, limit)
    shown = [m.offer_id for m in matches]
    applied = set(
        Application.objects.filter(candidate_id=profile.user_id, offer_id__in=shown).values_list("offer_id", flat=True)
    )
    by_id = {o.id: o for o in offers}
    return [OfferMatch(by_id[m.offer_id], m, m.offer_id in applied) for m in matches]
