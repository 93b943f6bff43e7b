"""`manage.py impact_study`: the engine without the web layer, for analysts who script."""

import json

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command

from emploi_territoires.evaluation.impact.plots import event_study_png
from emploi_territoires.evaluation.impact.summary import summary_text


@pytest.fixture
def mpdta_csv(tmp_path, mpdta_table):
    path = tmp_path / "mpdta.csv"
    mpdta_table.to_csv(path, index=False)
    return path


def _run(panel, out, *extra):
    call_command(
        "impact_study", str(panel), "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
        "--treatment-start", "first.treat", "--out", str(out), *extra,
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


def test_cs_writes_every_att_gt_the_four_aggregations_hash_and_versions(tmp_path, mpdta_csv):
    result = _run(mpdta_csv, tmp_path / "r.json", "--estimator", "cs")
    estimates = result["estimates"]
    assert len(estimates["att_gt"]) == 12
    assert all(row["se"] > 0 for row in estimates["att_gt"])
    assert estimates["simple"]["att"] == pytest.approx(-0.0399513, abs=1e-6)
    for name in ("group", "dynamic", "calendar"):
        assert estimates[name]["overall"]["se"] > 0
    assert len(result["data_hash"]) == 64
    assert result["versions"]["diff-diff"] == "3.13.0"
    assert result["parameters"]["control"] == "never"


def test_rerun_gives_byte_identical_json(tmp_path, mpdta_csv):
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    _run(mpdta_csv, first, "--estimator", "cs", "--control", "notyet")
    _run(mpdta_csv, second, "--estimator", "cs", "--control", "notyet")
    assert first.read_bytes() == second.read_bytes()


def test_bad_file_exits_2_with_a_french_message(tmp_path, mpdta_csv, capsys):
    text = mpdta_csv.read_text().splitlines()
    text[3] = text[3].replace(text[3].split(",")[3], "n/a", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(text) + "\n")
    with pytest.raises(SystemExit) as exit_info:
        _run(bad, tmp_path / "r.json", "--estimator", "cs")
    assert exit_info.value.code == 2
    assert "Ligne 4 : valeur « n/a » non numérique dans la colonne « lemp »" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_sdid_refuses_staggered_adoption_in_french(tmp_path, mpdta_csv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run(mpdta_csv, tmp_path / "r.json", "--estimator", "sdid")
    assert exit_info.value.code == 2
    assert "même date de début" in capsys.readouterr().err


def _block_panel(tmp_path, treated: int, slope_sd: float = 0.1) -> str:
    """30 communes x 10 years; `treated` of them enter the programme in 2019 with an effect of +2."""
    rng = np.random.default_rng(7)
    rows = []
    for i in range(30):
        level, slope = rng.normal(50, 5), rng.normal(0.5, slope_sd)
        start = 2019 if i < treated else 0
        for year in range(2014, 2024):
            effect = 2.0 if start and year >= start else 0.0
            rows.append((f"42{i:03d}", year, level + slope * (year - 2014) + effect + rng.normal(0, 0.1), start))
    path = tmp_path / "panel.csv"
    pd.DataFrame(rows, columns=["countyreal", "year", "lemp", "first.treat"]).to_csv(path, index=False)
    return path


def test_sc_gives_donor_weights_effect_and_placebo_p_value(tmp_path):
    result = _run(_block_panel(tmp_path, treated=1), tmp_path / "r.json", "--estimator", "sc")
    unit = result["estimates"]["by_unit"][0]
    assert unit["unit"] == "42000"
    assert sum(unit["donor_weights"].values()) == pytest.approx(1.0, abs=1e-6)
    assert unit["att"] == pytest.approx(2.0, abs=0.5)
    assert unit["placebo"]["n_placebos"] == 29
    # Few donors "treated" in its place show a post-period gap as large as the real one.
    assert unit["placebo"]["p_value_post_mspe"] <= 0.1


def test_sdid_gives_the_effect_with_a_placebo_se(tmp_path):
    result = _run(_block_panel(tmp_path, treated=3), tmp_path / "r.json", "--estimator", "sdid")
    effect = result["estimates"]["effect"]
    assert effect["att"] == pytest.approx(2.0, abs=0.3)
    assert effect["se"] > 0


def test_twfe_recovers_a_constant_effect(tmp_path):
    result = _run(_block_panel(tmp_path, treated=10, slope_sd=0.0), tmp_path / "r.json", "--estimator", "twfe")
    assert result["estimates"]["effect"]["att"] == pytest.approx(2.0, abs=0.2)
    assert result["estimates"]["effect"]["se"] > 0


def test_plot_and_summary_from_the_saved_json(tmp_path, mpdta_csv):
    result = _run(mpdta_csv, tmp_path / "r.json", "--estimator", "cs")
    png = event_study_png(result)
    assert png.startswith(b"\x89PNG") and png == event_study_png(result)
    text = summary_text(result)
    assert "−0,0400" in text["meaning"][0]
    assert "p = 0,168" in text["meaning"][2]
    assert any("Pas d'anticipation" in line for line in text["assumptions"])
    assert any("ne dit pas" in line for line in text["limits"])
