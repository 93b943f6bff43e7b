"""The one export helper for offers: rows once, then CSV (French Excel) or XLSX.

    headers, rows = export_rows(offers)
    to_csv(headers, rows)   # UTF-8 with BOM, ";" separator, dates as 31/12/2026
    to_xlsx(headers, rows)  # real dates and numbers, bold frozen header

Text cells starting with = + - @ (or a tab / carriage return) are prefixed with an apostrophe:
a spreadsheet would otherwise run them as formulas (CSV/formula injection), and offer titles
are typed by users. Control characters a spreadsheet cannot hold (a vertical tab pasted from Word,
stored before the services cleaned text) are dropped, so no stored text can break an export.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import Offer

Row = list[Any]

HEADERS = [
    "Référence",
    "Intitulé",
    "Code ROME",
    "Métier",
    "Commune",
    "Code INSEE",
    "Contrat",
    "État",
    "Créée le",
    "Publiée le",
    "Date limite de candidature",
    "Prise de poste",
    "Salaire brut annuel min (€)",
    "Salaire brut annuel max (€)",
    "Score de qualité",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters an XLSX cell cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, written here so
# that the CSV exports and the URLconf do not import openpyxl (imported by to_xlsx; a test compares).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def export_rows(offers: QuerySet[Offer]) -> tuple[list[str], list[Row]]:
    """Headers and rows (Python values: str, int, date or None), in the queryset's order."""
    rows = [
        [
            offer.reference,
            offer.title,
            offer.occupation_id or "",
            offer.occupation.label if offer.occupation else "",
            offer.commune.name,
            offer.commune_id,
            offer.get_contract_type_display(),
            offer.get_status_display(),
            _local_date(offer.created_at),
            _local_date(offer.published_at),
            offer.closing_date,
            offer.start_date,
            offer.salary_min,
            offer.salary_max,
            offer.quality_score,
        ]
        for offer in offers.select_related("commune", "occupation")
    ]
    return list(HEADERS), rows


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, made inert; characters it refuses, dropped."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(neutralise(value))


def to_csv(headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    """CSV as French Excel opens it directly: UTF-8 with BOM, semicolons, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Iterable[Row], *, title: str = "Offres") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:31] or "Feuille"
    sheet.append([neutralise(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, min(len(header) + 2, 40))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
