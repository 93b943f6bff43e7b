"""The indicators report: tables, the target chart and the exports (one export helper: offers.exports)."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from html import escape
from typing import Any

from emploi_territoires.core import formats
from emploi_territoires.core.charts import pyplot
from emploi_territoires.offers.exports import to_csv, to_xlsx

from .indicators import INDICATORS, IndicatorValue, Period, TerritoryScope


def number(value: Any, decimals: int = 1) -> str:
    """French writing of a figure: 1 234,5 ; — when there is nothing to measure."""
    if value is None:
        return "—"
    value = float(value)
    return formats.number(value, 0 if value.is_integer() else decimals)


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def tables(values: list[IndicatorValue]) -> list[Table]:
    """One table per theme, plus the targets table (only the indicators that have a target)."""
    by_theme: dict[str, Table] = {}
    slugs = {
        "Offres d'emploi": "offres",
        "Job datings": "job-datings",
        "Mentorat": "mentorat",
        "Accompagnement individuel": "accompagnement",
        "Volontariat territorial en administration (VTA)": "vta",
    }
    for item in values:
        theme = item.definition.theme
        table = by_theme.setdefault(
            theme, Table(slugs.get(theme, "besoins"), theme, ["Indicateur", "Unité", "Valeur"], [])
        )
        table.rows.append([item.definition.label, item.definition.unit, _cell(item.value)])
    targets = Table(
        "cibles",
        "Cibles et réalisé",
        ["Indicateur", "Unité", "Cible", "Réalisé", "Taux de réalisation (%)"],
        [
            [i.definition.label, i.definition.unit, _cell(i.target), _cell(i.value), _cell(i.achievement)]
            for i in values
            if i.target is not None
        ],
    )
    return [*by_theme.values(), targets]


def followup_table(scope: TerritoryScope, period: Period) -> Table:
    """Individual support by public (issue 15): one row per declared situation, then everyone; small
    counts written « < 5 » (statistical secrecy)."""
    from .indicators_followup import followup_by_situation, protect

    codes = [d.code for d in INDICATORS if d.code.startswith("followup_")]
    labels = {d.code: f"{d.label} ({d.unit})" for d in INDICATORS}
    return Table(
        "accompagnement-par-public",
        "Accompagnement individuel par public",
        ["Public", *(labels[c] for c in codes)],
        [
            [row.label, *(_shown(shown[c]) for c in codes)]
            for row in followup_by_situation(scope, period)
            for shown in [protect(row.figures)]
        ],
    )


def _shown(value: Any) -> Any:
    """A cell that may be « < 5 » (statistical secrecy, indicators_followup.protect)."""
    return value if isinstance(value, str) else _cell(value)


def _cell(value: Any) -> Any:
    # Spreadsheets get real numbers; Decimal targets become floats (openpyxl writes them as numbers too).
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def methods() -> list[tuple[str, str, str]]:
    """(label, unit, definition) of every indicator: the methods note of the page and the PDF."""
    return [(d.label, d.unit, d.definition) for d in INDICATORS]


def export(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(table.headers, table.rows)
    return to_xlsx(table.headers, table.rows, title=table.title)


def target_chart_svg(values: list[IndicatorValue], title: str) -> str | None:
    """Actual against target, one row per indicator that has a target.

    The bar is the actual as a share of the target, the vertical mark at 100 % is the target, and
    each row writes "actual / target": readable without colour (bars are hatched, values written).
    None when no indicator has a target.
    """
    rows = [v for v in values if v.target is not None and v.target > 0]
    if not rows:
        return None
    labels = [v.definition.label if len(v.definition.label) <= 45 else v.definition.label[:44] + "…" for v in rows]
    shares = [v.achievement or 0 for v in rows]
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(8, 1.3 + 0.45 * len(rows)))
    try:
        positions = list(range(len(rows)))[::-1]
        axes.barh(positions, shares, color="#e3e3fd", edgecolor="#000091", hatch="//", height=0.6)
        for position in positions:
            axes.plot([100, 100], [position - 0.4, position + 0.4], color="#ce0500", linewidth=2.5)
        for position, item, share in zip(positions, rows, shares, strict=True):
            reached = f"{number(share)} %" if item.value is not None else "pas encore mesuré"
            text = f" {number(item.value)} / {number(item.target)} ({reached})"
            axes.text(max(share, 0), position, text, va="center", fontsize=9)
        axes.set_yticks(positions, labels)
        axes.set_xlabel("Réalisé en % de la cible (trait vertical : la cible, 100 %)")
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_xlim(0, max([*shares, 100]) * 1.45)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def data_uri(svg: str | None) -> str:
    """The chart as an <img> source: the page's CSP forbids the style attributes of an inline SVG,
    not those of an image (img-src allows data:)."""
    if svg is None:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_alt(values: list[IndicatorValue]) -> str:
    """The chart said in words, for the alt text: every value written."""
    parts = [
        f"{v.definition.label} : {number(v.value)} pour une cible de {number(v.target)}"
        for v in values
        if v.target is not None and v.target > 0
    ]
    return "Cibles et réalisé. " + " ; ".join(parts) + "."


def report_context(
    territory: str, scope: TerritoryScope, period: Period, values: list[IndicatorValue]
) -> dict[str, Any]:
    chart = target_chart_svg(values, f"Cibles et réalisé — {territory}, {period.label()}")
    return {
        "territory": territory,
        "scope": scope,
        "period": period,
        "period_label": period.label(),
        "values": values,
        "tables": [*tables(values), followup_table(scope, period)],
        "methods": methods(),
        "chart": chart,
        "chart_src": data_uri(chart),
        "chart_alt": chart_alt(values),
    }
