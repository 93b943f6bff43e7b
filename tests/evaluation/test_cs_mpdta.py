"""Callaway & Sant'Anna through the project's wrapper, against the published numbers of R's `did`.

Sources:
- the four aggregations and the not-yet-treated simple effect: issue 8 (R `did::aggte`, never-treated
  controls, no covariates, doubly robust, analytic SEs with `bstrap = FALSE`);
- the pre-trend Wald test p-value 0.16812: printed by `summary(att_gt(...))` in the README of
  bcallaway11/did (mpdta example);
- the twelve ATT(g,t) to four decimals: the same README's summary table (its standard errors there
  come from the multiplier bootstrap, so only the estimates are compared to it);
- the twelve ATT(g,t) and their analytic SEs to full precision: moderndid 0.2.0's `att_gt`
  (boot=False), a port of R's `did` that its own test suite checks against R
  (tests/did/test_r_validation.py in jordandeklerk/moderndid). diff-diff and moderndid are
  independent implementations.
"""

import pytest

from emploi_territoires.evaluation.impact.estimators import estimate
from emploi_territoires.evaluation.impact.panel import load_panel
from emploi_territoires.evaluation.impact.results import StudyParams

ESTIMATE_TOL = 1e-6
SE_TOL = 1e-5

R_AGGREGATES = {
    "simple": (-0.0399513, 0.0120340),
    "group": (-0.0310183, 0.0124461),
    "dynamic": (-0.0772398, 0.0199650),
    "calendar": (-0.0417004, 0.0159719),
}

# did README, summary(att_gt(yname="lemp", tname="year", idname="countyreal", gname="first.treat", xformla=~1)).
R_ATT_GT_4DP = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}


@pytest.fixture(scope="module")
def mpdta_panel(mpdta_table):
    return load_panel(mpdta_table, unit="countyreal", time="year", outcome="lemp", treatment_start="first.treat")


@pytest.fixture(scope="module")
def never(mpdta_panel):
    return estimate(mpdta_panel, StudyParams(estimator="cs", control="never"))


@pytest.mark.parametrize("name", list(R_AGGREGATES))
def test_aggregations_match_r_did(never, name):
    expected_att, expected_se = R_AGGREGATES[name]
    row = never.estimates[name] if name == "simple" else never.estimates[name]["overall"]
    assert row["att"] == pytest.approx(expected_att, abs=ESTIMATE_TOL)
    assert row["se"] == pytest.approx(expected_se, abs=SE_TOL)


def test_not_yet_treated_simple_effect_matches_r_did(mpdta_panel):
    result = estimate(mpdta_panel, StudyParams(estimator="cs", control="notyet"))
    assert result.estimates["simple"]["att"] == pytest.approx(-0.0397636, abs=ESTIMATE_TOL)
    assert result.estimates["simple"]["se"] == pytest.approx(0.0120524, abs=SE_TOL)


def test_twelve_group_time_effects_match_the_published_table(never):
    got = {(row["group"], row["time"]): row["att"] for row in never.estimates["att_gt"]}
    assert set(got) == set(R_ATT_GT_4DP)
    for cell, published in R_ATT_GT_4DP.items():
        assert got[cell] == pytest.approx(published, abs=5e-5 + 1e-12), cell


def test_twelve_group_time_effects_and_ses_match_moderndid_to_full_precision(never, mpdta_table):
    import polars as pl
    from moderndid import att_gt

    frame = pl.from_pandas(mpdta_table).with_columns(
        pl.col("year").cast(pl.Int64),
        pl.col("countyreal").cast(pl.Int64),
        pl.col("first.treat").cast(pl.Int64),
        pl.col("lemp").cast(pl.Float64),
    )
    reference = att_gt(
        data=frame,
        yname="lemp",
        tname="year",
        idname="countyreal",
        gname="first.treat",
        xformla="~1",
        est_method="dr",
        control_group="nevertreated",
        boot=False,
    )
    expected = {
        (int(g), int(t)): (a, s)
        for g, t, a, s in zip(reference.groups, reference.times, reference.att_gt, reference.se_gt, strict=True)
    }
    att_gt = never.estimates["att_gt"]
    # The twelve (cohort, year) cells: cohorts 2004, 2006, 2007 × years 2004-2007, each compared.
    assert len(expected) == 12
    assert sorted((row["group"], row["time"]) for row in att_gt) == sorted(expected)
    for row in att_gt:
        att, se = expected[(row["group"], row["time"])]
        assert row["att"] == pytest.approx(att, abs=1e-9)
        assert row["se"] == pytest.approx(se, abs=1e-9)


def test_pretrend_test_matches_r_did_summary(never):
    test = never.diagnostics["pretrend_test"]
    assert test["df"] == 5
    assert test["p_value"] == pytest.approx(0.16812, abs=5e-6)


def test_group_and_event_time_effects_agree_with_diff_diff_own_aggregation(never, mpdta_panel):
    """Our R-style per-group and per-event-time effects equal diff-diff's (only the overall ones are ours alone)."""
    from diff_diff import CallawaySantAnna

    frame = mpdta_panel.frame
    fitted = CallawaySantAnna().fit(frame, outcome="outcome", unit="unit", time="time", first_treat="first_treat")
    groups = fitted.aggregate("group").to_dataframe()
    groups = groups.set_index(groups["label"].astype(int))
    by_group = never.estimates["group"]["by_group"]
    # mpdta's three treated cohorts, each compared: an empty list must fail, not pass.
    assert [row["group"] for row in by_group] == [2004, 2006, 2007] == sorted(groups.index)
    for row in by_group:
        assert row["att"] == pytest.approx(groups.loc[row["group"], "att"], abs=1e-12)
        assert row["se"] == pytest.approx(groups.loc[row["group"], "se"], abs=1e-10)
    events = fitted.aggregate("event_study").to_dataframe().set_index("event_time")
    by_event_time = never.estimates["dynamic"]["by_event_time"]
    # Event times -3..3 (the 2004 cohort is seen 3 years after; the 2007 one 3 years before).
    assert [row["event_time"] for row in by_event_time] == list(range(-3, 4)) == sorted(events.index)
    for row in by_event_time:
        assert row["att"] == pytest.approx(events.loc[row["event_time"], "att"], abs=1e-12)
        assert row["se"] == pytest.approx(events.loc[row["event_time"], "se"], abs=1e-10)
