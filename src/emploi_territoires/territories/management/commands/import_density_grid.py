"""Import the INSEE communal density grid (CSV insee_com,dens7[,lib_dens7]).

Dry run by default: prints what would change. `--apply` writes, in one transaction, with the
file's vintage, source and SHA-256 (see territories.density).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.density import DensityFileError, import_density, level_label
from emploi_territoires.territories.models import ReferenceDataset

VINTAGE_MAX = ReferenceDataset._meta.get_field("vintage").max_length
SOURCE_MAX = ReferenceDataset._meta.get_field("source").max_length
SHOWN_CHANGES = 10


class Command(BaseCommand):
    help = "Importe la grille communale de densité de l'Insee (7 niveaux)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")
        parser.add_argument("--vintage", default="", help=f"millésime de la grille ({VINTAGE_MAX} caractères au plus)")
        parser.add_argument("--source", default="", help="provenance (par défaut : le nom du fichier)")

    def handle(self, file: Path, apply: bool, vintage: str, source: str, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        source = source or file.name
        if len(vintage) > VINTAGE_MAX or len(source) > SOURCE_MAX:
            raise CommandError(
                f"Millésime ({len(vintage)} caractères) ou source ({len(source)}) trop long : "
                f"{VINTAGE_MAX} et {SOURCE_MAX} caractères au plus."
            )
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
