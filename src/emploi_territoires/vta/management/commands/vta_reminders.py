"""Reminders of the VTA missions (mid-term, end, six months after). Cron-able: once a day.

python manage.py vta_reminders                      # dry run: what would be sent, nothing written
python manage.py vta_reminders --apply              # send (each e-mail once: safe to run again)
python manage.py vta_reminders --date 2027-07-05    # as of another day (dry run unless --apply)
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.vta import reminders


class Command(BaseCommand):
    help = (
        "Rappelle à la collectivité et au volontaire le point à mi-parcours d'une mission de VTA aidée, puis de "
        "renseigner sa situation à la fin et six mois après (une fois par mission et par motif). Simulation par "
        "défaut ; --apply pour envoyer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="envoyer les e-mails (sinon : simulation)")
        parser.add_argument("--date", help="jour de référence au format AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, apply=False, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Date invalide : « {date} ». Utilisez le format AAAA-MM-JJ.") from None
        sent = reminders.send_reminders(today, apply=apply)
        verb = "envoyé" if apply else "à envoyer (simulation)"
        self.stdout.write(f"{len(sent)} rappel(s) {verb}.")
        for mission_id, kind in sent:
            self.stdout.write(f"  mission {mission_id} : {kind}")
