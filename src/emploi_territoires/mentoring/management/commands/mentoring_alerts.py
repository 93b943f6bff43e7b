"""`manage.py mentoring_alerts`: alert managers about pairs that have not met for N weeks.

Run it daily (cron or a scheduler). Idempotent: a pair gets one open alert at a time, closed by the
next meeting. Runs in one go and says what it did.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.mentoring import services_followup


class Command(BaseCommand):
    help = "Alerte les responsables de programme des binômes sans rencontre depuis le nombre de semaines prévu."

    def handle(self, *args, **options):
        created = services_followup.check_silent_pairs()
        self.stdout.write(f"{created} alerte(s) créée(s) pour des binômes sans rencontre.")
