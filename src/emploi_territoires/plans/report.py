"""The plan as a PDF for the partners' steering committee (WeasyPrint, A4 landscape).

    pdf = render_plan_pdf(plan)  # bytes starting with %PDF

Territory, period, partners and their contacts, the timeline of actions (one bar per action over
the plan's period, its status written beside it, so the chart reads without colour), results
against the plan's targets, and each action's live results (`plans.results`, never typed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.evaluation.report import number

from .models import Action, Plan
from .results import ResultLine, TargetLine, action_results, plan_results

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


@dataclass
class TimelineRow:
    action: Action
    left: float  # percent of the plan's period before the bar
    width: float  # percent of the plan's period the bar covers (at least 1 so a one-day action shows)
    late: bool
    results: list[ResultLine]
    outside: bool  # the action runs (partly) outside the plan's period


@dataclass
class MonthTick:
    label: str
    left: float


def _share(days: int, total: int) -> float:
    return round(max(0.0, min(100.0, days / total * 100)), 2)


def timeline(plan: Plan, actions: list[Action], today: datetime.date) -> tuple[list[TimelineRow], list[MonthTick]]:
    total = (plan.ends_on - plan.starts_on).days + 1
    rows = []
    for action in actions:
        start = max(action.starts_on, plan.starts_on)
        end = min(action.ends_on, plan.ends_on)
        left = _share((start - plan.starts_on).days, total)
        width = _share((end - start).days + 1, total) if end >= start else 0.0
        rows.append(
            TimelineRow(
                action=action,
                left=left,
                width=max(width, 1.0) if left < 100 else 0.0,
                late=action.is_late(today),
                results=action_results(action),
                outside=action.starts_on < plan.starts_on or action.ends_on > plan.ends_on,
            )
        )
    ticks = []
    month = datetime.date(plan.starts_on.year, plan.starts_on.month, 1)
    while month <= plan.ends_on:
        if month >= plan.starts_on:
            ticks.append(
                MonthTick(f"{MONTHS[month.month - 1]} {month:%y}", _share((month - plan.starts_on).days, total))
            )
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if len(ticks) > 18:  # a long plan: one tick a quarter keeps the labels readable
        ticks = ticks[::3]
    return rows, ticks


def target_cells(line: TargetLine) -> dict[str, str]:
    return {
        "target": number(line.target),
        "actual": number(line.actual),
        "achievement": "—" if line.achievement is None else f"{number(line.achievement)} %",
    }


def plan_report_context(plan: Plan, today: datetime.date | None = None, *, figures: bool = True) -> dict[str, Any]:
    today = today or timezone.localdate()
    partners = list(plan.partners.select_related("organisation", "contact").order_by("organisation__name"))
    actions = list(
        plan.actions.select_related(
            "lead__organisation", "jobdating_event", "mentoring_programme", "needs_campaign", "impact_study"
        )
        .prefetch_related("offers")
        .order_by("starts_on", "ends_on", "pk")
    )
    rows, ticks = timeline(plan, actions, today)
    lines = plan_results(plan, figures=figures)
    has_targets = bool(lines)
    if not has_targets and figures:  # no target yet: the committee still sees the territory's indicators
        lines = plan_results(plan, include_untargeted=True)
    targets = [(line, target_cells(line)) for line in lines]
    budget = sum((a.budget_eur for a in actions if a.budget_eur is not None and a.status != "cancelled"), start=0)
    days = sum((a.days_spent for a in actions if a.days_spent is not None and a.status != "cancelled"), start=0)
    return {
        "plan": plan,
        "today": today,
        "partners": partners,
        "rows": rows,
        "ticks": ticks,
        "targets": targets,
        "has_targets": has_targets,
        "late_count": sum(row.late for row in rows),
        "budget": number(budget, 2) if budget else "",
        "days": number(days) if days else "",
    }


def render_plan_html(plan: Plan, today: datetime.date | None = None, *, figures: bool = True) -> str:
    return render_to_string("plans/reporting/plan_pdf.html", plan_report_context(plan, today, figures=figures))


def render_plan_pdf(
    plan: Plan, today: datetime.date | None = None, base_url: str | None = None, *, figures: bool = True
) -> bytes:
    """The plan's PDF; figures=False withholds the territory's indicator values (see plan_results)."""
    from weasyprint import HTML

    return HTML(string=render_plan_html(plan, today, figures=figures), base_url=base_url).write_pdf()


def filename(plan: Plan, suffix: str) -> str:
    """plan-12-haut-nivernais.pdf: the pk keeps it unique, the slug says what it is."""
    from django.utils.text import slugify

    return f"plan-{plan.pk}-{slugify(plan.title)[:60].strip('-') or 'action'}{suffix}"
