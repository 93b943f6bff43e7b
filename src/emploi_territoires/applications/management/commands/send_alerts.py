"""Send the saved-search alerts of one frequency: dry run by default (what would be sent), --apply sends.

Cron: `send_alerts --frequency daily --apply` every morning, `--frequency weekly --apply` on Mondays.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from emploi_territoires.applications import alerts
from emploi_territoires.applications.models import SavedSearch


class Command(BaseCommand):
    help = "Envoie les alertes des recherches enregistrées (simulation sans --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=SavedSearch.Frequency.values, required=True)
        parser.add_argument("--apply", action="store_true", help="envoyer vraiment (sinon : simulation)")

    def handle(self, *args, frequency: str, apply: bool, **options):
        run = alerts.send_alerts(frequency, timezone.now(), apply=apply)
        for line in run.lines:
            self.stdout.write(f"  {line}")
        verb = "envoyé" if apply else "à envoyer (simulation : relancez avec --apply)"
        self.stdout.write(
            f"{run.checked} alerte(s) {frequency} examinée(s), {run.emails} e-mail(s) {verb}, {run.offers} offre(s)."
        )
