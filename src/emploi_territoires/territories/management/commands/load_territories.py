"""Load the committed COG copy into the database (idempotent; prints what changed).

Loading the project's own committed reference copy runs in one transaction and reports the diff,
so `make demo` can run it every time.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.territories.coordinates import refresh_approximations
from emploi_territoires.territories.reference import load_copy


class Command(BaseCommand):
    help = "Charge le référentiel géographique (régions, départements, EPCI, communes) de la copie du projet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recharger même si l'empreinte est identique")

    def handle(self, force: bool, **options):
        report = load_copy(force=force)
        for line in report.lines():
            self.stdout.write(line)
        if not report.skipped:
            approximated, missing = refresh_approximations()
            self.stdout.write(f"Coordonnées : {approximated} approximées, {missing} sans coordonnées connues.")
