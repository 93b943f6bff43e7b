"""Create the demo dataset (idempotent). Run by `make demo`; never on a production database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.demo.loader import load_demo
from emploi_territoires.territories.models import Commune


class Command(BaseCommand):
    help = "Crée les données de démonstration (organisations, comptes, extraits de listes de programmes)."

    def handle(self, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusé : les données de démonstration ne se chargent pas en production.")
        if not Commune.objects.exists():
            raise CommandError("Chargez d'abord le référentiel géographique : manage.py load_territories")
        for line in load_demo().lines():
            self.stdout.write(line)
