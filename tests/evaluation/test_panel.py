"""Panel files: refused with a French message naming the column and the line; gaps reported, never dropped."""

import io

import openpyxl
import pytest

from emploi_territoires.evaluation.impact.panel import PanelError, load_panel, read_table

HEADER = "codgeo;annee;emplois_salaries;debut_pvd\n"
# Saint-Flour (15187) signs Petites villes de demain in 2021; Murat (15138) and Riom-ès-Montagnes (15162) do not.
GOOD = HEADER + "".join(
    f"{code};{year};{value};{start}\n"
    for code, start, base in (("15187", "2021", 3120), ("15138", "", 890), ("15162", "0", 1010))
    for year, value in ((2019, base), (2020, base + 12), (2021, base + 30), (2022, base + 41))
)


def _load(text: str, **overrides):
    table = read_table(io.BytesIO(text.encode("utf-8")), "panel.csv")
    options = {"unit": "codgeo", "time": "annee", "outcome": "emplois_salaries", "treatment_start": "debut_pvd"}
    return load_panel(table, **{**options, **overrides})


def test_a_good_file_gives_a_sorted_balanced_panel_with_string_codes():
    panel = _load(GOOD)
    assert panel.is_balanced
    assert panel.cohorts == {0: 2, 2021: 1}
    assert list(panel.frame["unit"].unique()) == ["15138", "15162", "15187"]
    assert panel.periods == (2019, 2020, 2021, 2022)


def test_the_hash_ignores_row_order_but_not_values():
    lines = GOOD.splitlines(keepends=True)
    shuffled = lines[0] + "".join(reversed(lines[1:]))
    assert _load(shuffled).data_hash() == _load(GOOD).data_hash()
    assert _load(GOOD.replace("3120", "3121")).data_hash() != _load(GOOD).data_hash()


def test_missing_unit_code_names_column_and_line():
    text = GOOD.replace("15138;2020", ";2020")
    with pytest.raises(PanelError, match=r"Ligne 7 : code de l'unité manquant \(colonne « codgeo »\)"):
        _load(text)


def test_duplicated_unit_period_names_both_lines():
    text = GOOD + "15187;2020;3140;2021\n"
    with pytest.raises(PanelError, match=r"lignes 3 et 14 : même unité « 15187 » et même période 2020"):
        _load(text)


def test_non_numeric_outcome_names_value_column_and_line():
    text = GOOD.replace("15162;2021;1040", "15162;2021;n.d.")
    with pytest.raises(
        PanelError, match=r"Ligne 12 : valeur « n.d. » non numérique dans la colonne « emplois_salaries »"
    ):
        _load(text)


def test_french_decimal_comma_is_accepted():
    panel = _load(GOOD.replace("15162;2019;1010", "15162;2019;1010,5"))
    assert panel.frame.loc[(panel.frame["unit"] == "15162") & (panel.frame["time"] == 2019), "outcome"].item() == 1010.5


def test_absent_column_lists_the_columns_found():
    with pytest.raises(PanelError, match=r"Colonne absente du fichier : « population ».*« codgeo »"):
        _load(GOOD, covariates=("population",))


def test_treatment_start_must_not_change_within_a_unit():
    text = GOOD.replace("15187;2022;3161;2021", "15187;2022;3161;2022")
    with pytest.raises(PanelError, match=r"« debut_pvd » doit garder la même valeur.*« 15187 »"):
        _load(text)


def test_unbalanced_panel_is_reported_not_dropped():
    text = GOOD.replace("15138;2020;902;\n", "")
    panel = _load(text)
    assert not panel.is_balanced
    assert panel.missing_periods == {"15138": [2020]}
    assert len(panel.frame) == 11
    assert panel.balance_report()["units_with_missing_periods"] == 1


def test_xlsx_keeps_leading_zeros_of_insee_codes():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["codgeo", "annee", "emplois_salaries", "debut_pvd"])
    for code, start in (("01004", 2021), ("01033", None)):
        for year in (2020, 2021):
            sheet.append([code, year, 100 + year % 10, start])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    table = read_table(buffer, "panel.xlsx")
    panel = load_panel(table, unit="codgeo", time="annee", outcome="emplois_salaries", treatment_start="debut_pvd")
    assert sorted(panel.frame["unit"].unique()) == ["01004", "01033"]
    assert panel.cohorts == {0: 1, 2021: 1}


def test_unknown_format_is_refused():
    with pytest.raises(PanelError, match="CSV ou XLSX"):
        read_table(io.BytesIO(b"x"), "panel.ods")
