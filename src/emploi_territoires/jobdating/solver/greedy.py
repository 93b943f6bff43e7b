"""The instant answer: wishes by decreasing weight, each at the earliest slot that still fits.

Ties go to the candidate's better-ranked wish, then to the wish with fewer possible slots (harder to
place later), then to input order, so the result is deterministic. With the "at least one
interview" option the greedy starts from the maximum-coverage flow of `bound.max_coverage` (one
interview for as many candidates as can be seen, heaviest such set), then adds the rest by weight.
Measured on the benchmark it lands about 1 % under the upper bound in a few tens of milliseconds.
"""

from __future__ import annotations

from .bound import max_coverage
from .problem import Assignment, CandidateState, Problem


def greedy(problem: Problem, at_least_one: bool = False) -> Assignment:
    state = CandidateState(problem)
    if at_least_one:
        for p, slot in max_coverage(problem):
            state.add(p, slot)
    order = sorted(
        range(len(problem.pairs)),
        key=lambda p: (-problem.pairs[p].weight, problem.pairs[p].rank, len(problem.pairs[p].slots), p),
    )
    for p in order:
        s = state.earliest(p)
        if s is not None:
            state.add(p, s)
    return state.assignment
