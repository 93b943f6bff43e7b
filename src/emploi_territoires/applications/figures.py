"""Recruitment figures per offer and per organisation: applications, time to first answer, time to hire.

The arithmetic is a pure function over plain rows (`compute_figures`), tested on hand-made data;
`offer_figures` and `organisation_figures` only read the rows (one query each) and call it.

Definitions (days are calendar durations, in days with one decimal):
- time to first answer: from the application to the organisation's first status change
  (`first_answer_at`); applications never answered, or withdrawn before any answer, are not counted;
- time to hire: from the application to the move to "hired" (`closed_at` of hired applications);
- medians, not means: one application left a year without answer must not hide the usual delay.
Anonymised applications keep these dates (the person is gone, the statistics stay).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import Offer

from .models import Application, ApplicationStatus

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class ApplicationFacts:
    """What the figures need from one application."""

    status: str
    created_at: datetime.datetime
    first_answer_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    refusal_reason: str = ""


@dataclass(frozen=True)
class ReasonCount:
    code: str
    label: str
    count: int
    share: float  # of all refusals, 0–1


@dataclass(frozen=True)
class PipelineFigures:
    applications: int
    by_status: dict[str, int]
    answered: int
    median_days_to_first_answer: float | None
    hires: int
    median_days_to_hire: float | None
    refusals: int
    refusal_reasons: list[ReasonCount]

    @property
    def open(self) -> int:
        return sum(self.by_status.get(s, 0) for s in ("new", "under_review", "interview"))

    @property
    def waiting(self) -> int:
        """Applications nobody has answered yet."""
        return self.by_status.get(ApplicationStatus.NEW, 0)

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.applications if self.applications else None


def _days(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _median_days(durations: list[float]) -> float | None:
    return round(statistics.median(durations), 1) if durations else None


def compute_figures(rows: Iterable[ApplicationFacts], reason_labels: dict[str, str] | None = None) -> PipelineFigures:
    """The figures of a set of applications (pure arithmetic, no database)."""
    if reason_labels is None:
        from .services_pipeline import REFUSAL_REASONS

        reason_labels = REFUSAL_REASONS
    rows = list(rows)
    by_status = Counter(row.status for row in rows)
    to_answer = [_days(r.created_at, r.first_answer_at) for r in rows if r.first_answer_at is not None]
    to_hire = [
        _days(r.created_at, r.closed_at)
        for r in rows
        if r.status == ApplicationStatus.HIRED and r.closed_at is not None
    ]
    reasons = Counter(r.refusal_reason or "other" for r in rows if r.status == ApplicationStatus.REFUSED)
    refusals = sum(reasons.values())
    return PipelineFigures(
        applications=len(rows),
        by_status={status: by_status.get(status, 0) for status in ApplicationStatus.values},
        answered=len(to_answer),
        median_days_to_first_answer=_median_days(to_answer),
        hires=by_status.get(ApplicationStatus.HIRED, 0),
        median_days_to_hire=_median_days(to_hire),
        refusals=refusals,
        refusal_reasons=[
            ReasonCount(code, reason_labels.get(code, code), count, count / refusals)
            for code, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
        ],
    )


def _facts(queryset) -> list[ApplicationFacts]:
    return [
        ApplicationFacts(*values)
        for values in queryset.values_list("status", "created_at", "first_answer_at", "closed_at", "refusal_reason")
    ]


def offer_figures(offer: Offer) -> PipelineFigures:
    return compute_figures(_facts(Application.objects.filter(offer_id=offer.pk)))


def organisation_figures(organisation: Organisation, *, since: datetime.datetime | None = None) -> PipelineFigures:
    """Every application the organisation received (since `since` if given), anonymised ones included."""
    applications = Application.objects.filter(organisation_id=organisation.pk)
    if since is not None:
        applications = applications.filter(created_at__gte=since)
    return compute_figures(_facts(applications))


@dataclass(frozen=True)
class OfferCounts:
    offer: Offer
    applications: int
    waiting: int  # still "new"
    open: int
    hires: int


def offers_with_counts(organisation: Organisation) -> list[OfferCounts]:
    """The organisation's offers that received applications, with their counts (one query)."""
    s = ApplicationStatus
    offers = (
        Offer.objects.filter(organisation_id=organisation.pk)
        .annotate(
            n_applications=Count("applications"),
            n_waiting=Count("applications", filter=Q(applications__status=s.NEW)),
            n_open=Count("applications", filter=Q(applications__status__in=[s.NEW, s.UNDER_REVIEW, s.INTERVIEW])),
            n_hires=Count("applications", filter=Q(applications__status=s.HIRED)),
        )
        .filter(n_applications__gt=0)
        .select_related("commune")
        .order_by("-n_waiting", "-published_at", "-pk")
    )
    return [OfferCounts(o, o.n_applications, o.n_waiting, o.n_open, o.n_hires) for o in offers]
