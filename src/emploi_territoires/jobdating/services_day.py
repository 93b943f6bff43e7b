"""The day itself: agendas read from the schedule in force, check-in, no-shows, walk-ins, re-optimising.

The schedule in force is the accepted run's interviews (`services.schedule_interviews`). On the
day an advisor:

- checks people in (`check_in`); a candidate marked absent who turns up late is checked in again
  and can get interviews at the next re-optimisation;
- marks a candidate absent (`mark_no_show`): their interviews from the current slot on become
  "absent", which frees those tables;
- adds a walk-in (`add_walk_in`): an existing candidate account by email, or a light account
  (name + email, no password: they can claim it later with "mot de passe oublié"), with the
  recruiters they want to meet in order;
- re-optimises from now (`reoptimise_from_now`): the solver's `reoptimise` keeps every interview
  (held, running, about to start and later ones: people hold printed agendas) and fills the freed
  tables and the walk-ins' wishes from now + 2 on. The result is a new run of kind "réoptimisation"
  holding the whole schedule (old rows copied with their status, plus the new interviews), accepted
  at once so agendas, lists and the poster follow.

Re-optimising runs synchronously, inside the advisor's request: the greedy answers in milliseconds
and CP-SAT stops as soon as it reaches the bound or after `JOBDATING_REOPTIMISE_SECONDS` (8 s by
default), so the advisor gets the summary in under 10 s without a task queue and a polling page.
The solver runs outside any transaction; the write then checks that nothing changed meanwhile.

Every change is written to the audit trail (`applications.services_profile.audit`, actions
`jobdating_*`, with the event and registration ids).
"""

from __future__ import annotations

import datetime
import time as time_module
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.applications.services_profile import audit
from emploi_territoires.core.text import clean_text
from emploi_territoires.offers.models import Offer

from .agenda import EventInfo, Meeting, SlotTime, current_slot, slot_times
from .errors import JobDatingError, ValidationFailed
from .models import (
    ACTIVE_INTERVIEW,
    MAX_WISHES,
    CandidateRegistration,
    Event,
    EventStatus,
    Interview,
    InterviewStatus,
    RecruiterRegistration,
    RunKind,
    RunStatus,
    ScheduleRun,
    Wish,
)
from .permissions import can_manage_event
from .services_registrations import register_candidate
from .services_schedule import accept_run, accepted_run, schedule_interviews
from .solver import Interview as SolverInterview
from .solver import SolveOptions, reoptimise
from .solver.reoptimise import REOPTIMISE_TIME_LIMIT
from .solver_adapter import build_instance, solver_settings

DAY_STATUSES = {EventStatus.PUBLISHED, EventStatus.HELD}


# --- Times and agendas ---------------------------------------------------------------------------


def event_times(event: Event) -> list[SlotTime]:
    return slot_times(
        event.date,
        event.first_slot_time,
        event.slot_minutes,
        event.slot_count,
        event.break_slots,
        tz=timezone.get_default_timezone(),
    )


def slot_now(event: Event, at: datetime.datetime | None = None) -> int:
    """The slot running at `at` (now by default): 0 before the day, the last one after it."""
    return current_slot(event_times(event), at or timezone.now())


def event_info(event: Event) -> EventInfo:
    return EventInfo(
        id=event.pk,
        title=event.title,
        address=event.address if not event.meeting_url else "",
        meeting_link=event.meeting_url,
        organiser=event.organiser.name,
    )


def person_name(user: User) -> str:
    return user.get_full_name().strip() or user.email.split("@")[0]


def meetings_of(
    event: Event,
    *,
    candidate_registration: CandidateRegistration | None = None,
    recruiter_registration: RecruiterRegistration | None = None,
) -> list[Meeting]:
    """The schedule in force as agenda rows (two queries whatever the size: interviews + offers)."""
    times = event_times(event)
    interviews = (
        schedule_interviews(event)
        .select_related("candidate_registration__user", "recruiter_registration__organisation")
        .prefetch_related(
            Prefetch("recruiter_registration__offers", queryset=Offer.objects.only("pk", "title").order_by("title"))
        )
        .order_by("slot", "recruiter_registration_id", "table")
    )
    if candidate_registration is not None:
        interviews = interviews.filter(candidate_registration=candidate_registration)
    if recruiter_registration is not None:
        interviews = interviews.filter(recruiter_registration=recruiter_registration)
    return [
        Meeting(
            candidate_id=i.candidate_registration_id,
            candidate_name=person_name(i.candidate_registration.user),
            recruiter_id=i.recruiter_registration_id,
            recruiter_name=i.recruiter_registration.organisation.name,
            slot=i.slot,
            table=i.table + 1,
            start=times[i.slot].start,
            end=times[i.slot].end,
            offers=tuple(o.title for o in i.recruiter_registration.offers.all()),
            status=i.status,
        )
        for i in interviews
        if i.slot < len(times)
    ]


# --- Day-of changes ------------------------------------------------------------------------------


def _check_day(event: Event, actor: User | None) -> None:
    if not can_manage_event(actor, event):
        raise JobDatingError("Seuls les conseillers qui organisent ce job dating peuvent faire cette action.")
    if event.status not in DAY_STATUSES:
        raise JobDatingError(
            "Le planning doit être publié pour gérer la journée "
            f"(le job dating est à l'état « {event.get_status_display()} »)."
        )


def _log(action: str, actor: User | None, registration: CandidateRegistration, **details) -> None:
    audit(
        f"jobdating_{action}",
        actor=actor,
        subject=registration.user,
        event_id=registration.event_id,
        registration_id=registration.pk,
        **details,
    )


def check_in(
    registration: CandidateRegistration, *, actor: User | None, at: datetime.datetime | None = None
) -> CandidateRegistration:
    """The candidate is here. A candidate marked absent who arrives late is present again: their
    freed interviews stay freed, and the next re-optimisation can give them new ones."""
    event = registration.event
    _check_day(event, actor)
    with transaction.atomic():
        registration = CandidateRegistration.objects.select_for_update().get(pk=registration.pk)
        was_absent = registration.no_show
        registration.checked_in_at = at or timezone.now()
        registration.no_show = False
        registration.save(update_fields=["checked_in_at", "no_show", "updated_at"])
        _log("check_in", actor, registration, late_after_no_show=was_absent)
    return registration


def mark_no_show(
    registration: CandidateRegistration,
    *,
    actor: User | None,
    at: datetime.datetime | None = None,
    now_slot: int | None = None,
) -> int:
    """The candidate will not come: their interviews from the current slot on are freed. Returns how many."""
    event = registration.event
    _check_day(event, actor)
    now = slot_now(event, at) if now_slot is None else now_slot
    with transaction.atomic():
        registration = CandidateRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.no_show:
            raise JobDatingError(f"{person_name(registration.user)} est déjà indiqué·e absent·e.")
        registration.no_show = True
        registration.checked_in_at = None
        registration.save(update_fields=["no_show", "checked_in_at", "updated_at"])
        freed = (
            schedule_interviews(event)
            .filter(candidate_registration=registration, slot__gte=now, status=InterviewStatus.SCHEDULED)
            .update(status=InterviewStatus.NO_SHOW)
        )
        _log("no_show", actor, registration, from_slot=now, interviews_freed=freed)
    return freed


def _walk_in_user(email: str, first_name: str, last_name: str, event: Event) -> User:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValidationFailed(
            {"email": ["Indiquez une adresse électronique valide (exemple : prenom.nom@exemple.fr)."]}
        )
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        first_name = clean_text(first_name or "", single_line=True).strip()
        last_name = clean_text(last_name or "", single_line=True).strip()
        if not first_name or not last_name:
            raise ValidationFailed(
                {"": ["Cette adresse ne correspond à aucun compte : indiquez le prénom et le nom pour l'inscrire."]}
            )
        # A light account: no password (they can set one with "mot de passe oublié"), a private
        # profile located where the event is, so the registration rules of `register_candidate` hold.
        user = User.objects.create_user(
            email=email, first_name=first_name[:150], last_name=last_name[:150], kind=User.Kind.CANDIDATE
        )
        CandidateProfile.objects.create(user=user, commune_id=event.commune_id)
        return user
    if user.kind != User.Kind.CANDIDATE:
        raise JobDatingError(
            "Cette adresse est celle d'un compte professionnel : elle ne peut pas s'inscrire comme candidat."
        )
    if not hasattr(user, "candidate_profile"):
        CandidateProfile.objects.create(user=user, commune_id=event.commune_id)
    return user


def add_walk_in(
    event: Event,
    *,
    actor: User | None,
    email: str,
    first_name: str = "",
    last_name: str = "",
    recruiter_ids: Sequence[int] = (),
    at: datetime.datetime | None = None,
    now_slot: int | None = None,
) -> CandidateRegistration:
    """Register someone who came without registering, available from now, with their wishes in order."""
    _check_day(event, actor)
    now = slot_now(event, at) if now_slot is None else now_slot
    errors = []
    ids = list(dict.fromkeys(int(r) for r in recruiter_ids))
    if not ids:
        errors.append("Choisissez au moins un recruteur que cette personne souhaite rencontrer.")
    if len(ids) > MAX_WISHES:
        errors.append(f"Vous pouvez choisir {MAX_WISHES} recruteurs au plus.")
    known = set(RecruiterRegistration.objects.filter(event=event, pk__in=ids).values_list("pk", flat=True))
    if set(ids) - known:
        errors.append("Un des recruteurs choisis ne participe pas à ce job dating.")
    if errors:
        raise ValidationFailed({"recruiters": errors})
    with transaction.atomic():
        user = _walk_in_user(email, first_name, last_name, event)
        if CandidateRegistration.objects.filter(event=event, user=user).exists():
            raise JobDatingError(
                f"{person_name(user)} est déjà inscrit·e : utilisez « Arrivé·e » dans la liste des candidats."
            )
        try:
            registration = register_candidate(
                event, user=user, availability=[[now, event.slot_count - 1]], walk_in=True
            )
        except IntegrityError:
            raise JobDatingError(f"{person_name(user)} est déjà inscrit·e.") from None
        # `services.set_wishes` refuses once registrations are closed, which is the point on the
        # day; the same rules (known recruiters, distinct ranks 1..n) are checked above.
        Wish.objects.bulk_create(
            Wish(candidate_registration=registration, recruiter_registration_id=rid, rank=rank)
            for rank, rid in enumerate(ids, start=1)
        )
        registration.checked_in_at = at or timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
        _log("walk_in", actor, registration, from_slot=now, wishes=len(ids))
    return registration


@dataclass
class DayReoptimisation:
    run: ScheduleRun
    now: int  # the current slot; interviews up to now + 1 were frozen
    freed: int  # interviews of absent candidates freed from `now` on
    added: int
    score: int
    bound: int
    gap: float
    elapsed: float

    @property
    def frozen_until(self) -> int:
        return self.now + 1


def reoptimise_options() -> SolveOptions:
    seconds = float(getattr(settings, "JOBDATING_REOPTIMISE_SECONDS", REOPTIMISE_TIME_LIMIT))
    base = solver_settings()
    return SolveOptions(time_limit=seconds, num_workers=base["num_workers"], seed=base["seed"])


def reoptimise_from_now(
    event: Event,
    *,
    actor: User | None,
    at: datetime.datetime | None = None,
    now_slot: int | None = None,
    options: SolveOptions | None = None,
) -> DayReoptimisation:
    """Fill freed tables and walk-ins' wishes from now + 2 on; nothing already in an agenda moves."""
    _check_day(event, actor)
    current = accepted_run(event)
    if current is None:
        raise JobDatingError("Aucun planning n'est retenu pour ce job dating : construisez-le d'abord.")
    now = slot_now(event, at) if now_slot is None else now_slot
    started = time_module.monotonic()

    # Absent candidates are left out of the instance (`build_instance`) and their future
    # interviews are already freed; their past ones do not constrain slots ≥ now + 2.
    instance = build_instance(event)
    present = {c.id for c in instance.candidates}
    rows = list(Interview.objects.filter(run=current).order_by("pk"))
    active = [r for r in rows if r.status in (InterviewStatus.SCHEDULED, InterviewStatus.HELD)]
    kept = [
        SolverInterview(r.candidate_registration_id, r.recruiter_registration_id, r.slot, r.table)
        for r in active
        if r.candidate_registration_id in present
    ]
    outcome = reoptimise(instance, kept, now, options=options or reoptimise_options())
    elapsed = time_module.monotonic() - started
    freed = sum(1 for r in rows if r.status == InterviewStatus.NO_SHOW and r.slot >= now)
    weights = instance.weights()

    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        # Someone else re-optimised or marked an absence while the solver ran: start again
        # rather than write a schedule computed from an old state.
        still = ScheduleRun.objects.filter(event=locked, accepted=True).values_list("pk", flat=True).first()
        if still != current.pk or Interview.objects.filter(run=current).filter(ACTIVE_INTERVIEW).count() != len(active):
            raise JobDatingError("Le planning a changé pendant le calcul : relancez la réoptimisation.")
        result = outcome.result
        finished = at or timezone.now()
        summary = (
            f"Réoptimisation à partir du créneau {now + 1} : {freed} entretien{'s' if freed > 1 else ''} "
            f"libéré{'s' if freed > 1 else ''} par des absences, {len(outcome.added)} ajouté"
            f"{'s' if len(outcome.added) > 1 else ''}."
        )
        run = ScheduleRun.objects.create(
            event=locked,
            kind=RunKind.REOPTIMISE,
            from_slot=now,
            status=RunStatus.DONE,
            options={"time_limit": (options or reoptimise_options()).time_limit},
            progress={"phase": "done", "elapsed": round(elapsed, 3), "messages": [summary]},
            method=result.method,
            score=result.score,
            bound=result.bound,
            gap=result.gap,
            optimal=result.optimal,
            created_by=actor,
            started_at=finished - datetime.timedelta(seconds=elapsed),
            finished_at=finished,
        )
        # The whole schedule is copied (absences included, for the figures), plus the new interviews.
        Interview.objects.bulk_create(
            [
                Interview(
                    event_id=locked.pk,
                    run=run,
                    candidate_registration_id=r.candidate_registration_id,
                    recruiter_registration_id=r.recruiter_registration_id,
                    slot=r.slot,
                    table=r.table,
                    weight=r.weight,
                    status=r.status,
                    outcome=r.outcome,
                    outcome_recorded_at=r.outcome_recorded_at,
                    outcome_recorded_by_id=r.outcome_recorded_by_id,
                )
                for r in rows
            ]
            + [
                Interview(
                    event_id=locked.pk,
                    run=run,
                    candidate_registration_id=i.candidate,
                    recruiter_registration_id=i.recruiter,
                    slot=i.slot,
                    table=i.table,
                    weight=weights[(i.candidate, i.recruiter)],
                )
                for i in outcome.added
            ]
        )
        run = accept_run(run, actor=actor, now=finished)
        audit(
            "jobdating_reoptimised",
            actor=actor,
            subject=None,
            event_id=locked.pk,
            run_id=run.pk,
            from_slot=now,
            freed=freed,
            added=len(outcome.added),
        )
    return DayReoptimisation(run, now, freed, len(outcome.added), result.score, result.bound, result.gap, elapsed)


# --- The console's list --------------------------------------------------------------------------


@dataclass
class ConsoleRow:
    registration: CandidateRegistration
    name: str
    interviews: int
    next_slot: int | None
    next_label: str = ""


def console_rows(event: Event, now: int) -> list[ConsoleRow]:
    """Candidates for the day-of list, with their interview count and next interview (2 queries)."""
    registrations = list(
        CandidateRegistration.objects.filter(event=event).select_related("user").order_by("user__last_name", "pk")
    )
    counts: dict[int, int] = {}
    upcoming: dict[int, int] = {}
    for candidate_id, slot in schedule_interviews(event).values_list("candidate_registration_id", "slot"):
        counts[candidate_id] = counts.get(candidate_id, 0) + 1
        if slot >= now and (candidate_id not in upcoming or slot < upcoming[candidate_id]):
            upcoming[candidate_id] = slot
    times = event_times(event)
    rows = []
    for r in registrations:
        next_slot = upcoming.get(r.pk)
        label = times[next_slot].label if next_slot is not None and next_slot < len(times) else ""
        rows.append(ConsoleRow(r, person_name(r.user), counts.get(r.pk, 0), next_slot, label))
    return rows
