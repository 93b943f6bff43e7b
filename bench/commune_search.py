"""Commune search benchmark: the platform's `search_communes` on the full COG (34,875 communes).

Loads the committed COG copy into a fresh database (SQLite temp file by default, or the
PostgreSQL database given with --database-url), runs a fixed, seeded mix of queries a user types
(full names in every spelling, prefixes, "st" for "saint", postcodes, INSEE codes, inner words),
and prints p50 / p95 / max latency for the platform's search and for a naive
`name__icontains` query on the same data, their ratio, and how often each finds the commune meant.

    python bench/commune_search.py
    createdb -h 127.0.0.1 -U postgres bench   # once; the script migrates it and reloads the COG
    python bench/commune_search.py --database-url postgres://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def make_queries(communes: list[tuple[str, str, int, list[str]]], n: int, seed: int) -> list[tuple[str, str]]:
    """(query, expected INSEE code) pairs; communes drawn with a weight favouring large ones."""
    rng = random.Random(seed)
    weights = [max(pop, 50) ** 0.5 for _, _, pop, _ in communes]
    picks = rng.choices(communes, weights=weights, k=n)
    queries = []
    for i, (code, name, _pop, postcodes) in enumerate(picks):
        kind = i % 8
        if kind == 0:
            q = name
        elif kind == 1:
            q = name.upper()
        elif kind == 2:
            q = strip_accents(name).lower().replace("-", " ")
        elif kind == 3:
            q = name.replace("Saint-", "St ").replace("Sainte-", "Ste ") if "Saint" in name else name.lower()
        elif kind == 4:
            q = name[: max(3, len(name) // 2)]
        elif kind == 5 and postcodes:
            q = postcodes[0]
        elif kind == 6:
            q = code
        else:
            q = strip_accents(name.split("-")[-1]) if "-" in name else name
        queries.append((q, code))
    return queries


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    tmp = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        tmp = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries

    from emploi_territoires.territories.models import Commune
    from emploi_territoires.territories.reference import load_copy
    from emploi_territoires.territories.search import invalidate_index, search_communes

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    load_copy(force=True)
    load_s = time.perf_counter() - t0
    communes = list(Commune.objects.values_list("code", "name", "population", "postcodes"))
    queries = make_queries(communes, args.queries, args.seed)
    invalidate_index()
    t0 = time.perf_counter()
    search_communes("lyon")
    build_ms = (time.perf_counter() - t0) * 1000

    def naive(q: str) -> list[str]:
        return list(
            Commune.objects.filter(name__icontains=q).order_by("-population").values_list("code", flat=True)[:10]
        )

    def platform(q: str) -> list[str]:
        return [c.code for c in search_communes(q, 10)]

    results = {}
    for label, fn in (("platform", platform), ("naive icontains", naive)):
        for q, _ in queries[:20]:  # warm-up
            fn(q)
        latencies, found = [], 0
        for q, expected in queries:
            reset_queries()
            start = time.perf_counter()
            codes = fn(q)
            latencies.append((time.perf_counter() - start) * 1000)
            found += expected in codes
        results[label] = (latencies, found)

    vendor = connection.vendor
    print(f"Commune search on {vendor}: {len(communes)} communes (load {load_s:.1f} s), {len(queries)} queries")
    print(f"First search in a process (builds the in-memory index): {build_ms:.0f} ms")
    print(f"{'method':<18}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'found':>10}")
    for label, (lat, found) in results.items():
        print(
            f"{label:<18}{statistics.median(lat):>9.2f}{percentile(lat, 95):>9.2f}{max(lat):>9.2f}"
            f"{found / len(queries):>9.1%}"
        )
    p95_platform = percentile(results["platform"][0], 95)
    p95_naive = percentile(results["naive icontains"][0], 95)
    print(
        f"p95 ratio naive / platform: {p95_naive / p95_platform:.2f}x ; target p95 < 20 ms: "
        f"{'met' if p95_platform < 20 else 'MISSED'}"
    )
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
