"""Matching pages ("Candidats proposés" for an offer, "Offres recommandées" for a candidate) and
the saved searches with their alerts ("Mes alertes", one-click unsubscribe).

Thin: a permission-checked fetch, then `matching.queries` or `alerts`. Recruiters see a proposed
candidate's name, commune and headline only: contact details and CV stay behind the application
(least privilege; `permissions.can_view_candidate` opens them once the person has applied).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import is_member
from emploi_territoires.offers.models import Offer, OfferStatus

from . import alerts, services_recruiter
from .matching import queries
from .models import CandidateProfile, SavedSearch
from .permissions import UNVERIFIED_ORGANISATION_MESSAGE, can_view_offer_applications, organisation_sees_candidates

PROPOSALS_SHOWN = 50
RECOMMENDATIONS_SHOWN = 30

# --- permission-checked fetch helpers -----------------------------------------------------------


def get_offer_for_proposals(request: HttpRequest, reference: str) -> Offer:
    """Who sees an offer's applications sees its proposed candidates: members of the organisation,
    staff, and advisors following its territory (not on a draft). Anybody else: 404."""
    offer = Offer.objects.select_related("organisation", "commune", "occupation").filter(reference=reference).first()
    if offer is None or not can_view_offer_applications(request.user, offer):
        raise Http404("Offre introuvable.")
    return offer


def _candidate(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    if user.kind != User.Kind.CANDIDATE:
        raise PermissionDenied("Cette page est réservée aux comptes de candidats.")
    return user


def get_saved_search_for_owner(request: AuthenticatedHttpRequest, pk: int) -> SavedSearch:
    """The candidate's own saved search; 404 for anybody else's."""
    saved = SavedSearch.objects.filter(pk=pk, user_id=request.user.pk).first()
    if saved is None:
        raise Http404("Alerte introuvable.")
    return saved


# --- matching -----------------------------------------------------------------------------------


@login_required
def offer_proposals(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_proposals(request, reference)
    verified = organisation_sees_candidates(request.user, offer.organisation)
    matches = queries.propose_candidates(offer, limit=PROPOSALS_SHOWN) if verified else []
    # « Inviter à postuler » (issue 19): members of the recruiting organisation, on a published offer;
    # per person, the button or why there is none (refuses invitations, already invited).
    can_invite = verified and offer.status == OfferStatus.PUBLISHED and is_member(request.user, offer.organisation)
    states = services_recruiter.invitation_states(offer, [m.candidate.id for m in matches]) if can_invite else {}
    proposals = [
        {
            "candidate": m.candidate,
            "match": m.match,
            "has_applied": m.has_applied,
            "user_id": states.get(m.candidate.id, (None, ""))[0],
            "invitation": states.get(m.candidate.id, (None, ""))[1],
        }
        for m in matches
    ]
    return render(
        request,
        "applications/matching/offer_proposals.html",
        {
            "title": f"Candidats proposés — {offer.title}",
            "offer": offer,
            "proposals": proposals,
            "can_invite": can_invite,
            "unverified_message": None if verified else UNVERIFIED_ORGANISATION_MESSAGE,
        },
    )


@login_required
def recommended_offers(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    profile = (
        CandidateProfile.objects.select_related("user", "commune")
        .prefetch_related("wanted_occupations", "visible_departements")
        .filter(user=user)
        .first()
    )
    recommendations = queries.recommend_offers(profile, limit=RECOMMENDATIONS_SHOWN) if profile else []
    return render(
        request,
        "applications/matching/recommended_offers.html",
        {"title": "Offres recommandées", "profile": profile, "recommendations": recommendations},
    )


# --- saved searches and alerts ------------------------------------------------------------------


@login_required
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    saved_searches = list(SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk"))
    rows = [(saved, alerts.describe(saved), alerts.board_url(saved)) for saved in saved_searches]
    return render(request, "applications/alerts/alert_list.html", {"title": "Mes alertes", "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def alert_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the board's query string, shown back with a name and a frequency to choose; POST: save."""
    user = _candidate(request)
    source = request.POST if request.method == "POST" else request.GET
    query, errors = alerts.clean_query(source)
    preview = SavedSearch(query=query)
    error = ""
    if request.method == "POST":
        try:
            alerts.create_saved_search(
                user,
                name=request.POST.get("name", ""),
                frequency=request.POST.get("frequency", ""),
                query_data=request.POST,
            )
        except alerts.AlertError as exc:
            error = str(exc)
        else:
            messages.success(request, "Votre alerte est créée : vous recevrez les nouvelles offres par e-mail.")
            return redirect("applications:alerts")
    criteria = alerts.describe(preview)
    return render(
        request,
        "applications/alerts/alert_create.html",
        {
            "title": "Créer une alerte",
            "query_items": [(k, v) for k, values in query.items() for v in values],
            "criteria": criteria,
            "errors": errors,
            "error": error,
            "name": request.POST.get("name", "") if request.method == "POST" else criteria[:100],
            "frequency": request.POST.get("frequency", SavedSearch.Frequency.WEEKLY),
            "frequencies": SavedSearch.Frequency.choices,
            "board_url": alerts.board_url(preview),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def alert_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved = get_saved_search_for_owner(request, pk)
    alerts.set_active(saved, not saved.is_active)
    messages.success(request, f"Alerte « {saved.name} » {'réactivée' if saved.is_active else 'mise en pause'}.")
    return redirect("applications:alerts")


@login_required
@require_POST
def alert_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved = get_saved_search_for_owner(request, pk)
    name = saved.name
    alerts.delete_saved_search(saved)
    messages.success(request, f"Alerte « {name} » supprimée.")
    return redirect("applications:alerts")


# Mail clients POST the RFC 8058 one-click unsubscribe without any CSRF token: the secret token in
# the URL is what authorises it, and all it can do is pause one alert.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirmation page with a button; POST (the button, or a mail client's one-click): pause."""
    if request.method == "POST":
        saved = alerts.unsubscribe(token)
        done = saved is not None
    else:
        saved = alerts.saved_search_for_token(token)
        done = False
    context = {"title": "Se désabonner d'une alerte", "saved": saved, "done": done, "token": token}
    return render(request, "applications/alerts/unsubscribe.html", context, status=200 if saved else 404)
