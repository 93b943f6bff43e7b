"""The assistant's HTMX partials: the live score panel and the proposed territory presentation.

Both are for professionals (recruiters, advisors, staff) signed in: a candidate has no offer to
write, an anonymous visitor uses the public API. Nothing is written: the panel analyses what the
form holds, the territory partial reads reference data.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import current_organisation, is_staff
from emploi_territoires.territories.forms import resolve_commune
from emploi_territoires.territories.models import Commune

from .analysis import AnalysisContext, analyse, draft_from_mapping
from .api import TEXT_MAX
from .territory import propose_presentation


def _require_professional(request: HttpRequest) -> None:
    user = request.user
    if not (is_staff(user) or getattr(user, "kind", None) == User.Kind.PROFESSIONAL):
        raise PermissionDenied("L'assistant de rédaction est réservé aux recruteurs et aux conseillers.")


def _commune(value: str) -> Commune | None:
    """The commune the field designates, or None while the author is still typing it."""
    if not value.strip():
        return None
    try:
        return resolve_commune(value)
    except ValidationError:
        return None


@login_required
@require_POST
def analyse_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """POST the offer form's fields (Offer model names) → the panel with the score and findings."""
    _require_professional(request)
    # Bounded work: the live panel reads what the editor may save (the save refuses longer texts).
    data = {name: value[:TEXT_MAX] for name, value in request.POST.dict().items()}
    commune = _commune(data.get("commune", ""))
    if commune is not None:
        data["commune_code"], data["commune_name"] = commune.code, commune.name
    elif data.get("commune", "").strip():
        data["commune_name"] = data["commune"]  # typed but not resolved yet: a place is given
    data["occupation_label"] = data.get("occupation", "")
    if "is_public_employer" not in data:
        organisation = getattr(request, "organisation", None) or current_organisation(request.user)
        data["is_public_employer"] = organisation.is_public_employer if organisation else ""
    analysis = analyse(draft_from_mapping(data), AnalysisContext(today=timezone.localdate()))
    return render(
        request,
        "offers/assistant/panel.html",
        {
            "analysis": analysis,
            "commune_code": commune.code if commune else "",
            "is_vta": "vta" in (data.get("contract_type"), data.get("programme_context")),
        },
    )


@login_required
@require_GET
def territory_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET ?commune=CODE (or "Nom (code)") → the proposed territory presentation, to copy into the field."""
    _require_professional(request)
    value = request.GET.get("commune", "")
    commune = _commune(value)
    context: dict[str, object] = {"commune": commune, "query": value}
    if commune is None:
        context["error"] = (
            "Choisissez d'abord la commune du poste (nom ou code Insee) : la présentation est écrite à partir "
            "de ses données."
            if not value.strip()
            else f"Commune inconnue : « {value[:100]} ». Choisissez-la dans la liste proposée."
        )
    else:
        context["proposal"] = propose_presentation(commune)
    return render(request, "offers/assistant/territory.html", context)
