"""Rebuild the committed compact copy of the COG from the npm tarball.

    npm pack @etalab/decoupage-administratif@6.0.0
    python manage.py build_territories_copy etalab-decoupage-administratif-6.0.0.tgz

Then review `git diff src/emploi_territoires/territories/data/cog/` and commit.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.reference import COPY_DIR, ReferenceError, build_copy, write_copy


class Command(BaseCommand):
    help = "Reconstruit la copie compacte du code officiel géographique depuis l'archive npm."

    def add_arguments(self, parser):
        parser.add_argument("tarball", type=Path, help="archive .tgz de @etalab/decoupage-administratif")
        parser.add_argument("--out", type=Path, default=COPY_DIR, help="dossier de sortie")

    def handle(self, tarball: Path, out: Path, **options):
        if not tarball.is_file():
            raise CommandError(f"Archive introuvable : {tarball}")
        try:
            files = build_copy(tarball)
        except ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        write_copy(files, out)
        self.stdout.write(
            f"Copie écrite dans {out} : {len(files.regions)} régions, {len(files.departements)} départements, "
            f"{len(files.epci)} EPCI, {len(files.communes)} communes (paquet {files.meta['version']})."
        )
