"""Production settings (DJANGO_ENV=production): `check --deploy` is clean, cookies are secure,
HSTS and the content security policy are sent, and a missing secret key stops the start.

Each check runs in a fresh interpreter with the production environment, as a server would start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECRET = "pour-les-tests-uniquement-" + "x7Kq9" * 12  # long and varied enough for check --deploy
HOST = "emploi-territoires.example.fr"


def _env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SETTINGS_MODULE="emploi_territoires.settings",
        PYTHONPATH=str(REPO / "src"),
        # A cache shared by the web processes (a database table here: no Redis in the tests).
        DJANGO_CACHE_TABLE="django_cache",
    )
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return env


def _run(args: list[str], tmp_path: Path, **env) -> subprocess.CompletedProcess:
    # Never the developer's var/db.sqlite3: an empty database of the test's own (nothing reads it).
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=REPO, env=_env(**env), capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_fails_without_a_shared_cache(tmp_path):
    # Per-process memory: with 4 gunicorn workers, lockout and rate limits would count 4 times over.
    result = _run(["manage.py", "check", "--deploy"], tmp_path, DJANGO_CACHE_TABLE="")
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "LocMemCache" in result.stderr


def test_check_deploy_accepts_redis_as_the_shared_cache(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DJANGO_CACHE_TABLE="",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


# Requests through the whole middleware stack with the production settings (the API schema: no
# database needed); prints the security settings and the headers.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST=%(host)r)
plain = client.get("/api/v1/openapi.json")
secure = client.get("/api/v1/openapi.json", secure=True)
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS")},
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "secure_status": secure.status_code,
    "headers": dict(secure.headers),
}))
"""


@pytest.fixture(scope="module")
def production_probe(tmp_path_factory) -> dict:
    result = _run(["-c", PROBE % {"host": HOST}], tmp_path_factory.mktemp("production"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_http_only(production_probe):
    values = production_probe["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_production_redirects_http_to_https(production_probe):
    assert production_probe["plain_status"] == 301
    assert production_probe["plain_location"] == f"https://{HOST}/api/v1/openapi.json"


def test_production_sends_hsts_csp_and_anti_framing_headers(production_probe):
    assert production_probe["secure_status"] == 200
    headers = production_probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
