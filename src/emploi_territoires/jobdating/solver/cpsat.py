"""The exact solver: the schedule as CP-SAT models.

Variables: one boolean x[p, s] per schedulable wish p = (c, r) and slot s where both sides are free
(`Problem.pairs[p].slots`), nothing else — about 64,000 for the 600-candidate benchmark.

Constraints:
- each pair at most once: Σ_s x[p, s] ≤ 1;
- candidates never double-booked and the minimum gap g: for every candidate and every slot t they
  could use, at most one interview in the window [t, t + g] (with g = 0 this is "one interview per
  slot"; two slots closer than g + 1 always fall in the window starting at the earlier one);
- recruiters within their tables: Σ_c x[(c, r), s] ≤ free tables of r at s;
- caps: Σ x[c, ·] ≤ remaining cap of c;
- with the "at least one interview" option: y_c ⇒ OR(x[c, ·]) and Σ y_c ≥ K, where K is the most
  candidates that can be seen at all, computed exactly by the flow of `bound.max_coverage`. The
  objective then maximises weight among schedules that see K candidates, i.e. the lexicographic
  optimum (coverage first, then weight) in a single solve, without a big-M bonus that would blur
  CP-SAT's bound.

Two uses (see `schedule.py` for the order):
- `place_pairs`: the pairs of the flow's optimal matching must all be placed (Σ_s x[p, s] = 1), no
  objective — a feasibility problem CP-SAT settles in about 3 s on the benchmark. If it is
  feasible the schedule reaches the upper bound: optimal, proven.
- `solve_cpsat`: maximise Σ weight × x over every schedulable wish, from the greedy as a complete
  hint. On the benchmark this model barely moves from its hint in a minute on 2 cores (its LP is
  slow and weaker than the flow bound), which is why the matching stage comes first; it is what
  proves optimality when slot conflicts keep the bound out of reach (small or saturated events).

Tables are not variables: they are interchangeable, so any per-slot load within the free tables can
be given distinct tables afterwards (proof in `problem.to_interviews`), which removes a factor
`tables` of symmetric solutions.

A solution callback reports each improvement (score, bound, CP-SAT's own proven bound, elapsed
time) and stops the search once the gap to the flow bound reaches the target.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .instance import SolveOptions, gap_of
from .problem import Assignment, Problem

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# ortools' CP-SAT (about 0.6 s to import, pandas included) is imported by the functions that build
# and solve a model, not with this module: the web app imports the solver's types when it starts.


@dataclass(frozen=True)
class Progress:
    phase: str  # "greedy", "cpsat" (each better solution) or "done"
    score: int
    bound: int
    elapsed: float
    solver_bound: int | None = None  # CP-SAT's proven bound, fixed interviews included; may be tighter

    @property
    def gap(self) -> float:
        return gap_of(self.score, self.bound)


ProgressCallback = Callable[[Progress], None]


@dataclass
class CpsatOutcome:
    assignment: Assignment | None
    score: int | None
    optimal: bool
    solver_bound: int | None
    status: str


def _reporter(
    problem: Problem, bound: int, target_gap: float, progress: ProgressCallback | None, started: float
) -> cp_model.CpSolverSolutionCallback:
    """Reports each better solution and stops the search at the target gap."""
    from ortools.sat.python import cp_model

    class Reporter(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            score = problem.fixed_weight + round(self.objective_value)
            if progress is not None:
                solver_bound = problem.fixed_weight + math.floor(self.best_objective_bound + 1e-6)
                progress(Progress("cpsat", score, bound, time.monotonic() - started, solver_bound))
            if gap_of(score, bound) <= target_gap:
                self.stop_search()

    return Reporter()


def _build(
    problem: Problem, pairs: list[int], *, place_all: bool, coverage: int | None = None
) -> tuple[cp_model.CpModel, dict[int, list[tuple[int, cp_model.IntVar]]]]:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    pair_vars: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    by_cell: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_cand: list[dict[int, list[cp_model.IntVar]]] = [{} for _ in problem.cand_ids]
    all_vars: list[cp_model.IntVar] = []
    weights: list[int] = []
    for p in pairs:
        pair = problem.pairs[p]
        row = []
        for s in pair.slots:
            var = model.new_bool_var("")
            row.append((s, var))
            all_vars.append(var)
            weights.append(pair.weight)
            by_cell.setdefault((pair.r, s), []).append(var)
            by_cand[pair.c].setdefault(s, []).append(var)
        pair_vars[p] = row
        if place_all:
            model.add_exactly_one(v for _, v in row)
        elif len(row) > 1:
            model.add_at_most_one(v for _, v in row)

    gap = problem.gap
    for c, slots in enumerate(by_cand):
        if not slots:
            continue
        used = sorted(slots)
        for i, t in enumerate(used):
            window = []
            for s in used[i:]:
                if s > t + gap:
                    break
                window.extend(slots[s])
            if len(window) > 1:
                model.add_at_most_one(window)
        n_pairs = sum(1 for p in problem.pairs_of_cand[c] if p in pair_vars)
        if problem.cap[c] < min(n_pairs, problem.max_packable(c)):
            model.add(sum(v for s in used for v in slots[s]) <= problem.cap[c])

    for (r, s), cell in by_cell.items():
        if len(cell) > problem.capacity[r][s]:
            model.add(sum(cell) <= problem.capacity[r][s])

    if coverage:
        seen = []
        for c, slots in enumerate(by_cand):
            if slots and not problem.covered[c]:
                y = model.new_bool_var("")
                model.add_bool_or([v for vs in slots.values() for v in vs]).only_enforce_if(y)
                seen.append(y)
        model.add(sum(seen) >= coverage)

    if not place_all:
        model.maximize(cp_model.LinearExpr.weighted_sum(all_vars, weights))
    return model, pair_vars


def _solver(options: SolveOptions, time_limit: float) -> cp_model.CpSolver:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = options.num_workers
    solver.parameters.random_seed = options.seed
    return solver


def place_pairs(problem: Problem, options: SolveOptions, pairs: list[int], time_limit: float) -> Assignment | None:
    """Slots for all the given pairs at once (a pure feasibility problem), or None.

    Used on the flow's optimal matching: when it can be scheduled, the schedule reaches the upper
    bound and is optimal. Without an objective CP-SAT decides this in seconds on the benchmark
    (where the optimising model below barely moves from its hint in a minute).
    """
    from ortools.sat.python import cp_model

    if not pairs:
        return []
    model, pair_vars = _build(problem, pairs, place_all=True)
    solver = _solver(options, time_limit)
    # No objective, so no LP to solve: measured 10 to 30 times faster on small instances with one
    # worker, the same on the benchmark. (A partial hint from the greedy slowed it down.)
    solver.parameters.linearization_level = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [(p, s) for p, row in pair_vars.items() for s, var in row if solver.boolean_value(var)]


def solve_cpsat(
    problem: Problem,
    options: SolveOptions,
    *,
    bound: int,
    time_limit: float,
    hint: Assignment | None = None,
    coverage: int | None = None,
    progress: ProgressCallback | None = None,
    started: float | None = None,
) -> CpsatOutcome:
    """Maximise the weight over every schedulable wish, from the hint, within `time_limit` seconds."""
    from ortools.sat.python import cp_model

    started = time.monotonic() if started is None else started
    model, pair_vars = _build(problem, list(range(len(problem.pairs))), place_all=False, coverage=coverage)
    if hint is not None:
        chosen = set(hint)
        for p, row in pair_vars.items():
            for s, var in row:
                model.add_hint(var, (p, s) in chosen)

    solver = _solver(options, time_limit - (time.monotonic() - started))
    reporter = _reporter(problem, bound, options.target_gap, progress, started)
    status = solver.solve(model, reporter)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"invalid CP-SAT model: {model.validate()}")
        return CpsatOutcome(None, None, False, None, name)
    assignment = [(p, s) for p, row in pair_vars.items() for s, var in row if solver.boolean_value(var)]
    score = problem.fixed_weight + sum(problem.pairs[p].weight for p, _ in assignment)
    solver_bound = problem.fixed_weight + math.floor(solver.best_objective_bound + 1e-6)
    optimal = status == cp_model.OPTIMAL or score >= bound  # stopped early on reaching the flow bound
    return CpsatOutcome(assignment, score, optimal, solver_bound, name)
