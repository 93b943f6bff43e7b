"""The INSEE communal density grid (grille communale de densité, 7 levels): import and reading.

A CSV `insee_com,dens7[,lib_dens7]` (e.g. `../shared/data/territoires/densite_communes.csv`,
exported from the Observatoire des territoires by ANCT; read that folder's README) is imported with
`import_density_grid FILE [--vintage V] [--source S] --apply`. Each commune's level is stored in
`Commune.density_level`; the vintage, source and SHA-256 in the `ReferenceDataset` "grille_densite".
The file is the whole grid: a commune it no longer lists loses its level.

A bad file is refused whole with a French message naming the line, and nothing is written: not
UTF-8, a missing column, a code that is not an INSEE code or appears twice, a level outside 1-7, a
label that contradicts its level. Codes unknown to the loaded COG are reported and skipped.

Who reads it: the VTA eligibility (vta/eligibility.py: rural communes are levels 5 to 7, INSEE's
definition) and the territory pages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum

from .models import DENSITY_LEVELS, Commune, ReferenceDataset

DATASET_NAME = "grille_densite"
REQUIRED_COLUMNS = ("insee_com", "dens7")
CODE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# INSEE's rural communes: bourgs ruraux, rural à habitat dispersé, rural à habitat très dispersé
# (the 4-level grid's « peu denses » and « très peu denses »).
RURAL_LEVELS = frozenset({5, 6, 7})


class DensityFileError(Exception):
    pass


@dataclass
class DensityImport:
    rows: dict[str, int] = field(default_factory=dict)
    unknown_codes: list[str] = field(default_factory=list)
    added: int = 0  # communes that had no level
    changed: int = 0
    unchanged: int = 0
    cleared: int = 0  # communes with a level that the file no longer lists
    by_level: dict[int, int] = field(default_factory=dict)
    changes: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # (code, before, after)


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFD", text.strip().lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


_LABELS = {_folded(label): level for level, label in DENSITY_LEVELS.items()}


def parse_density(data: bytes) -> dict[str, int]:
    """Parse the grid; raise DensityFileError naming the line on the first bad row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DensityFileError("Le fichier n'est pas encodé en UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise DensityFileError(
            f"Colonnes manquantes : {', '.join(missing)} (attendu : insee_com,dens7[,lib_dens7] ; "
            f"trouvé : {', '.join(columns) or 'aucune'})."
        )
    rows: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        code = (row.get("insee_com") or "").strip().upper()
        if not CODE_PATTERN.match(code):
            raise DensityFileError(f"Ligne {line} : code INSEE « {code} » invalide (5 caractères, par exemple 58079).")
        raw = (row.get("dens7") or "").strip()
        if not raw:
            raise DensityFileError(f"Ligne {line} : niveau de densité absent pour {code} (1 à 7 attendu).")
        if raw not in {str(level) for level in DENSITY_LEVELS}:
            raise DensityFileError(f"Ligne {line} : niveau de densité « {raw} » invalide pour {code} (1 à 7 attendu).")
        level = int(raw)
        label = (row.get("lib_dens7") or "").strip()
        if label and _LABELS.get(_folded(label.lstrip("0123456789 -"))) not in (None, level):
            raise DensityFileError(
                f"Ligne {line} : le libellé « {label} » ne correspond pas au niveau {level} "
                f"(« {DENSITY_LEVELS[level]} ») pour {code}."
            )
        if code in rows:
            raise DensityFileError(f"Ligne {line} : le code {code} apparaît deux fois.")
        rows[code] = level
    if not rows:
        raise DensityFileError("Le fichier ne contient aucune ligne de données.")
    return rows


def import_density(data: bytes, *, apply: bool = False, vintage: str = "", source: str = "") -> DensityImport:
    """Compare the file with the stored levels; with apply, write them in one transaction."""
    result = DensityImport(rows=parse_density(data))
    with transaction.atomic():
        current = dict(Commune.objects.values_list("code", "density_level"))
        if not current:
            raise DensityFileError(
                "Aucune commune dans le référentiel : chargez d'abord le COG (manage.py load_territories)."
            )
        result.unknown_codes = sorted(code for code in result.rows if code not in current)
        by_new_level: dict[int | None, list[str]] = defaultdict(list)
        for code, before in current.items():
            after = result.rows.get(code)
            if after is not None:
                result.by_level[after] = result.by_level.get(after, 0) + 1
            if before == after:
                if after is not None:
                    result.unchanged += 1
                continue
            if before is None:
                result.added += 1
            elif after is None:
                result.cleared += 1
            else:
                result.changed += 1
            result.changes.append((code, before, after))
            by_new_level[after].append(code)
        if apply:
            # One UPDATE per level (at most 8), in batches the SQLite parameter limit accepts.
            for level, codes in by_new_level.items():
                for start in range(0, len(codes), 900):
                    Commune.objects.filter(code__in=codes[start : start + 900]).update(density_level=level)
            ReferenceDataset.objects.update_or_create(
                name=DATASET_NAME,
                defaults={
                    "vintage": vintage[:50] or "non précisé",
                    "source": source[:300],
                    "checksum": hashlib.sha256(data).hexdigest(),
                },
            )
    return result


def provenance() -> ReferenceDataset | None:
    return ReferenceDataset.objects.filter(name=DATASET_NAME).first()


def level_label(level: int | None) -> str:
    return DENSITY_LEVELS.get(level, "") if level is not None else ""


@dataclass(frozen=True)
class PopulationByDensity:
    """A territory's population (sum of its communes') split by rural / not rural / level unknown."""

    rural: int
    other: int
    unknown: int

    @property
    def total(self) -> int:
        return self.rural + self.other + self.unknown

    @property
    def rural_share(self) -> float | None:
        """Share of the population living in rural communes; None when some level is unknown."""
        known = self.rural + self.other
        if self.unknown or not known:
            return None
        return self.rural / known


def population_by_density(communes, rural_levels: frozenset[int] = RURAL_LEVELS) -> PopulationByDensity:
    """`communes`: a Commune queryset (an EPCI's, a département's). One grouped query."""
    rows = communes.values("density_level").annotate(population=Sum("population")).order_by()
    rural = other = unknown = 0
    for row in rows:
        population = row["population"] or 0
        if row["density_level"] is None:
            unknown += population
        elif row["density_level"] in rural_levels:
            rural += population
        else:
            other += population
    return PopulationByDensity(rural, other, unknown)
