"""Warn, then anonymise, candidates inactive for 24 months (GDPR). Cron-able: once a day, e.g. at 03:30.

python manage.py anonymise_inactive                 # dry run: print who would be warned / anonymised
python manage.py anonymise_inactive --apply         # send the warnings, anonymise those warned 30 days ago
python manage.py anonymise_inactive --apply --enqueue   # hand it to the task workers instead
python manage.py anonymise_inactive --now 2028-06-01T03:30:00+02:00   # as if run at that moment

A candidate is warned 30 days before the 24 months are reached; any activity in between (login,
profile edit, application) cancels the anonymisation. See applications/gdpr.py.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.applications import gdpr
from emploi_territoires.applications.tasks_gdpr import anonymise_inactive


class Command(BaseCommand):
    help = (
        "Prévient puis anonymise les comptes de candidats inactifs depuis 24 mois. "
        "Sans --apply, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="envoyer les avertissements et anonymiser")
        parser.add_argument("--enqueue", action="store_true", help="avec --apply : confier le travail aux workers")
        parser.add_argument("--now", help="date et heure de référence (ISO 8601 avec fuseau), pour les essais")

    def handle(self, *args, apply=False, enqueue=False, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now : date invalide « {now} » (ex. 2028-06-01T03:30:00+02:00).") from error
            if moment.tzinfo is None:
                raise CommandError("--now : précisez le fuseau horaire (ex. +02:00).")
        if apply and enqueue:
            result = anonymise_inactive.enqueue(now=moment.isoformat() if moment else None)
            self.stdout.write(f"Tâche mise en file ({result.id}).")
            return
        plan, _report = gdpr.process_inactive(moment, apply=apply)
        verb_warn = "prévenu(s)" if apply else "à prévenir"
        verb_anon = "anonymisé(s)" if apply else "à anonymiser"
        self.stdout.write(f"{len(plan.to_warn)} compte(s) {verb_warn} (anonymisation dans 30 jours sans connexion).")
        for user in plan.to_warn:
            self.stdout.write(f"  - n° {user.pk}, dernière activité le {user.last_seen:%d/%m/%Y}")
        self.stdout.write(f"{len(plan.to_anonymise)} compte(s) {verb_anon}.")
        for user in plan.to_anonymise:
            self.stdout.write(f"  - n° {user.pk}, dernière activité le {user.last_seen:%d/%m/%Y}")
        if not apply:
            self.stdout.write("Simulation : rien n'a été modifié. Relancez avec --apply pour appliquer.")
