"""Reminders and weekly digests of the action plans. Cron-able: once a day, e.g. at 08:00.

python manage.py plan_notifications                       # dry run: what would be sent, nothing written
python manage.py plan_notifications --apply               # send (each e-mail once: safe to run again)
python manage.py plan_notifications --apply --enqueue     # hand the work to the task workers
python manage.py plan_notifications --date 2026-12-01     # as of another day (dry run unless --apply)
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.plans import notifications
from emploi_territoires.plans.tasks import send_plan_notifications


class Command(BaseCommand):
    help = (
        "Prévient le contact du partenaire pilote d'une action qui arrive à échéance ou qui est en retard "
        "(une fois par action et par motif) et envoie la synthèse hebdomadaire aux contacts de chaque plan "
        "(une fois par semaine). Simulation par défaut ; --apply pour envoyer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="envoyer les e-mails (sinon : simulation)")
        parser.add_argument("--enqueue", action="store_true", help="avec --apply : confier le travail aux workers")
        parser.add_argument("--date", help="jour de référence au format AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, apply=False, enqueue=False, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"Date invalide : « {date} ». Utilisez le format AAAA-MM-JJ, par exemple 2026-12-01."
                ) from None
        if apply and enqueue:
            if today is not None:
                raise CommandError("--date ne se combine pas avec --enqueue : la tâche part de la date du jour.")
            result = send_plan_notifications.enqueue()
            self.stdout.write(f"Tâche de notifications des plans mise en file ({result.id}).")
            return
        report = notifications.send_notifications(today, apply=apply)
        verb = (
            "envoyé(s)" if apply else "à envoyer (simulation : rien n'est envoyé ni enregistré ; --apply pour envoyer)"
        )
        labels = {"due": "échéance proche", "late": "en retard"}
        for reminder in report.reminders:
            action = reminder.action
            self.stdout.write(
                f"- rappel « {labels[reminder.kind]} » : {action.title} ({action.plan.title}) → {reminder.recipient}"
            )
        for reminder in report.skipped_without_recipient:
            self.stdout.write(f"- sans destinataire (contact désactivé) : {reminder.action.title}")
        for digest in report.digests:
            self.stdout.write(f"- synthèse {digest.week} : {digest.plan.title} → {len(digest.recipients)} contact(s)")
        self.stdout.write(f"Rappels {verb} : {len(report.reminders)}.")
        self.stdout.write(f"Synthèses hebdomadaires {verb} : {len(report.digests)}.")
