"""Seeded random instances shaped like real job datings (benchmark, tests, demo data).

- recruiters have a popularity drawn from a heavy tail (a few are wanted by many, like the big
  local employer everybody knows), candidates pick their wishes by popularity, rank them in the
  order picked, and recruiters screen them (15 % preferred, 5 % refused, i.e. no wish);
- about `half_day` of people (recruiters and candidates) come only in the morning or only in the
  afternoon;
- weights come from `weights.wish_weight`, as in production.
"""

from __future__ import annotations

import random

from .instance import Candidate, Instance, Recruiter, Wish
from .weights import Preference, wish_weight


def _availability(rng: random.Random, slots: int, half_day: float) -> tuple[tuple[int, int], ...]:
    if slots >= 2 and rng.random() < half_day:
        middle = slots // 2
        return ((0, middle - 1),) if rng.random() < 0.5 else ((middle, slots - 1),)
    return ((0, slots - 1),)


def generate(
    n_candidates: int = 600,
    n_recruiters: int = 60,
    tables: int = 2,
    slots: int = 24,
    wishes: tuple[int, int] = (3, 8),
    half_day: float = 0.2,
    min_gap: int = 1,
    seed: int = 0,
    max_tables: int | None = None,
) -> Instance:
    """An instance; `max_tables` draws each recruiter's tables between `tables` and it."""
    # Simulation, not security: a seeded PRNG is exactly what is wanted.
    rng = random.Random(seed)  # noqa: S311
    recruiters = tuple(
        Recruiter(
            f"r{i:02d}",
            rng.randint(tables, max_tables) if max_tables else tables,
            _availability(rng, slots, half_day),
        )
        for i in range(n_recruiters)
    )
    popularity = [rng.paretovariate(1.5) for _ in recruiters]
    candidates = []
    wish_list = []
    for i in range(n_candidates):
        cid = f"c{i:03d}"
        candidates.append(Candidate(cid, _availability(rng, slots, half_day), None))
        k = min(rng.randint(*wishes), n_recruiters)
        picked: list[int] = []
        weights = popularity[:]
        for _ in range(k):
            r = rng.choices(range(n_recruiters), weights=weights)[0]
            picked.append(r)
            weights[r] = 0.0
        for rank, r in enumerate(picked, start=1):
            roll = rng.random()
            preference = (
                Preference.PREFERRED if roll < 0.15 else Preference.REFUSED if roll > 0.95 else Preference.NEUTRAL
            )
            weight = wish_weight(rank, preference)
            if weight is not None:
                wish_list.append(Wish(cid, recruiters[r].id, weight))
    return Instance(slots, min_gap, recruiters, tuple(candidates), tuple(wish_list))
