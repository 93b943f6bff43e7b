"""Pages of the VTA aid and missions (issue 16): thin views over `vta.services_aid`, each starting
with a permission-checked fetch (`vta.permissions_aid`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.permissions import current_organisation, is_staff
from emploi_territoires.core.storage import private_storage
from emploi_territoires.territories.models import Departement

from . import exports_aid, services_aid
from . import permissions_aid as perms
from .forms_aid import ConfirmForm, DecisionForm, EnvelopeForm, FileRequestForm, NotifyForm, OutcomeForm, ReasonForm
from .models import AidStatus, Envelope, Mission, MissionOutcome, OutcomeMoment
from .services_aid import AidError


def _error(form, error: AidError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def aid_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    missions = list(perms.visible_missions(request.user).order_by("-created_at", "-pk")[:500])
    org = current_organisation(request.user)
    return render(
        request,
        "vta/aid/aid_list.html",
        {
            "title": "Aides de l'État au volontariat territorial",
            "missions": missions,
            "can_notify": org is not None and org.kind in services_aid.AID_EMPLOYER_KINDS,
            "prefecture_departements": perms.prefecture_departements(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def aid_notify(request: AuthenticatedHttpRequest) -> HttpResponse:
    org = current_organisation(request.user)
    if org is None or org.kind not in services_aid.AID_EMPLOYER_KINDS:
        raise PermissionDenied("Seule une collectivité informe la préfecture du volontaire qu'elle a choisi.")
    form = NotifyForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mission = services_aid.notify_candidate_chosen(
                request.user,
                org,
                data["offer"],
                application=data["application"],
                volunteer_name=data["volunteer_name"],
                volunteer_email=data["volunteer_email"],
            )
        except AidError as error:
            _error(form, error)
        else:
            messages.success(request, "La préfecture est informée : elle vous dira si l'aide est disponible.")
            return redirect("vta:aid_detail", pk=mission.pk)
    return render(
        request,
        "vta/aid/aid_notify.html",
        {"title": "Informer la préfecture du volontaire choisi", "form": form, "organisation": org},
    )


@login_required
def aid_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_viewer(request, pk)
    aid = mission.aid
    steps = services_aid.available_steps(mission, request.user)
    moves = {to for to, _ in steps}
    is_member = perms.is_mission_member(request.user, mission)
    envelope = services_aid.envelope_figures(aid.envelope) if aid.envelope is not None else None
    return render(
        request,
        "vta/aid/aid_detail.html",
        {
            "title": f"VTA — {mission.title}",
            "mission": mission,
            "aid": aid,
            "transitions": aid.transitions.select_related("actor"),
            "outcomes": mission.outcomes.select_related("recorded_by"),
            "envelope": envelope,
            "can_confirm": AidStatus.AVAILABLE in moves,
            "can_file": AidStatus.FILED in moves,
            "can_decide": AidStatus.GRANTED in moves or AidStatus.INCOMPLETE in moves,
            "can_refuse_unavailable": AidStatus.REFUSED in moves and aid.status == AidStatus.NOTIFIED,
            "can_withdraw": AidStatus.WITHDRAWN in moves,
            "can_record_outcome": is_member and aid.status == AidStatus.GRANTED,
            "confirm_form": ConfirmForm(),
            "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
            "reason_form": ReasonForm(),
            "outcome_form": OutcomeForm(),
            "today": timezone.localdate(),
        },
    )


def _step(request: HttpRequest, mission: Mission, action: Callable[[], object], success: str) -> HttpResponse:
    """Run one step of the aid file: its French refusal or `success` as a message, back to the file."""
    try:
        action()
    except AidError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("vta:aid_detail", pk=mission.pk)


@login_required
@require_POST
def aid_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_prefecture(request, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    return _step(
        request,
        mission,
        lambda: services_aid.confirm_available(request.user, mission, comment=comment),
        "L'aide est réservée ; la collectivité est invitée à déposer la demande.",
    )


@login_required
@require_POST
def aid_unavailable(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_prefecture(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("text", "")
    return _step(
        request,
        mission,
        lambda: services_aid.refuse(request.user, mission, reason=reason),
        "La collectivité est informée que l'aide n'est pas disponible.",
    )


@login_required
def aid_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_member(request, pk)
    if mission.aid.status not in (AidStatus.AVAILABLE, AidStatus.INCOMPLETE):
        messages.info(request, "La demande ne peut être déposée qu'une fois l'aide confirmée par la préfecture.")
        return redirect("vta:aid_detail", pk=mission.pk)
    initial = {"starts_on": mission.starts_on, "ends_on": mission.ends_on, "summary": mission.summary}
    form = FileRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_aid.file_request(
                request.user,
                mission,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                summary=data["summary"],
                charter=data["charter"] or None,
            )
        except AidError as error:
            _error(form, error)
        else:
            messages.success(request, "La demande d'aide est déposée ; la préfecture l'instruit.")
            return redirect("vta:aid_detail", pk=mission.pk)
    return render(
        request,
        "vta/aid/aid_file.html",
        {"title": "Déposer la demande d'aide", "form": form, "mission": mission, "aid": mission.aid},
    )


@login_required
@require_POST
def aid_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_prefecture(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une décision : accorder, dossier incomplet ou refuser.")
        return redirect("vta:aid_detail", pk=mission.pk)
    data = form.cleaned_data
    user = request.user
    if data["decision"] == "granted":
        return _step(
            request,
            mission,
            lambda: services_aid.grant(user, mission, amount_eur=data["amount"], decided_on=data["decided_on"]),
            "L'aide est accordée ; la collectivité et le volontaire sont prévenus.",
        )
    if data["decision"] == "incomplete":
        return _step(
            request,
            mission,
            lambda: services_aid.mark_incomplete(user, mission, missing=data["text"]),
            "La collectivité est invitée à compléter le dossier.",
        )
    return _step(
        request,
        mission,
        lambda: services_aid.refuse(user, mission, reason=data["text"]),
        "L'aide est refusée ; la collectivité est prévenue avec le motif.",
    )


@login_required
@require_POST
def aid_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_member(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("text", "")
    return _step(
        request,
        mission,
        lambda: services_aid.withdraw(request.user, mission, comment=comment),
        "La demande est abandonnée ; la préfecture est prévenue.",
    )


@login_required
def aid_charter(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    mission = perms.get_mission_for_viewer(request, pk)
    aid = mission.aid
    if not aid.charter_file:
        raise Http404("Aucune charte déposée.")
    response = FileResponse(
        private_storage().open(aid.charter_file, "rb"),
        as_attachment=False,
        filename=f"charte-vta-{mission.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def mission_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_outcome(request, pk)
    back = "vta:aid_detail" if perms.is_mission_member(request.user, mission) else "vta:my_missions"
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le moment et la situation du volontaire.")
    else:
        data = form.cleaned_data
        try:
            services_aid.record_outcome(
                request.user,
                mission,
                moment=data["moment"],
                situation=data["situation"],
                job_title=data["job_title"],
                employer_name=data["employer_name"],
                same_collectivite=data["same_collectivite"],
            )
        except AidError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "La situation est enregistrée. Merci !")
    if back == "vta:my_missions":
        return redirect(back)
    return redirect(back, pk=mission.pk)


@login_required
def my_missions(request: AuthenticatedHttpRequest) -> HttpResponse:
    missions = (
        Mission.objects.filter(volunteer=request.user, aid__status=AidStatus.GRANTED)
        .select_related("aid", "organisation", "commune")
        .prefetch_related(Prefetch("outcomes", queryset=MissionOutcome.objects.order_by("moment")))
        .order_by("-starts_on", "-pk")
    )
    return render(
        request,
        "vta/aid/my_missions.html",
        {
            "title": "Mes missions de volontariat territorial",
            "missions": missions,
            "outcome_form": OutcomeForm(),
            "moments": OutcomeMoment.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def mission_listing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mission = perms.get_mission_for_volunteer(request, pk)
    listed = request.POST.get("listed") == "1"
    try:
        services_aid.set_listing_consent(request.user, mission, listed=listed)
    except AidError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Vous figurez dans l'annuaire des volontaires du département."
            if listed
            else "Vous ne figurez plus dans l'annuaire des volontaires.",
        )
    return redirect("vta:my_missions")


@login_required
def envelopes(request: AuthenticatedHttpRequest) -> HttpResponse:
    departements = None if is_staff(request.user) else perms.prefecture_departements(request.user)
    if departements == []:
        raise PermissionDenied("Les enveloppes VTA sont tenues par les préfectures (délégués territoriaux de l'ANCT).")
    form = EnvelopeForm(request.POST or None, departements=departements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_aid.set_envelope(request.user, data["departement"], data["year"], data["amount_eur"])
        except AidError as error:
            _error(form, error)
        else:
            messages.success(request, f"Enveloppe {data['year']} enregistrée pour {data['departement']}.")
            return redirect("vta:envelopes")
    rows = Envelope.objects.select_related("departement").order_by("departement_id", "-year")
    if departements is not None:
        rows = rows.filter(departement_id__in=departements)
    return render(
        request,
        "vta/aid/envelopes.html",
        {
            "title": "Enveloppes du volontariat territorial en administration",
            "form": form,
            "figures": [services_aid.envelope_figures(envelope) for envelope in rows],
        },
    )


@login_required
def envelope_export(request: AuthenticatedHttpRequest, departement: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in exports_aid.FORMATS or not perms.can_set_envelope(request.user, departement):
        raise Http404("Enveloppe introuvable.")
    envelope = get_object_or_404(Envelope.objects.select_related("departement"), departement_id=departement, year=year)
    response = HttpResponse(exports_aid.render_envelope(envelope, fmt), content_type=exports_aid.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="vta-aides-{departement}-{year}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def volunteers(request: HttpRequest, departement: str) -> HttpResponse:
    """Public: the volunteers of a département who agreed to be listed (their consent, withdrawable)."""
    dep = get_object_or_404(Departement, pk=departement)
    listed = (
        Mission.objects.in_departement(dep.code)
        .filter(aid__status=AidStatus.GRANTED, listing_consent_at__isnull=False, listing_withdrawn_at__isnull=True)
        .select_related("organisation", "commune")
        .order_by("-starts_on", "volunteer_name")
    )
    return render(
        request,
        "vta/aid/volunteers.html",
        {"title": f"Volontaires territoriaux en administration — {dep.name}", "departement": dep, "missions": listed},
    )
