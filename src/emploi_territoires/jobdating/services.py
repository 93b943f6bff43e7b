"""Job-dating writes: events and their state machine, registrations, wishes, screening, schedule runs.

Every write that matters goes through here, validated, in a transaction; views, admin, commands
and the demo call these functions. Errors are `JobDatingError` (one French message) or
`ValidationFailed` (French messages per field, for forms).

The event's workflow (see `TRANSITIONS`)::

    draft → registration_open → schedule_built → published → held → closed
            (back to draft while nobody registered; schedule_built back to registration_open)

`registration_open → schedule_built` happens only by accepting a schedule run (`accept_run`).

Slots are numbered from 0 like in the solver; availability is a list of inclusive ranges
`[[first, last], ...]`, kept sorted and merged. Break slots stay in the stored ranges (a person is
"there" during the break) and are taken out when the solver's instance is built.

Weights: `solver.weights.wish_weight(rank, preference)` — ranks are compacted to 1..n when the
candidate saves them (ranks 1, 3, 7 become 1, 2, 3), so a gap in the numbering never lowers a wish.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
import time as time_module
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import formats, timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import advisor_follows, current_organisation, is_member, is_staff
from emploi_territoires.applications.situations import UnknownSituation, clean_situations, prioritised_user_ids
from emploi_territoires.core.text import clean_text
from emploi_territoires.offers.models import Offer, OfferStatus
from emploi_territoires.territories.models import Programme

from .models import (
    ACTIVE_INTERVIEW,
    MAX_TABLES,
    MAX_WISHES,
    CandidateRegistration,
    CandidateScreening,
    Event,
    EventStatus,
    EventTransition,
    Interview,
    RecruiterRegistration,
    RunKind,
    RunStatus,
    ScheduleRun,
    ScreeningDecision,
    Wish,
)
from .permissions import can_manage_event
from .solver import Candidate as SolverCandidate
from .solver import Instance, Progress, SolveOptions, build_schedule
from .solver import Recruiter as SolverRecruiter
from .solver import Wish as SolverWish
from .solver.instance import default_workers
from .solver.weights import Preference, wish_weight

logger = logging.getLogger(__name__)

MAX_SLOT_MINUTES = 120
MAX_SLOTS = 96
# Far above any real event; a bigger number would overflow the database's integer (a 500).
MAX_CAPACITY = 100_000
# The exact solver's default time limit (seconds); settings.JOBDATING_TIME_LIMIT overrides it.
DEFAULT_TIME_LIMIT = 30.0
# Progress is written to the database at most this often (seconds): the page polls every 2 s.
PROGRESS_WRITE_INTERVAL = 1.0
MAX_PROGRESS_MESSAGES = 30


class JobDatingError(Exception):
    """A refused change, with one French sentence for the person who asked."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class ValidationFailed(JobDatingError):
    """Invalid values; `errors` maps a field name ("" for the whole form) to French messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]):
        self.errors = {field: list(msgs) for field, msgs in errors.items() if msgs}
        super().__init__(" ".join(m for msgs in self.errors.values() for m in msgs))


def _fail_if(errors: dict[str, list[str]]) -> None:
    if any(errors.values()):
        raise ValidationFailed(errors)


# --- Times and slots ---------------------------------------------------------------------------


def time_label(value: datetime.time | datetime.datetime) -> str:
    return f"{value.hour} h {value.minute:02d}"


def event_hours(event: Event) -> str:
    start = timezone.localtime(event.slot_start(0))
    end = timezone.localtime(event.ends_at)
    return f"{time_label(start)} – {time_label(end)}"


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def times_to_range(event: Event, start: datetime.time, end: datetime.time) -> list[int]:
    """The slots fully inside [start, end] as an inclusive range; French errors otherwise."""
    origin = _minutes(event.first_slot_time)
    finish = origin + event.slot_count * event.slot_minutes
    a, b = _minutes(start), _minutes(end)
    if b <= a:
        raise ValidationFailed(
            {
                "availability": [
                    f"L'heure de fin ({time_label(end)}) doit suivre l'heure de début ({time_label(start)})."
                ]
            }
        )
    if a < origin or b > finish:
        raise ValidationFailed(
            {
                "availability": [
                    f"Vos horaires ({time_label(start)} – {time_label(end)}) sortent de ceux de l'événement "
                    f"({event_hours(event)})."
                ]
            }
        )
    first = math.ceil((a - origin) / event.slot_minutes)
    last = (b - origin) // event.slot_minutes - 1
    if last < first:
        raise ValidationFailed(
            {
                "availability": [
                    f"Aucun créneau entier de {event.slot_minutes} minutes entre {time_label(start)} et "
                    f"{time_label(end)} : élargissez la plage."
                ]
            }
        )
    return [first, last]


def range_label(event: Event, first: int, last: int) -> str:
    start = timezone.localtime(event.slot_start(first))
    end = timezone.localtime(event.slot_end(last))
    return f"{time_label(start)} – {time_label(end)}"


def validate_availability(event: Event, ranges: Any) -> list[list[int]]:
    """Check slot ranges against the event's slots; return them sorted and merged."""
    errors: list[str] = []
    if not isinstance(ranges, list | tuple) or not ranges:
        raise ValidationFailed({"availability": ["Indiquez au moins une plage de disponibilité."]})
    clean: list[list[int]] = []
    for item in ranges:
        if not (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in item)
        ):
            errors.append(f"La plage {item!r} doit être une paire de numéros de créneaux [premier, dernier].")
            continue
        first, last = item
        if first > last:
            errors.append(
                f"La plage de créneaux [{first}, {last}] est inversée : le premier créneau vient après le dernier."
            )
        elif first < 0 or last > event.slot_count - 1:
            errors.append(
                f"La plage de créneaux [{first}, {last}] sort des horaires de l'événement "
                f"({event_hours(event)}, créneaux 0 à {event.slot_count - 1})."
            )
        else:
            clean.append([first, last])
    _fail_if({"availability": errors})
    clean.sort()
    merged: list[list[int]] = []
    for first, last in clean:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def whole_day(event: Event) -> list[list[int]]:
    return [[0, event.slot_count - 1]]


def _without_breaks(ranges: Iterable[Sequence[int]], breaks: set[int]) -> tuple[tuple[int, int], ...]:
    """Cut the break slots out of inclusive ranges (the solver knows no breaks)."""
    out: list[tuple[int, int]] = []
    for first, last in ranges:
        start = None
        for slot in range(first, last + 1):
            if slot in breaks:
                if start is not None:
                    out.append((start, slot - 1))
                    start = None
            elif start is None:
                start = slot
        if start is not None:
            out.append((start, last))
    return tuple(out)


# --- Events ---------------------------------------------------------------------------------------

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


def _clean_event_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` with control characters cleaned from the text; the title and the address hold one line."""
    cleaned = dict(values)
    for name in ("title", "description", "address"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = clean_text(cleaned[name], single_line=name != "description").strip()
    if "priority_situations" in cleaned:
        # An unknown code is left as is: validate_event_values says which.
        with contextlib.suppress(UnknownSituation):
            cleaned["priority_situations"] = clean_situations(cleaned["priority_situations"] or [])
    return cleaned


def validate_event_values(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (values.get("title") or "").strip():
        add("title", "Donnez un titre au job dating.")
    if values.get("commune") is None:
        add("commune", "Choisissez la commune où a lieu le job dating (ou celle du territoire visé s'il est en ligne).")
    if not (values.get("address") or "").strip() and not (values.get("meeting_url") or "").strip():
        add("address", "Indiquez l'adresse du lieu ou le lien de la réunion en ligne.")
    date, start = values.get("date"), values.get("first_slot_time")
    if date is None:
        add("date", "Indiquez la date du job dating.")
    if start is None:
        add("first_slot_time", "Indiquez l'heure du premier créneau.")
    minutes, count = values.get("slot_minutes"), values.get("slot_count")
    if not isinstance(minutes, int) or not 5 <= minutes <= MAX_SLOT_MINUTES:
        add("slot_minutes", f"Un créneau dure de 5 à {MAX_SLOT_MINUTES} minutes.")
        minutes = None
    if not isinstance(count, int) or not 1 <= count <= MAX_SLOTS:
        add("slot_count", f"Le nombre de créneaux doit être compris entre 1 et {MAX_SLOTS}.")
        count = None
    if start is not None and minutes and count and _minutes(start) + minutes * count > 24 * 60:
        add("slot_count", "Les créneaux dépassent minuit : réduisez leur nombre ou leur durée.")
    breaks = values.get("breaks") or []
    if count:
        for b in breaks:
            if not isinstance(b, int) or not 0 <= b < count:
                add("breaks", f"La pause au créneau {b} sort des créneaux de l'événement.")
        if len(set(breaks)) >= count:
            add("breaks", "Il doit rester au moins un créneau hors pause.")
    min_gap = values.get("min_gap")
    if not isinstance(min_gap, int) or min_gap < 0 or (count and min_gap >= count):
        add("min_gap", "L'écart minimal entre deux entretiens d'un candidat doit être un nombre de créneaux positif.")
    deadline = values.get("registration_deadline")
    if deadline is None:
        add("registration_deadline", "Indiquez la date limite d'inscription.")
    elif date is not None and start is not None:
        event_start = timezone.make_aware(datetime.datetime.combine(date, start))
        if deadline > event_start:
            add("registration_deadline", "La date limite d'inscription doit précéder le début du job dating.")
    for programme in values.get("target_programmes") or []:
        if programme not in Programme.values:
            add("target_programmes", f"Programme inconnu : « {programme} ».")
    try:
        clean_situations(values.get("priority_situations") or [])
    except UnknownSituation as error:
        add("priority_situations", str(error))
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        add("capacity", "La capacité doit être d'au moins un candidat (laissez vide pour ne pas la limiter).")
    elif capacity is not None and capacity > MAX_CAPACITY:
        add(
            "capacity",
            f"La capacité va jusqu'à {MAX_CAPACITY:_} candidats (laissez vide pour ne pas la limiter).".replace(
                "_", "\u202f"
            ),
        )
    return errors


def _check_can_manage(actor: User | None, event: Event) -> None:
    if actor is not None and not can_manage_event(actor, event):
        raise JobDatingError("Seuls les conseillers qui organisent ce job dating peuvent faire cette action.")


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


def available_transitions(event: Event, actor: User | None) -> list[tuple[str, TransitionRule]]:
    if actor is not None and not can_manage_event(actor, event):
        return []
    return [
        (to_status, rule)
        for (from_status, to_status), rule in TRANSITIONS.items()
        if from_status == event.status and not rule.by_accepting_run
    ]


def _move(
    event: Event, to_status: str, *, actor: User | None, comment: str = "", now: datetime.datetime | None = None
) -> None:
    """Write the new status and its log line (inside the caller's transaction, event row locked)."""
    now = now or timezone.now()
    EventTransition.objects.create(
        event=event, from_status=event.status, to_status=to_status, actor=actor, comment=comment, created_at=now
    )
    event.status = to_status
    event.status_changed_at = now
    event.save(update_fields=["status", "status_changed_at", "updated_at"])


def _day_label(moment: datetime.datetime) -> str:
    """ "mardi 5 janvier 2027 à 9 h 00" in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local.date(), 'l j F Y')} à {time_label(local)}"


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
        try:
            wanted = EventStatus(to_status)
        except ValueError:
            raise JobDatingError(f"État inconnu : « {to_status} ».") from None
        rule = TRANSITIONS.get((current.status, wanted))
        if rule is None:
            raise JobDatingError(
                f"Impossible de passer un job dating de l'état « {EventStatus(current.status).label} » "
                f"à l'état « {wanted.label} »."
            )
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
        _move(current, wanted, actor=actor, comment=comment, now=now)
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


# --- Registrations -------------------------------------------------------------------------------


def registration_problem(event: Event, now: datetime.datetime | None = None) -> str | None:
    """Why nobody can register or change a registration now, or None."""
    now = now or timezone.now()
    if event.status != EventStatus.REGISTRATION_OPEN:
        return "Les inscriptions à ce job dating ne sont pas ouvertes."
    if now > event.registration_deadline:
        deadline = timezone.localtime(event.registration_deadline)
        return (
            f"Les inscriptions sont closes depuis le {formats.date_format(deadline.date(), 'j F Y')} "
            f"à {time_label(deadline)} (date limite d'inscription)."
        )
    return None


def _check_registration_open(event: Event, now: datetime.datetime | None = None) -> None:
    problem = registration_problem(event, now)
    if problem:
        raise JobDatingError(problem)


def _clean_recruiter_values(
    event: Event, organisation: Organisation, offers: Iterable[Offer | int], tables: Any, availability: Any
) -> tuple[list[Offer], int, list[list[int]]]:
    errors: dict[str, list[str]] = {}
    offer_ids = [o.pk if isinstance(o, Offer) else o for o in offers]
    found = {o.pk: o for o in Offer.objects.filter(pk__in=offer_ids).select_related("organisation")}
    clean_offers = []
    for offer_id in offer_ids:
        offer = found.get(offer_id)
        if offer is None or offer.organisation_id != organisation.pk or offer.status != OfferStatus.PUBLISHED:
            label = f"« {offer.title} »" if offer is not None else f"n° {offer_id}"
            errors.setdefault("offers", []).append(
                f"L'offre {label} n'est pas une offre publiée de {organisation.name}."
            )
        else:
            clean_offers.append(offer)
    if not isinstance(tables, int) or isinstance(tables, bool) or not 1 <= tables <= MAX_TABLES:
        errors.setdefault("tables", []).append(f"Le nombre de tables doit être compris entre 1 et {MAX_TABLES}.")
    try:
        clean_availability = validate_availability(event, availability)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        clean_availability = []
    _fail_if(errors)
    return clean_offers, tables, clean_availability


def register_recruiter(
    event: Event,
    *,
    actor: User,
    organisation: Organisation,
    offers: Iterable[Offer | int] = (),
    tables: int = 1,
    availability: Any = None,
    contact: User | None = None,
    now: datetime.datetime | None = None,
) -> RecruiterRegistration:
    if not (is_member(actor, organisation) or is_staff(actor)):
        raise JobDatingError(f"Seuls les membres de {organisation.name} peuvent l'inscrire.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_registration_open(locked, now)
        if RecruiterRegistration.objects.filter(event=locked, organisation=organisation).exists():
            raise JobDatingError(f"{organisation.name} est déjà inscrite à ce job dating : modifiez son inscription.")
        clean_offers, tables, clean_availability = _clean_recruiter_values(
            locked, organisation, offers, tables, whole_day(locked) if availability is None else availability
        )
        try:
            with transaction.atomic():
                registration = RecruiterRegistration.objects.create(
                    event=locked,
                    organisation=organisation,
                    tables=tables,
                    availability=clean_availability,
                    contact=contact or actor,
                )
        except IntegrityError:
            raise JobDatingError(f"{organisation.name} est déjà inscrite à ce job dating.") from None
        registration.offers.set(clean_offers)
    return registration


def update_recruiter_registration(
    registration: RecruiterRegistration,
    *,
    actor: User,
    offers: Iterable[Offer | int],
    tables: int,
    availability: Any,
    now: datetime.datetime | None = None,
) -> RecruiterRegistration:
    if not (is_member(actor, registration.organisation) or is_staff(actor)):
        raise JobDatingError(f"Seuls les membres de {registration.organisation.name} peuvent modifier son inscription.")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        clean_offers, tables, clean_availability = _clean_recruiter_values(
            event, registration.organisation, offers, tables, availability
        )
        registration.tables = tables
        registration.availability = clean_availability
        registration.save(update_fields=["tables", "availability", "updated_at"])
        registration.offers.set(clean_offers)
    return registration


def _check_candidate_values(event: Event, availability: Any, max_interviews: Any) -> tuple[list[list[int]], int | None]:
    errors: dict[str, list[str]] = {}
    try:
        clean = validate_availability(event, availability)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        clean = []
    if max_interviews is not None and (
        not isinstance(max_interviews, int) or isinstance(max_interviews, bool) or max_interviews < 1
    ):
        errors.setdefault("max_interviews", []).append(
            "Le nombre maximal d'entretiens doit être d'au moins 1 (laissez vide pour ne pas le limiter)."
        )
    _fail_if(errors)
    return clean, max_interviews


def register_candidate(
    event: Event,
    *,
    user: User,
    availability: Any = None,
    max_interviews: int | None = None,
    walk_in: bool = False,
    now: datetime.datetime | None = None,
) -> CandidateRegistration:
    """Register a candidate (a candidate account with a profile); the capacity is checked under a lock."""
    if user.kind != User.Kind.CANDIDATE:
        raise JobDatingError("Les inscriptions des candidats se font depuis un compte candidat.")
    if not hasattr(user, "candidate_profile"):
        raise JobDatingError("Complétez d'abord votre profil candidat pour vous inscrire.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not walk_in:
            _check_registration_open(locked, now)
        if CandidateRegistration.objects.filter(event=locked, user=user).exists():
            raise JobDatingError("Vous êtes déjà inscrit ou inscrite à ce job dating.")
        if (
            not walk_in
            and locked.capacity is not None
            and CandidateRegistration.objects.filter(event=locked).count() >= locked.capacity
        ):
            places = "place" if locked.capacity == 1 else "places"
            raise JobDatingError(f"Ce job dating est complet ({locked.capacity} {places}).")
        clean, cap = _check_candidate_values(
            locked, whole_day(locked) if availability is None else availability, max_interviews
        )
        try:
            with transaction.atomic():
                return CandidateRegistration.objects.create(
                    event=locked, user=user, availability=clean, max_interviews=cap, walk_in=walk_in
                )
        except IntegrityError:
            raise JobDatingError("Vous êtes déjà inscrit ou inscrite à ce job dating.") from None


def update_candidate_registration(
    registration: CandidateRegistration,
    *,
    availability: Any,
    max_interviews: int | None = None,
    now: datetime.datetime | None = None,
) -> CandidateRegistration:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        clean, cap = _check_candidate_values(event, availability, max_interviews)
        registration.availability = clean
        registration.max_interviews = cap
        registration.save(update_fields=["availability", "max_interviews", "updated_at"])
    return registration


def set_wishes(
    registration: CandidateRegistration, ranks: Mapping[int, int], *, now: datetime.datetime | None = None
) -> list[Wish]:
    """Replace the candidate's wishes: {recruiter registration id: rank}, rank 1 = first choice.

    Ranks must be distinct integers from 1 to 12; they are stored compacted (1..n, same order).
    """
    errors: list[str] = []
    event_recruiters = set(
        RecruiterRegistration.objects.filter(event_id=registration.event_id).values_list("pk", flat=True)
    )
    seen: dict[int, int] = {}
    for recruiter_id, rank in ranks.items():
        if recruiter_id not in event_recruiters:
            errors.append("Vous avez choisi un recruteur qui ne participe pas à ce job dating.")
            continue
        if not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= MAX_WISHES:
            errors.append(f"Le rang doit être un nombre entre 1 et {MAX_WISHES} (reçu : {rank}).")
            continue
        if rank in seen.values():
            errors.append(f"Le rang {rank} est donné à plusieurs recruteurs : chaque rang ne sert qu'une fois.")
            continue
        seen[recruiter_id] = rank
    if len(ranks) > MAX_WISHES:
        errors.append(f"Vous pouvez classer {MAX_WISHES} recruteurs au plus.")
    if errors:
        raise ValidationFailed({"": sorted(set(errors), key=errors.index)})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        registration.wishes.all().delete()
        ordered = sorted(seen.items(), key=lambda item: item[1])
        wishes = Wish.objects.bulk_create(
            Wish(candidate_registration=registration, recruiter_registration_id=recruiter_id, rank=position)
            for position, (recruiter_id, _) in enumerate(ordered, start=1)
        )
    return wishes


def screen_candidate(
    recruiter_registration: RecruiterRegistration,
    candidate_registration: CandidateRegistration,
    decision: str,
    *,
    actor: User,
) -> CandidateScreening:
    """A recruiter's answer on a candidate who wished them: accepted, preferred or refused."""
    if not (is_member(actor, recruiter_registration.organisation) or is_staff(actor)):
        raise JobDatingError("Seuls les membres de l'organisation inscrite peuvent donner leur avis.")
    if decision not in ScreeningDecision.values:
        raise ValidationFailed({"decision": ["Choisissez : accepté, prioritaire ou refusé."]})
    if (
        candidate_registration.event_id != recruiter_registration.event_id
        or not Wish.objects.filter(
            candidate_registration=candidate_registration, recruiter_registration=recruiter_registration
        ).exists()
    ):
        raise JobDatingError("Ce candidat n'a pas demandé à vous rencontrer.")
    event = recruiter_registration.event
    if event.status != EventStatus.REGISTRATION_OPEN:
        raise JobDatingError("Le planning est déjà construit : les avis ne peuvent plus changer.")
    with transaction.atomic():
        screening, _ = CandidateScreening.objects.update_or_create(
            recruiter_registration=recruiter_registration,
            candidate_registration=candidate_registration,
            defaults={"decision": decision, "decided_by": actor},
        )
    return screening


# --- Withdrawals ----------------------------------------------------------------------------------

# Before a schedule exists, leaving costs nobody anything; once it is built, a missing person leaves
# holes other people were promised, so the organiser handles it (no-show on the day, re-optimised).
WITHDRAWAL_STATUSES = (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN)


def withdrawal_problem(event: Event) -> str | None:
    if event.status in WITHDRAWAL_STATUSES:
        return None
    return (
        "Le planning des entretiens est déjà construit : vous ne pouvez plus retirer l'inscription vous-même. "
        f"Prévenez l'organisateur, {event.organiser.name}, qui vous marquera absent et proposera vos créneaux "
        "à d'autres participants."
    )


def _check_withdrawal(event: Event) -> None:
    problem = withdrawal_problem(event)
    if problem:
        raise JobDatingError(problem)


def withdraw_candidate(registration: CandidateRegistration, *, actor: User) -> None:
    """The candidate (or the event's organisers) removes the registration with its wishes."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organiser").get(pk=registration.event_id)
        if registration.user_id != actor.pk and not can_manage_event(actor, event):
            raise JobDatingError("Seule la personne inscrite peut retirer son inscription.")
        _check_withdrawal(event)
        registration.delete()


def withdraw_recruiter(registration: RecruiterRegistration, *, actor: User) -> None:
    """A member of the organisation (or the organisers) removes it; the candidates' ranks close up."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organiser").get(pk=registration.event_id)
        if not (is_member(actor, registration.organisation) or can_manage_event(actor, event)):
            raise JobDatingError(
                f"Seuls les membres de {registration.organisation.name} peuvent retirer son inscription."
            )
        _check_withdrawal(event)
        affected = list(registration.wishes.values_list("candidate_registration_id", flat=True))
        registration.delete()
        # Ranks 1, 3 become 1, 2 (like `set_wishes`): a removed recruiter never lowers the other wishes.
        # Increasing order only moves a rank into one just freed, so the distinct-rank rule holds.
        previous, position = None, 0
        for wish in Wish.objects.filter(candidate_registration_id__in=affected).order_by(
            "candidate_registration_id", "rank"
        ):
            position = position + 1 if wish.candidate_registration_id == previous else 1
            previous = wish.candidate_registration_id
            if wish.rank != position:
                wish.rank = position
                wish.save(update_fields=["rank"])


# --- The solver's instance -----------------------------------------------------------------------

_PREFERENCE = {
    ScreeningDecision.ACCEPTED: Preference.NEUTRAL,
    ScreeningDecision.PREFERRED: Preference.PREFERRED,
    ScreeningDecision.REFUSED: Preference.REFUSED,
}


def build_instance(event: Event) -> Instance:
    """The solver's instance from the registrations; ids are the registrations' primary keys.

    No-shows are left out; break slots are cut out of everyone's availability; a refused candidate
    has no wish for that recruiter; a candidate with one of the event's `priority_situations` gets
    the priority bonus on each wish (`solver.weights`).
    """
    breaks = event.break_slots
    recruiters = [
        SolverRecruiter(r.pk, r.tables, _without_breaks(r.availability, breaks))
        for r in RecruiterRegistration.objects.filter(event=event).order_by("pk")
    ]
    registrations = list(CandidateRegistration.objects.filter(event=event, no_show=False).order_by("pk"))
    candidates = [
        SolverCandidate(c.pk, _without_breaks(c.availability, breaks), c.max_interviews) for c in registrations
    ]
    candidate_ids = {c.id for c in candidates}
    # The situations the organisers chose (issue 15): read from the candidates' consented profiles.
    prioritised_users = prioritised_user_ids([c.user_id for c in registrations], event.priority_situations or [])
    prioritised = {c.pk for c in registrations if c.user_id in prioritised_users}
    decisions = {
        (s.candidate_registration_id, s.recruiter_registration_id): s.decision
        for s in CandidateScreening.objects.filter(recruiter_registration__event=event)
    }
    wishes = []
    for wish in Wish.objects.filter(recruiter_registration__event=event).order_by("candidate_registration_id", "rank"):
        if wish.candidate_registration_id not in candidate_ids:
            continue
        pair = (wish.candidate_registration_id, wish.recruiter_registration_id)
        decision = decisions.get(pair, ScreeningDecision.ACCEPTED)
        weight = wish_weight(wish.rank, _PREFERENCE[ScreeningDecision(decision)], priority=pair[0] in prioritised)
        if weight is not None:
            wishes.append(SolverWish(pair[0], pair[1], weight))
    return Instance(event.slot_count, event.min_gap, tuple(recruiters), tuple(candidates), tuple(wishes))


# --- Schedule runs -------------------------------------------------------------------------------


def accepted_run(event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event, accepted=True).first()


def schedule_interviews(event: Event) -> QuerySet[Interview]:
    """The interviews of the retained schedule (scheduled or held), slot by slot."""
    return Interview.objects.filter(event=event, run__accepted=True).filter(ACTIVE_INTERVIEW)


def solver_settings() -> dict[str, Any]:
    workers = getattr(settings, "JOBDATING_NUM_WORKERS", None)
    return {
        "time_limit": float(getattr(settings, "JOBDATING_TIME_LIMIT", DEFAULT_TIME_LIMIT)),
        "num_workers": int(workers) if workers else default_workers(),
        "seed": int(getattr(settings, "JOBDATING_SEED", 0)),
    }


def solve_options(options: Mapping[str, Any]) -> SolveOptions:
    return SolveOptions(
        at_least_one=bool(options.get("at_least_one")),
        max_interviews=options.get("max_interviews"),
        time_limit=float(options.get("time_limit", DEFAULT_TIME_LIMIT)),
        num_workers=int(options.get("num_workers") or default_workers()),
        seed=int(options.get("seed", 0)),
    )


def start_schedule_run(
    event: Event, *, actor: User | None, at_least_one: bool = False, max_interviews: int | None = None
) -> ScheduleRun:
    """Queue a run (the exact solver works in the background); it starts once the transaction commits."""
    from .tasks import build_schedule_task

    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_can_manage(actor, locked)
        if locked.status not in (EventStatus.REGISTRATION_OPEN, EventStatus.SCHEDULE_BUILT):
            raise JobDatingError(
                "Le planning se calcule quand les inscriptions sont ouvertes, et avant sa publication."
            )
        if max_interviews is not None and (
            not isinstance(max_interviews, int) or not 1 <= max_interviews <= locked.slot_count
        ):
            raise ValidationFailed(
                {
                    "max_interviews": [
                        f"Le plafond d'entretiens par candidat doit être compris entre 1 et {locked.slot_count}."
                    ]
                }
            )
        if ScheduleRun.objects.filter(event=locked, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise JobDatingError("Un calcul est déjà en cours pour ce job dating : attendez qu'il se termine.")
        if not Wish.objects.filter(recruiter_registration__event=locked).exists():
            raise JobDatingError("Aucun souhait n'est encore enregistré : il n'y a rien à planifier.")
        run = ScheduleRun.objects.create(
            event=locked,
            kind=RunKind.BUILD,
            options={"at_least_one": at_least_one, "max_interviews": max_interviews, **solver_settings()},
            progress={"phase": "queued", "messages": ["Calcul en attente d'un processus de calcul."]},
            created_by=actor,
        )
        transaction.on_commit(lambda: build_schedule_task.enqueue(run.pk))
    return run


def _points(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def gap_label(gap: float | None) -> str:
    """0.0031 → "0,3 %" (one decimal, French)."""
    if gap is None:
        return ""
    return f"{gap * 100:.1f}".replace(".", ",") + " %"


class ProgressWriter:
    """The solver's progress callback: keeps the run's `progress` JSON, written at most every second.

    The first answer (the greedy) and the end are always written; CP-SAT may find dozens of
    improvements a second, and each write would cost a transaction for nothing (the page polls
    every 2 s).
    """

    def __init__(self, run_id: int, interval: float = PROGRESS_WRITE_INTERVAL):
        self.run_id = run_id
        self.interval = interval
        self.last_write = -math.inf
        self.state: dict[str, Any] = {"phase": "running", "messages": []}
        self.writes = 0

    def __call__(self, progress: Progress) -> None:
        labels = {
            "greedy": "Première réponse (glouton)",
            "cpsat": "Meilleur planning trouvé",
            "done": "Calcul terminé",
        }
        seconds = f"{progress.elapsed:.1f}".replace(".", ",")
        message = (
            f"{labels.get(progress.phase, progress.phase)} : {_points(progress.score)} points, "
            f"à {gap_label(progress.gap)} de la meilleure valeur possible ({seconds} s)."
        )
        messages = [*self.state["messages"], message][-MAX_PROGRESS_MESSAGES:]
        self.state = {
            "phase": progress.phase,
            "objective": progress.score,
            "bound": progress.bound,
            "gap": progress.gap,
            "elapsed": round(progress.elapsed, 2),
            "messages": messages,
        }
        now = time_module.monotonic()
        if progress.phase in ("greedy", "done") or now - self.last_write >= self.interval:
            self.flush()
            self.last_write = now

    def flush(self) -> None:
        ScheduleRun.objects.filter(pk=self.run_id).update(progress=self.state)
        self.writes += 1


def run_schedule(run_id: int) -> ScheduleRun:
    """The body of the background task: solve, then store the interviews and the figures."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run  # already taken by another worker, or finished
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    writer = ProgressWriter(run.pk)
    try:
        instance = build_instance(run.event)
        result = build_schedule(instance, solve_options(run.options), progress=writer)
    except Exception as exc:  # the page must say the run failed, whatever happened in the solver
        logger.exception("Job-dating schedule run %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = f"Le calcul a échoué : {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    weights = instance.weights()
    with transaction.atomic():
        Interview.objects.bulk_create(
            Interview(
                event_id=run.event_id,
                run=run,
                candidate_registration_id=i.candidate,
                recruiter_registration_id=i.recruiter,
                slot=i.slot,
                table=i.table,
                weight=weights[(i.candidate, i.recruiter)],
            )
            for i in result.interviews
        )
        run.status = RunStatus.DONE
        run.score, run.bound, run.optimal, run.method = result.score, result.bound, result.optimal, result.method
        run.gap = result.gap
        run.progress = writer.state
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "score", "bound", "gap", "optimal", "method", "progress", "finished_at"])
    return run


def accept_run(run: ScheduleRun, *, actor: User | None, now: datetime.datetime | None = None) -> ScheduleRun:
    """Retain a finished run as the event's schedule; the event moves to "planning construit"."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=run.event_id)
        _check_can_manage(actor, event)
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise JobDatingError("Ce calcul n'est pas terminé : attendez sa fin pour le retenir.")
        allowed = {EventStatus.REGISTRATION_OPEN, EventStatus.SCHEDULE_BUILT}
        if run.kind == RunKind.REOPTIMISE:
            allowed |= {EventStatus.PUBLISHED, EventStatus.HELD}
        if event.status not in allowed:
            raise JobDatingError(
                f"Un planning ne peut plus être retenu : le job dating est à l'état « {event.get_status_display()} »."
            )
        ScheduleRun.objects.filter(event=event, accepted=True).exclude(pk=run.pk).update(
            accepted=False, accepted_at=None
        )
        run.accepted = True
        run.accepted_at = now
        run.save(update_fields=["accepted", "accepted_at"])
        if event.status == EventStatus.REGISTRATION_OPEN:
            _move(
                event,
                EventStatus.SCHEDULE_BUILT,
                actor=actor,
                comment=f"Calcul n° {run.pk} retenu : {_points(run.score or 0)} points, "
                f"à {gap_label(run.gap)} de la meilleure valeur possible.",
                now=now,
            )
    return run
