"""The optimal assignment of mentees to mentors, in three modes.

- ``score``: the maximum total score over the whole pool. A min-cost flow (OR-Tools)::

      source ──1, 0──▶ mentee e ──1, −w(e, m)──▶ mentor m ──capacity_m, 0──▶ sink
      source ─────────────────── n, 0 ─────────────────────────────────────▶ sink

  The bypass arc lets mentees stay unmatched, so the minimum cost is −(maximum total weight); a
  min-cost flow with integer data has an integral optimum, i.e. a real assignment. About 0.2 s for
  740,000 pairs.
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
from ortools.graph.python import min_cost_flow

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
    pairs = np.flatnonzero(allowed)
    if not len(pairs):
        return []
    n_e = problem.n_mentees
    source, sink = 0, 1 + n_e + problem.n_mentors
    mentees = np.unique(problem.mentee[pairs])
    mentors = np.unique(problem.mentor[pairs])
    supply = len(mentees)
    tails = np.concatenate(
        [np.zeros(len(mentees), dtype=np.int64), 1 + problem.mentee[pairs], 1 + n_e + mentors, [source]]
    )
    heads = np.concatenate([1 + mentees, 1 + n_e + problem.mentor[pairs], np.full(len(mentors), sink), [sink]])
    caps = np.concatenate([np.ones(len(mentees) + len(pairs), dtype=np.int64), capacity[mentors], [supply]])
    costs = np.concatenate(
        [np.zeros(len(mentees), dtype=np.int64), -weight[pairs], np.zeros(len(mentors) + 1, dtype=np.int64)]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: the bypass arc always carries a feasible flow
        raise SolveError(f"Le calcul du meilleur appariement a échoué (statut {status}).")
    pair_flows = flow.flows(arcs[len(mentees) : len(mentees) + len(pairs)])
    return pairs[pair_flows > 0].tolist()


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
