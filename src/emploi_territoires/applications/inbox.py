"""Reads of the recruiter's inbox and board (issue 19): every application of an organisation, across
its offers, in a few queries whatever their number (pinned in tests/applications/test_recruiter.py).

- `inbox(organisation, viewer, now)`: the new applications, those waiting for an answer for more
  than `APPLICATIONS_INBOX_WAITING_DAYS` days (still « nouvelle » or « en cours d'examen » since
  then), and the confirmed interviews of the current week (Monday to Sunday, Paris time).
- `board(organisation, viewer, now, offer)`: one column per pipeline state; closed states show the
  applications closed in the last `CLOSED_SHOWN_DAYS` days only, so the board stays a working tool.

The person (name, commune) is shown only to viewers who may read the profile
(`permissions.viewable_candidate_ids`), as on the per-offer list.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Avg, Count, Q

from emploi_territoires.offers.models import Offer

from .models import CLOSED_STATUSES, Application, ApplicationStatus, Interview, InterviewStatus
from .permissions import viewable_candidate_ids
from .services_pipeline import OPEN_STATUSES, RECRUITER, WORKFLOW
from .services_recruiter import inbox_waiting_days, local_day_start

CLOSED_SHOWN_DAYS = 30
SECTION_LIMIT = 50
COLUMN_LIMIT = 60


def week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 and the next Monday 00:00 of `now`'s week, in the site's time zone."""
    start = local_day_start(now)
    start -= datetime.timedelta(days=start.weekday())
    # zoneinfo adds in wall time: a week crossing a change of time still ends on Monday 00:00.
    return start, start + datetime.timedelta(days=7)


def _applications(organisation):
    return (
        Application.objects.filter(organisation_id=organisation.pk, candidate__isnull=False)
        .select_related("offer", "candidate__candidate_profile__commune")
        .annotate(
            rating=Avg("comments__rating", filter=Q(comments__organisation_id=organisation.pk)),
            ratings=Count("comments__rating", filter=Q(comments__organisation_id=organisation.pk)),
        )
    )


def _rows(applications, viewer, now) -> list[dict[str, Any]]:
    applications = list(applications)
    viewable = viewable_candidate_ids(viewer, [a.candidate_id for a in applications], now)
    rows = []
    for application in applications:
        personal = application.candidate_id in viewable
        profile = getattr(application.candidate, "candidate_profile", None) if personal else None
        since = application.status_changed_at or application.created_at
        rows.append(
            {
                "application": application,
                "name": str(application.candidate) if personal else "Candidature anonymisée",
                "commune": profile.commune.name if profile is not None and profile.commune else "",
                "days_waiting": None if application.is_closed else (now - since).days,
                "rating": round(application.rating, 1) if application.rating is not None else None,
                "ratings": application.ratings,
            }
        )
    return rows


def inbox(organisation, viewer, now: datetime.datetime) -> dict[str, Any]:
    waiting_days = inbox_waiting_days()
    applications = _applications(organisation)
    new = applications.filter(status=ApplicationStatus.NEW).order_by("-created_at", "-pk")[:SECTION_LIMIT]
    waiting = applications.filter(
        status__in=(ApplicationStatus.NEW, ApplicationStatus.UNDER_REVIEW),
        status_changed_at__lt=now - datetime.timedelta(days=waiting_days),
    ).order_by("status_changed_at", "pk")[:SECTION_LIMIT]
    start, end = week_bounds(now)
    interviews = list(
        Interview.objects.filter(
            application__organisation_id=organisation.pk,
            status=InterviewStatus.CONFIRMED,
            chosen_slot__start__gte=start,
            chosen_slot__start__lt=end,
        )
        .select_related("chosen_slot", "application__offer", "application__candidate")
        .order_by("chosen_slot__start", "pk")
    )
    viewable = viewable_candidate_ids(viewer, [i.application.candidate_id for i in interviews], now)
    return {
        "waiting_days": waiting_days,
        "new": _rows(new, viewer, now),
        "waiting": _rows(waiting, viewer, now),
        "interviews": [
            {
                "interview": interview,
                "slot": interview.chosen_slot,
                "application": interview.application,
                "name": str(interview.application.candidate)
                if interview.application.candidate_id in viewable
                else "Candidature anonymisée",
            }
            for interview in interviews
        ],
        "week_start": start,
        "week_end": end - datetime.timedelta(days=1),
    }


def board_moves(status: str) -> list[tuple[str, str]]:
    """The moves a recruiter makes from the board: every allowed transition except refusing (it
    needs a reason and a message: done from the application's page)."""
    return [
        (to, rule.label)
        for to, rule in WORKFLOW.allowed(status)
        if RECRUITER in rule.roles and to != ApplicationStatus.REFUSED
    ]


def board(organisation, viewer, now: datetime.datetime, offer: Offer | None = None) -> list[dict[str, Any]]:
    applications = _applications(organisation)
    if offer is not None:
        applications = applications.filter(offer_id=offer.pk)
    recent = now - datetime.timedelta(days=CLOSED_SHOWN_DAYS)
    applications = applications.filter(Q(status__in=OPEN_STATUSES) | Q(closed_at__gte=recent))
    rows = _rows(applications.order_by("status_changed_at", "pk"), viewer, now)
    columns = []
    for status in ApplicationStatus:
        cards = [r for r in rows if r["application"].status == status]
        columns.append(
            {
                "status": status.value,
                "label": status.label,
                "closed": status in CLOSED_STATUSES,
                "count": len(cards),
                "cards": cards[:COLUMN_LIMIT],
                "more": max(0, len(cards) - COLUMN_LIMIT),
                "moves": board_moves(status.value),
            }
        )
    return columns
