"""Load test: the whole platform (gunicorn, PostgreSQL, 1,000,000 offers) under 50 concurrent users.

What it does, in order:

1. prepares the PostgreSQL database given by `--database-url` (a scratch database: its offers,
   organisations and everything referencing them are emptied): migrations, reference data (COG,
   programmes, ROME), 1,000,000 published offers through the COPY loader of `bench/offers_search.py`,
   and 300 candidate accounts with a profile (password `charge-territoires-2026`). A second run
   with the same number of offers reuses them (`--reuse`, the default);
2. starts gunicorn (`--workers 3` sync workers, DEBUG off) on 127.0.0.1 only;
3. runs locust headless (`bench/load_locustfile.py`): `--users 50` (ramp 5/s) for `--duration`
   seconds (300 by default). Three quarters are anonymous visitors (board searches, result pages,
   offer pages); a quarter are candidates who log in and then search, read and apply through the
   real apply form (CSRF token included). Think time between two actions: 2 to 10 s at random
   (a person reads a page of results or an offer before the next click), i.e. about 8 requests/s
   for 50 people;
4. prints per endpoint: requests, throughput, p50/p95/p99 and errors, then the ratio to the
   target (p95 under 300 ms, no error), and checks that no application is half-written.

Fault mode: `--outage 20 --pg-ctl-datadir /tmp/pgload` stops the PostgreSQL cluster of that data
directory (`pg_ctl stop -m fast`) `--outage-at` seconds into the load, starts it again 20 s later
with the same options, and reports the responses by status during the outage, the time to recover
and whether any 500 or broken connection was seen. Use a private cluster, never a shared one:

    runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D /tmp/pgload -A trust -U postgres
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/pgload -o "-p 5433 -k /tmp" \\
        -l /tmp/pgload.log start
    createdb -h 127.0.0.1 -p 5433 -U postgres load
    python bench/load.py --database-url postgres://postgres@127.0.0.1:5433/load               # 5 min
    python bench/load.py --database-url postgres://postgres@127.0.0.1:5433/load --duration 60 \\
        --outage 20 --outage-at 20 --pg-ctl-datadir /tmp/pgload                              # fault

Loopback only: the server binds 127.0.0.1 and locust targets it; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5433/load"
CANDIDATE_PASSWORD = "charge-territoires-2026"  # noqa: S105 (bench accounts on a scratch database)
CANDIDATE_DOMAIN = "charge.emploi-territoires.fr"
TARGET_P95_MS = 300
BIN = Path(sys.executable).parent


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- 1. the database --------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def prepare(args: argparse.Namespace, data_file: Path) -> None:
    """Reference data, offers and candidates; writes the references the users will visit."""
    from emploi_territoires.search.models import OfferDocument
    from offers_search import empty_tables, load_offers, prepare_reference

    t0 = time.perf_counter()
    prepare_reference()
    print(f"référentiels prêts ({time.perf_counter() - t0:.0f} s)", flush=True)
    if args.reuse and OfferDocument.objects.count() == args.offers:
        print(f"{args.offers:,} offres déjà chargées : réutilisées".replace(",", " "), flush=True)
    else:
        empty_tables()
        print(f"chargement de {args.offers:,} offres…".replace(",", " "), flush=True)
        t1 = time.perf_counter()
        load_offers(args.offers, args.seed)
        print(f"offres chargées en {time.perf_counter() - t1:.0f} s", flush=True)
    make_candidates(args.candidates)
    write_data_file(data_file, args.seed)


def make_candidates(count: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from emploi_territoires.accounts.models import User
    from emploi_territoires.applications.models import CandidateProfile
    from emploi_territoires.territories.models import Commune

    existing = set(User.objects.filter(email__endswith="@" + CANDIDATE_DOMAIN).values_list("email", flat=True))
    communes = list(Commune.objects.order_by("-population").values_list("code", flat=True)[:200])
    password = make_password(CANDIDATE_PASSWORD)  # one hash for all: 300 hashes would take a minute
    with transaction.atomic():
        new = [
            User(
                email=f"candidat.{i:04d}@{CANDIDATE_DOMAIN}",
                password=password,
                kind=User.Kind.CANDIDATE,
                first_name="Camille",
                last_name=f"Charge {i:04d}",
            )
            for i in range(count)
            if f"candidat.{i:04d}@{CANDIDATE_DOMAIN}" not in existing
        ]
        User.objects.bulk_create(new)
        users = User.objects.filter(email__endswith="@" + CANDIDATE_DOMAIN, candidate_profile__isnull=True)
        CandidateProfile.objects.bulk_create(
            [
                CandidateProfile(
                    user=user, commune_id=communes[user.pk % len(communes)], headline="Agent polyvalent", summary=""
                )
                for user in users
            ]
        )
    print(f"{count} comptes candidats prêts ({len(new)} créés)", flush=True)


def write_data_file(path: Path, seed: int) -> None:
    """What the simulated people type and open: search words, offer references, candidate logins."""
    import random

    from emploi_territoires.offers.models import ApplyMethod, Offer, OfferStatus, RomeOccupation

    rng = random.Random(seed)
    total = Offer.objects.count()
    ids = sorted(rng.sample(range(1, total + 1), min(total, 20_000)))
    offers = Offer.objects.filter(pk__in=ids, status=OfferStatus.PUBLISHED)
    references = list(offers.values_list("reference", flat=True))
    today = datetime.datetime.now(datetime.UTC).date()
    applicable = list(
        offers.filter(apply_method=ApplyMethod.PLATFORM, closing_date__gt=today + datetime.timedelta(days=1))
        .values_list("reference", flat=True)
        .order_by("?")[:5000]
    )
    words = sorted(
        {label.split(" / ")[0].split()[0].lower() for label in RomeOccupation.objects.values_list("label", flat=True)}
    )
    words = [*[w for w in words if len(w) > 3][:400], "agent", "technicien", "secrétaire", "comptable", "chauffeur"]
    data = {
        "references": references,
        "applicable": applicable,
        "words": words,
        "candidates": [f"candidat.{i:04d}@{CANDIDATE_DOMAIN}" for i in range(300)],
        "password": CANDIDATE_PASSWORD,
    }
    path.write_text(json.dumps(data))
    print(f"{len(references)} offres à lire, {len(applicable)} où postuler sur la plateforme", flush=True)


# --- 2. the server --------------------------------------------------------------------------------


def server_env(args: argparse.Namespace, tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], log: Path) -> subprocess.Popen:
    if not args.port:
        with socket.socket() as sock:  # a free port: another session's server may sit on a fixed one
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]
    command = [
        str(BIN / "gunicorn"),
        "emploi_territoires.wsgi",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        str(log),
    ]
    output = log.open("a")  # gunicorn's own log and Django's (errors are logged with their traceback)
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=output, stderr=output)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté (code {process.returncode}) : voir {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        raise SystemExit("gunicorn ne répond pas après 60 s (voir " + str(log) + ")")
    if process.poll() is not None:
        raise SystemExit(f"gunicorn s'est arrêté (code {process.returncode}) : voir {log}")
    # Warm every worker (imports, the commune index, first queries): one page per worker and more.
    for _ in range(args.workers * 4):
        for path in ("/offres/?q=agent", "/offres/"):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}{path}", timeout=30).read()
    return process


# --- 3. the fault -------------------------------------------------------------------------------------


def pg_ctl(datadir: str, *arguments: str) -> None:
    pg_ctl_bin = next(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), Path("pg_ctl"))
    command = [str(pg_ctl_bin), "-D", datadir, *arguments]
    owner = Path(datadir).stat().st_uid
    if os.geteuid() == 0 and owner != 0:
        import pwd

        command = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def postmaster_options(datadir: str) -> str:
    """The options the cluster was started with (postmaster.opts), to start it again the same way."""
    words = shlex.split(Path(datadir, "postmaster.opts").read_text())[1:]
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word == "-D":
            skip = True
        else:
            kept.append(word)
    return shlex.join(kept)


marks_options: dict[str, str] = {}


def run_outage(args: argparse.Namespace, marks: dict[str, float]) -> None:
    time.sleep(args.outage_at)
    options = postmaster_options(args.pg_ctl_datadir)
    marks_options["options"] = options
    marks["stop"] = time.time()
    print(f"\n[panne] arrêt de PostgreSQL ({args.pg_ctl_datadir}) pendant {args.outage} s", flush=True)
    pg_ctl(args.pg_ctl_datadir, "stop", "-m", "fast", "-w")
    marks["stopped"] = time.time()
    time.sleep(args.outage)
    marks["start"] = time.time()
    log = Path(tempfile.gettempdir()) / "load-pg-restart.log"
    pg_ctl(args.pg_ctl_datadir, "start", "-w", "-o", options, "-l", str(log))
    marks["started"] = time.time()
    print(f"[panne] PostgreSQL redémarré ({marks['started'] - marks['stop']:.1f} s après l'arrêt)", flush=True)


# --- 4. the figures -------------------------------------------------------------------------------


def read_log(path: Path) -> list[dict]:
    rows = []
    for part in sorted(path.parent.glob(path.name + "*")):
        with part.open(newline="") as handle:
            for row in csv.DictReader(handle):
                row["t"] = float(row["t"])
                row["ms"] = float(row["ms"])
                row["status"] = int(row["status"])
                row["ok"] = row["ok"] == "1"
                rows.append(row)
    return sorted(rows, key=lambda r: r["t"])


def report(rows: list[dict], duration: float, marks: dict[str, float]) -> dict:
    by_name: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_name[row["name"]].append(row)
    print()
    print(f"{'point d’accès':<28}{'requêtes':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'erreurs':>9}")
    names = sorted(by_name, key=lambda n: -len(by_name[n]))
    for name in [*names, "total"]:
        group = rows if name == "total" else by_name[name]
        times = [r["ms"] for r in group]
        errors = sum(1 for r in group if not r["ok"])
        print(
            f"{name:<28}{len(group):>9}{len(group) / duration:>8.2f}{percentile(times, 50):>9.0f}"
            f"{percentile(times, 95):>9.0f}{percentile(times, 99):>9.0f}{errors:>9}"
        )
    statuses = Counter(r["status"] for r in rows)
    print("statuts : " + ", ".join(f"{k or 'connexion refusée/coupée'}: {v}" for k, v in sorted(statuses.items())))
    all_times = [r["ms"] for r in rows]
    p95 = percentile(all_times, 95)
    errors = sum(1 for r in rows if not r["ok"])
    summary = {"requests": len(rows), "rps": len(rows) / duration, "p95": p95, "errors": errors}
    if not marks:
        verdict = "atteint" if p95 < TARGET_P95_MS and errors == 0 else "MANQUÉ"
        print(
            f"objectif p95 < {TARGET_P95_MS} ms et aucune erreur : {verdict} "
            f"(p95 {p95:.0f} ms = {p95 / TARGET_P95_MS:.2f} × la cible, {errors} erreur(s))"
        )
    return summary


def report_outage(rows: list[dict], marks: dict[str, float]) -> None:
    stop, start = marks["stop"], marks["started"]
    during = [r for r in rows if stop <= r["t"] <= start]
    after = [r for r in rows if r["t"] > start]
    before = [r for r in rows if r["t"] < stop]
    print()
    print(f"== panne : PostgreSQL arrêté {start - stop:.1f} s ==")
    for label, group in (("avant", before), ("pendant", during), ("après", after)):
        statuses = Counter(r["status"] for r in group)
        clean = sum(1 for r in group if r["status"] == 503 and r["clean_503"] == "1")
        print(
            f"{label:<8} {len(group):>5} réponses — "
            + ", ".join(f"{k or 'connexion coupée'}: {v}" for k, v in sorted(statuses.items()))
            + (f" ; dont {clean} pages 503 propres (français, Retry-After)" if clean else "")
        )
    unclean = [r for r in rows if r["status"] >= 500 and (r["status"] != 503 or r["clean_503"] != "1")]
    broken = [r for r in rows if r["status"] == 0]
    failed_after = [r for r in after if not r["ok"]]
    recovered_at = max((r["t"] for r in failed_after), default=start)
    print(f"500 ou 5xx non propres : {len(unclean)} ; connexions coupées : {len(broken)}")
    first_ok = min((r["t"] for r in after if r["ok"]), default=None)
    if first_ok is not None:
        print(
            f"PostgreSQL prêt {start - marks['start']:.1f} s après la commande de démarrage ; "
            f"retour à la normale : première réponse correcte {first_ok - start:.1f} s après, "
            f"dernière erreur {max(0.0, recovered_at - start):.1f} s après ; "
            f"{sum(1 for r in after if r['ok'])}/{len(after)} réponses correctes ensuite"
        )


def check_applications(since: datetime.datetime) -> None:
    """No half-written application: each one has its log entry and its confirmation e-mail queued.

    The invariant: an application created during the run has exactly one ApplicationTransition
    ("" → new, written in the same transaction), and its candidate has as many "candidature
    envoyée" e-mails queued (a send_email task, enqueued inside that transaction) as applications.
    """
    from django.db import connections

    from emploi_territoires.applications.models import Application, ApplicationTransition

    for connection in connections.all():
        connection.close()
    from django_tasks_db.models import DBTaskResult

    applications = list(Application.objects.filter(created_at__gte=since).select_related("candidate").order_by("pk"))
    transitions = Counter(
        ApplicationTransition.objects.filter(application__in=applications, from_status="").values_list(
            "application_id", flat=True
        )
    )
    without_log = [a.pk for a in applications if transitions[a.pk] != 1]
    per_candidate = Counter(a.candidate.email for a in applications if a.candidate)
    emails: Counter[str] = Counter()
    for kwargs in DBTaskResult.objects.filter(
        enqueued_at__gte=since, task_path="emploi_territoires.core.tasks.send_email"
    ).values_list("args_kwargs", flat=True):
        for address in kwargs["kwargs"].get("to", []):
            if address.endswith("@" + CANDIDATE_DOMAIN):
                emails[address] += 1
    mismatched = {email: (n, emails[email]) for email, n in per_candidate.items() if emails[email] != n}
    ok = not without_log and not mismatched
    print(
        f"candidatures écrites pendant le test : {len(applications)} ; sans leur entrée de journal : "
        f"{len(without_log)} ; candidats dont les e-mails de confirmation ne correspondent pas : "
        f"{len(mismatched)} → {'aucune candidature à moitié écrite' if ok else 'INCOHÉRENCE'}"
    )
    if mismatched:
        print(f"   (candidatures, e-mails) : {dict(list(mismatched.items())[:5])}")


def drain_queue(since: datetime.datetime, timeout_s: float = 60) -> None:
    """Give the task worker up to a minute to send the e-mails still queued."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for connection in connections.all():
            connection.close()
        if not DBTaskResult.objects.filter(enqueued_at__gte=since, status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(1)


def check_emails(since: datetime.datetime) -> None:
    """Each e-mail task of the run ended once: SUCCESSFUL with its SentEmail record, none sent twice."""
    from django_tasks_db.models import DBTaskResult

    from emploi_territoires.core.models import SentEmail

    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since, task_path="emploi_territoires.core.tasks.send_email")
    statuses = Counter(tasks.values_list("status", flat=True))
    successful = {f"task:{pk}" for pk in tasks.filter(status="SUCCESSFUL").values_list("id", flat=True)}
    recorded = set(SentEmail.objects.filter(key__in=successful).values_list("key", flat=True))
    reruns = sum(1 for ids in tasks.values_list("worker_ids", flat=True) if len(ids) > 1)
    print(
        "e-mails de la période : "
        + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        + f" ; {len(recorded)}/{len(successful)} envois enregistrés (clé unique : jamais deux fois) ; "
        f"{reruns} tâche(s) relancée(s) après une interruption"
    )


# --- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DB, help="base PostgreSQL de travail (elle est vidée !)")
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-reuse", dest="reuse", action="store_false", help="recharger les offres")
    parser.add_argument("--prepare-only", action="store_true", help="préparer la base puis s'arrêter")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", type=int, default=300, help="secondes de charge (300 = 5 min)")
    parser.add_argument("--workers", type=int, default=3, help="processus gunicorn")
    parser.add_argument("--port", type=int, default=0, help="port de gunicorn sur 127.0.0.1 (défaut : un port libre)")
    parser.add_argument("--outage", type=int, default=0, help="secondes d'arrêt de PostgreSQL pendant la charge")
    parser.add_argument("--outage-at", type=int, default=30, help="secondes de charge avant l'arrêt")
    parser.add_argument("--pg-ctl-datadir", default="", help="dossier de données du cluster à arrêter/redémarrer")
    args = parser.parse_args()
    if args.outage and not args.pg_ctl_datadir:
        parser.error("--outage demande --pg-ctl-datadir (un cluster privé, jamais le PostgreSQL partagé)")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url doit être une base PostgreSQL")

    setup_django(args.database_url)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp_name:
        tmp = Path(tmp_name)
        data_file = tmp / "data.json"
        prepare(args, data_file)
        if args.prepare_only:
            return
        from django.db import connections

        for connection in connections.all():
            connection.close()
        env = server_env(args, tmp)
        started_at = datetime.datetime.now(datetime.UTC)
        gunicorn = start_gunicorn(args, env, tmp / "gunicorn.log")
        worker_log = (tmp / "worker.log").open("w")
        # One task worker beside the web server, as in production: it sends the confirmation e-mails
        # (to a backend that keeps them in memory) and must live through the outage.
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--worker-id", "load-worker-1", "--interval", "0.5"],
            env=env | {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
            cwd=ROOT,
            start_new_session=True,
            stdout=worker_log,
            stderr=worker_log,
        )
        marks: dict[str, float] = {}
        try:
            log = tmp / "requests.csv"
            locust_env = env | {"LOAD_DATA": str(data_file), "LOAD_LOG": str(log)}
            command = [
                str(BIN / "locust"),
                "-f",
                str(BENCH / "load_locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ]
            print(
                f"\ncharge : {args.users} utilisateurs, {args.duration} s, gunicorn {args.workers} processus, "
                f"{os.cpu_count()} cœurs (partagés ; charge de la machine avant : {os.getloadavg()[0]:.2f})",
                flush=True,
            )
            outage = None
            if args.outage:
                outage = threading.Thread(target=run_outage, args=(args, marks), daemon=True)
            t0 = time.time()
            locust_log = (tmp / "locust.log").open("w")
            locust = subprocess.Popen(command, env=locust_env, cwd=ROOT, stdout=locust_log, stderr=locust_log)  # noqa: S603
            if outage:
                outage.start()
            locust.wait(timeout=args.duration + 120)
            elapsed = time.time() - t0
            if outage:
                outage.join(timeout=120)
            print(f"charge de la machine à la fin : {os.getloadavg()[0]:.2f} (1 min)", flush=True)
            rows = read_log(log)
            report(rows, min(elapsed, args.duration), marks)
            if marks.get("started"):
                report_outage(rows, marks)
            errors_log = (tmp / "gunicorn.log").read_text(errors="replace")
            logged = errors_log.count("Internal Server Error:")
            database = errors_log.count("\ndjango.db.utils.OperationalError") + errors_log.count(
                "\ndjango.db.utils.InterfaceError"
            )
            print(
                f"journal du serveur : {logged} exception(s) journalisée(s), dont {database} de base injoignable "
                f"(chacune servie en page 503) ; {errors_log.count('WORKER TIMEOUT')} worker(s) gunicorn tué(s) "
                "pour lenteur"
            )
            drain_queue(started_at)
            alive = worker.poll() is None
            print(
                f"worker de tâches : {'toujours en marche' if alive else f'ARRÊTÉ (code {worker.returncode})'} ; "
                f"{(tmp / 'worker.log').read_text(errors='replace').count('Base de données injoignable')} "
                "attente(s) de la base pendant la panne"
            )
        finally:
            for process in (gunicorn, worker):
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
            if args.outage and marks.get("stopped") and not marks.get("started"):
                # Interrupted during the outage: never leave the cluster stopped.
                pg_ctl(args.pg_ctl_datadir, "start", "-w", "-o", marks_options.get("options", ""), "-l", "/dev/null")
        check_applications(started_at)
        check_emails(started_at)


if __name__ == "__main__":
    main()
