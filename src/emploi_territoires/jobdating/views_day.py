"""Job-dating pages from the published schedule on: agendas (web, .ics, PDF), the A3 poster, the day-of
console, outcomes and ratings.

Least privilege: a candidate sees only their own agenda; a recruiter only their organisation's
tables; the event's managers (advisors of the territory or named on the event, staff) see every
agenda, the poster and the console. Anyone else gets a 404 (they learn nothing), anonymous users
the login page. Fetch helpers below check before any read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.permissions import is_member

from . import agenda as agenda_lib
from . import services_day, services_outcomes, services_schedule
from .errors import JobDatingError, ValidationFailed
from .formatting import gap_label
from .models import (
    CandidateRegistration,
    Event,
    EventStatus,
    Interview,
    InterviewStatus,
    RecruiterRegistration,
)
from .permissions import (
    can_manage_event,
    get_event_for_manager,
    get_event_for_viewer,
    get_recruiter_registration_for_member,
    is_candidate,
    recruiting_organisation,
)

# People other than the managers see agendas once the schedule is published.
PUBLIC_STATUSES = {EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED}
MANAGER_STATUSES = {EventStatus.SCHEDULE_BUILT, *PUBLIC_STATUSES}


# --- Permission-checked fetch helpers ------------------------------------------------------------


def _schedule_visible(request: HttpRequest, event: Event) -> bool:
    if can_manage_event(request.user, event):
        return event.status in MANAGER_STATUSES
    return event.status in PUBLIC_STATUSES


def get_candidate_registration_for_agenda(request: HttpRequest, event: Event, pk: int) -> CandidateRegistration:
    """The candidate themself or a manager of the event; 404 for anybody else."""
    registration = CandidateRegistration.objects.select_related("user").filter(event=event, pk=pk).first()
    if registration is None:
        raise Http404("Agenda introuvable.")
    if registration.user_id != request.user.pk and not can_manage_event(request.user, event):
        raise Http404("Agenda introuvable.")
    return registration


def get_recruiter_registration_for_agenda(request: HttpRequest, event: Event, pk: int) -> RecruiterRegistration:
    """A member of the registered organisation or a manager of the event; 404 for anybody else."""
    registration = RecruiterRegistration.objects.select_related("organisation").filter(event=event, pk=pk).first()
    if registration is None:
        raise Http404("Agenda introuvable.")
    if not (is_member(request.user, registration.organisation) or can_manage_event(request.user, event)):
        raise Http404("Agenda introuvable.")
    return registration


def get_interview_for_recruiter(request: AuthenticatedHttpRequest, event: Event, pk: int) -> Interview:
    """An interview of the schedule in force held at the user's organisation's tables; 404 otherwise."""
    interview = (
        services_schedule.schedule_interviews(event)
        .select_related("event", "recruiter_registration__organisation", "candidate_registration__user")
        .filter(pk=pk)
        .first()
    )
    if interview is None or not services_outcomes.can_record_outcome(request.user, interview):
        raise Http404("Entretien introuvable.")
    return interview


def _breadcrumb(event: Event, current: str) -> dict[str, Any]:
    return {
        "links": [
            {"url": reverse("jobdating:event_list"), "title": "Job datings"},
            {"url": event.get_absolute_url(), "title": event.title},
        ],
        "current": current,
    }


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf_context(event: Event) -> dict[str, Any]:
    return {"event": services_day.event_info(event), "day": event.date}


# --- Agendas -------------------------------------------------------------------------------------


@login_required
def my_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The signed-in person's own agenda: their candidate registration or their organisation's tables."""
    event = get_event_for_viewer(request, pk)
    if is_candidate(request.user):
        registration = CandidateRegistration.objects.filter(event=event, user_id=request.user.pk).first()
        if registration is not None:
            return redirect("jobdating:candidate_agenda", pk=event.pk, registration_pk=registration.pk)
    elif recruiting_organisation(request.user) is not None:
        recruiter = get_recruiter_registration_for_member(request, event)
        return redirect("jobdating:recruiter_agenda", pk=event.pk, registration_pk=recruiter.pk)
    raise Http404("Vous n'êtes pas inscrit ou inscrite à ce job dating.")


def _candidate_agenda(request: HttpRequest, pk: int, registration_pk: int):
    event = get_event_for_viewer(request, pk)
    registration = get_candidate_registration_for_agenda(request, event, registration_pk)
    visible = _schedule_visible(request, event)
    meetings = services_day.meetings_of(event, candidate_registration=registration) if visible else []
    owner = services_day.person_name(registration.user)
    return (
        event,
        registration,
        visible,
        agenda_lib.candidate_agenda(services_day.event_info(event), meetings, registration.pk, owner),
    )


@login_required
def candidate_agenda(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, registration, visible, agenda = _candidate_agenda(request, pk, registration_pk)
    context = {
        "title": f"Agenda de {agenda.owner}",
        "event": event,
        "registration": registration,
        "agenda": agenda,
        "visible": visible,
        "can_rate": registration.user_id == request.user.pk and services_outcomes.can_rate(registration),
        "breadcrumb_data": _breadcrumb(event, "Agenda"),
    }
    return render(request, "jobdating/agenda/candidate.html", context)


@login_required
def candidate_agenda_ics(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, _registration, visible, agenda = _candidate_agenda(request, pk, registration_pk)
    if not visible:
        raise Http404("Le planning n'est pas encore publié.")
    return _download(
        agenda_lib.to_ics(agenda, timezone.now()), "text/calendar; charset=utf-8", f"agenda-job-dating-{event.pk}.ics"
    )


@login_required
def candidate_agenda_pdf(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, _registration, visible, agenda = _candidate_agenda(request, pk, registration_pk)
    if not visible:
        raise Http404("Le planning n'est pas encore publié.")
    pdf = agenda_lib.render_pdf("jobdating/agenda/pdf_candidate.html", {**_pdf_context(event), "agenda": agenda})
    return _download(pdf, "application/pdf", f"agenda-job-dating-{event.pk}.pdf")


def _recruiter_agendas(request: HttpRequest, pk: int, registration_pk: int):
    event = get_event_for_viewer(request, pk)
    registration = get_recruiter_registration_for_agenda(request, event, registration_pk)
    visible = _schedule_visible(request, event)
    meetings = services_day.meetings_of(event, recruiter_registration=registration) if visible else []
    agendas = agenda_lib.table_agendas(
        services_day.event_info(event), meetings, registration.pk, registration.organisation.name, registration.tables
    )
    return event, registration, visible, agendas


@login_required
def recruiter_agenda(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, registration, visible, agendas = _recruiter_agendas(request, pk, registration_pk)
    context = {
        "title": f"Agenda de {registration.organisation.name}",
        "event": event,
        "registration": registration,
        "agendas": agendas,
        "visible": visible,
        "can_record": is_member(request.user, registration.organisation),
        "breadcrumb_data": _breadcrumb(event, "Agenda par table"),
    }
    return render(request, "jobdating/agenda/recruiter.html", context)


@login_required
def recruiter_agenda_ics(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """All the organisation's tables in one calendar (each entry names its table)."""
    event, registration, visible, agendas = _recruiter_agendas(request, pk, registration_pk)
    if not visible:
        raise Http404("Le planning n'est pas encore publié.")
    merged = agenda_lib.Agenda(
        services_day.event_info(event),
        registration.organisation.name,
        "recruiter",
        sorted((m for a in agendas for m in a.meetings), key=lambda m: (m.slot, m.table)),
    )
    return _download(
        agenda_lib.to_ics(merged, timezone.now()),
        "text/calendar; charset=utf-8",
        f"job-dating-{event.pk}-{slugify(registration.organisation.name)}.ics",
    )


@login_required
def recruiter_agenda_pdf(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """One A4 page per table, to print and leave on the table."""
    event, registration, visible, agendas = _recruiter_agendas(request, pk, registration_pk)
    if not visible:
        raise Http404("Le planning n'est pas encore publié.")
    context = {**_pdf_context(event), "agendas": agendas, "recruiter_name": registration.organisation.name}
    pdf = agenda_lib.render_pdf("jobdating/agenda/pdf_tables.html", context)
    return _download(pdf, "application/pdf", f"job-dating-{event.pk}-{slugify(registration.organisation.name)}.pdf")


@login_required
def poster_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole schedule by table on A3 landscape, for the wall of the venue."""
    event = get_event_for_manager(request, pk)
    if event.status not in MANAGER_STATUSES:
        raise Http404("Aucun planning n'est encore retenu.")
    times = services_day.event_times(event)
    tables = [
        (r.pk, r.organisation.name, r.tables)
        for r in RecruiterRegistration.objects.filter(event=event).select_related("organisation")
    ]
    rows = agenda_lib.poster_rows(services_day.meetings_of(event), tables, times)
    context = {**_pdf_context(event), "columns": agenda_lib.poster_columns(times), "rows": rows}
    pdf = agenda_lib.render_pdf("jobdating/agenda/pdf_poster.html", context)
    return _download(pdf, "application/pdf", f"job-dating-{event.pk}-affiche-A3.pdf")


# --- The day-of console --------------------------------------------------------------------------


def _console_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    now = services_day.slot_now(event)
    times = services_day.event_times(event)
    return {
        "title": f"Jour J — {event.title}",
        "event": event,
        "now": now,
        "now_label": times[now].label if times else "",
        "rows": services_day.console_rows(event, now),
        "times": times,
        "recruiters": RecruiterRegistration.objects.filter(event=event).select_related("organisation"),
        "accepted_run": services_schedule.accepted_run(event),
        "figures": services_outcomes.event_figures(event),
        "day_open": event.status in services_day.DAY_STATUSES,
        "breadcrumb_data": _breadcrumb(event, "Jour J"),
    }


@login_required
def day_console(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    return render(request, "jobdating/day/console.html", _console_context(request, event))


def _console_row(request: HttpRequest, event: Event, registration: CandidateRegistration) -> HttpResponse:
    now = services_day.slot_now(event)
    row = next(r for r in services_day.console_rows(event, now) if r.registration.pk == registration.pk)
    times = services_day.event_times(event)
    return render(
        request,
        "jobdating/day/_row.html",
        {"event": event, "row": row, "times": times, "day_open": event.status in services_day.DAY_STATUSES},
    )


def _day_action(request: HttpRequest, pk: int, registration_pk: int, action) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    registration = (
        CandidateRegistration.objects.select_related("user", "event").filter(event=event, pk=registration_pk).first()
    )
    if registration is None:
        raise Http404("Inscription introuvable.")
    try:
        message = action(registration)
    except JobDatingError as exc:
        if request.htmx:
            return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
        messages.error(request, exc.message)
        return redirect("jobdating:day_console", pk=event.pk)
    if request.htmx:
        return _console_row(request, event, registration)
    messages.success(request, message)
    return redirect("jobdating:day_console", pk=event.pk)


@login_required
@require_POST
def day_check_in(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    def action(registration):
        services_day.check_in(registration, actor=request.user)
        return f"{services_day.person_name(registration.user)} est arrivé·e."

    return _day_action(request, pk, registration_pk, action)


@login_required
@require_POST
def day_no_show(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    def action(registration):
        freed = services_day.mark_no_show(registration, actor=request.user)
        return (
            f"{services_day.person_name(registration.user)} est indiqué·e absent·e : "
            f"{freed} entretien{'s' if freed > 1 else ''} libéré{'s' if freed > 1 else ''}. "
            "Réoptimisez pour proposer ces créneaux à d'autres candidats."
        )

    return _day_action(request, pk, registration_pk, action)


@login_required
def day_walk_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    recruiters = list(RecruiterRegistration.objects.filter(event=event).select_related("organisation"))
    errors: list[str] = []
    values = {"email": "", "first_name": "", "last_name": "", "recruiters": []}
    if request.method == "POST":
        values = {
            "email": request.POST.get("email", "").strip(),
            "first_name": request.POST.get("first_name", "").strip(),
            "last_name": request.POST.get("last_name", "").strip(),
            "recruiters": request.POST.getlist("recruiters"),
        }
        try:
            recruiter_ids = [int(v) for v in values["recruiters"]]
        except ValueError:
            recruiter_ids = [-1]
        try:
            registration = services_day.add_walk_in(
                event,
                actor=request.user,
                email=values["email"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                recruiter_ids=recruiter_ids,
            )
        except ValidationFailed as exc:
            errors = [m for msgs in exc.errors.values() for m in msgs]
        except JobDatingError as exc:
            errors = [exc.message]
        else:
            messages.success(
                request,
                f"{services_day.person_name(registration.user)} est inscrit·e et arrivé·e. "
                "Réoptimisez pour lui trouver des entretiens.",
            )
            return redirect("jobdating:day_console", pk=event.pk)
    context = {
        "title": "Ajouter une personne venue sans inscription",
        "event": event,
        "recruiters": recruiters,
        "values": values,
        "chosen": {str(v) for v in values["recruiters"]},
        "errors": errors,
        "breadcrumb_data": _breadcrumb(event, "Personne sans inscription"),
    }
    return render(request, "jobdating/day/walk_in.html", context, status=422 if errors else 200)


@login_required
@require_POST
def day_reoptimise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    try:
        outcome = services_day.reoptimise_from_now(event, actor=request.user)
    except JobDatingError as exc:
        result: dict[str, Any] = {"error": exc.message}
    else:
        times = services_day.event_times(event)
        frozen = min(outcome.frozen_until, len(times) - 1)
        result = {
            "outcome": outcome,
            "frozen_label": times[frozen].end.strftime("%H:%M") if times else "",
            "gap_label": gap_label(outcome.gap),
        }
    if request.htmx:
        return render(request, "jobdating/day/_reoptimise_result.html", {"event": event, **result})
    if "error" in result:
        messages.error(request, result["error"])
    else:
        o = result["outcome"]
        messages.success(
            request,
            f"Réoptimisation faite : {o.freed} entretien(s) libéré(s) par des absences, {o.added} ajouté(s) ; "
            f"écart à la meilleure valeur possible : {result['gap_label']}.",
        )
    return redirect("jobdating:day_console", pk=event.pk)


# --- After the event -----------------------------------------------------------------------------


@login_required
def outcomes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The recruiter's interviews, each with what follows it."""
    event = get_event_for_viewer(request, pk)
    registration = get_recruiter_registration_for_member(request, event)
    if request.method == "POST":
        try:
            interview_pk = int(request.POST.get("interview", ""))
        except ValueError:
            raise Http404("Entretien introuvable.") from None
        interview = get_interview_for_recruiter(request, event, interview_pk)
        if interview.recruiter_registration_id != registration.pk:
            raise Http404("Entretien introuvable.")
        try:
            services_outcomes.record_outcome(interview, request.POST.get("outcome", ""), actor=request.user)
        except ValidationFailed as exc:
            messages.error(request, " ".join(m for msgs in exc.errors.values() for m in msgs))
        except JobDatingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Suite enregistrée pour {services_day.person_name(interview.candidate_registration.user)}."
            )
        return redirect("jobdating:outcomes", pk=event.pk)
    interviews = list(
        Interview.objects.filter(event=event, run__accepted=True, recruiter_registration=registration)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("candidate_registration__user")
        .order_by("slot", "table")
    )
    times = services_day.event_times(event)
    context = {
        "title": "Suites données aux entretiens",
        "event": event,
        "registration": registration,
        "rows": [
            {
                "interview": i,
                "name": services_day.person_name(i.candidate_registration.user),
                "time": times[i.slot].label if i.slot < len(times) else "",
                "open": i.status != InterviewStatus.NO_SHOW and services_outcomes.interview_over(i, event),
            }
            for i in interviews
        ],
        "choices": [(o.value, o.label) for o in services_outcomes.OUTCOMES],
        "breadcrumb_data": _breadcrumb(event, "Suites données"),
    }
    return render(request, "jobdating/day/outcomes.html", context)


@login_required
def rating(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_viewer(request, pk)
    registration = (
        CandidateRegistration.objects.filter(event=event, user_id=request.user.pk).first()
        if is_candidate(request.user)
        else None
    )
    if registration is None:
        raise Http404("Inscription introuvable.")
    existing = getattr(registration, "rating", None)
    errors: dict[str, list[str]] = {}
    values = {"score": "", "comment": ""}
    if request.method == "POST":
        values = {"score": request.POST.get("score", ""), "comment": request.POST.get("comment", "")}
        try:
            services_outcomes.rate_event(registration, values["score"], values["comment"], actor=request.user)
        except ValidationFailed as exc:
            errors = dict(exc.errors)
        except JobDatingError as exc:
            messages.error(request, exc.message)
            return redirect("jobdating:rating", pk=event.pk)
        else:
            messages.success(
                request, "Merci ! Votre avis aide les organisateurs à améliorer les prochains job datings."
            )
            return redirect("jobdating:rating", pk=event.pk)
    context = {
        "title": "Votre avis sur le job dating",
        "event": event,
        "existing": existing,
        "open": services_outcomes.can_rate(registration),
        "values": values,
        "errors": errors,
        "scores": range(1, 6),
        "breadcrumb_data": _breadcrumb(event, "Votre avis"),
    }
    return render(request, "jobdating/day/rating.html", context, status=422 if errors else 200)
