"""The problem every solver works on: indices instead of ids, and what is left to schedule.

`prepare` turns an `Instance` (plus interviews already fixed, for re-optimisation, and the first
slot new interviews may use) into a `Problem`:

- candidates and recruiters are numbered 0..n−1 in input order (so results never depend on how ids
  sort);
- `capacity[r][s]` is the number of free tables of recruiter r at slot s (0 outside availability,
  before `min_slot`, or when fixed interviews fill the tables);
- `cand_slots[c]` are the slots where candidate c is available and at least `min_gap` free slots
  away from every fixed interview of c;
- `cap[c]` is how many more interviews c may have (own cap, global cap, minus fixed interviews);
- `pairs` are the wishes still schedulable: not already held, with at least one slot where both
  sides are free; `pairs[p].slots` lists those slots.

The greedy, the bound, CP-SAT and first-come-first-served all read this one structure, so they
agree on what "feasible" means; `check.py` re-checks results from the raw instance independently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .instance import Id, Instance, Interview, SolveOptions, slot_set

NO_CAP = 1 << 30


@dataclass
class Pair:
    c: int
    r: int
    weight: int
    slots: list[int]
    rank: int  # position of the wish among the candidate's wishes by decreasing weight (0 = first)


@dataclass
class Problem:
    instance: Instance
    n_slots: int
    gap: int
    min_slot: int
    cand_ids: list[Id]
    rec_ids: list[Id]
    cap: list[int]
    cand_slots: list[set[int]]
    capacity: list[list[int]]
    pairs: list[Pair]
    pairs_of_cand: list[list[int]]
    fixed: list[Interview]
    fixed_weight: int
    covered: list[bool]  # the candidate already has a fixed interview
    tables: list[int]
    fixed_tables: dict[tuple[int, int], set[int]] = field(default_factory=dict)  # (r, s) -> tables taken

    def max_packable(self, c: int) -> int:
        """Most interviews candidate c can fit in their free slots with the minimum gap (earliest first)."""
        count, last = 0, None
        for s in sorted(self.cand_slots[c]):
            if last is None or s - last > self.gap:
                count += 1
                last = s
        return count


def effective_cap(own: int | None, options: SolveOptions) -> int:
    caps = [v for v in (own, options.max_interviews) if v is not None]
    return min(caps) if caps else NO_CAP


def prepare(
    instance: Instance,
    options: SolveOptions,
    fixed: Iterable[Interview] = (),
    min_slot: int = 0,
) -> Problem:
    fixed = list(fixed)
    cand_ids = [c.id for c in instance.candidates]
    rec_ids = [r.id for r in instance.recruiters]
    cand_index = {cid: i for i, cid in enumerate(cand_ids)}
    rec_index = {rid: i for i, rid in enumerate(rec_ids)}
    n_slots, gap = instance.slots, instance.min_gap
    weights = instance.weights()

    capacity = []
    for recruiter in instance.recruiters:
        free = slot_set(recruiter.available)
        capacity.append([recruiter.tables if (s in free and s >= min_slot) else 0 for s in range(n_slots)])
    cand_slots = [{s for s in slot_set(c.available) if s >= min_slot} for c in instance.candidates]
    cap = [effective_cap(c.max_interviews, options) for c in instance.candidates]
    covered = [False] * len(cand_ids)
    held_pairs: set[tuple[int, int]] = set()
    fixed_tables: dict[tuple[int, int], set[int]] = {}
    fixed_weight = 0
    for interview in fixed:
        c, r, s = cand_index[interview.candidate], rec_index[interview.recruiter], interview.slot
        fixed_weight += weights.get((interview.candidate, interview.recruiter), 0)
        held_pairs.add((c, r))
        covered[c] = True
        cap[c] = max(0, cap[c] - 1)
        if 0 <= s < n_slots:
            capacity[r][s] = max(0, capacity[r][s] - 1)
            fixed_tables.setdefault((r, s), set()).add(interview.table)
        cand_slots[c] -= set(range(s - gap, s + gap + 1))

    by_cand: dict[int, list[tuple[int, int]]] = {}
    for wish in instance.wishes:
        c, r = cand_index[wish.candidate], rec_index[wish.recruiter]
        by_cand.setdefault(c, []).append((r, wish.weight))
    pairs: list[Pair] = []
    pairs_of_cand: list[list[int]] = [[] for _ in cand_ids]
    for c in range(len(cand_ids)):
        # Stable sort: equal weights keep the input order, which is the candidate's ranking.
        wishes = sorted(by_cand.get(c, []), key=lambda rw: -rw[1])
        for rank, (r, weight) in enumerate(wishes):
            if (c, r) in held_pairs or cap[c] == 0:
                continue
            slots = sorted(s for s in cand_slots[c] if capacity[r][s] > 0)
            if not slots:
                continue
            pairs_of_cand[c].append(len(pairs))
            pairs.append(Pair(c, r, weight, slots, rank))

    return Problem(
        instance=instance,
        n_slots=n_slots,
        gap=gap,
        min_slot=min_slot,
        cand_ids=cand_ids,
        rec_ids=rec_ids,
        cap=cap,
        cand_slots=cand_slots,
        capacity=capacity,
        pairs=pairs,
        pairs_of_cand=pairs_of_cand,
        fixed=fixed,
        fixed_weight=fixed_weight,
        covered=covered,
        tables=[r.tables for r in instance.recruiters],
        fixed_tables=fixed_tables,
    )


Assignment = list[tuple[int, int]]  # (pair index, slot) of new interviews


def assignment_weight(problem: Problem, assignment: Assignment) -> int:
    return sum(problem.pairs[p].weight for p, _ in assignment)


def to_interviews(problem: Problem, assignment: Assignment) -> list[Interview]:
    """Fixed interviews plus the new ones, with tables.

    Tables of one recruiter are interchangeable and an interview occupies a single slot, so tables
    are assigned slot by slot: at slot s the solvers keep the new interviews of recruiter r within
    `capacity[r][s]` = tables − fixed interviews at (r, s), hence there are at least as many free
    tables as new interviews, and giving them the lowest free table numbers in candidate order never
    fails and never affects another slot.
    """
    by_cell: dict[tuple[int, int], list[int]] = {}
    for p, s in assignment:
        pair = problem.pairs[p]
        by_cell.setdefault((pair.r, s), []).append(pair.c)
    interviews = list(problem.fixed)
    for (r, s), cands in by_cell.items():
        taken = problem.fixed_tables.get((r, s), set())
        free = (t for t in range(problem.tables[r]) if t not in taken)
        for c, table in zip(sorted(cands), free, strict=False):
            interviews.append(Interview(problem.cand_ids[c], problem.rec_ids[r], s, table))
        if len(cands) > problem.tables[r] - len(taken):
            raise AssertionError(f"recruiter {problem.rec_ids[r]} over capacity at slot {s}")
    return interviews


class CandidateState:
    """Incremental feasibility for constructive heuristics (greedy, first-come-first-served)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.load = [row[:] for row in problem.capacity]
        self.taken: list[list[int]] = [[] for _ in problem.cand_ids]
        self.count = [0] * len(problem.cand_ids)
        self.used = [False] * len(problem.pairs)
        self.assignment: Assignment = []

    def fits(self, p: int, s: int) -> bool:
        pair = self.problem.pairs[p]
        gap = self.problem.gap
        return self.load[pair.r][s] > 0 and all(abs(s - t) > gap for t in self.taken[pair.c])

    def can_add(self, p: int) -> bool:
        pair = self.problem.pairs[p]
        return not self.used[p] and self.count[pair.c] < self.problem.cap[pair.c]

    def earliest(self, p: int) -> int | None:
        if not self.can_add(p):
            return None
        for s in self.problem.pairs[p].slots:
            if self.fits(p, s):
                return s
        return None

    def add(self, p: int, s: int) -> None:
        pair = self.problem.pairs[p]
        self.load[pair.r][s] -= 1
        self.taken[pair.c].append(s)
        self.count[pair.c] += 1
        self.used[p] = True
        self.assignment.append((p, s))
