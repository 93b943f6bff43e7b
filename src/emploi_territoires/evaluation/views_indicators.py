"""Indicator pages: the dashboard (target against actual), the report (HTML, PDF) and its exports."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .indicators import LEVELS, Period, ScopeError, TerritoryScope, compute_indicators
from .permissions_indicators import check_scope, require_indicator_reader
from .report import export, report_context

FIRST_YEAR = 2020


class ParamError(ValueError):
    pass


def _read_params(request: HttpRequest, analyst: bool, own: list[TerritoryScope]) -> tuple[TerritoryScope, Period]:
    """Territory and period from the query string; ParamError with a French message on bad input."""
    default = TerritoryScope("national") if analyst else own[0]
    level = request.GET.get("niveau", default.level)
    code = request.GET.get("code", default.code if level == default.level else "").strip()
    if level not in LEVELS:
        raise ParamError("Choisissez un niveau de territoire dans la liste.")
    if level == "national":
        code = ""
    elif not code:
        raise ParamError("Indiquez le code du territoire (code INSEE, SIREN de l'EPCI ou programme : acv, pvd…).")
    scope = TerritoryScope(level, code.lower() if level == "programme" else code.upper())
    today = timezone.localdate()
    start, end = request.GET.get("du", ""), request.GET.get("au", "")
    if start or end:
        try:
            period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        except ValueError:
            raise ParamError(
                "Les dates de la période doivent être au format AAAA-MM-JJ (par exemple 2026-01-31)."
            ) from None
        if period.end < period.start:
            raise ParamError("La fin de la période doit suivre son début.")
    else:
        raw_year = request.GET.get("annee", str(today.year))
        if not (raw_year.isascii() and raw_year.isdigit()) or not FIRST_YEAR <= int(raw_year) <= today.year + 1:
            raise ParamError(f"Choisissez une année entre {FIRST_YEAR} et {today.year + 1}.")
        period = Period.year(int(raw_year))
    return scope, period


def _load(request: HttpRequest) -> tuple[dict, int]:
    """The report context (or an error message, status 400), permission checked."""
    analyst, own = require_indicator_reader(request)
    try:
        scope, period = _read_params(request, analyst, own)
        check_scope(analyst, own, scope)
        territory = scope.label()  # before computing: an unknown code costs one query, not ten
        context = report_context(territory, scope, period, compute_indicators(scope, period))
    except (ParamError, ScopeError) as exc:
        return {"error": str(exc), "analyst": analyst, "own": own}, 400
    context.update(analyst=analyst, own=own, query=request.GET.urlencode())
    return context, 200


def _form_context(request: HttpRequest, context: dict) -> dict:
    today = timezone.localdate()
    context.update(
        levels=LEVELS.items(),
        years=range(today.year + 1, FIRST_YEAR - 1, -1),
        selected={k: request.GET.get(k, "") for k in ("niveau", "code", "annee", "du", "au")},
    )
    if "scope" in context:
        context["selected"].update(niveau=context["scope"].level, code=context["scope"].code)
        if context["period"].is_calendar_year and not context["selected"]["du"]:
            context["selected"]["annee"] = str(context["period"].start.year)
    return context


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context, status = _load(request)
    context["title"] = "Indicateurs du partenariat"
    return render(request, "evaluation/indicators/dashboard.html", _form_context(request, context), status=status)


@login_required
def report_html(request: HttpRequest) -> HttpResponse:
    context, status = _load(request)
    context["title"] = "Rapport d'indicateurs"
    return render(request, "evaluation/indicators/report.html", _form_context(request, context), status=status)


def _filename(context: dict, suffix: str) -> str:
    scope, period = context["scope"], context["period"]
    when = str(period.start.year) if period.is_calendar_year else f"{period.start}_{period.end}"
    return f"indicateurs-{scope.level}{'-' + scope.code if scope.code else ''}-{when}{suffix}"


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    import weasyprint

    context, status = _load(request)
    if status != 200:
        return HttpResponse(context["error"], status=status, content_type="text/plain; charset=utf-8")
    html = render_to_string("evaluation/indicators/report_pdf.html", context, request=request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, ".pdf")}"'
    return response


@login_required
def report_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    context, status = _load(request)
    if status != 200:
        return HttpResponse(context["error"], status=status, content_type="text/plain; charset=utf-8")
    selected = next((t for t in context["tables"] if t.slug == table), None)
    if selected is None or fmt not in {"csv", "xlsx"}:
        raise Http404
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(export(selected, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, f"-{table}.{fmt}")}"'
    return response
