"""Greedy best-first and first-come-first-served: the baselines, and the "stable" mode itself.

Greedy best-first takes the listed pairs by descending score and keeps a pair when its mentee is
still free and its mentor has a place. With both sides ranking by the pair's score, this matching is
stable: when a pair was skipped, its mentee already had a pair at least as good, or its mentor was
full with pairs at least as good, and a taken pair is never undone. Ties are broken by QPV priority
(when asked), then by the order of the list.

First-come-first-served: mentees in the order they signed up, each taking their best-scoring mentor
who still has a place: what a manager does by hand, and what the optimal matching is compared with.
"""

from __future__ import annotations

import numpy as np

from .problem import Problem


def greedy_best_first(
    problem: Problem,
    allowed: np.ndarray | None = None,
    capacity: np.ndarray | None = None,
    taken_mentees: np.ndarray | None = None,
    qpv_first_on_ties: bool = False,
) -> list[int]:
    """Indices of the pairs kept by the greedy (not sorted)."""
    index = np.arange(problem.n_pairs)
    if allowed is not None:
        index = index[allowed]
    order = index[_descending(problem, index, qpv_first_on_ties)]
    remaining = (problem.capacity if capacity is None else capacity).astype(np.int64).tolist()
    free = [True] * problem.n_mentees if taken_mentees is None else (~taken_mentees).tolist()
    kept = []
    for p, m, e in zip(order.tolist(), problem.mentor[order].tolist(), problem.mentee[order].tolist(), strict=True):
        if free[e] and remaining[m] > 0:
            free[e] = False
            remaining[m] -= 1
            kept.append(p)
    return kept


def _descending(problem: Problem, index: np.ndarray, qpv_first_on_ties: bool) -> np.ndarray:
    # np.lexsort sorts by the last key first.
    if qpv_first_on_ties:
        return np.lexsort((index, ~problem.qpv[problem.mentee[index]], -problem.score[index]))
    return np.lexsort((index, -problem.score[index]))


def first_come_first_served(problem: Problem, mentee_order: np.ndarray | None = None) -> list[int]:
    """Mentees in `mentee_order` (default: list order) each take their best mentor with a place."""
    order = np.lexsort((np.arange(problem.n_pairs), -problem.score, problem.mentee))
    by_mentee: list[list[int]] = [[] for _ in range(problem.n_mentees)]
    for p, e in zip(order.tolist(), problem.mentee[order].tolist(), strict=True):
        by_mentee[e].append(p)
    remaining = problem.capacity.astype(np.int64).tolist()
    mentors = problem.mentor.tolist()
    kept = []
    sequence = range(problem.n_mentees) if mentee_order is None else mentee_order.tolist()
    for e in sequence:
        for p in by_mentee[e]:
            if remaining[mentors[p]] > 0:
                remaining[mentors[p]] -= 1
                kept.append(p)
                break
    return kept
