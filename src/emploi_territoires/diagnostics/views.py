"""Territory diagnostic pages: read the precomputed aggregates (diagnostics/aggregates.py).

Who: any signed-in professional (advisors, collectivités, companies, staff); candidates and
mentors get a 403, anonymous visitors the login page. The figures are aggregate counts only.
The page reads its data through diagnostics/document.py (two queries for the aggregates; charts
cached per territory and refresh time). The PDF report takes seconds to lay out, so it is built in
the background (diagnostics/reports.py): « Préparer le rapport » (POST) queues it, the report page
shows its progress (HTMX polls every second) and the download link when it is ready; every later
reader downloads it at once.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.offers.exports import to_csv, to_xlsx
from emploi_territoires.territories.models import DiagnosticReport
from emploi_territoires.territories.search import AmbiguousTerritory, TerritoryNotFound, resolve_territory

from . import aggregates, reports
from .document import DEFINITIONS, figures, indicator_from, load_diagnostic, require_territory


def _check_access(request: AuthenticatedHttpRequest) -> None:
    if request.user.kind != User.Kind.PROFESSIONAL and not request.user.is_staff:
        raise PermissionDenied("Le diagnostic territorial est réservé aux professionnels.")


def _indicator(request: HttpRequest) -> str:
    return indicator_from(request.GET.get("carte") or request.POST.get("carte"))


@login_required
def diagnostic(request: AuthenticatedHttpRequest, level: str, code: str) -> HttpResponse:
    _check_access(request)
    diagnostic = load_diagnostic(level, code)
    indicator = _indicator(request)
    return render(
        request,
        "diagnostics/page.html",
        {
            "diagnostic": diagnostic,
            "figures": figures(diagnostic, indicator),
            "indicator": indicator,
            "indicators": {key: value[0] for key, value in aggregates.CARTOGRAM_INDICATORS.items()},
            "definitions": DEFINITIONS,
            "report": reports.current_report(level, code, indicator, diagnostic.generation),
        },
    )


@login_required
@require_safe
def choose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a territory's diagnostic by name or code (the one territory search): one match opens it."""
    _check_access(request)
    text = request.GET.get("territoire", "").strip()[:200]
    error, choices = "", []
    if text:
        try:
            match = resolve_territory(text)
        except AmbiguousTerritory as exc:
            error, choices = exc.messages[0], exc.choices
        except TerritoryNotFound as exc:
            error = exc.messages[0]
        else:
            return redirect("territories:diagnostic", match.level, match.code)
    return render(
        request,
        "diagnostics/choose.html",
        {
            "title": "Diagnostic d'un territoire",
            "query": text,
            "error": error,
            "choices": [(m, reverse("territories:diagnostic", args=[m.level, m.code])) for m in choices],
            "breadcrumb_data": {
                "links": [{"url": reverse("territories:index"), "title": "Territoires"}],
                "current": "Diagnostic d'un territoire",
            },
        },
    )


@login_required
def export_table(request: AuthenticatedHttpRequest, level: str, code: str, table: str, fmt: str) -> HttpResponse:
    _check_access(request)
    diagnostic = load_diagnostic(level, code)
    if table not in diagnostic.tables or fmt not in {"csv", "xlsx"}:
        raise Http404("Tableau ou format inconnu (formats : csv, xlsx).")
    selected = diagnostic.tables[table]
    filename = f"diagnostic-{level}-{code}-{table}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(to_csv(selected.headers, selected.rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            to_xlsx(selected.headers, selected.rows, title=selected.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The PDF report, built in the background ----------------------------------------------------


def _report_context(level: str, code: str, indicator: str) -> dict:
    report = reports.current_report(level, code, indicator)
    waiting = report is not None and report.status in (DiagnosticReport.Status.QUEUED, DiagnosticReport.Status.RUNNING)
    stale = waiting and report is not None and reports.is_stale(report)
    return {
        "level": level,
        "code": code,
        "indicator": indicator,
        "report": report,
        "polling": waiting and not stale,
        "stale": stale,
        "elapsed": int((timezone.now() - report.created_at).total_seconds()) if report else 0,
    }


def _report_url(level: str, code: str, indicator: str) -> str:
    return f"{reverse('territories:diagnostic_report', args=[level, code])}?carte={indicator}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: AuthenticatedHttpRequest, level: str, code: str) -> HttpResponse:
    """GET: the report's state (progress, download link); POST: ask for it (queued once, then shared)."""
    _check_access(request)
    indicator = _indicator(request)
    if request.method == "POST":
        require_territory(level, code)
        reports.request_report(level, code, indicator)
        return redirect(_report_url(level, code, indicator))
    diagnostic = load_diagnostic(level, code)
    context = _report_context(level, code, indicator)
    context.update(title=f"Rapport PDF : {diagnostic.payload['name']}", name=diagnostic.payload["name"])
    context["breadcrumb_data"] = {
        "links": [
            {"url": reverse("territories:index"), "title": "Territoires"},
            {
                "url": reverse("territories:diagnostic", args=[level, code]),
                "title": f"Diagnostic : {diagnostic.payload['name']}",
            },
        ],
        "current": "Rapport PDF",
    }
    return render(request, "diagnostics/report_status.html", context)


@login_required
@require_safe
def report_status(request: AuthenticatedHttpRequest, level: str, code: str) -> HttpResponse:
    """HTMX partial: the report's panel, polled every second while the report is being prepared."""
    _check_access(request)
    require_territory(level, code)
    return render(request, "diagnostics/includes/report_panel.html", _report_context(level, code, _indicator(request)))


@login_required
@require_safe
def report_pdf(request: AuthenticatedHttpRequest, level: str, code: str) -> HttpResponse:
    """The finished report; before it is ready, the report page (which offers to prepare it)."""
    _check_access(request)
    require_territory(level, code)
    indicator = _indicator(request)
    report = reports.current_report(level, code, indicator)
    if report is None or report.status != DiagnosticReport.Status.DONE:
        return redirect(_report_url(level, code, indicator))
    response = HttpResponse(reports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{level}-{code}.pdf"'
    return response
