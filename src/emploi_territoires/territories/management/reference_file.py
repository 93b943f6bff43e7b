"""What the reference-file imports share (`import_density_grid`, `import_departement_outlines`): the
file, `--apply`, `--vintage` and `--source` arguments, and their checks before anything is read."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from emploi_territoires.territories.models import ReferenceDataset

VINTAGE_MAX = ReferenceDataset._meta.get_field("vintage").max_length
SOURCE_MAX = ReferenceDataset._meta.get_field("source").max_length


def add_reference_file_arguments(parser, vintage_of: str) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")
    parser.add_argument("--vintage", default="", help=f"millésime {vintage_of} ({VINTAGE_MAX} caractères au plus)")
    parser.add_argument("--source", default="", help="provenance (par défaut : le nom du fichier)")


def checked_source(file: Path, vintage: str, source: str) -> str:
    """The source to record (the file's name by default); CommandError for a missing file or long labels."""
    if not file.is_file():
        raise CommandError(f"Fichier introuvable : {file}")
    source = source or file.name
    if len(vintage) > VINTAGE_MAX or len(source) > SOURCE_MAX:
        raise CommandError(
            f"Millésime ({len(vintage)} caractères) ou source ({len(source)}) trop long : "
            f"{VINTAGE_MAX} et {SOURCE_MAX} caractères au plus."
        )
    return source
