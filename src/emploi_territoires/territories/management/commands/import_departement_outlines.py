"""Import département outlines (GeoJSON FeatureCollection, WGS84, properties insee_dep and lib_dep)
for the offer map.

Dry run by default: prints what would change. `--apply` writes, in one transaction, with the
file's vintage, source and SHA-256 (see territories.outlines).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.models import ReferenceDataset
from emploi_territoires.territories.outlines import OutlineFileError, import_outlines

VINTAGE_MAX = ReferenceDataset._meta.get_field("vintage").max_length
SOURCE_MAX = ReferenceDataset._meta.get_field("source").max_length


class Command(BaseCommand):
    help = "Importe les contours des départements (GeoJSON) pour la carte des offres."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")
        parser.add_argument("--vintage", default="", help=f"millésime du fichier ({VINTAGE_MAX} caractères au plus)")
        parser.add_argument("--source", default="", help="provenance (par défaut : le nom du fichier)")

    def handle(self, file: Path, apply: bool, vintage: str, source: str, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        source = source or file.name
        if len(vintage) > VINTAGE_MAX or len(source) > SOURCE_MAX:
            raise CommandError(
                f"Millésime ({len(vintage)} caractères) ou source ({len(source)}) trop long : "
                f"{VINTAGE_MAX} et {SOURCE_MAX} caractères au plus."
            )
        try:
            result = import_outlines(file.read_bytes(), apply=apply, vintage=vintage, source=source)
        except OutlineFileError as exc:
            raise CommandError(f"{file.name} refusé, rien n'a été écrit. {exc}") from exc
        mode = "Import" if apply else "Simulation (ajoutez --apply pour écrire)"
        self.stdout.write(
            f"{mode} : {len(result.outlines)} départements dans le fichier ; {result.added} ajoutés, "
            f"{result.changed} modifiés, {result.unchanged} inchangés, {result.removed} supprimés ; "
            f"{result.national_points} points pour la carte de France, {result.detailed_points} pour les zooms."
        )
        if result.unknown_codes:
            self.stdout.write(f"Codes inconnus du référentiel, ignorés : {', '.join(result.unknown_codes)}.")
        if result.missing_codes:
            self.stdout.write(
                f"Départements sans contour (listés sous la carte seulement) : {', '.join(result.missing_codes)}."
            )
