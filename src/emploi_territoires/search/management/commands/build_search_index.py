"""Build the search engine's index (SEARCH_ENGINE = "tantivy") from the offer search projection."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.search import engine


class Command(BaseCommand):
    help = (
        "Construit l'index du moteur de recherche (tantivy, SEARCH_INDEX_DIR) à partir de la projection "
        "des offres publiées, puis le met en service. À lancer à l'installation, chaque nuit (contrôle) et "
        "après une alerte « index marqué périmé » ; `reindex_offers` le reconstruit aussi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="construire même si SEARCH_ENGINE ne vaut pas « tantivy »"
        )

    def handle(self, *args, force: bool, **options):
        if not engine.enabled() and not force:
            raise CommandError(
                f"SEARCH_ENGINE vaut « {settings.SEARCH_ENGINE} » : rien à construire "
                "(--force pour construire quand même)."
            )
        start = time.perf_counter()
        count = engine.build()
        self.stdout.write(
            f"{count} offre(s) indexée(s) dans {engine.index_root()} en {time.perf_counter() - start:.1f} s."
        )
