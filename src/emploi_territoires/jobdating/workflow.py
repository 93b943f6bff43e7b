"""The job-dating event's state machine: the transitions, who may make them and when.

The event's workflow (`TRANSITIONS`, run by `WORKFLOW`, a `core.workflow.Workflow`)::

    draft → registration_open → schedule_built → published → held → closed
            (back to draft while nobody registered; schedule_built back to registration_open)

`registration_open → schedule_built` happens only by accepting a schedule run
(`services_schedule.accept_run`); the other moves go through `services_events.transition_event`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core.workflow import Workflow

from .errors import JobDatingError
from .formatting import _day_label
from .models import Event, EventStatus, EventTransition
from .permissions import can_manage_event


def _check_can_manage(actor: User | None, event: Event) -> None:
    if actor is not None and not can_manage_event(actor, event):
        raise JobDatingError("Seuls les conseillers qui organisent ce job dating peuvent faire cette action.")


@dataclass(frozen=True)
class TransitionRule:
    label: str  # the button
    by_accepting_run: bool = False  # only `accept_run` makes this move


TRANSITIONS: dict[tuple[str, str], TransitionRule] = {
    (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN): TransitionRule("Ouvrir les inscriptions"),
    (EventStatus.REGISTRATION_OPEN, EventStatus.DRAFT): TransitionRule("Repasser en brouillon"),
    (EventStatus.REGISTRATION_OPEN, EventStatus.SCHEDULE_BUILT): TransitionRule(
        "Retenir un planning", by_accepting_run=True
    ),
    (EventStatus.SCHEDULE_BUILT, EventStatus.REGISTRATION_OPEN): TransitionRule("Rouvrir les inscriptions"),
    (EventStatus.SCHEDULE_BUILT, EventStatus.PUBLISHED): TransitionRule("Publier le planning"),
    (EventStatus.PUBLISHED, EventStatus.HELD): TransitionRule("Marquer comme tenu"),
    (EventStatus.HELD, EventStatus.CLOSED): TransitionRule("Clore le job dating"),
}
# `apply` writes the status, its date and the log line (`created_at` is the `now` of the move: the
# demo replays a past event), inside the caller's transaction on the event row it locked.
WORKFLOW = Workflow(
    states=EventStatus,
    transitions=TRANSITIONS,
    log_model=EventTransition,
    refused="Impossible de passer un job dating de l'état « {current} » à l'état « {target} ».",
    error=JobDatingError,
    also_save=("updated_at",),
)


def available_transitions(event: Event, actor: User | None) -> list[tuple[str, TransitionRule]]:
    if actor is not None and not can_manage_event(actor, event):
        return []
    return [(to_status, rule) for to_status, rule in WORKFLOW.allowed(event.status) if not rule.by_accepting_run]


def timing_problem(event: Event, to_status: str, now: datetime.datetime | None = None) -> str | None:
    """Why the calendar forbids this move now, or None: an event is "tenu" once it has started, and
    a draft opens its registrations only before their deadline (reopening them after a schedule was
    built stays possible: the organiser then moves the deadline)."""
    now = now or timezone.now()
    if to_status == EventStatus.HELD:
        start = event.slot_start(0)
        if now < start:
            return (
                f"Le job dating commence le {_day_label(start)} : il ne peut pas être marqué comme tenu "
                "avant d'avoir commencé."
            )
    if (
        to_status == EventStatus.REGISTRATION_OPEN
        and event.status == EventStatus.DRAFT
        and now > event.registration_deadline
    ):
        return (
            f"La date limite d'inscription ({_day_label(event.registration_deadline)}) est passée : "
            "reportez-la avant d'ouvrir les inscriptions."
        )
    return None
