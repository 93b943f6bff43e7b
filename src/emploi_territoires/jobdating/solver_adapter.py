"""From the database to the solver: the instance built from the registrations, and the solver's options."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings

from emploi_territoires.applications.situations import prioritised_user_ids

from .models import CandidateRegistration, CandidateScreening, Event, RecruiterRegistration, ScreeningDecision, Wish
from .solver import Candidate as SolverCandidate
from .solver import Instance, SolveOptions
from .solver import Recruiter as SolverRecruiter
from .solver import Wish as SolverWish
from .solver.instance import default_workers
from .solver.weights import Preference, wish_weight

# The exact solver's default time limit (seconds); settings.JOBDATING_TIME_LIMIT overrides it.
DEFAULT_TIME_LIMIT = 30.0


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
