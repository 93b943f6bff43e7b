"""The figures of the volontariat territorial en administration (VTA), read from data.

The rules of the scheme change by year (texts of the préfectures and of ANCT) and the SMIC changes
by decree: they are data with their vintage and source, `offers/data/vta_scheme.json`, never code.
`scheme_for(day)` gives the figures in force on a day; the assistant's VTA rules
(offers/assistant/rules.py), the publication check, the eligibility (vta/eligibility.py) and the
aid (vta) read them here. Plain Python, no Django: the assistant's pure core imports it.

    >>> scheme = scheme_for(datetime.date(2026, 12, 7))
    >>> scheme.aid_amount, scheme.months_min, scheme.months_max, scheme.min_weekly_hours
    (15000, 12, 18, Decimal('26.25'))
    >>> scheme.minimum_annual_pay(Decimal(35))   # SMIC 12,02 € × 35 h × 52 weeks
    Decimal('21876.40')
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .education import SHORT_LABELS

DATA_FILE = Path(__file__).resolve().parent / "data" / "vta_scheme.json"
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str


@dataclass(frozen=True)
class Smic:
    since: dt.date
    hourly: Decimal
    source: Source


@dataclass(frozen=True)
class VtaScheme:
    """The scheme's figures in force on one day."""

    vintage: str  # "VTA 2026 (dispositif reconduit)"
    since: dt.date
    sources: tuple[Source, ...]
    rural_levels: frozenset[int]
    rural_levels_note: str
    intermediate_levels: frozenset[int]
    intermediate_max_population: int
    rural_territory_share: float
    rural_territory_note: str
    months_min: int
    months_max: int
    min_time_share: Decimal
    full_time_weekly_hours: Decimal
    age_min: int
    age_max: int
    min_education_level: int
    aid_amount: int
    smic: Smic

    @property
    def min_weekly_hours(self) -> Decimal:
        return (self.full_time_weekly_hours * self.min_time_share).quantize(Decimal("0.01"))

    def minimum_annual_pay(self, weekly_hours: Decimal | float | int | None) -> Decimal:
        """The legal minimum gross pay per year of a VTA at these weekly hours: the SMIC × hours × 52.

        A VTA works at least `min_time_share` of full time, so no valid VTA is paid less than the
        SMIC for those hours: below them (or unknown hours), the floor is taken at the minimum time."""
        hours = Decimal(str(weekly_hours)) if weekly_hours is not None else Decimal(0)
        hours = max(hours, self.min_weekly_hours)
        return (self.smic.hourly * hours * WEEKS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def min_education_label(self) -> str:
        return SHORT_LABELS[self.min_education_level]


@cache
def _document() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _source(key: str) -> Source:
    entry = _document()["sources"][key]
    return Source(key, entry["title"], entry["url"])


def smic_for(day: dt.date) -> Smic:
    rows = [row for row in _document()["smic"] if _date(row["from"]) <= day]
    if not rows:
        rows = _document()["smic"][:1]  # before the first row: the oldest amount known
    row = max(rows, key=lambda r: r["from"])
    return Smic(_date(row["from"]), Decimal(row["hourly"]), _source(row["source"]))


def scheme_for(day: dt.date | None = None) -> VtaScheme:
    """The figures in force on `day` (today by default): each vintage overrides the previous keys."""
    day = day or dt.date.today()  # noqa: DTZ011 (callers pass the Paris date; this is the plain fallback)
    vintages = sorted(_document()["vintages"], key=lambda v: v["from"])
    merged: dict[str, Any] = {"eligibility": {}, "offer": {}}
    current = vintages[0]
    for vintage in vintages:
        if _date(vintage["from"]) > day and vintage is not vintages[0]:
            break
        current = vintage
        for section in ("eligibility", "offer"):
            merged[section].update(vintage.get(section, {}))
        if "aid_amount" in vintage:
            merged["aid_amount"] = vintage["aid_amount"]
    eligibility, offer = merged["eligibility"], merged["offer"]
    return VtaScheme(
        vintage=current["label"],
        since=_date(current["from"]),
        sources=tuple(_source(key) for key in current.get("sources", ())),
        rural_levels=frozenset(eligibility["rural_levels"]),
        rural_levels_note=eligibility.get("rural_levels_note", ""),
        intermediate_levels=frozenset(eligibility["intermediate_levels"]),
        intermediate_max_population=int(eligibility["intermediate_max_population"]),
        rural_territory_share=float(eligibility["rural_territory_share"]),
        rural_territory_note=eligibility.get("rural_territory_note", ""),
        months_min=int(offer["months_min"]),
        months_max=int(offer["months_max"]),
        min_time_share=Decimal(str(offer["min_time_share"])),
        full_time_weekly_hours=Decimal(str(offer["full_time_weekly_hours"])),
        age_min=int(offer["age_min"]),
        age_max=int(offer["age_max"]),
        min_education_level=int(offer["min_education_level"]),
        aid_amount=int(merged["aid_amount"]),
        smic=smic_for(day),
    )
