"""Import commune centroids from a CSV file `insee_com,lat,lon` (other columns are ignored).

Dry run by default: prints what would change. `--apply` writes, in one transaction, and
refreshes the approximations of the communes the file does not cover.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.coordinates import CentroidFileError, import_centroids
from emploi_territoires.territories.reference import coordinates_coverage


class Command(BaseCommand):
    help = "Importe les centroïdes des communes (CSV insee_com,lat,lon)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")

    def handle(self, file: Path, apply: bool, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = import_centroids(file.read_bytes(), apply=apply)
        except CentroidFileError as exc:
            raise CommandError(f"{file.name} refusé, rien n'a été écrit. {exc}") from exc
        mode = "Import" if apply else "Simulation (ajoutez --apply pour écrire)"
        self.stdout.write(
            f"{mode} : {len(result.rows)} lignes ; {result.added} ajoutées, {result.changed} modifiées, "
            f"{result.unchanged} inchangées ; {len(result.unknown_codes)} codes inconnus du référentiel"
            + (f" (ex. {', '.join(result.unknown_codes[:5])})" if result.unknown_codes else "")
            + "."
        )
        if apply:
            coverage = coordinates_coverage()
            self.stdout.write(
                f"Couverture : {coverage['centroid_file'] + coverage['registry']} communes avec coordonnées "
                f"mesurées, {coverage['approximation']} approximées, {coverage['']} sans coordonnées, "
                f"sur {coverage['total']}."
            )
