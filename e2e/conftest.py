"""Browser journeys against the platform served on 127.0.0.1 with the demo data.

The session prepares a fresh demo database in ``var/e2e/`` (same steps as ``make setup-demo``),
serves it with gunicorn on a free port (DEBUG off, demo mode on, tasks run immediately), and
drives Debian's Chromium with Playwright. Environment:

- ``E2E_BASE_URL``: use an already running server instead (nothing is prepared nor started);
- ``E2E_REUSE_DB=1``: keep the database prepared by a previous run (faster when writing tests);
- ``E2E_CHROMIUM``: the browser executable (default ``/usr/bin/chromium``);
- ``E2E_HEADED=1``: show the browser;
- ``E2E_DIR``: another folder than ``var/e2e/`` (two runs at once must not share one).

Screenshots go to ``var/e2e/screenshots/`` (kept as CI artefacts), with the axe-core results of every
page checked in ``var/e2e/accessibilite.json``. Helpers: ``e2e/support.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .support import AUDITED_PAGES, E2E_DIR, PROJECT_DIR, SCREENSHOTS_DIR

# Django refuses synchronous ORM calls from a thread running an event loop (Playwright's):
# harmless here, the tests never use the ORM, but a helper might import a setting.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A gunicorn access-log line answered with a 5xx status: "GET /path HTTP/1.1" 500 ...
SERVER_ERROR = re.compile(r'" 5\d\d ')
SHARED_DATA = PROJECT_DIR.parent / "shared" / "data"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")


# --- The served platform ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{E2E_DIR / 'db.sqlite3'}",
            "DJANGO_DEBUG": "0",
            "DJANGO_ENV": "development",
            "DJANGO_SECRET_KEY": env.get("E2E_SECRET_KEY") or secrets.token_urlsafe(40),
            "DJANGO_STATIC_ROOT": str(E2E_DIR / "static"),
            "DJANGO_MEDIA_ROOT": str(E2E_DIR / "media"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(E2E_DIR / "private"),
            "EMPLOI_TERRITOIRES_DEMO": "1",
            # Background tasks (e-mails, schedules, matchings) run inside the request: the journeys
            # see their result at once, without a worker to wait for.
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "JOBDATING_TIME_LIMIT": env.get("JOBDATING_TIME_LIMIT", "10"),
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"[e2e] manage.py {args[0]}: {time.monotonic() - started:.0f} s", file=sys.stderr)  # noqa: T201


def _prepare_demo_database(env: dict[str, str]) -> None:
    """The steps of `make setup-demo`, on a database of its own."""
    marker = E2E_DIR / "prepared"
    if os.environ.get("E2E_REUSE_DB") and marker.exists():
        return
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "prepared"):
        (E2E_DIR / name).unlink(missing_ok=True)
    for name in ("media", "private"):
        shutil.rmtree(E2E_DIR / name, ignore_errors=True)
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_territories")
    _manage(env, "load_rome")
    centroids = SHARED_DATA / "territoires" / "communes_centroides.csv"
    if centroids.exists():
        _manage(env, "import_commune_centroids", str(centroids), "--apply")
    outlines = SHARED_DATA / "territoires" / "departements_contours.geojson"
    if outlines.exists():
        _manage(env, "import_departement_outlines", str(outlines), "--apply")
    density = SHARED_DATA / "territoires" / "densite_communes.csv"
    if density.exists():  # the VTA eligibility (issue 16), as make setup-demo imports it
        _manage(env, "import_density_grid", str(density), "--apply", "--vintage", "Insee 2025, COG 2025 (ANCT 3f2b0c0)")
    programmes = SHARED_DATA / "programmes"
    if programmes.is_dir():
        _manage(env, "import_programmes_dir", str(programmes), "--apply")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    marker.touch()


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Le serveur s'est arrêté (code {process.returncode}) ; voir {E2E_DIR / 'server.log'}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local http URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Le serveur ne répond pas sur {url} après {timeout:.0f} s")


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The platform's address: E2E_BASE_URL, or a fresh demo instance served for the session."""
    external = os.environ.get("E2E_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    E2E_DIR.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = _server_env(port)
    _prepare_demo_database(env)
    log = (E2E_DIR / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "emploi_territoires.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        cwd=PROJECT_DIR,
        env={**env, "PYTHONPATH": str(PROJECT_DIR / "src")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    # A page may look fine while a fragment or a download failed: no server error is accepted.
    errors = [
        line for line in (E2E_DIR / "server.log").read_text(errors="replace").splitlines() if SERVER_ERROR.search(line)
    ]
    assert not errors, "Erreurs serveur pendant les parcours :\n" + "\n".join(errors[:20])


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium, ou E2E_CHROMIUM=<chemin>.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=not os.environ.get("E2E_HEADED"),
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    context = browser.new_context(
        base_url=base_url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = new_context(browser, base_url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session", autouse=True)
def _screenshots_dir() -> Iterator[Path]:
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS_DIR.glob("*.png"):  # the artefacts show this run only
        old.unlink()
    yield SCREENSHOTS_DIR
    _write_accessibility_report()


def _write_accessibility_report() -> None:
    """var/e2e/accessibilite.json: every page axe-core checked, with its violations of any impact."""
    if not AUDITED_PAGES:
        return
    pages = {}
    for entry in AUDITED_PAGES:
        path = urllib.parse.urlsplit(entry["url"]).path
        pages.setdefault(path, entry)
    impacts: dict[str, int] = {}
    for entry in pages.values():
        for violation in entry["violations"]:
            impacts[violation["impact"]] = impacts.get(violation["impact"], 0) + 1
    report = {
        "axe_core": AUDITED_PAGES[0]["axe"],
        "checks": len(AUDITED_PAGES),
        "distinct_pages": len(pages),
        "violations_by_impact": impacts,
        "pages": list(pages.values()),
    }
    (E2E_DIR / "accessibilite.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
