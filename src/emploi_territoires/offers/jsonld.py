"""schema.org JobPosting for the offer page, with every property Google for Jobs requires or recommends.

Required: title, description, datePosted, hiringOrganization, jobLocation (or jobLocationType
TELECOMMUTE + applicantLocationRequirements). Recommended: validThrough, employmentType,
baseSalary, identifier, directApply. https://developers.google.com/search/docs/appearance/structured-data/job-posting

employmentType choices (schema.org has no type for French public-service status or work-study):
- CDI, fonctionnaire: FULL_TIME (PART_TIME under 35 h a week);
- CDD, contractuel, contrat de projet, VTA, apprentissage: FULL_TIME/PART_TIME + TEMPORARY (they
  end on a date; CONTRACTOR would suggest a freelancer, which none of them is);
- stage: INTERN.
directApply is true when candidates apply on the offer page itself (apply method "platform"),
false when the offer sends them to an external site or an e-mail address.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.html import escape, linebreaks

from .models import ApplyMethod, ContractType, Offer, Remote

_FIXED_TERM = {
    ContractType.CDD,
    ContractType.CONTRACTUAL,
    ContractType.PROJECT,
    ContractType.VTA,
    ContractType.APPRENTICESHIP,
}
# Characters that could close the <script> element or start an HTML comment in it; JSON reads
# the \u escapes back as the same characters (the same table as Django's json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_SCRIPT_ESCAPES |= {0x2028: "\\u2028", 0x2029: "\\u2029"}


def employment_type(offer: Offer) -> list[str]:
    if offer.contract_type == ContractType.INTERNSHIP:
        return ["INTERN"]
    hours = offer.weekly_hours
    types = ["PART_TIME" if hours is not None and hours < 35 else "FULL_TIME"]
    if offer.contract_type in _FIXED_TERM:
        types.append("TEMPORARY")
    return types


def description_html(offer: Offer) -> str:
    """The description as simple HTML (allowed by Google), every piece of user text escaped."""
    sections = [
        ("Missions", offer.missions),
        ("Profil recherché", offer.profile),
        ("Avantages", offer.benefits),
        ("Le territoire", offer.territory_presentation),
    ]
    parts = [f"<h2>{escape(title)}</h2>{linebreaks(text, autoescape=True)}" for title, text in sections if text]
    return "".join(parts) or f"<p>{escape(offer.title)}</p>"


def _valid_through(closing: datetime.date) -> str:
    # Applications close at the end of the closing day, French time.
    end = datetime.datetime.combine(closing, datetime.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_default_timezone()).isoformat()


def job_posting(offer: Offer, url: str) -> dict[str, Any]:
    """The JobPosting of a published offer (relations loaded: organisation, commune + région)."""
    organisation = offer.organisation
    commune = offer.commune
    hiring: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        hiring["sameAs"] = organisation.website
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressLocality": commune.name,
        "postalCode": commune.main_postcode,
        "addressRegion": commune.region.name,
        "addressCountry": "FR",
    }
    if offer.address:
        address["streetAddress"] = offer.address
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description_html(offer),
        "datePosted": timezone.localtime(offer.published_at).date().isoformat() if offer.published_at else None,
        "hiringOrganization": hiring,
        "jobLocation": {"@type": "Place", "address": address},
        "employmentType": employment_type(offer),
        "identifier": {"@type": "PropertyValue", "name": organisation.name, "value": offer.reference},
        "directApply": offer.apply_method == ApplyMethod.PLATFORM,
        "url": url,
        "totalJobOpenings": offer.positions,
    }
    if offer.closing_date:
        data["validThrough"] = _valid_through(offer.closing_date)
    if offer.salary_min or offer.salary_max:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        if offer.salary_min and offer.salary_max and offer.salary_min != offer.salary_max:
            value |= {"minValue": offer.salary_min, "maxValue": offer.salary_max}
        else:
            value["value"] = offer.salary_min or offer.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if offer.remote == Remote.FULL:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "FR"}
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    if offer.occupation_id and offer.occupation is not None:
        data["occupationalCategory"] = f"{offer.occupation.code} {offer.occupation.label}"
    if offer.public_service_branch:
        data["industry"] = offer.get_public_service_branch_display()
    if offer.weekly_hours:
        data["workHours"] = f"{offer.weekly_hours:g} heures par semaine"
    return {k: v for k, v in data.items() if v is not None}


def script_content(data: dict[str, Any]) -> str:
    """JSON safe to put between <script> tags: "</script>" in a title cannot end the element."""
    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - every <, > and & is \u-escaped above
