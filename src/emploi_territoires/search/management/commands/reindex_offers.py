"""Rebuild the offer search projection from the offers (one transaction, in batches)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from emploi_territoires.search.indexing import BATCH_SIZE, reindex_all


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche des offres (offres publiées seulement). À lancer après un import "
        "de liste de programme ou de la géographie : l'index recopie les drapeaux et positions des communes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        start = time.perf_counter()
        indexed, removed = reindex_all(batch_size=max(1, batch_size))
        self.stdout.write(
            f"{indexed} offre(s) publiée(s) indexée(s), {removed} ligne(s) retirée(s) "
            f"en {time.perf_counter() - start:.1f} s."
        )
