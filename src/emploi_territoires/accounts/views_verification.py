"""Verification of organisations (issue 17): the advisors' queue and their decision.

Thin views over `accounts.verification`: the queue lists what the user may decide (an advisor's
territory, everything for staff); the decision page shows the organisation, its requester and
their stated function, the SIREN against the reference data, the log, and the three actions.
An admin of the organisation answers a request for information from the organisation's page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from . import permissions, verification
from .http import AuthenticatedHttpRequest
from .models import Organisation, VerificationStatus

PAGE_SIZE = 50


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        # Which of them this person may take from the current status is the service's rule (ALLOWED_MOVES).
        choices=[(s.value, s.label) for s in VerificationStatus]
    )
    comment = forms.CharField(
        label="Motif du refus ou complément demandé",
        required=False,
        max_length=verification.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour refuser ou demander un complément : il est envoyé aux administrateurs "
        "de l'organisation.",
    )


class AnswerForm(DsfrBaseForm):
    answer = forms.CharField(
        label="Votre réponse au conseiller",
        max_length=verification.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _deciding_user_or_403(request: HttpRequest) -> None:
    if not (permissions.is_staff(request.user) or permissions.is_advisor(request.user)):
        raise PermissionDenied("Cette page est réservée aux conseillers qui suivent des territoires.")


def get_organisation_for_decider(request: HttpRequest, pk: int) -> Organisation:
    """The organisation if the user may decide its verification; 404 for everybody else."""
    _deciding_user_or_403(request)
    org = Organisation.objects.select_related("commune__departement", "requested_by").filter(pk=pk).first()
    if org is None or not verification.can_decide(request.user, org):
        raise Http404("Organisation introuvable.")
    return org


@login_required
def verification_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _deciding_user_or_403(request)
    orgs = verification.queue_for(request.user)
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"organisation": org, "check": verification.siren_check(org)} for org in page]
    return render(
        request,
        "accounts/verification_queue.html",
        {"title": "Organisations à vérifier", "page": page, "rows": rows},
    )


@login_required
def verification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for_decider(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            from_status = org.verification_status
            try:
                verification.transition(
                    org, form.cleaned_data["decision"], actor=request.user, comment=form.cleaned_data["comment"]
                )
            except verification.VerificationError as error:
                form.add_error("comment", error.message)
            else:
                move = verification.ALLOWED_MOVES.get((from_status, form.cleaned_data["decision"]))
                messages.success(request, move.done if move else "Décision enregistrée.")
                return redirect("accounts:verification_queue")
        else:
            form.add_error(None, "Choisissez une décision, et un message de 2 000 caractères au plus.")
    return render(
        request,
        "accounts/verification_detail.html",
        {
            "title": f"Vérifier « {org.name} »",
            "organisation": org,
            "check": verification.siren_check(org),
            "form": form,
            "moves": verification.available_moves(org, request.user),
            "log": list(org.verification_log.select_related("actor")),
            "members": list(org.memberships.select_related("user").order_by("user__last_name", "user__email")),
        },
    )


@login_required
@require_POST
def verification_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An admin of the organisation answers the advisor's request for information."""
    org = permissions.get_organisation_for_admin(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Écrivez votre réponse (2 000 caractères au plus).")
        return redirect("accounts:organisation", pk=org.pk)
    try:
        verification.answer_request(org, actor=request.user, answer=form.cleaned_data["answer"])
    except verification.VerificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Votre réponse est transmise : la vérification reprend.")
    return redirect("accounts:organisation", pk=org.pk)
