"""Import of the official programme lists (ACV, PVD, TI, QPV, France services).

One parser per official format turns a CSV file into validated rows; `compute_diff` compares
them with the programme's current memberships; `apply_diff` writes the diff in one transaction,
records a `ProgrammeImport` and refreshes the Commune flags. The command `import_programme`,
the directory command and the admin upload all go through `import_programme_file`.

Decisions worth knowing:
- A malformed file (missing column, bad code, bad SIREN, bad date, duplicate row, not UTF-8,
  empty) is rejected as a whole with a French message naming the line: nothing is written.
- A well-formed row whose commune or EPCI is unknown in the loaded COG is *not* an error: the
  lists lag behind the geography (mergers, EPT of the Grand Paris, …). Such rows are reported
  as "non rattachés" and the rest is imported.
- Municipal arrondissements (751xx, 6938x, 132xx) are attached to their commune (75056, 69123,
  13055), as ANCT itself does in the QPV list. Two raw rows that become the same membership
  after this mapping are merged (a France services site listed twice in Marseille is one site).
- TI lists give EPCI SIRENs; a few rows carry a *commune's* SIREN (a commune listed on its own,
  e.g. Creuse communes of an EPCI that spans two départements). Such a row is attached to the
  commune with that SIREN in the COG copy (`Commune.siren`). EPT of the Grand Paris are neither
  EPCI nor communes in the COG copy: they stay "non rattachés".
- The vintage is given (`--vintage`) or derived from the file name: a YYYYMMDD date gives
  "YYYY-MM-DD" (`france_services_20240801.csv` → "2024-08-01"), else a 4-digit year gives the
  year (`acv_communes_2024.csv` → "2024"); a file name with neither requires the option.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q

from .models import EPCI, PROGRAMME_FLAG, Commune, Programme, ProgrammeImport, ProgrammeMembership
from .signals import notify_reference_changed

INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SIREN_RE = re.compile(r"^\d{9}$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRENCH_DATE_RE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
MAX_FILE_BYTES = 20 * 1024 * 1024

COMMUNE = "commune"
EPCI_KIND = "epci"


class ProgrammeFileError(Exception):
    """The file cannot be imported as it is; the message is French and names the line."""


def arrondissement_commune(code: str) -> str:
    """The commune of a Paris, Lyon or Marseille municipal arrondissement, else the code itself."""
    if code.startswith("751") and "75101" <= code <= "75120":
        return "75056"
    if "69381" <= code <= "69389":
        return "69123"
    if "13201" <= code <= "13216":
        return "13055"
    return code


def luhn_ok(digits: str) -> bool:
    """SIREN check: Luhn checksum over the 9 digits."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# --- Rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One validated row: a membership of `kind` (commune or EPCI) `code` in the local unit `local_id`."""

    line: int
    local_id: str
    local_name: str
    kind: str
    code: str
    signed_on: date | None = None
    raw_code: str = ""
    # For TI rows: the EPCI name given in the file (for the reports).
    target_name: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.local_id, self.kind, self.code)


@dataclass
class ParsedList:
    programme: Programme
    rows: list[Row]
    merged: int = 0  # raw rows merged into another after arrondissement mapping


@dataclass(frozen=True)
class Format:
    """One official list format: how to recognise it and how to read one row."""

    programme: Programme
    marker: str  # a column only this format has
    required: tuple[str, ...]
    parse_row: Callable[[dict[str, str], int], Row]
    key_column: str


def _value(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _required_value(row: dict[str, str], column: str, line: int) -> str:
    value = _value(row, column)
    if not value:
        raise ProgrammeFileError(f"Ligne {line}, colonne « {column} » : valeur manquante.")
    return value


def _insee(row: dict[str, str], line: int, column: str = "insee_com") -> str:
    code = _required_value(row, column, line)
    if not INSEE_RE.match(code):
        hint = f" (zéro initial perdu ? essayez {code.zfill(5)})" if code.isdigit() and len(code) < 5 else ""
        raise ProgrammeFileError(
            f"Ligne {line}, colonne « {column} » : code INSEE « {code} » invalide "
            f"(5 chiffres, ou 2A/2B suivi de 3 chiffres, attendus){hint}."
        )
    return code


def _siren(row: dict[str, str], line: int, column: str) -> str:
    siren = _required_value(row, column, line).replace(" ", "")
    if not SIREN_RE.match(siren):
        raise ProgrammeFileError(
            f"Ligne {line}, colonne « {column} » : SIREN « {siren} » invalide (9 chiffres attendus)."
        )
    if not luhn_ok(siren):
        raise ProgrammeFileError(
            f"Ligne {line}, colonne « {column} » : SIREN « {siren} » invalide (clé de contrôle incorrecte)."
        )
    return siren


def _iso_date(row: dict[str, str], line: int, column: str) -> date | None:
    value = _value(row, column)
    if not value:
        return None
    try:
        if not ISO_DATE_RE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ProgrammeFileError(
            f"Ligne {line}, colonne « {column} » : date « {value} » invalide (format AAAA-MM-JJ attendu, ou vide)."
        ) from exc


def _commune_row(row: dict[str, str], line: int, id_col: str, name_col: str | None, date_col: str | None) -> Row:
    local_id = _required_value(row, id_col, line)
    raw = _insee(row, line)
    return Row(
        line=line,
        local_id=local_id,
        local_name=_required_value(row, name_col, line) if name_col else "",
        kind=COMMUNE,
        code=arrondissement_commune(raw),
        signed_on=_iso_date(row, line, date_col) if date_col else None,
        raw_code=raw,
    )


def parse_acv_row(row: dict[str, str], line: int) -> Row:
    return _commune_row(row, line, "id_acv", "lib_acv", "date_signature")


def parse_pvd_row(row: dict[str, str], line: int) -> Row:
    # A PVD id is a single commune; its lib_com is a stale COG-2023 name, so the label stays
    # empty and the name always comes from the COG.
    return _commune_row(row, line, "id_pvd", None, "date_signature")


def parse_qpv_row(row: dict[str, str], line: int) -> Row:
    return _commune_row(row, line, "code_qp", "lib_qp", None)


def parse_fs_row(row: dict[str, str], line: int) -> Row:
    parsed = _commune_row(row, line, "id_fs", "lib_fs", None)
    # `labellisation_fs` is free text ("Espace labellisé 01/01/2020"): its date, when there is
    # one, is the labelling date; free text without a date is not an error.
    match = FRENCH_DATE_RE.search(_value(row, "labellisation_fs"))
    signed_on = None
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            signed_on = date(year, month, day)
        except ValueError as exc:
            raise ProgrammeFileError(
                f"Ligne {line}, colonne « labellisation_fs » : date « {match.group(0)} » impossible."
            ) from exc
    return Row(**{**parsed.__dict__, "signed_on": signed_on})


def parse_ti_row(row: dict[str, str], line: int) -> Row:
    return Row(
        line=line,
        local_id=_required_value(row, "id_ti", line),
        local_name=_required_value(row, "lib_ti", line),
        kind=EPCI_KIND,
        code=_siren(row, line, "siren_epci"),
        raw_code=_value(row, "siren_epci"),
        target_name=_value(row, "lib_epci"),
    )


FORMATS: dict[Programme, Format] = {
    Programme.ACV: Format(Programme.ACV, "id_acv", ("id_acv", "lib_acv", "insee_com"), parse_acv_row, "insee_com"),
    Programme.PVD: Format(Programme.PVD, "id_pvd", ("id_pvd", "insee_com"), parse_pvd_row, "insee_com"),
    Programme.TI: Format(Programme.TI, "id_ti", ("id_ti", "lib_ti", "siren_epci"), parse_ti_row, "siren_epci"),
    Programme.QPV: Format(Programme.QPV, "code_qp", ("code_qp", "lib_qp", "insee_com"), parse_qpv_row, "insee_com"),
    Programme.FS: Format(Programme.FS, "id_fs", ("id_fs", "lib_fs", "insee_com"), parse_fs_row, "insee_com"),
}


def detect_programme(columns: Iterable[str]) -> Programme | None:
    """The programme whose marker column is in the header, if exactly one is."""
    present = set(columns)
    found = [fmt.programme for fmt in FORMATS.values() if fmt.marker in present]
    return found[0] if len(found) == 1 else None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProgrammeFileError(
            f"Ligne {line} : le fichier n'est pas encodé en UTF-8 (octet 0x{data[exc.start]:02x}). "
            "Réenregistrez-le en « CSV UTF-8 »."
        ) from exc


def _delimiter(header_line: str) -> str:
    # ANCT's own copies use commas; data.gouv.fr exports often use semicolons.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_header(data: bytes) -> list[str]:
    """The column names of a file (for recognising a list without parsing it all)."""
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")
    return [c.strip() for c in next(csv.reader([first], delimiter=_delimiter(first)), [])]


def parse_programme_file(data: bytes, programme: str | None = None) -> ParsedList:
    """Validate every row; raise ProgrammeFileError naming the line on the first problem."""
    if not data.strip():
        raise ProgrammeFileError("Ligne 1 : le fichier est vide (en-tête attendu).")
    if len(data) > MAX_FILE_BYTES:
        raise ProgrammeFileError(f"Le fichier dépasse {MAX_FILE_BYTES // (1024 * 1024)} Mo : est-ce bien une liste ?")
    text = _decode(data)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        columns = [c.strip() for c in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ProgrammeFileError(f"Ligne 1 : en-tête illisible ({exc}).") from exc
    reader.fieldnames = columns
    detected = detect_programme(columns)
    if programme:
        try:
            chosen = Programme(programme)
        except ValueError as exc:
            raise ProgrammeFileError(f"Programme inconnu : « {programme} ».") from exc
    elif detected is None:
        raise ProgrammeFileError(
            "Ligne 1 : programme non reconnu d'après les colonnes "
            f"({', '.join(columns) or 'aucune'}) ; précisez-le (acv, pvd, ti, qpv ou fs)."
        )
    else:
        chosen = detected
    fmt = FORMATS[chosen]
    missing = [c for c in fmt.required if c not in columns]
    if missing:
        raise ProgrammeFileError(
            f"Ligne 1 : colonne(s) manquante(s) pour la liste {chosen.label} : {', '.join(missing)} "
            f"(trouvé : {', '.join(columns) or 'aucune'})."
        )
    rows: list[Row] = []
    seen_raw: dict[tuple[str, str], int] = {}
    kept: dict[tuple[str, str, str], Row] = {}
    merged = 0
    try:
        for record in reader:
            line = reader.line_num
            if None in record:
                raise ProgrammeFileError(
                    f"Ligne {line} : plus de valeurs que de colonnes (un champ contenant une virgule "
                    "doit être entre guillemets)."
                )
            if not any((v or "").strip() for v in record.values()):
                continue  # a blank line in the middle of the file carries nothing
            row = fmt.parse_row(record, line)
            raw_key = (row.local_id, row.raw_code)
            if raw_key in seen_raw:
                raise ProgrammeFileError(
                    f"Ligne {line} : doublon de la ligne {seen_raw[raw_key]} "
                    f"({fmt.required[0]} {row.local_id}, colonne « {fmt.key_column} » {row.raw_code})."
                )
            seen_raw[raw_key] = line
            if row.key in kept:
                merged += 1
                continue
            kept[row.key] = row
            rows.append(row)
    except csv.Error as exc:
        raise ProgrammeFileError(f"Ligne {reader.line_num} : CSV mal formé ({exc}).") from exc
    if not rows:
        raise ProgrammeFileError("Ligne 2 : le fichier ne contient aucune ligne de données.")
    return ParsedList(programme=chosen, rows=rows, merged=merged)


def vintage_from_filename(name: str) -> str:
    """'france_services_20240801.csv' → '2024-08-01'; 'acv_communes_2024.csv' → '2024'; else ''."""
    stem = Path(name).stem
    for match in re.finditer(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", stem):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    match = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)
    return match[1] if match else ""


# --- Diff -----------------------------------------------------------------------------------


MembershipKey = tuple[str, str, str]  # (local_id, kind, code)


@dataclass(frozen=True)
class Unattached:
    line: int
    local_id: str
    code: str
    label: str  # what the file says the code is (EPCI name), when it says it


@dataclass
class ProgrammeDiff:
    programme: Programme
    vintage: str
    source_name: str
    checksum: str
    total_rows: int
    added: list[Row] = field(default_factory=list)
    removed: list[MembershipKey] = field(default_factory=list)
    changed: list[tuple[MembershipKey, str, str]] = field(default_factory=list)  # key, before, after
    unchanged: int = 0
    unattached: list[Unattached] = field(default_factory=list)
    merged: int = 0
    # TI rows carrying a commune SIREN that were attached to the commune.
    communes_from_siren: list[tuple[str, str]] = field(default_factory=list)
    previous_vintage: str = ""
    # The rows to keep, by membership key, for apply_diff.
    wanted: dict[MembershipKey, Row] = field(default_factory=dict, repr=False)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        return (
            f"{self.programme.label} {self.vintage} ({self.source_name}) : {self.total_rows} ligne(s) ; "
            f"{len(self.added)} ajoutée(s), {len(self.removed)} retirée(s), {len(self.changed)} modifiée(s), "
            f"{self.unchanged} inchangée(s) ; {len(self.unattached)} non rattachée(s)."
        )

    def lines(self, limit: int | None = 10) -> list[str]:
        """Human-readable diff, details capped at `limit` entries per list (None: all)."""

        def capped(items: list[str]) -> str:
            shown = items if limit is None else items[:limit]
            more = len(items) - len(shown)
            return ", ".join(shown) + (f" … et {more} autre(s)" if more else "")

        out = [self.summary()]
        if self.previous_vintage and self.previous_vintage != self.vintage:
            out.append(f"  Millésime précédent : {self.previous_vintage}.")
        if self.added:
            out.append("  Ajoutées : " + capped([f"{r.local_id} {r.code}" for r in self.added]))
        if self.removed:
            out.append("  Retirées : " + capped([f"{k[0]} {k[2]}" for k in self.removed]))
        if self.changed:
            out.append("  Modifiées : " + capped([f"{k[0]} {k[2]} ({old} → {new})" for k, old, new in self.changed]))
        if self.unattached:
            # Always listed in full: these are the rows someone has to look at.
            out.append(
                "  Non rattachées (inconnues du référentiel géographique chargé) : "
                + ", ".join(f"{u.code} {u.label} (ligne {u.line}, id {u.local_id})" for u in self.unattached)
            )
        if self.communes_from_siren:
            out.append(
                "  Rattachées aux communes (SIREN de la commune, ou de l'EPT du Grand Paris) : "
                + ", ".join(f"{siren} → {code}" for siren, code in self.communes_from_siren)
            )
        if self.merged:
            out.append(
                f"  {self.merged} ligne(s) d'arrondissement fusionnée(s) avec leur commune (Paris, Lyon, Marseille)."
            )
        return out


def _describe(name: str, signed_on: date | None) -> str:
    parts = [f"« {name} »" if name else "sans libellé", signed_on.isoformat() if signed_on else "sans date"]
    return ", ".join(parts)


def compute_diff(parsed: ParsedList, *, vintage: str, source_name: str, checksum: str) -> ProgrammeDiff:
    """Compare the parsed list with the programme's current memberships (reads, never writes)."""
    programme = parsed.programme
    diff = ProgrammeDiff(
        programme=programme,
        vintage=vintage,
        source_name=source_name,
        checksum=checksum,
        total_rows=len(parsed.rows) + parsed.merged,
        merged=parsed.merged,
    )
    is_ti = programme == Programme.TI
    known_epci = set(EPCI.objects.values_list("siren", flat=True)) if is_ti else set()
    known_communes = set() if is_ti else set(Commune.objects.values_list("code", flat=True))
    other_sirens = {r.code for r in parsed.rows if is_ti and r.code not in known_epci}
    commune_of_siren = dict(Commune.objects.filter(siren__in=other_sirens).values_list("siren", "code"))
    # An EPT of the Métropole du Grand Paris (not an EPCI à fiscalité propre): its member communes.
    communes_of_ept: dict[str, list[str]] = {}
    for code, ept in Commune.objects.filter(ept_siren__in=other_sirens).values_list("code", "ept_siren"):
        communes_of_ept.setdefault(ept, []).append(code)
    wanted: dict[MembershipKey, Row] = {}
    for row in parsed.rows:
        if is_ti and row.code in communes_of_ept:
            for code in sorted(communes_of_ept[row.code]):
                member = Row(**{**row.__dict__, "kind": COMMUNE, "code": code})
                diff.communes_from_siren.append((row.raw_code, code))
                if member.key in wanted:
                    diff.merged += 1
                else:
                    wanted[member.key] = member
            continue
        if is_ti and row.code not in known_epci:
            code = commune_of_siren.get(row.code)
            if code is None:
                diff.unattached.append(Unattached(row.line, row.local_id, row.code, row.target_name))
                continue
            row = Row(**{**row.__dict__, "kind": COMMUNE, "code": code})
            diff.communes_from_siren.append((row.raw_code, code))
        elif not is_ti and row.code not in known_communes:
            diff.unattached.append(Unattached(row.line, row.local_id, row.raw_code, row.local_name))
            continue
        if row.key in wanted:  # a commune-SIREN row duplicating a commune already listed
            diff.merged += 1
            continue
        wanted[row.key] = row
    current = {
        (m.local_id, COMMUNE if m.commune_id else EPCI_KIND, m.commune_id or m.epci_id): m
        for m in ProgrammeMembership.objects.filter(programme=programme)
    }
    diff.previous_vintage = next(iter(current.values())).vintage if current else ""
    for key, row in wanted.items():
        membership = current.get(key)
        if membership is None:
            diff.added.append(row)
        elif (membership.local_name, membership.signed_on) != (row.local_name, row.signed_on):
            diff.changed.append(
                (key, _describe(membership.local_name, membership.signed_on), _describe(row.local_name, row.signed_on))
            )
        else:
            diff.unchanged += 1
    diff.removed = sorted(key for key in current if key not in wanted)
    diff.wanted = wanted
    return diff


# --- Writes ---------------------------------------------------------------------------------


def refresh_flags(programme: str) -> tuple[int, int]:
    """Recompute the Commune flag of `programme` from its memberships in two UPDATE queries.

    TI memberships are EPCIs (a commune is in a TI through its EPCI), plus the communes listed
    on their own. Returns (flags set, flags cleared).
    """
    programme = Programme(programme)
    flag = PROGRAMME_FLAG[programme]
    memberships = ProgrammeMembership.objects.filter(programme=programme)
    member = Q(code__in=memberships.filter(commune__isnull=False).values("commune_id"))
    if programme == Programme.TI:
        member |= Q(epci_id__in=memberships.filter(epci__isnull=False).values("epci_id"))
    cleared = Commune.objects.filter(**{flag: True}).exclude(member).update(**{flag: False})
    set_ = Commune.objects.filter(member, **{flag: False}).update(**{flag: True})
    return set_, cleared


@dataclass
class ImportResult:
    diff: ProgrammeDiff
    applied: bool = False
    record: ProgrammeImport | None = None
    flags_set: int = 0
    flags_cleared: int = 0
    flagged: int = 0  # communes carrying the flag after the import


@transaction.atomic
def apply_diff(diff: ProgrammeDiff, imported_by: str = "") -> ImportResult:
    """Write the diff (create added, delete removed, update changed), record the import, refresh the flags."""
    programme = diff.programme
    wanted = diff.wanted
    memberships = ProgrammeMembership.objects.filter(programme=programme)
    current = {(m.local_id, COMMUNE if m.commune_id else EPCI_KIND, m.commune_id or m.epci_id): m for m in memberships}
    # The preview may be stale (another import in between): the file decides, so the write is
    # recomputed against the rows as they are now, inside this transaction.
    removed_ids = [m.pk for key, m in current.items() if key not in wanted]
    to_create, to_update = [], []
    for key, row in wanted.items():
        membership = current.get(key)
        if membership is None:
            to_create.append(
                ProgrammeMembership(
                    programme=programme,
                    vintage=diff.vintage,
                    local_id=row.local_id,
                    local_name=row.local_name,
                    commune_id=row.code if row.kind == COMMUNE else None,
                    epci_id=row.code if row.kind == EPCI_KIND else None,
                    signed_on=row.signed_on,
                )
            )
        elif (membership.local_name, membership.signed_on) != (row.local_name, row.signed_on):
            membership.local_name, membership.signed_on = row.local_name, row.signed_on
            to_update.append(membership)
    try:
        for start in range(0, len(removed_ids), 500):
            ProgrammeMembership.objects.filter(pk__in=removed_ids[start : start + 500]).delete()
        ProgrammeMembership.objects.bulk_create(to_create, batch_size=1000)
        if to_update:
            ProgrammeMembership.objects.bulk_update(to_update, ["local_name", "signed_on"], batch_size=1000)
        # Every membership now belongs to this list: one UPDATE for the vintage.
        memberships.exclude(vintage=diff.vintage).update(vintage=diff.vintage)
    except IntegrityError as exc:
        raise ProgrammeFileError(
            "L'écriture a échoué (un autre import de ce programme a-t-il eu lieu en même temps ?) ; "
            "rien n'a été écrit, relancez l'import."
        ) from exc
    last = ProgrammeImport.objects.filter(programme=programme).order_by("-imported_at", "-pk").first()
    if (
        not (to_create or removed_ids or to_update)
        and last
        and (last.checksum, last.vintage)
        == (
            diff.checksum,
            diff.vintage,
        )
    ):
        # The same file again (`make demo` runs every time): nothing new to record.
        flags_set, flags_cleared = refresh_flags(programme)
        flagged = Commune.objects.filter(**{PROGRAMME_FLAG[programme]: True}).count()
        return ImportResult(diff, True, last, flags_set, flags_cleared, flagged)
    record = ProgrammeImport.objects.create(
        programme=programme,
        vintage=diff.vintage,
        source_name=diff.source_name[:300],
        checksum=diff.checksum,
        added=len(to_create),
        removed=len(removed_ids),
        # Kept memberships, label or date updated or not: added + unchanged = memberships now.
        unchanged=len(wanted) - len(to_create),
        imported_by=imported_by[:200],
    )
    flags_set, flags_cleared = refresh_flags(programme)
    flagged = Commune.objects.filter(**{PROGRAMME_FLAG[programme]: True}).count()
    if flags_set or flags_cleared:
        notify_reference_changed(f"programme:{programme}")
    return ImportResult(diff, True, record, flags_set, flags_cleared, flagged)


def import_programme_file(
    data: bytes,
    *,
    source_name: str,
    programme: str | None = None,
    vintage: str | None = None,
    apply: bool = False,
    imported_by: str = "",
) -> ImportResult:
    """Parse, diff and (with apply) write one official list. Raises ProgrammeFileError, writing nothing."""
    parsed = parse_programme_file(data, programme)
    vintage = (vintage or "").strip() or vintage_from_filename(source_name)
    if not vintage:
        raise ProgrammeFileError(
            f"Millésime introuvable dans le nom « {source_name} » : indiquez-le (par exemple 2024 ou 2024-08-01)."
        )
    if len(vintage) > 50:
        raise ProgrammeFileError("Le millésime dépasse 50 caractères.")
    checksum = hashlib.sha256(data).hexdigest()
    diff = compute_diff(parsed, vintage=vintage, source_name=source_name, checksum=checksum)
    if not apply:
        return ImportResult(diff)
    return apply_diff(diff, imported_by=imported_by)


def recognised_files(directory: Path) -> tuple[dict[Programme, Path], list[str]]:
    """The newest list of each programme in `directory`, recognised by its columns.

    Returns ({programme: file}, notes about the files left aside).
    """
    found: dict[Programme, list[Path]] = {}
    notes = []
    for path in sorted(directory.glob("*.csv")):
        try:
            programme = detect_programme(read_header(path.read_bytes()[:65536]))
        except ProgrammeFileError:
            programme = None
        if programme is None:
            notes.append(f"{path.name} : pas une liste de programme reconnue, ignoré.")
            continue
        found.setdefault(programme, []).append(path)
    chosen = {}
    for programme, paths in found.items():
        # Several vintages of one list: only the newest describes the current memberships.
        paths.sort(key=lambda p: (vintage_from_filename(p.name), p.name))
        chosen[programme] = paths[-1]
        notes.extend(f"{p.name} : liste {programme.label} antérieure à {paths[-1].name}, ignorée." for p in paths[:-1])
    return dict(sorted(chosen.items(), key=lambda item: list(Programme).index(item[0]))), notes
