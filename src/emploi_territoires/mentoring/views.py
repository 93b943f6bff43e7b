"""Mentoring pages: programme managers (pool, runs, proposals, publication, follow-up) and pairs.

Thin: each view starts with a permission-checked fetch (`permissions.get_*`), then calls
`services`; refusals come back as French messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User

from . import (
    permissions,
    services_enrolment,
    services_followup,
    services_matching,
    services_profiles,
    services_programmes,
)
from .errors import MentoringError
from .figures import programme_figures
from .forms import (
    EndPairForm,
    ExclusionForm,
    HelpForm,
    MeetingForm,
    MenteeProfileForm,
    MentorProfileForm,
    ProgrammeForm,
    RunForm,
    SurveyForm,
)
from .matching.solve import MODE_LABELS
from .models import Enrolment, HelpRequest, Meeting, MenteeProfile, MentorProfile, Pair, Programme, ProposedPair
from .permissions import can_create_programme


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    programmes = permissions.managed_programmes(user).annotate(
        pairs_active=Count("pairs", filter=Q(pairs__state=Pair.State.ACTIVE), distinct=True)
    )
    my_pairs = Pair.objects.filter(Q(mentor=user) | Q(mentee=user)).select_related("programme", "mentor", "mentee")
    role = services_enrolment.role_for(user)
    context = {
        "title": "Mentorat",
        "programmes": programmes,
        "my_pairs": my_pairs,
        "role": role,
        "can_create_programme": can_create_programme(user),
    }
    if role is not None:
        model = MentorProfile if role == Enrolment.Role.MENTOR else MenteeProfile
        profile = model.objects.select_related("commune").filter(user=user).first()
        enrolled = set(
            Enrolment.objects.filter(user=user, role=role, is_active=True).values_list("programme_id", flat=True)
        )
        # A mentee sees first the programmes of her territory; the others say whom they are for
        # (self_enrol refuses them), rather than offering a button that can only fail.
        mentee_commune = profile.commune if profile is not None and role == Enrolment.Role.MENTEE else None
        rows = [
            (p, p.pk in enrolled, mentee_commune is None or p.scope.covers(mentee_commune))
            for p in services_enrolment.open_programmes()
        ]
        context["has_profile"] = profile is not None
        context["profile_commune"] = mentee_commune
        context["open_programmes"] = sorted(rows, key=lambda row: not row[2])
    return render(request, "mentoring/home.html", context)


@login_required
def programme(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = permissions.get_programme_for_manager(request, pk)
    enrolments = dict(
        Enrolment.objects.filter(programme=programme, is_active=True)
        .values("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    pairs = (
        Pair.objects.filter(programme=programme)
        .select_related("mentor", "mentee")
        .annotate(last_meeting=Max("meetings__date"), meetings_count=Count("meetings"))
    )
    enrolled = (
        Enrolment.objects.filter(programme=programme, is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )
    alerts = HelpRequest.objects.filter(pair__programme=programme, resolved_at__isnull=True).select_related(
        "pair__mentor", "pair__mentee", "requested_by"
    )
    return render(
        request,
        "mentoring/programme.html",
        {
            "title": programme.name,
            "programme": programme,
            "figures": programme_figures(programme),
            "mentors_count": enrolments.get(Enrolment.Role.MENTOR, 0),
            "mentees_count": enrolments.get(Enrolment.Role.MENTEE, 0),
            "runs": programme.runs.all()[:10],
            "pairs": pairs,
            "enrolled": enrolled,
            "alerts": alerts,
            "run_form": RunForm(initial={"qpv": programme.qpv_priority}),
            "breadcrumb_data": {"links": [{"url": "/mentorat/", "title": "Mentorat"}], "current": programme.name},
        },
    )


@login_required
@require_POST
def run_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = permissions.get_programme_for_manager(request, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(programme)
    try:
        run = services_matching.run_matching(
            programme, request.user, form.cleaned_data["mode"], form.cleaned_data["qpv"]
        )
    except MentoringError as error:
        messages.error(request, str(error))
        return redirect(programme)
    messages.success(request, f"{run.matched} binôme(s) proposé(s). Rien n'est envoyé avant la publication.")
    return redirect(run)


@login_required
def run(request: AuthenticatedHttpRequest, pk: int, run_pk: int) -> HttpResponse:
    run = permissions.get_run_for_manager(request, pk, run_pk)
    programme: Programme = run.programme
    proposals = run.proposals.select_related("mentor", "mentee").order_by("removed", "-locked", "-score", "pk")
    latest = services_matching.latest_run(programme)
    return render(
        request,
        "mentoring/run.html",
        {
            "title": f"Appariement du {run.created_at:%d/%m/%Y à %H:%M}",
            "programme": programme,
            "run": run,
            "mode_label": MODE_LABELS[run.mode],
            "proposals": proposals,
            "editable": run.published_at is None and latest == run,
            "run_form": RunForm(initial={"mode": run.mode, "qpv": run.qpv_bonus > 0}),
            "breadcrumb_data": {
                "links": [
                    {"url": "/mentorat/", "title": "Mentorat"},
                    {"url": programme.get_absolute_url(), "title": programme.name},
                ],
                "current": "Appariement",
            },
        },
    )


PROPOSAL_ACTIONS = {
    "lock": (services_matching.set_locked, True, "Binôme verrouillé : il sera gardé au prochain calcul."),
    "unlock": (services_matching.set_locked, False, "Binôme déverrouillé."),
    "remove": (services_matching.set_removed, True, "Binôme retiré : il ne sera plus proposé."),
    "restore": (services_matching.set_removed, False, "Binôme rétabli."),
}


@login_required
@require_POST
def proposal_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal: ProposedPair = permissions.get_proposal_for_manager(request, pk)
    action = PROPOSAL_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Action inconnue.")
    else:
        function, value, done = action
        try:
            function(proposal, value, actor=request.user)
            messages.success(request, done)
        except MentoringError as error:
            messages.error(request, str(error))
    return redirect(proposal.run)


@login_required
@require_POST
def run_publish(request: AuthenticatedHttpRequest, pk: int, run_pk: int) -> HttpResponse:
    run = permissions.get_run_for_manager(request, pk, run_pk)
    try:
        pairs = services_matching.publish_run(run, request.user)
    except MentoringError as error:
        messages.error(request, str(error))
        return redirect(run)
    messages.success(request, f"{len(pairs)} binôme(s) publié(s) : chacun a reçu un e-mail de présentation.")
    return redirect(run.programme)


@login_required
def pair(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pair = permissions.get_pair_for_viewer(request, pk)
    is_member = permissions.is_pair_member(request.user, pair)
    return render(
        request,
        "mentoring/pair.html",
        {
            "title": f"Binôme {pair}",
            "pair": pair,
            "programme": pair.programme,
            "is_member": is_member,
            "is_manager": permissions.is_manager(request.user, pair.programme),
            "show_notes": permissions.can_read_meeting_notes(request.user, pair),
            "meetings": Meeting.objects.filter(pair=pair),
            "surveys": pair.survey_answers.order_by("milestone"),
            "due_milestones": services_followup.due_milestones(pair) if is_member else [],
            "help_requests": pair.help_requests.all(),
            "meeting_form": MeetingForm(),
            "help_form": HelpForm(),
            "end_form": EndPairForm(),
            "breadcrumb_data": {"links": [{"url": "/mentorat/", "title": "Mentorat"}], "current": f"Binôme {pair}"},
        },
    )


def _pair_action(request: HttpRequest, pk: int, form_class, action, done: str, *, members_only: bool = True):
    pair = (permissions.get_pair_for_member if members_only else permissions.get_pair_for_viewer)(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(pair)
    try:
        action(pair, request.user, form.cleaned_data)
        messages.success(request, done)
    except MentoringError as error:
        messages.error(request, str(error))
    return redirect(pair)


@login_required
@require_POST
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(
        request, pk, MeetingForm, lambda p, u, d: services_followup.log_meeting(p, u, **d), "Rencontre enregistrée."
    )


@login_required
@require_POST
def help_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(
        request, pk, HelpForm, lambda p, u, d: services_followup.request_help(p, u, d["message"]),
        "Demande envoyée au responsable du programme.",
    )  # fmt: skip


@login_required
@require_POST
def survey_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(
        request, pk, SurveyForm, lambda p, u, d: services_followup.answer_survey(p, u, **d), "Merci pour vos réponses."
    )


@login_required
@require_POST
def pair_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(
        request, pk, EndPairForm, lambda p, u, d: services_followup.end_pair(p, u, **d), "Mentorat terminé.",
        members_only=False,
    )  # fmt: skip


@login_required
@require_POST
def help_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    help_request = permissions.get_help_request_for_manager(request, pk)
    services_followup.resolve_help_request(help_request)
    messages.success(request, "Alerte traitée.")
    return redirect(help_request.pair.programme)


# --- Profiles and self-enrolment ---------------------------------------------------------------


def _own_account(request: AuthenticatedHttpRequest, kind: str) -> None:
    """A profile page is the signed-in person's own; other kinds of account have none (404)."""
    if request.user.kind != kind:
        raise Http404("Page introuvable.")


def _profile_page(request, *, kind, model, form_class, save, title, template_context):
    _own_account(request, kind)
    profile = model.objects.filter(user=request.user).first()
    form = form_class(request.POST or None, initial=form_class.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except MentoringError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Votre profil est enregistré." if profile else "Votre profil est créé.")
            return redirect("mentoring:home")
    return render(
        request,
        "mentoring/profile_form.html",
        {
            "title": title,
            "form": form,
            "profile": profile,
            **template_context(form),
            "breadcrumb_data": {"links": [{"url": "/mentorat/", "title": "Mentorat"}], "current": title},
        },
    )


@login_required
def mentor_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(form: MentorProfileForm):
        d = form.cleaned_data
        services_profiles.save_mentor_profile(
            request.user, commune=d["commune"], occupation=d["occupation"], experience_years=d["experience_years"],
            capacity=d["capacity"], languages=d["languages"], availability=d["availability"], topics=d["topics"],
            in_person=d["in_person"], remote=d["remote"], sector=d["sector"],
        )  # fmt: skip

    return _profile_page(
        request, kind=User.Kind.MENTOR, model=MentorProfile, form_class=MentorProfileForm, save=save,
        title="Mon profil de mentor",
        template_context=lambda form: {
            "is_mentor": True,
            "main_fields": [form[n] for n in ("occupation", "sector", "experience_years", "capacity")],
        },
    )  # fmt: skip


@login_required
def mentee_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(form: MenteeProfileForm):
        d = form.cleaned_data
        services_profiles.save_mentee_profile(
            request.user, commune=d["commune"], field_of_study=d["field_of_study"], field_domain=d["field_domain"],
            diploma_level=d["diploma_level"], wished_occupations=form.wished_occupations(),
            languages=d["languages"], availability=d["availability"], goals=d["goals"], in_person=d["in_person"],
            remote=d["remote"], experience_years=d["experience_years"], graduated_on=d["graduated_on"],
            qpv=d["qpv"], first_generation=d["first_generation"], consent=d["consent"],
        )  # fmt: skip

    return _profile_page(
        request, kind=User.Kind.CANDIDATE, model=MenteeProfile, form_class=MenteeProfileForm, save=save,
        title="Mon profil de mentoré·e",
        template_context=lambda form: {
            "is_mentor": False,
            "main_fields": [
                form[n] for n in (
                    "field_of_study", "field_domain", "diploma_level", "graduated_on", "occupation_1",
                    "occupation_2", "occupation_3", "experience_years",
                )
            ],
            "situation_fields": [form[n] for n in ("qpv", "first_generation", "consent")],
        },
    )  # fmt: skip


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = permissions.get_open_programme(request, pk)
    try:
        services_enrolment.self_enrol(programme, request.user)
        messages.success(request, f"Vous êtes inscrit·e au programme « {programme.name} ».")
    except MentoringError as error:
        messages.error(request, str(error))
    return redirect("mentoring:home")


@login_required
@require_POST
def unenrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = permissions.get_open_programme(request, pk)
    try:
        services_enrolment.withdraw_enrolment(programme, request.user)
        messages.success(request, f"Votre inscription au programme « {programme.name} » est retirée.")
    except MentoringError as error:
        messages.error(request, str(error))
    return redirect("mentoring:home")


# --- Programme settings ----------------------------------------------------------------------


def _programme_form_page(request: AuthenticatedHttpRequest, programme: Programme | None) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_programmes.save_programme(programme, request.user, form.to_data())
        except MentoringError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Programme enregistré." if programme else "Programme créé.")
            return redirect(saved)
    title = f"Modifier « {programme.name} »" if programme else "Nouveau programme de mentorat"
    links = [{"url": "/mentorat/", "title": "Mentorat"}]
    if programme:
        links.append({"url": programme.get_absolute_url(), "title": programme.name})
    context = {
        "title": title,
        "form": form,
        "programme": programme,
        "breadcrumb_data": {"links": links, "current": title},
    }
    if programme:
        context["exclusion_form"] = ExclusionForm(programme=programme)
        context["exclusions"] = programme.exclusions.select_related("mentor", "mentee").order_by("pk")
    return render(request, "mentoring/programme_form.html", context)


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_create_programme(request.user):
        raise Http404("Page introuvable.")
    return _programme_form_page(request, None)


@login_required
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _programme_form_page(request, permissions.get_programme_for_manager(request, pk))


@login_required
@require_POST
def exclusion_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = permissions.get_programme_for_manager(request, pk)
    form = ExclusionForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services_programmes.add_exclusion(
                programme, form.cleaned_data["mentor"], form.cleaned_data["mentee"], form.cleaned_data["reason"]
            )
            messages.success(request, "Exclusion enregistrée : ces deux personnes ne seront jamais proposées ensemble.")
        except MentoringError as error:
            messages.error(request, str(error))
    return redirect("mentoring:programme_edit", pk=programme.pk)


@login_required
@require_POST
def exclusion_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exclusion = permissions.get_exclusion_for_manager(request, pk)
    services_programmes.remove_exclusion(exclusion)
    messages.success(request, "Exclusion retirée.")
    return redirect("mentoring:programme_edit", pk=exclusion.programme_id)
