"""Erase the follow-ups ended more than two years ago (GDPR retention, docs/personal-data.md).
Cron-able: once a day, e.g. at 03:45.

python manage.py purge_followups                     # dry run: how many would be erased
python manage.py purge_followups --apply             # erase them (notes, appointments, documents and files)
python manage.py purge_followups --apply --enqueue   # hand it to the task workers instead
python manage.py purge_followups --now 2029-01-01T03:45:00+01:00   # as if run at that moment
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from emploi_territoires.followup import services
from emploi_territoires.followup.models import FollowUp
from emploi_territoires.followup.tasks import purge_ended_followups


class Command(BaseCommand):
    help = (
        f"Efface les accompagnements terminés depuis plus de {services.RETENTION_YEARS} ans. "
        "Sans --apply, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="effacer")
        parser.add_argument("--enqueue", action="store_true", help="avec --apply : confier le travail aux workers")
        parser.add_argument("--now", help="date et heure de référence (ISO 8601 avec fuseau), pour les essais")

    def handle(self, *args, apply=False, enqueue=False, now=None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now : date invalide « {now} » (ex. 2029-01-01T03:45:00+01:00).") from error
            if moment.tzinfo is None:
                raise CommandError("--now : précisez le fuseau horaire (ex. +01:00).")
        if apply and enqueue:
            result = purge_ended_followups.enqueue(now=moment.isoformat())
            self.stdout.write(f"Tâche mise en file ({result.id}).")
            return
        if apply:
            count = services.purge_ended_followups(now=moment)
            self.stdout.write(f"{count} accompagnement(s) effacé(s).")
            return
        cutoff = moment - datetime.timedelta(days=365 * services.RETENTION_YEARS)
        count = FollowUp.objects.filter(ended_at__lt=cutoff).count()
        self.stdout.write(f"{count} accompagnement(s) à effacer (terminés avant le {cutoff:%d/%m/%Y}).")
        self.stdout.write("Simulation : rien n'a été modifié. Relancez avec --apply pour appliquer.")
