"""Offer search benchmark: the platform's `search_offers` on generated French offers, beside tantivy.

Generates realistic offers (offers.offer_generator: ROME titles, one in five titled from the demo's
curated catalogue demo.offers, real communes weighted by population, 80–190-word
descriptions, 8 contract types, programme flags from the commune), bulk-loads 200,000 into a
SQLite file (executemany) and 1,000,000 into PostgreSQL (COPY; offers, organisations and the search
projection, indexes built after loading), then runs a fixed, seeded mix of 200 queries through
`search_offers` (the board's code path, params parsed by search.params.parse_search): 80 text
(1–3 words, with and without accents), 60 text + 30 km radius, 40 filters only sorted by date,
20 PVD + text; top 20 plus the count, exact up to COUNT_CAP. Each query runs --repeat times warm
(3 by default); its median is kept. Prints p50/p95 per category and overall, the load times, the
first read of the typo vocabulary, and the ratio to a naive `icontains` query on `Offer` (run on
a subset of the queries when it is slow, and said so).

On PostgreSQL the same rows go into tantivy (Python package, dev dependency): the projection's
stored stems indexed as they are (so the platform and tantivy match the same terms), BM25 over
every match with the title boosted, the filters and the radius's commune set as the same tokens,
exact counts. The same 200 queries are timed (with the platform building the query, and the
engine alone) and their totals compared, capped at COUNT_CAP + 1. Then, on both databases, the
platform itself with the search engine (`SEARCH_ENGINE = "tantivy"`, search.engine, its index built
by the code of `build_search_index` in --tantivy-dir/engine-<n>, reused when it holds n documents of
its schema): the same `search_offers`, timed, its pages and totals compared with the database
engine's (a page that differs is asked of both again, back to back, before it counts). `--pg-route`
times the floor of a PostgreSQL-only group-bound scan (its first group and the capped count).
`--rum` also times a variant ranked inside a RUM index (`apt-get install postgresql-15-rum`; its
own rank, not the platform's). When both databases run, a last table puts the four side by side.

    python bench/offers_search.py                    # both databases (about an hour on 2 busy cores)
    python bench/offers_search.py --sqlite-only --offers 20000
    python bench/offers_search.py --postgres-only --database-url postgres://postgres@127.0.0.1:5432/bench_search \
        --naive none --tantivy-dir /tmp/bench-tantivy --repeat 1
    python bench/offers_search.py --postgres-only --reuse ...   # the queries again, on the loaded offers
    python bench/offers_search.py --database-url postgres://postgres@127.0.0.1:5432/bench_search --reuse \
        --sqlite-path /tmp/bench-200k.sqlite3 --tantivy-dir /tmp/bench-tantivy --naive none --repeat 1 --pg-route

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
# Share of offers titled from the demo's curated catalogue (demo.offers), the rest from ROME.
DEMO_TITLE_SHARE = 0.2


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
        if g["demo_jobs"] and rng.random() < DEMO_TITLE_SHARE:
            # Titles as the demo's employers write them (demo.offers), beside the ROME ones.
            job = rng.choice(g["demo_jobs"][public])
            values["title"] = job.title
            if job.rome in g["occupations"]:
                values["occupation_code"] = job.rome
        # Fields the generator does not set take the model's default (or the editor's initial value).
        for column, default in g["offer_defaults"].items():
            values.setdefault(column, default)
        if "public_service_branch" in g["offer_defaults"] and public:
            values["public_service_branch"] = g["branch_of"]("collectivite")
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
    from emploi_territoires.offers.offer_generator import GeneratorCommune, OfferGenerator
    from emploi_territoires.search import fulltext
    from emploi_territoires.search.models import OfferDocument
    from emploi_territoires.territories.models import Commune

    vendor = connection.vendor
    timings: dict[str, float] = {}
    communes = {c.code: c for c in Commune.objects.order_by("code")}
    occupations = {o.code: o for o in RomeOccupation.objects.all()}
    from emploi_territoires.demo import offers as demo_offers
    from emploi_territoires.offers import models as offer_models

    generated = set(
        OfferGenerator([GeneratorCommune("75056", "Paris", 1)], [("A1203", "x")], seed=1).values(public=True)
    )
    generated |= {"occupation_code", "commune_code"}
    fixed = {"id", "organisation_id", "created_by_id", "reference", "occupation_id", "commune_id", "address"}
    fixed |= {"status", "quality_score", "written_with_assistant", "template", "published_at", "status_changed_at"}
    fixed |= {"created_at", "updated_at", "is_demo"}
    offer_defaults = {
        f.column: f.get_default()
        for f in Offer._meta.concrete_fields
        if f.column not in generated and f.column not in fixed and f.attname not in generated
    }
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
        offer_defaults=offer_defaults,
        branch_of=getattr(offer_models, "default_public_service_branch", lambda kind: ""),
        demo_jobs={
            True: list(demo_offers.PUBLIC_JOBS.values()),
            False: list(demo_offers.COMPANY_JOBS.values()),
        },
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
        fulltext.run(connection, fulltext.POSTGRES_DROP_INDEX + fulltext.POSTGRES_DROP_TITLE_INDEX)
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
        fulltext.run(connection, fulltext.POSTGRES_INDEX + fulltext.POSTGRES_TITLE_INDEX)
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
    repeat = max(1, repeat)
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


# --- the same data and queries in tantivy (a dedicated engine, for comparison) ---------------------

# The projection stores search.text's stems (the same terms on SQLite and PostgreSQL): tantivy
# indexes those stored words as they are, split on spaces, so all three match the same terms.
# PostgreSQL's score puts title matches first: the title is boosted the same way here.
TANTIVY_TITLE_BOOST = 4.0


def _tantivy_analyzers():
    import tantivy

    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="words", index_option="position")
    builder.add_text_field("body", tokenizer_name="words", index_option="position")
    builder.add_text_field("facets", tokenizer_name="tokens", index_option="basic")
    builder.add_integer_field("published", indexed=True, fast=True)
    return builder.build()


def tantivy_open(path: Path, n: int) -> tuple[object, dict[str, float]]:
    """The tantivy index of the projection's rows, built from PostgreSQL's table (kept in `path`,
    rebuilt when it holds another number of documents)."""
    import tantivy
    from django.db import connection

    path.mkdir(parents=True, exist_ok=True)
    schema = _tantivy_schema()
    index = tantivy.Index(schema, path=str(path))
    index.register_tokenizer("words", _tantivy_analyzers())
    index.register_tokenizer("tokens", _tantivy_analyzers())
    index.reload()
    if index.searcher().num_docs == n:
        return index, {}
    t0 = time.perf_counter()
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    writer.delete_all_documents()
    raw = connection.connection
    with raw.transaction(), raw.cursor(name="tantivy_export") as cursor:
        cursor.itersize = 5000
        cursor.execute(
            "SELECT offer_id, search_title, search_body, search_facets, "
            "extract(epoch FROM published_at)::bigint FROM search_offerdocument"
        )
        for offer_id, title, body, facets, published in cursor:
            writer.add_document(
                tantivy.Document(id=offer_id, title=title, body=body, facets=facets, published=published)
            )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, {"tantivy index": time.perf_counter() - t0}


class TantivySearch:
    """The board's params as a tantivy query, built from the platform's own query (search.offers._Query):
    each concept must match (any of its alternatives, a phrase for an acronym's expansion, in the
    title or the body, the title boosted), each filter is an OR-group of the tokens the platform
    indexes (search.indexing.facets), a radius is its set of communes (search.geo). Relevance is
    BM25 over every match; by date is an order on a fast field. Counts are exact."""

    def __init__(self, index) -> None:
        import tantivy

        self.t = tantivy
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()

    def _words(self, field_name: str, words: tuple[str, ...]):
        t = self.t
        if len(words) == 1:
            return t.Query.term_query(self.schema, field_name, words[0])
        return t.Query.phrase_query(self.schema, field_name, list(words))

    def query(self, params):
        from django.utils import timezone

        from emploi_territoires.search.offers import _Query

        t = self.t
        q = _Query(params, "sqlite")  # SQLite's shape: every filter, the radius too, as tokens
        clauses = []
        for concept in q.text.concepts:
            either = []
            for alternative in concept.alternatives:
                title = t.Query.boost_query(self._words("title", alternative), TANTIVY_TITLE_BOOST)
                either += [(t.Occur.Should, title), (t.Occur.Should, self._words("body", alternative))]
            clauses.append((t.Occur.Must, t.Query.boolean_query(either)))
        for group in q.facet_groups:
            group_query = (
                t.Query.term_query(self.schema, "facets", group[0])
                if len(group) == 1
                else t.Query.term_set_query(self.schema, "facets", group)
            )
            clauses.append((t.Occur.Must, t.Query.const_score_query(group_query, 0.0)))
        if params.published_since_days:
            since = timezone.now() - datetime.timedelta(days=params.published_since_days)
            since_query = t.Query.range_query(
                self.schema, "published", t.FieldType.Integer, int(since.timestamp()), None
            )
            clauses.append((t.Occur.Must, t.Query.const_score_query(since_query, 0.0)))
        if not clauses:
            return t.Query.all_query()
        return t.Query.boolean_query(clauses)

    def search(self, params) -> tuple[list[int], int]:
        return self.run(self.query(params), params)

    def run(self, query, params) -> tuple[list[int], int]:
        from emploi_territoires.search.offers import Sort

        if params.effective_sort == Sort.RELEVANCE:
            result = self.searcher.search(query, params.limit, count=True)
        else:
            result = self.searcher.search(query, params.limit, count=True, order_by_field="published")
        ids = [self.searcher.doc(address)["id"][0] for _, address in result.hits]
        return ids, result.count


# --- PostgreSQL with RUM (postgresql-15-rum): ranking inside the index ------------------------------

RUM_INDEX = "bench_offerdoc_rum_idx"


def rum_build() -> float | None:
    """The RUM index over the same tsvector (None when the extension is not installed)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return None
        t0 = time.perf_counter()
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON search_offerdocument USING rum (search_vector rum_tsvector_ops)"
        )
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("ANALYZE search_offerdocument")
        return time.perf_counter() - t0


def rum_drop() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")


def rum_search(params) -> tuple[list[int], int]:
    """A text query ranked by RUM's own distance (`<=>`, a ts_rank computed from the positions the
    index stores: no heap visit to rank), the filters in the same tsquery; the platform's capped
    count. Not the platform's score (search.ranking): what PostgreSQL can rank inside an index."""
    from django.db import connection

    from emploi_territoires.search.offers import Sort, _pg_count, _Query, search_offers

    if params.effective_sort != Sort.RELEVANCE:
        result = search_offers(params)
        return [h.offer_id for h in result.hits], result.total
    q = _Query(params, "postgresql")
    from_clause, where, args = q.from_where()
    text = "to_tsquery('simple', %s)"
    sql = f"SELECT d.offer_id FROM {from_clause} WHERE {where} ORDER BY d.search_vector <=> {text} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, q.text.tsquery(), params.limit])
        ids = [row[0] for row in cursor.fetchall()]
        total = len(ids) if len(ids) < params.limit else _pg_count(cursor, q)
    return ids, total


def pg_route_floor(params, part: str = "both") -> None:
    """The least any PostgreSQL-only ranking of every match must do (issue 18's « cheap route »: a
    group-bound scan over exact title / phrase / title words, each group's 20 most recent, then a
    count capped at COUNT_CAP): its first group alone — the 20 most recent title matches, found
    day window by day window in the GIN index like the date sort — and the capped count. If this
    floor misses the target, no group-bound scan on PostgreSQL reaches it."""
    from django.db import connection

    from emploi_territoires.search.offers import (
        _PG_RESET,
        _PG_SEARCH_SETTINGS,
        WINDOWS_DAYS,
        _pg_count,
        _Query,
        _recent_days,
    )

    q = _Query(params, "postgresql")
    with connection.cursor() as cursor:
        cursor.execute(_PG_SEARCH_SETTINGS)
        try:
            if q.words and part in ("both", "group"):
                for days in WINDOWS_DAYS:
                    from_clause, where, args = q.from_where(_recent_days(days) if days else None, title_only=True)
                    cursor.execute(
                        f"SELECT d.offer_id FROM {from_clause} WHERE {where} "
                        "ORDER BY d.published_at DESC, d.offer_id DESC LIMIT 20",
                        args,
                    )
                    if len(cursor.fetchall()) >= 20:
                        break
            if part in ("both", "count"):
                _pg_count(cursor, q)
        finally:
            cursor.execute(_PG_RESET)


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

    # Typo tolerance reads the index's vocabulary once per process (search.vocabulary): the first
    # text search pays it, timed here apart from the warm queries.
    vocabulary_s = None
    try:
        from emploi_territoires.search.vocabulary import vocabulary
    except ImportError:
        vocabulary = None
    if vocabulary is not None:
        v0 = time.perf_counter()
        # Above 20,000 offers a thread of the process reads it (never a request): wait for it, so
        # every engine searches with the same corrections.
        while not vocabulary().frequencies and time.perf_counter() - v0 < 300:
            time.sleep(0.5)
        vocabulary_s = time.perf_counter() - v0
    raw_queries = make_queries(args.seed)
    queries = [(c, to_params(raw)) for c, raw in raw_queries]
    platform = run_queries(queries, search_offers, args.repeat)
    # Matches found, to show the mix is not trivial (broad words hit hundreds of thousands).
    results = [search_offers(p) for _, p in queries]
    capped = sum(1 for r in results if r.is_capped)
    empty = sum(1 for r in results if not r.hits)

    engine: dict = {}
    if args.tantivy and vendor == "postgresql":
        index, index_timings = tantivy_open(
            Path(args.tantivy_dir or tempfile.mkdtemp(prefix="bench-tantivy-")), args.offers
        )
        timings.update(index_timings)
        engine_search = TantivySearch(index)
        engine_timings = run_queries(queries, engine_search.search, args.repeat)
        # The engine alone: its queries built beforehand (the commune set of a radius included).
        built = [(c, (engine_search.query(p), p)) for c, p in queries]
        engine_only = run_queries(built, lambda qp: engine_search.run(*qp), args.repeat)
        answers = [engine_search.search(p) for _, p in queries]
        cap = COUNT_CAP + 1
        differ = [
            [c, raw, min(r.total, cap), min(a[1], cap)]
            for (c, _), raw, r, a in zip(queries, raw_queries, results, answers, strict=True)
            if min(r.total, cap) != min(a[1], cap)
        ]
        by_date = [i for i, (_, p) in enumerate(queries) if p.effective_sort == "date"]
        same_top = sum(1 for i in by_date if [h.offer_id for h in results[i].hits] == answers[i][0])
        engine = {
            "summary": summarise(engine_timings),
            "engine_only": summarise(engine_only),
            "count_differs": differ,
            "by_date": len(by_date),
            "same_top_by_date": same_top,
            "over_cap": sum(1 for a in answers if a[1] > COUNT_CAP),
        }

    # The platform with the search engine (SEARCH_ENGINE = "tantivy"): the same `search_offers`,
    # its index built by the code of `build_search_index` from this projection.
    platform_engine: dict = {}
    if args.engine:
        platform_engine = run_engine(args, queries, raw_queries, results, timings)

    pg_route: dict = {}
    if args.pg_route and vendor == "postgresql":
        pg_route = {
            part: summarise(run_queries(queries, lambda p, part=part: pg_route_floor(p, part), args.repeat))
            for part in ("group", "count", "both")
        }

    # The naive query is a full scan per query: run it on a subset (every 5th query) when large.
    step = 5 if args.offers <= 300_000 else 10
    subset = queries if args.offers <= 50_000 or args.naive == "all" else queries[::step]
    if args.naive == "none":
        subset = []
    naive = run_queries(subset, naive_search, repeat=1) if subset else []
    rum: dict = {}
    if args.rum and vendor == "postgresql":
        built_s = rum_build()
        if built_s is None:
            rum = {"missing": True}
        else:
            rum = {"build_s": built_s, "summary": summarise(run_queries(queries, rum_search, args.repeat))}
            rum_drop()
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
                "tantivy": engine,
                "engine": platform_engine,
                "pg_route": pg_route,
                "rum": rum,
                "vocabulary_s": vocabulary_s,
                "repeat": args.repeat,
                "count_cap": COUNT_CAP,
                "rank_candidates": RANK_CANDIDATES,
            }
        ),
        flush=True,
    )


def run_engine(args, queries, raw_queries, results, timings) -> dict:
    """`search_offers` with SEARCH_ENGINE = "tantivy" (search.engine): timings, and whether it
    returns the same pages and totals as the database engine (same ranking, search.ranking)."""
    from django.conf import settings

    from emploi_territoires.search import engine as search_engine
    from emploi_territoires.search import offers as search_module
    from emploi_territoires.search.offers import search_offers

    root = Path(args.tantivy_dir or tempfile.mkdtemp(prefix="bench-engine-")) / f"engine-{args.offers}"
    settings.SEARCH_ENGINE, settings.SEARCH_INDEX_DIR = "tantivy", root
    search_engine.reset_readers()
    try:
        documents = search_engine.reader().searcher().num_docs
    except search_engine.EngineUnavailable:
        documents = -1
    if documents != args.offers:
        print(f"  index du moteur de recherche (build_search_index) dans {root}…", flush=True)
        t0 = time.perf_counter()
        search_engine.build(root)
        timings["search engine index (build_search_index)"] = time.perf_counter() - t0
    try:
        timed = run_queries(queries, search_offers, args.repeat)
        answers = [search_offers(p) for _, p in queries]
    finally:
        settings.SEARCH_ENGINE = "database"
    failures = sorted(search_module._engine_logged)

    def same(ours, theirs) -> bool:
        return [h.offer_id for h in ours.hits] == [h.offer_id for h in theirs.hits] and ours.total == theirs.total

    differ = []
    for (c, params), raw, ours, theirs in zip(queries, raw_queries, results, answers, strict=True):
        if same(ours, theirs):
            continue
        # The database answered minutes earlier: offers cross « published in the last 7 days » and
        # freshness moves meanwhile. Both engines again, back to back, before calling it a difference.
        again = search_offers(params)
        settings.SEARCH_ENGINE = "tantivy"
        try:
            engine_again = search_offers(params)
        finally:
            settings.SEARCH_ENGINE = "database"
        if not same(again, engine_again):
            differ.append([c, raw])
    return {
        "summary": summarise(timed),
        "differ": differ,
        "failures": failures,
        "slowest": sorted(
            ([round(t, 1), c, raw] for (c, t), raw in zip(timed, raw_queries, strict=True)),
            key=lambda item: -item[0],
        )[:8],
    }


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
        f"200 requêtes via search_offers (médiane de {result.get('repeat', 3)} passage(s)), top 20 + total plafonné à "
        f"{result['count_cap']:,} ; pertinence sur toutes les correspondances (search.ranking)"
    )
    print(f"   {result['capped']} requêtes au-delà du plafond de comptage, {result['empty']} sans résultat")
    if result.get("vocabulary_s") is not None:
        print(
            f"   vocabulaire des corrections (search.vocabulary), 1re lecture : {result['vocabulary_s'] * 1000:.0f} ms"
        )
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
    engine = result.get("tantivy")
    if engine:
        print("mêmes requêtes, mêmes données dans tantivy (BM25 sur toutes les correspondances, comptes exacts) :")
        print("   (tantivy : requête construite par la plateforme, _Query, puis le moteur seul)")
        print(
            f"{'catégorie':<20}{'PG p50':>9}{'PG p95':>9}{'tantivy p50':>13}{'p95':>7}{'moteur seul p50':>17}{'p95':>7}"
        )
        for category, (p50, p95) in result["platform"].items():
            t50, t95 = engine["summary"].get(category, (0.0, 0.0))
            e50, e95 = engine["engine_only"].get(category, (0.0, 0.0))
            print(f"{category:<20}{p50:>9.1f}{p95:>9.1f}{t50:>13.1f}{t95:>7.1f}{e50:>17.1f}{e95:>7.1f}")
        differ = engine["count_differs"]
        print(
            f"   totaux plafonnés à {result['count_cap'] + 1:,} identiques : {200 - len(differ)}/200 ; "
            f"tri par date, mêmes 20 premières offres : {engine['same_top_by_date']}/{engine['by_date']}"
        )
        for category, raw, ours, theirs in differ[:10]:
            print(f"   total différent : {category:<18} {raw} PG {ours:,} / tantivy {theirs:,}")
    platform_engine = result.get("engine")
    if platform_engine:
        print(
            "search_offers avec le moteur de recherche (SEARCH_ENGINE = tantivy, search.engine : même score, "
            "search.ranking, sur toutes les correspondances ; comptes exacts plafonnés) :"
        )
        print(f"{'catégorie':<20}{'base p50':>10}{'p95':>8}{'moteur p50':>12}{'p95':>8}{'ratio p95':>11}")
        for category, (p50, p95) in result["platform"].items():
            e50, e95 = platform_engine["summary"].get(category, (0.0, 0.0))
            print(f"{category:<20}{p50:>10.1f}{p95:>8.1f}{e50:>12.1f}{e95:>8.1f}{p95 / max(e95, 1e-9):>10.0f}x")
        differ = platform_engine["differ"]
        print(f"   mêmes 20 premières offres et même total que la base : {200 - len(differ)}/200 requêtes")
        for category, raw in differ[:10]:
            print(f"   différent : {category:<18} {raw}")
        for failure in platform_engine["failures"]:
            print(f"   ATTENTION, le moteur a échoué (la base a répondu) : {failure}")
        print("   requêtes les plus lentes avec le moteur (ms, catégorie, paramètres) :")
        for slow in platform_engine["slowest"]:
            print(f"      {slow[0]:>7.1f}  {slow[1]:<18} {slow[2]}")
    pg_route = result.get("pg_route")
    if pg_route:
        print(
            "PostgreSQL seul, plancher d'un parcours par groupes (titre exact / phrase / mots du titre, les 20 plus "
            "récents par groupe, puis le compte plafonné) : son premier groupe et le compte, sans classer"
        )
        print(
            f"{'catégorie':<20}{'1er groupe p50':>16}{'p95':>8}{'compte p50':>12}{'p95':>8}"
            f"{'les deux p50':>14}{'p95':>8}"
        )
        for category in result["platform"]:
            g50, g95 = pg_route["group"].get(category, (0.0, 0.0))
            c50, c95 = pg_route["count"].get(category, (0.0, 0.0))
            b50, b95 = pg_route["both"].get(category, (0.0, 0.0))
            print(f"{category:<20}{g50:>16.1f}{g95:>8.1f}{c50:>12.1f}{c95:>8.1f}{b50:>14.1f}{b95:>8.1f}")
    rum = result.get("rum")
    if rum and rum.get("missing"):
        print("RUM : extension absente (apt-get install postgresql-15-rum), variante non mesurée")
    elif rum:
        print(
            f"PostgreSQL + RUM, classé dans l'index (distance <=> de RUM, pas le score de la plateforme), "
            f"index construit en {rum['build_s']:.0f} s :"
        )
        print(f"{'catégorie':<20}{'p50 ms':>9}{'p95 ms':>9}")
        for category, (p50, p95) in rum["summary"].items():
            print(f"{category:<20}{p50:>9.1f}{p95:>9.1f}")
    target_ms = 10 if result["offers"] >= 1_000_000 or vendor == "postgresql" else 30
    for label, summary in (("base de données", result["platform"]), ("moteur", (platform_engine or {}).get("summary"))):
        if not summary:
            continue
        worst = max(p95 for category, (_, p95) in summary.items() if category != "all")
        target = "atteint" if worst <= target_ms else "MANQUÉ"
        print(
            f"objectif p95 ≤ {target_ms} ms dans chaque catégorie, {label} : {target} (pire catégorie {worst:.1f} ms)"
        )


def summary_table(results: list[dict]) -> None:
    """One table for the whole run: every engine side by side, p50 / p95 ms, ratios to the engine."""
    pg = next((r for r in results if r["vendor"] == "postgresql"), None)
    lite = next((r for r in results if r["vendor"] == "sqlite"), None)
    columns = []
    if pg:
        columns.append((f"PostgreSQL {pg['offers'] // 1000:,}k, base", pg["platform"]))
        if pg.get("engine"):
            columns.append((f"PostgreSQL {pg['offers'] // 1000:,}k + tantivy (search_offers)", pg["engine"]["summary"]))
        if pg.get("tantivy"):
            columns.append(("tantivy brut (BM25, moteur seul)", pg["tantivy"]["engine_only"]))
    if lite:
        columns.append((f"SQLite {lite['offers'] // 1000:,}k, base", lite["platform"]))
        if lite.get("engine"):
            columns.append((f"SQLite {lite['offers'] // 1000:,}k + tantivy (search_offers)", lite["engine"]["summary"]))
    if len(columns) < 2:
        return
    print("\n== Récapitulatif du passage (p50 / p95 ms) ==")
    for label, _ in columns:
        print(f"   {label}")
    print(f"{'catégorie':<20}" + "".join(f"{'col ' + str(i + 1):>16}" for i in range(len(columns))))
    for category in (*CATEGORIES, "all"):
        cells = []
        for _, summary in columns:
            p50, p95 = summary.get(category, (0.0, 0.0))
            cells.append(f"{p50:>7.1f} /{p95:>7.1f}")
        print(f"{category:<20}" + "".join(f"{c:>16}" for c in cells))
    if pg and pg.get("engine"):
        engine = pg["engine"]["summary"]
        print("ratios p95 (base / moteur) :")
        for category in (*CATEGORIES, "all"):
            base95 = pg["platform"].get(category, (0, 0))[1]
            engine95 = engine.get(category, (0, 0))[1] or 1e-9
            sqlite95 = lite["platform"].get(category, (0, 0))[1] if lite else 0
            line = f"   {category:<20} PostgreSQL {base95 / engine95:>6.0f}x"
            if lite:
                line += f"   SQLite 200k {sqlite95 / engine95:>6.0f}x"
            print(line)


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
    parser.add_argument(
        "--no-tantivy", dest="tantivy", action="store_false", help="sans la comparaison avec tantivy (PostgreSQL)"
    )
    parser.add_argument(
        "--no-engine",
        dest="engine",
        action="store_false",
        help="sans search_offers sur le moteur de recherche (SEARCH_ENGINE = tantivy, sur les deux bases)",
    )
    parser.add_argument(
        "--pg-route", action="store_true", help="PostgreSQL : plancher d'un parcours par groupes (1er groupe + compte)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="passages par requête (la médiane est gardée)")
    parser.add_argument("--rum", action="store_true", help="PostgreSQL : variante classée par un index RUM")
    parser.add_argument("--tantivy-dir", default="", help="index tantivy à garder entre deux passages")
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
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for vendor, n in runs:
            env = dict(os.environ)
            sqlite_path = args.sqlite_path or f"{tmp}/bench.sqlite3"
            env["DATABASE_URL"] = args.database_url if vendor == "postgresql" else f"sqlite:///{sqlite_path}"
            env["DJANGO_LOG_LEVEL"] = "WARNING"
            command = [sys.executable, __file__, "--worker", "--offers", str(n), "--seed", str(args.seed)]
            command += ["--naive", args.naive] + (["--reuse"] if args.reuse else [])
            command += ["--tantivy-dir", args.tantivy_dir] if args.tantivy_dir else []
            command += ["--repeat", str(args.repeat)] + (["--rum"] if args.rum else [])
            command += [] if args.tantivy else ["--no-tantivy"]
            command += [] if args.engine else ["--no-engine"]
            command += ["--pg-route"] if args.pg_route else []
            process = subprocess.run(command, env=env, capture_output=False, stdout=subprocess.PIPE, text=True)  # noqa: S603
            lines = process.stdout.splitlines()
            for line in lines[:-1]:
                print(line)
            if process.returncode != 0 or not lines:
                raise SystemExit(f"Le banc {vendor} a échoué (code {process.returncode}).")
            results.append(json.loads(lines[-1]))
            report(results[-1])
    summary_table(results)
    print(f"\ndurée totale : {(time.perf_counter() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
