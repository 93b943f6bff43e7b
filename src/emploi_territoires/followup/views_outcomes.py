"""The situation after the follow-up (end, 3 and 6 months): the group records it; the referent's list.

Permission-checked fetch first (`followup.permissions.get_followup_for_member`: 404 outside the
group), then `services_outcomes`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.http import AuthenticatedHttpRequest

from . import services_outcomes as services
from .models import ContractKind, OutcomeCheck, Situation
from .permissions import get_followup_for_member


class OutcomeForm(DsfrBaseForm):
    milestone = forms.ChoiceField(label="Échéance", choices=OutcomeCheck.Milestone.choices)
    situation = forms.ChoiceField(label="Situation de la personne", choices=Situation.choices)
    contract_kind = forms.ChoiceField(
        label="Type de contrat (si elle est en emploi)",
        required=False,
        choices=[("", "Sans objet"), *ContractKind.choices],
    )
    recorded_on = forms.DateField(
        label="Constatée le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Le jour où vous avez eu des nouvelles de la personne.",
    )


@login_required
def outcomes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup, _ = get_followup_for_member(request, pk)
    today = timezone.localdate()
    form = OutcomeForm(request.POST or None, initial={"recorded_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_outcome(
                followup,
                request.user,
                milestone=data["milestone"],
                situation=data["situation"],
                contract_kind=data["contract_kind"],
                recorded_on=data["recorded_on"],
                today=today,
            )
        except services.OutcomeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "La situation de la personne est enregistrée.")
            return redirect("followup:outcomes", pk=followup.pk)
    checks = {c.milestone: c for c in OutcomeCheck.objects.filter(followup=followup).select_related("recorded_by")}
    rows = []
    if followup.ended_at is not None:
        for milestone, label in OutcomeCheck.Milestone.choices:
            rows.append(
                {"label": label, "due_on": services.due_on(followup, milestone), "check": checks.get(milestone)}
            )
    return render(
        request,
        "followup/outcomes/outcomes.html",
        {"title": f"Situation après l'accompagnement — {followup.person}", "followup": followup, "form": form,
         "rows": rows},
    )  # fmt: skip


@login_required
@require_safe
def due_outcomes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """« Situations à renseigner »: the milestones due in the user's groups (empty for anyone else)."""
    return render(
        request,
        "followup/outcomes/due.html",
        {"title": "Situations à renseigner", "due": services.due_outcomes(request.user)},
    )
