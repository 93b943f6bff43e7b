"""The VTA rule set: the conditions of the volontariat territorial en administration on an offer.

Run by the assistant for every draft whose contract is a VTA (or whose programme context is the
VTA). The figures come from data with their vintage (`offers.vta_scheme`, docs/vta.md), never from
here: 12 to 18 months, at least 75 % of full time, pay at least the SMIC for those hours, a young
graduate (18 to 30) with at least bac + 2, an engineering or project mission. Unmet conditions are
errors of the « legal » category (the offer cannot be published, and the score is capped like any
legal error); the employer's eligibility is checked at publication (vta/eligibility.py).

Rule ids: vta.duration, vta.working_time, vta.pay, vta.education, vta.experience, vta.mission.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from emploi_territoires.core.formats import euros

from ..education import SHORT_LABELS
from ..vta_scheme import VtaScheme, scheme_for
from .analysis import AnalysisContext, Finding, OfferDraft, make_span

FLAGS = re.IGNORECASE | re.UNICODE
WHY_PROGRAMME = (
    "C'est une condition du volontariat territorial en administration (programme de l'ANCT et des préfectures)"
)
# A diploma below bac + 2 asked in the text (« titulaire du baccalauréat », « niveau bac », « CAP »),
# not « bac + 2 », « bac+3 », « bac pro + 2 ans ».
_LOW_DIPLOMA = re.compile(
    r"\b(?:baccalaur[ée]at|bac(?:\s+pro(?:fessionnel)?)?|CAP|BEP|brevet\s+des\s+collèges)\b(?!\s*[+\-]\s*\d)(?!\s*ou\s+plus)",
    FLAGS,
)
_HIGHER = re.compile(r"\bbac\s*\+\s*[2-8]\b|\b(?:master|licence|BTS|BUT|DUT|ingénieur|doctorat)\b", FLAGS)
_EXPERIENCE = re.compile(
    r"\b(\d{1,2})\s+ans?\s+(?:minimum\s+)?d['’]expérience\b"
    r"|\bexpérience\s+(?:de|d['’]au\s+moins)\s+(\d{1,2})\s+ans\b",
    FLAGS,
)
YOUNG_GRADUATE_MAX_EXPERIENCE = 3
# What an engineering or project mission speaks of (ANCT's examples: projet de territoire, dossiers
# de subvention, plan pluriannuel d'investissement, projet alimentaire territorial, CRTE…).
_PROJECT_WORDS = re.compile(
    r"\b(?:projets?|ingénierie|études?|diagnostics?|subventions?|financements?|appels?\s+à\s+projets?|"
    r"programmes?|plans?\s+(?:pluriannuel|d['’]action|de\s+financement)|stratégi\w+|schémas?|"
    r"contrats?\s+de\s+(?:relance|ville|territoire)|CRTE|montage|pilotage|conduite|coordination|"
    r"planification|revitalisation|aménagement|urbanisme|transition|mobilités?|développement)\b",
    FLAGS,
)


def is_vta(draft: OfferDraft) -> bool:
    return draft.contract_type == "vta" or draft.programme_context == "vta"


def _day(draft: OfferDraft, context: AnalysisContext) -> dt.date:
    return draft.start_date or context.today or dt.date.today()  # noqa: DTZ011 (plain fallback for the pure core)


def _finding(
    rule_id: str, message: str, why: str, fix: str, field: str, severity: str = "error", **extra: Any
) -> Finding:
    return Finding(rule_id, "legal", severity, message, why, fix, field=field, **extra)


def vta_conditions(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    if not is_vta(draft):
        return
    scheme = scheme_for(_day(draft, context))
    yield from _duration(draft, scheme)
    yield from _working_time(draft, scheme)
    yield from _pay(draft, scheme)
    yield from _education(draft, scheme)
    yield from _experience(draft, scheme)
    yield from _mission(draft)


def _duration(draft: OfferDraft, scheme: VtaScheme) -> Iterator[Finding]:
    low, high, months = scheme.months_min, scheme.months_max, draft.contract_duration_months
    if months is not None and low <= months <= high:
        return
    yield _finding(
        "vta.duration",
        f"Un volontariat territorial en administration dure de {low} à {high} mois"
        + (" : la durée n'est pas indiquée." if months is None else f" (ici {months} mois)."),
        f"{WHY_PROGRAMME} : un contrat de {low} à {high} mois ({scheme.vintage}).",
        f"Indiquez une durée comprise entre {low} et {high} mois.",
        "contract_duration_months",
    )


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _working_time(draft: OfferDraft, scheme: VtaScheme) -> Iterator[Finding]:
    minimum, full = scheme.min_weekly_hours, scheme.full_time_weekly_hours
    share = f"{int(scheme.min_time_share * 100)} %"
    hours = draft.weekly_hours
    if hours is not None and Decimal(str(hours)) >= minimum:
        return
    said = (
        " : la durée hebdomadaire n'est pas indiquée."
        if hours is None
        else f", et non {_hours(Decimal(str(hours)))} heures."
    )
    yield _finding(
        "vta.working_time",
        f"Un VTA travaille au moins {share} d'un temps plein ({_hours(minimum)} heures sur {_hours(full)}){said}",
        f"{WHY_PROGRAMME} : un contrat d'au moins {share} d'un temps plein.",
        f"Indiquez une durée hebdomadaire d'au moins {_hours(minimum)} heures.",
        "weekly_hours",
    )


def _pay(draft: OfferDraft, scheme: VtaScheme) -> Iterator[Finding]:
    offered = draft.salary_min if draft.salary_min is not None else draft.salary_max
    if offered is None:
        return  # completeness.salary already asks for it
    floor = scheme.minimum_annual_pay(draft.weekly_hours)
    if Decimal(offered) >= floor:
        return
    hours = max(Decimal(str(draft.weekly_hours or 0)), scheme.min_weekly_hours)
    smic = scheme.smic
    yield _finding(
        "vta.pay",
        f"La rémunération ({euros(offered)} brut par an) est sous le minimum légal d'un VTA : "
        f"{euros(floor)} brut par an pour {_hours(hours)} heures par semaine.",
        f"Un VTA est rémunéré au moins au SMIC ({str(smic.hourly).replace('.', ',')} € brut de l'heure depuis le "
        f"{smic.since.strftime('%d/%m/%Y')}, source : {smic.source.title}), pour au moins "
        f"{int(scheme.min_time_share * 100)} % d'un temps plein.",
        f"Proposez au moins {euros(floor)} brut par an (SMIC horaire × heures par semaine × 52).",
        "salary_min",
    )


def _education(draft: OfferDraft, scheme: VtaScheme) -> Iterator[Finding]:
    minimum = scheme.min_education_level
    why = (
        f"{WHY_PROGRAMME} : il s'adresse à de jeunes diplômés de {scheme.age_min} à {scheme.age_max} ans, "
        f"d'un niveau {scheme.min_education_label} au moins."
    )
    level = draft.education_level
    if level is not None:
        if level < minimum:
            yield _finding(
                "vta.education",
                f"Le niveau demandé ({SHORT_LABELS.get(level, level)}) est inférieur à celui d'un VTA "
                f"({scheme.min_education_label} au moins).",
                why,
                f"Choisissez le niveau {scheme.min_education_label} ou plus.",
                "education_level",
            )
        return
    text = draft.profile
    low, higher = _LOW_DIPLOMA.search(text), _HIGHER.search(text)
    if higher:
        return  # « bac + 2 », « master »: the profile says it, the field is only missing
    if low:
        yield _finding(
            "vta.education",
            f"Le profil demande « {low.group()} » : un VTA s'adresse à des diplômés de niveau "
            f"{scheme.min_education_label} au moins.",
            why,
            f"Demandez un diplôme de niveau {scheme.min_education_label} au moins, et choisissez-le dans « Niveau "
            "de diplôme ».",
            "profile",
            spans=(make_span(text, low.start(), low.end()),),
        )
        return
    yield _finding(
        "vta.education",
        "Le niveau de diplôme demandé n'est pas indiqué.",
        why,
        f"Choisissez le niveau de diplôme : {scheme.min_education_label} au moins.",
        "education_level",
        severity="warning",
    )


def _experience(draft: OfferDraft, scheme: VtaScheme) -> Iterator[Finding]:
    text = draft.profile
    for m in _EXPERIENCE.finditer(text):
        years = int(m.group(1) or m.group(2))
        if years > YOUNG_GRADUATE_MAX_EXPERIENCE:
            yield _finding(
                "vta.experience",
                f"« {m.group()} » : un VTA s'adresse à de jeunes diplômés.",
                f"{WHY_PROGRAMME} : de jeunes diplômés de {scheme.age_min} à {scheme.age_max} ans ; des années "
                "d'expérience exigées écartent le public du dispositif.",
                "Demandez plutôt une première expérience (stage, alternance) ou supprimez l'exigence.",
                "profile",
                severity="warning",
                spans=(make_span(text, m.start(), m.end()),),
            )
            return


def _mission(draft: OfferDraft) -> Iterator[Finding]:
    text = draft.missions
    if not text.strip() or _PROJECT_WORDS.search(text):
        return
    yield _finding(
        "vta.mission",
        "Les missions ne décrivent pas une mission d'ingénierie ou de conduite de projet.",
        f"{WHY_PROGRAMME} : le VTA renforce l'ingénierie des territoires ruraux (projet de territoire, dossiers de "
        "subvention, plan pluriannuel d'investissement, projet alimentaire territorial…), pas un poste "
        "d'accueil ou d'exécution.",
        "Décrivez le ou les projets que la personne conduira : étude, montage des financements, pilotage, partenaires.",
        "missions",
    )
