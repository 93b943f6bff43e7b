"""The bridge from a saved Offer to the pure core: for the editor's detail page, the review list,
or `Offer.quality_score` (offers.services may call `analyse_offer` on save)."""

from __future__ import annotations

from django.utils import timezone

from emploi_territoires.offers.models import Offer

from .analysis import Analysis, AnalysisContext, OfferDraft, analyse


def draft_from_offer(offer: Offer) -> OfferDraft:
    """The draft of a saved offer (reads `commune`, `occupation` and `organisation`: select_related them)."""
    return OfferDraft(
        title=offer.title,
        occupation_code=offer.occupation_id or "",
        occupation_label=offer.occupation.label if offer.occupation_id else "",
        contract_type=offer.contract_type,
        contract_duration_months=offer.contract_duration_months,
        public_category=offer.public_category,
        weekly_hours=float(offer.weekly_hours) if offer.weekly_hours is not None else None,
        education_level=offer.education_level,
        salary_min=offer.salary_min,
        salary_max=offer.salary_max,
        start_date=offer.start_date,
        closing_date=offer.closing_date,
        commune_code=offer.commune_id or "",
        commune_name=offer.commune.name if offer.commune_id else "",
        address=offer.address,
        remote=offer.remote,
        missions=offer.missions,
        profile=offer.profile,
        benefits=offer.benefits,
        territory_presentation=offer.territory_presentation,
        apply_method=offer.apply_method,
        apply_url=offer.apply_url,
        apply_email=offer.apply_email,
        programme_context=offer.programme_context,
        is_public_employer=offer.organisation.is_public_employer,
    )


def analyse_offer(offer: Offer) -> Analysis:
    return analyse(draft_from_offer(offer), AnalysisContext(today=timezone.localdate()))
