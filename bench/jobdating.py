"""Job-dating schedule benchmark: first-come-first-served vs greedy vs the solver, against the bound.

Seeded instances (`jobdating.solver.generate`): base = 600 candidates, 60 recruiters x 2 tables,
24 slots, 3 to 8 ranked wishes with popularity skew, ~20 % half-day availabilities, min gap 1;
dense = the same with 8 to 12 wishes each. For each it prints the upper bound, then score, gap to
the bound, candidates left with no interview and runtime of: first-come-first-served booking
(random registration order), the greedy, the solver (`build_schedule`) with 10, 30 and 60 s, and
the plain CP-SAT model without the matching stage (to show why that stage exists); then a
re-optimisation from slot 8 with no-shows and walk-ins.

    python bench/jobdating.py            # about 4 minutes on 2 cores
    python bench/jobdating.py --quick    # 2, 5 and 10 s budgets
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from emploi_territoires.jobdating.solver import (  # noqa: E402
    Candidate,
    Changes,
    SolveOptions,
    Wish,
    build_schedule,
    check_schedule,
    reoptimise,
)
from emploi_territoires.jobdating.solver.bound import upper_bound  # noqa: E402
from emploi_territoires.jobdating.solver.cpsat import solve_cpsat  # noqa: E402
from emploi_territoires.jobdating.solver.fcfs import first_come_first_served  # noqa: E402
from emploi_territoires.jobdating.solver.generate import generate  # noqa: E402
from emploi_territoires.jobdating.solver.greedy import greedy  # noqa: E402
from emploi_territoires.jobdating.solver.problem import assignment_weight, prepare, to_interviews  # noqa: E402

INSTANCES = {"base": (3, 8), "dense": (8, 12)}


def row(label: str, score: int, bound: int, unseen: int | str, seconds: float) -> None:
    gap = (bound - score) / bound * 100
    print(f"  {label:<44} {score:>7} {-gap:>8.2f} % {unseen!s:>8} {seconds:>8.2f} s")


def unseen_count(instance, interviews) -> int:
    wished = {w.candidate for w in instance.wishes}
    return len(wished - {i.candidate for i in interviews})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2, 5 and 10 s budgets instead of 10, 30 and 60 s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    budgets = (2.0, 5.0, 10.0) if args.quick else (10.0, 30.0, 60.0)
    plain_budget = budgets[1]

    for name, wishes in INSTANCES.items():
        instance = generate(600, 60, 2, 24, wishes, half_day=0.2, min_gap=1, seed=args.seed)
        options = SolveOptions(time_limit=0, num_workers=args.workers, seed=0)
        print(
            f"\n{name}: {len(instance.candidates)} candidates, {len(instance.recruiters)} recruiters x 2 tables, "
            f"{instance.slots} slots, {len(instance.wishes)} wishes, min gap {instance.min_gap} (seed {args.seed})"
        )
        started = time.perf_counter()
        problem = prepare(instance, options)
        bound = upper_bound(problem)
        print(f"  {'upper bound (min-cost flow)':<44} {bound:>7} {time.perf_counter() - started:>30.3f} s")
        print(f"  {'method':<44} {'score':>7} {'vs bound':>10} {'no intvw':>8} {'runtime':>10}")

        started = time.perf_counter()
        assignment = first_come_first_served(problem, seed=args.seed)
        elapsed = time.perf_counter() - started
        interviews = to_interviews(problem, assignment)
        assert not check_schedule(instance, interviews)
        row(
            "first come, first served",
            assignment_weight(problem, assignment),
            bound,
            unseen_count(instance, interviews),
            elapsed,
        )

        started = time.perf_counter()
        hint = greedy(problem)
        elapsed = time.perf_counter() - started
        interviews = to_interviews(problem, hint)
        assert not check_schedule(instance, interviews)
        row("greedy by weight", assignment_weight(problem, hint), bound, unseen_count(instance, interviews), elapsed)

        for budget in budgets:
            solve_options = SolveOptions(time_limit=budget, num_workers=args.workers, seed=0)
            result = build_schedule(instance, solve_options)
            assert not check_schedule(instance, result.interviews, solve_options)
            label = f"solver, {budget:g} s limit ({result.method}{', optimal' if result.optimal else ''})"
            row(label, result.score, bound, unseen_count(instance, result.interviews), result.elapsed)

        started = time.perf_counter()
        plain = SolveOptions(time_limit=plain_budget, num_workers=args.workers, seed=0)
        outcome = solve_cpsat(problem, plain, bound=bound, time_limit=plain_budget, hint=hint)
        elapsed = time.perf_counter() - started
        if outcome.assignment is not None:
            interviews = to_interviews(problem, outcome.assignment)
            row(
                f"plain CP-SAT model, {plain_budget:g} s",
                outcome.score,
                bound,
                unseen_count(instance, interviews),
                elapsed,
            )
        else:
            print(f"  plain CP-SAT model, {plain_budget:g} s: no solution ({outcome.status})")

        with_option = SolveOptions(time_limit=budgets[1], num_workers=args.workers, seed=0, at_least_one=True)
        result = build_schedule(instance, with_option)
        row(
            f"solver, at least one each, {budgets[1]:g} s",
            result.score,
            bound,
            unseen_count(instance, result.interviews),
            result.elapsed,
        )

        # The day itself: at slot 8, five candidates and one recruiter are missing, two walk in.
        schedule = build_schedule(instance, SolveOptions(time_limit=budgets[1], num_workers=args.workers)).interviews
        now = 8
        absent = tuple(c.id for c in instance.candidates[:5])
        walk_ins = (Candidate("walk-in-1", ((now, 23),), None), Candidate("walk-in-2", ((now, 23),), None))
        walk_wishes = tuple(
            Wish(w.id, r.id, 24 - 2 * k) for w in walk_ins for k, r in enumerate(instance.recruiters[10:14])
        )
        started = time.perf_counter()
        out = reoptimise(
            instance,
            schedule,
            now,
            Changes(absent, (instance.recruiters[0].id,), walk_ins, walk_wishes),
            SolveOptions(time_limit=8.0, num_workers=args.workers),
        )
        elapsed = time.perf_counter() - started
        assert not check_schedule(out.instance, out.result.interviews)
        print(
            f"  re-optimise at slot {now}: {len(out.removed)} interviews of no-shows removed, {len(out.added)} added, "
            f"score {out.result.score} (bound {out.result.bound}, {out.result.gap * 100:.2f} %), {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main()
