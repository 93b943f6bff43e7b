"""Pages of the proposals (issue 15): a member of the group proposes; the person answers.

Each view starts with a permission-checked fetch (`followup.permissions`: 404 for anyone outside
the group, so nobody learns that a person is followed), then calls `services_proposals`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from emploi_territoires.accounts.http import AuthenticatedHttpRequest

from . import services_proposals as services
from .forms_proposals import AnswerForm, ProposalForm
from .models import Proposal
from .permissions import get_followup_for_member, membership_in

K = Proposal.Kind
KIND_SLUGS = services.KIND_SLUGS
PAGE_TITLES = services.PROPOSE_LABELS


def _followup_url(followup_pk: int) -> str:
    return reverse("followup:detail", args=[followup_pk])


def _board_near(person) -> str:
    """The public board around the person's commune (where to find an offer to propose)."""
    from urllib.parse import urlencode

    from emploi_territoires.applications.models import CandidateProfile

    commune = CandidateProfile.objects.filter(user=person).values_list("commune_id", flat=True).first()
    board = reverse("offers:board")
    return f"{board}?{urlencode({'commune': commune})}" if commune else board


def _get_proposal_for_person(request: HttpRequest, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("followup").filter(pk=pk).first()
    if proposal is None or not request.user.is_authenticated or proposal.followup.person_id != request.user.pk:
        raise Http404("Proposition introuvable.")
    return proposal


def _get_proposal_for_member(request: HttpRequest, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("followup").filter(pk=pk).first()
    if proposal is None or membership_in(request.user, proposal.followup) is None:
        raise Http404("Proposition introuvable.")
    return proposal


@login_required
@require_safe
def my_proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """« Mes propositions »: what the group proposed, waiting ones first, with the answer form."""
    context = services.person_block_context(request.user)
    return render(
        request,
        "followup/proposals/my_proposals.html",
        {"title": "Mes propositions", **context},
    )


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _get_proposal_for_person(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez « J'accepte » ou « Je décline ».")
        return redirect("followup:my_proposals")
    try:
        result = services.answer(
            proposal,
            request.user,
            accept=form.cleaned_data["decision"] == "accept",
            message=form.cleaned_data["message"],
        )
    except services.ProposalError as error:
        messages.error(request, error.message)
        return redirect("followup:my_proposals")
    messages.success(request, result.done)
    return redirect(result.url or "followup:my_proposals")


@login_required
def propose(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    followup, member = get_followup_for_member(request, pk)
    if kind not in KIND_SLUGS:
        raise Http404("Type de proposition inconnu.")
    kind_value = KIND_SLUGS[kind]
    initial = {"offer": request.GET.get("offre", "")[:300]} if kind_value in (K.APPLICATION, K.OFFER) else {}
    form = ProposalForm(request.POST or None, initial=initial, kind=kind_value, person=followup.person)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(
                followup, request.user, kind=kind_value, message=form.cleaned_data["message"], **form.target()
            )
        except services.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Votre proposition est envoyée à {followup.person} : sa réponse s'affichera ici."
            )
            return redirect(_followup_url(followup.pk))
    return render(
        request,
        "followup/proposals/propose.html",
        {
            "title": f"{PAGE_TITLES[kind_value]} — {followup.person}",
            "heading": PAGE_TITLES[kind_value],
            "followup": followup,
            "member": member,
            "form": form,
            "kind": kind_value,
            "slug": kind,
            "followup_url": _followup_url(followup.pk),
            "board_url": _board_near(followup.person) if kind_value in (K.APPLICATION, K.OFFER) else "",
        },
    )


@login_required
@require_safe
def proposals_of(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The proposals of one follow-up, for its group (the same block as on the follow-up page)."""
    followup, member = get_followup_for_member(request, pk)
    return render(
        request,
        "followup/proposals/followup_proposals.html",
        {
            "title": f"Propositions — {followup.person}",
            "followup": followup,
            **services.member_block_context(followup, member),
        },
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _get_proposal_for_member(request, pk)
    try:
        services.withdraw(proposal, request.user)
    except services.ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La proposition est retirée.")
    return redirect(_followup_url(proposal.followup_id))
