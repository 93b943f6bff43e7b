"""Reminders of tomorrow's interviews (issue 19). Cron-able: once a day, e.g. at 08:00.

python manage.py interview_reminders                    # dry run: which interviews would be reminded
python manage.py interview_reminders --apply            # e-mail both sides of each (once each)
python manage.py interview_reminders --apply --enqueue  # hand it to the task workers instead
"""

from django.core.management.base import BaseCommand

from emploi_territoires.applications import services_conversation
from emploi_territoires.applications.tasks_pipeline import send_interview_reminders


class Command(BaseCommand):
    help = (
        "Rappelle la veille, à la personne candidate et à l'organisation, chaque entretien confirmé "
        "du lendemain (une seule fois par entretien)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="envoyer les e-mails (sinon : simulation)")
        parser.add_argument("--enqueue", action="store_true", help="avec --apply : confier le travail aux workers")

    def handle(self, *args, apply=False, enqueue=False, **options):
        if apply and enqueue:
            result = send_interview_reminders.enqueue()
            self.stdout.write(f"Tâche de rappels d'entretiens mise en file ({result.id}).")
            return
        report = services_conversation.send_interview_reminders(apply=apply)
        verb = "envoyés" if apply else "à envoyer (simulation, rien n'est envoyé ; --apply pour envoyer)"
        self.stdout.write(f"Rappels d'entretiens {verb} : {len(report.interviews)} entretien(s).")
