"""`manage.py followup_outcome_reminders [--apply]`: remind the referents of the situations to record.

Dry run by default (lists the follow-ups and milestones); `--apply` sends. Run it daily: each
follow-up is reminded once per milestone (end, 3 months, 6 months), whatever the number of runs.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.followup import services_outcomes as services


class Command(BaseCommand):
    help = "Rappelle aux référents les situations à renseigner après un accompagnement (essai à blanc par défaut)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Envoyer vraiment les e-mails.")

    def handle(self, *args, **options):
        if not options["apply"]:
            due = services.reminders_due()
            for item in due:
                self.stdout.write(
                    f"- accompagnement {item.followup.pk} : {item.label.lower()} (le {item.due_on:%d/%m/%Y})"
                )
            self.stdout.write(f"Essai à blanc : {len(due)} rappel(s) seraient envoyé(s). Ajoutez --apply pour envoyer.")
            return
        count = services.send_outcome_reminders()
        self.stdout.write(f"{count} rappel(s) de situation envoyé(s).")
