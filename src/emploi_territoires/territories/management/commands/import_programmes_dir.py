"""Import every recognised official programme list of a folder (the newest per programme).

Dry run by default; `--apply` writes, one transaction per list, so a malformed file leaves the
other programmes imported. A missing folder is not an error: `make demo` calls this command on
machines that may not have the lists, and the demo data command then seeds its own memberships.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.programmes import ProgrammeFileError, import_programme_file, recognised_files

from .import_programme import report_lines


class Command(BaseCommand):
    help = "Importe les listes de programmes reconnues d'un dossier ; simulation par défaut."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")

    def handle(self, directory: Path, apply: bool, **options):
        if not directory.is_dir():
            self.stdout.write(f"Dossier des listes de programmes absent ({directory}) : aucun import, rien à faire.")
            return
        files, notes = recognised_files(directory)
        for note in notes:
            self.stdout.write(note)
        if not files:
            self.stdout.write(f"Aucune liste de programme reconnue dans {directory}.")
            return
        limit = None if options["verbosity"] >= 2 else 10
        failed = []
        for path in files.values():
            started = time.perf_counter()
            try:
                result = import_programme_file(
                    path.read_bytes(),
                    source_name=path.name,
                    apply=apply,
                    imported_by="commande import_programmes_dir",
                )
            except ProgrammeFileError as exc:
                self.stderr.write(f"{path.name} refusé, rien n'a été écrit pour cette liste. {exc}")
                failed.append(path.name)
                continue
            for line in report_lines(result, time.perf_counter() - started, limit):
                self.stdout.write(line)
        if failed:
            raise CommandError(f"{len(failed)} liste(s) refusée(s) : {', '.join(failed)}.")
