"""The assignment problem as plain arrays, shared by the solver, the baselines and the blocking count."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class SolveError(ValueError):
    """An impossible request (e.g. contradictory locked pairs): the message is French."""


@dataclass
class Problem:
    """Mentors with a capacity, mentees, and the listed pairs as parallel arrays.

    Scores are non-negative integers (the CLI scales decimal scores by 100 beforehand). `qpv` marks the
    mentees who get the QPV priority when it is asked for.
    """

    capacity: np.ndarray  # int64, one per mentor
    n_mentees: int
    mentor: np.ndarray  # int64, one per pair: the mentor's index
    mentee: np.ndarray  # int64, one per pair: the mentee's index
    score: np.ndarray  # int64, one per pair
    qpv: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # bool, one per mentee

    def __post_init__(self) -> None:
        self.capacity = np.asarray(self.capacity, dtype=np.int64)
        self.mentor = np.asarray(self.mentor, dtype=np.int64)
        self.mentee = np.asarray(self.mentee, dtype=np.int64)
        self.score = np.asarray(self.score, dtype=np.int64)
        if len(self.qpv) != self.n_mentees:
            self.qpv = np.zeros(self.n_mentees, dtype=bool)
        self.qpv = np.asarray(self.qpv, dtype=bool)

    @property
    def n_mentors(self) -> int:
        return len(self.capacity)

    @property
    def n_pairs(self) -> int:
        return len(self.score)


@dataclass
class Matching:
    chosen: np.ndarray  # indices of the chosen pairs, ascending
    total: int  # sum of the chosen pairs' scores (without any bonus)
    matched: int  # mentees with a mentor
    blocking_pairs: int
