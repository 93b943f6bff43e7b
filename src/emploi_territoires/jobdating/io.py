"""An event in the solver's JSON format (docs/jobdating-solver.md), and the same as an XLSX workbook.

JSON: exactly `solver.instance` IN, ids being the registrations' numbers, with a "name" on each
recruiter and candidate (the solver ignores it; people reading the file need it).

XLSX, for people who prepare lists in a spreadsheet — four sheets, columns found by their header
(never by position, so columns can be moved):

- « Paramètres »: rows « Créneaux » and « Écart minimal » in columns Paramètre / Valeur;
- « Recruteurs »: Identifiant, Nom, Tables, Disponibilités (+ optional Organisation: its number here);
- « Candidats »: Identifiant, Nom, Disponibilités, Entretiens max (+ optional E-mail);
- « Souhaits »: Candidat, Recruteur, Poids (+ optional Rang and Avis: accepté / prioritaire).

The optional columns (JSON keys `organisation_id`, `email`, `rank`, `preference`) let the same file
create an event's registrations (`services_import`); the solver ignores them. Every item read from
a workbook keeps its sheet line in `_line`, so import errors can name it.

Availability is written "0-7; 9-15" (inclusive slot ranges, slots from 0). Reading a workbook
builds the JSON object and goes through `solver.parse_instance`, so a spreadsheet gets the same
French messages as a JSON file, plus the sheet and line of cells it cannot read.
"""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from emploi_territoires.core import formats
from emploi_territoires.offers.exports import neutralise

from .models import CandidateRegistration, CandidateScreening, Event, RecruiterRegistration, Wish
from .solver import Instance, InstanceError, parse_instance
from .solver.instance import MAX_WEIGHT, decode_json, instance_to_json
from .solver_adapter import build_instance

PARAMETERS = "Paramètres"
RECRUITERS = "Recruteurs"
CANDIDATES = "Candidats"
WISHES = "Souhaits"
SLOTS_LABEL = "Créneaux"
GAP_LABEL = "Écart minimal"
RECRUITER_HEADERS = ["Identifiant", "Nom", "Tables", "Disponibilités"]
CANDIDATE_HEADERS = ["Identifiant", "Nom", "Disponibilités", "Entretiens max"]
WISH_HEADERS = ["Candidat", "Recruteur", "Poids"]
RECRUITER_OPTIONAL = ["Organisation"]
CANDIDATE_OPTIONAL = ["E-mail"]
WISH_OPTIONAL = ["Rang", "Avis"]
PREFERENCE_LABELS = {"accepted": "accepté", "preferred": "prioritaire"}
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
    """The solver's IN, plus what an import needs to recreate the registrations elsewhere:
    names, the organisation's number, the candidate's e-mail, each wish's rank and screening."""
    instance = build_instance(event)
    recruiter_names, candidate_names = event_names(event)
    organisations = dict(RecruiterRegistration.objects.filter(event=event).values_list("pk", "organisation_id"))
    emails = dict(CandidateRegistration.objects.filter(event=event).values_list("pk", "user__email"))
    ranks = {
        (w.candidate_registration_id, w.recruiter_registration_id): w.rank
        for w in Wish.objects.filter(recruiter_registration__event=event)
    }
    preferences = {
        (s.candidate_registration_id, s.recruiter_registration_id): s.decision
        for s in CandidateScreening.objects.filter(recruiter_registration__event=event)
    }
    data = instance_to_json(instance)
    for item in data["recruiters"]:
        item["name"] = recruiter_names.get(item["id"], "")
        item["organisation_id"] = organisations.get(item["id"])
    for item in data["candidates"]:
        item["name"] = candidate_names.get(item["id"], "")
        item["email"] = emails.get(item["id"], "")
    for item in data["wishes"]:
        pair = (item["candidate"], item["recruiter"])
        item["rank"] = ranks.get(pair)
        item["preference"] = preferences.get(pair, "accepted")
    return data


def _ranges_text(ranges: Any) -> str:
    return "; ".join(f"{first}-{last}" for first, last in ranges)


def json_to_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of an instance given as JSON (names kept when present)."""
    from openpyxl import Workbook  # about 0.2 s: imported with the first spreadsheet, not with the views
    from openpyxl.styles import Font

    sheets = {
        PARAMETERS: (["Paramètre", "Valeur"], [[SLOTS_LABEL, data["slots"]], [GAP_LABEL, data.get("min_gap", 0)]]),
        RECRUITERS: (
            RECRUITER_HEADERS + RECRUITER_OPTIONAL,
            [
                [r["id"], r.get("name", ""), r["tables"], _ranges_text(r["available"]), r.get("organisation_id")]
                for r in data["recruiters"]
            ],
        ),
        CANDIDATES: (
            CANDIDATE_HEADERS + CANDIDATE_OPTIONAL,
            [
                [c["id"], c.get("name", ""), _ranges_text(c["available"]), c.get("max_interviews"), c.get("email", "")]
                for c in data["candidates"]
            ],
        ),
        WISHES: (
            WISH_HEADERS + WISH_OPTIONAL,
            [
                [
                    w["candidate"],
                    w["recruiter"],
                    w["weight"],
                    w.get("rank"),
                    PREFERENCE_LABELS.get(w.get("preference") or "", ""),
                ]
                for w in data["wishes"]
            ],
        ),
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
        return int(text) if text.isascii() and text.isdigit() else text
    return value


def _cell_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isascii() and value.strip().lstrip("-").isdigit():
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


def _rows(
    workbook: Any, title: str, headers: list[str], errors: list[str], optional: list[str] | None = None
) -> list[tuple[int, dict[str, Any]]]:
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
    present = [h for h in optional or [] if h in positions]
    for line, row in enumerate(rows, start=2):
        values = {h: row[positions[h]] if positions[h] < len(row) else None for h in headers}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        values |= {h: row[positions[h]] if positions[h] < len(row) else None for h in present}
        out.append((line, values))
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text  # text made inert on export


def _optional_int(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _cell_int(_cell_id(value))


def xlsx_to_json(content: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

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
    for line, values in _rows(workbook, RECRUITERS, RECRUITER_HEADERS, errors, RECRUITER_OPTIONAL):
        where = f"Feuille « {RECRUITERS} », ligne {line}"
        data["recruiters"].append(
            {
                "id": _cell_id(values["Identifiant"]),
                "name": _text(values["Nom"]),
                "tables": _cell_int(values["Tables"]),
                "available": _parse_ranges_text(values["Disponibilités"], where, errors),
                "organisation_id": _optional_int(values.get("Organisation")),
                "_line": where,
            }
        )
    for line, values in _rows(workbook, CANDIDATES, CANDIDATE_HEADERS, errors, CANDIDATE_OPTIONAL):
        where = f"Feuille « {CANDIDATES} », ligne {line}"
        cap = values["Entretiens max"]
        data["candidates"].append(
            {
                "id": _cell_id(values["Identifiant"]),
                "name": _text(values["Nom"]),
                "available": _parse_ranges_text(values["Disponibilités"], where, errors),
                "max_interviews": None if cap in (None, "") else _cell_int(cap),
                "email": _text(values.get("E-mail")),
                "_line": where,
            }
        )
    labels = {label: key for key, label in PREFERENCE_LABELS.items()}
    for line, values in _rows(workbook, WISHES, WISH_HEADERS, errors, WISH_OPTIONAL):
        where = f"Feuille « {WISHES} », ligne {line}"
        preference = _text(values.get("Avis")).lower()
        data["wishes"].append(
            {
                "candidate": _cell_id(values["Candidat"]),
                "recruiter": _cell_id(values["Recruteur"]),
                "weight": _cell_int(values["Poids"]),
                "rank": _optional_int(values.get("Rang")),
                "preference": labels.get(preference, preference) or "accepted",
                "_line": where,
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
    scale_decimal_weights(data)
    return parse_instance(data), data


# Decimal weights (2.5) become integers for the solver: every weight of the file times this, rounded.
WEIGHT_SCALE = 100


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace("\u202f", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def scale_decimal_weights(data: Any) -> None:
    """When a weight of the file has decimals (2.5), every weight is scaled by WEIGHT_SCALE and
    rounded: the solver works on integers and only the weights' ratios matter. Weights it cannot
    read, or negative, are left for `parse_instance` to name."""
    wishes = data.get("wishes") if isinstance(data, dict) else None
    if not isinstance(wishes, list):
        return
    numbers = [_decimal(w.get("weight")) if isinstance(w, dict) else None for w in wishes]
    if not any(n is not None and n != n.to_integral_value() for n in numbers):
        return
    errors = []
    for n, (wish, number) in enumerate(zip(wishes, numbers, strict=True), start=1):
        if number is None or number < 0:
            continue
        if number > MAX_WEIGHT // WEIGHT_SCALE:
            where = wish.get("_line") or f"Souhait n° {n}"
            limit = formats.number(MAX_WEIGHT // WEIGHT_SCALE)
            errors.append(f"{where} : poids trop grand ({number}) ; {limit} au maximum avec des décimales.")
            continue
        wish["weight"] = int((number * WEIGHT_SCALE).to_integral_value(ROUND_HALF_UP))
    if errors:
        raise InstanceError(errors)
