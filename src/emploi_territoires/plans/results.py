"""Live results of plans and actions, read from the platform's data — never typed by hand.

(In progress: see plan_indicator_scope; action_results and plan_results follow.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from emploi_territoires.evaluation.indicators import TerritoryScope
from emploi_territoires.territories.models import PROGRAMME_FLAG, Programme

from .models import Plan, PlanScope


@dataclass(frozen=True)
class ProgrammeInDepartementScope(TerritoryScope):
    """The communes of a programme within one département — a cut evaluation's TerritoryScope lacks.

    `level` is "plan" so compute_indicators finds no evaluation.IndicatorTarget for it: a plan's
    targets are its own (PlanTarget). `code` is the programme, `departement` the département code.
    """

    departement: str = ""

    def commune_q(self, path: str) -> Q:
        flag = PROGRAMME_FLAG[Programme(self.code)]
        return Q(**{f"{path}__departement_id": self.departement, f"{path}__{flag}": True})

    def label(self) -> str:
        return f"Communes du programme {Programme(self.code).label} — département {self.departement}"


def plan_indicator_scope(plan: Plan) -> TerritoryScope:
    """The TerritoryScope compute_indicators reads for a plan's territory."""
    if plan.scope_kind == PlanScope.COMMUNE:
        return TerritoryScope("commune", plan.commune_id or "")
    if plan.scope_kind == PlanScope.EPCI:
        return TerritoryScope("epci", plan.epci_id or "")
    if plan.scope_kind == PlanScope.DEPARTEMENT:
        return TerritoryScope("departement", plan.departement_id or "")
    return ProgrammeInDepartementScope("plan", plan.programme, departement=plan.departement_id or "")
