"""Load the committed ROME copy into the database (one transaction; running it twice changes nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.offers.rome import COPY_PATH, RomeError, load_copy


class Command(BaseCommand):
    help = "Charge la copie du référentiel ROME (offers/data/rome.json) dans la base."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=COPY_PATH, help="copie à charger")

    def handle(self, *args, path=COPY_PATH, **options):
        try:
            report = load_copy(path)
        except RomeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
