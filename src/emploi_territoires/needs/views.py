"""Needs pages: thin views over `needs.services`, objects fetched through `needs.permissions`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import Organisation
from emploi_territoires.accounts.permissions import current_organisation, is_member
from emploi_territoires.offers import exports

from . import permissions, services
from .forms import CampaignForm, NeedFormSet
from .models import CampaignInvitation, CampaignState, NeedDeclaration

PAGE_SIZE = 50


def _breadcrumb(current: str, *links: tuple[str, str]) -> dict:
    return {"links": [{"url": url, "title": title} for url, title in links], "current": current}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def _advisor_or_404(request: HttpRequest) -> None:
    if not permissions.can_manage_campaigns(request.user):
        raise Http404("Page introuvable.")


# --- Advisors: campaigns -----------------------------------------------------------------------


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _advisor_or_404(request)
    campaigns = (
        permissions.visible_campaigns(request.user)
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True),
        )
        .select_related("departement", "epci")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "needs/campaign_list.html",
        {"title": "Campagnes de recensement des besoins", "page": page, "breadcrumb_data": _breadcrumb("Campagnes")},
    )


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _advisor_or_404(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                request.user,
                title=data["title"],
                territory=form.territory(),
                deadline=data["deadline"],
                reminder_days=data["reminder_days"],
                organisation_kinds=data["organisation_kinds"],
            )
            invited = services.open_campaign(campaign, request.user)
        except services.NeedsError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Campagne ouverte : {_plural(invited, 'organisation invitée', 'organisations invitées')}.",
            )
            return redirect(campaign)
    return render(
        request,
        "needs/campaign_form.html",
        {
            "title": "Nouvelle campagne",
            "form": form,
            "breadcrumb_data": _breadcrumb("Nouvelle campagne", (reverse("needs:campaigns"), "Campagnes")),
        },
    )


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_advisor(request.user, pk)
    invitations = campaign.invitations.select_related("organisation__commune", "answered_by").annotate(
        needs=Count("organisation__need_declarations", filter=Q(organisation__need_declarations__campaign=campaign))
    )
    declarations = campaign.declarations.select_related("organisation", "occupation", "commune").order_by(
        "organisation__name", "pk"
    )
    totals = declarations.aggregate(people=Sum("count"), difficult=Sum("count", filter=Q(is_difficult=True)))
    return render(
        request,
        "needs/campaign_detail.html",
        {
            "title": campaign.title,
            "campaign": campaign,
            "scope_label": services.scope_label(campaign),
            "rate": services.response_rate(campaign),
            "invitations": invitations,
            "declarations": declarations,
            "totals": totals,
            "is_late": timezone.localdate() > campaign.deadline,
            "breadcrumb_data": _breadcrumb(campaign.title, (reverse("needs:campaigns"), "Campagnes")),
        },
    )


@login_required
@require_POST
def campaign_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_advisor(request.user, pk)
    try:
        services.close_campaign(campaign, request.user)
    except services.NeedsError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Campagne clôturée. Les réponses tardives restent possibles et seront marquées.")
    return redirect(campaign)


EXPORT_HEADERS = [
    "Organisation",
    "Type d'organisation",
    "Commune",
    "Code INSEE",
    "Code ROME",
    "Métier",
    "Nombre de personnes",
    "Échéance",
    "Contrat",
    "Difficile",
    "Raisons de la difficulté",
    "Besoins d'ingénierie",
    "Commentaire",
    "Réponse tardive",
    "Déclaré le",
]


def export_rows(declarations) -> list[list]:
    return [
        [
            n.organisation.name,
            n.organisation.get_kind_display(),
            n.commune.name,
            n.commune_id,
            n.occupation_id,
            n.occupation.label,
            n.count,
            n.get_horizon_display(),
            n.get_contract_type_display(),
            "oui" if n.is_difficult else "non",
            ", ".join(n.get_difficulty_reasons_display()),
            ", ".join(n.get_engineering_needs_display()),
            n.comment,
            "oui" if n.is_late else "non",
            timezone.localtime(n.created_at).date(),
        ]
        for n in declarations
    ]


@login_required
def campaign_export(request: AuthenticatedHttpRequest, pk: int, extension: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_advisor(request.user, pk)
    declarations = campaign.declarations.select_related("organisation", "occupation", "commune").order_by(
        "organisation__name", "pk"
    )
    rows = export_rows(declarations)
    filename = f"besoins-{slugify(campaign.title)[:50]}-{timezone.localdate():%Y-%m-%d}.{extension}"
    if extension == "csv":
        response = HttpResponse(exports.to_csv(EXPORT_HEADERS, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(EXPORT_HEADERS, rows, title="Besoins"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Organisations: answering and their needs --------------------------------------------------


@login_required
def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The personal link: after login, to the answer form with the invited organisation pre-selected."""
    found = CampaignInvitation.objects.select_related("organisation").filter(token=token[:64]).first()
    if found is None or not is_member(request.user, found.organisation):
        raise Http404("Invitation introuvable.")
    return redirect(f"{reverse('needs:answer', args=[found.campaign_id])}?organisation={found.organisation_id}")


def _organisation_for(request: HttpRequest) -> Organisation | None:
    """The organisation named in the request if the user is a member, else their current one."""
    raw = request.POST.get("organisation") or request.GET.get("organisation")
    if raw and raw.isascii() and raw.isdigit():
        org = Organisation.objects.select_related("commune").filter(pk=int(raw)).first()
        if org is None or not is_member(request.user, org):
            raise Http404("Organisation introuvable.")
        return org
    return current_organisation(request.user)


@login_required
def campaign_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for(request)
    invitation = (
        CampaignInvitation.objects.select_related("campaign", "organisation__commune")
        .filter(campaign_id=pk, organisation=organisation)
        .exclude(campaign__state=CampaignState.DRAFT)
        .first()
        if organisation is not None
        else None
    )
    if invitation is None:
        raise Http404("Campagne introuvable.")
    campaign = invitation.campaign
    formset = NeedFormSet(request.POST or None, form_kwargs={"organisation": organisation}, prefix="besoins")
    if request.method == "POST" and formset.is_valid():
        lines = formset.lines()
        try:
            needs = services.declare_needs(
                organisation, [values for _, values in lines], actor=request.user, campaign=campaign
            )
        except services.NeedsError as exc:
            for position, errors in exc.line_errors.items():
                form = formset.forms[lines[position][0]]
                for name, field_messages in errors.items():
                    for message in field_messages:
                        form.add_error(name if name in form.fields else None, message)
            if not exc.line_errors:
                formset._non_form_errors = formset.error_class(exc.messages)
        else:
            late = (
                " Votre réponse arrive après la date limite : elle est conservée et marquée tardive."
                if needs[0].is_late
                else ""
            )
            messages.success(
                request,
                f"Merci : {_plural(len(needs), 'besoin enregistré', 'besoins enregistrés')}.{late}",
            )
            return redirect(f"{reverse('needs:mine')}?organisation={organisation.pk}")
    already = campaign.declarations.filter(organisation=organisation).select_related("occupation")
    return render(
        request,
        "needs/answer.html",
        {
            "title": f"Vos besoins de recrutement — {campaign.title}",
            "campaign": campaign,
            "organisation": organisation,
            "invitation": invitation,
            "formset": formset,
            "already": already,
            "is_late": timezone.localdate() > campaign.deadline or campaign.state == CampaignState.CLOSED,
            "breadcrumb_data": _breadcrumb(campaign.title, (reverse("needs:mine"), "Mes besoins")),
        },
    )


@login_required
def declare(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Needs declared outside any campaign."""
    organisation = _organisation_for(request)
    if organisation is None:
        raise Http404("Rejoignez une organisation pour déclarer ses besoins.")
    formset = NeedFormSet(request.POST or None, form_kwargs={"organisation": organisation}, prefix="besoins")
    if request.method == "POST" and formset.is_valid():
        lines = formset.lines()
        try:
            needs = services.declare_needs(organisation, [values for _, values in lines], actor=request.user)
        except services.NeedsError as exc:
            for position, errors in exc.line_errors.items():
                form = formset.forms[lines[position][0]]
                for name, field_messages in errors.items():
                    for message in field_messages:
                        form.add_error(name if name in form.fields else None, message)
            if not exc.line_errors:
                formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(
                request,
                f"{_plural(len(needs), 'besoin enregistré', 'besoins enregistrés')}.",
            )
            return redirect(f"{reverse('needs:mine')}?organisation={organisation.pk}")
    return render(
        request,
        "needs/answer.html",
        {
            "title": "Déclarer des besoins de recrutement",
            "campaign": None,
            "organisation": organisation,
            "formset": formset,
            "breadcrumb_data": _breadcrumb("Déclarer", (reverse("needs:mine"), "Mes besoins")),
        },
    )


@login_required
def my_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    if organisation is None:
        raise Http404("Rejoignez une organisation pour déclarer ses besoins.")
    needs = (
        NeedDeclaration.objects.filter(organisation=organisation)
        .select_related("occupation", "commune", "campaign", "converted_offer")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        CampaignInvitation.objects.filter(organisation=organisation, campaign__state=CampaignState.OPEN)
        .select_related("campaign")
        .order_by("campaign__deadline")
    )
    return render(
        request,
        "needs/my_needs.html",
        {
            "title": f"Mes besoins de recrutement — {organisation.name}",
            "organisation": organisation,
            "page": page,
            "pending": pending,
            "breadcrumb_data": _breadcrumb("Mes besoins"),
        },
    )


@login_required
def declaration_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = permissions.get_declaration_for_user(request.user, pk)
    return render(
        request,
        "needs/declaration_detail.html",
        {
            "title": f"{need.count} × {need.occupation.label}",
            "need": need,
            "can_convert": permissions.can_convert_declaration(request.user, need),
            "breadcrumb_data": _breadcrumb("Besoin", (reverse("needs:mine"), "Mes besoins")),
        },
    )


@login_required
@require_POST
def declaration_convert(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = permissions.get_declaration_for_user(request.user, pk)
    if not permissions.can_convert_declaration(request.user, need):
        raise Http404("Besoin introuvable.")
    try:
        offer = services.convert_to_offer(need, request.user)
    except services.NeedsError as exc:
        messages.error(request, "L'offre n'a pas pu être créée : " + " ".join(exc.messages))
        return redirect(need)
    messages.success(request, "Brouillon d'offre créé : complétez-le puis soumettez-le.")
    return redirect("offers:edit", offer.reference)
