"""`manage.py mentoring_match IN.json OUT.json`: the matcher core from the command line.

The logic lives in `mentoring.matching.cli` (usable without Django); this only plugs it into manage.py.
"""

from django.core.management.base import BaseCommand

from emploi_territoires.mentoring.matching import cli


class Command(BaseCommand):
    help = (
        "Calcule l'appariement optimal mentors / personnes mentorées : lit IN.json (mentors et capacités, "
        "personnes mentorées, paires possibles avec leur score, mode score|participation|stable), écrit "
        "OUT.json (binômes, total, nombre apparié, paires bloquantes). Code de sortie 2 si l'entrée est "
        "invalide, avec un message en français."
    )

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        code = cli.run(options, self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
