"""Impact-study benchmark: the estimation engine on a panel the size of France's communes.

A seeded panel of 35,000 communes x 15 years (2010-2024): unit effects, a common time trend with
shocks, staggered adoption in five cohorts (2014, 2016, 2018, 2020, 2022, about 8 % of communes
each, the rest never treated) and heterogeneous effects that grow with time since adoption and
differ by cohort. It times, through the project's own interface (`impact.estimators.estimate`):

1. Callaway & Sant'Anna, never-treated controls, doubly robust, analytic SEs, all four aggregations
   (target: under 10 s), and prints the aggregated estimates against the true generated effects;
2. a synthetic control for one treated commune against 500 donors, with in-space placebos
   (target: under 10 s), against its true effect.

    python bench/impact.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")

from emploi_territoires.evaluation.impact.estimators import estimate  # noqa: E402
from emploi_territoires.evaluation.impact.panel import load_panel  # noqa: E402
from emploi_territoires.evaluation.impact.results import StudyParams  # noqa: E402

N_UNITS = 35_000
YEARS = np.arange(2010, 2025)
COHORTS = (2014, 2016, 2018, 2020, 2022)
COHORT_SHARE = 0.08
SEED = 42


def effect(cohort: np.ndarray, year: np.ndarray) -> np.ndarray:
    """True effect of the programme: 0.02 on entry, +0.01 a year after, larger for early cohorts."""
    exposure = year - cohort
    size = 0.02 + 0.01 * exposure + 0.005 * (2022 - cohort) / 2
    return np.where((cohort > 0) & (exposure >= 0), size, 0.0)


def generate(n_units: int = N_UNITS, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    draw = rng.random(n_units)
    cohort = np.zeros(n_units, dtype=int)
    for i, year in enumerate(COHORTS):
        cohort[(draw >= i * COHORT_SHARE) & (draw < (i + 1) * COHORT_SHARE)] = year
    units = np.repeat(np.arange(n_units), len(YEARS))
    years = np.tile(YEARS, n_units)
    unit_effect = rng.normal(5.0, 1.0, n_units)[units]
    time_effect = 0.01 * (years - 2010) + rng.normal(0, 0.02, len(YEARS))[years - 2010]
    noise = rng.normal(0, 0.05, len(units))
    outcome = unit_effect + time_effect + effect(cohort[units], years) + noise
    return pd.DataFrame(
        {
            "codgeo": [f"{u:05d}" for u in units],
            "annee": years.astype(str),
            "emploi": outcome.astype(str),
            "debut": cohort[units].astype(str),
        }
    )


def true_aggregates(frame: pd.DataFrame) -> dict[str, float]:
    """The same aggregations as R's aggte, computed on the true effects (cohort shares as weights)."""
    units = frame.drop_duplicates("codgeo")
    cohort = units["debut"].astype(int).to_numpy()
    shares = {g: np.mean(cohort == g) for g in COHORTS}
    cells = [(g, t, float(effect(np.array([g]), np.array([t]))[0])) for g in COHORTS for t in YEARS if t >= g]
    total = sum(shares[g] for g, _, _ in cells)
    simple = sum(shares[g] * e for g, _, e in cells) / total
    by_group = {g: np.mean([e for gg, _, e in cells if gg == g]) for g in COHORTS}
    group = sum(shares[g] * by_group[g] for g in COHORTS) / sum(shares.values())
    events = sorted({t - g for g, t, _ in cells})
    dynamic = np.mean(
        [
            sum(shares[g] * e for g, t, e in cells if t - g == k) / sum(shares[g] for g, t, _ in cells if t - g == k)
            for k in events
        ]
    )
    periods = [t for t in YEARS if t >= min(COHORTS)]
    calendar = np.mean(
        [
            sum(shares[g] * e for g, tt, e in cells if tt == t) / sum(shares[g] for g, tt, _ in cells if tt == t)
            for t in periods
        ]
    )
    return {"simple": simple, "group": group, "dynamic": dynamic, "calendar": calendar}


def main() -> None:
    started = time.perf_counter()
    table = generate()
    print(
        f"panel: {N_UNITS:,} communes x {len(YEARS)} years = {len(table):,} rows, generated in "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    panel = load_panel(table, unit="codgeo", time="annee", outcome="emploi", treatment_start="debut")
    load_seconds = time.perf_counter() - started
    print(f"load + validate + hash: {load_seconds:.1f} s (cohorts {panel.cohorts})")

    started = time.perf_counter()
    result = estimate(panel, StudyParams(estimator="cs", control="never"))
    cs_seconds = time.perf_counter() - started
    truth = true_aggregates(table)
    print(
        f"\nCallaway & Sant'Anna, never-treated, DR, analytic SEs, 4 aggregations: {cs_seconds:.2f} s "
        f"({len(result.estimates['att_gt'])} ATT(g,t)) -> {'OK' if cs_seconds < 10 else 'OVER'} (target < 10 s)"
    )
    print(f"{'aggregation':<10} {'estimate':>10} {'se':>9} {'true':>9} {'|est-true|/se':>14}")
    for name in ("simple", "group", "dynamic", "calendar"):
        row = result.estimates[name] if name == "simple" else result.estimates[name]["overall"]
        print(
            f"{name:<10} {row['att']:>10.5f} {row['se']:>9.5f} {truth[name]:>9.5f} "
            f"{abs(row['att'] - truth[name]) / row['se']:>14.2f}"
        )
    test = result.diagnostics["pretrend_test"]
    print(f"pre-trend test: chi2({test['df']}) = {test['statistic']:.1f}, p = {test['p_value']:.3f}")

    # One treated commune (the first of the 2018 cohort) against the first 500 never-treated communes.
    units = table.drop_duplicates("codgeo")
    treated_code = units.loc[units["debut"] == "2018", "codgeo"].iloc[0]
    donors = units.loc[units["debut"] == "0", "codgeo"].iloc[:500].tolist()
    small = table[table["codgeo"].isin([treated_code, *donors])]
    started = time.perf_counter()
    sc_panel = load_panel(small, unit="codgeo", time="annee", outcome="emploi", treatment_start="debut")
    sc = estimate(sc_panel, StudyParams(estimator="sc"))
    sc_seconds = time.perf_counter() - started
    row = sc.estimates["by_unit"][0]
    true_sc = float(np.mean(effect(np.full(len(YEARS[YEARS >= 2018]), 2018), YEARS[YEARS >= 2018])))
    print(
        f"\nsynthetic control, 1 treated commune vs {sc.estimates['n_donors']} donors, with "
        f"{row['placebo']['n_placebos']} in-space placebos: {sc_seconds:.2f} s -> "
        f"{'OK' if sc_seconds < 10 else 'OVER'} (target < 10 s)"
    )
    print(
        f"effect {row['att']:.5f} (true {true_sc:.5f}), pre-period RMSPE {row['pre_rmspe']:.4f}, "
        f"{len(row['donor_weights'])} donors with weight, placebo p-value (post MSPE) "
        f"{row['placebo']['p_value_post_mspe']:.3f}"
    )


if __name__ == "__main__":
    main()
