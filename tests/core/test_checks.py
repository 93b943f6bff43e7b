"""The deployment check that the default cache is shared by every web process (core/checks.py)."""

import pytest

from emploi_territoires.core.checks import check_shared_cache


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"]
)
def test_production_refuses_a_per_process_cache(settings, backend):
    settings.PRODUCTION = True
    settings.CACHES = {"default": {"BACKEND": backend}}
    errors = check_shared_cache()
    assert [error.id for error in errors] == ["core.E001"]
    assert "REDIS_URL" in errors[0].hint
    assert "DJANGO_CACHE_TABLE" in errors[0].hint


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.redis.RedisCache", "django.core.cache.backends.db.DatabaseCache"]
)
def test_production_accepts_a_shared_cache(settings, backend):
    settings.PRODUCTION = True
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "django_cache"}}
    assert check_shared_cache() == []


def test_development_may_keep_the_memory_cache(settings):
    settings.PRODUCTION = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_shared_cache() == []
