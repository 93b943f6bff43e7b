"""Plan pages: thin views over `plans.services` and `plans.results`, objects fetched through `plans.permissions`.

Outsiders get a 404 for a plan (they must not learn it exists); partners' members who may not edit get
a 403 on the editing pages.
"""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import is_staff

from . import permissions, results, services
from .forms import (
    ActionForm,
    PartnerEditForm,
    PartnerForm,
    PlanCreateForm,
    PlanForm,
    TargetForm,
    TransitionForm,
    transition_choices,
)
from .models import ActionStatus, PlanPartner, PlanTarget

PLANS_TITLE = "Mes plans d'action"


def _breadcrumb(current: str, *links: tuple[str, str]) -> dict:
    return {"links": [{"url": url, "title": title} for url, title in links], "current": current}


def _plan_links(plan) -> tuple[tuple[str, str], tuple[str, str]]:
    return (reverse("plans:list"), PLANS_TITLE), (plan.get_absolute_url(), plan.title)


def _professionals_only(request: AuthenticatedHttpRequest) -> None:
    user = request.user
    if not is_staff(user) and user.kind != User.Kind.PROFESSIONAL:
        raise PermissionDenied("Les plans d'action territoriaux sont réservés aux partenaires des territoires.")


def _form_error(form, exc: services.PlanError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


# --- Plans ---------------------------------------------------------------------------------------


@login_required
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _professionals_only(request)
    today = timezone.localdate()
    plans = (
        permissions.visible_plans(request.user)
        .select_related("commune", "epci", "departement")
        .annotate(
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
            late_count=Count(
                "actions",
                filter=Q(actions__ends_on__lt=today)
                & ~Q(actions__status__in=[ActionStatus.DONE, ActionStatus.CANCELLED]),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "title", "pk")
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "title": PLANS_TITLE,
            "plans": plans,
            "can_create": permissions.can_create_plan(request.user),
            "can_view_national": permissions.can_view_national_plans(request.user),
            "breadcrumb_data": _breadcrumb(PLANS_TITLE),
        },
    )


@login_required
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_plan(request.user):
        raise PermissionDenied(
            "Les plans sont ouverts par les membres d'une collectivité, de l'Apec, de l'ANCT ou d'une préfecture."
        )
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                form.plan_data(),
                creator=request.user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                contact=form.cleaned_data["contact"],
            )
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Plan créé. Ajoutez les partenaires, les cibles et les actions.")
            return redirect(plan)
    return render(
        request,
        "plans/plan_form.html",
        {
            "title": "Nouveau plan d'action",
            "form": form,
            "creating": True,
            "breadcrumb_data": _breadcrumb("Nouveau plan", (reverse("plans:list"), PLANS_TITLE)),
        },
    )


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan, form.plan_data(), editor=request.user)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Plan mis à jour.")
            return redirect(plan)
    return render(
        request,
        "plans/plan_form.html",
        {
            "title": f"Modifier « {plan.title} »",
            "plan": plan,
            "form": form,
            "breadcrumb_data": _breadcrumb("Modifier", *_plan_links(plan)),
        },
    )


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_viewer(request.user, pk)
    today = timezone.localdate()
    can_edit = permissions.can_edit_plan(request.user, plan)
    rows = []
    for action in services.timeline(plan):
        editable = can_edit or permissions.can_edit_action(request.user, action)
        lines = results.action_results(action)
        rows.append(
            {
                "action": action,
                "late": action.is_late(today),
                "due": action.is_due(today),
                "results": lines,
                "whole_label": next((line.whole_label for line in lines if line.is_cut), ""),
                "editable": editable,
                "transitions": transition_choices(action.status, services.allowed_transitions(action))
                if editable
                else [],
            }
        )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "title": plan.title,
            "plan": plan,
            "partners": plan.partners.select_related("organisation", "contact").order_by("organisation__name"),
            "rows": rows,
            "target_lines": results.plan_results(plan, figures=permissions.can_read_plan_figures(request.user, plan)),
            "can_edit": can_edit,
            "today": today,
            "breadcrumb_data": _breadcrumb(plan.title, (reverse("plans:list"), PLANS_TITLE)),
        },
    )


# --- Partners ------------------------------------------------------------------------------------


@login_required
def partners(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    form = PartnerForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_partner(plan, data["organisation"], data["role"], data["contact"])
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"« {data['organisation']} » est partenaire du plan.")
            return redirect("plans:partners", pk=plan.pk)
    return render(
        request,
        "plans/partners.html",
        {
            "title": f"Partenaires — {plan.title}",
            "plan": plan,
            "partners": plan.partners.select_related("organisation", "contact")
            .annotate(led=Count("led_actions"))
            .order_by("organisation__name"),
            "form": form,
            "breadcrumb_data": _breadcrumb("Partenaires", *_plan_links(plan)),
        },
    )


def _partner(plan, partner_pk: int) -> PlanPartner:
    partner = plan.partners.select_related("organisation", "contact").filter(pk=partner_pk).first()
    if partner is None:
        raise Http404("Partenaire introuvable.")
    return partner


@login_required
def partner_edit(request: AuthenticatedHttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    partner = _partner(plan, partner_pk)
    form = PartnerEditForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(partner, form.cleaned_data["role"], form.cleaned_data["contact"])
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Partenaire mis à jour.")
            return redirect("plans:partners", pk=plan.pk)
    return render(
        request,
        "plans/partner_form.html",
        {
            "title": f"Modifier le partenaire « {partner.organisation} »",
            "plan": plan,
            "partner": partner,
            "form": form,
            "breadcrumb_data": _breadcrumb(
                str(partner.organisation),
                *_plan_links(plan),
                (reverse("plans:partners", args=[plan.pk]), "Partenaires"),
            ),
        },
    )


@login_required
@require_POST
def partner_remove(request: AuthenticatedHttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    partner = _partner(plan, partner_pk)
    try:
        services.remove_partner(partner)
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"« {partner.organisation} » n'est plus partenaire du plan.")
    return redirect("plans:partners", pk=plan.pk)


# --- Targets -------------------------------------------------------------------------------------


def _with_pk(plan, lines: list[results.TargetLine]) -> list[dict]:
    pks = dict(PlanTarget.objects.filter(plan=plan).values_list("indicator_code", "pk"))
    return [{**asdict(line), "pk": pks.get(line.code)} for line in lines]


@login_required
def targets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_target(plan, form.cleaned_data["indicator_code"], form.cleaned_data["target"])
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Cible enregistrée.")
            return redirect("plans:targets", pk=plan.pk)
    return render(
        request,
        "plans/targets.html",
        {
            "title": f"Cibles — {plan.title}",
            "plan": plan,
            "target_lines": _with_pk(
                plan, results.plan_results(plan, figures=permissions.can_read_plan_figures(request.user, plan))
            ),
            "form": form,
            "breadcrumb_data": _breadcrumb("Cibles", *_plan_links(plan)),
        },
    )


@login_required
@require_POST
def target_remove(request: AuthenticatedHttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    target = PlanTarget.objects.filter(plan=plan, pk=target_pk).first()
    if target is None:
        raise Http404("Cible introuvable.")
    services.remove_target(target)
    messages.success(request, "Cible retirée.")
    return redirect("plans:targets", pk=plan.pk)


# --- Actions -------------------------------------------------------------------------------------


@login_required
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_editor(request.user, pk)
    form = ActionForm(request.POST or None, plan=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(plan, form.action_data(), request.user)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Action « {action.title} » ajoutée au plan.")
            return redirect(action)
    return render(
        request,
        "plans/action_form.html",
        {
            "title": "Nouvelle action",
            "plan": plan,
            "form": form,
            "breadcrumb_data": _breadcrumb("Nouvelle action", *_plan_links(plan)),
        },
    )


@login_required
def action_edit(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = permissions.get_action_for_editor(request.user, pk, action_pk)
    plan = action.plan
    form = ActionForm(request.POST or None, plan=plan, user=request.user, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action, form.action_data(), request.user)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Action mise à jour.")
            return redirect(action)
    return render(
        request,
        "plans/action_form.html",
        {
            "title": f"Modifier l'action « {action.title} »",
            "plan": plan,
            "action": action,
            "form": form,
            "transitions": action.transitions.select_related("actor"),
            "breadcrumb_data": _breadcrumb("Modifier l'action", *_plan_links(plan)),
        },
    )


@login_required
@require_POST
def action_transition(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = permissions.get_action_for_editor(request.user, pk, action_pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "note" in form.errors:
            messages.error(request, "La note fait 2 000 caractères au maximum.")
        else:
            messages.error(request, "État inconnu : choisissez un des états proposés.")
        return redirect(action)
    try:
        services.transition_action(action, form.cleaned_data["to_status"], request.user, form.cleaned_data["note"])
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Action « {action.title} » : {action.get_status_display().lower()}.")
    return redirect(action)
