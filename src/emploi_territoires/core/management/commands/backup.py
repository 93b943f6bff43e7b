"""Back up the whole platform: the database and the files (CVs, media) in one archive (core/backup.py).

    python manage.py backup                                  # var/backups/emploi-territoires-<engine>-<date>.tar
    python manage.py backup --output /sauvegardes/et.tar

The archive holds personal data (CVs, profiles): keep it encrypted and access-controlled, and
delete it at the end of its retention period (docs/operations.md).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.core import formats
from emploi_territoires.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers (CV, médias) dans une archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="fichier .tar à écrire (défaut : var/backups/…)")
        parser.add_argument("--database", default="default", help="alias de la base (défaut : default)")

    def handle(self, output: Path | None, database: str, **options):
        started = time.perf_counter()
        try:
            summary = create_backup(output, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"Sauvegarde écrite : {summary.path} ({summary.size / 1e6:.1f} Mo, base {summary.engine}, "
            f"{len(summary.tables)} tables, {formats.number(rows)} lignes, "
            + f"{summary.files['private']} fichier(s) privé(s), {summary.files['media']} média(s)) "
            f"en {time.perf_counter() - started:.1f} s."
        )
