"""Programme figures: pairs started, active, ended, the share of mentees in a job or training at the
end, and the average satisfaction. A handful of aggregate queries, whatever the programme's size.

    programme_figures(programme)                       # the whole programme
    programme_figures(programme, in_territory=plan.scope.q)  # the pairs of a territory only

A pair is located by its mentee's commune, as the evaluation indicators locate it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from .models import Meeting, Outcome, Pair, Programme


@dataclass(frozen=True)
class ProgrammeFigures:
    pairs_started: int
    pairs_active: int
    pairs_ended: int
    ended_with_outcome: int
    job_or_training: int
    job: int
    training: int
    average_satisfaction: float | None
    meetings: int

    @property
    def job_or_training_share(self) -> float | None:
        """Share of ended pairs (with a known outcome) whose mentee found a job or a training."""
        return self.job_or_training / self.ended_with_outcome if self.ended_with_outcome else None


MENTEE_COMMUNE = "mentee__mentee_profile__commune"


def programme_figures(programme: Programme, in_territory: Callable[[str], Q] | None = None) -> ProgrammeFigures:
    """The programme's figures; with `in_territory` (a territory scope's `q(path)`, territories.scope), only the
    pairs whose mentee lives in that territory, and their meetings."""
    pairs = Pair.objects.filter(programme=programme)
    meetings = Meeting.objects.filter(pair__programme=programme)
    if in_territory is not None:
        pairs = pairs.filter(in_territory(MENTEE_COMMUNE))
        meetings = meetings.filter(in_territory(f"pair__{MENTEE_COMMUNE}"))
    counts = pairs.aggregate(
        started=Count("pk"),
        active=Count("pk", filter=Q(state=Pair.State.ACTIVE)),
        ended=Count("pk", filter=Q(state=Pair.State.ENDED)),
        with_outcome=Count("pk", filter=Q(state=Pair.State.ENDED) & ~Q(outcome="")),
        job=Count("pk", filter=Q(state=Pair.State.ENDED, outcome=Outcome.JOB)),
        training=Count("pk", filter=Q(state=Pair.State.ENDED, outcome=Outcome.TRAINING)),
        satisfaction=Avg("satisfaction"),
    )
    return ProgrammeFigures(
        pairs_started=counts["started"],
        pairs_active=counts["active"],
        pairs_ended=counts["ended"],
        ended_with_outcome=counts["with_outcome"],
        job_or_training=counts["job"] + counts["training"],
        job=counts["job"],
        training=counts["training"],
        average_satisfaction=counts["satisfaction"],
        meetings=meetings.count(),
    )
