"""The drafting assistant's pure core: an offer draft in, a quality score and findings out.

`analyse(draft, context)` runs every rule of `rules.py` (small functions driven by the data of
`assistant/data/`) over an `OfferDraft` and scores the result. No database, no HTTP: the web
panel, the API and the tests call the same function.

Severities
    - ``error`` ("À corriger") — illegal (a discriminatory criterion, an offer not in French) or
      essential information missing (missions, salary, how to apply…), or a placeholder left in;
    - ``warning`` ("À améliorer") — weakens the offer: a long sentence, an unexplained acronym, a
      job title not written for all genders, a missing start date…;
    - ``info`` ("Suggestion") — worth a look: administrative jargon, an optional detail.

Scoring (documented in docs/offers-assistant.md as well)
    1. Each finding costs its category a penalty: error 30, warning 12, info 4 points (a rule may
       carry its own: a missing territory presentation costs the whole territory sub-score).
       A category's sub-score is ``max(0, 100 − Σ penalties)``: the penalties are capped there,
       so ten jargon words cannot sink an otherwise good offer.
    2. Text categories (legal, inclusive, readability, jargon) are earned on text: their
       sub-score is multiplied by ``min(1, words / 150)``, the share of a minimal offer's text
       present in missions, profile, benefits and territory presentation. An empty draft cannot
       score on "no discriminatory word found".
    3. The score is the weighted mean of the sub-scores, weights summing to 100:
       completeness 30, legal 25, readability 15, territory 10, jargon 10, inclusive 10.
    4. Caps, whatever the rest: an offer with a legal error scores at most 40 (it must not be
       published), an offer with "[à compléter …]" passages left at most 50 (it is not finished).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import readability

CATEGORIES: dict[str, str] = {
    "legal": "Conformité légale",
    "completeness": "Informations essentielles",
    "readability": "Longueur et lisibilité",
    "inclusive": "Écriture pour toutes et tous",
    "jargon": "Sigles et jargon",
    "territory": "Présentation du territoire",
}
WEIGHTS: dict[str, int] = {
    "completeness": 30,
    "legal": 25,
    "readability": 15,
    "territory": 10,
    "jargon": 10,
    "inclusive": 10,
}
SEVERITIES: dict[str, str] = {"error": "À corriger", "warning": "À améliorer", "info": "Suggestion"}
PENALTIES: dict[str, int] = {"error": 30, "warning": 12, "info": 4}
TEXT_CATEGORIES = frozenset({"legal", "inclusive", "readability", "jargon"})
# Words of missions + profile + benefits + territory presentation for full marks on text categories.
FULL_TEXT_WORDS = 150
LEGAL_ERROR_CAP = 40
PLACEHOLDER_CAP = 50

# The text fields, in reading order (the order an acronym is "first used" in).
TEXT_FIELDS: tuple[str, ...] = ("title", "missions", "profile", "benefits", "territory_presentation")
FIELD_LABELS: dict[str, str] = {
    "title": "Intitulé du poste",
    "occupation_label": "Métier",
    "contract_type": "Type de contrat",
    "contract_duration_months": "Durée du contrat",
    "public_category": "Catégorie",
    "weekly_hours": "Durée hebdomadaire",
    "education_level": "Niveau de diplôme",
    "salary_min": "Salaire minimum",
    "salary_max": "Salaire maximum",
    "start_date": "Date de prise de poste",
    "closing_date": "Date limite de candidature",
    "commune": "Commune",
    "remote": "Télétravail",
    "missions": "Missions",
    "profile": "Profil recherché",
    "benefits": "Avantages",
    "territory_presentation": "Présentation du territoire",
    "apply_method": "Modalité de candidature",
    "apply_url": "Site de candidature",
    "apply_email": "E-mail de candidature",
    "programme_context": "Contexte de programme",
}


@dataclass
class OfferDraft:
    """What the author has written so far; every field may be empty.

    Field names are the Offer model's (`commune_name`/`commune_code` stand for its commune,
    `occupation_label` for its ROME occupation).
    """

    title: str = ""
    occupation_code: str = ""
    occupation_label: str = ""
    contract_type: str = ""
    contract_duration_months: int | None = None
    public_category: str = ""
    weekly_hours: float | None = None
    education_level: int | None = None  # offers.education.EDUCATION_LEVELS
    salary_min: int | None = None
    salary_max: int | None = None
    start_date: dt.date | None = None
    closing_date: dt.date | None = None
    commune_code: str = ""
    commune_name: str = ""
    address: str = ""
    remote: str = ""
    missions: str = ""
    profile: str = ""
    benefits: str = ""
    territory_presentation: str = ""
    apply_method: str = ""
    apply_url: str = ""
    apply_email: str = ""
    programme_context: str = ""
    is_public_employer: bool | None = None

    def text(self, name: str) -> str:
        return getattr(self, name, "") or ""

    @property
    def body_words(self) -> int:
        """Words of the offer's body (missions, profile, benefits, territory presentation)."""
        return sum(len(readability.words(self.text(f))) for f in TEXT_FIELDS if f != "title")


@dataclass(frozen=True)
class AnalysisContext:
    """What the analysis cannot know from the draft alone."""

    today: dt.date | None = None


@dataclass(frozen=True)
class Span:
    """Offending words: offsets in the field's text, with a little text around for display."""

    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    severity: str
    message: str  # what is wrong, in one sentence
    why: str = ""  # why it matters
    fix: str = ""  # how to fix it
    field: str = ""
    spans: tuple[Span, ...] = ()
    suggestion: str = ""  # a ready-to-use replacement, when there is one (a job title…)
    penalty: int | None = None  # None: the severity's penalty

    @property
    def cost(self) -> int:
        return PENALTIES[self.severity] if self.penalty is None else self.penalty

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, "")

    @property
    def full_message(self) -> str:
        return " ".join(part for part in (self.message, self.why, self.fix) if part)


@dataclass(frozen=True)
class CategoryScore:
    category: str
    score: int
    weight: int
    findings: tuple[Finding, ...]

    @property
    def label(self) -> str:
        return CATEGORIES[self.category]


@dataclass(frozen=True)
class Analysis:
    score: int
    findings: tuple[Finding, ...]
    categories: dict[str, CategoryScore]
    readability: float | None  # Kandel & Moles score of the body, None without text
    word_count: int

    @property
    def level(self) -> str:
        """The badge: "À corriger" (< 40 or any error), "À améliorer" (< 70), "Bonne offre"."""
        if self.score < 40 or self.count("error"):
            return "À corriger"
        if self.score < 70:
            return "À améliorer"
        return "Bonne offre"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> str:
        """ "2 points à corriger, 1 à améliorer, 3 suggestions." in plain French."""
        if not self.findings:
            return "Aucune remarque : l'offre est claire, complète et conforme."
        parts = []
        errors, warnings, infos = self.count("error"), self.count("warning"), self.count("info")
        if errors:
            parts.append(f"{errors} point{'s' if errors > 1 else ''} à corriger")
        if warnings:
            parts.append(f"{warnings} à améliorer")
        if infos:
            parts.append(f"{infos} suggestion{'s' if infos > 1 else ''}")
        return ", ".join(parts) + "."

    @property
    def by_category(self) -> list[CategoryScore]:
        """Categories in display order (most findings' weight first), empty ones last."""
        order = list(CATEGORIES)
        return sorted(self.categories.values(), key=lambda c: (not c.findings, order.index(c.category)))

    @property
    def readability_level(self) -> str:
        return readability.level(self.readability) if self.readability is not None else ""


def make_span(text: str, start: int, end: int, context: int = 50) -> Span:
    """A span with up to `context` characters either side, cut at word boundaries."""
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    if start - context > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + context < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return Span(start, end, text[start:end], before, after)


def score(findings: list[Finding], draft: OfferDraft) -> tuple[int, dict[str, CategoryScore]]:
    """The formula of the module docstring."""
    coverage = min(1.0, draft.body_words / FULL_TEXT_WORDS)
    categories: dict[str, CategoryScore] = {}
    total = 0.0
    for category, weight in WEIGHTS.items():
        own = tuple(f for f in findings if f.category == category)
        sub = max(0, 100 - sum(f.cost for f in own))
        if category in TEXT_CATEGORIES:
            sub = round(sub * coverage)
        categories[category] = CategoryScore(category, sub, weight, own)
        total += weight * sub / 100
    result = round(total)
    if any(f.category == "legal" and f.severity == "error" for f in findings):
        result = min(result, LEGAL_ERROR_CAP)
    if any(f.rule_id == "completeness.placeholder" for f in findings):
        result = min(result, PLACEHOLDER_CAP)
    return max(0, min(100, result)), categories


def analyse(draft: OfferDraft, context: AnalysisContext | None = None) -> Analysis:
    from .rules import RULES  # rules import this module's dataclasses

    context = context or AnalysisContext()
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(draft, context))
    total, categories = score(findings, draft)
    body = "\n".join(draft.text(f) for f in TEXT_FIELDS if f != "title" and draft.text(f))
    return Analysis(
        score=total,
        findings=tuple(findings),
        categories=categories,
        readability=readability.kandel_moles(body),
        word_count=draft.body_words,
    )


# --- Building a draft from a form or a JSON body ------------------------------------------------


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(Decimal(str(value).replace(" ", "").replace("\u202f", "").replace(",", ".")))
    except (InvalidOperation, ValueError):
        return None


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time zone involved)
        except ValueError:
            continue
    return None


def _bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "on", "oui", "yes"}


_TEXTS = (
    "title",
    "occupation_code",
    "occupation_label",
    "contract_type",
    "public_category",
    "commune_code",
    "commune_name",
    "address",
    "remote",
    "missions",
    "profile",
    "benefits",
    "territory_presentation",
    "apply_method",
    "apply_url",
    "apply_email",
    "programme_context",
)
# Bounds the work of one analysis: beyond this a field is cut (the form refuses such texts anyway).
MAX_FIELD_CHARS = 20_000


def draft_from_mapping(data: Mapping[str, Any]) -> OfferDraft:
    """A draft from loosely typed values (a form's POST, a dict): unreadable values count as empty.

    The live panel analyses what is being typed; a salary "35 k" is not an error here (the
    form says so on save), it is simply not a salary yet.
    """
    values: dict[str, Any] = {
        name: str(data.get(name) or "")[:MAX_FIELD_CHARS].replace("\r\n", "\n") for name in _TEXTS
    }
    values.update(
        contract_duration_months=_int(data.get("contract_duration_months")),
        weekly_hours=_float(data.get("weekly_hours")),
        education_level=_int(data.get("education_level")),
        salary_min=_int(data.get("salary_min")),
        salary_max=_int(data.get("salary_max")),
        start_date=_date(data.get("start_date")),
        closing_date=_date(data.get("closing_date")),
        is_public_employer=_bool(data.get("is_public_employer")),
    )
    return OfferDraft(**values)


def analysis_as_dict(analysis: Analysis) -> dict[str, Any]:
    """The JSON shape of the API (see assistant/api.py)."""
    return {
        "score": analysis.score,
        "level": analysis.level,
        "readability": None if analysis.readability is None else round(analysis.readability, 1),
        "word_count": analysis.word_count,
        "categories": {
            name: {"label": c.label, "score": c.score, "weight": c.weight, "findings": len(c.findings)}
            for name, c in analysis.categories.items()
        },
        "findings": [
            {
                "rule_id": f.rule_id,
                "category": f.category,
                "severity": f.severity,
                "message": f.message,
                "why": f.why,
                "fix": f.fix,
                "field": f.field or None,
                "suggestion": f.suggestion or None,
                "spans": [{"start": s.start, "end": s.end, "text": s.text} for s in f.spans],
            }
            for f in analysis.findings
        ],
    }
