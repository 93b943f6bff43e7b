"""Re-optimise from now, on the day: no-shows free their slots, walk-ins join, nothing held moves.

Given the schedule in force, the current slot `now` and the changes:

- a no-show (candidate or recruiter) is unavailable from `now` on; their interviews at slots ≥ now
  are removed (those before `now` stay: they were held, or are history);
- every other interview at a slot ≤ now + 1 is frozen — held, running, or about to start: people
  are already walking to the table;
- interviews after now + 1 of people who are present are kept where they are too: everyone holds a
  printed agenda, and moving an interview to fill a hole elsewhere would trade one disruption for
  another. Only the freed capacity (and the walk-ins' new wishes) is filled;
- new interviews go at slots ≥ now + 2, respecting the minimum gap to each person's kept
  interviews, their caps, and each pair at most once (a pair already met is not met again);
- walk-in candidates are added with their availability and wishes (weights computed by the web
  layer, as for everyone).

The new schedule is the kept interviews plus the greedy's fill, improved by CP-SAT within
`time_limit` (8 s by default, so the whole call stays under 10 s on the 600-candidate benchmark;
the greedy alone answers in milliseconds if CP-SAT finds nothing better).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .cpsat import ProgressCallback
from .instance import (
    Candidate,
    Id,
    Instance,
    InstanceError,
    Interview,
    Result,
    SolveOptions,
    Wish,
    instance_to_json,
    parse_instance,
)
from .schedule import build_schedule

REOPTIMISE_TIME_LIMIT = 8.0


@dataclass(frozen=True)
class Changes:
    absent_candidates: tuple[Id, ...] = ()
    absent_recruiters: tuple[Id, ...] = ()
    walk_ins: tuple[Candidate, ...] = ()
    walk_in_wishes: tuple[Wish, ...] = ()


@dataclass
class Reoptimisation:
    instance: Instance  # the instance after the changes (no-shows cut, walk-ins added)
    result: Result  # the whole new schedule, kept interviews included
    removed: list[Interview] = field(default_factory=list)
    added: list[Interview] = field(default_factory=list)


def _until(ranges: list[list[int]], last: int) -> list[list[int]]:
    """Availability ranges cut so they end at slot `last` (empty when last < 0)."""
    return [[first, min(end, last)] for first, end in ranges if first <= last]


def apply_changes(instance: Instance, now: int, changes: Changes) -> Instance:
    """The instance as it stands at `now`; French `InstanceError` on unknown ids or bad walk-ins."""
    errors = []
    if not 0 <= now < instance.slots:
        errors.append(f"Le créneau actuel ({now}) sort des créneaux de l'événement (0 à {instance.slots - 1}).")
    candidate_ids = {c.id for c in instance.candidates}
    recruiter_ids = {r.id for r in instance.recruiters}
    errors += [f"Absent : candidat inconnu « {cid} »." for cid in changes.absent_candidates if cid not in candidate_ids]
    errors += [
        f"Absent : recruteur inconnu « {rid} »." for rid in changes.absent_recruiters if rid not in recruiter_ids
    ]
    if errors:
        raise InstanceError(errors)

    data = instance_to_json(instance)
    absent_c, absent_r = set(changes.absent_candidates), set(changes.absent_recruiters)
    for item in data["candidates"]:
        if item["id"] in absent_c:
            item["available"] = _until(item["available"], now - 1)
    for item in data["recruiters"]:
        if item["id"] in absent_r:
            item["available"] = _until(item["available"], now - 1)
    for walk_in in changes.walk_ins:
        data["candidates"].append(
            {
                "id": walk_in.id,
                "available": [list(a) for a in walk_in.available],
                "max_interviews": walk_in.max_interviews,
            }
        )
    for wish in changes.walk_in_wishes:
        data["wishes"].append({"candidate": wish.candidate, "recruiter": wish.recruiter, "weight": wish.weight})
    # The round trip through the validator catches duplicated walk-in ids, wishes naming unknown
    # people, ranges outside the event… with the same French messages as the input file.
    return parse_instance(data)


def reoptimise(
    instance: Instance,
    interviews: Iterable[Interview],
    now: int,
    changes: Changes | None = None,
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Reoptimisation:
    changes = changes or Changes()
    options = options or SolveOptions(time_limit=REOPTIMISE_TIME_LIMIT)
    updated = apply_changes(instance, now, changes)
    absent_c, absent_r = set(changes.absent_candidates), set(changes.absent_recruiters)
    kept: list[Interview] = []
    removed: list[Interview] = []
    for interview in interviews:
        gone = interview.candidate in absent_c or interview.recruiter in absent_r
        (removed if gone and interview.slot >= now else kept).append(interview)
    result = build_schedule(updated, options, progress, fixed=kept, min_slot=min(now + 2, updated.slots))
    kept_set = set(kept)
    added = [i for i in result.interviews if i not in kept_set]
    return Reoptimisation(updated, result, removed, added)
