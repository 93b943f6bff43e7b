"""Reporting pages of the action plans: the national view (and its exports), the plan's PDF and the
exports of its actions. Thin views: a permission check, a call to national/report/exports, a template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.territories.models import Programme, Region

from . import exports, national, report
from .models import ActionStatus
from .permissions import can_read_plan_figures, can_view_national_plans, get_plan_for_viewer, visible_plans

NATIONAL_EXPORTS = {"plans": "plans", "territoires-sans-action": "gaps"}


def _require_national_viewer(request: HttpRequest) -> None:
    if not can_view_national_plans(request.user):
        raise PermissionDenied(
            "La vue nationale des plans est réservée à l'ANCT, à l'Apec et à l'équipe de la plateforme."
        )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def national_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_national_viewer(request)
    today = timezone.localdate()
    context: dict = {
        "title": "Plans d'action : vue nationale",
        "breadcrumb_data": {"links": [], "current": "Plans d'action : vue nationale"},
        "regions": Region.objects.order_by("name"),
        "programmes": Programme.choices,
        "selected": {k: request.GET.get(k, "") for k in ("region", "programme")},
        "statuses": [label for _value, label in ActionStatus.choices],
        "window_days": national.NEEDS_WINDOW_DAYS,
        "today": today,
    }
    try:
        filters = national.read_filters(request.GET)
    except national.NationalFilterError as exc:
        context["error"] = str(exc)
        return render(request, "plans/reporting/national.html", context, status=400)
    overview = national.national_overview(filters, today)
    visible = set(visible_plans(request.user).values_list("pk", flat=True))
    context.update(
        overview=overview,
        gaps=national.needs_gaps(filters, today),
        visible_plan_ids=visible,
        query=filters.querystring(),
        done_shown=national.DONE_ACTIONS_SHOWN,
    )
    return render(request, "plans/reporting/national.html", context)


@login_required
def national_export(request: AuthenticatedHttpRequest, what: str, fmt: str) -> HttpResponse:
    _require_national_viewer(request)
    if what not in NATIONAL_EXPORTS or fmt not in exports.FORMATS:
        raise Http404("Export inconnu.")
    try:
        filters = national.read_filters(request.GET)
    except national.NationalFilterError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    if NATIONAL_EXPORTS[what] == "plans":
        sheet = exports.national_plans_sheet(national.plan_rows(filters, today))
    else:
        sheet = exports.gaps_sheet(national.needs_gaps(filters, today))
    suffix = "".join(f"-{value}" for value in (filters.region, filters.programme) if value)
    return _download(sheet.render(fmt), exports.FORMATS[fmt], f"{what}{suffix}-{today:%Y-%m-%d}.{fmt}")


@login_required
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_viewer(request.user, pk)
    pdf = report.render_plan_pdf(
        plan, base_url=request.build_absolute_uri("/"), figures=can_read_plan_figures(request.user, plan)
    )
    return _download(pdf, "application/pdf", report.filename(plan, ".pdf"))


@login_required
def plan_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_viewer(request.user, pk)
    if fmt not in exports.FORMATS:
        raise Http404("Format d'export inconnu.")
    sheet = exports.plan_actions_sheet(plan)
    return _download(sheet.render(fmt), exports.FORMATS[fmt], report.filename(plan, f"-actions.{fmt}"))
