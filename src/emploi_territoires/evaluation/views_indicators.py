"""Indicator pages: the dashboard (target against actual), the report (HTML, PDF) and its exports."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.territories.models import Programme
from emploi_territoires.territories.search import (
    AmbiguousTerritory,
    TerritoryMatch,
    TerritoryNotFound,
    resolve_territory,
)

from .indicators import LEVELS, Period, ScopeError, TerritoryScope, compute_indicators
from .permissions_indicators import check_scope, require_indicator_reader
from .report import export, report_context

FIRST_YEAR = 2020


class ParamError(ValueError):
    def __init__(self, message: str, choices: list[TerritoryMatch] | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []


def _scope(level: str, text: str) -> TerritoryScope:
    """The territory the picker names: a code, or a name resolved by the one territory search.

    `level` ("" when the list is left on « selon le territoire saisi ») narrows the search; a name
    found only at another level (an EPCI typed with « Commune » selected) is taken at that level.
    Ambiguity: ParamError with the choices to offer.
    """
    picker_levels = [lv for lv in LEVELS if lv != "national"]
    try:
        match = resolve_territory(text, levels=(level,) if level else picker_levels)
    except TerritoryNotFound as exc:
        if not level:
            raise ParamError(exc.messages[0]) from None
        try:
            match = resolve_territory(text, levels=picker_levels)
        except TerritoryNotFound:
            raise ParamError(exc.messages[0]) from None
        except AmbiguousTerritory as ambiguous:
            raise ParamError(ambiguous.messages[0], ambiguous.choices) from None
    except AmbiguousTerritory as exc:
        raise ParamError(exc.messages[0], exc.choices) from None
    return TerritoryScope(match.level, match.code)


def _read_params(request: HttpRequest, analyst: bool, own: list[TerritoryScope]) -> tuple[TerritoryScope, Period]:
    """Territory and period from the query string; ParamError with a French message on bad input.

    `niveau` (optional) and `code` (a code or a name): `?niveau=epci&code=200067429`,
    `?code=CC Haut Nivernais`, `?niveau=national`. Neither: France for analysts, else the reader's commune.
    """
    default = TerritoryScope("national") if analyst else own[0]
    level = request.GET.get("niveau", "")
    text = request.GET.get("code", "").strip()
    if level and level not in LEVELS:
        raise ParamError("Choisissez un niveau de territoire dans la liste.")
    if level == "national":
        scope = TerritoryScope("national")
    elif text:
        scope = _scope(level, text)
    elif not level or level == default.kind:
        scope = default
    else:
        raise ParamError(
            "Indiquez le territoire : son nom ou son code (code INSEE ou postal de la commune, SIREN de "
            "l'intercommunalité, département, région, ou programme : acv, pvd…)."
        )
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
        # 9999-12-31 overflows "end + 1 day", year 1 the previous period: a 500 on every indicator page.
        if period.start.year < FIRST_YEAR or period.end.year > today.year + 1:
            raise ParamError(f"La période doit se situer entre {FIRST_YEAR} et {today.year + 1}.")
    else:
        raw_year = request.GET.get("annee", str(today.year))
        if not (raw_year.isascii() and raw_year.isdigit()) or not FIRST_YEAR <= int(raw_year) <= today.year + 1:
            raise ParamError(f"Choisissez une année entre {FIRST_YEAR} et {today.year + 1}.")
        period = Period.year(int(raw_year))
    return scope, period


def _territory_query(request: HttpRequest, level: str, code: str) -> str:
    """The query string with the territory as its level and code first, the period as asked."""
    pairs = [("niveau", level), *([("code", code)] if code else [])]
    pairs += [(k, v) for k, values in request.GET.lists() if k not in {"niveau", "code"} for v in values]
    return urlencode(pairs)


def _choice_links(request: HttpRequest, choices: list[TerritoryMatch]) -> list[tuple[TerritoryMatch, str]]:
    """Each possible territory, as a link to the same page with its level and code filled in."""
    return [(match, f"?{_territory_query(request, match.level, match.code)}") for match in choices]


def _load(request: HttpRequest) -> tuple[dict, int]:
    """The report context, or an error message and the choices to offer (status 400), permission checked.

    The pages show the message with the form (HTTP 200: bad input is not a broken page); the PDF and
    the exports send the reader back to the dashboard, which shows it.
    """
    analyst, own = require_indicator_reader(request)
    try:
        scope, period = _read_params(request, analyst, own)
        check_scope(analyst, own, scope)
        territory = scope.label()  # before computing: an unknown code costs one query, not ten
        context = report_context(territory, scope, period, compute_indicators(scope, period))
    except ParamError as exc:
        choices = _choice_links(request, exc.choices)
        return {"error": str(exc), "choices": choices, "analyst": analyst, "own": own}, 400
    except ScopeError as exc:
        return {"error": str(exc), "choices": [], "analyst": analyst, "own": own}, 400
    context.update(analyst=analyst, own=own, query=_canonical_query(request, scope))
    context["picker_value"] = _picker_value(scope, territory)
    return context, 200


def _canonical_query(request: HttpRequest, scope: TerritoryScope) -> str:
    """The links' query string: the resolved level and code (links stay valid whatever was typed)."""
    return _territory_query(request, scope.kind, scope.code)


def _picker_value(scope: TerritoryScope, territory: str) -> str:
    """What the territory field shows back: « Nom (code) », which it reads again as is."""
    if scope.kind == "national":
        return ""
    if scope.kind in {"commune", "departement"}:
        return territory  # already « Clamecy (58079) »
    if scope.kind == "programme":
        return f"{Programme(scope.code).label} ({scope.code})"
    return f"{territory} ({scope.code})"


def _form_context(request: HttpRequest, context: dict) -> dict:
    today = timezone.localdate()
    context.update(
        levels=LEVELS.items(),
        years=range(today.year + 1, FIRST_YEAR - 1, -1),
        selected={k: request.GET.get(k, "") for k in ("niveau", "code", "annee", "du", "au")},
    )
    if "scope" in context:
        # The field shows « Nom (code) », which reads back alone: the list goes back to « selon le territoire ».
        level = "national" if context["scope"].kind == "national" else ""
        context["selected"].update(niveau=level, code=context["picker_value"])
        if context["period"].is_calendar_year and not context["selected"]["du"]:
            context["selected"]["annee"] = str(context["period"].start.year)
    return context


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    context, _ = _load(request)
    context["title"] = "Indicateurs du partenariat"
    return render(request, "evaluation/indicators/dashboard.html", _form_context(request, context))


@login_required
def report_html(request: AuthenticatedHttpRequest) -> HttpResponse:
    context, _ = _load(request)
    context["title"] = "Rapport d'indicateurs"
    return render(request, "evaluation/indicators/report.html", _form_context(request, context))


def _back_to_the_dashboard(request: HttpRequest) -> HttpResponse:
    """A document asked with bad parameters: the dashboard says what is wrong, with the form."""
    query = request.GET.urlencode()
    return redirect(reverse("evaluation:indicators") + (f"?{query}" if query else ""))


def _filename(context: dict, suffix: str) -> str:
    scope, period = context["scope"], context["period"]
    when = str(period.start.year) if period.is_calendar_year else f"{period.start}_{period.end}"
    return f"indicateurs-{scope.kind}{'-' + scope.code if scope.code else ''}-{when}{suffix}"


@login_required
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    import weasyprint

    context, status = _load(request)
    if status != 200:
        return _back_to_the_dashboard(request)
    html = render_to_string("evaluation/indicators/report_pdf.html", context, request=request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, ".pdf")}"'
    return response


@login_required
def report_export(request: AuthenticatedHttpRequest, table: str, fmt: str) -> HttpResponse:
    context, status = _load(request)
    if status != 200:
        return _back_to_the_dashboard(request)
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
