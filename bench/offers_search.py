"""Offer search benchmark: the platform's `search_offers` on generated French offers.

Generates realistic offers (offers.offer_generator: ROME titles, communes weighted by population,
80–190-word descriptions, 8 contract types, programme flags from the commune), bulk-loads
200,000 into a SQLite file and 1,000,000 into PostgreSQL (offers, organisations and the search
projection, indexes built after loading), then runs a fixed, seeded mix of 200 queries through
`search_offers` (the board's code path, params already parsed): 80 text (1–3 words, with and
without accents), 60 text + 30 km radius, 40 filters only sorted by date, 20 PVD + text; top 20
plus the capped count. Each query runs 3 times warm; its median is kept. Prints p50/p95 per
category and overall, the load times, and the ratio to a naive `icontains` query on `Offer`
(run on a subset of the queries when it is slow, and said so).

    python bench/offers_search.py                    # both databases (about 15 minutes)
    python bench/offers_search.py --sqlite-only --offers 20000
    python bench/offers_search.py --postgres-only --database-url postgres://postgres@127.0.0.1:5432/bench

Each database runs in its own subprocess (Django settings are per process). The PostgreSQL
database is a scratch database: it is migrated, then its offers, organisations and projection are
TRUNCATEd with CASCADE (which empties every table referencing them: users, applications…).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PROGRAMMES_DIR = ROOT.parent / "shared" / "data" / "programmes"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench"
CHUNK = 20_000
CATEGORIES = ("text", "text + 30 km", "filters, by date", "PVD + text")
NAIVE_TIMEOUT_S = 120


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- loading --------------------------------------------------------------------------------------


def prepare_reference() -> None:
    from django.core.management import call_command

    from emploi_territoires.offers.models import RomeOccupation
    from emploi_territoires.territories.models import Commune, ProgrammeImport
    from emploi_territoires.territories.reference import load_copy

    call_command("migrate", verbosity=0)
    if not Commune.objects.exists():
        load_copy()
    if not ProgrammeImport.objects.exists() and PROGRAMMES_DIR.is_dir():
        call_command("import_programmes_dir", str(PROGRAMMES_DIR), "--apply", verbosity=0, stdout=io.StringIO())
    if not RomeOccupation.objects.exists():
        call_command("load_rome", verbosity=0, stdout=io.StringIO())


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE search_offerdocument, offers_offer, accounts_organisation CASCADE")
        else:
            for table in ("search_offerdocument", "offers_offer", "accounts_organisation"):
                cursor.execute(f"DELETE FROM {table}")


# State shared with the generating process (set before it forks, read-only there).
_GEN: dict = {}


def _generate_chunk(task: tuple[int, int]) -> tuple[list[tuple], list[tuple], dict]:
    """Rows of offers [start, start + size): (offer rows, document rows, organisations used).

    Runs in a forked process (no database access): each chunk has its own seeded generator, so
    the data does not depend on how chunks are scheduled. Organisations are one per (commune,
    public or private), with ids derived from the commune's rank, so any chunk can name them.
    """
    from emploi_territoires.offers.models import OfferStatus
    from emploi_territoires.offers.offer_generator import OfferGenerator
    from emploi_territoires.search.indexing import document_fields

    start, size = task
    g = _GEN
    gc.disable()
    generator = OfferGenerator(g["gen_communes"], g["occupation_labels"], seed=g["seed"] * 1_000_003 + start)
    rng = random.Random(g["seed"] * 7 + start)
    offer_rows, doc_rows, orgs = [], [], {}
    for i in range(start, start + size):
        public = rng.random() < 0.45
        picked = generator.commune()
        commune = g["communes"][picked.code]
        org_id = 2 * g["commune_rank"][picked.code] + (1 if public else 2)
        name = (
            f"Commune de {commune.name}"
            if public
            else f"{SURNAMES[org_id % len(SURNAMES)]} {TRADES[org_id // 7 % len(TRADES)]}"
        )
        organisation = SimpleNamespace(id=org_id, name=name, is_public_employer=public)
        orgs[org_id] = (name, public, commune.code)
        values = generator.values(public=public, commune=picked)
        published = g["now"] - g["span"] + g["span"] * (i / g["n"]) + datetime.timedelta(minutes=rng.randint(0, 30))
        code = values.pop("occupation_code")
        values.pop("commune_code")
        # Plain rows, not model instances: 1M Offer() constructions would double the load time.
        row = {
            **values,
            "id": i + 1,
            "organisation_id": org_id,
            "created_by_id": None,
            "reference": f"ET-2026-{i + 1:07d}",
            "occupation_id": code,
            "address": "",
            "status": OfferStatus.PUBLISHED.value,
            "quality_score": None,
            "written_with_assistant": False,
            "template": "",
            "published_at": published,
            "status_changed_at": published,
            "created_at": published,
            "updated_at": published,
            "is_demo": True,
            "commune_id": commune.code,
        }
        offer = SimpleNamespace(**row, commune=commune, organisation=organisation, occupation=g["occupations"][code])
        document = {"offer_id": i + 1, **document_fields(offer, g["vendor"])}  # type: ignore[arg-type]
        offer_rows.append(tuple(_adapt(row[c], g["vendor"]) for c in g["offer_columns"]))
        doc_rows.append(tuple(_adapt(document[c], g["vendor"]) for c in g["doc_columns"]))
    return offer_rows, doc_rows, orgs


def _adapt(value, vendor: str):
    # psycopg's COPY takes Python values; SQLite wants Django's text forms (naive UTC datetimes).
    if vendor == "postgresql" or value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    return value.isoformat()


def load_offers(n: int, seed: int) -> dict[str, float]:
    """Generate and bulk-load `n` published offers; returns timings (s).

    A forked process generates the next chunks while this one writes the current one (2 cores:
    Python generation and the database's ingestion, tsvector included, overlap).
    """
    import multiprocessing

    from django.db import connection

    from emploi_territoires.accounts.models import Organisation
    from emploi_territoires.offers.models import Offer, RomeOccupation
    from emploi_territoires.offers.offer_generator import GeneratorCommune
    from emploi_territoires.search import fulltext
    from emploi_territoires.search.models import OfferDocument
    from emploi_territoires.territories.models import Commune

    vendor = connection.vendor
    timings: dict[str, float] = {}
    communes = {c.code: c for c in Commune.objects.order_by("code")}
    occupations = {o.code: o for o in RomeOccupation.objects.all()}
    _GEN.update(
        vendor=vendor,
        seed=seed,
        n=n,
        now=datetime.datetime.now(datetime.UTC),
        span=datetime.timedelta(days=120),
        communes=communes,
        commune_rank={code: rank for rank, code in enumerate(communes)},
        gen_communes=[
            GeneratorCommune(c.code, c.name, c.population, c.in_acv, c.in_pvd, c.in_ti, c.in_qpv)
            for c in communes.values()
        ],
        occupations=occupations,
        occupation_labels=sorted((code, o.label) for code, o in occupations.items()),
        offer_columns=[f.column for f in Offer._meta.concrete_fields],
        doc_columns=[f.column for f in OfferDocument._meta.concrete_fields],
    )
    offer_columns, doc_columns = _GEN["offer_columns"], _GEN["doc_columns"]

    # Drop the projection's indexes (and SQLite's FTS triggers) while loading; rebuilt at the end.
    with connection.schema_editor() as editor:
        for index in OfferDocument._meta.indexes:
            editor.remove_index(OfferDocument, index)
    if vendor == "postgresql":
        fulltext.run(connection, fulltext.POSTGRES_DROP_INDEX)
    else:
        fulltext.run(connection, fulltext.SQLITE_DROP_TRIGGERS)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")  # a benchmark file: durability is not the point
        else:
            # Rows are generated consistent: skip the per-row foreign-key triggers while loading.
            cursor.execute("SET session_replication_role = replica")
    raw = connection.connection if vendor == "postgresql" else None

    t0 = time.perf_counter()
    written_s = 0.0
    created_orgs: set[int] = set()
    tasks = [(start, min(CHUNK, n - start)) for start in range(0, n, CHUNK)]
    now = _GEN["now"]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = [pool.apply_async(_generate_chunk, (task,)) for task in tasks[:2]]
        for index, (start, size) in enumerate(tasks):
            offer_rows, doc_rows, orgs = pending.pop(0).get()
            if index + 2 < len(tasks):
                pending.append(pool.apply_async(_generate_chunk, (tasks[index + 2],)))
            w0 = time.perf_counter()
            new_orgs = [
                Organisation(
                    id=org_id,
                    name=name,
                    kind=Organisation.Kind.COLLECTIVITE if public else Organisation.Kind.ENTREPRISE,
                    commune_id=code,
                    created_at=now,
                    is_demo=True,
                )
                for org_id, (name, public, code) in orgs.items()
                if org_id not in created_orgs
            ]
            created_orgs.update(o.id for o in new_orgs)
            Organisation.objects.bulk_create(new_orgs, batch_size=2000)
            if vendor == "postgresql":
                with raw.cursor() as cursor:
                    with cursor.copy(f"COPY offers_offer ({', '.join(offer_columns)}) FROM STDIN") as copy:
                        for row in offer_rows:
                            copy.write_row(row)
                    with cursor.copy(f"COPY search_offerdocument ({', '.join(doc_columns)}) FROM STDIN") as copy:
                        for row in doc_rows:
                            copy.write_row(row)
            else:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO offers_offer ({', '.join(offer_columns)}) "
                        f"VALUES ({', '.join(['%s'] * len(offer_columns))})",
                        offer_rows,
                    )
                    cursor.executemany(
                        f"INSERT INTO search_offerdocument ({', '.join(doc_columns)}) "
                        f"VALUES ({', '.join(['%s'] * len(doc_columns))})",
                        doc_rows,
                    )
            written_s += time.perf_counter() - w0
            if index % 5 == 4 or start + size == n:
                print(f"  {start + size:>9,} offres chargées ({time.perf_counter() - t0:.0f} s)", flush=True)
    timings["generate + write (pipelined)"] = time.perf_counter() - t0
    timings["  of which writing"] = written_s
    t1 = time.perf_counter()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    with connection.schema_editor() as editor:
        for index in OfferDocument._meta.indexes:
            editor.add_index(OfferDocument, index)
    if vendor == "postgresql":
        fulltext.run(connection, fulltext.POSTGRES_INDEX)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('offers_offer', 'id'), %s)", [n])
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('accounts_organisation', 'id'), %s)", [max(created_orgs) + 1]
            )
    else:
        fulltext.run(connection, fulltext.SQLITE_REBUILD + fulltext.SQLITE_TRIGGERS)
    timings["indexes"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM also fills the visibility map, which lets PostgreSQL count from the index bitmap.
        cursor.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")
    timings["vacuum / analyze"] = time.perf_counter() - t2
    return timings


SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
TRADES = ["Industrie", "Menuiserie", "Services", "Transports", "Bâtiment", "Conseil", "Logistique", "Santé"]


# --- the query mix ------------------------------------------------------------------------------

BROAD = ["responsable", "chef", "chargé", "agent", "technicien", "assistant", "conducteur", "directeur"]


def make_queries(seed: int) -> list[tuple[str, dict]]:
    """(category, raw params) pairs: 80 text, 60 text + 30 km, 40 filters by date, 20 PVD + text."""
    from emploi_territoires.offers.models import ContractType, RomeOccupation
    from emploi_territoires.search.text import STOP_WORDS
    from emploi_territoires.territories.models import Commune, Departement, Region

    rng = random.Random(seed)
    labels = list(RomeOccupation.objects.values_list("label", flat=True).order_by("code"))
    towns = list(
        Commune.objects.filter(latitude__isnull=False).order_by("-population").values_list("code", flat=True)[:2000]
    )
    regions = list(Region.objects.values_list("code", flat=True).order_by("code"))
    departements = list(Departement.objects.values_list("code", flat=True).order_by("code"))

    def text_query() -> str:
        if rng.random() < 0.2:
            words = [rng.choice(BROAD)]
            if rng.random() < 0.5:
                words.append(rng.choice(["de projet", "territorial", "administratif", "de production"]))
            query = " ".join(words)
        else:
            label = rng.choice(labels).split(" / ")[0]
            words = [w for w in label.replace("'", " ").split() if w.lower() not in STOP_WORDS and len(w) > 2]
            k = rng.choice([1, 1, 2, 2, 3])
            begin = rng.randrange(max(1, len(words) - k + 1))
            query = " ".join(words[begin : begin + k]) or label
        return strip_accents(query).lower() if rng.random() < 0.5 else query

    queries: list[tuple[str, dict]] = []
    queries += [("text", {"q": text_query()}) for _ in range(80)]
    queries += [("text + 30 km", {"q": text_query(), "commune": rng.choice(towns), "radius": 30}) for _ in range(60)]
    for _ in range(40):
        params: dict = {"sort": "date"}
        for key, chance, value in (
            ("contract", 0.5, lambda: rng.choice(ContractType.values)),
            ("region", 0.3, lambda: rng.choice(regions)),
            ("departement", 0.3, lambda: rng.choice(departements)),
            ("remote", 0.3, lambda: rng.choice(["partial", "full"])),
            ("salary_min", 0.3, lambda: rng.choice([30000, 40000, 50000])),
            ("employer", 0.3, lambda: rng.choice(["public", "private"])),
            ("since", 0.3, lambda: rng.choice([7, 30])),
            ("programme", 0.2, lambda: rng.choice(["acv", "ti", "qpv"])),
        ):
            if rng.random() < chance:
                params[key] = value()
        if len(params) == 1:
            params["contract"] = ContractType.VTA
        queries.append(("filters, by date", params))
    queries += [("PVD + text", {"q": text_query(), "programme": "pvd"}) for _ in range(20)]
    return queries


def to_params(raw: dict):
    from dataclasses import replace

    from emploi_territoires.search.params import parse_search

    parsed = parse_search(raw)
    if parsed.errors:
        raise SystemExit(f"Requête de banc invalide {raw}: {parsed.errors}")
    return replace(parsed.params, offset=0, limit=20)


def naive_search(params) -> tuple[list[int], int]:
    """The naive way on `Offer`: icontains on every word (accent-sensitive!), joins, exact count."""
    from django.db.models import Q

    from emploi_territoires.offers.models import Offer, OfferStatus
    from emploi_territoires.search.geo import communes_within

    qs = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    for word in params.text.split():
        if len(word) > 2:
            qs = qs.filter(Q(title__icontains=word) | Q(missions__icontains=word) | Q(profile__icontains=word))
    if params.contract_types:
        qs = qs.filter(contract_type__in=params.contract_types)
    if params.programme:
        qs = qs.in_programme(params.programme)
    if params.region:
        qs = qs.in_region(params.region)
    if params.departement:
        qs = qs.in_departement(params.departement)
    if params.commune is not None and params.radius_km:
        qs = qs.filter(commune_id__in=list(communes_within(params.commune.latitude, params.commune.longitude, 30)))
    if params.remote:
        qs = qs.filter(remote__in=["partial", "full"] if params.remote == "partial" else ["full"])
    if params.salary_min:
        qs = qs.filter(salary_max__gte=params.salary_min)
    if params.employer:
        kinds = ["collectivite", "anct"]
        qs = (
            qs.filter(organisation__kind__in=kinds)
            if params.employer == "public"
            else qs.exclude(organisation__kind__in=kinds)
        )
    ids = list(qs.order_by("-published_at").values_list("pk", flat=True)[:20])
    return ids, qs.count()


def run_queries(queries, fn, repeat: int = 3) -> list[tuple[str, float]]:
    for _, params in queries[:10]:
        fn(params)  # warm-up
    timings = []
    for category, params in queries:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(params)
            runs.append((time.perf_counter() - start) * 1000)
        timings.append((category, statistics.median(runs)))
    return timings


def summarise(timings: list[tuple[str, float]]) -> dict[str, tuple[float, float]]:
    out = {}
    for category in (*CATEGORIES, "all"):
        values = [t for c, t in timings if c == category or category == "all"]
        if values:
            out[category] = (statistics.median(values), percentile(values, 95))
    return out


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    from django.db import connection

    from emploi_territoires.search.offers import COUNT_CAP, RANK_CANDIDATES, search_offers

    vendor = connection.vendor
    t0 = time.perf_counter()
    prepare_reference()
    reference_s = time.perf_counter() - t0
    from emploi_territoires.search.models import OfferDocument

    if args.reuse and OfferDocument.objects.count() == args.offers:
        print(f"[{vendor}] {args.offers:,} offres déjà chargées : réutilisées", flush=True)
        timings, load_s = {}, 0.0
    else:
        empty_tables()
        print(f"[{vendor}] chargement de {args.offers:,} offres…", flush=True)
        t1 = time.perf_counter()
        timings = load_offers(args.offers, args.seed)
        load_s = time.perf_counter() - t1

    raw_queries = make_queries(args.seed)
    queries = [(c, to_params(raw)) for c, raw in raw_queries]
    platform = run_queries(queries, search_offers)
    # Matches found, to show the mix is not trivial (broad words hit hundreds of thousands).
    capped = sum(1 for _, p in queries if search_offers(p).is_capped)
    empty = sum(1 for _, p in queries if not search_offers(p).hits)

    # The naive query is a full scan per query: run it on a subset (every 5th query) when large.
    step = 5 if args.offers <= 300_000 else 10
    subset = queries if args.offers <= 50_000 or args.naive == "all" else queries[::step]
    if args.naive == "none":
        subset = []
    naive = run_queries(subset, naive_search, repeat=1) if subset else []
    print(
        json.dumps(
            {
                "vendor": vendor,
                "offers": args.offers,
                "reference_s": reference_s,
                "load_s": load_s,
                "timings": timings,
                "platform": summarise(platform),
                "naive": summarise(naive),
                "naive_queries": len(subset),
                "platform_subset": summarise([t for i, t in enumerate(platform) if subset is queries or i % step == 0]),
                "capped": capped,
                "slowest": sorted(
                    ([round(t, 1), c, raw] for (c, t), (_, raw) in zip(platform, raw_queries, strict=True)),
                    key=lambda item: -item[0],
                )[:12],
                "empty": empty,
                "count_cap": COUNT_CAP,
                "rank_candidates": RANK_CANDIDATES,
            }
        ),
        flush=True,
    )


def report(result: dict) -> None:
    vendor, n = result["vendor"], result["offers"]
    print()
    print(f"== {vendor}: {n:,} offres ==")
    print(
        f"référentiels (COG, programmes, ROME) : {result['reference_s']:.1f} s ; chargement : {result['load_s']:.1f} s"
    )
    for label, seconds in result["timings"].items():
        print(f"   {label:<24}{seconds:>8.1f} s")
    print(
        f"200 requêtes via search_offers (médiane de 3 passages), top 20 + total plafonné à "
        f"{result['count_cap']:,} ; pertinence sur les {result['rank_candidates']:,} plus récentes"
    )
    print(f"   {result['capped']} requêtes au-delà du plafond de comptage, {result['empty']} sans résultat")
    print(f"{'catégorie':<20}{'p50 ms':>9}{'p95 ms':>9}")
    for category, (p50, p95) in result["platform"].items():
        print(f"{category:<20}{p50:>9.1f}{p95:>9.1f}")
    naive, sub = result["naive"], result["platform_subset"]
    print(
        f"naïf icontains sur Offer (jointures, count exact), {result['naive_queries']} requêtes"
        f"{' (sous-ensemble : le naïf prend des secondes par requête)' if 0 < result['naive_queries'] < 200 else ''} :"
    )
    print(f"{'catégorie':<20}{'p50 ms':>9}{'p95 ms':>9}{'ratio p95':>11}")
    for category, (p50, p95) in naive.items():
        platform_p95 = sub.get(category, (0, 0))[1] or 1e-9
        print(f"{category:<20}{p50:>9.1f}{p95:>9.1f}{p95 / platform_p95:>10.0f}x")
    print("requêtes les plus lentes (ms, catégorie, paramètres) :")
    for slow in result["slowest"]:
        print(f"   {slow[0]:>7.1f}  {slow[1]:<18} {slow[2]}")
    overall = result["platform"]["all"][1]
    target = "atteint" if overall < 50 else "MANQUÉ"
    print(f"objectif p95 < 50 ms : {target} ({overall:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--offers", type=int, default=0, help="offres par base (défaut : 200 000 SQLite, 1 000 000 PG)")
    parser.add_argument("--database-url", default=DEFAULT_PG, help="base PostgreSQL (elle est vidée !)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sqlite-path", default="", help="fichier SQLite à garder (défaut : temporaire)")
    parser.add_argument("--reuse", action="store_true", help="réutiliser les offres déjà chargées (même nombre)")
    parser.add_argument("--naive", choices=["subset", "all", "none"], default="subset")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    runs = []
    if not args.postgres_only:
        runs.append(("sqlite", args.offers or 200_000))
    if not args.sqlite_only:
        runs.append(("postgresql", args.offers or 1_000_000))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for vendor, n in runs:
            env = dict(os.environ)
            sqlite_path = args.sqlite_path or f"{tmp}/bench.sqlite3"
            env["DATABASE_URL"] = args.database_url if vendor == "postgresql" else f"sqlite:///{sqlite_path}"
            env["DJANGO_LOG_LEVEL"] = "WARNING"
            command = [sys.executable, __file__, "--worker", "--offers", str(n), "--seed", str(args.seed)]
            command += ["--naive", args.naive] + (["--reuse"] if args.reuse else [])
            process = subprocess.run(command, env=env, capture_output=False, stdout=subprocess.PIPE, text=True)  # noqa: S603
            lines = process.stdout.splitlines()
            for line in lines[:-1]:
                print(line)
            if process.returncode != 0 or not lines:
                raise SystemExit(f"Le banc {vendor} a échoué (code {process.returncode}).")
            report(json.loads(lines[-1]))
    print(f"\ndurée totale : {(time.perf_counter() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
