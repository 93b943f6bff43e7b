"""An event in the solver's JSON format (docs/jobdating-solver.md), and the same as an XLSX workbook.

JSON: exactly `solver.instance` IN, ids being the registrations' numbers, with a "name" on each
recruiter and candidate (the solver ignores it; people reading the file need it).

XLSX, for people who prepare lists in a spreadsheet — four sheets, columns found by their header
(never by position, so columns can be moved):

- « Paramètres »: rows « Créneaux » and « Écart minimal » in columns Paramètre / Valeur;
- « Recruteurs »: Identifiant, Nom, Tables, Disponibilités;
- « Candidats »: Identifiant, Nom, Disponibilités, Entretiens max;
- « Souhaits »: Candidat, Recruteur, Poids.

Availability is written "0-7; 9-15" (inclusive slot ranges, slots from 0). Reading a workbook
builds the JSON object and goes through `solver.parse_instance`, so a spreadsheet gets the same
French messages as a JSON file, plus the sheet and line of cells it cannot read.
"""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from emploi_territoires.offers.exports import neutralise

from .models import CandidateRegistration, Event, RecruiterRegistration
from .services import build_instance
from .solver import Instance, InstanceError, parse_instance
from .solver.instance import decode_json, instance_to_json

PARAMETERS = "Paramètres"
RECRUITERS = "Recruteurs"
CANDIDATES = "Candidats"
WISHES = "Souhaits"
SLOTS_LABEL = "Créneaux"
GAP_LABEL = "Écart minimal"
RECRUITER_HEADERS = ["Identifiant", "Nom", "Tables", "Disponibilités"]
CANDIDATE_HEADERS = ["Identifiant", "Nom", "Disponibilités", "Entretiens max"]
WISH_HEADERS = ["Candidat", "Recruteur", "Poids"]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def event_names(event: Event) -> tuple[dict[int, str], dict[int, str]]:
    recruiters = {
        r.pk: r.organisation.name
        for r in RecruiterRegistration.objects.filter(event=event).select_related("organisation")
    }
    candidates = {
        c.pk: c.user.get_full_name() or f"Candidat n° {c.pk}"
        for c in CandidateRegistration.objects.filter(event=event).select_related("user")
    }
    return recruiters, candidates


def event_to_json(event: Event) -> dict[str, Any]:
    instance = build_instance(event)
    recruiter_names, candidate_names = event_names(event)
    data = instance_to_json(instance)
    for item in data["recruiters"]:
        item["name"] = recruiter_names.get(item["id"], "")
    for item in data["candidates"]:
        item["name"] = candidate_names.get(item["id"], "")
    return data


def _ranges_text(ranges: Any) -> str:
    return "; ".join(f"{first}-{last}" for first, last in ranges)


def json_to_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of an instance given as JSON (names kept when present)."""
    sheets = {
        PARAMETERS: (["Paramètre", "Valeur"], [[SLOTS_LABEL, data["slots"]], [GAP_LABEL, data.get("min_gap", 0)]]),
        RECRUITERS: (
            RECRUITER_HEADERS,
            [[r["id"], r.get("name", ""), r["tables"], _ranges_text(r["available"])] for r in data["recruiters"]],
        ),
        CANDIDATES: (
            CANDIDATE_HEADERS,
            [
                [c["id"], c.get("name", ""), _ranges_text(c["available"]), c.get("max_interviews")]
                for c in data["candidates"]
            ],
        ),
        WISHES: (WISH_HEADERS, [[w["candidate"], w["recruiter"], w["weight"]] for w in data["wishes"]]),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (headers, rows) in sheets.items():
        # Same layout as offers.exports.to_xlsx: bold frozen header, text made inert for spreadsheets.
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append([neutralise(value) for value in row])
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, len(header) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def event_to_xlsx(event: Event) -> bytes:
    return json_to_xlsx(event_to_json(event))


# --- Reading ----------------------------------------------------------------------------------------


def _cell_id(value: Any) -> Any:
    """Spreadsheets turn "12" into 12.0; ids are integers or text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        text = text[1:] if text.startswith("'") else text  # an id made inert on export
        return int(text) if text.isdigit() else text
    return value


def _cell_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def _parse_ranges_text(value: Any, where: str, errors: list[str]) -> list[list[int]]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, int | float):
        value = str(int(value))
    ranges = []
    for part in str(value).split(";"):
        if not part.strip():
            continue
        match = _RANGE.match(part)
        if match is None:
            errors.append(f"{where} : disponibilités illisibles « {part.strip()} » (attendu par exemple : 0-7; 9-15).")
            continue
        ranges.append([int(match.group(1)), int(match.group(2))])
    return ranges


def _rows(workbook: Any, title: str, headers: list[str], errors: list[str]) -> list[tuple[int, dict[str, Any]]]:
    if title not in workbook.sheetnames:
        errors.append(f"La feuille « {title} » est absente du classeur.")
        return []
    rows = workbook[title].iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    positions = {str(h).strip(): i for i, h in enumerate(header_row) if h is not None}
    missing = [h for h in headers if h not in positions]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        names = ", ".join(f"« {m} »" for m in missing)
        errors.append(f"Feuille « {title} » : colonne{plural} absente{plural} : {names}.")
        return []
    out = []
    for line, row in enumerate(rows, start=2):
        values = {h: row[positions[h]] if positions[h] < len(row) else None for h in headers}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        out.append((line, values))
    return out


def xlsx_to_json(content: bytes) -> dict[str, Any]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        raise InstanceError(["Le fichier n'est pas un classeur XLSX lisible."]) from None
    errors: list[str] = []
    params = {
        str(values["Paramètre"]).strip(): values["Valeur"]
        for _, values in _rows(workbook, PARAMETERS, ["Paramètre", "Valeur"], errors)
    }
    data: dict[str, Any] = {
        "slots": _cell_int(params.get(SLOTS_LABEL)),
        "min_gap": _cell_int(params.get(GAP_LABEL, 0)),
        "recruiters": [],
        "candidates": [],
        "wishes": [],
    }
    for line, values in _rows(workbook, RECRUITERS, RECRUITER_HEADERS, errors):
        where = f"Feuille « {RECRUITERS} », ligne {line}"
        data["recruiters"].append(
            {
                "id": _cell_id(values["Identifiant"]),
                "name": values["Nom"] or "",
                "tables": _cell_int(values["Tables"]),
                "available": _parse_ranges_text(values["Disponibilités"], where, errors),
            }
        )
    for line, values in _rows(workbook, CANDIDATES, CANDIDATE_HEADERS, errors):
        where = f"Feuille « {CANDIDATES} », ligne {line}"
        cap = values["Entretiens max"]
        data["candidates"].append(
            {
                "id": _cell_id(values["Identifiant"]),
                "name": values["Nom"] or "",
                "available": _parse_ranges_text(values["Disponibilités"], where, errors),
                "max_interviews": None if cap in (None, "") else _cell_int(cap),
            }
        )
    for _, values in _rows(workbook, WISHES, WISH_HEADERS, errors):
        data["wishes"].append(
            {
                "candidate": _cell_id(values["Candidat"]),
                "recruiter": _cell_id(values["Recruteur"]),
                "weight": _cell_int(values["Poids"]),
            }
        )
    if errors:
        raise InstanceError(errors)
    return data


def read_instance(name: str, content: bytes) -> tuple[Instance, dict[str, Any]]:
    """An uploaded file (.json or .xlsx) read and validated; InstanceError lists every problem."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise InstanceError(["Le fichier dépasse 5 Mo."])
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        data = xlsx_to_json(content)
    elif lowered.endswith(".json"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InstanceError(["Le fichier JSON doit être encodé en UTF-8."]) from None
        data = decode_json(text)
    else:
        raise InstanceError(["Déposez un fichier .json ou .xlsx."])
    return parse_instance(data), data
