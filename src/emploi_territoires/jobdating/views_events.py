"""Job-dating pages before the day: events, registrations, wishes, screening, the schedule's computation.

Thin views: a permission-checked fetch (`jobdating.permissions`), a call to `jobdating.services_*`,
a template. Least privilege: a recruiter sees their own registration and the candidates who wished
them (name and profile headline); a candidate sees recruiters and their offers, never other
candidates; managers (advisors of the territory, staff) see everything about their event.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.permissions import followed_communes_q, is_staff
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.applications.situations import situation_labels
from emploi_territoires.core.navigation import safe_next_url
from emploi_territoires.offers.models import Offer, OfferStatus

from . import audience as audience_rule
from . import io as event_io
from . import (
    services_events,
    services_import,
    services_invitations,
    services_registrations,
    services_schedule,
    suggestions,
)
from .errors import JobDatingError, ValidationFailed
from .formatting import event_hours, gap_label
from .forms import (
    CandidateRegistrationForm,
    EventForm,
    ImportForm,
    RecruiterRegistrationForm,
    ScheduleOptionsForm,
    ScreeningForm,
    TransitionForm,
    WishesForm,
)
from .models import (
    CandidateRegistration,
    CandidateScreening,
    Event,
    EventStatus,
    Interview,
    RecruiterRegistration,
    RunStatus,
    ScheduleRun,
    Wish,
)
from .permissions import (
    can_create_event,
    can_manage_event,
    get_candidate_registration_for_candidate,
    get_event_for_manager,
    get_event_for_viewer,
    get_recruiter_registration_for_member,
    is_candidate,
    recruiting_organisation,
)
from .solver import InstanceError, SolveOptions, build_schedule
from .solver_adapter import solver_settings
from .validation import whole_day
from .workflow import available_transitions

# A file solved from the import page blocks the request: keep it short (the event's own runs
# go through the background task).
IMPORT_TIME_LIMIT = 10.0


def _breadcrumb(event: Event | None = None, current: str = "") -> dict[str, Any]:
    links = [{"url": reverse("jobdating:event_list"), "title": "Job datings"}]
    if event is not None and current:
        links.append({"url": event.get_absolute_url(), "title": event.title})
    return {"links": links, "current": current or (event.title if event else "Job datings")}


def _form_errors(form: Any, exc: ValidationFailed) -> None:
    for field, msgs in exc.errors.items():
        target = field if field in form.fields else None
        for message in msgs:
            form.add_error(target, message)


# --- Events -------------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    """Public: anybody sees the events open to registration (registering needs an account). Signed in,
    one also sees the coming and past events (drafts for their organisers only)."""
    user = request.user
    now = timezone.now()
    context: dict[str, Any] = {
        "title": "Job datings",
        "open_events": list(suggestions.public_events(now)[:100]),
        "can_create": can_create_event(user),
        "breadcrumb_data": {"links": [], "current": "Job datings"},
    }
    if user.is_authenticated:
        visible = ~Q(status=EventStatus.DRAFT)
        if is_staff(user):
            visible = Q()
        elif can_create_event(user):
            visible |= followed_communes_q(user, "commune__") | Q(advisors=user)
        events = list(
            Event.objects.filter(visible)
            .distinct()
            .select_related("commune", "organiser")
            .annotate(
                recruiter_count=Count("recruiter_registrations", distinct=True),
                candidate_count=Count("candidate_registrations", distinct=True),
            )
            .order_by("-date", "-pk")[:200]
        )
        today = timezone.localdate(now)
        context["coming"] = [e for e in reversed(events) if e.date >= today]
        context["past"] = [e for e in events if e.date < today]
    return render(request, "jobdating/events/event_list.html", context)


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_create_event(request.user):
        raise PermissionDenied("Seuls les conseillers et l'équipe de la plateforme organisent des job datings.")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services_events.create_event(actor=request.user, values=form.values(), **form.audience())
        except ValidationFailed as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Le job dating est créé en brouillon. Ouvrez les inscriptions quand il est prêt.")
            return redirect(event)
    return render(
        request,
        "jobdating/events/event_form.html",
        {"title": "Organiser un job dating", "form": form, "breadcrumb_data": _breadcrumb(None, "Nouveau")},
    )


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services_events.update_event(event, actor=request.user, values=form.values(), **form.audience())
        except ValidationFailed as exc:
            _form_errors(form, exc)
        except JobDatingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Le job dating est enregistré.")
            return redirect(event)
    return render(
        request,
        "jobdating/events/event_form.html",
        {
            "title": "Modifier le job dating",
            "form": form,
            "event": event,
            "breadcrumb_data": _breadcrumb(event, "Modifier"),
        },
    )


def _recruiters_with_offers(event: Event) -> list[RecruiterRegistration]:
    return list(
        RecruiterRegistration.objects.filter(event=event)
        .select_related("organisation__commune")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.filter(status=OfferStatus.PUBLISHED)))
        .order_by("organisation__name")
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public once registrations open (drafts: organisers only); what one can do depends on who one is."""
    event = get_event_for_viewer(request, pk)
    user = request.user
    now = timezone.now()
    manager = can_manage_event(user, event)
    organisation = recruiting_organisation(user)
    context: dict[str, Any] = {
        "title": event.title,
        "event": event,
        "hours": event_hours(event),
        "breaks": [event.slot_label(s) for s in sorted(event.break_slots)],
        "recruiters": _recruiters_with_offers(event),
        "audience": suggestions.audience_labels(event),
        "priority_labels": situation_labels(event.priority_situations or []),
        "is_manager": manager,
        "registration_problem": services_registrations.registration_problem(event, now),
        "breadcrumb_data": _breadcrumb(event),
        "is_candidate": is_candidate(user),
        "organisation": organisation,
        "can_withdraw": event.status in services_registrations.WITHDRAWAL_STATUSES,
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': event.get_absolute_url()})}",
    }
    if is_candidate(user):
        context["my_candidate_registration"] = CandidateRegistration.objects.filter(event=event, user=user).first()
        profile = CandidateProfile.objects.filter(user=user).select_related("commune").first()
        context["has_profile"] = profile is not None
        context["suits_me"] = profile is not None and audience_rule.matches(
            suggestions.audience_of(event), suggestions.person_of(profile)
        )
    if organisation is not None:
        context["my_recruiter_registration"] = RecruiterRegistration.objects.filter(
            event=event, organisation=organisation
        ).first()
    if manager:
        context["transitions"] = available_transitions(event, user)
        context["log"] = event.transitions.select_related("actor")
        context["candidate_count"] = event.candidate_registrations.count()
        context["wish_count"] = Wish.objects.filter(recruiter_registration__event=event).count()
        context["accepted_run"] = services_schedule.accepted_run(event)
        context["invitations"] = dict(event.invitations.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return render(request, "jobdating/events/event_detail.html", context)


@login_required
@require_POST
def event_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            event = services_events.transition_event(
                event,
                form.cleaned_data["to_status"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            )
        except JobDatingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Le job dating est maintenant à l'état « {event.get_status_display()} ».")
    return redirect(event)


# --- Recruiters -----------------------------------------------------------------------------------


@login_required
def recruiter_registration(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Register the organisation one acts for, or change its registration."""
    event = get_event_for_viewer(request, pk)
    organisation = recruiting_organisation(request.user)
    if organisation is None:
        raise PermissionDenied("Les recruteurs s'inscrivent au nom de leur organisation.")
    registration = RecruiterRegistration.objects.filter(event=event, organisation=organisation).first()
    offers = Offer.objects.filter(organisation=organisation, status=OfferStatus.PUBLISHED).order_by("title")
    initial: dict[str, Any] = {"tables": 1} | RecruiterRegistrationForm.availability_initial(
        event, registration.availability if registration else whole_day(event)
    )
    if registration is not None:
        initial |= {"tables": registration.tables, "offers": list(registration.offers.all())}
    form = RecruiterRegistrationForm(request.POST or None, event=event, offers_queryset=offers, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {
            "offers": list(form.cleaned_data["offers"]),
            "tables": form.cleaned_data["tables"],
            "availability": form.cleaned_data["availability"],
        }
        try:
            if registration is None:
                services_registrations.register_recruiter(
                    event, actor=request.user, organisation=organisation, **values
                )
                messages.success(request, f"{organisation.name} est inscrite. Les candidats peuvent vous choisir.")
            else:
                services_registrations.update_recruiter_registration(registration, actor=request.user, **values)
                messages.success(request, "Votre inscription est enregistrée.")
        except ValidationFailed as exc:
            _form_errors(form, exc)
        except JobDatingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(event)
    return render(
        request,
        "jobdating/events/recruiter_registration.html",
        {
            "title": f"Inscrire {organisation.name}",
            "event": event,
            "form": form,
            "registration": registration,
            "organisation": organisation,
            "hours": event_hours(event),
            "registration_problem": services_registrations.registration_problem(event),
            "breadcrumb_data": _breadcrumb(event, "Inscription recruteur"),
        },
    )


@login_required
def recruiter_candidates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The candidates who wished my organisation (name + headline) and my screening of them."""
    event = get_event_for_viewer(request, pk)
    registration = get_recruiter_registration_for_member(request, event)
    if request.method == "POST":
        form = ScreeningForm(request.POST)
        if form.is_valid():
            candidate = CandidateRegistration.objects.filter(
                pk=form.cleaned_data["candidate"], event=event, wishes__recruiter_registration=registration
            ).first()
            if candidate is None:
                raise Http404("Candidat introuvable.")
            try:
                services_registrations.screen_candidate(
                    registration, candidate, form.cleaned_data["decision"], actor=request.user
                )
            except JobDatingError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Votre avis sur {candidate.user.get_full_name()} est enregistré.")
        else:
            messages.error(request, "Choisissez : accepté, prioritaire ou refusé.")
        return redirect("jobdating:recruiter_candidates", pk=event.pk)
    wishes = (
        Wish.objects.filter(recruiter_registration=registration)
        .select_related("candidate_registration__user__candidate_profile")
        .order_by("rank", "candidate_registration__user__last_name")
    )
    decisions = dict(
        CandidateScreening.objects.filter(recruiter_registration=registration).values_list(
            "candidate_registration_id", "decision"
        )
    )
    rows = [
        {
            "registration": wish.candidate_registration,
            "name": wish.candidate_registration.user.get_full_name(),
            "headline": getattr(getattr(wish.candidate_registration.user, "candidate_profile", None), "headline", ""),
            "rank": wish.rank,
            "decision": decisions.get(wish.candidate_registration_id, "accepted"),
        }
        for wish in wishes
    ]
    return render(
        request,
        "jobdating/events/recruiter_candidates.html",
        {
            "title": "Les candidats qui veulent vous rencontrer",
            "event": event,
            "registration": registration,
            "rows": rows,
            "choices": ScreeningForm.base_fields["decision"].choices,
            "can_screen": event.status == EventStatus.REGISTRATION_OPEN,
            "breadcrumb_data": _breadcrumb(event, "Candidats"),
        },
    )


@login_required
def recruiter_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw my organisation (confirmation page, then POST): only before the schedule is built."""
    event = get_event_for_viewer(request, pk)
    registration = get_recruiter_registration_for_member(request, event)
    return _withdraw(
        request,
        event,
        lambda: services_registrations.withdraw_recruiter(registration, actor=request.user),
        what=f"l'inscription de {registration.organisation.name}",
        done=f"{registration.organisation.name} n'est plus inscrite à ce job dating.",
    )


def _withdraw(request: HttpRequest, event: Event, action: Any, *, what: str, done: str) -> HttpResponse:
    problem = services_registrations.withdrawal_problem(event)
    if request.method == "POST":
        try:
            action()
        except JobDatingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect(event)
    return render(
        request,
        "jobdating/events/withdraw.html",
        {
            "title": "Retirer une inscription",
            "event": event,
            "what": what,
            "problem": problem,
            "breadcrumb_data": _breadcrumb(event, "Désinscription"),
        },
    )


# --- Candidates -------------------------------------------------------------------------------------


@login_required
@require_POST
def candidate_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_viewer(request, pk)
    try:
        services_registrations.register_candidate(event, user=request.user)
    except JobDatingError as exc:
        messages.error(request, exc.message)
        return redirect(event)
    messages.success(
        request, "Vous êtes inscrit ou inscrite. Classez maintenant les recruteurs que vous voulez rencontrer."
    )
    return redirect("jobdating:candidate_wishes", pk=event.pk)


@login_required
def candidate_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_viewer(request, pk)
    registration = get_candidate_registration_for_candidate(request, event)
    return _withdraw(
        request,
        event,
        lambda: services_registrations.withdraw_candidate(registration, actor=request.user),
        what="votre inscription, vos souhaits et vos disponibilités",
        done="Vous n'êtes plus inscrit ou inscrite à ce job dating.",
    )


@login_required
def candidate_wishes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_viewer(request, pk)
    registration = get_candidate_registration_for_candidate(request, event)
    recruiters = _recruiters_with_offers(event)
    current = dict(registration.wishes.values_list("recruiter_registration_id", "rank"))
    initial = {f"rank_{rid}": rank for rid, rank in current.items()}
    availability_initial = CandidateRegistrationForm.availability_initial(event, registration.availability)
    data = request.POST or None
    wishes_form = WishesForm(data, recruiters=recruiters, initial=initial, prefix="souhaits")
    availability_form = CandidateRegistrationForm(
        data, event=event, initial=availability_initial | {"max_interviews": registration.max_interviews}
    )
    if request.method == "POST" and wishes_form.is_valid() and availability_form.is_valid():
        try:
            services_registrations.update_candidate_registration(
                registration,
                availability=availability_form.cleaned_data["availability"],
                max_interviews=availability_form.cleaned_data["max_interviews"],
            )
            services_registrations.set_wishes(registration, wishes_form.ranks())
        except ValidationFailed as exc:
            if "" in exc.errors:
                _form_errors(wishes_form, exc)
            else:
                _form_errors(availability_form, exc)
        except JobDatingError as exc:
            wishes_form.add_error(None, exc.message)
        else:
            messages.success(request, "Vos souhaits et vos disponibilités sont enregistrés.")
            return redirect("jobdating:candidate_wishes", pk=event.pk)
    return render(
        request,
        "jobdating/events/candidate_wishes.html",
        {
            "title": "Mes souhaits",
            "event": event,
            "registration": registration,
            "rows": [(r, wishes_form.rank_field(r)) for r in recruiters],
            "wishes_form": wishes_form,
            "availability_form": availability_form,
            "hours": event_hours(event),
            "registration_problem": services_registrations.registration_problem(event),
            "breadcrumb_data": _breadcrumb(event, "Mes souhaits"),
        },
    )


# --- The schedule (managers) -----------------------------------------------------------------------


def _run_context(run: ScheduleRun | None) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    progress = run.progress or {}
    score = run.score if run.score is not None else progress.get("objective")
    bound = run.bound if run.bound is not None else progress.get("bound")
    gap = run.gap if run.gap is not None else progress.get("gap")
    return {
        "run": run,
        "score": score,
        "bound": bound,
        "gap_text": gap_label(gap) if gap is not None else "",
        "elapsed": progress.get("elapsed"),
        "progress_messages": progress.get("messages", []),
        "polling": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
    }


@login_required
def schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    form = ScheduleOptionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_schedule.start_schedule_run(
                event,
                actor=request.user,
                at_least_one=form.cleaned_data["at_least_one"],
                max_interviews=form.cleaned_data["max_interviews"],
            )
        except ValidationFailed as exc:
            _form_errors(form, exc)
        except JobDatingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Le calcul est lancé : la première réponse arrive en quelques secondes.")
            return redirect("jobdating:schedule", pk=event.pk)
    runs = list(event.runs.annotate(interview_count=Count("interviews")).order_by("-created_at", "-pk")[:20])
    for r in runs:
        r.gap_text = gap_label(r.gap)
    latest = runs[0] if runs else None
    accepted = next((r for r in runs if r.accepted), None)
    preview = []
    if accepted is not None:
        preview = list(
            Interview.objects.filter(run=accepted)
            .select_related("candidate_registration__user", "recruiter_registration__organisation")
            .order_by("slot", "recruiter_registration__organisation__name", "table")[:500]
        )
    return render(
        request,
        "jobdating/events/schedule.html",
        {
            "title": "Planning des entretiens",
            "event": event,
            "form": form,
            "runs": runs,
            "accepted": accepted,
            "preview": [(i, event.slot_label(i.slot)) for i in preview],
            "counts": {
                "recruiters": event.recruiter_registrations.count(),
                "candidates": event.candidate_registrations.count(),
                "wishes": Wish.objects.filter(recruiter_registration__event=event).count(),
            },
            "breadcrumb_data": _breadcrumb(event, "Planning"),
            **_run_context(latest),
        },
    )


@login_required
def run_progress(request: AuthenticatedHttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """The run's panel; HTMX polls it every 2 s while the run is queued or running."""
    event = get_event_for_manager(request, pk)
    run = ScheduleRun.objects.filter(pk=run_pk, event=event).annotate(interview_count=Count("interviews")).first()
    if run is None:
        raise Http404("Calcul introuvable.")
    return render(request, "jobdating/events/includes/run_panel.html", {"event": event, **_run_context(run)})


@login_required
@require_POST
def run_accept(request: AuthenticatedHttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    run = ScheduleRun.objects.filter(pk=run_pk, event=event).first()
    if run is None:
        raise Http404("Calcul introuvable.")
    try:
        services_schedule.accept_run(run, actor=request.user)
    except JobDatingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Le calcul n° {run.pk} est retenu comme planning. Publiez-le pour l'envoyer à tous.")
    return redirect("jobdating:schedule", pk=event.pk)


# --- Import and export ------------------------------------------------------------------------------


def _filename(event: Event, extension: str) -> str:
    return f"job-dating-{slugify(event.title)[:60]}-{event.date:%Y-%m-%d}.{extension}"


@login_required
def export_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    content = json.dumps(event_io.event_to_json(event), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "json")}"'
    return response


@login_required
def export_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_manager(request, pk)
    response = HttpResponse(
        event_io.event_to_xlsx(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response


IMPORT_SALT = "jobdating-import"
# The checked file travels signed between the preview and the confirmation (no temporary file on disk).
IMPORT_MAX_AGE = 3600


@login_required
def import_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A file in the solver's format (JSON or XLSX): check it, solve it (download OUT), or create the
    event's registrations from it — a preview of what would be created, then a confirmation."""
    event = get_event_for_manager(request, pk)
    action = request.POST.get("action", "check")
    if request.method == "POST" and action == "confirm":
        return _import_confirm(request, event)
    form = ImportForm(request.POST or None, request.FILES or None)
    summary = None
    preview = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            instance, data = event_io.read_instance(upload.name, upload.read(event_io.MAX_UPLOAD_BYTES + 1))
        except InstanceError as exc:
            errors = exc.errors
        else:
            if action == "solve":
                settings = solver_settings()
                result = build_schedule(
                    instance,
                    SolveOptions(
                        time_limit=min(IMPORT_TIME_LIMIT, settings["time_limit"]),
                        num_workers=settings["num_workers"],
                        seed=settings["seed"],
                    ),
                )
                response = HttpResponse(
                    json.dumps(result.to_json(), ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="planning.json"'
                return response
            summary = {
                "slots": instance.slots,
                "recruiters": len(instance.recruiters),
                "candidates": len(instance.candidates),
                "wishes": len(instance.wishes),
            }
            if action == "preview":
                plan = services_import.plan_import(event, data)
                errors = plan.errors
                if not errors:
                    preview = {
                        "plan": plan,
                        "payload": signing.dumps(data, salt=f"{IMPORT_SALT}:{event.pk}", compress=True),
                    }
    return render(
        request,
        "jobdating/events/import.html",
        {
            "title": "Importer un fichier",
            "event": event,
            "form": form,
            "summary": summary,
            "preview": preview,
            "file_errors": errors,
            "can_import": event.status in services_import.IMPORT_STATUSES,
            "breadcrumb_data": _breadcrumb(event, "Importer"),
        },
    )


def _import_confirm(request: AuthenticatedHttpRequest, event: Event) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=f"{IMPORT_SALT}:{event.pk}", max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "La vérification du fichier a expiré ou a été altérée : déposez-le à nouveau.")
        return redirect("jobdating:import_file", pk=event.pk)
    try:
        result = services_import.apply_import(event, data, actor=request.user)
    except services_import.ImportFailed as exc:
        messages.error(request, "Rien n'a été importé : " + " ".join(exc.errors))
        return redirect("jobdating:import_file", pk=event.pk)
    except JobDatingError as exc:
        messages.error(request, exc.message)
        return redirect("jobdating:import_file", pk=event.pk)
    messages.success(
        request,
        f"Import terminé : {result.recruiters} recruteurs, {result.candidates} candidats et "
        f"{result.wishes} souhaits créés.",
    )
    return redirect(event)


# --- Suggestions by e-mail (candidates' opt-in) -------------------------------------------------------


@login_required
@require_POST
def invitations_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A candidate turns the e-mail suggestions on or off (the form is in their space)."""
    if not is_candidate(request.user):
        raise PermissionDenied("Les suggestions de job datings par e-mail sont réservées aux comptes candidats.")
    if request.POST.get("active") == "1":
        try:
            services_invitations.opt_in(request.user, now=timezone.now())
        except JobDatingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                "C'est noté : vous recevrez un e-mail quand un job dating qui vous correspond ouvre ses inscriptions.",
            )
    else:
        services_invitations.opt_out(request.user, now=timezone.now())
        messages.success(request, "C'est noté : vous ne recevrez plus de suggestions de job datings par e-mail.")
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("accounts:space")))


def invitations_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of each suggestion e-mail, without logging in: GET asks, POST (the button) opts out."""
    if request.method == "POST":
        opt = services_invitations.opt_out_by_token(token, now=timezone.now())
        done = opt is not None
    else:
        opt = services_invitations.opt_in_for_token(token)
        done = False
    return render(
        request,
        "jobdating/events/unsubscribe.html",
        {"title": "Ne plus recevoir les suggestions de job datings", "opt": opt, "done": done, "token": token},
        status=200 if opt is not None else 404,
    )
