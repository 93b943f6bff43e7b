"""Reminders of unanswered applications. Cron-able: once a day, e.g. at 08:00.

python manage.py application_reminders                  # dry run: who would be reminded, nothing sent
python manage.py application_reminders --apply          # send the reminders and automatic answers
python manage.py application_reminders --apply --enqueue  # hand it to the task workers instead
"""

from django.core.management.base import BaseCommand

from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.tasks_pipeline import send_application_reminders


class Command(BaseCommand):
    help = (
        "Rappelle aux recruteurs les candidatures sans réponse depuis "
        f"{services_pipeline.REMINDER_AFTER_DAYS} jours et envoie une réponse d'attente aux candidats "
        f"sans réponse depuis {services_pipeline.AUTO_ANSWER_AFTER_DAYS} jours (une seule fois chacun)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="envoyer les e-mails (sinon : simulation)")
        parser.add_argument("--enqueue", action="store_true", help="avec --apply : confier le travail aux workers")

    def handle(self, *args, apply=False, enqueue=False, **options):
        if apply and enqueue:
            result = send_application_reminders.enqueue()
            self.stdout.write(f"Tâche de rappels mise en file ({result.id}).")
            return
        report = services_pipeline.send_due_reminders(apply=apply)
        verb = "envoyé" if apply else "à envoyer (simulation, rien n'est envoyé ; --apply pour envoyer)"
        self.stdout.write(
            f"Rappels {verb} : {len(report.reminders)} candidature(s) sans réponse, "
            f"{len(report.organisations_reminded)} organisation(s)."
        )
        self.stdout.write(f"Réponses d'attente {verb} : {len(report.auto_answers)} candidat(s).")
