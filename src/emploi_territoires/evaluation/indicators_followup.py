"""Indicators of individual support (issue 15), by public and territory.

    followup_figures(scope, period) -> {"followup_people": 12, "followup_hired": 3, ...}   # INDICATORS
    followup_by_situation(scope, period) -> [SituationRow("Moins de 26 ans", people=7, ...), ...]
    followup_by_commune(period, ["58194"]) -> {"58194": {"people": 2, "hired": 1, ..., "by_situation": {...}}}

Who is counted: the people whose follow-up (`followup.FollowUp`) was open at some point of the
period (started on or before its last day, not ended before its first), located by the commune of
their candidate profile (like candidates in the diagnostics); at the national level, everyone.
Their public is the situation they declared with consent on that profile
(`applications.situations.SITUATIONS`); a person counts in every public they declared.

For these people, during the period:
- with an application: an application sent (created) in the period;
- interviewed: an application moved to « entretien », or a job-dating interview held (or still
  « prévu » at a held event, as the job-dating figures count it);
- hired: a job in the period — an application moved to « recrutée », a job-dating interview whose
  outcome is « recrutement », or a follow-up ended for « accès à l'emploi »;
- in mentoring: a mentoring pair as mentee, active at some point of the period;
- time to a job: for each person whose first job after their first contact falls in the period,
  the days from the start of their follow-up (the first contact) to that job; the median;
- 3 and 6 months after: among the situations recorded at that milestone in the period
  (`followup.OutcomeCheck`), the share « en emploi ».

Set-based: one query per source (six in all), whatever the number of people; the sets are
combined in Python, and the breakdown by public reuses them (no query more).

Statistical secrecy (`protect`): the declared situations are sensitive (a disability, the RSA), and
a small commune's figures could point at a person. Wherever figures by public are shown (the
evaluation's table by public, the territory diagnostics), a count from 1 to 4 is written « < 5 »
and a median or a share computed over fewer than 5 people is not shown.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from emploi_territoires.applications.situations import SITUATIONS

from .indicators import Period, TerritoryScope

FIELDS = list(SITUATIONS)
SECRECY_THRESHOLD = 5
SECRECY_MARK = "< 5"
COUNTS = ("followup_people", "followup_with_application", "followup_interviewed", "followup_hired",
          "followup_in_mentoring")  # fmt: skip


@dataclass
class _Data:
    people: dict[int, set[str]] = field(default_factory=dict)  # person id -> declared situations
    commune: dict[int, str | None] = field(default_factory=dict)  # person id -> commune of the profile
    first_contact: dict[int, datetime.date] = field(default_factory=dict)
    applied: set[int] = field(default_factory=set)
    interviewed: set[int] = field(default_factory=set)
    hired: set[int] = field(default_factory=set)
    mentored: set[int] = field(default_factory=set)
    days_to_job: dict[int, float] = field(default_factory=dict)
    outcomes: list[tuple[str, str, set[str]]] = field(default_factory=list)  # milestone, situation, publics


def _followups(scope: TerritoryScope, period: Period):
    from emploi_territoires.followup.models import FollowUp

    low, _ = period.bounds()
    return FollowUp.objects.filter(scope.q("person__candidate_profile__commune")).filter(
        Q(started_on__lte=period.end) & (Q(ended_at__isnull=True) | Q(ended_at__gte=low))
    )


def _local_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def _collect(scope: TerritoryScope, period: Period) -> _Data:
    from emploi_territoires.applications.models import ApplicationStatus, ApplicationTransition
    from emploi_territoires.followup.models import EndReason, FollowUp, OutcomeCheck
    from emploi_territoires.jobdating.models import EventStatus, Interview, InterviewOutcome, InterviewStatus
    from emploi_territoires.mentoring.models import Pair

    data = _Data()
    followups = _followups(scope, period)
    people = followups.values("person_id")
    low, high = period.bounds()
    job_dates: dict[int, list[datetime.date]] = {}

    # 1. The people followed, their publics and their first contact.
    columns = [f"person__candidate_profile__{name}" for name in FIELDS]
    for row in followups.values_list(
        "person_id", "started_on", "ended_at", "end_reason", "person__candidate_profile__commune_id", *columns
    ):
        person, started, ended, reason, commune, flags = row[0], row[1], row[2], row[3], row[4], row[5:]
        data.commune[person] = commune
        publics = data.people.setdefault(person, set())
        publics.update(name for name, flag in zip(FIELDS, flags, strict=True) if flag)
        data.first_contact[person] = min(started, data.first_contact.get(person, started))
        if reason == EndReason.JOB and ended is not None:
            job_dates.setdefault(person, []).append(_local_date(ended))

    # 2. Applications sent in the period; 3. interviews and hires through the pipeline (all dates:
    # a hire before the period still sets the first job).
    from emploi_territoires.applications.models import Application

    data.applied = set(
        Application.objects.filter(candidate_id__in=people, created_at__gte=low, created_at__lt=high).values_list(
            "candidate_id", flat=True
        )
    )
    for person, status, moment in ApplicationTransition.objects.filter(
        application__candidate_id__in=people, to_status__in=[ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED]
    ).values_list("application__candidate_id", "to_status", "created_at"):
        if status == ApplicationStatus.HIRED:
            job_dates.setdefault(person, []).append(_local_date(moment))
        elif low <= moment < high:
            data.interviewed.add(person)

    # 4. Job-dating interviews of the accepted schedules, at held events.
    for person, day, status, outcome in (
        Interview.objects.filter(
            candidate_registration__user_id__in=people, run__accepted=True, event__status=EventStatus.HELD
        )
        .filter(Q(status__in=[InterviewStatus.HELD, InterviewStatus.SCHEDULED]) | Q(outcome=InterviewOutcome.HIRED))
        .values_list("candidate_registration__user_id", "event__date", "status", "outcome")
    ):
        if period.start <= day <= period.end and status in (InterviewStatus.HELD, InterviewStatus.SCHEDULED):
            data.interviewed.add(person)
        if outcome == InterviewOutcome.HIRED:
            job_dates.setdefault(person, []).append(day)

    # 5. Mentoring pairs active during the period.
    data.mentored = set(
        Pair.objects.filter(mentee_id__in=people, started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .values_list("mentee_id", flat=True)
    )

    # The first job after the first contact, when it falls in the period.
    for person, dates in job_dates.items():
        start = data.first_contact.get(person)
        after = sorted(d for d in dates if start is not None and d >= start)
        if after and period.start <= after[0] <= period.end:
            data.hired.add(person)
            data.days_to_job[person] = float((after[0] - start).days)
        elif any(period.start <= d <= period.end for d in after):
            data.hired.add(person)  # a job in the period, after an earlier one

    # 6. Situations recorded at 3 and 6 months in the period (the follow-up may have ended before it).
    situated = FollowUp.objects.filter(scope.q("person__candidate_profile__commune"))
    for milestone, situation, *flags in OutcomeCheck.objects.filter(
        followup__in=situated.values("pk"),
        milestone__in=[OutcomeCheck.Milestone.MONTH_3, OutcomeCheck.Milestone.MONTH_6],
        recorded_on__gte=period.start,
        recorded_on__lte=period.end,
    ).values_list("milestone", "situation", *[f"followup__{c}" for c in columns]):
        data.outcomes.append((milestone, situation, {n for n, f in zip(FIELDS, flags, strict=True) if f}))
    return data


def _share(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def _job_share(outcomes: list[tuple[str, str, set[str]]], milestone: str) -> float | None:
    recorded = [situation for m, situation, _ in outcomes if m == milestone]
    return _share(sum(1 for s in recorded if s == "job"), len(recorded))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _figures(data: _Data, people: set[int], outcomes: list[tuple[str, str, set[str]]]) -> dict:
    return {
        "followup_people": len(people),
        "followup_with_application": len(people & data.applied),
        "followup_interviewed": len(people & data.interviewed),
        "followup_hired": len(people & data.hired),
        "followup_in_mentoring": len(people & data.mentored),
        "followup_time_to_job": _median([d for p, d in data.days_to_job.items() if p in people]),
        "followup_job_3_months": _job_share(outcomes, "m3"),
        "followup_job_6_months": _job_share(outcomes, "m6"),
    }


def followup_figures(scope: TerritoryScope, period: Period) -> dict[str, float | int | None]:
    """The individual-support indicators of INDICATORS (codes `followup_*`), for every public."""
    data = _collect(scope, period)
    return _figures(data, set(data.people), data.outcomes)


@dataclass(frozen=True)
class SituationRow:
    code: str  # "" for « Toutes les personnes accompagnées »
    label: str
    figures: dict[str, float | int | None]


def followup_by_situation(scope: TerritoryScope, period: Period) -> list[SituationRow]:
    """The same figures for each declared public, then for everyone (the last row)."""
    data = _collect(scope, period)
    rows = []
    for code, label in SITUATIONS.items():
        people = {p for p, publics in data.people.items() if code in publics}
        outcomes = [o for o in data.outcomes if code in o[2]]
        rows.append(SituationRow(code, label, _figures(data, people, outcomes)))
    rows.append(SituationRow("", "Toutes les personnes accompagnées", _figures(data, set(data.people), data.outcomes)))
    return rows


def protect(figures: dict[str, float | int | None]) -> dict[str, float | int | str | None]:
    """The figures as they may be shown by public: « < 5 » for 1 to 4 people, no median or share
    computed over fewer than 5 people (see the module docstring)."""
    few = figures["followup_people"] < SECRECY_THRESHOLD  # type: ignore[operator]
    shown: dict[str, float | int | str | None] = {}
    for code, value in figures.items():
        if code in COUNTS:
            shown[code] = SECRECY_MARK if isinstance(value, int) and 0 < value < SECRECY_THRESHOLD else value
        else:
            shown[code] = None if few else value
    return shown


def followup_by_commune(period: Period, commune_codes: list[str] | None = None) -> dict[str, dict]:
    """Additive counts per commune of the people's profiles, for the territory diagnostics (which add
    communes up into every territory): people followed, with an application, interviewed, hired, in
    mentoring, and people by declared public. Counts only; secrecy is applied where they are shown."""
    scope = TerritoryScope.national() if commune_codes is None else TerritoryScope.of_communes(commune_codes)
    data = _collect(scope, period)
    rows: dict[str, dict] = {}
    for person, publics in data.people.items():
        commune = data.commune.get(person)
        if commune is None:
            continue
        row = rows.setdefault(
            commune,
            {"people": 0, "with_application": 0, "interviewed": 0, "hired": 0, "in_mentoring": 0, "by_situation": {}},
        )
        row["people"] += 1
        row["with_application"] += person in data.applied
        row["interviewed"] += person in data.interviewed
        row["hired"] += person in data.hired
        row["in_mentoring"] += person in data.mentored
        for code in publics:
            row["by_situation"][code] = row["by_situation"].get(code, 0) + 1
    return rows
