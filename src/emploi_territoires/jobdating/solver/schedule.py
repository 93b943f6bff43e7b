"""Build a schedule: the greedy's instant answer, improved by CP-SAT within a time limit.

    result = build_schedule(instance, SolveOptions(time_limit=30), progress=print)

1. `prepare` the problem (fixed interviews and `min_slot` come from re-optimisation);
2. the upper bound by min-cost flow (milliseconds) — the yardstick of every schedule;
3. the greedy (tens of milliseconds), reported as phase "greedy": the web layer can show it at once;
4. CP-SAT with the greedy as hint, reporting each better schedule (phase "cpsat") until the time
   limit, proven optimality, or the gap to the bound reaching `target_gap`;
5. the better of the two (CP-SAT never returns worse than its hint, but a timeout before the first
   solution falls back on the greedy), with tables assigned, reported as phase "done".

"At least one interview for every candidate who can have one" is lexicographic: first the largest
number of candidates that can be seen at all (an exact max flow, `bound.max_coverage`), then the
best weight among schedules seeing that many. The bound stays the weight bound without the option,
so the gap also shows what the option costs.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .bound import best_matching, upper_bound
from .cpsat import Progress, ProgressCallback, place_pairs, solve_cpsat
from .greedy import greedy
from .instance import Instance, Interview, Result, SolveOptions, gap_of
from .problem import assignment_weight, prepare, to_interviews

# Below this many seconds left, building and presolving the full model (seconds on 600 candidates)
# would only overrun the time limit.
MIN_STAGE_TWO = 1.0


def build_schedule(
    instance: Instance,
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
    *,
    fixed: Iterable[Interview] = (),
    min_slot: int = 0,
) -> Result:
    options = options or SolveOptions()
    started = time.monotonic()
    problem = prepare(instance, options, fixed, min_slot)
    bound = upper_bound(problem)

    assignment = greedy(problem, options.at_least_one)
    score = problem.fixed_weight + assignment_weight(problem, assignment)
    method, optimal = "greedy", score >= bound
    if progress is not None:
        progress(Progress("greedy", score, bound, time.monotonic() - started))

    if options.time_limit > 0 and not optimal and gap_of(score, bound) > options.target_gap and problem.pairs:
        # Stage 1: schedule the flow's optimal matching as it is. On real-shaped instances the bound
        # is reached, and this feasibility model proves it in seconds.
        _, matching = best_matching(problem, coverage_first=options.at_least_one)
        placed = place_pairs(problem, options, matching, time_limit=options.time_limit - (time.monotonic() - started))
        placed_score = None if placed is None else problem.fixed_weight + assignment_weight(problem, placed)
        remaining = options.time_limit - (time.monotonic() - started)
        if placed is not None and placed_score is not None and placed_score >= score:
            # Optimal: the flow's optimum is an upper bound of every schedule (with the option,
            # of every schedule seeing as many candidates, which this one does — see best_matching).
            assignment, score, method, optimal = placed, placed_score, "matching", True
            if progress is not None:
                progress(Progress("cpsat", score, bound, time.monotonic() - started, score))
        elif remaining < MIN_STAGE_TWO:
            pass  # the matching could not be placed in time; the greedy stands
        else:
            # Stage 2: the full optimisation model from the greedy, for the remaining time.
            coverage = None
            if options.at_least_one:
                coverage = len({problem.pairs[p].c for p, _ in assignment if not problem.covered[problem.pairs[p].c]})
            outcome = solve_cpsat(
                problem,
                options,
                bound=bound,
                time_limit=options.time_limit,
                hint=assignment,
                coverage=coverage,
                progress=progress,
                started=started,
            )
            if outcome.assignment is not None and outcome.score is not None and outcome.score >= score:
                assignment, score, method = outcome.assignment, outcome.score, "cpsat"
                optimal = outcome.optimal or score >= bound

    elapsed = time.monotonic() - started
    if progress is not None:
        progress(Progress("done", score, bound, elapsed))
    return Result(to_interviews(problem, assignment), score, bound, optimal, method, elapsed)
