"""The fixed-window rate limiter shared by public endpoints."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.test import RequestFactory

from emploi_territoires.core.ratelimit import hit, rate_limited


def test_counts_within_a_window_and_resets_with_the_next():
    results = [hit("test:a", limit=2, window=60, now=1_000_050.0) for _ in range(3)]
    assert [r.allowed for r in results] == [True, True, False]
    assert [r.remaining for r in results] == [1, 0, 0]
    assert results[-1].retry_after == 30  # the window runs from 1,000,020 (a multiple of 60) to 1,000,080
    assert hit("test:a", limit=2, window=60, now=1_000_080.0).allowed  # next window
    assert hit("test:b", limit=2, window=60, now=1_000_050.0).allowed  # another key


def test_decorator_answers_429_with_retry_after():
    @rate_limited("test-view", limit=1, window=60)
    def view(request):
        return HttpResponse("ok")

    rf = RequestFactory()
    assert view(rf.get("/", REMOTE_ADDR="192.0.2.1")).status_code == 200
    refused = view(rf.get("/", REMOTE_ADDR="192.0.2.1"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Réessayez dans" in json.loads(refused.content)["detail"]
    assert view(rf.get("/", REMOTE_ADDR="192.0.2.2")).status_code == 200
