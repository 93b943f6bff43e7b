"""After the event: outcomes of the interviews, candidates' ratings, and the figures.

- A recruiter records what follows each interview held at their tables: no follow-up, a second
  interview, or a hire. Only members of the interview's organisation may (staff too, to fix a
  mistake); the advisor of the event reads them in the figures. Recording an outcome marks the
  interview as held.
- A candidate who came rates the event from 1 to 5 with an optional comment, once.
- `event_figures` gives the evaluation module its numbers (see `EventFigures`).

Outcomes can be recorded once the interview's slot is over — never before, whatever the event's
state (it is "tenu" as soon as it has started, and its afternoon interviews have not happened yet);
they may be corrected later — the last answer counts and each change is in the audit trail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import formats, timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import is_member, is_staff
from emploi_territoires.applications.services_profile import audit
from emploi_territoires.core.text import clean_text

from .errors import JobDatingError, ValidationFailed
from .formatting import time_label
from .models import (
    CandidateRegistration,
    Event,
    EventRating,
    EventStatus,
    Interview,
    InterviewOutcome,
    InterviewStatus,
)
from .services_day import event_times

AFTER_STATUSES = {EventStatus.HELD, EventStatus.CLOSED}
OUTCOMES = (InterviewOutcome.NO_FOLLOW_UP, InterviewOutcome.SECOND_INTERVIEW, InterviewOutcome.HIRED)
COMMENT_MAX = 2000


def can_record_outcome(user: User | None, interview: Interview) -> bool:
    return is_member(user, interview.recruiter_registration.organisation) or is_staff(user)


def interview_over(interview: Interview, event: Event, at: datetime.datetime | None = None) -> bool:
    """Whether the interview's slot has ended at `at` (now by default)."""
    times = event_times(event)
    return interview.slot < len(times) and times[interview.slot].end <= (at or timezone.now())


def outcome_problem(interview: Interview, event: Event, at: datetime.datetime | None = None) -> str | None:
    """Why no outcome can be recorded for this interview at `at`, or None."""
    if event.status not in {EventStatus.PUBLISHED, *AFTER_STATUSES}:
        return "La suite donnée s'indique une fois le planning publié et l'entretien passé."
    if not interview_over(interview, event, at):
        times = event_times(event)
        if interview.slot >= len(times):
            return "Ce créneau n'existe plus dans les horaires du job dating : il n'y a pas de suite à indiquer."
        slot = times[interview.slot]
        start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
        day = formats.date_format(start.date(), "l j F Y")
        return (
            f"L'entretien du {day} de {time_label(start)} à {time_label(end)} n'a pas encore eu lieu : "
            "la suite donnée s'indique une fois l'entretien passé."
        )
    return None


def record_outcome(
    interview: Interview, outcome: str, *, actor: User | None, at: datetime.datetime | None = None
) -> Interview:
    if not can_record_outcome(actor, interview):
        raise JobDatingError("Seuls les recruteurs de cet entretien peuvent indiquer la suite donnée.")
    if outcome not in OUTCOMES:
        raise ValidationFailed({"outcome": ["Choisissez : sans suite, second entretien ou recrutement."]})
    event = Event.objects.get(pk=interview.event_id)  # its state now, not a copy cached on the interview
    at = at or timezone.now()
    problem = outcome_problem(interview, event, at)
    if problem:
        raise JobDatingError(problem)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.status in (InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED):
            raise JobDatingError("Cet entretien n'a pas eu lieu : il n'y a pas de suite à indiquer.")
        previous = interview.outcome
        interview.outcome = outcome
        interview.status = InterviewStatus.HELD
        interview.outcome_recorded_at = at
        interview.outcome_recorded_by = actor
        interview.save(update_fields=["outcome", "status", "outcome_recorded_at", "outcome_recorded_by"])
        audit(
            "jobdating_outcome",
            actor=actor,
            subject=None,
            event_id=event.pk,
            interview_id=interview.pk,
            outcome=outcome,
            previous=previous,
        )
    return interview


def can_rate(registration: CandidateRegistration) -> bool:
    return registration.event.status in AFTER_STATUSES and not registration.no_show


def rate_event(
    registration: CandidateRegistration, score: object, comment: str = "", *, actor: User | None
) -> EventRating:
    if actor is None or registration.user_id != actor.pk:
        raise JobDatingError("Seule la personne inscrite peut donner son avis.")
    status = Event.objects.filter(pk=registration.event_id).values_list("status", flat=True).get()
    if status not in AFTER_STATUSES:
        raise JobDatingError("Vous pourrez donner votre avis une fois le job dating passé.")
    if registration.no_show:
        raise JobDatingError("Vous n'étiez pas présent·e à ce job dating : votre avis ne peut pas être enregistré.")
    errors: dict[str, list[str]] = {}
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        errors["score"] = ["Choisissez une note de 1 à 5."]
    comment = clean_text(comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [f"Le commentaire est limité à {COMMENT_MAX} caractères (il en compte {len(comment)})."]
    if errors:
        raise ValidationFailed(errors)
    already = "Vous avez déjà donné votre avis sur ce job dating : merci, il est bien enregistré."
    if EventRating.objects.filter(candidate_registration=registration).exists():
        raise JobDatingError(already)
    try:
        with transaction.atomic():
            rating = EventRating.objects.create(candidate_registration=registration, score=value, comment=comment)
    except IntegrityError:  # two submissions at once: the first one counts
        raise JobDatingError(already) from None
    return rating


# --- Figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFigures:
    """What the evaluation module reads about one job dating.

    - registered: candidates registered in advance (walk-ins apart); walk_ins: added on the day;
    - no_shows: registered candidates marked absent; no_show_rate = no_shows / registered (None if 0);
    - interviews_held: interviews of the schedule in force that took place — marked held (an outcome
      was recorded) or scheduled and over without anyone marked absent;
    - second_interviews, hires, no_follow_up: outcomes recorded; outcomes_missing: held without one;
    - ratings, average_rating: candidates' ratings (None without any).
    """

    registered: int
    walk_ins: int
    no_shows: int
    no_show_rate: float | None
    recruiters: int
    interviews_held: int
    second_interviews: int
    hires: int
    no_follow_up: int
    outcomes_missing: int
    ratings: int
    average_rating: float | None


def event_figures(event: Event, at: datetime.datetime | None = None) -> EventFigures:
    """Four aggregate queries whatever the size of the event."""
    registrations = CandidateRegistration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(walk_in=False)),
        walk_ins=Count("pk", filter=Q(walk_in=True)),
        no_shows=Count("pk", filter=Q(walk_in=False, no_show=True)),
    )
    held_filter = Q(status=InterviewStatus.HELD)
    if event.status in AFTER_STATUSES:
        held_filter |= Q(status=InterviewStatus.SCHEDULED)
    else:
        over = [t.index for t in event_times(event) if t.end <= (at or timezone.now())]
        held_filter |= Q(status=InterviewStatus.SCHEDULED, slot__in=over)
    interviews = Interview.objects.filter(event=event, run__accepted=True).aggregate(
        held=Count("pk", filter=held_filter),
        second=Count("pk", filter=Q(outcome=InterviewOutcome.SECOND_INTERVIEW)),
        hires=Count("pk", filter=Q(outcome=InterviewOutcome.HIRED)),
        no_follow_up=Count("pk", filter=Q(outcome=InterviewOutcome.NO_FOLLOW_UP)),
        missing=Count("pk", filter=held_filter & Q(outcome=InterviewOutcome.NONE)),
    )
    ratings = EventRating.objects.filter(candidate_registration__event=event).aggregate(n=Count("pk"), avg=Avg("score"))
    registered = registrations["registered"]
    return EventFigures(
        registered=registered,
        walk_ins=registrations["walk_ins"],
        no_shows=registrations["no_shows"],
        no_show_rate=registrations["no_shows"] / registered if registered else None,
        recruiters=event.recruiter_registrations.count(),
        interviews_held=interviews["held"],
        second_interviews=interviews["second"],
        hires=interviews["hires"],
        no_follow_up=interviews["no_follow_up"],
        outcomes_missing=interviews["missing"],
        ratings=ratings["n"],
        average_rating=round(float(ratings["avg"]), 2) if ratings["avg"] is not None else None,
    )
