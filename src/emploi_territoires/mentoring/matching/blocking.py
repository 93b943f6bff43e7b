"""Blocking pairs, exactly as the issue defines them.

Both sides rank their partners by the pair's score. A listed pair (mentor, mentee, score) that is not
chosen blocks when

- the mentee is unmatched, or matched with a lower score, and
- the mentor has a free place, or holds a mentee with a lower score.

Equal scores do not block (nobody strictly prefers). A matching with no blocking pair is stable.
"""

from __future__ import annotations

import numpy as np

from .problem import Problem


def blocking_mask(problem: Problem, chosen: np.ndarray, ignore: np.ndarray | None = None) -> np.ndarray:
    """One boolean per listed pair: does it block `chosen`? `ignore` masks pairs that do not count
    (pairs a manager removed are not options any more)."""
    chosen = np.asarray(chosen, dtype=np.int64)
    # -1: an unmatched mentee takes any listed pair (scores are >= 0).
    mentee_score = np.full(problem.n_mentees, -1, dtype=np.int64)
    mentee_score[problem.mentee[chosen]] = problem.score[chosen]
    load = np.bincount(problem.mentor[chosen], minlength=problem.n_mentors)
    held_min = np.full(problem.n_mentors, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(held_min, problem.mentor[chosen], problem.score[chosen])

    s = problem.score
    mentee_wants = mentee_score[problem.mentee] < s
    mentor_wants = (load[problem.mentor] < problem.capacity[problem.mentor]) | (held_min[problem.mentor] < s)
    mask: np.ndarray = mentee_wants & mentor_wants
    mask[chosen] = False
    if ignore is not None:
        mask &= ~ignore
    return mask


def count_blocking(problem: Problem, chosen: np.ndarray, ignore: np.ndarray | None = None) -> int:
    return int(blocking_mask(problem, chosen, ignore).sum())
