"""Settings for Emploi Territoires.

12-factor: everything comes from environment variables, with safe defaults for a developer's
machine (SQLite, console emails). Production sets DJANGO_ENV=production, which turns on the
secure-cookie, HSTS and SSL settings and refuses to start without a real secret key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    # Only for its templates and static files: the API docs page (/api/v1/docs) then loads Swagger UI
    # from our own origin, as the content security policy requires, not from a CDN.
    "ninja",
    "widget_tweaks",
    "dsfr",
    "django_tasks",
    "django_tasks_db",
    "emploi_territoires.core",
    "emploi_territoires.territories",
    "emploi_territoires.accounts",
    "emploi_territoires.offers",
    "emploi_territoires.search",
    "emploi_territoires.applications",
    "emploi_territoires.jobdating",
    "emploi_territoires.mentoring",
    "emploi_territoires.evaluation",
    "emploi_territoires.needs",
    "emploi_territoires.followup",
    "emploi_territoires.vta",
    "emploi_territoires.plans",
    "emploi_territoires.diagnostics",
    "emploi_territoires.demo",
]

MIDDLEWARE = [
    "emploi_territoires.core.outage.DatabaseOutageMiddleware",  # first: a 503 page when the database is down
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "emploi_territoires.accounts.middleware.CurrentOrganisationMiddleware",
    "emploi_territoires.core.middleware.ContentSecurityPolicyMiddleware",
    # After the CSP (its nonce and header apply to the 400 page): NUL characters in a query string.
    "emploi_territoires.core.middleware.RejectNullCharactersMiddleware",
]

ROOT_URLCONF = "emploi_territoires.urls"
WSGI_APPLICATION = "emploi_territoires.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsfr.context_processors.site_config",
                "emploi_territoires.core.context_processors.platform",
            ],
            # Tests flip this to fail on unrendered variables (strict template client).
            "string_if_invalid": os.environ.get("DJANGO_TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

# SQLite in the project folder by default; DATABASE_URL for PostgreSQL (postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the demo's web server and task worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if os.environ.get("DATABASE_TEST_NAME"):
    # Several suites on one PostgreSQL server (developers' parallel runs): each its own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["emploi_territoires.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:space"
LOGOUT_REDIRECT_URL = "core:home"
# Argon2id first (see accounts/hashers.py); PBKDF2 only to check the hashes written before it.
PASSWORD_HASHERS = [
    "emploi_territoires.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per email and per IP address in LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", "900"))
LOGIN_THROTTLE_IP_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_IP_ATTEMPTS", "30"))
# The META key of the client-address header set by the deployment's own reverse proxy
# (e.g. HTTP_X_REAL_IP); empty = use REMOTE_ADDR (no proxy, or a proxy that sets it).
LOGIN_THROTTLE_IP_HEADER = os.environ.get("LOGIN_THROTTLE_IP_HEADER", "")

# Login throttling and API rate limits count in this cache: with several web processes it must be
# shared (Redis, or the database's table made by `manage.py createcachetable` when Redis is absent);
# per-process memory is for development only, and `check --deploy` refuses it in production.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": os.environ["DJANGO_CACHE_TABLE"]}
        if os.environ.get("DJANGO_CACHE_TABLE")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "emploi-territoires"}
    )
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", PROJECT_DIR / "var" / "static"))
# Personal files (CVs) live outside MEDIA_ROOT and have no URL: a view checks permissions and
# streams them (see applications.views).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", PROJECT_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Emploi Territoires <ne-pas-repondre@emploi-territoires.local>"
)

# Background work: Django's task API, stored in the database so several workers on several
# machines can share one PostgreSQL. Tests switch to the immediate backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Job-dating solver: exact solver time limit (s), CP-SAT workers (None: the machine's cores, up to 8),
# random seed (fixed so a schedule can be reproduced), and the day-of "re-optimise from now" limit (s).
JOBDATING_TIME_LIMIT = float(os.environ.get("JOBDATING_TIME_LIMIT", "30"))
JOBDATING_NUM_WORKERS = int(os.environ["JOBDATING_NUM_WORKERS"]) if os.environ.get("JOBDATING_NUM_WORKERS") else None
JOBDATING_SEED = int(os.environ.get("JOBDATING_SEED", "0"))
JOBDATING_REOPTIMISE_SECONDS = float(os.environ.get("JOBDATING_REOPTIMISE_SECONDS", "8"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# django-dsfr would otherwise mark every message and content as safe HTML: a message quoting
# user input (an offer title) would be an XSS hole.
DSFR_CONTENT_IS_SAFE = False
# DSFR now recommends marking optional fields rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True
# Django 6 default, taken now: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# The platform's public address, for links in e-mails sent by background tasks (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Issue 17 (offers/publication.py): the programme contexts whose offers an advisor always reviews before
# publication, whatever the organisation (comma-separated codes of offers.models.ProgrammeContext). The
# partnership chose the PVD and ACV project leads; an organisation not verified yet is always reviewed.
OFFERS_REVIEW_REQUIRED_CONTEXTS = env_list("OFFERS_REVIEW_REQUIRED_CONTEXTS", "chef_projet_pvd,chef_projet_acv")

# Issue 19 (applications/services_recruiter.py): the recruiter's inbox lists the applications waiting
# for an answer for more than this many days; « Inviter à postuler » is limited per recruiter and day.
APPLICATIONS_INBOX_WAITING_DAYS = int(os.environ.get("APPLICATIONS_INBOX_WAITING_DAYS", "7"))
APPLICATIONS_INVITATIONS_PER_DAY = int(os.environ.get("APPLICATIONS_INVITATIONS_PER_DAY", "20"))

# ProConnect (OpenID Connect) sign-in for public agents and advisors (accounts/proconnect.py,
# docs/deployment.md). Off, with no button, unless the base URL, client id and secret are set.
# PROCONNECT_BASE_URL is the provider's issuer, e.g. https://proconnect.gouv.fr/api/v2.
PROCONNECT_BASE_URL = os.environ.get("PROCONNECT_BASE_URL", "").rstrip("/")
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid email given_name usual_name siret uid")
PROCONNECT_TIMEOUT = float(os.environ.get("PROCONNECT_TIMEOUT", "5"))

# E-mail verification of password accounts (accounts/identity.py): link valid 3 days; one new
# link per account every EMAIL_VERIFICATION_RESEND_SECONDS.
EMAIL_VERIFICATION_MAX_AGE_DAYS = int(os.environ.get("EMAIL_VERIFICATION_MAX_AGE_DAYS", "3"))
EMAIL_VERIFICATION_RESEND_SECONDS = int(os.environ.get("EMAIL_VERIFICATION_RESEND_SECONDS", "300"))

# Shown on every page: this instance holds demo data (set by `make demo`).
DEMO_MODE = env_bool("EMPLOI_TERRITOIRES_DEMO")

# Offer search engine (search/engine.py, docs/search.md, docs/deployment.md): "database" (default, no
# set-up: SQLite FTS5 or PostgreSQL's GIN index) or "tantivy" (an index in SEARCH_INDEX_DIR beside the
# database, built by `manage.py build_search_index`, kept up to date with the projection; missing or
# stale, the database answers).
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "database")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", PROJECT_DIR / "var" / "search-index"))
