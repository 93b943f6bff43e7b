"""Follow-up pages: the person's « Mon accompagnement », the professional's caseload and follow-up page.

Thin: each view starts with a permission-checked fetch (`permissions.get_*`, 404 for outsiders),
cleans a form, calls `services`; refusals come back as French messages and write nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import Organisation
from emploi_territoires.accounts.permissions import is_org_admin
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.applications.situations import SITUATIONS

from . import caseload as caseload_module
from . import permissions, services
from .forms import (
    AddMemberForm,
    AnswerForm,
    AppointmentForm,
    AppointmentStatusForm,
    DocumentForm,
    EndForm,
    NoteForm,
    OpenForm,
    ReferentForm,
    RequestForm,
    SettingsForm,
    first_error,
    starts_at_of,
)
from .models import Appointment, FollowUp, FollowUpMember, FollowUpRequest, SharedDocument
from .timeline import timeline_for


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _proposal_context(name: str, template: str, *args) -> dict:
    """The proposals' block (followup-actions' module and template), when it is there."""
    try:
        from . import services_proposals
    except ImportError:
        return {}
    builder = getattr(services_proposals, name, None)
    if builder is None:
        return {}
    key = "person_proposals_template" if name.startswith("person") else "member_proposals_template"
    return {**builder(*args), key: template}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if permissions.is_support_professional(request.user):
        return redirect("followup:caseload")
    return redirect("followup:mine")


# --- The person ------------------------------------------------------------------------------


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    followups = list(FollowUp.objects.filter(person=user).select_related("referent").order_by("-started_on", "-pk"))
    current = next((f for f in followups if f.is_open), None)
    context: dict[str, Any] = {
        "title": "Mon accompagnement",
        "current": current,
        "past": [f for f in followups if not f.is_open],
        "requests": FollowUpRequest.objects.filter(person=user).select_related("organisation")[:20],
        "can_request": user.kind == user.Kind.CANDIDATE,
    }
    if current is not None:
        context["members"] = permissions.active_members(current)
        context["timeline"] = timeline_for(current, user)
        context["appointments"] = Appointment.objects.filter(
            followup=current, status=Appointment.Status.PLANNED, starts_at__gte=timezone.now()
        ).select_related("with_user", "organisation")
        context["documents"] = SharedDocument.objects.filter(followup=current).select_related("uploaded_by")
        context["document_form"] = DocumentForm()
    context.update(_proposal_context("person_block_context", "followup/proposals/_person_block.html", user))
    return render(request, "followup/mine.html", context)


@login_required
def request_followup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.kind != user.Kind.CANDIDATE:
        raise PermissionDenied("Cette page est réservée aux personnes qui cherchent un emploi.")
    structures = services.structures_for(user)
    form = RequestForm(request.POST or None, structures=structures)
    if request.method == "POST":
        if form.is_valid():
            organisation = next(o for o in structures if str(o.pk) == form.cleaned_data["organisation"])
            try:
                services.request_followup(
                    user,
                    organisation,
                    message=form.cleaned_data["message"],
                    start_reason=form.cleaned_data["start_reason"],
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, f"Votre demande est envoyée à {organisation.name}.")
                return redirect("followup:mine")
        else:
            messages.error(request, first_error(form))
    has_commune = CandidateProfile.objects.filter(user=user, commune__isnull=False).exists()
    return render(
        request,
        "followup/request_form.html",
        {"title": "Demander un accompagnement", "form": form, "structures": structures, "has_commune": has_commune},
    )


@login_required
@require_POST
def request_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_person(request, pk)
    try:
        services.cancel_request(request.user, found)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Votre demande est annulée.")
    return redirect("followup:mine")


@login_required
def end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ending, with a confirmation page (the person at any time; a member with a reason)."""
    followup, member = permissions.get_followup_for_viewer(request, pk)
    if not followup.is_open:
        messages.info(request, "Cet accompagnement est déjà terminé.")
        return redirect("followup:mine" if member is None else "followup:detail", *([] if member is None else [pk]))
    form = EndForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.end_followup(
                    request.user, followup, reason=form.cleaned_data["reason"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, "L'accompagnement est terminé.")
                return redirect("followup:mine" if member is None else "followup:caseload")
        else:
            messages.error(request, first_error(form))
    return render(
        request,
        "followup/end.html",
        {"title": "Terminer l'accompagnement", "followup": followup, "member": member, "form": form},
    )


# --- The professional --------------------------------------------------------------------------


def _require_professional(request: HttpRequest) -> list[Organisation]:
    structures = list(permissions.support_structures_of(request.user))
    if not structures:
        raise PermissionDenied("Cette page est réservée aux professionnels d'une structure d'accompagnement vérifiée.")
    return structures


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    structures = _require_professional(request)
    now = timezone.now()
    situation = request.GET.get("situation", "")
    sort = request.GET.get("tri", "contact")
    rows = list(caseload_module.caseload(request.user, now=now, situation=situation, sort=sort))
    pending = FollowUpRequest.objects.filter(organisation__in=structures, status=FollowUpRequest.Status.PENDING).count()
    return render(
        request,
        "followup/caseload.html",
        {
            "title": "Mes accompagnements",
            "rows": [(row, caseload_module.alerts_for(row, now)) for row in rows],
            "situations": list(SITUATIONS.items()),
            "situation": situation if situation in SITUATIONS else "",
            "sorts": list(caseload_module.SORTS.items()),
            "sort": sort if sort in caseload_module.SORTS else "contact",
            "pending_requests": pending,
            "structures": structures,
            "admin_structures": [s for s in structures if is_org_admin(request.user, s)],
        },
    )


@login_required
def open_followup(request: AuthenticatedHttpRequest) -> HttpResponse:
    structures = _require_professional(request)
    form = OpenForm(request.POST or None, structures=structures)
    if request.method == "POST":
        if form.is_valid():
            organisation = next(o for o in structures if str(o.pk) == form.cleaned_data["organisation"])
            try:
                person = services.find_person(form.cleaned_data["email"])
                opening = services.open_followup(
                    request.user,
                    person,
                    organisation=organisation,
                    start_reason=form.cleaned_data["start_reason"],
                    start_comment=form.cleaned_data["start_comment"],
                    consent_recorded=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                _refused(request, error)
            else:
                if opening.created:
                    messages.success(request, f"L'accompagnement de {person} est ouvert ; vous en êtes le référent.")
                else:
                    messages.success(request, f"{person} était déjà accompagné·e : vous rejoignez son groupe.")
                return redirect("followup:detail", opening.followup.pk)
        else:
            messages.error(request, first_error(form))
    return render(request, "followup/open_form.html", {"title": "Ouvrir un accompagnement", "form": form})


@login_required
def requests_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    structures = _require_professional(request)
    pending = (
        FollowUpRequest.objects.filter(organisation__in=structures, status=FollowUpRequest.Status.PENDING)
        .select_related("person__candidate_profile__commune", "organisation")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "followup/requests.html",
        {"title": "Demandes d'accompagnement", "pending": pending, "form": AnswerForm()},
    )


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_structure(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("followup:requests")
    try:
        answered = services.answer_request(
            request.user, found, accept=form.cleaned_data["decision"] == "accept", message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("followup:requests")
    if answered.followup_id:
        messages.success(request, f"Vous accompagnez désormais {answered.person}.")
        return redirect("followup:detail", answered.followup_id)
    messages.success(request, "La demande est refusée ; la personne en est informée.")
    return redirect("followup:requests")


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup, member = permissions.get_followup_for_viewer(request, pk)
    if member is None:  # the person: their own page
        return redirect("followup:mine") if followup.is_open else _person_past(request, followup)
    profile = CandidateProfile.objects.select_related("commune").filter(user_id=followup.person_id).first()
    members = list(permissions.active_members(followup))
    context = {
        "title": f"Accompagnement de {followup.person}",
        "followup": followup,
        "member": member,
        "members": members,
        "profile": profile,
        "situations": caseload_module.situations_of(profile),
        "timeline": timeline_for(followup, request.user),
        "appointments": Appointment.objects.filter(followup=followup)
        .select_related("with_user", "organisation")
        .order_by("-starts_at", "-pk")[:20],
        "documents": SharedDocument.objects.filter(followup=followup).select_related("uploaded_by"),
        "note_form": NoteForm(),
        "appointment_form": AppointmentForm(),
        "document_form": DocumentForm(),
        "member_form": AddMemberForm(),
        "now": timezone.now(),
        "appointment_statuses": Appointment.Status.choices,
    }
    context.update(_proposal_context("member_block_context", "followup/proposals/_member_block.html", followup, member))
    return render(request, "followup/detail.html", context)


def _person_past(request: HttpRequest, followup: FollowUp) -> HttpResponse:
    return render(
        request,
        "followup/past.html",
        {
            "title": "Un accompagnement terminé",
            "followup": followup,
            "members": FollowUpMember.objects.filter(followup=followup).select_related("user", "organisation"),
            "timeline": timeline_for(followup, request.user),
        },
    )


def _post_member_action(request: HttpRequest, pk: int, form_class, action, success: str) -> HttpResponse:
    followup, member = permissions.get_followup_for_member(request, pk)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            action(followup, member, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, success)
    return redirect("followup:detail", followup.pk)


@login_required
@require_POST
def note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_member_action(
        request,
        pk,
        NoteForm,
        lambda f, m, data: services.add_note(
            request.user, f, data["text"], visibility=data["visibility"], is_contact=data["is_contact"]
        ),
        "La note est enregistrée.",
    )


@login_required
@require_POST
def appointment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(followup, member, data):
        services.plan_appointment(
            request.user,
            followup,
            starts_at=starts_at_of(data),
            duration_minutes=data["duration_minutes"],
            channel=data["channel"],
            place=data["place"],
            subject=data["subject"],
        )

    return _post_member_action(
        request, pk, AppointmentForm, act, "Le rendez-vous est enregistré ; la personne en est informée."
    )


@login_required
@require_POST
def appointment_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = Appointment.objects.select_related("followup").filter(pk=pk).first()
    if appointment is None or permissions.membership_in(request.user, appointment.followup) is None:
        raise Http404("Rendez-vous introuvable.")
    form = AppointmentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez l'état du rendez-vous dans la liste.")
    else:
        try:
            services.set_appointment_status(request.user, appointment, form.cleaned_data["status"])
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, "L'état du rendez-vous est enregistré.")
    return redirect("followup:detail", appointment.followup_id)


@login_required
@require_POST
def contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_member_action(
        request, pk, None, lambda f, m, data: services.record_contact(request.user, f), "Le contact est noté."
    )


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_member_action(
        request,
        pk,
        AddMemberForm,
        lambda f, m, data: services.add_member(request.user, f, data["email"]),
        "Le ou la professionnelle rejoint le groupe.",
    )


@login_required
@require_POST
def referent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_member_action(
        request,
        pk,
        ReferentForm,
        lambda f, m, data: services.set_referent(request.user, f, data["user"]),
        "Le référent ou la référente est changé.",
    )


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup, _member = permissions.get_followup_for_member(request, pk)
    try:
        services.leave(request.user, followup)
    except ValidationError as error:
        _refused(request, error)
        return redirect("followup:detail", pk)
    messages.success(request, "Vous avez quitté le groupe : vous ne voyez plus cet accompagnement.")
    return redirect("followup:caseload")


@login_required
@require_POST
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup, member = permissions.get_followup_for_viewer(request, pk)
    back = redirect("followup:mine") if member is None else redirect("followup:detail", pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return back
    try:
        services.share_document(request.user, followup, form.cleaned_data["file"], form.cleaned_data["title"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Le document est partagé avec le groupe.")
    return back


@login_required
def document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    found = permissions.get_document_for_viewer(request, pk)
    extension = found.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=f"{found.title[:60]}.{extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def structure_settings(request: AuthenticatedHttpRequest, org_pk: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=org_pk).first()
    if organisation is None or not is_org_admin(request.user, organisation) or not organisation.is_support_structure:
        raise Http404("Structure introuvable.")
    current = services.structure_settings(organisation)
    form = SettingsForm(
        request.POST or None,
        initial={
            "no_contact_alert_weeks": current.no_contact_alert_weeks,
            "accepts_requests": current.accepts_requests,
            "public_description": current.public_description,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_structure_settings(
                    request.user,
                    organisation,
                    no_contact_alert_weeks=form.cleaned_data["no_contact_alert_weeks"],
                    accepts_requests=form.cleaned_data["accepts_requests"],
                    description=form.cleaned_data["public_description"],
                )
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, "Les réglages sont enregistrés.")
                return redirect(reverse("followup:settings", args=[organisation.pk]))
        else:
            messages.error(request, first_error(form))
    territories = organisation.covered_territories.select_related("commune", "epci", "departement")
    return render(
        request,
        "followup/settings.html",
        {
            "title": f"Accompagnement — réglages de {organisation.name}",
            "organisation": organisation,
            "form": form,
            "territories": territories,
        },
    )
