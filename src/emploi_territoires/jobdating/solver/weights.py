"""Weight of a wish, from the candidate's rank and the recruiter's screening.

    weight = (MAX_RANK − rank + 1) × 2   for a recruiter's neutral answer ("accepté"),
    weight = (MAX_RANK − rank + 1) × 3   when the recruiter marked the candidate as preferred,
    no wish at all                       when the recruiter refused the candidate.

- rank 1 is the candidate's first choice; ranks beyond MAX_RANK (12, the most wishes an event
  allows) count as MAX_RANK, so every wish weighs at least 2;
- the preferred factor is 1.5 (3 / 2): a recruiter's preference weighs as much as a few ranks —
  a preferred 4th choice (9 × 3 = 27) outweighs a neutral 1st choice (12 × 2 = 24), a preferred
  7th (6 × 3 = 18) ties with a neutral 4th (9 × 2 = 18); the scale of 2 keeps weights integers,
  which CP-SAT needs;
- a candidate whose declared situation the event prioritises (the organisers choose which: QPV, RSA,
  RQTH…) gets PRIORITY_BONUS (3, one and a half ranks) added to each wish: between two candidates
  who ranked a recruiter the same, the prioritised one gets the interview; a prioritised 2nd choice
  (22 + 3 = 25) outweighs another candidate's 1st choice (24), a prioritised 3rd (20 + 3) does not;
  the candidate's own order of wishes is unchanged;
- the slope is linear on purpose: two interviews at ranks 2 and 3 (11 + 10) are worth more than one
  at rank 1 (12), so the schedule prefers seeing more recruiters to insisting on the first choice.

The JSON given to the solver carries these final weights; the web layer computes them here so the
formula lives in one place.
"""

from __future__ import annotations

from enum import Enum

MAX_RANK = 12
SCALE = 2
PRIORITY_BONUS = 3


class Preference(Enum):
    PREFERRED = "preferred"
    NEUTRAL = "neutral"
    REFUSED = "refused"


def wish_weight(rank: int, preference: Preference = Preference.NEUTRAL, *, priority: bool = False) -> int | None:
    """Integer weight of a wish, or None when the recruiter refused the candidate (no interview);
    `priority`: the candidate's declared situation is one the event prioritises."""
    if rank < 1:
        raise ValueError(f"rank starts at 1, got {rank}")
    if preference is Preference.REFUSED:
        return None
    base = MAX_RANK - min(rank, MAX_RANK) + 1
    return base * (3 if preference is Preference.PREFERRED else SCALE) + (PRIORITY_BONUS if priority else 0)
