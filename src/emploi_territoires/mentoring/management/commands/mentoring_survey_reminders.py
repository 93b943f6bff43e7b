"""`manage.py mentoring_survey_reminders [--send]`: remind pairs of their 1, 3 and 6-month surveys.

Dry run by default (says how many pairs would get an e-mail); `--send` sends. Run it daily: each
pair is reminded once per milestone, whatever the number of runs.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.mentoring import services_followup


class Command(BaseCommand):
    help = "Relance par e-mail les binômes dont le questionnaire à 1, 3 ou 6 mois attend (essai à blanc par défaut)."

    def add_arguments(self, parser):
        # --apply like every other command that writes; --send kept as an alias.
        parser.add_argument("--apply", "--send", dest="send", action="store_true", help="Envoyer vraiment les e-mails.")

    def handle(self, *args, **options):
        if not options["send"]:
            due = services_followup.survey_reminders_due()
            for pair, milestones in due:
                months = ", ".join(str(m) for m in milestones)
                self.stdout.write(f"- {pair} ({pair.programme}) : questionnaire à {months} mois")
            self.stdout.write(f"Essai à blanc : {len(due)} binôme(s) seraient relancé(s). Ajoutez --send pour envoyer.")
            return
        count = services_followup.send_survey_reminders()
        self.stdout.write(f"{count} binôme(s) relancé(s) pour leur questionnaire.")
