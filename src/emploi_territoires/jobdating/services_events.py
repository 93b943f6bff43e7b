"""Job-dating events: creation, edition and their moves through the workflow (`workflow`).

Every write that matters goes through the `services_*` modules, validated, in a transaction; views,
admin, commands and the demo call these functions. Errors are `errors.JobDatingError` or
`errors.ValidationFailed`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import advisor_follows, current_organisation, is_staff
from emploi_territoires.core.text import clean_text

from .errors import JobDatingError, _fail_if
from .models import Event, EventStatus, ScheduleRun
from .services_schedule import accepted_run
from .validation import _clean_event_values, validate_event_values
from .workflow import WORKFLOW, _check_can_manage, timing_problem

EVENT_FIELDS = (
    "title",
    "description",
    "commune",
    "address",
    "meeting_url",
    "date",
    "first_slot_time",
    "slot_minutes",
    "slot_count",
    "breaks",
    "min_gap",
    "registration_deadline",
    "target_programmes",
    "capacity",
    "priority_situations",
)
# Changing these once people registered would shift the meaning of their stored slot numbers.
SLOT_FIELDS = ("first_slot_time", "slot_minutes", "slot_count")


def create_event(
    *,
    actor: User,
    values: Mapping[str, Any],
    organiser: Organisation | None = None,
    target_departements: Iterable[Any] = (),
    target_occupations: Iterable[Any] = (),
    advisors: Iterable[User] = (),
    is_demo: bool = False,
) -> Event:
    """A draft event organised by the actor's organisation; advisors only in the territories they follow."""
    organiser = organiser or current_organisation(actor)
    values = _clean_event_values(values)
    errors = validate_event_values(values)
    if organiser is None:
        errors.setdefault("", []).append("Rattachez-vous à une organisation pour organiser un job dating.")
    commune = values.get("commune")
    if commune is not None and not is_staff(actor) and not advisor_follows(actor, commune):
        errors.setdefault("commune", []).append(
            f"Vous ne suivez pas la commune de {commune.name} : choisissez une commune de votre territoire."
        )
    _fail_if(errors)
    with transaction.atomic():
        event = Event(**{f: values.get(f) for f in EVENT_FIELDS if f in values})
        event.breaks = sorted(set(values.get("breaks") or []))
        event.target_programmes = list(values.get("target_programmes") or [])
        event.priority_situations = list(values.get("priority_situations") or [])
        event.organiser = organiser
        event.created_by = actor
        event.is_demo = is_demo
        event.status = EventStatus.DRAFT
        event.status_changed_at = timezone.now()
        event.save()
        event.target_departements.set(target_departements)
        event.target_occupations.set(target_occupations)
        event.advisors.set([actor, *advisors] if not is_staff(actor) else list(advisors))
    return event


def update_event(
    event: Event,
    *,
    actor: User,
    values: Mapping[str, Any],
    target_departements: Iterable[Any] | None = None,
    target_occupations: Iterable[Any] | None = None,
) -> Event:
    _check_can_manage(actor, event)
    if event.status not in (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN):
        raise JobDatingError("Le planning est construit : l'événement ne se modifie plus (rouvrez les inscriptions).")
    values = _clean_event_values(values)
    merged = {f: getattr(event, f) for f in EVENT_FIELDS} | values
    errors = validate_event_values(merged)
    has_people = event.recruiter_registrations.exists() or event.candidate_registrations.exists()
    if has_people and any(merged[f] != getattr(event, f) for f in SLOT_FIELDS):
        errors.setdefault("slot_count", []).append(
            "Des participants sont déjà inscrits : l'heure de début, la durée et le nombre de créneaux ne "
            "peuvent plus changer."
        )
    _fail_if(errors)
    with transaction.atomic():
        changed = [f for f in EVENT_FIELDS if f in values and merged[f] != getattr(event, f)]
        for f in changed:
            setattr(event, f, merged[f])
        if "breaks" in changed:
            event.breaks = sorted(set(event.breaks))
        event.save(update_fields=[*changed, "updated_at"])
        if target_departements is not None:
            event.target_departements.set(target_departements)
        if target_occupations is not None:
            event.target_occupations.set(target_occupations)
    return event


def transition_event(
    event: Event,
    to_status: str,
    *,
    actor: User | None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Event:
    """Move the event if the table and the calendar allow it; log who and when (`now`, the real
    time by default: the demo replays a past event with its own clock)."""
    comment = clean_text(comment or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        current = Event.objects.select_for_update().select_related("commune").get(pk=event.pk)
        _check_can_manage(actor, current)
        rule = WORKFLOW.check(current.status, to_status)
        wanted = EventStatus(to_status)
        if rule.by_accepting_run:
            raise JobDatingError("Le planning se construit depuis la page « Planning » : retenez-y un calcul.")
        if wanted == EventStatus.DRAFT and (
            current.recruiter_registrations.exists() or current.candidate_registrations.exists()
        ):
            raise JobDatingError(
                "Des participants sont déjà inscrits : le job dating ne peut plus redevenir brouillon."
            )
        if wanted == EventStatus.PUBLISHED and accepted_run(current) is None:
            raise JobDatingError("Retenez d'abord un planning avant de le publier.")
        problem = timing_problem(current, wanted, now)
        if problem:
            raise JobDatingError(problem)
        if wanted == EventStatus.REGISTRATION_OPEN and current.status == EventStatus.SCHEDULE_BUILT:
            # The retained schedule would ignore the new registrations: it has to be built again.
            ScheduleRun.objects.filter(event=current, accepted=True).update(accepted=False, accepted_at=None)
        WORKFLOW.apply(current, wanted, actor=actor, comment=comment, at=now)
        if wanted == EventStatus.PUBLISHED:
            from .notifications import schedule_published_emails  # notifications import services_day → here

            schedule_published_emails(current)
        if wanted == EventStatus.REGISTRATION_OPEN:
            from .tasks import send_invitations_task

            # The task checks again that registrations are open when it runs, and writes one
            # invitation per person and event: reopening never sends twice.
            transaction.on_commit(lambda: send_invitations_task.enqueue(current.pk))
    event.refresh_from_db()
    return event


def open_registration(event: Event, *, actor: User | None, now: datetime.datetime | None = None) -> Event:
    return transition_event(event, EventStatus.REGISTRATION_OPEN, actor=actor, now=now)


def publish_schedule(event: Event, *, actor: User | None, now: datetime.datetime | None = None) -> Event:
    return transition_event(event, EventStatus.PUBLISHED, actor=actor, now=now)
