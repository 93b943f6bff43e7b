"""Event-study plot (PNG) from a Callaway & Sant'Anna result, with matplotlib's Agg backend (no display)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from emploi_territoires.core.charts import pyplot


def event_study_png(result: dict[str, Any]) -> bytes:
    """PNG bytes of the dynamic effects with their pointwise confidence intervals.

    `result` is `StudyResult.to_dict()` (or the JSON read back), so a saved study plots the same.
    """
    rows = result["estimates"]["dynamic"]["by_event_time"]
    level = round(100 * (1 - result["parameters"]["alpha"]))
    events = [row["event_time"] for row in rows]
    effects = [row["att"] for row in rows]
    lower = [row["att"] - row["ci_low"] for row in rows]
    upper = [row["ci_high"] - row["att"] for row in rows]
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(7, 4), dpi=100)
    try:
        axes.axhline(0, color="#3a3a3a", linewidth=0.8)
        axes.axvline(-0.5, color="#ce0500", linewidth=0.8, linestyle="--")
        # Grey before the programme (the pre-trend check), blue after (the effect).
        sides: tuple[tuple[Callable[[float], bool], str, str], ...] = (
            (lambda e: e < 0, "#929292", "avant"),
            (lambda e: e >= 0, "#000091", "après"),
        )
        for keep, colour, label in sides:
            index = [i for i, e in enumerate(events) if keep(e)]
            if index:
                axes.errorbar(
                    [events[i] for i in index],
                    [effects[i] for i in index],
                    yerr=[[lower[i] for i in index], [upper[i] for i in index]],
                    fmt="o",
                    color=colour,
                    capsize=3,
                    label=label,
                )
        axes.legend(loc="best", frameon=False)
        axes.set_xlabel("Périodes depuis le début du traitement")
        axes.set_ylabel("Effet estimé")
        axes.set_title(f"Effets par période relative (intervalles à {level} %)")
        axes.set_xticks(events)
        figure.tight_layout()
        buffer = io.BytesIO()
        # A fixed metadata set keeps the PNG byte-identical from one rerun to the next.
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(figure)
