"""A professional's caseload (« Mes accompagnements ») and the group's view of the person's situation.

`caseload(user, now=…)` is one query: the open follow-ups where the user is an active member, each
annotated with its next appointment, the applications waiting for an answer, whether a job-dating
interview is tomorrow, and the no-contact threshold of the user's structure in that group
(`SupportStructure.no_contact_alert_weeks`, 4 weeks by default). `Row.alerts` turns them into the
French alerts the page shows (never colour alone).

`situations_of(profile)`: the situations the person declared with their consent, each « déclaré »
or, where the reference data allows, « vérifié » (QPV: the person's commune has a QPV,
`Commune.in_qpv`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from emploi_territoires.applications.models import Application, ApplicationStatus, CandidateProfile
from emploi_territoires.applications.services_pipeline import REMINDER_AFTER_DAYS
from emploi_territoires.applications.situations import SITUATIONS, situations_q
from emploi_territoires.jobdating.models import Interview, InterviewStatus

from . import permissions
from .models import DEFAULT_NO_CONTACT_WEEKS, Appointment, FollowUp, FollowUpMember

SORTS = {
    "contact": "Dernier contact (les plus anciens d'abord)",
    "appointment": "Prochain rendez-vous",
    "name": "Nom",
}
# Applications « waiting for an answer »: still new (no answer yet) after the pipeline's reminder delay.
WAITING_STATUSES = (ApplicationStatus.NEW,)


@dataclass(frozen=True)
class Situation:
    code: str
    label: str
    checked: str  # "" (declared only) or what the reference data confirms


def situations_of(profile: CandidateProfile | None) -> list[Situation]:
    if profile is None:
        return []
    found = []
    for code, label in SITUATIONS.items():
        if not getattr(profile, code, False):
            continue
        checked = ""
        if code == "is_qpv_resident" and profile.commune_id and profile.commune.in_qpv:
            checked = f"la commune ({profile.commune.name}) compte un QPV"
        found.append(Situation(code, label, checked))
    return found


def caseload(
    user, *, now: datetime.datetime | None = None, situation: str = "", sort: str = "contact"
) -> QuerySet[FollowUp]:
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    my_weeks = (
        FollowUpMember.objects.filter(followup_id=OuterRef("pk"), user_id=user.pk, left_at__isnull=True)
        .order_by("pk")
        .values("organisation__support_settings__no_contact_alert_weeks")[:1]
    )
    waiting = (
        Application.objects.filter(
            candidate_id=OuterRef("person_id"),
            status__in=WAITING_STATUSES,
            created_at__lte=now - datetime.timedelta(days=REMINDER_AFTER_DAYS),
        )
        .order_by()
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    interview_tomorrow = Interview.objects.filter(
        candidate_registration__user_id=OuterRef("person_id"),
        run__accepted=True,
        status=InterviewStatus.SCHEDULED,
        event__date=tomorrow,
    )
    rows = (
        permissions.followups_of_professional(user)
        .filter(ended_at__isnull=True)
        .select_related("person__candidate_profile__commune", "referent")
        .annotate(
            next_appointment=Min(
                "appointments__starts_at",
                filter=Q(appointments__status=Appointment.Status.PLANNED, appointments__starts_at__gte=now),
            ),
            waiting_applications=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
            interview_tomorrow=Exists(interview_tomorrow),
            alert_weeks=Coalesce(Subquery(my_weeks, output_field=IntegerField()), Value(DEFAULT_NO_CONTACT_WEEKS)),
        )
    )
    if situation in SITUATIONS:
        rows = rows.filter(situations_q([situation], prefix="person__candidate_profile__"))
    if sort == "appointment":
        rows = rows.order_by(Coalesce("next_appointment", Value(now + datetime.timedelta(days=3650))), "pk")
    elif sort == "name":
        rows = rows.order_by("person__last_name", "person__first_name", "pk")
    else:
        rows = rows.order_by(Coalesce("last_contact_at", "consent_at").asc(), "pk")
    return rows


def alerts_for(followup: FollowUp, now: datetime.datetime) -> list[str]:
    """The French alerts of one caseload row (annotated by `caseload`)."""
    alerts = []
    last = followup.last_contact_at or followup.consent_at
    weeks = followup.alert_weeks  # type: ignore[attr-defined]
    if last <= now - datetime.timedelta(weeks=weeks):
        alerts.append(f"Aucun contact depuis plus de {weeks} semaine{'s' if weeks > 1 else ''}")
    waiting = followup.waiting_applications  # type: ignore[attr-defined]
    if waiting:
        alerts.append(
            f"{waiting} candidature{'s' if waiting > 1 else ''} sans réponse depuis plus de {REMINDER_AFTER_DAYS} jours"
        )
    if followup.interview_tomorrow:  # type: ignore[attr-defined]
        alerts.append("Entretien de job dating demain")
    return alerts
