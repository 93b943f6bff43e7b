"""Search relevance benchmark: nDCG@10 and recall@20 of the board's search on a labelled set.

The labelled set is bench/data/search_relevance/ (README.md there): 524 offers (the demo
catalogue, hand-written programme posts and look-alikes, ROME distractors) and 200 queries typed
as people type them, each with its relevant offers graded 0–3 by hand.

Every query runs through the board's code path: `search.params.parse_search` on the query string
the board sends (q, and commune when the query has one), then `search.offers.search_offers` with
the params it builds (first page, 20 offers, the board's default order). Printed per query class
and overall: nDCG@10 (graded gains 2^g - 1, ideal ranking from the grades), recall@20 (share of
the offers graded 2 or 3 that are on the first page), and the share of queries whose exact title
exists (an offer's title equals the query once lower-cased, accents, inclusive endings and
« (F/H) » removed) that show such an offer first.

ENGINES: the current code runs twice, with SEARCH_ENGINE = "database" (SQLite FTS5 or PostgreSQL)
and with SEARCH_ENGINE = "tantivy" (search.engine, its index in a temporary directory, built by
reindex_all); both columns are printed, and the queries whose first 20 offers differ are listed
(« Classements identiques base de données / tantivy »).

BASELINE: the same corpus and queries run on the code of the commit before this work
(BASELINE_COMMIT, extracted with `git archive` into a temporary directory: its models,
migrations, indexing and ranking, unchanged), next to the current code. Each (code, database)
runs in its own subprocess on a scratch database.

    .venv/bin/python bench/search_relevance.py                      # SQLite, baseline and current
    .venv/bin/python bench/search_relevance.py --database-url postgres://postgres@127.0.0.1:5432/bench_relevance
    .venv/bin/python bench/search_relevance.py --no-baseline --details   # per-query lines
    .venv/bin/python bench/search_relevance.py --no-engine               # without the tantivy engine

The PostgreSQL database is dropped and created again (it must be a scratch one).
"""

# The subprocesses are this script itself, git and tar, with arguments built here.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "search_relevance"
BASELINE_COMMIT = "804e04b"  # main before issue 18's relevance work (RANK_CANDIDATES = 300, ts_rank / bm25)
PAGE = 20


# --- the labelled set ------------------------------------------------------------------------------


def load_offers() -> list[dict]:
    with (DATA / "offers.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def load_queries() -> list[tuple[str, str, dict[str, int], str]]:
    sys.path.insert(0, str(DATA))
    from queries import QUERIES

    return QUERIES


_INCLUSIVE = re.compile(r"(?<=\w)(?:[\u00b7\u2022](?:[^\W\d_]{1,5}))+")


def normal_title(title: str) -> str:
    """Lower case, no accents, no inclusive endings: how the grades' title patterns read titles."""
    text = _INCLUSIVE.sub("", title).casefold().replace("œ", "oe").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_STOP = {"de", "du", "des", "d", "la", "le", "les", "l", "en", "et", "a", "au", "aux", "f", "h"}


def title_key(text: str) -> tuple[str, ...]:
    """The words of a title or query for the exact-title check (plurals and stop words ignored)."""
    words = re.findall(r"[a-z0-9]+", normal_title(text))
    return tuple(w.rstrip("s") for w in words if w not in _STOP)


def select(selector: str, offer: dict) -> bool:
    if "&" in selector:
        return all(select(part, offer) for part in selector.split("&"))
    kind, _, value = selector.partition(":")
    if kind == "k":
        key, _, employer = value.partition("@")
        return offer["key"] == key and (not employer or offer["employer_key"] == employer)
    if kind == "e":
        return offer["employer_key"] == value
    if kind == "c":
        return offer["commune"] == value
    if kind == "t":
        return re.search(value, normal_title(offer["title"])) is not None
    raise ValueError(f"unknown selector {selector!r}")


def grades_of(grades: dict[str, int], offers: list[dict]) -> dict[str, int]:
    result: dict[str, int] = {}
    for selector, grade in grades.items():
        picked = [o["id"] for o in offers if select(selector, o)]
        if not picked:
            raise SystemExit(f"selector {selector!r} picks no offer: fix queries.py")
        for ident in picked:
            result[ident] = max(result.get(ident, 0), grade)
    return result


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(i, 0) for i in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = PAGE) -> float:
    relevant = {i for i, g in grades.items() if g >= 2}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 1.0


# --- the worker: one code version on one database ------------------------------------------------------


def worker(database_url: str, src: str) -> None:
    sys.path.insert(0, src)
    os.environ["DJANGO_SETTINGS_MODULE"] = "emploi_territoires.settings"
    os.environ["DATABASE_URL"] = database_url
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from emploi_territoires.accounts.models import Organisation
    from emploi_territoires.offers.models import Offer, OfferStatus, RomeOccupation
    from emploi_territoires.search.indexing import reindex_all
    from emploi_territoires.search.offers import search_offers
    from emploi_territoires.search.params import parse_search
    from emploi_territoires.territories.reference import load_copy

    call_command("migrate", verbosity=0)
    load_copy()
    if not RomeOccupation.objects.exists():
        call_command("load_rome", verbosity=0, stdout=io.StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE search_offerdocument, offers_offer, accounts_organisation CASCADE")
    offers = load_offers()
    romes = set(RomeOccupation.objects.values_list("code", flat=True))
    organisations: dict[tuple[str, str], Organisation] = {}
    for offer in offers:
        key = (offer["employer"], offer["commune"])
        if key not in organisations:
            kind = Organisation.Kind.COLLECTIVITE if offer["public"] else Organisation.Kind.ENTREPRISE
            organisations[key] = Organisation(name=offer["employer"], kind=kind, commune_id=offer["commune"])
    Organisation.objects.bulk_create(organisations.values())
    now = timezone.now()
    rows = []
    for n, offer in enumerate(offers, 1):
        published = now - datetime.timedelta(days=offer["age_days"])
        rows.append(
            Offer(
                organisation=organisations[offer["employer"], offer["commune"]],
                commune_id=offer["commune"],
                reference=f"REL-{n:05d}",
                title=offer["title"],
                occupation_id=offer["rome"] if offer["rome"] in romes else None,
                contract_type=offer["contract"],
                weekly_hours=35,
                missions=offer["missions"],
                profile=offer["profile"],
                benefits=offer["benefits"],
                status=OfferStatus.PUBLISHED,
                published_at=published,
                status_changed_at=published,
                closing_date=timezone.localdate() + datetime.timedelta(days=30),
            )
        )
    Offer.objects.bulk_create(rows)
    reindex_all()
    ident = {f"REL-{n:05d}": offer["id"] for n, offer in enumerate(offers, 1)}
    results = []
    for _, query, _, commune in load_queries():
        data = {"q": query}
        if commune:
            data["commune"] = commune
        parsed = parse_search(data)
        result = search_offers(parsed.params)
        results.append(
            {
                "ranked": [ident[h.reference] for h in result.hits],
                "total": result.total,
                "errors": parsed.errors,
                "corrected": getattr(result, "corrected", ""),
            }
        )
    from django.conf import settings

    import emploi_territoires

    engine = getattr(settings, "SEARCH_ENGINE", "database")
    print(
        json.dumps(
            {"vendor": connection.vendor, "engine": engine, "code": emploi_territoires.__file__, "results": results}
        )
    )


# --- the parent: run the workers, compute the figures ----------------------------------------------------


def run(database_url: str, src: Path, engine: str = "database") -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "SEARCH_ENGINE": engine}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if engine == "tantivy":
        env["SEARCH_INDEX_DIR"] = tempfile.mkdtemp(prefix="relevance-index-")
    out = subprocess.run(
        [sys.executable, __file__, "--worker", "--database-url", database_url, "--src", str(src)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"worker failed ({src})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def scratch_postgres(url: str) -> None:
    """Drop and create the database named in `url` (connecting to the server's postgres database)."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def evaluate(results: list[dict], queries, offers) -> dict:
    by_class: dict[str, list[tuple[float, float]]] = defaultdict(list)
    exact_total = exact_first = 0
    rows = []
    titles = {o["id"]: o["title"] for o in offers}
    keys_with_title = defaultdict(set)
    for offer in offers:
        keys_with_title[title_key(offer["title"])].add(offer["id"])
    for (klass, query, grades, commune), result in zip(queries, results, strict=True):
        graded = grades_of(grades, offers)
        ranked = result["ranked"]
        n, r = ndcg(ranked, graded), recall(ranked, graded)
        by_class[klass].append((n, r))
        by_class["TOUTES"].append((n, r))
        exact = keys_with_title.get(title_key(query), set())
        if exact and not commune:
            exact_total += 1
            exact_first += bool(ranked) and ranked[0] in exact
        first = titles[ranked[0]] if ranked else "—"
        rows.append((klass, query, commune, n, r, first, result))
    return {"by_class": by_class, "exact": (exact_first, exact_total), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a scratch database (default: SQLite)")
    parser.add_argument("--no-baseline", action="store_true", help="only the current code")
    parser.add_argument("--no-engine", action="store_true", help="without the tantivy search engine (SEARCH_ENGINE)")
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT)
    parser.add_argument("--details", action="store_true", help="one line per query")
    parser.add_argument("--no-compare", action="store_true", help="with PostgreSQL: skip the SQLite comparison")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--src", default=str(ROOT / "src"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.database_url, args.src)
        return

    offers, queries = load_offers(), load_queries()
    print(f"Jeu étiqueté : {len(offers)} offres, {len(queries)} requêtes ({DATA.relative_to(ROOT)})")
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        versions = [("actuel", ROOT / "src", "database")]
        if not args.no_engine:
            versions.append(("actuel, tantivy", ROOT / "src", "tantivy"))
        if not args.no_baseline:
            archive = subprocess.run(
                ["git", "archive", args.baseline_commit, "src"], cwd=ROOT, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            versions.insert(0, (f"référence {args.baseline_commit}", Path(tmp) / "src", "database"))
        evaluations = {}
        rankings = {}
        if args.database_url and not args.no_compare:
            # The current code on SQLite too: the two databases must rank alike (said where they differ).
            output = run(f"sqlite:///{tmp}/compare.sqlite3", ROOT / "src")
            rankings["sqlite"] = [r["ranked"] for r in output["results"]]
        for label, src, engine in versions:
            if args.database_url:
                scratch_postgres(args.database_url)
                url = args.database_url
            else:
                url = f"sqlite:///{tmp}/{label.split()[0].strip(',')}-{engine}.sqlite3"
            output = run(url, src, engine)
            if not output["code"].startswith(str(src)):
                raise SystemExit(f"the worker imported {output['code']}, not {src}")
            if output.get("engine", "database") != engine:
                raise SystemExit(f"the worker searched with {output.get('engine')}, not {engine}")
            evaluations[label] = (output["vendor"], evaluate(output["results"], queries, offers))
            rankings[label] = [r["ranked"] for r in output["results"]]

    classes = ["TOUTES", *sorted({q[0] for q in queries})]
    labels = list(evaluations)
    vendor = next(iter(evaluations.values()))[0]
    print(f"\nBase : {vendor}. nDCG@10 / recall@20 (moyennes), page de {PAGE} offres, ordre par défaut du tableau.")
    header = f"{'classe de requêtes':<46} {'n':>4}  " + "  ".join(f"{label:>26}" for label in labels)
    print(header)
    print("-" * len(header))
    for klass in classes:
        cells = []
        count = 0
        for label in labels:
            values = evaluations[label][1]["by_class"][klass]
            count = len(values)
            n = sum(v[0] for v in values) / count
            r = sum(v[1] for v in values) / count
            cells.append(f"{n:>12.3f} / {r:>11.3f}")
        print(f"{klass:<46} {count:>4}  " + "  ".join(f"{c:>26}" for c in cells))
    for label in labels:
        first, total = evaluations[label][1]["exact"]
        print(f"Titre exact en premier ({label}) : {first}/{total} = {first / total:.1%}")
    baseline = next((label for label in labels if label.startswith("référence")), None)
    if baseline is not None:
        before, after = (evaluations[label][1]["rows"] for label in (baseline, "actuel"))
        worse = [(a[1], a[2], a[3], b[3]) for a, b in zip(before, after, strict=True) if b[3] < a[3] - 0.05]
        print(f"Requêtes moins bien classées qu'avant (nDCG@10 en baisse de plus de 0,05) : {len(worse)}")
        for query, commune, was, now in worse:
            print(f"  « {query} »{' [' + commune + ']' if commune else ''} : {was:.2f} -> {now:.2f}")
    if "actuel, tantivy" in rankings:
        # The search engine must rank as the database does (search.engine scores exactly as search.ranking).
        database, tantivy = rankings["actuel"], rankings["actuel, tantivy"]
        same = sum(a == b for a, b in zip(database, tantivy, strict=True))
        print(f"Classements identiques base de données / tantivy (20 premiers) : {same}/{len(database)} requêtes")
        for (_, query, _, commune), a, b in zip(queries, database, tantivy, strict=True):
            if a != b:
                first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
                print(f"  diffère : « {query} »{' [' + commune + ']' if commune else ''} à partir du rang {first + 1}")
    if "sqlite" in rankings:
        current = rankings["actuel"]
        same = sum(a == b for a, b in zip(rankings["sqlite"], current, strict=True))
        print(f"Classements identiques SQLite / PostgreSQL (20 premiers) : {same}/{len(current)} requêtes")
        for (_, query, _, commune), a, b in zip(queries, rankings["sqlite"], current, strict=True):
            if a != b:
                first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
                print(f"  diffère : « {query} »{' [' + commune + ']' if commune else ''} à partir du rang {first + 1}")
    if args.details:
        label = "actuel"
        print(f"\nDétail ({label}) : nDCG@10, recall@20, requête, premier résultat")
        for _klass, query, commune, n, r, first, result in evaluations[label][1]["rows"]:
            where = f" [commune={commune}]" if commune else ""
            note = f" (corrigé : {result['corrected']})" if result.get("corrected") else ""
            errors = f" ERREURS {result['errors']}" if result["errors"] else ""
            print(f"{n:5.2f} {r:5.2f}  {query}{where}{note} -> {first}{errors}")
            if n < 0.7 and result["ranked"]:
                graded = grades_of(dict(next(q[2] for q in queries if q[1] == query and q[3] == commune)), offers)
                titles = {o["id"]: o["title"] for o in offers}
                for ident in result["ranked"][:6]:
                    print(f"        {graded.get(ident, 0)}  {titles[ident]}  ({ident})")


if __name__ == "__main__":
    main()
