"""Import one official programme list (ACV, PVD, TI, QPV, France services).

Dry run by default: prints the diff with the current memberships. `--apply` writes it in one
transaction, records the import (vintage, file, SHA-256, counts) and refreshes the Commune flags.

    python manage.py import_programme ../shared/data/programmes/pvd_communes_2024.csv --apply
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.models import Programme
from emploi_territoires.territories.programmes import ImportResult, ProgrammeFileError, import_programme_file


def report_lines(result: ImportResult, elapsed: float, limit: int | None) -> list[str]:
    """What the import commands print: the diff, then what was written."""
    lines = result.diff.lines(limit=limit)
    if result.applied and not result.diff.has_changes:
        lines.append(
            f"  Aucun changement à écrire ({elapsed:.2f} s) ; {result.flagged} commune(s) portent le drapeau "
            f"« {result.diff.programme.label} »."
        )
    elif result.applied:
        lines.append(
            f"  Écrit en {elapsed:.2f} s : drapeau « {result.diff.programme.label} » posé sur "
            f"{result.flags_set} commune(s), retiré de {result.flags_cleared} ; "
            f"{result.flagged} commune(s) concernée(s)."
        )
    else:
        lines.append(f"  Simulation en {elapsed:.2f} s : rien n'a été écrit (ajoutez --apply pour écrire).")
    return lines


class Command(BaseCommand):
    help = "Importe une liste officielle de programme (ACV, PVD, TI, QPV, France services) ; simulation par défaut."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--programme",
            choices=[p.value for p in Programme],
            help="programme de la liste (sinon : reconnu d'après les colonnes)",
        )
        parser.add_argument("--vintage", help="millésime (sinon : tiré du nom du fichier, ex. 2024 ou 2024-08-01)")
        parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")

    def handle(self, file: Path, programme: str | None, vintage: str | None, apply: bool, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        started = time.perf_counter()
        try:
            result = import_programme_file(
                file.read_bytes(),
                source_name=file.name,
                programme=programme,
                vintage=vintage,
                apply=apply,
                imported_by="commande import_programme",
            )
        except ProgrammeFileError as exc:
            raise CommandError(f"{file.name} refusé, rien n'a été écrit. {exc}") from exc
        limit = None if options["verbosity"] >= 2 else 10
        for line in report_lines(result, time.perf_counter() - started, limit):
            self.stdout.write(line)
