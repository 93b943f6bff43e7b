"""The exports of published VTA offers: JSON (schema.org JobPosting + the scheme's fields) and CSV.

Public and read-only, like the offers' feeds: the content is that of published offers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from . import exports


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/") or settings.SITE_URL


@require_GET
def offers_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        exports.feed(_base_url(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/json; charset=utf-8",
    )


@require_GET
def offers_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exports.csv_bytes(_base_url(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offres-vta.csv"'
    return response
