"""`manage.py needs_reminders [--apply]`: remind unanswered invitations N days before the deadline.

Dry run by default (lists who would be reminded); `--apply` sends. Each invitation is reminded
once at most, so running it daily is safe.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.needs import services


class Command(BaseCommand):
    help = "Relance les organisations invitées qui n'ont pas répondu (simulation par défaut, --apply pour envoyer)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Envoyer vraiment les relances.")

    def handle(self, *args, **options):
        apply = options["apply"]
        due = services.send_reminders(dry_run=not apply)
        for invitation in due:
            self.stdout.write(f"- {invitation.organisation.name} ({invitation.campaign.title})")
        if apply:
            self.stdout.write(f"{len(due)} relance(s) envoyée(s).")
        else:
            self.stdout.write(f"Simulation : {len(due)} relance(s) à envoyer. Relancez avec --apply pour envoyer.")
