"""Offer map benchmark: /offres/carte/ rendered through Django's full stack on the demo database.

Requests the map of France (all offers, a text search, a filter), the zoom on a département and,
for comparison, the board with the same search, each N times after one warm-up request, and prints
p50/p95 in milliseconds, the ratio map / board, the page size, and the cost of building the
projected outlines of France (once per process and import, territories.outlines.national_layout).

    make setup-demo                      # the demo database (var/db.sqlite3), outlines included
    python bench/offers_map.py
    python bench/offers_map.py --database-url sqlite:////tmp/demo/db.sqlite3 --repeat 50

The database is only read. It needs the outlines (`import_departement_outlines`): the script says
so and stops otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CASES = [
    ("France, toutes les offres", "", ""),
    ("France, texte « chef de projet »", "q=chef+de+projet", "q=chef+de+projet"),
    ("France, CDD", "contract=cdd", "contract=cdd"),
    ("Zoom Nièvre (58)", "departement=58", "departement=58"),
    ("Zoom Loire (42), texte « agent »", "departement=42&q=agent", "departement=42&q=agent"),
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(client, url: str, repeat: int) -> tuple[list[float], int]:
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'db.sqlite3'}")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from emploi_territoires.search.models import OfferDocument
    from emploi_territoires.territories import outlines
    from emploi_territoires.territories.models import DepartementOutline

    setup_test_environment()  # the test client's host and cookies, nothing written
    outline_count = DepartementOutline.objects.count()
    if not outline_count:
        sys.exit(
            "Aucun contour de département dans cette base : lancez `make setup-demo` (ou import_departement_outlines)."
        )
    print(f"Base : {args.database_url} ; {OfferDocument.objects.count()} offres publiées, {outline_count} contours")

    builds = []
    for _ in range(5):
        outlines.invalidate()
        start = time.perf_counter()
        layout = outlines.national_layout()
        builds.append((time.perf_counter() - start) * 1000)
    svg_chars = sum(len(d) for d in layout.paths.values())
    chars = f"{svg_chars:,}".replace(",", " ")
    build = statistics.median(builds)
    print(f"Contours de la France projetés (une fois par processus) : p50 {build:.0f} ms, {chars} caractères de tracés")

    client = Client()
    print(f"\n{'cas':38} {'carte p50':>9} {'p95':>7} {'liste p50':>9} {'p95':>7} {'ratio':>6} {'taille':>8}")
    for label, map_query, board_query in CASES:
        map_times, size = timed(client, f"/offres/carte/?{map_query}", args.repeat)
        board_times, _ = timed(client, f"/offres/?{board_query}", args.repeat)
        map_p50, board_p50 = statistics.median(map_times), statistics.median(board_times)
        print(
            f"{label:38} {map_p50:9.1f} {percentile(map_times, 95):7.1f} {board_p50:9.1f} "
            f"{percentile(board_times, 95):7.1f} {map_p50 / board_p50:6.2f} {size / 1024:6.0f} ko"
        )
    print(f"\n{args.repeat} requêtes par cas après une requête d'échauffement ; temps en ms, client de test Django.")


if __name__ == "__main__":
    main()
