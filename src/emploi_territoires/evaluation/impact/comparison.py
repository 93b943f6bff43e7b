"""Restrict or match the comparison group on covariates, with a balance table before and after.

Pure pandas/numpy, no Django. Units are kept whole (all their periods or none), so the estimators
see an ordinary panel. Only never-treated units (``first_treat == 0``) are restricted: treated
units are all kept, and not-yet-treated units are treated units too.

- Exact restriction (``exact``): a never-treated unit is kept only if some treated unit has the same
  value on every listed column (e.g. same département). A column written ``taille:COL`` is compared
  by population size class of COL instead of its raw value (thresholds in ``SIZE_CLASSES``).
- Nearest neighbours (``nearest``): for each treated unit, the ``neighbours`` closest never-treated
  units (Euclidean distance on covariates standardised by their standard deviation over all units,
  with replacement: a control may serve several treated units; ties broken by unit code). When both
  are given, neighbours are searched within the exact cells. The special column ``pre_outcome`` is the
  unit's mean outcome before the first treatment period of the panel.

A unit's covariate value is its mean over the pre-period (periods before the earliest treatment), or
over all periods when there is none, because matching on post-treatment values would match on the
effect itself. The balance table reports, for each covariate, the treated mean, the control mean and
the standardised mean difference (treated - control) / sqrt((var_treated + var_control) / 2), sample
variances computed BEFORE restriction for both columns so that a change in SMD is a change in means.
A control kept once counts once (the panel holds each unit once, whatever its number of matches).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .errors import ComparisonError
from .panel import Panel

PRE_OUTCOME = "pre_outcome"
SIZE_PREFIX = "taille:"
# Upper bounds (exclusive) of the population size classes, in inhabitants.
SIZE_CLASSES = ((2_000, "moins de 2 000"), (5_000, "2 000 à 5 000"), (20_000, "5 000 à 20 000"),
                (50_000, "20 000 à 50 000"), (float("inf"), "50 000 et plus"))  # fmt: skip
MAX_NEIGHBOURS = 50


@dataclass(frozen=True)
class MatchSpec:
    exact: tuple[str, ...] = ()
    nearest: tuple[str, ...] = ()
    neighbours: int = 1

    @property
    def active(self) -> bool:
        return bool(self.exact or self.nearest)

    def to_dict(self) -> dict[str, Any]:
        return {"exact": list(self.exact), "nearest": list(self.nearest), "neighbours": self.neighbours}


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    treated_before: float
    control_before: float
    smd_before: float
    treated_after: float
    control_after: float
    smd_after: float


@dataclass
class BalanceTable:
    rows: list[BalanceRow] = field(default_factory=list)
    n_treated: int = 0
    n_controls_before: int = 0
    n_controls_after: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_treated": self.n_treated,
            "n_controls_before": self.n_controls_before,
            "n_controls_after": self.n_controls_after,
            "rows": [row.__dict__.copy() for row in self.rows],
        }


def parse_match(values: list[str] | tuple[str, ...], neighbours: int = 1) -> MatchSpec:
    """Read ``exact:COL1,COL2`` / ``nearest:COL1,COL2`` options (CLI and form)."""
    exact: list[str] = []
    nearest: list[str] = []
    for value in values:
        kind, _, columns = value.partition(":")
        names = [c.strip() for c in columns.split(",") if c.strip()]
        if kind.strip() not in ("exact", "nearest") or not names:
            raise ComparisonError(
                f"Appariement « {value} » mal écrit : attendu « exact:COLONNE1,COLONNE2 » ou « nearest:COLONNE1,… »."
            )
        (exact if kind.strip() == "exact" else nearest).extend(names)
    if not 1 <= neighbours <= MAX_NEIGHBOURS:
        raise ComparisonError(f"Nombre de voisins invalide ({neighbours}) : entre 1 et {MAX_NEIGHBOURS}.")
    return MatchSpec(exact=tuple(dict.fromkeys(exact)), nearest=tuple(dict.fromkeys(nearest)), neighbours=neighbours)


def match_columns(spec: MatchSpec) -> tuple[str, ...]:
    """The panel columns a spec needs (to load them as covariates)."""
    names = [c.removeprefix(SIZE_PREFIX) for c in spec.exact] + [c for c in spec.nearest if c != PRE_OUTCOME]
    return tuple(dict.fromkeys(names))


def size_class(population: float) -> str:
    for bound, label in SIZE_CLASSES:
        if population < bound:
            return label
    return SIZE_CLASSES[-1][1]


def unit_covariates(panel: Panel, columns: tuple[str, ...]) -> pd.DataFrame:
    """One row per unit: first_treat and each column's pre-period mean (``pre_outcome`` included)."""
    missing = [c for c in columns if c != PRE_OUTCOME and c not in panel.frame.columns]
    if missing:
        found = ", ".join(f"« {c} »" for c in panel.covariates) or "aucune"
        raise ComparisonError(
            f"Colonne d'appariement inconnue : {', '.join(f'« {c} »' for c in missing)} "
            f"(colonnes disponibles : {found})."
        )
    frame = panel.frame
    starts = [g for g in frame["first_treat"].unique() if g > 0]
    pre = frame[frame["time"] < min(starts)] if starts else frame
    if pre.empty:
        pre = frame
    pre = pre.assign(**{PRE_OUTCOME: pre["outcome"]})
    values = pre.groupby("unit", sort=True)[list(columns)].mean() if columns else None
    firsts = frame.groupby("unit", sort=True)["first_treat"].first()
    units = firsts.to_frame()
    if values is not None:
        units = units.join(values)
    if units[list(columns)].isna().any().any():
        raise ComparisonError("Certaines unités n'ont aucune valeur avant le traitement : appariement impossible.")
    return units


def _smd(treated: pd.Series, control: pd.Series, scale: float) -> float:
    if treated.empty or control.empty:
        return float("nan")
    diff = float(treated.mean() - control.mean())
    return diff / scale if scale > 0 else (0.0 if diff == 0 else float("nan"))


def balance_table(units: pd.DataFrame, kept: pd.Index, columns: tuple[str, ...]) -> BalanceTable:
    treated = units[units["first_treat"] > 0]
    control = units[units["first_treat"] == 0]
    control_after = control[control.index.isin(kept)]
    rows = []
    for column in columns:
        variance = (treated[column].var(ddof=1) if len(treated) > 1 else 0.0) + (
            control[column].var(ddof=1) if len(control) > 1 else 0.0
        )
        scale = float(np.sqrt(variance / 2))
        rows.append(
            BalanceRow(
                covariate=column,
                treated_before=float(treated[column].mean()),
                control_before=float(control[column].mean()) if len(control) else float("nan"),
                smd_before=_smd(treated[column], control[column], scale),
                treated_after=float(treated[column].mean()),
                control_after=float(control_after[column].mean()) if len(control_after) else float("nan"),
                smd_after=_smd(treated[column], control_after[column], scale),
            )
        )
    return BalanceTable(rows, len(treated), len(control), len(control_after))


def restrict_comparison(panel: Panel, spec: MatchSpec) -> tuple[Panel, BalanceTable]:
    """The panel with its never-treated units restricted by `spec`, and the balance table."""
    exact_columns = tuple(c.removeprefix(SIZE_PREFIX) for c in spec.exact)
    balance_columns = tuple(dict.fromkeys((*exact_columns, *spec.nearest)))
    units = unit_covariates(panel, balance_columns)
    treated = units[units["first_treat"] > 0]
    control = units[units["first_treat"] == 0]

    keys = pd.DataFrame(index=units.index)
    for raw, column in zip(spec.exact, exact_columns, strict=True):
        keys[raw] = units[column].map(size_class) if raw.startswith(SIZE_PREFIX) else units[column]
    cell = keys.astype(str).agg("|".join, axis=1) if spec.exact else pd.Series("", index=units.index)

    kept: set[str] = set()
    if spec.nearest:
        scale = units[list(spec.nearest)].std(ddof=1).replace(0, 1).fillna(1)
        standardised = units[list(spec.nearest)] / scale
        for code in treated.index:
            pool = control.index[cell[control.index] == cell[code]]
            if len(pool) == 0:
                continue
            distance = np.sqrt(((standardised.loc[pool] - standardised.loc[code]) ** 2).sum(axis=1))
            order = pd.DataFrame({"d": distance.to_numpy(), "unit": pool}).sort_values(["d", "unit"], kind="mergesort")
            kept.update(order["unit"].iloc[: spec.neighbours])
    else:
        treated_cells = set(cell[treated.index])
        kept.update(code for code in control.index if cell[code] in treated_cells)

    if not kept:
        raise ComparisonError(
            "Aucune unité de comparaison ne ressemble aux unités traitées sur ces critères : élargissez l'appariement."
        )
    keep_units = set(treated.index) | kept
    frame = panel.frame[panel.frame["unit"].isin(keep_units)].reset_index(drop=True)
    missing = {code: periods for code, periods in panel.missing_periods.items() if code in keep_units}
    restricted = replace(panel, frame=frame, missing_periods=missing)
    return restricted, balance_table(units, pd.Index(sorted(kept)), balance_columns)
