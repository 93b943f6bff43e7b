"""CSV and XLSX exports of plans: a plan's actions, and the national view's lists (plans, gaps).

Rows are built once as Python values (str, int, float, date, None) and written by the one export
helper of the project, `offers.exports` (CSV for French Excel: UTF-8 with BOM, ";"; XLSX with real
dates; text cells that a spreadsheet would run as a formula are neutralised — titles and names are
typed by users).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from emploi_territoires.offers.exports import to_csv, to_xlsx

from .models import Action, Plan
from .national import STATUSES, Gap, PlanRow
from .results import ResultLine, action_results

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Any]]

    def render(self, fmt: str) -> bytes:
        if fmt == "csv":
            return to_csv(self.headers, self.rows)
        return to_xlsx(self.headers, self.rows, title=self.title)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _cell_value(value: int | float | str | None, unit: str) -> str:
    text = "—" if value is None else str(value).replace(".", ",")
    return f"{text} {unit}" if unit and value is not None else text


def results_text(lines: list[ResultLine]) -> str:
    """« Candidats inscrits : 8 ; Binômes formés : 4 sur le territoire du plan (ensemble du programme : 39) »
    — one cell for a spreadsheet, the plan territory's figure first, the whole object's second."""
    parts = []
    for line in lines:
        text = f"{line.label} : {_cell_value(line.value, line.unit)}"
        if line.is_cut:
            text += f" sur le territoire du plan ({line.whole_label} : {_cell_value(line.whole, line.unit)})"
        parts.append(text)
    return " ; ".join(parts)


def linked_object(action: Action) -> str:
    """The platform object that carries the action out, in words."""
    parts = []
    if action.jobdating_event_id:
        parts.append(f"Job dating : {action.jobdating_event}")
    if action.mentoring_programme_id:
        parts.append(f"Programme de mentorat : {action.mentoring_programme}")
    if action.needs_campaign_id:
        parts.append(f"Campagne de besoins : {action.needs_campaign}")
    if action.impact_study_id:
        parts.append(f"Étude d'impact : {action.impact_study}")
    offers = list(action.offers.all())
    if offers:
        parts.append(f"{len(offers)} offre{'s' if len(offers) > 1 else ''}")
    return " ; ".join(parts)


ACTION_HEADERS = [
    "Intitulé",
    "Type d'action",
    "État",
    "En retard",
    "Partenaire pilote",
    "Contact",
    "Début",
    "Fin",
    "Budget (€)",
    "Temps passé (jours)",
    "Objet lié sur la plateforme",
    "Résultats",
    "Description",
]


def plan_actions_sheet(plan: Plan, today: datetime.date | None = None) -> Sheet:
    today = today or timezone.localdate()
    actions = (
        plan.actions.select_related(
            "lead__organisation", "lead__contact", "jobdating_event__commune", "mentoring_programme", "needs_campaign"
        )
        .prefetch_related("offers")
        .order_by("starts_on", "ends_on", "pk")
    )
    rows = [
        [
            action.title,
            action.get_kind_display(),
            action.get_status_display(),
            "Oui" if action.is_late(today) else "Non",
            action.lead.organisation.name,
            action.lead.contact.get_full_name() or action.lead.contact.email,
            action.starts_on,
            action.ends_on,
            _number(action.budget_eur),
            _number(action.days_spent),
            linked_object(action),
            results_text(action_results(action)),
            action.description,
        ]
        for action in actions
    ]
    return Sheet("Actions du plan", list(ACTION_HEADERS), rows)


PLAN_HEADERS = [
    "Plan",
    "Territoire",
    "Périmètre",
    "Région",
    "Programmes",
    "Début",
    "Fin",
    "Partenaires",
    "Actions prévues",
    "Actions en cours",
    "Actions réalisées",
    "Actions annulées",
    "Actions en retard",
]


def national_plans_sheet(rows: list[PlanRow]) -> Sheet:
    data = [
        [
            row.plan.title,
            row.plan.territory_label(),
            row.plan.get_scope_kind_display(),
            row.region_label,
            ", ".join(row.programme_labels),
            row.plan.starts_on,
            row.plan.ends_on,
            ", ".join(row.partners),
            *(row.counts.get(status, 0) for status in STATUSES),
            row.late,
        ]
        for row in rows
    ]
    return Sheet("Plans", list(PLAN_HEADERS), data)


GAP_HEADERS = [
    "Territoire",
    "Niveau",
    "Code (SIREN de l'EPCI ou INSEE de la commune)",
    "Départements",
    "Région",
    "Programmes",
    "Besoins déclarés sans action",
    "Postes",
    "Organisations",
    "Communes concernées",
    "Dernière déclaration",
]


def gaps_sheet(gaps: list[Gap]) -> Sheet:
    data = [
        [
            gap.name,
            gap.level_label,
            gap.code,
            ", ".join(gap.departements),
            ", ".join(gap.regions),
            ", ".join(gap.programme_labels),
            gap.declarations,
            gap.positions,
            gap.organisations,
            gap.communes,
            timezone.localtime(gap.last_declared).date() if gap.last_declared else None,
        ]
        for gap in gaps
    ]
    return Sheet("Territoires sans action", list(GAP_HEADERS), data)
