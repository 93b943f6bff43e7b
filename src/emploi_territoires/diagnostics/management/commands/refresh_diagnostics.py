"""Recomputes every territory diagnostic aggregate (cron: `refresh_diagnostics --if-stale` every 15 min)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from emploi_territoires.diagnostics import aggregates


class Command(BaseCommand):
    help = "Recalcule les agrégats du diagnostic territorial."

    def add_arguments(self, parser):
        parser.add_argument("--if-stale", action="store_true", help="seulement si les données ont assez changé")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["if_stale"] and not aggregates.is_stale():
            self.stdout.write("Agrégats à jour : rien à recalculer.")
            return
        written = aggregates.refresh_all()
        self.stdout.write(f"{written} agrégats recalculés en {time.perf_counter() - started:.1f} s.")
