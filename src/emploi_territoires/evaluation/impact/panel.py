"""Load and validate a panel (unit x period) from a CSV or XLSX file.

Pure pandas, no Django. Every refusal is a `PanelError` whose message is in French and names the
column and the line of the file (line 1 is the header, so the first data row is line 2), because
the person who reads it has the spreadsheet open next to the message.

An unbalanced panel is not an error: `Panel.missing_periods` says which units miss which periods,
and the estimators that need a balanced panel (synthetic control, synthetic DiD) refuse it with
that list. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from emploi_territoires.core import formats

from .errors import PanelError

if TYPE_CHECKING:
    import pandas as pd

# pandas and numpy are imported by the functions that read and check a table, not with this module:
# the web forms and services import it (errors, limits, the header check) when the URLconf loads.

MAX_ROWS = 2_000_000  # the command line (manage.py impact_study), run outside the web server
# What the site takes (bench/impact_upload.py: 1,000,000 rows of CSV, read, checked and estimated by
# the staggered DiD in about 7 s and 650 MB in the background task); a larger panel goes through the
# command. A request only peeks at a large file (peek_table); the task reads it.
MAX_WEB_ROWS = 1_000_000
# No employment figure, rate or amount comes near this; beyond it the estimators' squares overflow
# (synthetic control fails, synthetic DiD saves infinities its page cannot show).
MAX_ABS_VALUE = 1e12
# Periods are years, months (202401) or days (20240115); beyond this they are not periods.
MAX_ABS_PERIOD = 10**9
# Beyond this many problems we stop listing: the first ones are enough to fix the file.
MAX_LISTED = 5
FIRST_DATA_LINE = 2


@dataclass(frozen=True)
class Panel:
    """A validated panel in canonical form.

    `frame` has the columns `unit` (str), `time` (int), `outcome` (float), `first_treat` (int, 0 for
    units never treated in the file) and one float column per covariate, sorted by unit then time.
    """

    frame: pd.DataFrame
    covariates: tuple[str, ...]
    source_columns: dict[str, str]
    periods: tuple[int, ...]
    missing_periods: dict[str, list[int]] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        return int(self.frame["unit"].nunique())

    @property
    def is_balanced(self) -> bool:
        return not self.missing_periods

    @property
    def cohorts(self) -> dict[int, int]:
        """Number of units per first treatment period (0 = never treated)."""
        firsts = self.frame.groupby("unit", sort=True)["first_treat"].first()
        return {int(g): int(n) for g, n in firsts.value_counts().sort_index().items()}

    def balance_report(self) -> dict[str, Any]:
        return {
            "balanced": self.is_balanced,
            "n_units": self.n_units,
            "n_periods": len(self.periods),
            "n_rows": len(self.frame),
            "units_with_missing_periods": len(self.missing_periods),
            "missing_periods": dict(list(self.missing_periods.items())[:100]),
        }

    def canonical_csv(self) -> bytes:
        """The canonical panel as CSV bytes (what is stored and hashed): same data, same bytes."""
        columns = ["unit", "time", "outcome", "first_treat", *self.covariates]
        text: str = self.frame[columns].to_csv(index=False, float_format="%.17g", lineterminator="\n")
        return text.encode("utf-8")

    def data_hash(self, canonical: bytes | None = None) -> str:
        """sha256 of the canonical panel: same data, same hash, whatever the file's order or format."""
        return hashlib.sha256(self.canonical_csv() if canonical is None else canonical).hexdigest()


@dataclass(frozen=True)
class TablePeek:
    """What a request learns of a file without reading its values: the header and the number of rows.

    `rows` counts the lines after the header (blank lines included, so it can only overstate), or is
    None when a workbook does not record its size; the background task reads the file and counts exactly.
    """

    columns: tuple[str, ...]
    rows: int | None


PEEK_BYTES = 64 * 1024


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        return ","


def peek_table(raw: bytes, filename: str) -> TablePeek:
    """The header and row count of a CSV or XLSX file (PanelError in French when it cannot be read)."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            sheet = workbook.active
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            rows = sheet.max_row - 1 if sheet.max_row else None
            workbook.close()
            columns = tuple(str(c).strip() for c in header if c is not None)
        elif name.endswith((".csv", ".txt")):
            head = raw[:PEEK_BYTES]
            if len(raw) > PEEK_BYTES and b"\n" in head:
                head = head[: head.rindex(b"\n")]  # never cut a UTF-8 character in two
            text = head.decode("utf-8-sig")
            first_line = text.split("\n", 1)[0].rstrip("\r")
            columns = tuple(c.strip() for c in next(csv.reader([first_line], delimiter=_delimiter(text)), []))
            rows = max(raw.count(b"\n") - (1 if raw.endswith(b"\n") else 0), 0)
        else:
            raise PanelError("Format de fichier non pris en charge : déposez un fichier CSV ou XLSX.")
    except PanelError:
        raise
    except UnicodeDecodeError as exc:
        raise PanelError("Le fichier CSV doit être encodé en UTF-8.") from exc
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise PanelError(f"Le fichier n'a pas pu être lu ({type(exc).__name__}).") from exc
    if not any(columns):
        raise PanelError("La première ligne du fichier doit donner le nom des colonnes.")
    return TablePeek(columns=columns, rows=rows)


def check_columns(found: Collection[str], wanted: list[str]) -> None:
    """PanelError naming the wanted columns the file does not have (and the columns it has)."""
    absent = [column for column in dict.fromkeys(wanted) if column not in found]
    if absent:
        shown = ", ".join(f"« {c} »" for c in list(found)[:20])
        missing = ", ".join(f"« {c} »" for c in absent)
        raise PanelError(f"Colonne absente du fichier : {missing} (colonnes trouvées : {shown}).")


def check_row_count(rows: int, max_rows: int) -> None:
    if rows > max_rows:
        raise PanelError(
            f"Le fichier compte {formats.number(rows)} lignes : la limite est de {formats.number(max_rows)}."
            + (" Pour un panel plus grand, lancez la commande manage.py impact_study." if max_rows < MAX_ROWS else "")
        )


def read_table(
    source: str | Path | IO[bytes],
    filename: str | None = None,
    *,
    max_rows: int = MAX_ROWS,
    columns: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read a CSV (`;` or `,` separated, UTF-8) or XLSX file as strings, keeping codes like 01001 intact.

    `columns`: read only these (header names, spaces around them ignored): a file with thirty other
    columns then costs no more memory than one with the panel's four.
    """
    import pandas as pd

    name = (filename or str(getattr(source, "name", source))).lower()
    wanted = None if columns is None else {str(c).strip() for c in columns}
    usecols = None if wanted is None else (lambda column: str(column).strip() in wanted)
    try:
        if name.endswith(".xlsx"):
            frame = pd.read_excel(source, dtype=str, engine="openpyxl", usecols=usecols)
        elif name.endswith((".csv", ".txt")):
            raw = source.read() if hasattr(source, "read") else Path(source).read_bytes()
            text = raw.decode("utf-8-sig")
            del raw
            frame = pd.read_csv(
                io.StringIO(text), sep=_delimiter(text), dtype=str, keep_default_na=False, usecols=usecols
            )
        else:
            raise PanelError("Format de fichier non pris en charge : déposez un fichier CSV ou XLSX.")
    except PanelError:
        raise
    except UnicodeDecodeError as exc:
        raise PanelError("Le fichier CSV doit être encodé en UTF-8.") from exc
    except FileNotFoundError as exc:
        raise PanelError(f"Fichier introuvable : {source}.") from exc
    except Exception as exc:  # pandas/openpyxl raise many types for a damaged file
        raise PanelError(f"Le fichier n'a pas pu être lu ({type(exc).__name__}).") from exc
    check_row_count(len(frame), max_rows)
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame.fillna("")


def load_panel(
    table: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treatment_start: str | None = None,
    treated_units: dict[str, int] | None = None,
    covariates: tuple[str, ...] | list[str] = (),
) -> Panel:
    """Validate `table` (as read by `read_table`) and return the canonical panel.

    Treatment comes either from a column of the file (`treatment_start`: the first treated period,
    empty or 0 for never treated) or from `treated_units` (unit code -> first treated period, e.g.
    the signature year of a programme membership).
    """
    import numpy as np
    import pandas as pd

    covariates = tuple(covariates)
    if (treatment_start is None) == (treated_units is None):
        raise PanelError("Indiquez la date de début du traitement : une colonne du fichier ou un programme.")
    start = [treatment_start] if treatment_start else []
    check_columns(list(table.columns), [unit, time, outcome, *covariates, *start])
    if table.empty:
        raise PanelError("Le fichier ne contient aucune ligne de données.")

    lines = pd.Series(np.arange(len(table)) + FIRST_DATA_LINE, index=table.index)
    units = table[unit].astype(str).str.strip()
    _refuse_where(units == "", lines, lambda line: f"Ligne {line} : code de l'unité manquant (colonne « {unit} »).")

    periods = _integers(table[time], time, lines, what="période")
    values = _numbers(table[outcome], outcome, lines)
    frame = pd.DataFrame({"unit": units, "time": periods, "outcome": values})
    for name in covariates:
        frame[name] = _numbers(table[name], name, lines)

    duplicated = frame.duplicated(["unit", "time"], keep=False)
    if duplicated.any():
        groups = frame[duplicated].groupby(["unit", "time"], sort=False).groups
        messages = []
        for (code, period), index in list(groups.items())[:MAX_LISTED]:
            rows = " et ".join(str(lines[i]) for i in list(index)[:3])
            messages.append(f"lignes {rows} : même unité « {code} » et même période {period}")
        raise PanelError(
            f"Plusieurs lignes pour une même unité et une même période (colonnes « {unit} » et « {time} ») : "
            + " ; ".join(messages)
            + "."
        )

    if treatment_start:
        raw = table[treatment_start].astype(str).str.strip()
        starts = _integers(raw.where(raw != "", "0"), treatment_start, lines, what="période de début")
        frame["first_treat"] = starts
        inconsistent = frame.groupby("unit")["first_treat"].nunique()
        inconsistent = inconsistent[inconsistent > 1]
        if not inconsistent.empty:
            code = inconsistent.index[0]
            first_lines = lines[frame.index[frame["unit"] == code]].tolist()[:3]
            raise PanelError(
                f"La colonne « {treatment_start} » doit garder la même valeur pour une unité : « {code} » "
                f"en change (lignes {', '.join(map(str, first_lines))})."
            )
    else:
        frame["first_treat"] = frame["unit"].map(treated_units or {}).fillna(0).astype(int)
    if (frame["first_treat"] < 0).any():
        line = lines[frame.index[frame["first_treat"] < 0][0]]
        raise PanelError(f"Ligne {line} : période de début négative.")

    frame = frame.sort_values(["unit", "time"], kind="mergesort").reset_index(drop=True)
    all_periods = tuple(int(p) for p in sorted(frame["time"].unique()))
    if len(all_periods) < 2:
        raise PanelError(f"Il faut au moins deux périodes (colonne « {time} »).")
    counts = frame.groupby("unit")["time"].size()
    missing: dict[str, list[int]] = {}
    if (counts < len(all_periods)).any():
        expected = set(all_periods)
        for code, seen in frame[frame["unit"].isin(counts[counts < len(all_periods)].index)].groupby("unit")["time"]:
            missing[str(code)] = sorted(expected - {int(p) for p in seen})

    source_columns = {"unit": unit, "time": time, "outcome": outcome}
    if treatment_start:
        source_columns["treatment_start"] = treatment_start
    return Panel(
        frame=frame,
        covariates=covariates,
        source_columns=source_columns,
        periods=all_periods,
        missing_periods=missing,
    )


def _refuse_where(mask: pd.Series, lines: pd.Series, message: Callable[[Any], str]) -> None:
    if mask.any():
        bad = lines[mask].tolist()
        text = message(bad[0])
        if len(bad) > 1:
            text += f" ({len(bad)} lignes concernées, dont {', '.join(map(str, bad[:MAX_LISTED]))}.)"
        raise PanelError(text)


def _numbers(column: pd.Series, name: str, lines: pd.Series) -> pd.Series:
    import numpy as np
    import pandas as pd

    text = column.astype(str).str.strip()
    _refuse_where(text == "", lines, lambda line: f"Ligne {line} : valeur manquante dans la colonne « {name} ».")
    # French spreadsheets write 1 234,5: accept the comma as the decimal mark and drop spaces.
    normalised = text.str.replace("\u202f", "", regex=False).str.replace("\xa0", "", regex=False)
    normalised = normalised.str.replace(" ", "", regex=False).str.replace(",", ".", regex=False)
    values = pd.to_numeric(normalised, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.fillna(0))
    if bad.any():
        first = bad[bad].index[0]
        raise PanelError(
            f"Ligne {lines[first]} : valeur « {text[first]} » non numérique dans la colonne « {name} »"
            + (f" ({int(bad.sum())} lignes concernées)." if bad.sum() > 1 else ".")
        )
    huge = values.abs() > MAX_ABS_VALUE
    if huge.any():
        first = huge[huge].index[0]
        raise PanelError(
            f"Ligne {lines[first]} : valeur « {text[first]} » trop grande dans la colonne « {name} » "
            "(au plus mille milliards en valeur absolue) : vérifiez l'unité."
        )
    return values.astype(float)


def _integers(column: pd.Series, name: str, lines: pd.Series, *, what: str) -> pd.Series:
    import pandas as pd

    text = column.astype(str).str.strip()
    _refuse_where(text == "", lines, lambda line: f"Ligne {line} : {what} manquante (colonne « {name} »).")
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | (values.fillna(0) % 1 != 0) | (values.fillna(0).abs() > MAX_ABS_PERIOD)
    if bad.any():
        first = bad[bad].index[0]
        raise PanelError(
            f"Ligne {lines[first]} : {what} « {text[first]} » invalide dans la colonne « {name} » "
            "(attendu : un nombre entier, par exemple une année)."
        )
    return values.astype(int)
