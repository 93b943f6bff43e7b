"""Import département outlines (GeoJSON FeatureCollection, WGS84, properties insee_dep and lib_dep)
for the offer map.

Dry run by default: prints what would change. `--apply` writes, in one transaction, with the
file's vintage, source and SHA-256 (see territories.outlines).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.management.reference_file import add_reference_file_arguments, checked_source
from emploi_territoires.territories.outlines import OutlineFileError, import_outlines


class Command(BaseCommand):
    help = "Importe les contours des départements (GeoJSON) pour la carte des offres."

    def add_arguments(self, parser):
        add_reference_file_arguments(parser, vintage_of="du fichier")

    def handle(self, file: Path, apply: bool, vintage: str, source: str, **options):
        source = checked_source(file, vintage, source)
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
