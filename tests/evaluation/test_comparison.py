"""Restricting the comparison group on covariates, with its balance table (hand-computed numbers)."""

import io
import json
import math

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from emploi_territoires.evaluation.impact.comparison import (
    ComparisonError,
    MatchSpec,
    parse_match,
    restrict_comparison,
    size_class,
)
from emploi_territoires.evaluation.impact.estimators import estimate
from emploi_territoires.evaluation.impact.panel import load_panel
from emploi_territoires.evaluation.impact.results import StudyParams
from emploi_territoires.evaluation.models import ImpactStudy

# Two PVD communes of the Loire treated from 2020, four never-treated communes (Loire 42, Nièvre 58).
ROWS = [
    # code, département, population, densité, emploi 2019, emploi 2020, début
    ("42218", "42", "3000", "100", "10", "12", "2020"),
    ("42207", "42", "8000", "300", "20", "23", "2020"),
    ("42005", "42", "2500", "110", "11", "12", ""),
    ("42095", "42", "60000", "900", "50", "51", ""),
    ("58079", "58", "7000", "290", "19", "20", ""),
    ("58001", "58", "1500", "50", "5", "6", ""),
]


def _table() -> pd.DataFrame:
    records = []
    for code, dep, pop, dens, y2019, y2020, start in ROWS:
        for year, value in (("2019", y2019), ("2020", y2020)):
            records.append(
                {"codgeo": code, "annee": year, "emploi": value, "debut": start, "departement": dep,
                 "population": pop, "densite": dens}
            )  # fmt: skip
    return pd.DataFrame(records)


def _panel():
    return load_panel(
        _table(), unit="codgeo", time="annee", outcome="emploi", treatment_start="debut",
        covariates=("departement", "population", "densite"),
    )  # fmt: skip


def _units(panel):
    return sorted(panel.frame["unit"].unique())


def test_exact_restriction_drops_the_other_departement_and_balances_it():
    restricted, balance = restrict_comparison(_panel(), MatchSpec(exact=("departement",)))
    assert _units(restricted) == ["42005", "42095", "42207", "42218"]
    assert len(restricted.frame) == 8  # units kept whole
    row = balance.rows[0]
    assert row.covariate == "departement"
    assert (row.treated_before, row.control_before, row.control_after) == (42, 50, 42)
    # Control values 42, 42, 58, 58: sample variance 256 / 3; treated variance 0.
    assert row.smd_before == pytest.approx(-8 / math.sqrt((256 / 3) / 2))
    assert row.smd_before == pytest.approx(-math.sqrt(1.5))
    assert row.smd_after == 0
    assert (balance.n_treated, balance.n_controls_before, balance.n_controls_after) == (2, 4, 2)


def test_size_class_thresholds_and_exact_restriction_on_the_class():
    assert [size_class(p) for p in (1_999, 2_000, 4_999, 5_000, 19_999, 20_000, 49_999, 50_000)] == [
        "moins de 2 000", "2 000 à 5 000", "2 000 à 5 000", "5 000 à 20 000", "5 000 à 20 000",
        "20 000 à 50 000", "20 000 à 50 000", "50 000 et plus",
    ]  # fmt: skip
    restricted, balance = restrict_comparison(_panel(), MatchSpec(exact=("taille:population",)))
    # 3,000 and 8,000 inhabitants: the 2,500 and 7,000 communes share a class, 60,000 and 1,500 do not.
    assert _units(restricted) == ["42005", "42207", "42218", "58079"]
    assert balance.rows[0].covariate == "population"
    assert balance.rows[0].control_after == 4750


def test_nearest_neighbour_picks_the_closest_density_and_balances_it():
    restricted, balance = restrict_comparison(_panel(), MatchSpec(nearest=("densite",), neighbours=1))
    # 100 -> 110 (not 50), 300 -> 290 (not 900).
    assert _units(restricted) == ["42005", "42207", "42218", "58079"]
    row = balance.rows[0]
    assert (row.treated_before, row.control_before, row.control_after) == (200, 337.5, 200)
    # Treated variance 20,000; control variance (227.5² + 562.5² + 47.5² + 287.5²) / 3 = 151,025.
    assert row.smd_before == pytest.approx(-137.5 / math.sqrt((20_000 + 151_025) / 2))
    assert row.smd_after == 0


def test_nearest_on_the_pre_period_outcome_and_within_exact_cells():
    restricted, balance = restrict_comparison(_panel(), MatchSpec(nearest=("pre_outcome",)))
    assert _units(restricted) == ["42005", "42207", "42218", "58079"]  # 10 -> 11, 20 -> 19 (2019 only)
    assert balance.rows[0].covariate == "pre_outcome"
    assert balance.rows[0].treated_before == 15
    assert balance.rows[0].control_before == pytest.approx((11 + 50 + 19 + 5) / 4)
    # Same département first: both Loire communes match the 110 one (with replacement), kept once.
    spec = MatchSpec(exact=("departement",), nearest=("densite",), neighbours=1)
    restricted, balance = restrict_comparison(_panel(), spec)
    assert _units(restricted) == ["42005", "42207", "42218"]
    assert balance.n_controls_after == 1
    two = restrict_comparison(_panel(), MatchSpec(nearest=("densite",), neighbours=2))[0]
    assert _units(two) == ["42005", "42207", "42218", "58001", "58079"]


def test_bad_requests_get_a_french_message():
    with pytest.raises(ComparisonError, match="Colonne d'appariement inconnue : « region »"):
        restrict_comparison(_panel(), MatchSpec(exact=("region",)))
    with pytest.raises(ComparisonError, match="mal écrit"):
        parse_match(["proche:densite"])
    with pytest.raises(ComparisonError, match="Nombre de voisins invalide"):
        parse_match(["nearest:densite"], neighbours=0)
    assert parse_match(["exact:departement, taille:population", "nearest:densite"], 3) == MatchSpec(
        exact=("departement", "taille:population"), nearest=("densite",), neighbours=3
    )


def test_estimate_records_matching_and_keeps_the_hash_of_the_given_data():
    panel = _panel()
    plain = estimate(panel, StudyParams(estimator="twfe")).to_dict()
    assert "comparison" not in plain
    matched = estimate(panel, StudyParams(estimator="twfe", match_exact=("departement",))).to_dict()
    assert matched["data_hash"] == plain["data_hash"]
    assert matched["panel"]["n_units"] == 4
    assert matched["comparison"]["matching"] == {"exact": ["departement"], "nearest": [], "neighbours": 1}
    assert matched["parameters"]["match_exact"] == ["departement"]
    json.dumps(matched, allow_nan=False)


def _csv(tmp_path, table=None):
    path = tmp_path / "panel.csv"
    (table if table is not None else _table()).to_csv(path, index=False, sep=";")
    return path


def _run(path, out, *extra):
    call_command(
        "impact_study", str(path), "--unit", "codgeo", "--time", "annee", "--outcome", "emploi",
        "--treatment-start", "debut", "--estimator", "twfe", "--out", str(out), *extra,
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


def test_cli_match_options_write_the_balance_table(tmp_path):
    result = _run(
        _csv(tmp_path), tmp_path / "r.json", "--match", "exact:departement", "--match", "nearest:densite",
        "--neighbours", "1",
    )  # fmt: skip
    comparison = result["comparison"]
    assert comparison["matching"] == {"exact": ["departement"], "nearest": ["densite"], "neighbours": 1}
    rows = {row["covariate"]: row for row in comparison["balance"]["rows"]}
    assert rows["departement"]["smd_after"] == 0
    assert rows["densite"]["control_after"] == 110
    assert result["panel"]["n_units"] == 3
    # Matching columns are loaded, not added to the model.
    assert result["parameters"]["covariates"] == []


def test_cli_refuses_unknown_and_non_numeric_matching_columns(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run(_csv(tmp_path), tmp_path / "r.json", "--match", "nearest:region")
    assert exit_info.value.code == 2
    assert "Colonne absente du fichier : « region »" in capsys.readouterr().err
    table = _table()
    table.loc[table["departement"] == "42", "departement"] = "2A"
    with pytest.raises(SystemExit):
        _run(_csv(tmp_path, table), tmp_path / "r.json", "--match", "nearest:departement")
    assert "non numérique dans la colonne « departement »" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run(_csv(tmp_path), tmp_path / "r.json", "--match", "voisins:densite")
    assert "mal écrit" in capsys.readouterr().err


def _upload():
    buffer = io.BytesIO(_table().to_csv(index=False).encode("utf-8"))
    buffer.name = "pvd-loire.csv"
    return buffer


def _post(client, **overrides):
    data = {
        "title": "PVD dans la Loire, comparaison restreinte", "panel": _upload(), "unit": "codgeo",
        "time": "annee", "outcome": "emploi", "programme": "", "treatment_start": "debut", "estimator": "twfe",
        "control": "never", "covariates": "", "match_exact": "departement", "match_nearest": "", "neighbours": "1",
        **overrides,
    }  # fmt: skip
    return client.post(reverse("evaluation:impact_list"), data)


@pytest.mark.django_db
def test_page_shows_the_balance_table_and_rerun_is_identical(client, advisor):
    client.force_login(advisor)
    response = _post(client)
    assert response.status_code == 302
    study = ImpactStudy.objects.get()
    assert study.result["comparison"]["balance"]["n_controls_after"] == 2
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Équilibre des covariables avant et après restriction" in page
    assert "2 unités de comparaison gardées sur 4 jamais traitées" in page
    assert "-1,225" in page or "-1.225" in page
    client.post(reverse("evaluation:impact_rerun", args=[study.pk]))
    page = client.get(study.get_absolute_url()).content.decode()
    assert "résultats identiques" in page


@pytest.mark.django_db
def test_form_refuses_bad_matching_in_french(client, advisor):
    client.force_login(advisor)
    response = _post(client, match_exact="region")
    assert response.status_code == 400
    assert "Colonne absente du fichier : « region »" in response.content.decode()
    response = _post(client, match_exact="", match_nearest="densite", neighbours="0")
    assert response.status_code == 400
    assert not ImpactStudy.objects.exists()
