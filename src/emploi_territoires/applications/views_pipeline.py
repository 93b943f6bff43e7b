"""Pipeline pages: apply, the recruiter board per offer, application detail,
bulk refusal, recruitment figures, and the advisor's follow-up page.

Thin views: a permission-checked fetch (`applications.permissions`), a call to
`services_pipeline`, a template. Advisors who follow the offer's territory see the board and the
details read-only: every POST checks `can_manage_applications` and answers 403 otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.permissions import (
    followed_communes_q,
    get_organisation_for_member,
    is_advisor,
    is_staff,
)
from emploi_territoires.core.storage import private_storage
from emploi_territoires.offers.models import Offer, OfferStatus

from . import figures as figures_module
from . import gdpr, services_profile
from . import services_pipeline as services
from .forms_pipeline import ApplyForm, BulkRefusalForm, NoteForm, TransitionForm
from .models import Application, ApplicationStatus, ApplicationTransition, CandidateProfile
from .permissions import (
    can_manage_applications,
    can_read_application_cv,
    can_read_current_cv,
    can_view_candidate,
    followed_candidate_ids,
    get_application_cv_for_viewer,
    get_application_for_recruiter,
    get_offer_for_pipeline,
    viewable_candidate_ids,
)
from .uploads import PDF_TYPE

PAGE_SIZE = 100
# Tabs of the recruiter board, in pipeline order; "" is every application.
STATUS_TABS = ["", *ApplicationStatus.values]
PROFILE_EDIT_URL = "applications:profile_edit"
CV_URL = "applications:cv"


def _days_waiting(application: Application, now) -> int | None:
    if application.is_closed:
        return None
    return (now - (application.status_changed_at or application.created_at)).days


def _hires_reach_positions(offer: Offer) -> bool:
    """A published offer whose hires reach its positions: propose to mark it filled (never forced)."""
    if offer.status != OfferStatus.PUBLISHED:
        return False
    return Application.objects.filter(offer_id=offer.pk, status=ApplicationStatus.HIRED).count() >= offer.positions


# --- Applying --------------------------------------------------------------------------------------


def _offer_for_apply(reference: str) -> Offer:
    """An offer that is or was public; drafts and offers under review are 404, as on the board."""
    offer = (
        Offer.objects.select_related("organisation", "commune")
        .filter(reference=reference)
        .exclude(status__in=[OfferStatus.DRAFT, OfferStatus.SUBMITTED])
        .first()
    )
    if offer is None:
        raise Http404("Cette offre n'existe pas ou n'est plus publiée.")
    return offer


@require_POST
def apply(request: HttpRequest, reference: str) -> HttpResponse:
    offer = _offer_for_apply(reference)
    offer_url = offer.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': offer_url + '#apply'})}")
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect(offer_url + "#apply")
    try:
        services.apply(offer, request.user, form.cleaned_data["message"])
    except services.ProfileRequired as error:
        messages.info(request, error.message)
        profile_url = reverse(PROFILE_EDIT_URL)
        return redirect(f"{profile_url}?{urlencode({'next': offer_url + '#apply'})}")
    except services.AlreadyApplied as error:
        messages.info(request, error.message)
        return redirect("applications:mine")
    except services.PipelineError as error:
        messages.error(request, error.message)
        return redirect(offer_url + "#apply" if offer.status == OfferStatus.PUBLISHED else reverse("offers:board"))
    messages.success(
        request,
        f"Votre candidature à « {offer.title} » est envoyée à {offer.organisation.name}. "
        "Un e-mail de confirmation vous attend.",
    )
    return redirect("applications:mine")


# --- The candidate --------------------------------------------------------------------------------


# « Mes candidatures » and the withdrawal's confirmation page: views_conversation.py (issue 19).


# --- The recruiter ----------------------------------------------------------------------------------


def _board_rows(applications, viewer, now) -> list[dict[str, Any]]:
    """One row per application; the person (name, commune, headline) only for the viewers who may
    read their profile (`viewable_candidate_ids`: the profile page's rule, retention included)."""
    applications = list(applications)
    viewable = viewable_candidate_ids(viewer, [a.candidate_id for a in applications], now)
    rows = []
    for application in applications:
        candidate = application.candidate
        personal = candidate is not None and candidate.pk in viewable
        profile = getattr(candidate, "candidate_profile", None) if personal else None
        rows.append(
            {
                "application": application,
                "name": str(candidate) if personal else "Candidature anonymisée",
                "profile": profile,
                "days_waiting": _days_waiting(application, now),
            }
        )
    return rows


@login_required
def offer_applications(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_pipeline(request, reference)
    status = request.GET.get("etat", "")
    if status not in ApplicationStatus.values:
        status = ""
    can_manage = can_manage_applications(request.user, offer.organisation)
    all_applications = Application.objects.filter(offer_id=offer.pk)
    counts = dict(all_applications.values_list("status").annotate(n=Count("pk")).order_by())
    applications = all_applications.select_related(
        "candidate__candidate_profile__commune", "prescribed_by", "prescriber_organisation"
    ).order_by("created_at", "pk")
    if status:
        applications = applications.filter(status=status)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "applications/pipeline/offer_board.html",
        {
            "title": f"Candidatures — {offer.title}",
            "offer": offer,
            "status": status,
            "can_manage": can_manage,
            "page": page,
            "rows": _board_rows(page, request.user, now),
            "tabs": [
                {
                    "status": s,
                    "label": ApplicationStatus(s).label if s else "Toutes",
                    "count": counts.get(s, 0) if s else sum(counts.values()),
                }
                for s in STATUS_TABS
            ],
            "figures": figures_module.offer_figures(offer),
            "reasons": services.REFUSAL_REASONS,
            "offer_can_be_filled": can_manage and _hires_reach_positions(offer),
            "open_statuses": list(services.OPEN_STATUSES),
            "breadcrumb_data": {
                "links": [{"url": reverse("offers:editor_detail", args=[offer.reference]), "title": offer.title}],
                "current": "Candidatures",
            },
        },
    )


@login_required
@require_POST
def bulk_refuse(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_pipeline(request, reference)
    if not can_manage_applications(request.user, offer.organisation):
        raise PermissionDenied("Seuls les membres de l'organisation qui recrute peuvent refuser des candidatures.")
    ids = list(Application.objects.filter(offer_id=offer.pk).values_list("pk", flat=True))
    form = BulkRefusalForm(request.POST, application_ids=ids)
    board_url = reverse("applications:offer_applications", args=[offer.reference])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(board_url)
    try:
        refused = services.bulk_refuse(
            offer,
            form.cleaned_data["applications"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
    except services.PipelineError as error:
        messages.error(request, error.message)
    else:
        n = len(refused)
        messages.success(
            request,
            f"{n} candidature{'s' if n > 1 else ''} refusée{'s' if n > 1 else ''} ; "
            f"{'les personnes sont prévenues' if n > 1 else 'la personne est prévenue'} par e-mail.",
        )
    return redirect(board_url)


def _transition_log(application: Application, may_see_person: bool) -> list[ApplicationTransition]:
    """The history; for a viewer who may not see the person, the person's own acts say
    « la personne candidate » instead of the name (« candidature envoyée, par … »)."""
    log = list(application.transitions.select_related("actor"))
    for transition in log:
        if not may_see_person and transition.actor_id is not None and transition.actor_id == application.candidate_id:
            transition.actor_label = "la personne candidate"
        elif transition.actor is not None and gdpr.is_erased(transition.actor):
            transition.actor_label = "une personne supprimée"
        else:
            transition.actor_label = None
    return log


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_recruiter(request, pk)
    offer = application.offer
    can_manage = can_manage_applications(request.user, application.organisation)
    candidate = application.candidate
    may_see_person = candidate is not None and can_view_candidate(request.user, candidate)
    profile: CandidateProfile | None = getattr(candidate, "candidate_profile", None) if may_see_person else None
    if can_read_application_cv(request.user, application):
        # The CV as it was sent with the application, never one uploaded later.
        cv_url = reverse("applications:application_cv", args=[application.pk])
    elif profile is not None and profile.cv and can_read_current_cv(request.user, profile):
        cv_url = reverse(CV_URL, args=[candidate.pk])
    else:
        cv_url = None
    return render(
        request,
        "applications/pipeline/application_detail.html",
        {
            "title": f"Candidature de {candidate if may_see_person else 'une personne'} — {offer.title}",
            "application": application,
            "offer": offer,
            "candidate": candidate if may_see_person else None,
            "profile": profile,
            "cv_url": cv_url,
            "can_manage": can_manage,
            "transitions": services.available_transitions(application, request.user) if can_manage else [],
            "transition_log": _transition_log(application, may_see_person),
            "show_comments": may_see_person,
            "notes": list(application.notes.select_related("author")) if can_manage else [],
            "note_form": NoteForm(),
            "reasons": services.REFUSAL_REASONS,
            "offer_can_be_filled": can_manage and _hires_reach_positions(offer),
            "days_waiting": _days_waiting(application, timezone.now()),
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("offers:editor_detail", args=[offer.reference]), "title": offer.title},
                    {
                        "url": reverse("applications:offer_applications", args=[offer.reference]),
                        "title": "Candidatures",
                    },
                ],
                "current": str(candidate) if may_see_person else f"Candidature {application.pk}",
            },
        },
    )


@login_required
def application_cv(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The CV sent with the application, for its organisation while it may see the person; else 404."""
    application = get_application_cv_for_viewer(request, pk)
    services_profile.record_cv_view(request.user, application.candidate)
    extension = application.cv_file.rsplit(".", 1)[-1]
    filename = f"cv-{slugify(application.candidate.get_full_name()) or application.candidate_id}.{extension}"  # type: ignore[union-attr]
    response = FileResponse(
        private_storage().open(application.cv_file, "rb"),
        as_attachment=application.cv_content_type != PDF_TYPE,
        filename=filename,
        content_type=application.cv_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_recruiter(request, pk)
    if not can_manage_applications(request.user, application.organisation):
        raise PermissionDenied("Seuls les membres de l'organisation qui recrute peuvent changer l'état.")
    detail_url = reverse("applications:detail", args=[application.pk])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Changement d'état inconnu, ou message trop long.")
        return redirect(detail_url)
    try:
        result = services.transition_application(
            application,
            form.cleaned_data["to_status"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
    except services.PipelineError as error:
        messages.error(request, error.message)
        return redirect(detail_url)
    messages.success(request, result.rule.done)
    if result.offer_can_be_filled:
        messages.info(
            request,
            f"{result.hires} recrutement{'s' if result.hires > 1 else ''} pour "
            f"{application.offer.positions} poste{'s' if application.offer.positions > 1 else ''} : "
            "vous pouvez marquer l'offre comme pourvue pour arrêter sa diffusion.",
        )
    return redirect(detail_url)


@login_required
@require_POST
def add_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_recruiter(request, pk)
    if not can_manage_applications(request.user, application.organisation):
        raise PermissionDenied("Les notes sont réservées à l'organisation qui recrute.")
    form = NoteForm(request.POST)
    detail_url = reverse("applications:detail", args=[application.pk]) + "#notes"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["text"]))
        return redirect(detail_url)
    try:
        services.add_note(application, author=request.user, text=form.cleaned_data["text"])
    except services.PipelineError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Note enregistrée.")
    return redirect(detail_url)


@login_required
def received(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entry point of recruiters: the figures page of the organisation they act for."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        messages.info(request, "Les candidatures sont reçues au nom d'une organisation : rejoignez-en une d'abord.")
        return redirect("accounts:space")
    return redirect("applications:figures", pk=organisation.pk)


@login_required
def organisation_figures(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_member(request, pk)
    return render(
        request,
        "applications/pipeline/organisation_figures.html",
        {
            "title": f"Indicateurs de recrutement — {organisation.name}",
            "organisation": organisation,
            "figures": figures_module.organisation_figures(organisation),
            "offers": figures_module.offers_with_counts(organisation),
        },
    )


# --- The advisor ------------------------------------------------------------------------------------


@login_required
def advisor_follow_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The candidates the advisor follows, their applications, and the offers to review in their territories."""
    user = request.user
    if not (is_staff(user) or is_advisor(user)):
        raise PermissionDenied("Cette page est réservée aux conseillers qui accompagnent des candidats.")
    profiles = (
        # The people of the advisor's follow-up groups (the followup app decides: followed_candidate_ids).
        CandidateProfile.objects.filter(user_id__in=followed_candidate_ids(user))
        .select_related("user", "commune")
        .prefetch_related(
            Prefetch(
                "user__applications",
                queryset=Application.objects.select_related("offer__organisation").order_by("-created_at", "-pk"),
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    to_review = Offer.objects.filter(status=OfferStatus.SUBMITTED)
    if not is_staff(user):
        to_review = to_review.filter(followed_communes_q(user, prefix="commune__"))
    return render(
        request,
        "applications/pipeline/advisor_follow_up.html",
        {
            "title": "Candidats que j'accompagne",
            "profiles": profiles,
            "to_review_count": to_review.count(),
            "review_url": reverse("offers:review_list"),
            "now": timezone.now(),
        },
    )
