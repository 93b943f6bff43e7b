"""Import the INSEE communal density grid (CSV insee_com,dens7[,lib_dens7]).

Dry run by default: prints what would change. `--apply` writes, in one transaction, with the
file's vintage, source and SHA-256 (see territories.density).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.density import DensityFileError, import_density, level_label
from emploi_territoires.territories.management.reference_file import add_reference_file_arguments, checked_source

SHOWN_CHANGES = 10


class Command(BaseCommand):
    help = "Importe la grille communale de densité de l'Insee (7 niveaux)."

    def add_arguments(self, parser):
        add_reference_file_arguments(parser, vintage_of="de la grille")

    def handle(self, file: Path, apply: bool, vintage: str, source: str, **options):
        source = checked_source(file, vintage, source)
        try:
            result = import_density(file.read_bytes(), apply=apply, vintage=vintage, source=source)
        except DensityFileError as exc:
            raise CommandError(f"{file.name} refusé, rien n'a été écrit. {exc}") from exc
        mode = "Import" if apply else "Simulation (ajoutez --apply pour écrire)"
        self.stdout.write(
            f"{mode} : {len(result.rows)} communes dans le fichier ; {result.added} niveaux ajoutés, "
            f"{result.changed} modifiés, {result.unchanged} inchangés, {result.cleared} retirés "
            f"(communes absentes du fichier) ; {len(result.unknown_codes)} codes inconnus du référentiel"
            + (f" (ex. {', '.join(result.unknown_codes[:5])})" if result.unknown_codes else "")
            + "."
        )
        self.stdout.write(
            "Par niveau : "
            + " ; ".join(f"{level} {level_label(level)} {count}" for level, count in sorted(result.by_level.items()))
            + "."
        )
        changed = [c for c in result.changes if c[1] is not None]
        for code, before, after in changed[:SHOWN_CHANGES]:
            self.stdout.write(f"  {code} : {before} {level_label(before)} → {after or '—'} {level_label(after)}")
        if len(changed) > SHOWN_CHANGES:
            self.stdout.write(f"  … et {len(changed) - SHOWN_CHANGES} autres changements de niveau.")
