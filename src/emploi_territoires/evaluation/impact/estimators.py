"""The estimation engine: the project's small interface over diff-diff (pinned exactly).

    estimate(panel, StudyParams(estimator="cs", control="never")) -> StudyResult

Everything that touches diff-diff is in this module, so an upgrade of the library is a change
here and a rerun of tests/evaluation (the published mpdta numbers must still match).

Settings chosen to reproduce R's `did` package (Callaway & Sant'Anna 2021), see
docs/evaluation-impact.md:
- `att_gt`: doubly robust (`estimation_method="dr"`), `base_period="varying"`, no anticipation,
  analytic standard errors (`n_bootstrap=0`), per-unit influence functions.
- The four aggregations follow R's `aggte` exactly: diff-diff 3.13 gives the simple aggregation
  but not the overall group, dynamic and calendar effects, so they are computed here from the
  per-cell influence functions diff-diff keeps, with R's weights (cohort shares `pg` among all
  units), R's correction for estimated weights (`wif`) and R's standard error
  `sqrt(mean(psi^2) / n)`; dynamic uses every event time (`balance_e=None`, `min_e=-Inf`,
  `max_e=Inf`), as R does by default.
- The pre-trend test is R's Wald pre-test: the pre-treatment ATT(g,t) jointly zero.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .comparison import MatchSpec, restrict_comparison
from .errors import EstimationError
from .panel import Panel
from .results import CONTROLS, ESTIMATORS, StudyParams, StudyResult, library_versions

MAX_SC_TREATED = 10
SC_WEIGHT_FLOOR = 1e-6


def estimate(panel: Panel, params: StudyParams) -> StudyResult:
    if params.estimator not in ESTIMATORS:
        raise EstimationError(f"Estimateur inconnu « {params.estimator} » : choisissez parmi {', '.join(ESTIMATORS)}.")
    if params.control not in CONTROLS:
        raise EstimationError(
            f"Groupe de comparaison inconnu « {params.control} » : « never » (jamais traitées) "
            "ou « notyet » (pas encore traitées)."
        )
    missing = [c for c in params.covariates if c not in panel.covariates]
    if missing:
        raise EstimationError(f"Covariable absente du panel : {', '.join(missing)}.")
    cohorts = panel.cohorts
    treated = sum(n for g, n in cohorts.items() if g > 0)
    if treated == 0:
        raise EstimationError("Aucune unité traitée : la colonne de début du traitement est vide ou nulle partout.")
    if params.control == "never" and cohorts.get(0, 0) == 0 and params.estimator != "twfe":
        raise EstimationError(
            "Aucune unité jamais traitée pour servir de comparaison : choisissez « notyet » "
            "(unités pas encore traitées) ou ajoutez des unités non traitées."
        )
    comparison: dict[str, Any] = {}
    # The hash is that of the data given, before any restriction: a rerun starts from the same file.
    data_hash = panel.data_hash()
    spec = MatchSpec(exact=params.match_exact, nearest=params.match_nearest, neighbours=params.neighbours)
    if spec.active:
        # ComparisonError is a ValueError with a French message, like EstimationError.
        panel, balance = restrict_comparison(panel, spec)
        cohorts = panel.cohorts
        comparison = {"matching": spec.to_dict(), "balance": balance.to_dict()}
    runner = {"twfe": _twfe, "cs": _cs, "sc": _sc, "sdid": _sdid}[params.estimator]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimates, diagnostics = runner(panel, params)
    notes = sorted({str(w.message).split("\n")[0][:300] for w in caught})
    if notes:
        diagnostics["library_warnings"] = notes
    return StudyResult(
        params=params,
        data_hash=data_hash,
        panel={**panel.balance_report(), "periods": list(panel.periods), "cohorts": cohorts},
        estimates=estimates,
        diagnostics=diagnostics,
        versions=library_versions(),
        columns=dict(panel.source_columns),
        comparison=comparison,
    )


def _interval(att: float, se: float, alpha: float) -> dict[str, Any]:
    z = float(stats.norm.ppf(1 - alpha / 2))
    p = float(2 * stats.norm.sf(abs(att / se))) if se and np.isfinite(se) and se > 0 else float("nan")
    return {"att": float(att), "se": float(se), "ci_low": att - z * se, "ci_high": att + z * se, "p_value": p}


def _with_unit_codes(panel: Panel) -> pd.DataFrame:
    # Integer unit codes keep the library on its fast paths; INSEE codes stay strings elsewhere.
    frame = panel.frame.copy()
    frame["uid"] = pd.Categorical(frame["unit"]).codes.astype(np.int64)
    return frame


# --- Two-way fixed effects -------------------------------------------------------------------


def _twfe(panel: Panel, params: StudyParams) -> tuple[dict[str, Any], dict[str, Any]]:
    from diff_diff import LinearRegression
    from diff_diff.utils import within_transform

    frame = _with_unit_codes(panel)
    frame["treated_now"] = ((frame["first_treat"] > 0) & (frame["time"] >= frame["first_treat"])).astype(float)
    variables = ["outcome", "treated_now", *params.covariates]
    demeaned = within_transform(frame, variables, "uid", "time", suffix="_dm")
    X = demeaned[[f"{v}_dm" for v in variables[1:]]].to_numpy()
    y = demeaned["outcome_dm"].to_numpy()
    n_units, n_periods = frame["uid"].nunique(), frame["time"].nunique()
    model = LinearRegression(include_intercept=False, cluster_ids=frame["uid"].to_numpy(), alpha=params.alpha)
    # The absorbed unit and time effects use n_units + n_periods - 1 degrees of freedom.
    model.fit(X, y, df_adjustment=n_units + n_periods - 1)
    inference = model.get_inference(0)
    effect = _interval(inference.coefficient, inference.se, params.alpha)
    effect["p_value"] = float(inference.p_value)
    estimates = {"effect": effect, "n_obs": len(frame), "n_units": int(n_units)}
    diagnostics = {
        "caution": "staggered" if len([g for g in panel.cohorts if g > 0]) > 1 else "single_cohort",
        "standard_errors": "clustered by unit (CR1)",
    }
    return estimates, diagnostics


# --- Callaway & Sant'Anna ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Cells:
    group: np.ndarray
    time: np.ndarray
    att: np.ndarray
    psi: np.ndarray  # n_units x n_cells influence functions on R's scale: se = sqrt(mean(psi^2)/n)
    unit_group: np.ndarray  # each unit's cohort, 0 = never treated


def _cs(panel: Panel, params: StudyParams) -> tuple[dict[str, Any], dict[str, Any]]:
    from diff_diff import CallawaySantAnna

    frame = _with_unit_codes(panel)
    estimator = CallawaySantAnna(
        control_group="never_treated" if params.control == "never" else "not_yet_treated",
        estimation_method="dr",
        anticipation=0,
        base_period="varying",
        n_bootstrap=0,
        alpha=params.alpha,
        seed=params.seed,
    )
    fitted = estimator.fit(
        frame,
        outcome="outcome",
        unit="uid",
        time="time",
        first_treat="first_treat",
        covariates=list(params.covariates) or None,
    )
    cells = _cell_influence(fitted)
    return _aggregate(cells, params.alpha)


def _cell_influence(fitted: Any) -> _Cells:
    """Per-unit influence functions of every ATT(g,t).

    diff-diff 3.13 keeps them in the fit's aggregation kit (treated and control parts with their
    unit indices, scaled so that se = sqrt(sum(inf^2))). It is the library's private surface, which
    is why the version is pinned exactly and this is the only place that reads it.
    """
    kit = getattr(fitted, "_aggregation_kit", None)
    if kit is None or not kit.influence:
        raise EstimationError("Le calcul n'a pas produit les fonctions d'influence nécessaires aux écarts-types.")
    n = int(kit.bookkeeping["canonical_size"])
    keys = [key for key in sorted(fitted.group_time_effects) if key in kit.influence]
    keys = [key for key in keys if np.isfinite(fitted.group_time_effects[key]["effect"])]
    psi = np.zeros((n, len(keys)))
    for j, key in enumerate(keys):
        payload = kit.influence[key]
        np.add.at(psi[:, j], payload["treated_idx"], payload["treated_inf"])
        np.add.at(psi[:, j], payload["control_idx"], payload["control_inf"])
    return _Cells(
        group=np.array([float(g) for g, _ in keys]),
        time=np.array([float(t) for _, t in keys]),
        att=np.array([fitted.group_time_effects[key]["effect"] for key in keys], dtype=float),
        psi=psi * n,
        unit_group=np.asarray(kit.bookkeeping["unit_cohorts"], dtype=float),
    )


def _se(psi: np.ndarray) -> float:
    return float(np.sqrt(np.mean(psi**2) / len(psi)))


def _weights_influence(keepers: np.ndarray, pg: np.ndarray, group: np.ndarray, unit_group: np.ndarray) -> np.ndarray:
    """R did's `wif`: the influence of estimating the cohort-share weights of an aggregation."""
    total = pg[keepers].sum()
    indicators = np.column_stack([(unit_group == group[k]).astype(float) - pg[k] for k in keepers])
    numerator = indicators / total
    denominator = np.outer(indicators.sum(axis=1), pg[keepers] / total**2)
    influence: np.ndarray = numerator - denominator
    return influence


def _combine(
    att: np.ndarray, psi: np.ndarray, which: np.ndarray, weights: np.ndarray, wif: np.ndarray | None = None
) -> np.ndarray:
    combined: np.ndarray = psi[:, which] @ weights
    if wif is not None:
        combined = combined + wif @ att[which]
    return combined


def _aggregate(cells: _Cells, alpha: float) -> tuple[dict[str, Any], dict[str, Any]]:
    group, time, att, psi, unit_group = cells.group, cells.time, cells.att, cells.psi, cells.unit_group
    cohorts = np.unique(group)
    # R: pg = P(G = g) over all units (treated and never-treated alike), then pg per cell.
    pgg = np.array([np.mean(unit_group == g) for g in cohorts])
    pg = pgg[np.searchsorted(cohorts, group)]
    cell_se = np.sqrt(np.mean(psi**2, axis=0) / len(psi))

    att_gt = [
        {"group": int(g), "time": int(t), **_interval(a, s, alpha), "post": bool(t >= g)}
        for g, t, a, s in zip(group, time, att, cell_se, strict=True)
    ]

    post = np.where(group <= time)[0]
    simple_att = float(np.sum(att[post] * pg[post]) / pg[post].sum())
    simple_if = _combine(att, psi, post, pg[post] / pg[post].sum(), _weights_influence(post, pg, group, unit_group))

    by_group, group_ifs = [], []
    for g in cohorts:
        which = np.where((group == g) & (time >= g))[0]
        value = float(att[which].mean())
        influence = _combine(att, psi, which, pg[which] / pg[which].sum())
        by_group.append({"group": int(g), **_interval(value, _se(influence), alpha)})
        group_ifs.append(influence)
    group_att = np.array([row["att"] for row in by_group])
    all_groups = np.arange(len(cohorts))
    group_overall = float(np.sum(group_att * pgg) / pgg.sum())
    group_if = _combine(
        group_att,
        np.column_stack(group_ifs),
        all_groups,
        pgg / pgg.sum(),
        _weights_influence(all_groups, pgg, cohorts, unit_group),
    )

    event = time - group
    event_times = np.unique(event)
    by_event, event_ifs = [], []
    for e in event_times:
        which = np.where(event == e)[0]
        weights = pg[which] / pg[which].sum()
        influence = _combine(att, psi, which, weights, _weights_influence(which, pg, group, unit_group))
        by_event.append({"event_time": int(e), **_interval(float(np.sum(att[which] * weights)), _se(influence), alpha)})
        event_ifs.append(influence)
    positive = np.where(event_times >= 0)[0]
    event_att = np.array([row["att"] for row in by_event])
    dynamic_overall = float(event_att[positive].mean())
    dynamic_if = np.column_stack(event_ifs)[:, positive] @ np.full(len(positive), 1 / len(positive))

    calendar_periods = np.unique(time)
    calendar_periods = calendar_periods[calendar_periods >= cohorts.min()]
    by_period, period_ifs = [], []
    for t in calendar_periods:
        which = np.where((time == t) & (group <= time))[0]
        weights = pg[which] / pg[which].sum()
        influence = _combine(att, psi, which, weights, _weights_influence(which, pg, group, unit_group))
        by_period.append({"time": int(t), **_interval(float(np.sum(att[which] * weights)), _se(influence), alpha)})
        period_ifs.append(influence)
    calendar_overall = float(np.mean([row["att"] for row in by_period]))
    calendar_if = np.column_stack(period_ifs) @ np.full(len(by_period), 1 / len(by_period))

    estimates = {
        "att_gt": att_gt,
        "simple": _interval(simple_att, _se(simple_if), alpha),
        "group": {"overall": _interval(group_overall, _se(group_if), alpha), "by_group": by_group},
        "dynamic": {"overall": _interval(dynamic_overall, _se(dynamic_if), alpha), "by_event_time": by_event},
        "calendar": {"overall": _interval(calendar_overall, _se(calendar_if), alpha), "by_period": by_period},
        "n_units": len(psi),
    }
    return estimates, {"pretrend_test": _pretrend_test(cells)}


def _pretrend_test(cells: _Cells) -> dict[str, Any]:
    """R did's Wald pre-test: are the pre-treatment ATT(g,t) jointly zero?"""
    pre = np.where(cells.time < cells.group)[0]
    if len(pre) == 0:
        return {"available": False, "reason": "aucune période avant traitement"}
    n = len(cells.psi)
    a = cells.att[pre]
    variance = cells.psi[:, pre].T @ cells.psi[:, pre] / n
    statistic = float(n * a @ np.linalg.pinv(variance) @ a)
    return {
        "available": True,
        "statistic": statistic,
        "df": len(pre),
        "p_value": float(stats.chi2.sf(statistic, len(pre))),
        "cells": [{"group": int(cells.group[i]), "time": int(cells.time[i])} for i in pre],
    }


# --- Synthetic control ------------------------------------------------------------------------


def _require_balanced(panel: Panel, name: str) -> None:
    if not panel.is_balanced:
        sample = list(panel.missing_periods.items())[:3]
        detail = " ; ".join(f"« {unit} » : {', '.join(map(str, periods[:5]))}" for unit, periods in sample)
        raise EstimationError(
            f"{name} demande un panel complet : {len(panel.missing_periods)} unités n'ont pas toutes les "
            f"périodes ({detail})."
        )


def _sc(panel: Panel, params: StudyParams) -> tuple[dict[str, Any], dict[str, Any]]:
    from diff_diff import SyntheticControl

    _require_balanced(panel, "Le contrôle synthétique")
    if params.covariates:
        raise EstimationError(
            "Le contrôle synthétique de la plateforme s'ajuste sur la trajectoire avant traitement : "
            "retirez les covariables."
        )
    frame = _with_unit_codes(panel)
    # Integer unit ids: the library's placebo refits index the panel by unit 500 times, and pandas
    # does that several times faster on integers than on INSEE code strings.
    names = dict(zip(frame["uid"], frame["unit"], strict=False))
    starts = frame.groupby("unit", sort=True)["first_treat"].first()
    treated = starts[starts > 0]
    donors = starts[starts == 0].index.tolist()
    if len(treated) > MAX_SC_TREATED:
        raise EstimationError(
            f"Le contrôle synthétique sert pour une ou quelques unités traitées ({len(treated)} ici, "
            f"limite {MAX_SC_TREATED}) : utilisez Callaway & Sant'Anna (cs)."
        )
    if len(donors) < 2:
        raise EstimationError("Il faut au moins deux unités jamais traitées pour construire un contrôle synthétique.")
    by_unit = []
    for unit_code, start in treated.items():
        pre = [p for p in panel.periods if p < start]
        post = [p for p in panel.periods if p >= start]
        if len(pre) < 2 or not post:
            raise EstimationError(
                f"L'unité « {unit_code} » doit avoir au moins deux périodes avant le traitement ({start}) et une après."
            )
        sub = frame[frame["unit"].isin([*donors, unit_code])].copy()
        sub["treated_now"] = ((sub["unit"] == unit_code) & (sub["time"] >= start)).astype(int)
        # Outcome-path synthetic control: every pre-period outcome weighs the same (V fixed), so the
        # donor weights minimise the pre-period gap - one exact non-negative least squares, fast
        # and deterministic even against 500 donors.
        model = SyntheticControl(
            v_method="custom", custom_v=np.full(len(pre), 1 / len(pre)), standardize="none", seed=params.seed
        )
        fitted = model.fit(sub, outcome="outcome", treatment="treated_now", unit="uid", time="time")
        placebos = _placebos(model, sub, donors, unit_code, params)
        placebo_effects = placebos[placebos["status"] == "placebo"]
        ratio_p = float(placebos.attrs["p_value"])
        # A second, plainer reading: how often a donor "treated" in its place shows a post-period gap as large.
        post_mspe_p = float(
            (
                1
                + (
                    placebo_effects["post_mspe"] >= float(placebos.loc[placebos["is_treated"], "post_mspe"].iloc[0])
                ).sum()
            )
            / (1 + len(placebo_effects))
        )
        weights = {names[int(k)]: float(v) for k, v in fitted.donor_weights.items() if v > SC_WEIGHT_FLOOR}
        by_unit.append(
            {
                "unit": str(unit_code),
                "start": int(start),
                "att": float(fitted.att),
                "pre_rmspe": float(fitted.pre_rmspe),
                "gap_by_period": {str(int(k)): float(v) for k, v in sorted(fitted.gap_path.items())},
                "donor_weights": dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))),
                "placebo": {
                    "n_placebos": int(placebos.attrs["n_placebos"]),
                    "p_value_rmspe_ratio": ratio_p,
                    "p_value_post_mspe": post_mspe_p,
                },
            }
        )
    effect = float(np.mean([row["att"] for row in by_unit]))
    estimates = {
        "effect": {"att": effect, "se": None},
        "by_unit": by_unit,
        "n_donors": len(donors),
    }
    diagnostics = {"inference": "in-space placebo (Abadie, Diamond & Hainmueller 2010)"}
    return estimates, diagnostics


def _placebos(model: Any, sub: pd.DataFrame, donors: list[str], unit_code: str, params: StudyParams) -> pd.DataFrame:
    """In-space placebos: the treatment given in turn to each donor (Abadie, Diamond & Hainmueller 2010).

    Beyond `params.placebo_reps` donors, the placebos run on the treated unit and a seeded random
    sample of that many donors: each placebo refits a synthetic control against all the others, so
    the cost grows with the square of the pool, and 200 placebos already give a p-value to 1/201.
    """
    pool = donors
    if len(donors) > params.placebo_reps:
        rng = np.random.default_rng(params.seed)
        pool = sorted(rng.choice(np.array(donors, dtype=object), size=params.placebo_reps, replace=False).tolist())
        sub = sub[sub["unit"].isin([*pool, unit_code])]
    fitted = model.fit(sub, outcome="outcome", treatment="treated_now", unit="uid", time="time")
    placebos = fitted.in_space_placebo()
    placebos.attrs["p_value"] = float(fitted.placebo_p_value)
    placebos.attrs["n_placebos"] = int(fitted.n_placebos)
    return placebos


# --- Synthetic difference-in-differences ----------------------------------------------------


def _sdid(panel: Panel, params: StudyParams) -> tuple[dict[str, Any], dict[str, Any]]:
    from diff_diff import SyntheticDiD

    _require_balanced(panel, "La DiD synthétique")
    frame = _with_unit_codes(panel)
    starts = sorted(g for g in panel.cohorts if g > 0)
    if len(starts) > 1:
        raise EstimationError(
            "La DiD synthétique demande une même date de début pour toutes les unités traitées "
            f"(ici : {', '.join(map(str, starts))}) : utilisez Callaway & Sant'Anna (cs) pour une adoption échelonnée."
        )
    start = starts[0]
    post = [p for p in panel.periods if p >= start]
    if len(post) == len(panel.periods) or not post:
        raise EstimationError("Il faut au moins une période avant et une période après le début du traitement.")
    frame["ever_treated"] = (frame["first_treat"] > 0).astype(int)
    model = SyntheticDiD(
        variance_method="placebo", n_bootstrap=params.placebo_reps, seed=params.seed, alpha=params.alpha
    )
    fitted = model.fit(
        frame,
        outcome="outcome",
        treatment="ever_treated",
        unit="uid",
        time="time",
        post_periods=post,
        covariates=list(params.covariates) or None,
    )
    codes = dict(enumerate(pd.Categorical(panel.frame["unit"]).categories))
    weights = {str(codes[int(k)]): float(v) for k, v in fitted.unit_weights.items() if v > SC_WEIGHT_FLOOR}
    effect = _interval(float(fitted.att), float(fitted.se), params.alpha)
    estimates = {
        "effect": effect,
        "start": int(start),
        "unit_weights": dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))),
        "time_weights": {str(int(k)): float(v) for k, v in sorted(fitted.time_weights.items())},
        "n_treated": int(fitted.n_treated),
        "n_control": int(fitted.n_control),
    }
    diagnostics = {"inference": f"placebo variance ({params.placebo_reps} draws, seed {params.seed})"}
    return estimates, diagnostics
