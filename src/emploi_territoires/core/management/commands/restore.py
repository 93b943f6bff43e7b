"""Restore a backup written by `backup` into an empty database (core/backup.py).

    python manage.py restore var/backups/emploi-territoires-postgresql-20261129-031500.tar          # checks only
    python manage.py restore ARCHIVE --apply                                     # restores
    python manage.py restore ARCHIVE --apply --database-url postgres://…/copie   # into another database
    python manage.py restore ARCHIVE --apply --force                             # replaces a non-empty one

Dry run by default: reads the archive, checks the target (same engine, no table, empty file
folders) and says what it would do. Stop the web servers and task workers before restoring over
the live database (--force). After restoring, every table's row count is compared to the archive's.
"""

from __future__ import annotations

import time
from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from emploi_territoires.core import formats
from emploi_territoires.core.backup import BackupError, check_restore, restore_backup


class Command(BaseCommand):
    help = "Restaure une sauvegarde (base et fichiers) dans une base vide."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", default="", help="base cible (défaut : celle de la plateforme)")
        parser.add_argument("--apply", action="store_true", help="restaurer (sinon : vérification seule)")
        parser.add_argument("--force", action="store_true", help="remplacer une base et des dossiers non vides")

    def handle(self, archive: Path, database_url: str, apply: bool, force: bool, **options):
        target = dj_database_url.parse(database_url) if database_url else connections["default"].settings_dict
        label = f"{target['NAME']}" + (f" sur {target.get('HOST')}:{target.get('PORT')}" if target.get("HOST") else "")
        try:
            manifest = check_restore(archive, target, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        lines = formats.number(rows)
        self.stdout.write(
            f"Sauvegarde du {manifest['created_at']} : base {manifest['engine']}, {len(manifest['tables'])} tables, "
            f"{lines} lignes, {manifest['files']['private']} fichier(s) privé(s), "
            f"{manifest['files']['media']} média(s)."
        )
        if not apply:
            self.stdout.write(f"Cible {label} : prête. Rien n'a été écrit (ajoutez --apply pour restaurer).")
            return
        started = time.perf_counter()
        try:
            summary = restore_backup(archive, target, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if summary.mismatches:
            details = ", ".join(f"{t} {a}→{b}" for t, (a, b) in list(summary.mismatches.items())[:10])
            raise CommandError(f"Restauration incomplète : nombres de lignes différents ({details}).")
        self.stdout.write(
            f"Restauré dans {label} en {time.perf_counter() - started:.1f} s : {len(summary.tables)} tables, "
            f"chacune avec le nombre de lignes de la sauvegarde ; {summary.files['private']} fichier(s) privé(s), "
            f"{summary.files['media']} média(s)."
        )
