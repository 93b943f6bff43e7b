"""Département outlines for the offer map: import from a GeoJSON file, and the shapes the map reads.

The COG has no geometry. A GeoJSON FeatureCollection of département outlines (WGS84, properties
`insee_dep` and `lib_dep`, Polygon or MultiPolygon; e.g. `../shared/data/territoires/
departements_contours.geojson`, from ANCT's cartography team after IGN Admin Express) is imported
with `import_departement_outlines FILE --apply`. Each outline is stored simplified twice
(cartography.simplify_outline): ~1 km for the map of France, ~50 m for the zoom on one
département, so a page never reads the 2 MB source. The file's vintage, source and SHA-256 are
recorded in the `ReferenceDataset` "departements_contours".

A bad file is refused whole with a French message (nothing written): not JSON, not a
FeatureCollection, a feature without code, a code twice, a geometry that is not a polygon, a point
outside France. Codes unknown to the loaded COG are reported and skipped; the outlines of
départements absent from a new file are removed (the file is the whole set).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from dataclasses import dataclass, field

from django.db import transaction

from . import cartography
from .cartography import NationalLayout, Outline
from .models import Departement, DepartementOutline, ReferenceDataset

DATASET_NAME = "departements_contours"
CODE_PATTERN = re.compile(r"^(\d{2}|2[AB]|97\d)$")
# Degrees of latitude. The national map draws metropolitan France about 800 units wide for
# ~1,000 km: 0.01° (1.1 km) is under one unit. An overseas inset is drawn at its own scale, so
# its tolerance follows its size.
NATIONAL_TOLERANCE = 0.01
OVERSEAS_NATIONAL_SHARE = 1 / 250
DETAILED_TOLERANCE = 0.0005
NATIONAL_DECIMALS, DETAILED_DECIMALS = 3, 4
# Where each territory lies (min_lon, min_lat, max_lon, max_lat), with a margin: a point outside
# its own territory's box is a swapped longitude/latitude or a projected file, never an outline.
TERRITORY_BOXES = {
    "metro": (-5.8, 41.0, 10.0, 51.5),
    "971": (-62.0, 15.7, -60.8, 16.7),
    "972": (-61.4, 14.2, -60.6, 15.0),
    "973": (-54.9, 1.9, -51.3, 6.0),
    "974": (55.0, -21.6, 56.0, -20.6),
    "976": (44.8, -13.2, 45.5, -12.4),
}


class OutlineFileError(Exception):
    pass


@dataclass
class ParsedOutline:
    code: str
    name: str
    outline: Outline


@dataclass
class OutlineImport:
    outlines: dict[str, ParsedOutline] = field(default_factory=dict)
    unknown_codes: list[str] = field(default_factory=list)
    missing_codes: list[str] = field(default_factory=list)  # départements of the COG without an outline
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    national_points: int = 0
    detailed_points: int = 0


# --- parsing --------------------------------------------------------------------------------------


def _ring(value: object, where: str, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    if not isinstance(value, list) or len(value) < 4:
        raise OutlineFileError(f"{where} : un anneau doit avoir au moins 4 positions.")
    ring = []
    for position in value:
        if not isinstance(position, list) or len(position) < 2:
            raise OutlineFileError(f"{where} : position invalide ({str(position)[:40]}).")
        lon, lat = position[0], position[1]
        if (
            isinstance(lon, bool)
            or isinstance(lat, bool)
            or not isinstance(lon, int | float)
            or not isinstance(lat, int | float)
        ):
            raise OutlineFileError(f"{where} : coordonnées non numériques ({str(position)[:40]}).")
        lon, lat = float(lon), float(lat)
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise OutlineFileError(f"{where} : coordonnées non finies.")
        if not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            raise OutlineFileError(
                f"{where} : le point (longitude {lon}, latitude {lat}) est hors de son territoire "
                "(les coordonnées doivent être en WGS84, longitude d'abord)."
            )
        ring.append((lon, lat))
    return ring


def _geometry(geometry: object, where: str, box: tuple[float, float, float, float]) -> Outline:
    if not isinstance(geometry, dict):
        raise OutlineFileError(f"{where} : géométrie absente.")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates if isinstance(coordinates, list) else None
    else:
        raise OutlineFileError(f"{where} : géométrie « {kind} » (Polygon ou MultiPolygon attendu).")
    if not polygons or not all(isinstance(p, list) and p for p in polygons):
        raise OutlineFileError(f"{where} : coordonnées de polygone absentes ou vides.")
    return [[_ring(ring, where, box) for ring in polygon] for polygon in polygons]


def parse_outlines(data: bytes) -> dict[str, ParsedOutline]:
    """Parse the GeoJSON; raise OutlineFileError naming the feature on the first problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OutlineFileError("Le fichier n'est pas encodé en UTF-8.") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OutlineFileError(
            f"Le fichier n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})."
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise OutlineFileError("Le fichier n'est pas une FeatureCollection GeoJSON.")
    crs = document.get("crs")
    crs = crs.get("properties") if isinstance(crs, dict) else None
    crs = str(crs.get("name") or "") if isinstance(crs, dict) else ""
    if crs and not crs.endswith(("CRS84", "4326")):
        raise OutlineFileError(f"Système de coordonnées « {crs} » non pris en charge (WGS84 attendu).")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise OutlineFileError("Le fichier ne contient aucun département (liste « features » vide ou absente).")
    outlines: dict[str, ParsedOutline] = {}
    for index, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise OutlineFileError(f"Département n° {index} : propriétés absentes.")
        code = str(properties.get("insee_dep") or "").strip().upper()
        if not CODE_PATTERN.match(code):
            raise OutlineFileError(
                f"Département n° {index} : code « {code} » invalide "
                "(propriété insee_dep attendue, par exemple 58 ou 2A)."
            )
        if code in outlines:
            raise OutlineFileError(f"Département n° {index} : le code {code} apparaît deux fois.")
        name = str(properties.get("lib_dep") or code).strip()
        box = TERRITORY_BOXES.get(code) or TERRITORY_BOXES["metro"]
        if code.startswith("97") and code not in TERRITORY_BOXES:
            raise OutlineFileError(f"Département n° {index} : code {code} hors du référentiel (métropole et DROM).")
        outline = _geometry(feature.get("geometry"), f"Département {code} ({name})", box)
        outlines[code] = ParsedOutline(code, name, outline)
    return outlines


# --- import ---------------------------------------------------------------------------------------


def _plain(outline: Outline) -> list:
    """As stored in a JSONField (lists, not tuples), to compare with what is there."""
    return [[[list(p) for p in ring] for ring in polygon] for polygon in outline]


def _count(outline: Outline) -> int:
    return sum(len(ring) for polygon in outline for ring in polygon)


def simplified(parsed: ParsedOutline) -> tuple[Outline, Outline]:
    """(national, detailed) versions of an outline."""
    if cartography.is_overseas(parsed.code):
        min_lon, min_lat, max_lon, max_lat = cartography.outline_bbox(parsed.outline)
        tolerance = max(max_lon - min_lon, max_lat - min_lat) * OVERSEAS_NATIONAL_SHARE
        national = cartography.simplify_outline(parsed.outline, tolerance, DETAILED_DECIMALS)
    else:
        national = cartography.simplify_outline(parsed.outline, NATIONAL_TOLERANCE, NATIONAL_DECIMALS)
    detailed = cartography.simplify_outline(parsed.outline, DETAILED_TOLERANCE, DETAILED_DECIMALS)
    return national, detailed


def import_outlines(data: bytes, *, apply: bool = False, vintage: str = "", source: str = "") -> OutlineImport:
    """Compare the file with the stored outlines; with apply, write them in one transaction."""
    result = OutlineImport(outlines=parse_outlines(data))
    known = set(Departement.objects.values_list("code", flat=True))
    result.unknown_codes = sorted(code for code in result.outlines if code not in known)
    wanted = {code: p for code, p in result.outlines.items() if code in known}
    if not wanted:
        raise OutlineFileError(
            "Aucun code du fichier n'est un département du référentiel chargé "
            "(chargez d'abord le COG : manage.py load_territories)."
        )
    result.missing_codes = sorted(known - set(wanted))
    with transaction.atomic():
        existing = {o.departement_id: o for o in DepartementOutline.objects.all()}
        for code, parsed in sorted(wanted.items()):
            national, detailed = simplified(parsed)
            if not national or not detailed:
                raise OutlineFileError(f"Département {code} ({parsed.name}) : contour trop petit ou dégénéré.")
            result.national_points += _count(national)
            result.detailed_points += _count(detailed)
            min_lon, min_lat, max_lon, max_lat = cartography.outline_bbox(detailed)
            values = {
                "national": _plain(national),
                "detailed": _plain(detailed),
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
            }
            current = existing.get(code)
            if current is None:
                result.added += 1
            elif all(getattr(current, key) == value for key, value in values.items()):
                result.unchanged += 1
                continue
            else:
                result.changed += 1
            if apply:
                DepartementOutline.objects.update_or_create(departement_id=code, defaults=values)
        stale = [code for code in existing if code not in wanted]
        result.removed = len(stale)
        if apply:
            DepartementOutline.objects.filter(departement_id__in=stale).delete()
            ReferenceDataset.objects.update_or_create(
                name=DATASET_NAME,
                defaults={
                    "vintage": vintage[:50] or "non précisé",
                    "source": source[:300],
                    "checksum": hashlib.sha256(data).hexdigest(),
                },
            )
            # Now for this connection (it sees its own writes), and again once committed for
            # the threads that rebuilt in between from the old rows.
            invalidate()
            transaction.on_commit(invalidate)
    return result


# --- what the map reads ---------------------------------------------------------------------------

_cache: dict[str, object] = {"layout": None, "fingerprint": None}
_lock = threading.Lock()


def provenance() -> ReferenceDataset | None:
    return ReferenceDataset.objects.filter(name=DATASET_NAME).first()


def _fingerprint() -> tuple:
    dataset = ReferenceDataset.objects.filter(name=DATASET_NAME).values_list("checksum", "loaded_at").first()
    return dataset, DepartementOutline.objects.count()


def national_layout() -> NationalLayout:
    """The projected paths of every stored outline at national zoom, built once per import and
    process (about 60 ms of projection on the demo machine; then each page only colours them)."""
    fingerprint = _fingerprint()
    with _lock:
        layout = _cache["layout"]
        if layout is not None and _cache["fingerprint"] == fingerprint:
            return layout  # type: ignore[return-value]
    rows = DepartementOutline.objects.select_related("departement").only("departement__name", "national")
    outlines = {row.departement_id: _outline(row.national) for row in rows}
    names = {row.departement_id: row.departement.name for row in rows}
    layout = cartography.national_layout(outlines, names)
    with _lock:
        _cache["layout"], _cache["fingerprint"] = layout, fingerprint
    return layout


def zoom_outlines(code: str) -> tuple[Outline | None, list[Outline]]:
    """The detailed outline of a département and those of the départements its box touches."""
    own = DepartementOutline.objects.filter(departement_id=code).first()
    if own is None:
        return None, []
    # Neighbours: boxes overlapping the zoom's box, widened by the frame's margin.
    pad = 0.1
    neighbours = (
        DepartementOutline.objects.exclude(departement_id=code)
        .filter(
            min_lon__lte=own.max_lon + pad,
            max_lon__gte=own.min_lon - pad,
            min_lat__lte=own.max_lat + pad,
            max_lat__gte=own.min_lat - pad,
        )
        .values_list("detailed", flat=True)
    )
    return _outline(own.detailed), [_outline(n) for n in neighbours]


def _outline(stored: list) -> Outline:
    return [[[(p[0], p[1]) for p in ring] for ring in polygon] for polygon in stored]


def invalidate(**kwargs: object) -> None:
    with _lock:
        _cache["layout"] = None
