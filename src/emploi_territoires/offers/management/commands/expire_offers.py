"""Expire the published offers whose closing date is past. Cron-able: once a day, e.g. at 00:15.

python manage.py expire_offers            # expire now, in this process
python manage.py expire_offers --enqueue  # hand it to the task workers instead
"""

from django.core.management.base import BaseCommand

from emploi_territoires.offers import services
from emploi_territoires.offers.tasks import expire_offers


class Command(BaseCommand):
    help = "Passe à l'état « Expirée » les offres publiées dont la date limite de candidature est passée."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="confier le travail aux workers de tâches")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = expire_offers.enqueue()
            self.stdout.write(f"Tâche d'expiration mise en file ({result.id}).")
            return
        references = services.expire_due_offers()
        if references:
            self.stdout.write(f"{len(references)} offre(s) expirée(s) : {', '.join(references)}.")
        else:
            self.stdout.write("Aucune offre à expirer.")
