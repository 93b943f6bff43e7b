"""The optimal assignment of mentees to mentors, in three modes.

- ``score``: the maximum total score over the whole pool. A min-cost flow (OR-Tools), each mentee
  supplying one unit (top = the largest weight)::

      mentee e ──1, top − w(e, m)──▶ mentor m ──capacity_m, 0──▶ sink
      mentee e ──────────────── 1, top ────────────────────────▶ sink   (stays unmatched)

  Minimising the cost maximises the total weight; a min-cost flow with integer data has an integral
  optimum, i.e. a real assignment. Well under a second for 750,000 pairs (bench/mentoring.py).
- ``participation``: as many mentees matched as possible, then the best total score: the same flow
  with w = BIG + score, where BIG exceeds every total score, so one more pair always wins
  (lexicographic objective).
- ``stable``: no blocking pair (see `blocking`). With both sides ranking by the pair's score, greedy
  best-first is stable; it usually costs a few per cent of total score against ``score`` mode, which
  `compare_with_score_mode` measures for the manager.

Options: QPV priority adds `qpv_bonus` points to every pair of a QPV mentee in the objective (the
reported score stays the pair's own); in ``stable`` mode it only breaks ties (a bonus would make the
matching unstable for the scores people see). Locked pairs are forced into the matching (their
mentee leaves the pool, their mentor loses a place), removed pairs are forbidden: the manager's
review between two runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .baselines import greedy_best_first
from .blocking import count_blocking
from .problem import Matching, Problem, SolveError

MODES = ("score", "participation", "stable")
MODE_LABELS = {
    "score": "meilleur score total",
    "participation": "le plus de binômes possible, puis le meilleur score",
    "stable": "stable (aucun binôme ne préférerait se défaire)",
}


@dataclass(frozen=True)
class Options:
    mode: str = "score"
    qpv_bonus: int = 0  # points (in score units) added to a QPV mentee's pairs in the objective
    locked: Sequence[int] = ()  # pair indices forced into the matching
    removed: Sequence[int] = ()  # pair indices forbidden


def _check(problem: Problem, options: Options) -> tuple[np.ndarray, np.ndarray]:
    if options.mode not in MODES:
        raise SolveError(f"Mode inconnu « {options.mode} » (modes possibles : {', '.join(MODES)}).")
    if options.qpv_bonus < 0:
        raise SolveError("Le bonus de priorité QPV doit être positif ou nul.")
    locked = np.array(sorted(set(options.locked)), dtype=np.int64)
    removed = np.zeros(problem.n_pairs, dtype=bool)
    removed[np.array(list(options.removed), dtype=np.int64)] = True
    if len(locked) and removed[locked].any():
        raise SolveError("Un binôme ne peut pas être à la fois verrouillé et retiré.")
    _mentees, counts = np.unique(problem.mentee[locked], return_counts=True)
    if (counts > 1).any():
        raise SolveError("Une personne mentorée a plusieurs binômes verrouillés : un seul est possible.")
    load = np.bincount(problem.mentor[locked], minlength=problem.n_mentors)
    if (load > problem.capacity).any():
        raise SolveError("Un mentor a plus de binômes verrouillés que de places.")
    return locked, removed


def solve(problem: Problem, options: Options | None = None) -> Matching:
    options = options or Options()
    locked, removed = _check(problem, options)
    capacity = problem.capacity - np.bincount(problem.mentor[locked], minlength=problem.n_mentors)
    taken = np.zeros(problem.n_mentees, dtype=bool)
    taken[problem.mentee[locked]] = True
    allowed = ~removed & ~taken[problem.mentee] & (capacity[problem.mentor] > 0)

    if options.mode == "stable":
        chosen = greedy_best_first(
            problem, allowed=allowed, capacity=capacity, taken_mentees=taken, qpv_first_on_ties=options.qpv_bonus > 0
        )
    else:
        weight = problem.score + options.qpv_bonus * problem.qpv[problem.mentee]
        if options.mode == "participation":
            weight = weight + _big(problem, weight, allowed)
        chosen = _max_weight_flow(problem, allowed, capacity, weight)
    result = np.sort(np.concatenate([locked, np.asarray(chosen, dtype=np.int64)]))
    return Matching(
        chosen=result,
        total=int(problem.score[result].sum()),
        matched=len(result),
        blocking_pairs=count_blocking(problem, result, ignore=removed),
    )


def _big(problem: Problem, weight: np.ndarray, allowed: np.ndarray) -> int:
    """More than any total weight: each mentee's best pair, summed, plus one."""
    best = np.zeros(problem.n_mentees, dtype=np.int64)
    np.maximum.at(best, problem.mentee[allowed], weight[allowed])
    return int(best.sum()) + 1


def _max_weight_flow(problem: Problem, allowed: np.ndarray, capacity: np.ndarray, weight: np.ndarray) -> list[int]:
    """Maximum total weight b-matching by min-cost flow (see the module docstring).

    Each mentee node supplies one unit, which reaches the sink either through a pair and its mentor
    (cost top − weight) or through the mentee's own bypass arc (cost top): minimising the cost
    maximises the total weight, with non-negative costs only (measured slightly faster in OR-Tools than
    a source node with a single bypass arc and negative costs).
    """
    # Imported here: loading the ortools library costs about 0.1 s, paid at the first matching run
    # rather than when the web app imports the mentoring views.
    from ortools.graph.python import min_cost_flow

    pairs = np.flatnonzero(allowed)
    if not len(pairs):
        return []
    n_e = problem.n_mentees
    sink = n_e + problem.n_mentors
    # bincount, not np.unique: a tenth of the time on 750,000 pairs.
    mentees = np.flatnonzero(np.bincount(problem.mentee[pairs], minlength=n_e))
    mentors = np.flatnonzero(np.bincount(problem.mentor[pairs], minlength=problem.n_mentors))
    top = int(weight[pairs].max())
    tails = np.concatenate([problem.mentee[pairs], n_e + mentors, mentees])
    heads = np.concatenate([n_e + problem.mentor[pairs], np.full(len(mentors) + len(mentees), sink)])
    ones = np.ones(len(pairs) + len(mentees), dtype=np.int64)
    caps = np.concatenate([ones[: len(pairs)], capacity[mentors], ones[len(pairs) :]])
    costs = np.concatenate(
        [top - weight[pairs], np.zeros(len(mentors), dtype=np.int64), np.full(len(mentees), top, dtype=np.int64)]
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[mentees] = 1
    supplies[sink] = -len(mentees)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: the bypass arcs always carry a feasible flow
        raise SolveError(f"Le calcul du meilleur appariement a échoué (statut {status}).")
    pair_flows = flow.flows(arcs[: len(pairs)])
    chosen: list[int] = pairs[pair_flows > 0].tolist()
    return chosen


@dataclass(frozen=True)
class StableComparison:
    stable: Matching
    optimal: Matching

    @property
    def cost(self) -> int:
        """Score given up for stability (>= 0 without QPV bonus; the bonus can move either total)."""
        return self.optimal.total - self.stable.total

    @property
    def cost_share(self) -> float:
        return self.cost / self.optimal.total if self.optimal.total else 0.0


def compare_with_score_mode(problem: Problem, options: Options) -> StableComparison:
    """The stable matching and the optimal one with the same locks, removals and QPV option."""
    stable = solve(problem, Options("stable", options.qpv_bonus, options.locked, options.removed))
    optimal = solve(problem, Options("score", options.qpv_bonus, options.locked, options.removed))
    return StableComparison(stable, optimal)
