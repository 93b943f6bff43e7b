"""Published VTA offers in the forms the official VTA platform and aggregators take (issue 16).

- JSON (`/vta/offres.json`): schema.org JobPosting (the offer page's own, `offers.jsonld.job_posting`)
  plus `educationRequirements`, `experienceRequirements` and the scheme's fields under the key
  `volontariatTerritorialAdministration` (duration, working time, the employer's legal nature, commune,
  EPCI, density level, eligibility and the rules' vintage). Documented field by field in docs/vta.md.
- CSV (`/vta/offres.csv`): the same facts one offer per row, through the one export helper
  (`offers.exports.to_csv`: UTF-8 with BOM, « ; », formulas neutralised; quotes and newlines of the
  texts kept, quoted as CSV quotes them).

Public: only published offers, whose content is public anyway. The eligibility is computed once per
employer (a few queries each), the offers in one query.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.offers.education import EDUCATION_LEVELS, SCHEMA_ORG_CATEGORIES
from emploi_territoires.offers.exports import to_csv
from emploi_territoires.offers.jsonld import job_posting
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, ProgrammeContext
from emploi_territoires.offers.vta_scheme import VtaScheme, scheme_for
from emploi_territoires.territories.density import level_label

from .eligibility import Eligibility, eligibility_for, infer_legal_nature

SCHEME_KEY = "volontariatTerritorialAdministration"
MAX_OFFERS = 2_000

CSV_HEADERS = [
    "Référence",
    "Intitulé",
    "Employeur",
    "Nature juridique",
    "SIREN",
    "Commune",
    "Code Insee",
    "Département",
    "EPCI",
    "Niveau de densité (Insee, 7 niveaux)",
    "Éligibilité",
    "Durée (mois)",
    "Heures par semaine",
    "Part d'un temps plein (%)",
    "Salaire brut annuel min (€)",
    "Salaire brut annuel max (€)",
    "Niveau de diplôme requis",
    "Prise de poste",
    "Date limite de candidature",
    "Publiée le",
    "Adresse de l'offre",
    "Missions",
    "Profil recherché",
]


def published_vta_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=OfferStatus.PUBLISHED)
        .filter(Q(contract_type=ContractType.VTA) | Q(programme_context=ProgrammeContext.VTA))
        .select_related(
            "organisation__commune__departement",
            "organisation__commune__epci",
            "commune__region",
            "commune__departement",
            "commune__epci",
            "occupation",
        )
        .order_by("-published_at", "-pk")[:MAX_OFFERS]
    )


def _share(offer: Offer, scheme: VtaScheme) -> int | None:
    if offer.weekly_hours is None:
        return None
    return round(Decimal(offer.weekly_hours) / scheme.full_time_weekly_hours * 100)


def scheme_fields(offer: Offer, eligibility: Eligibility, scheme: VtaScheme) -> dict[str, Any]:
    organisation, commune = offer.organisation, offer.commune
    return {
        "dispositif": "Volontariat territorial en administration (VTA)",
        "dureeMois": offer.contract_duration_months,
        "heuresHebdomadaires": float(offer.weekly_hours) if offer.weekly_hours is not None else None,
        "partTempsPlein": _share(offer, scheme),
        "niveauDiplome": offer.education_level,
        "niveauDiplomeLibelle": EDUCATION_LEVELS.get(offer.education_level, "") if offer.education_level else "",
        "ageMin": scheme.age_min,
        "ageMax": scheme.age_max,
        "aideEtatEuros": scheme.aid_amount,
        "employeur": {
            "nom": organisation.name,
            "siren": organisation.siren,
            "natureJuridique": infer_legal_nature(organisation),
            "communeInsee": organisation.commune_id,
        },
        "lieu": {
            "communeInsee": commune.code,
            "commune": commune.name,
            "departement": commune.departement_id,
            "epciSiren": commune.epci_id or "",
            "epci": commune.epci.name if commune.epci_id else "",
            "niveauDensite": commune.density_level,
            "niveauDensiteLibelle": level_label(commune.density_level),
        },
        "eligibilite": {
            "statut": eligibility.status,
            "motif": eligibility.reason,
            "exception": eligibility.exception,
        },
        "regles": scheme.vintage,
    }


def posting(offer: Offer, url: str, eligibility: Eligibility, scheme: VtaScheme) -> dict[str, Any]:
    data = job_posting(offer, url)
    data.pop("@context", None)
    if offer.education_level is not None and offer.education_level in SCHEMA_ORG_CATEGORIES:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": SCHEMA_ORG_CATEGORIES[offer.education_level],
            "name": EDUCATION_LEVELS[offer.education_level],
        }
    data["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 0}
    data["qualifications"] = f"Jeune diplômé·e de {scheme.age_min} à {scheme.age_max} ans"
    data[SCHEME_KEY] = scheme_fields(offer, eligibility, scheme)
    return data


def _eligibilities(offers: list[Offer]) -> dict[int, Eligibility]:
    result: dict[int, Eligibility] = {}
    for offer in offers:
        if offer.organisation_id not in result:
            result[offer.organisation_id] = eligibility_for(offer.organisation)
    return result


def feed(base_url: str) -> dict[str, Any]:
    """The JSON document: the rules in force, then one JobPosting per published VTA offer."""
    scheme = scheme_for(timezone.localdate())
    offers = list(published_vta_offers())
    eligibilities = _eligibilities(offers)
    return {
        "@context": "https://schema.org/",
        "title": "Emploi Territoires — offres de volontariat territorial en administration (VTA)",
        "source": base_url + reverse("vta:offers_json"),
        "generatedAt": timezone.localtime().isoformat(timespec="seconds"),
        "rules": {
            "vintage": scheme.vintage,
            "monthsMin": scheme.months_min,
            "monthsMax": scheme.months_max,
            "minTimeShare": float(scheme.min_time_share),
            "smicHourlyEuros": float(scheme.smic.hourly),
            "smicSince": scheme.smic.since.isoformat(),
            "minEducationLevel": scheme.min_education_level,
            "ageMin": scheme.age_min,
            "ageMax": scheme.age_max,
            "aidEuros": scheme.aid_amount,
            "sources": [{"title": s.title, "url": s.url} for s in scheme.sources],
        },
        "count": len(offers),
        "jobPostings": [
            posting(offer, base_url + offer.get_absolute_url(), eligibilities[offer.organisation_id], scheme)
            for offer in offers
        ],
    }


def _hours(value: Decimal | None) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",") if value is not None else ""


def csv_bytes(base_url: str) -> bytes:
    scheme = scheme_for(timezone.localdate())
    offers = list(published_vta_offers())
    eligibilities = _eligibilities(offers)
    statuses = {"eligible": "éligible", "conditional": "éligible sous conditions", "not_eligible": "non éligible"}
    rows = []
    for offer in offers:
        commune, organisation = offer.commune, offer.organisation
        eligibility = eligibilities[offer.organisation_id]
        rows.append(
            [
                offer.reference,
                offer.title,
                organisation.name,
                infer_legal_nature(organisation),
                organisation.siren,
                commune.name,
                commune.code,
                commune.departement_id,
                commune.epci.name if commune.epci_id else "",
                f"{commune.density_level} {level_label(commune.density_level)}" if commune.density_level else "",
                statuses.get(eligibility.status, "à préciser"),
                offer.contract_duration_months,
                _hours(offer.weekly_hours),
                _share(offer, scheme),
                offer.salary_min,
                offer.salary_max,
                EDUCATION_LEVELS.get(offer.education_level, "") if offer.education_level is not None else "",
                offer.start_date,
                offer.closing_date,
                timezone.localtime(offer.published_at).date() if offer.published_at else None,
                base_url + offer.get_absolute_url(),
                offer.missions,
                offer.profile,
            ]
        )
    return to_csv(CSV_HEADERS, rows)
