"""Conversation pages (issue 19): the candidate's application page, the recruiter's conversation,
interviews (propose, choose, reschedule, cancel, .ics), the recruiter's agenda, attachments, and
the withdrawal's confirmation.

Thin views: a permission-checked fetch (below: 404 for whoever does not take part), a form, a call
to `services_conversation`, a redirect with a French message. Every page works without JavaScript.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.core.storage import private_storage

from . import services_conversation as services
from . import services_pipeline
from .forms_conversation import ChooseSlotForm, MessageForm, ProposeInterviewForm, ReasonForm, RescheduleForm
from .models import Application, ApplicationTransition
from .models_conversation import Interview, InterviewSlot, InterviewStatus, Message, Side
from .permissions import get_application_for_candidate, viewable_candidate_ids

AGENDA_WEEKS = 8

# --- Permission-checked fetch helpers ------------------------------------------------------------------


def _application_queryset():
    return Application.objects.select_related(
        "offer__organisation", "offer__commune", "organisation", "candidate__candidate_profile"
    )


def get_application_for_side(request: HttpRequest, pk: int, side: str) -> Application:
    """The application if the user takes part on `side`; 404 for everybody else (outsiders learn nothing)."""
    application = _application_queryset().filter(pk=pk).first()
    if application is None or services.side_of(request.user, application) != side:
        raise Http404("Candidature introuvable.")
    return application


def get_interview_for_participant(request: HttpRequest, pk: int) -> tuple[Interview, str]:
    interview = (
        Interview.objects.select_related(
            "chosen_slot", "application__offer__organisation", "application__organisation", "application__candidate"
        )
        .filter(pk=pk)
        .first()
    )
    side = services.side_of(request.user, interview.application) if interview is not None else None
    if interview is None or side is None:
        raise Http404("Entretien introuvable.")
    return interview, side


def get_message_for_reader(request: HttpRequest, pk: int) -> tuple[Message, str]:
    message = (
        Message.objects.select_related("thread__application__organisation", "thread__application__offer")
        .filter(pk=pk)
        .first()
    )
    side = services.side_of(request.user, message.thread.application) if message is not None else None
    if message is None or side is None or not services.attachment_for(message, side):
        raise Http404("Pièce jointe introuvable.")
    return message, side


# --- Shared parts -------------------------------------------------------------------------------------


def _page_url(application: Application, side: str) -> str:
    if side == Side.CANDIDATE:
        return reverse("applications:candidate_application", args=[application.pk])
    return reverse("applications:thread", args=[application.pk])


def _interviews(application: Application) -> list[Interview]:
    return list(
        Interview.objects.filter(application_id=application.pk)
        .select_related("chosen_slot")
        .prefetch_related(Prefetch("slots", queryset=InterviewSlot.objects.order_by("start", "pk")))
        .order_by("-created_at", "-pk")
    )


def _conversation_context(request: HttpRequest, application: Application, side: str, form=None) -> dict[str, Any]:
    interviews = _interviews(application)
    current = next((i for i in interviews if i.status in services.OPEN_INTERVIEW_STATUSES), None)
    thread = services.read_thread(application, side, viewer=request.user)
    return {
        "application": application,
        "offer": application.offer,
        "side": side,
        "thread": thread,
        "writable": services.thread_is_writable(application),
        "form": form or MessageForm(),
        "post_url": _page_url(application, side),
        "interview": current,
        "past_interviews": [i for i in interviews if i is not current],
        "now": timezone.now(),
    }


def _post_message(request: AuthenticatedHttpRequest, application: Application, side: str) -> HttpResponse | MessageForm:
    """Handle the compose form: a redirect when sent, else the bound form to show again (nothing written)."""
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return form
    try:
        services.post_message(
            application,
            author=request.user,
            side=side,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except services.ConversationError as error:
        messages.error(request, error.message)
        return form
    messages.success(request, "Message envoyé.")
    return redirect(_page_url(application, side) + "#conversation")


# --- The candidate ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidate_application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The candidate's page of one application: state, interview, conversation with the organisation."""
    application = get_application_for_side(request, pk, Side.CANDIDATE)
    form = None
    if request.method == "POST":
        result = _post_message(request, application, Side.CANDIDATE)
        if isinstance(result, HttpResponse):
            return result
        form = result
    else:
        services.mark_read(application, Side.CANDIDATE)
    context = _conversation_context(request, application, Side.CANDIDATE, form)
    context |= {
        "title": f"Ma candidature — {application.offer.title}",
        "breadcrumb_data": {
            "links": [{"url": reverse("applications:mine"), "title": "Mes candidatures"}],
            "current": application.offer.title,
        },
    }
    return render(request, "applications/conversation/candidate_application.html", context, status=400 if form else 200)


@login_required
@require_POST
def followup_sharing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_side(request, pk, Side.CANDIDATE)
    shared = request.POST.get("shared") == "1"
    services.set_followup_sharing(application, candidate=request.user, shared=shared)
    messages.success(
        request,
        "Les personnes qui vous accompagnent peuvent lire cette conversation et y écrire."
        if shared
        else "La conversation n'est plus partagée avec les personnes qui vous accompagnent.",
    )
    return redirect(_page_url(application, Side.CANDIDATE) + "#partage")


@login_required
@require_POST
def interview_choose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interview, side = get_interview_for_participant(request, pk)
    if side != Side.CANDIDATE:
        raise Http404("Entretien introuvable.")
    form = ChooseSlotForm(request.POST)
    url = _page_url(interview.application, side) + "#entretien"
    if not form.is_valid():
        messages.error(request, "Choisissez l'un des créneaux proposés.")
        return redirect(url)
    try:
        services.choose_slot(interview, candidate=request.user, slot_id=form.cleaned_data["slot"])
    except services.ConversationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Votre entretien est confirmé. L'invitation pour votre agenda est jointe à l'e-mail de confirmation "
            "et téléchargeable ci-dessous.",
        )
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """« Retirer ma candidature »: a confirmation page (GET), then the withdrawal (POST)."""
    application = get_application_for_candidate(request, pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, "Cochez la case pour confirmer le retrait de votre candidature.")
        else:
            try:
                result = services_pipeline.withdraw(application, actor=request.user)
            except services_pipeline.PipelineError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, result.rule.done)
                return redirect("applications:mine")
    if application.is_closed:
        messages.info(request, "Cette candidature est close : il n'y a plus rien à retirer.")
        return redirect("applications:mine")
    return render(
        request,
        "applications/conversation/withdraw_confirm.html",
        {
            "title": f"Retirer ma candidature — {application.offer.title}",
            "application": application,
            "offer": application.offer,
            "interview": services.open_interview(application),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- The recruiter ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation's side: the conversation and the interview of one application."""
    application = get_application_for_side(request, pk, Side.ORGANISATION)
    form = None
    if request.method == "POST":
        result = _post_message(request, application, Side.ORGANISATION)
        if isinstance(result, HttpResponse):
            return result
        form = result
    else:
        services.mark_read(application, Side.ORGANISATION)
    context = _conversation_context(request, application, Side.ORGANISATION, form)
    candidate = application.candidate
    context |= {
        "title": f"Conversation avec {candidate} — {application.offer.title}",
        "candidate": candidate,
        "breadcrumb_data": {
            "links": [
                {
                    "url": reverse("applications:offer_applications", args=[application.offer.reference]),
                    "title": f"Candidatures — {application.offer.title}",
                },
                {"url": reverse("applications:detail", args=[application.pk]), "title": str(candidate)},
            ],
            "current": "Conversation et entretien",
        },
    }
    return render(request, "applications/conversation/thread.html", context, status=400 if form else 200)


@login_required
@require_http_methods(["GET", "POST"])
def interview_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_side(request, pk, Side.ORGANISATION)
    form = ProposeInterviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.propose_interview(
                    application,
                    actor=request.user,
                    slots=form.cleaned_data["slots"],
                    note=form.cleaned_data["note"],
                )
            except services.ConversationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Entretien proposé : la personne est prévenue et choisira son créneau.")
                return redirect(_page_url(application, Side.ORGANISATION) + "#entretien")
        status = 400
    return render(
        request,
        "applications/conversation/interview_form.html",
        {
            "title": f"Proposer un entretien — {application.offer.title}",
            "heading": "Proposer un entretien",
            "application": application,
            "form": form,
            "back_url": _page_url(application, Side.ORGANISATION),
            "submit": "Proposer ces créneaux",
            "existing": services.open_interview(application),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The recruiter proposes new slots with a reason; the candidate asks for another date with a reason."""
    interview, side = get_interview_for_participant(request, pk)
    application = interview.application
    form_class = RescheduleForm if side == Side.ORGANISATION else ReasonForm
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reschedule_interview(
                    interview,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    slots=form.cleaned_data.get("slots", ()),
                )
            except services.ConversationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    "Nouveaux créneaux proposés : la personne est prévenue."
                    if side == Side.ORGANISATION
                    else "Votre demande est envoyée : le recruteur vous proposera d'autres créneaux.",
                )
                return redirect(_page_url(application, side) + "#entretien")
        status = 400
    return render(
        request,
        "applications/conversation/interview_form.html",
        {
            "title": f"Reporter l'entretien — {application.offer.title}",
            "heading": "Reporter l'entretien" if side == Side.ORGANISATION else "Demander un autre créneau",
            "application": application,
            "interview": interview,
            "form": form,
            "back_url": _page_url(application, side),
            "submit": "Proposer ces nouveaux créneaux" if side == Side.ORGANISATION else "Envoyer ma demande",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interview, side = get_interview_for_participant(request, pk)
    application = interview.application
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cancel_interview(interview, actor=request.user, reason=form.cleaned_data["reason"])
            except services.ConversationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "L'entretien est annulé ; l'autre partie est prévenue.")
                return redirect(_page_url(application, side) + "#entretien")
        status = 400
    return render(
        request,
        "applications/conversation/interview_form.html",
        {
            "title": f"Annuler l'entretien — {application.offer.title}",
            "heading": "Annuler l'entretien",
            "application": application,
            "interview": interview,
            "form": form,
            "back_url": _page_url(application, side),
            "submit": "Annuler l'entretien",
        },
        status=status,
    )


@login_required
def interview_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interview, _ = get_interview_for_participant(request, pk)
    if interview.chosen_slot is None:
        raise Http404("Aucun créneau n'est choisi pour cet entretien.")
    response = HttpResponse(services.interview_ics(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="entretien-{interview.application.offer.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def message_attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    message, side = get_message_for_reader(request, pk)
    response = FileResponse(
        private_storage().open(services.attachment_for(message, side), "rb"),
        as_attachment=False,
        filename=message.attachment_name or "piece-jointe.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The interviews of the organisation the user acts for: confirmed ones by day, then those
    waiting for the candidate's choice (with the slots proposed)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        messages.info(request, "L'agenda des entretiens est celui d'une organisation : rejoignez-en une d'abord.")
        return redirect("accounts:space")
    now = timezone.now()
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time()))
    until = start_of_today + datetime.timedelta(weeks=AGENDA_WEEKS)
    base = Interview.objects.filter(application__organisation=organisation).select_related(
        "application__offer", "application__candidate", "chosen_slot"
    )
    confirmed = list(
        base.filter(
            status=InterviewStatus.CONFIRMED, chosen_slot__start__gte=start_of_today, chosen_slot__start__lt=until
        ).order_by("chosen_slot__start", "pk")
    )
    waiting = list(
        base.filter(status__in=[InterviewStatus.PROPOSED, InterviewStatus.RESCHEDULED])
        .prefetch_related(Prefetch("slots", queryset=InterviewSlot.objects.order_by("start", "pk")))
        .order_by("created_at", "pk")
    )
    viewable = viewable_candidate_ids(request.user, [i.application.candidate_id for i in confirmed + waiting], now)
    days: dict[datetime.date, list[Interview]] = defaultdict(list)
    for interview in confirmed:
        interview.person = _person_label(interview, viewable)
        days[timezone.localdate(interview.chosen_slot.start)].append(interview)
    for interview in waiting:
        interview.person = _person_label(interview, viewable)
    return render(
        request,
        "applications/conversation/agenda.html",
        {
            "title": f"Agenda des entretiens — {organisation.name}",
            "organisation": organisation,
            "days": sorted(days.items()),
            "waiting": waiting,
            "weeks": AGENDA_WEEKS,
            "today": timezone.localdate(now),
        },
    )


def _person_label(interview: Interview, viewable: set[int]) -> str:
    candidate = interview.application.candidate
    if candidate is not None and candidate.pk in viewable:
        return candidate.get_full_name() or candidate.email
    return "Personne candidate"


# --- « Mes candidatures » -------------------------------------------------------------------------------


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each application: the job title first, then the state, the next step (the interview's date)
    and the last message; the history and the withdrawal (with its confirmation page) below."""
    applications = list(
        Application.objects.filter(candidate_id=request.user.pk)
        .select_related("offer__organisation", "offer__commune")
        .prefetch_related(Prefetch("transitions", queryset=ApplicationTransition.objects.order_by("created_at", "pk")))
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "applications/pipeline/my_applications.html",
        {
            "title": "Mes candidatures",
            "applications": applications,
            "rows": my_applications_rows(applications),
            "is_candidate": request.user.kind == User.Kind.CANDIDATE,
        },
    )


def my_applications_rows(applications: list[Application]) -> list[dict[str, Any]]:
    """Per application: the next step (the open interview and its date), the last message, unread count."""
    ids = [a.pk for a in applications]
    open_interviews: dict[int, Interview] = {}
    for interview in (
        Interview.objects.filter(application_id__in=ids, status__in=services.OPEN_INTERVIEW_STATUSES)
        .select_related("chosen_slot")
        .annotate(slot_count=Count("slots"))
        .order_by("created_at", "pk")
    ):
        open_interviews[interview.application_id] = interview
    last = services.last_messages(ids)
    unread = services.unread_counts(ids, Side.CANDIDATE)
    return [
        {
            "application": a,
            "interview": open_interviews.get(a.pk),
            "last_message": last.get(a.pk),
            "unread": unread.get(a.pk, 0),
            "withdrawable": not a.is_closed,
        }
        for a in applications
    ]
