"""Territory diagnostic benchmark: full refresh of the aggregates, then the page's server time.

Generates realistic data with plain bulk inserts (executemany on prepared rows, not model saves):
organisations (1 per 50 offers) in communes weighted by population (offers.offer_generator's
picker), offers over the last two years (recent ones mostly open; older ones filled, expired or
archived, each filled offer with its OfferTransition 5–120 days after publication), ROME
occupations drawn with a long tail, one application per two offers, candidate users + profiles
(60 % visible to territories, 1–3 wanted occupations each) and needs declarations (when the needs
app is installed). Then times `refresh_all()` and renders the diagnostic page of a département
(Loire, 42) and of a programme (Petites villes de demain) through Django's test client with a
signed-in professional: first render (charts drawn, then cached) and the median of 10 warm ones.

    python bench/diagnostics.py                                  # 1,000,000 offers, SQLite file
    python bench/diagnostics.py --offers 200000 --candidates 50000 --needs 5000
    python bench/diagnostics.py --database-url postgres://postgres@127.0.0.1:5432/bench_diag

Use a scratch database: the generated tables are emptied first (`bench_diag`, never `bench`,
which another benchmark uses; create it with `createdb -h 127.0.0.1 -U postgres bench_diag`).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PROGRAMMES_DIR = ROOT.parent / "shared" / "data" / "programmes"
CHUNK = 20_000


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
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


class Inserter:
    """executemany of rows given as {attname: value}; constant columns prepared once from a prototype."""

    def __init__(self, model, prototype: dict, varying: list[str]):
        from django.db import connection

        self.connection = connection
        self.model = model
        fields = list(model._meta.concrete_fields)
        instance = model(**prototype)
        self.fields = fields
        self.varying = set(varying)
        self.constant = {
            f.attname: f.get_db_prep_save(getattr(instance, f.attname), connection)
            for f in fields
            if f.attname not in self.varying
        }
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"

    def adapt(self, value):
        if isinstance(value, datetime.datetime):
            return self.connection.ops.adapt_datetimefield_value(value)
        return value

    def insert(self, rows: list[dict]) -> None:
        from django.db import transaction

        prepared = [
            tuple(
                self.adapt(row[f.attname]) if f.attname in self.varying else self.constant[f.attname]
                for f in self.fields
            )
            for row in rows
        ]
        with transaction.atomic(), self.connection.cursor() as cursor:
            for start in range(0, len(prepared), CHUNK):
                cursor.executemany(self.sql, prepared[start : start + CHUNK])


def empty_tables() -> None:
    from django.apps import apps
    from django.db import connection

    tables = [
        "territories_territoryaggregate",
        "applications_application",
        "offers_offertransition",
        "applications_candidateprofile_wanted_occupations",
        "applications_candidateprofile",
        "offers_offer",
        "accounts_organisation",
    ]
    if apps.is_installed("emploi_territoires.needs"):
        tables.insert(0, "needs_needdeclaration")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}, accounts_user CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM accounts_user WHERE email LIKE 'bench-%'")


def generate(args) -> dict[str, float]:
    from django.apps import apps
    from django.db import connection
    from django.utils import timezone

    from emploi_territoires.accounts.models import Organisation, User
    from emploi_territoires.applications.models import Application, CandidateProfile, Visibility
    from emploi_territoires.offers.models import Offer, OfferTransition, RomeOccupation
    from emploi_territoires.offers.offer_generator import GeneratorCommune, OfferGenerator
    from emploi_territoires.territories.models import Commune

    rng = random.Random(args.seed)
    now = timezone.now()
    timings: dict[str, float] = {}
    communes = [
        GeneratorCommune(code, "", population)
        for code, population in Commune.objects.filter(latitude__isnull=False).values_list("code", "population")
    ]
    occupations = list(RomeOccupation.objects.values_list("code", "label"))
    picker = OfferGenerator(communes, occupations, seed=args.seed)
    # A long tail of occupations: a few hundred common ones, the rest rare.
    occupation_codes = [code for code, _ in occupations]
    rng.shuffle(occupation_codes)
    occupation_weights = [1 / (rank + 5) for rank in range(len(occupation_codes))]

    def pick_occupations(k: int) -> list[str]:
        return rng.choices(occupation_codes, occupation_weights, k=k)

    t = time.perf_counter()
    n_orgs = max(100, args.offers // 50)
    org_rows = []
    for i in range(n_orgs):
        kind = rng.choices(["collectivite", "entreprise", "association"], [45, 45, 10])[0]
        org_rows.append(
            {"id": i + 1, "name": f"Organisation {i + 1}", "kind": kind, "commune_id": picker.commune().code,
             "created_at": now}
        )  # fmt: skip
    organisations = Inserter(
        Organisation, {"name": "x", "kind": "entreprise", "commune_id": "42218"},
        ["id", "name", "kind", "commune_id", "created_at"],
    )  # fmt: skip
    organisations.insert(org_rows)
    org_commune = {row["id"]: row["commune_id"] for row in org_rows}
    timings["organisations_s"] = time.perf_counter() - t

    t = time.perf_counter()
    offer_proto = {
        "organisation_id": 1, "commune_id": "42218", "title": "Offre de test", "contract_type": "cdi",
        "reference": "x", "status": "published", "is_demo": True,
    }  # fmt: skip
    offer_varying = ["id", "organisation_id", "commune_id", "reference", "occupation_id", "status", "published_at",
                     "status_changed_at", "created_at", "updated_at"]  # fmt: skip
    offers = Inserter(Offer, offer_proto, offer_varying)
    transitions = Inserter(
        OfferTransition,
        {"offer_id": 1, "from_status": "published", "to_status": "filled"},
        ["id", "offer_id", "created_at"],
    )
    span = datetime.timedelta(days=730)
    transition_id = 0
    offer_ids_open: list[int] = []
    for start in range(0, args.offers, CHUNK * 5):
        rows, trows = [], []
        for i in range(start, min(args.offers, start + CHUNK * 5)):
            org = rng.randint(1, n_orgs)
            published = now - span * rng.random()
            age = (now - published).days
            if age < 60:
                status = rng.choices(["published", "filled", "expired"], [75, 15, 10])[0]
            else:
                status = rng.choices(["filled", "expired", "archived"], [45, 35, 20])[0]
            changed = published
            if status == "filled":
                changed = min(now, published + datetime.timedelta(days=rng.randint(5, 120)))
                transition_id += 1
                trows.append({"id": transition_id, "offer_id": i + 1, "created_at": changed})
            elif status in ("expired", "archived"):
                changed = min(now, published + datetime.timedelta(days=rng.randint(30, 90)))
            elif status == "published":
                offer_ids_open.append(i + 1)
            rows.append(
                {"id": i + 1, "organisation_id": org, "commune_id": org_commune[org], "reference": f"BD-{i + 1:07d}",
                 "occupation_id": pick_occupations(1)[0], "status": status, "published_at": published,
                 "status_changed_at": changed, "created_at": published, "updated_at": published}
            )  # fmt: skip
        offers.insert(rows)
        transitions.insert(trows)
    timings["offers_s"] = time.perf_counter() - t

    t = time.perf_counter()
    users = Inserter(
        User, {"email": "x@example.org", "password": "!", "kind": "candidate"}, ["id", "email", "date_joined"]
    )
    base_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    user_rows = [
        {"id": base_user + i, "email": f"bench-{i}@example.org", "date_joined": now} for i in range(args.candidates)
    ]
    users.insert(user_rows)
    profiles = Inserter(
        CandidateProfile,
        {"user_id": base_user, "commune_id": "42218", "visibility": "private"},
        ["id", "user_id", "commune_id", "visibility", "created_at", "updated_at"],
    )
    profile_rows, link_rows = [], []
    for i in range(args.candidates):
        visibility = Visibility.TERRITORIES if rng.random() < 0.6 else Visibility.PRIVATE
        profile_rows.append(
            {"id": i + 1, "user_id": base_user + i, "commune_id": picker.commune().code, "visibility": visibility,
             "created_at": now, "updated_at": now}
        )  # fmt: skip
        for code in set(pick_occupations(rng.randint(1, 3))):
            link_rows.append((i + 1, code))
    profiles.insert(profile_rows)
    through = CandidateProfile.wanted_occupations.through
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {through._meta.db_table} (candidateprofile_id, romeoccupation_id) VALUES (%s, %s)",
            link_rows,
        )
    timings["candidates_s"] = time.perf_counter() - t

    t = time.perf_counter()
    applications = Inserter(
        Application,
        {"offer_id": 1, "organisation_id": 1, "candidate_id": None, "status": "new"},
        ["id", "offer_id", "organisation_id", "candidate_id", "created_at"],
    )
    app_rows, seen = [], set()
    for i in range(args.offers // 2):
        offer_id = rng.randint(1, args.offers)
        user = base_user + rng.randrange(args.candidates)
        if (offer_id, user) in seen:
            continue
        seen.add((offer_id, user))
        app_rows.append(
            {"id": i + 1, "offer_id": offer_id, "organisation_id": 1, "candidate_id": user,
             "created_at": now - datetime.timedelta(days=rng.randint(0, 700))}
        )  # fmt: skip
    applications.insert(app_rows)
    timings["applications_s"] = time.perf_counter() - t

    if apps.is_installed("emploi_territoires.needs") and args.needs:
        from emploi_territoires.needs.models import NeedDeclaration

        t = time.perf_counter()
        needs = Inserter(
            NeedDeclaration,
            {"organisation_id": 1, "commune_id": "42218", "occupation_id": occupation_codes[0], "count": 1,
             "horizon": "3_to_12_months", "contract_type": "cdi"},
            ["id", "organisation_id", "commune_id", "occupation_id", "count", "is_difficult", "created_at"],
        )  # fmt: skip
        need_rows = []
        for i in range(args.needs):
            org = rng.randint(1, n_orgs)
            need_rows.append(
                {"id": i + 1, "organisation_id": org, "commune_id": org_commune[org],
                 "occupation_id": pick_occupations(1)[0], "count": rng.choice([1, 1, 1, 2, 2, 3, 5, 10]),
                 "is_difficult": rng.random() < 0.45, "created_at": now - datetime.timedelta(days=rng.randint(0, 300))}
            )  # fmt: skip
        needs.insert(need_rows)
        timings["needs_s"] = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return timings


def time_pages() -> dict[str, dict[str, float]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from emploi_territoires.accounts.models import User

    user, _ = User.objects.get_or_create(email="bench-advisor@example.org", defaults={"kind": "professional"})
    client = Client()
    client.force_login(user)
    results = {}
    for label, path in [("département Loire (42)", "/territoires/diagnostic/departement/42"),
                        ("programme PVD", "/territoires/diagnostic/programme/pvd")]:  # fmt: skip
        cache.clear()
        t = time.perf_counter()
        response = client.get(path)
        cold = time.perf_counter() - t
        assert response.status_code == 200, (path, response.status_code)
        warm = []
        for _ in range(10):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                client.get(path)
                warm.append(time.perf_counter() - t)
        results[label] = {"first_ms": cold * 1000, "warm_median_ms": statistics.median(warm) * 1000,
                          "queries": len(queries), "bytes": len(response.content)}  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_diag.sqlite3'}")
    parser.add_argument("--reuse", action="store_true", help="garder les données déjà générées")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    setup(args.database_url)
    from django.db import connection
    from django.urls import reverse

    from emploi_territoires.diagnostics import aggregates
    from emploi_territoires.offers.models import Offer

    assert reverse("territories:diagnostic", args=["departement", "42"]) == "/territoires/diagnostic/departement/42"
    vendor = connection.vendor
    print(f"[{vendor}] {args.offers:,} offres, {args.candidates:,} candidats, {args.needs:,} besoins", flush=True)
    timings = {}
    if not (args.reuse and Offer.objects.count() == args.offers):
        empty_tables()
        t = time.perf_counter()
        timings = generate(args)
        timings["generation_total_s"] = time.perf_counter() - t
        print("génération :", json.dumps({k: round(v, 1) for k, v in timings.items()}), flush=True)
    t = time.perf_counter()
    written = aggregates.refresh_all()
    refresh_s = time.perf_counter() - t
    print(f"rafraîchissement complet : {written:,} agrégats en {refresh_s:.1f} s (objectif < 300 s)", flush=True)
    for label, figures in time_pages().items():
        print(
            f"page {label} : première {figures['first_ms']:.0f} ms (cache vide), "
            f"ensuite médiane {figures['warm_median_ms']:.0f} ms sur 10 (objectif < 300 ms), "
            f"{figures['queries']} requêtes, {figures['bytes'] / 1024:.0f} Ko",
            flush=True,
        )


if __name__ == "__main__":
    main()
