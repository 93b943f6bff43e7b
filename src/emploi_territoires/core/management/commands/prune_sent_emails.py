"""Delete the idempotency records of e-mails sent long ago (they hold addresses: personal data).

    python manage.py prune_sent_emails                 # counts (dry run)
    python manage.py prune_sent_emails --days 30 --apply

A record only matters while its task may still run again (minutes after a crash, hours at most
with `requeue_stale_tasks`): 30 days keeps a wide margin. Schedule it daily, beside
`prune_db_task_results` (django-tasks-db's own clean-up of finished tasks).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from emploi_territoires.core.models import SentEmail


class Command(BaseCommand):
    help = "Supprime les traces d'envoi d'e-mails plus anciennes que --days jours."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="âge minimal des traces supprimées (défaut : 30)")
        parser.add_argument("--apply", action="store_true", help="supprimer (sinon : simulation)")

    def handle(self, days: int, apply: bool, **options):
        if days < 1:
            raise CommandError("--days doit valoir au moins 1 : une tâche relancée renverrait son e-mail.")
        old = SentEmail.objects.filter(sent_at__lt=timezone.now() - datetime.timedelta(days=days))
        if not apply:
            self.stdout.write(
                f"{old.count()} trace(s) d'envoi de plus de {days} jours : rien n'a été supprimé (--apply)."
            )
            return
        deleted, _ = old.delete()
        self.stdout.write(f"{deleted} trace(s) d'envoi de plus de {days} jours supprimée(s).")
