"""The project's compact copy of the official geographic code (COG).

`build_copy` turns the npm tarball of `@etalab/decoupage-administratif` into small CSV files
committed under `territories/data/cog/` (diff-friendly, so a new vintage shows as a readable
diff); `load_copy` loads them into the database idempotently and reports what changed. Running
the platform never needs Node.js: only rebuilding the copy needs the tarball.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction

from .coordinates import save_coordinates
from .models import EPCI, Commune, CoordinatesSource, Departement, PostalCode, ReferenceDataset, Region
from .search import normalize
from .signals import notify_reference_changed

COPY_DIR = Path(__file__).resolve().parent / "data" / "cog"
DATASET_NAME = "cog"
# Metropolitan France and the five DROM. The collectivités d'outre-mer (975, 977, 978, 984,
# 986-989) are left out: they have no région, and the programmes do not cover them.
KEPT_ZONES = {"metro", "drom"}

REGION_FIELDS = ["code", "name"]
DEPARTEMENT_FIELDS = ["code", "name", "region"]
EPCI_FIELDS = ["siren", "name", "nature", "population"]
COMMUNE_FIELDS = ["code", "name", "siren", "departement", "region", "epci", "ept", "population", "postcodes"]


class ReferenceError(Exception):
    """The tarball or the committed copy is not what we expect."""


@dataclass
class CopyFiles:
    regions: list[dict[str, str]]
    departements: list[dict[str, str]]
    epci: list[dict[str, str]]
    communes: list[dict[str, str]]
    meta: dict[str, str]


def _read_member(tar: tarfile.TarFile, name: str) -> list[dict]:
    try:
        member = tar.extractfile(f"package/data/{name}")
    except KeyError as exc:
        raise ReferenceError(f"Le fichier data/{name} est absent de l'archive.") from exc
    if member is None:
        raise ReferenceError(f"data/{name} n'est pas un fichier.")
    return json.load(member)


def _vintage_year(readme: str, version: str) -> str:
    """The package README has a table "| Année | Version du package |": find our version's year."""
    match = re.search(rf"^\|\s*(\d{{4}})\s*\|\s*{re.escape(version)}\s*\|", readme, flags=re.MULTILINE)
    return match.group(1) if match else ""


def build_copy(tarball: Path) -> CopyFiles:
    """Read the package tarball and return the rows of the compact copy."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    with tarfile.open(tarball, "r:gz") as tar:
        try:
            package = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        except KeyError as exc:
            raise ReferenceError("package/package.json absent : est-ce bien l'archive npm ?") from exc
        if package.get("name") != "@etalab/decoupage-administratif":
            raise ReferenceError(f"Paquet inattendu : {package.get('name')!r}.")
        regions = _read_member(tar, "regions.json")
        departements = _read_member(tar, "departements.json")
        epcis = _read_member(tar, "epci.json")
        communes = _read_member(tar, "communes.json")
        epts = _read_member(tar, "ept.json") if "package/data/ept.json" in tar.getnames() else []
        readme_member = tar.extractfile("package/README.md") if "package/README.md" in tar.getnames() else None
        readme = readme_member.read().decode("utf-8") if readme_member else ""

    region_rows = [{"code": r["code"], "name": r["nom"]} for r in regions if r.get("zone", "metro") in KEPT_ZONES]
    region_codes = {r["code"] for r in region_rows}
    departement_rows = [
        {"code": d["code"], "name": d["nom"], "region": d["region"]}
        for d in departements
        if d["region"] in region_codes
    ]
    epci_of: dict[str, str] = {}
    epci_rows = []
    for e in epcis:
        epci_rows.append(
            {
                "siren": e["code"],
                "name": e["nom"],
                "nature": e.get("type", ""),
                "population": str(e.get("populationMunicipale", 0)),
            }
        )
        for member in e.get("membres", []):
            epci_of[member["code"]] = e["code"]
    # Établissements publics territoriaux of the Métropole du Grand Paris: not EPCI à fiscalité
    # propre, but some programme lists (Territoires d'industrie) name them.
    ept_of = {member["code"]: e["code"] for e in epts for member in e.get("membres", [])}
    commune_rows = [
        {
            "code": c["code"],
            "name": c["nom"],
            "siren": c.get("siren", ""),
            "departement": c["departement"],
            "region": c["region"],
            "epci": epci_of.get(c["code"], ""),
            "ept": ept_of.get(c["code"], ""),
            "population": str(c.get("population", 0)),
            "postcodes": " ".join(c.get("codesPostaux", [])),
        }
        for c in communes
        if c["type"] == "commune-actuelle" and c.get("zone") in KEPT_ZONES
    ]
    meta = {
        "source": "npm @etalab/decoupage-administratif",
        "version": package["version"],
        "vintage": f"COG {_vintage_year(readme, package['version'])} (paquet {package['version']})".replace("  ", " "),
        "tarball_sha256": digest,
        "built_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "licence": "code MIT ; données Licence Ouverte (Etalab)",
        "communes": str(len(commune_rows)),
    }
    return CopyFiles(
        sorted(region_rows, key=lambda r: r["code"]),
        sorted(departement_rows, key=lambda r: r["code"]),
        sorted(epci_rows, key=lambda r: r["siren"]),
        sorted(commune_rows, key=lambda r: r["code"]),
        meta,
    )


def _write_csv(path: Path, fields: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_copy(files: CopyFiles, directory: Path = COPY_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    _write_csv(directory / "regions.csv", REGION_FIELDS, files.regions)
    _write_csv(directory / "departements.csv", DEPARTEMENT_FIELDS, files.departements)
    _write_csv(directory / "epci.csv", EPCI_FIELDS, files.epci)
    _write_csv(directory / "communes.csv", COMMUNE_FIELDS, files.communes)
    (directory / "VINTAGE.json").write_text(json.dumps(files.meta, ensure_ascii=False, indent=2) + "\n")


def read_copy(directory: Path = COPY_DIR) -> CopyFiles:
    def read(name: str) -> list[dict[str, str]]:
        with (directory / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    meta = json.loads((directory / "VINTAGE.json").read_text())
    return CopyFiles(read("regions.csv"), read("departements.csv"), read("epci.csv"), read("communes.csv"), meta)


def copy_checksum(directory: Path = COPY_DIR) -> str:
    digest = hashlib.sha256()
    for name in ("regions.csv", "departements.csv", "epci.csv", "communes.csv", COORDINATES_FILE):
        if (directory / name).exists():
            digest.update((directory / name).read_bytes())
    return digest.hexdigest()


# The registry package with commune positions (see docs/reference-data.md for its licence note).
COORDINATES_FILE = "coordinates_registry.csv"
COORDINATES_META = "COORDINATES.json"
# Points the package geocoded to the centre of France when it found nothing better.
_FALLBACK_POINT = (46.227638, 2.213749)


def build_registry_coordinates(tarball: Path, known_codes: set[str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Average the per-postcode points of npm `france-cities-js` into one point per commune."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    with tarfile.open(tarball, "r:gz") as tar:
        try:
            package = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
            cities = json.load(tar.extractfile("package/database/cities.json"))  # type: ignore[arg-type]
        except KeyError as exc:
            raise ReferenceError("Archive inattendue : package/database/cities.json absent.") from exc
    points: dict[str, list[tuple[float, float]]] = {}
    for row in cities:
        code, lat, lon = row.get("insee_code"), row.get("gps_lat"), row.get("gps_lng")
        if not code or lat is None or lon is None or (lat, lon) == _FALLBACK_POINT or code not in known_codes:
            continue
        points.setdefault(code, []).append((float(lat), float(lon)))
    rows = [
        {
            "insee_com": code,
            "lat": f"{sum(p[0] for p in pts) / len(pts):.5f}",
            "lon": f"{sum(p[1] for p in pts) / len(pts):.5f}",
        }
        for code, pts in sorted(points.items())
    ]
    meta = {
        "source": f"npm {package.get('name')} {package.get('version')}",
        "tarball_sha256": digest,
        "method": "moyenne des points par code postal du paquet (centres d'adresses), "
        "point « centre de la France » écarté",
        "licence": "package.json : ISC ; fichier LICENSE : GPL-3.0 ; données d'origine Licence Ouverte (INSEE, "
        "La Poste, BAN) — voir docs/reference-data.md",
        "communes": str(len(rows)),
        "built_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
    }
    return rows, meta


def write_registry_coordinates(rows: list[dict[str, str]], meta: dict[str, str], directory: Path = COPY_DIR) -> None:
    _write_csv(directory / COORDINATES_FILE, ["insee_com", "lat", "lon"], rows)
    (directory / COORDINATES_META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")


def apply_registry_coordinates(directory: Path = COPY_DIR) -> int:
    """Give the registry's point to every commune that has no imported centroid. Returns the count set."""
    path = directory / COORDINATES_FILE
    if not path.exists():
        return 0
    with path.open(encoding="utf-8", newline="") as fh:
        points = {row["insee_com"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)}
    to_update = []
    for commune in Commune.objects.only("code", "latitude", "longitude", "coordinates_source"):
        point = points.get(commune.code)
        if point is None or commune.coordinates_source == CoordinatesSource.CENTROID_FILE:
            continue
        if (commune.latitude, commune.longitude, commune.coordinates_source) != (*point, CoordinatesSource.REGISTRY):
            commune.latitude, commune.longitude = point
            commune.coordinates_source = CoordinatesSource.REGISTRY
            to_update.append(commune)
    save_coordinates(to_update)
    return len(to_update)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: bool = False
    coordinates_set: int = 0

    def lines(self) -> list[str]:
        if self.skipped:
            return ["Référentiel géographique déjà à jour (même empreinte) : rien à faire."]
        return [
            f"{kind}: {self.created.get(kind, 0)} ajouté(s), {self.updated.get(kind, 0)} modifié(s), "
            f"{self.removed.get(kind, 0)} retiré(s), {self.unchanged.get(kind, 0)} inchangé(s)"
            for kind in ("régions", "départements", "EPCI", "communes")
        ] + [f"Coordonnées du paquet publié appliquées à {self.coordinates_set} communes."]


def _sync(model, key: str, wanted: dict[str, dict], label: str, report: LoadReport, fields: list[str]) -> None:
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    unchanged = 0
    for pk, values in wanted.items():
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(**{key: pk}, **values))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            to_update.append(obj)
        else:
            unchanged += 1
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=2000)
    stale = [pk for pk in existing if pk not in wanted]
    if stale:
        model.objects.filter(**{f"{key}__in": stale}).delete()
    report.created[label] = len(to_create)
    report.updated[label] = len(to_update)
    report.removed[label] = len(stale)
    report.unchanged[label] = unchanged


@transaction.atomic
def load_copy(directory: Path = COPY_DIR, force: bool = False) -> LoadReport:
    """Load the committed copy: upsert every row, remove what the new vintage no longer has."""
    report = LoadReport()
    checksum = copy_checksum(directory)
    current = ReferenceDataset.objects.filter(name=DATASET_NAME).first()
    if current and current.checksum == checksum and not force and Commune.objects.exists():
        report.skipped = True
        return report
    files = read_copy(directory)
    _sync(Region, "code", {r["code"]: {"name": r["name"]} for r in files.regions}, "régions", report, ["name"])
    _sync(
        Departement,
        "code",
        {d["code"]: {"name": d["name"], "region_id": d["region"]} for d in files.departements},
        "départements",
        report,
        ["name", "region_id"],
    )
    # An EPCI's population is the sum of its communes' (territories.figures): the package's own EPCI
    # figure comes from another census vintage (CA de Nevers: 67,408 against 67,283), and two
    # figures for one territory is one too many.
    epci_population: dict[str, int] = {}
    for c in files.communes:
        if c["epci"]:
            epci_population[c["epci"]] = epci_population.get(c["epci"], 0) + int(c["population"] or 0)
    _sync(
        EPCI,
        "siren",
        {
            e["siren"]: {"name": e["name"], "nature": e["nature"], "population": epci_population.get(e["siren"], 0)}
            for e in files.epci
        },
        "EPCI",
        report,
        ["name", "nature", "population"],
    )
    wanted = {}
    for c in files.communes:
        wanted[c["code"]] = {
            "name": c["name"],
            "search_name": normalize(c["name"]),
            "siren": c.get("siren", ""),
            "departement_id": c["departement"],
            "region_id": c["region"],
            "epci_id": c["epci"] or None,
            "ept_siren": c.get("ept", ""),
            "population": int(c["population"] or 0),
            "postcodes": c["postcodes"].split(),
        }
    _sync(
        Commune,
        "code",
        wanted,
        "communes",
        report,
        [
            "name",
            "search_name",
            "siren",
            "departement_id",
            "region_id",
            "epci_id",
            "ept_siren",
            "population",
            "postcodes",
        ],
    )
    _sync_postcodes(wanted)
    report.coordinates_set = apply_registry_coordinates(directory)
    notify_reference_changed("cog")
    ReferenceDataset.objects.update_or_create(
        name=DATASET_NAME,
        defaults={
            "vintage": files.meta.get("vintage", ""),
            "source": f"{files.meta.get('source', '')} {files.meta.get('version', '')}".strip(),
            "checksum": checksum,
        },
    )
    return report


def _sync_postcodes(wanted: dict[str, dict]) -> None:
    pairs = {(pc, code) for code, values in wanted.items() for pc in values["postcodes"]}
    existing = set(PostalCode.objects.values_list("code", "commune_id"))
    PostalCode.objects.bulk_create(
        [PostalCode(code=pc, commune_id=code) for pc, code in sorted(pairs - existing)], batch_size=5000
    )
    stale = existing - pairs
    for pc, code in stale:
        PostalCode.objects.filter(code=pc, commune_id=code).delete()


def coordinates_coverage() -> dict[str, int]:
    """How many communes have coordinates, by origin."""
    counts = {choice.value: 0 for choice in CoordinatesSource}
    for (source,) in Commune.objects.values_list("coordinates_source"):
        counts[source] = counts.get(source, 0) + 1
    counts["total"] = sum(counts.values())
    return counts
