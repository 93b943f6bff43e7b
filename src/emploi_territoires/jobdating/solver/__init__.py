"""Job-dating scheduling core: plain data in, optimal interview schedule out (no Django here).

Entry points: `build_schedule` (greedy then CP-SAT), `reoptimise` (on the day), `check_schedule`
(independent checker), `parse_instance` / `Result.to_json` (the JSON format of `instance.py`).
See docs/jobdating-solver.md.
"""

from .check import check_schedule, score_of
from .cpsat import Progress
from .instance import (
    Candidate,
    Instance,
    InstanceError,
    Interview,
    Recruiter,
    Result,
    SolveOptions,
    Wish,
    load_instance,
    parse_instance,
)
from .reoptimise import Changes, Reoptimisation, reoptimise
from .schedule import build_schedule

__all__ = [
    "Candidate",
    "Changes",
    "Instance",
    "InstanceError",
    "Interview",
    "Progress",
    "Recruiter",
    "Reoptimisation",
    "Result",
    "SolveOptions",
    "Wish",
    "build_schedule",
    "check_schedule",
    "load_instance",
    "parse_instance",
    "reoptimise",
    "score_of",
]
