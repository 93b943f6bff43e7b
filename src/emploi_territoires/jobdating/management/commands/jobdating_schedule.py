"""`manage.py jobdating_schedule IN.json OUT.json`: the solver core from the command line.

The logic lives in `jobdating.solver.cli` (usable without Django); this only plugs it into manage.py.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.jobdating.solver import cli


class Command(BaseCommand):
    help = (
        "Calcule le planning optimal d'un job dating : lit IN.json (créneaux, recruteurs, candidats, "
        "souhaits pondérés), écrit OUT.json (entretiens, score, borne, écart). Code de sortie 2 si "
        "l'entrée est invalide, avec un message en français."
    )

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        code = cli.run(options, self.stdout, self.stderr)
        if code:
            # The message is already on stderr; exit without Django's "CommandError:" traceback dressing.
            raise SystemExit(code)
