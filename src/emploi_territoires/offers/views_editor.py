"""Editor pages: my organisation's offers, create / edit, workflow buttons, history, review, exports.

Thin views: a permission-checked fetch (`offers.permissions`), a call to `offers.services`, a
template. The drafting assistant's panel (`offers/assistant/panel.html`) and its analysis URL
(`offers:assistant_analyse`) are part of both form pages.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.permissions import followed_communes_q, is_advisor, is_staff
from emploi_territoires.core.templatetags.core_tags import french_date

from . import exports, publication, services
from .assistant import french
from .assistant.templates_data import OFFER_TEMPLATES
from .forms import OfferForm, TransitionForm
from .models import Offer, OfferStatus
from .permissions import (
    can_duplicate_offer,
    can_edit_offer,
    can_view_offer_private,
    get_offer_for_editor,
    get_offer_for_member,
)
from .rome import search_occupations

PAGE_SIZE = 50
ASSISTANT_PANEL = "offers/assistant/panel.html"
ASSISTANT_ANALYSE_URL = "offers:assistant_analyse"
# Status tabs of "Mes offres", in workflow order; "" is every status.
STATUS_TABS = ["", *OfferStatus.values]


def offer_templates() -> dict[str, dict[str, Any]]:
    """The assistant's starting templates (slug → field values)."""
    return OFFER_TEMPLATES


def _assistant_context() -> dict[str, Any]:
    french.preload()  # the assistant's French pipeline loads while the author starts typing
    return {"assistant_panel": ASSISTANT_PANEL, "assistant_analyse_url": reverse(ASSISTANT_ANALYSE_URL)}


def _public_url(offer: Offer) -> str | None:
    return offer.get_absolute_url() if offer.status == OfferStatus.PUBLISHED else None


def _current_organisation_or_none(request: HttpRequest):
    return getattr(request, "organisation", None)


def _add_service_errors(form: OfferForm, error: services.OfferValidationError) -> None:
    for field, field_messages in error.errors.items():
        form.add_error(field if field in form.fields else None, field_messages)


# --- My offers ---------------------------------------------------------------------------------


@login_required
def offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    org = _current_organisation_or_none(request)
    status = request.GET.get("etat", "")
    if status not in OfferStatus.values:
        status = ""
    context: dict[str, Any] = {"title": "Mes offres", "organisation": org, "status": status}
    if org is not None:
        counts = dict(Offer.objects.filter(organisation=org).values_list("status").annotate(n=Count("pk")).order_by())
        offers = Offer.objects.filter(organisation=org).select_related("commune", "occupation")
        if status:
            offers = offers.filter(status=status)
        page = Paginator(offers.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "tabs": [
                {
                    "status": s,
                    "label": OfferStatus(s).label if s else "Toutes",
                    "count": counts.get(s, 0) if s else sum(counts.values()),
                }
                for s in STATUS_TABS
            ],
        }
    return render(request, "offers/editor/offer_list.html", context)


@login_required
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    org = _current_organisation_or_none(request)
    if org is None:
        messages.info(request, "Pour publier une offre, rejoignez ou créez d'abord une organisation.")
        return redirect("accounts:space")
    templates = offer_templates()
    slug = request.GET.get("modele", "") or request.POST.get("modele", "")
    if slug and slug not in templates:
        messages.warning(request, "Ce modèle n'existe pas : partez d'une offre vierge ou choisissez un autre modèle.")
        slug = ""
    initial: dict[str, Any] = {"commune": org.commune, "positions": 1}
    if slug:
        initial |= {k: v for k, v in templates[slug].items() if k in OfferForm.base_fields}
    form = OfferForm(request.POST or None, initial=initial, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(
                # The editor always shows the assistant's live score beside the form.
                org,
                form.values(),
                actor=request.user,
                template=slug,
                written_with_assistant=True,
            )
        except services.OfferValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"Brouillon enregistré (référence {offer.reference}).")
            return redirect("offers:editor_detail", reference=offer.reference)
    return render(
        request,
        "offers/editor/offer_form.html",
        {
            "title": "Nouvelle offre",
            "form": form,
            "offer": None,
            "organisation": org,
            "template_slug": slug,
            "templates": [{"slug": s, "label": t.get("label") or t.get("title") or s} for s, t in templates.items()],
            **_assistant_context(),
        },
    )


@login_required
def offer_edit(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_member(request, reference)
    if not can_edit_offer(request.user, offer):
        messages.error(
            request, f"Une offre « {offer.get_status_display()} » ne se modifie plus : dupliquez-la pour la reprendre."
        )
        return redirect("offers:editor_detail", reference=offer.reference)
    form = OfferForm(
        request.POST or None, initial=OfferForm.initial_from(offer), organisation=offer.organisation, offer=offer
    )
    if request.method == "POST" and form.is_valid():
        was_published = offer.status == OfferStatus.PUBLISHED
        try:
            changed = services.update_offer(offer, form.values(), actor=request.user)
        except services.OfferValidationError as error:
            _add_service_errors(form, error)
        except services.OfferError as error:
            messages.error(request, error.message)
            return redirect("offers:editor_detail", reference=offer.reference)
        else:
            if changed and was_published and offer.status == OfferStatus.SUBMITTED:
                messages.warning(request, f"Modifications enregistrées. {services.BACK_TO_REVIEW}")
            elif changed:
                messages.success(request, "Modifications enregistrées.")
            else:
                messages.info(request, "Aucune modification à enregistrer.")
            return redirect("offers:editor_detail", reference=offer.reference)
    return render(
        request,
        "offers/editor/offer_form.html",
        {
            "title": f"Modifier « {offer.title} »",
            "form": form,
            "offer": offer,
            "organisation": offer.organisation,
            **_assistant_context(),
        },
    )


def _display(name: str, value: Any, limit: int = 140) -> str:
    """A recorded value as people read it: choice labels, French dates, shortened texts."""
    if value in (None, ""):
        return "(vide)"
    field = Offer._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return french_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _revision_rows(offer: Offer) -> list[dict[str, Any]]:
    known = set(services.CONTENT_FIELDS)
    return [
        {
            "revision": revision,
            "changes": [
                {
                    "label": str(Offer._meta.get_field(name).verbose_name).capitalize(),
                    "old": _display(name, old),
                    "new": _display(name, new),
                }
                for name, (old, new) in revision.changes.items()
                if name in known
            ],
        }
        for revision in offer.revisions.select_related("actor")
    ]


@login_required
def offer_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_editor(request, reference)
    return render(
        request,
        "offers/editor/offer_detail.html",
        {
            "title": offer.title,
            "offer": offer,
            "can_edit": can_edit_offer(request.user, offer),
            "can_duplicate": can_duplicate_offer(request.user, offer),
            "transitions": services.available_transitions(offer, request.user),
            **_review_context(offer, request.user),
            "transition_log": list(offer.transitions.select_related("actor")),
            "revisions": _revision_rows(offer),
            "public_url": _public_url(offer),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def offer_transition(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_editor(request, reference)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Changement d'état inconnu, ou commentaire de plus de 2 000 caractères.")
        return redirect("offers:editor_detail", reference=offer.reference)
    to_status = form.cleaned_data["to_status"]
    if to_status == OfferStatus.PUBLISHED:
        # Publishing goes through the confirmation page (summary, problems, preview): issue 17.
        messages.info(request, "Relisez l'offre et confirmez sa publication.")
        return redirect("offers:publish", reference=offer.reference)
    rule = services.ALLOWED_TRANSITIONS.get((offer.status, to_status))
    try:
        services.transition_offer(offer, to_status, actor=request.user, comment=form.cleaned_data["comment"])
    except services.OfferError as error:
        messages.error(request, error.message)
        return redirect("offers:editor_detail", reference=offer.reference)
    messages.success(request, rule.done if rule else "État modifié.")
    if not can_view_offer_private(request.user, offer):
        # An advisor who sent a submitted offer back no longer sees the draft.
        return redirect("offers:review_list")
    return redirect("offers:editor_detail", reference=offer.reference)


@login_required
@require_POST
def offer_duplicate(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = get_offer_for_member(request, reference)
    copy = services.duplicate_offer(offer, actor=request.user)
    messages.success(request, f"Copie créée en brouillon (référence {copy.reference}) : relisez-la avant de publier.")
    return redirect("offers:edit", reference=copy.reference)


# --- Publication: preview and confirmation (issue 17) -----------------------------------------------


def _review_context(offer: Offer, user) -> dict[str, Any]:
    """Why the members cannot publish this offer themselves (a review is required, or under way)."""
    roles = services.roles_of(user, offer)
    reviewer = services.REVIEWER in roles
    return {
        "review_reason": publication.review_reason(offer)
        if offer.status == OfferStatus.DRAFT and not reviewer and services.MEMBER in roles
        else None,
        "under_review_for_member": offer.status == OfferStatus.SUBMITTED and not reviewer,
    }


def _can_publish(offer: Offer, user) -> bool:
    return any(to == OfferStatus.PUBLISHED for to, _ in services.available_transitions(offer, user))


def _problem_rows(offer: Offer, problems: list[publication.PublicationProblem], user) -> list[dict[str, str]]:
    """Each blocking problem with a link to its field in the form (for those who may edit)."""
    edit_url = reverse("offers:edit", args=[offer.reference]) if can_edit_offer(user, offer) else ""
    field_names = set(OfferForm.base_fields)
    rows = []
    for problem in problems:
        field = problem.field if problem.field in field_names else ""
        label = problem.label or (
            str(Offer._meta.get_field(problem.field).verbose_name).capitalize() if problem.field in field_names else ""
        )
        rows.append(
            {
                "label": label,
                "message": problem.message[:1].upper() + problem.message[1:],
                "url": f"{edit_url}#id_{field}" if edit_url and field else edit_url,
            }
        )
    return rows


@login_required
def offer_publish(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """« Publier cette offre ? »: the summary, what blocks it (by field, with links), the preview; POST publishes."""
    offer = get_offer_for_editor(request, reference)
    if offer.status == OfferStatus.PUBLISHED:
        messages.info(request, "Cette offre est déjà publiée.")
        return redirect("offers:editor_detail", reference=offer.reference)
    allowed = _can_publish(offer, request.user)
    problems = publication.publication_problems(offer)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("Vous ne pouvez pas publier cette offre.")
        try:
            services.publish(offer, actor=request.user)
        except services.TransitionRefused as error:
            messages.error(request, error.message)
            problems = error.problems or problems
        else:
            messages.success(request, "L'offre est publiée.")
            return redirect("offers:editor_detail", reference=offer.reference)
    return render(
        request,
        "offers/editor/offer_publish.html",
        {
            "title": "Publier cette offre ?",
            "offer": offer,
            "can_publish": allowed and not problems,
            "problems": _problem_rows(offer, problems, request.user),
            "can_submit": any(
                to == OfferStatus.SUBMITTED for to, _ in services.available_transitions(offer, request.user)
            ),
            **_review_context(offer, request.user),
        },
        status=200,
    )


@login_required
def offer_preview(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The public page of the offer as candidates will see it, before it is published."""
    offer = get_offer_for_editor(request, reference)
    messages.info(
        request,
        "Aperçu : voici la page que verront les candidates et candidats une fois l'offre publiée. "
        "Elle n'est pas encore en ligne.",
    )
    return render(
        request,
        "offers/board/detail.html",
        {
            "title": f"Aperçu — {offer.title}",
            "offer": offer,
            "jsonld": "{}",
            "preview": True,
            "breadcrumb_data": {
                "links": [{"url": reverse("offers:editor_detail", args=[offer.reference]), "title": offer.title}],
                "current": "Aperçu",
            },
        },
    )


# --- Advisors ----------------------------------------------------------------------------------


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Submitted offers in the territories the advisor follows (every one for staff)."""
    user = request.user
    if not (is_staff(user) or is_advisor(user)):
        raise PermissionDenied("Cette page est réservée aux conseillers qui suivent des territoires.")
    offers = Offer.objects.filter(status=OfferStatus.SUBMITTED)
    if not is_staff(user):
        offers = offers.filter(followed_communes_q(user, prefix="commune__"))
    offers = offers.select_related("organisation", "commune__departement").order_by("status_changed_at", "pk")
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "offers/editor/review_list.html", {"title": "Offres à relire", "page": page})


# --- Exports -----------------------------------------------------------------------------------


def _export(request: HttpRequest, extension: str) -> HttpResponse:
    org = _current_organisation_or_none(request)
    if org is None:
        raise PermissionDenied("Rejoignez une organisation pour exporter ses offres.")
    headers, rows = exports.export_rows(Offer.objects.filter(organisation=org).order_by("-created_at", "-pk"))
    filename = f"offres-{slugify(org.name)[:50]}-{timezone.localdate():%Y-%m-%d}.{extension}"
    if extension == "csv":
        response = HttpResponse(exports.to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(headers, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


# --- Occupation suggestions (HTMX) ----------------------------------------------------------------


def occupation_options(request: HttpRequest) -> HttpResponse:
    """<option> elements for the occupation field's datalist; public, like the commune suggestions."""
    query = next((v for k, v in request.GET.items() if v and k != "csrfmiddlewaretoken"), "")
    query = query.strip()[:100]
    results = search_occupations(query, limit=15) if len(query) >= 2 else []
    return render(request, "offers/editor/partials/occupation_options.html", {"results": results})
