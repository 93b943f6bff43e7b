"""System checks of the deployment (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Caches that live inside one process: each gunicorn worker would keep its own counters.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production the default cache must be shared by every web process.

    Login throttling (accounts/throttle.py) and the API rate limits (core/ratelimit.py) count in
    it: in per-process memory, 4 workers allow 4 times the attempts, and a dummy cache none at all.
    """
    if not getattr(settings, "PRODUCTION", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is not shared between web processes: login throttling and "
            "API rate limits would count per process.",
            hint="Set REDIS_URL, or DJANGO_CACHE_TABLE (e.g. django_cache) and run "
            "`manage.py createcachetable` (docs/deployment.md).",
            id="core.E001",
        )
    ]
