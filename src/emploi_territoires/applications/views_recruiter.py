"""The recruiter's inbox and board across offers, colleagues' comments, sharing with an Apec advisor,
« Inviter à postuler », and the candidate's « Mes invitations » (issue 19).

Thin views: a permission-checked fetch, a call to `services_recruiter` (writes) or `inbox` (reads),
a template. Refused POSTs answer 403/404 and write nothing; bad input is a French message.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import get_organisation_for_member, is_member
from emploi_territoires.offers.models import Offer, OfferStatus

from . import inbox as inbox_module
from . import services_pipeline
from . import services_recruiter as services
from .models import Application, ApplicationStatus, CandidateProfile, Invitation
from .permissions import (
    UNVERIFIED_ORGANISATION_MESSAGE,
    can_manage_applications,
    get_application_for_recruiter,
    get_offer_for_pipeline,
    organisation_sees_candidates,
)

# --- forms ------------------------------------------------------------------------------------------


class CommentForm(DsfrBaseForm):
    body = forms.CharField(
        label="Commentaire pour vos collègues",
        required=False,
        max_length=services.MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Le commentaire dépasse {services.MAX_COMMENT_LENGTH} caractères."},
    )
    rating = forms.TypedChoiceField(
        label="Note",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Pas de note"), *[(str(n), f"{n} sur 5") for n in range(1, 6)]],
        error_messages={"invalid_choice": "La note va de 1 à 5."},
    )


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices, error_messages={"invalid_choice": "État inconnu."})


class ShareForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse e-mail du conseiller ou de la conseillère Apec",
        error_messages={
            "required": "Indiquez une adresse e-mail.",
            "invalid": "Cette adresse e-mail n'est pas valide.",
        },
    )


class InviteForm(DsfrBaseForm):
    offer = forms.ChoiceField(
        label="Offre", error_messages={"invalid_choice": "Choisissez une de vos offres publiées."}
    )
    message = forms.CharField(
        label="Votre message",
        required=False,
        max_length=services.MAX_INVITATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="La personne le lit dans son espace ; l'e-mail qu'elle reçoit n'en montre que la première ligne.",
        error_messages={"max_length": f"Le message dépasse {services.MAX_INVITATION_LENGTH} caractères."},
    )

    def __init__(self, *args, offers: list[Offer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(o.reference, f"{o.title} ({o.reference})") for o in offers]


class AcceptForm(forms.Form):
    message = forms.CharField(
        label="Message joint à votre candidature (facultatif)",
        required=False,
        max_length=services_pipeline.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Le message dépasse {services_pipeline.MAX_MESSAGE_LENGTH} caractères."},
    )


def _errors(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# --- fetch helpers ----------------------------------------------------------------------------------


def _manager_application(request: HttpRequest, pk: int) -> Application:
    """The application, for the members of its organisation (and staff); 404 / 403 otherwise."""
    application = get_application_for_recruiter(request, pk)
    if not can_manage_applications(request.user, application.organisation):
        raise PermissionDenied("Réservé à l'organisation qui recrute.")
    return application


def _candidate(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    if user.kind != User.Kind.CANDIDATE:
        raise PermissionDenied("Cette page est réservée aux comptes de candidats.")
    return user


def _invitation_for_candidate(request: HttpRequest, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(pk=pk, candidate_id=request.user.pk).first()
    if invitation is None:
        raise Http404("Invitation introuvable.")
    return invitation


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- inbox and board ---------------------------------------------------------------------------------


@login_required
def inbox(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_member(request, pk)
    verified = organisation_sees_candidates(request.user, organisation)
    data = inbox_module.inbox(organisation, request.user, timezone.now()) if verified else {}
    return render(
        request,
        "applications/recruiter/inbox.html",
        {
            "title": f"Boîte de réception — {organisation.name}",
            "organisation": organisation,
            "unverified_message": None if verified else UNVERIFIED_ORGANISATION_MESSAGE,
            **data,
        },
    )


@login_required
def board(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_member(request, pk)
    verified = organisation_sees_candidates(request.user, organisation)
    offers = list(
        Offer.objects.filter(organisation_id=organisation.pk).exclude(status=OfferStatus.DRAFT).order_by("title", "pk")
    )
    reference = request.GET.get("offre", "")
    offer = next((o for o in offers if o.reference == reference), None)
    columns = inbox_module.board(organisation, request.user, timezone.now(), offer) if verified else []
    return render(
        request,
        "applications/recruiter/board.html",
        {
            "title": f"Tableau des candidatures — {organisation.name}",
            "organisation": organisation,
            "offers": offers,
            "offer": offer,
            "columns": columns,
            "unverified_message": None if verified else UNVERIFIED_ORGANISATION_MESSAGE,
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def board_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _manager_application(request, pk)
    board_url = reverse("applications:board", args=[application.organisation_id])
    target = _safe_next(request, board_url)
    form = MoveForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(target)
    if form.cleaned_data["to_status"] == ApplicationStatus.REFUSED:
        messages.error(request, "Pour refuser, ouvrez la candidature : un motif et un message sont demandés.")
        return redirect(target)
    try:
        result = services_pipeline.transition_application(
            application, form.cleaned_data["to_status"], actor=request.user
        )
    except services_pipeline.PipelineError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{result.rule.done} ({application.offer.title})")
    return redirect(f"{target}#candidature-{application.pk}")


# --- comments ---------------------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _manager_application(request, pk)
    detail_url = reverse("applications:detail", args=[application.pk]) + "#commentaires"
    form = CommentForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(detail_url)
    try:
        services.add_comment(
            application, author=request.user, body=form.cleaned_data["body"], rating=form.cleaned_data["rating"]
        )
    except services.RecruiterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Commentaire enregistré, visible de vos collègues seulement.")
    return redirect(detail_url)


# --- sharing with an Apec advisor --------------------------------------------------------------------


def _offer_for_sharing(request: HttpRequest, reference: str) -> Offer:
    offer = get_offer_for_pipeline(request, reference)
    if not can_manage_applications(request.user, offer.organisation):
        raise PermissionDenied("Seuls les membres de l'organisation qui recrute partagent ses candidatures.")
    return offer


@login_required
@require_http_methods(["GET", "POST"])
def share(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    offer = _offer_for_sharing(request, reference)
    refusal = services.share_refusal(offer)
    form = ShareForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            _errors(request, form)
        else:
            try:
                result = services.share_offer_applications(
                    offer, advisor_email=form.cleaned_data["email"], actor=request.user
                )
            except services.RecruiterError as error:
                messages.error(request, error.message)
            else:
                if result.shared:
                    n = result.shared
                    messages.success(
                        request,
                        f"{n} candidature{'s' if n > 1 else ''} partagée{'s' if n > 1 else ''} avec "
                        f"{result.advisor.get_full_name() or result.advisor.email} ; "
                        f"{'les personnes sont prévenues' if n > 1 else 'la personne est prévenue'} par e-mail.",
                    )
                else:
                    messages.info(request, "Toutes les candidatures de cette offre étaient déjà partagées.")
                return redirect("applications:share", reference=offer.reference)
    return render(
        request,
        "applications/recruiter/share.html",
        {
            "title": f"Partager les candidatures — {offer.title}",
            "offer": offer,
            "refusal": refusal,
            "form": form,
            "shares": services.active_shares(offer),
            "count": services.shareable_applications(offer).count(),
        },
    )


@login_required
@require_POST
def share_revoke(request: AuthenticatedHttpRequest, reference: str, advisor_id: int) -> HttpResponse:
    offer = _offer_for_sharing(request, reference)
    try:
        services.revoke_share(offer, advisor_id, actor=request.user)
    except services.RecruiterError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Le partage est arrêté : le conseiller ou la conseillère ne voit plus ces candidatures."
        )
    return redirect("applications:share", reference=offer.reference)


@login_required
def shared_with_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The advisor's side: only the applications shared with them, with a link to each."""
    applications = (
        services.shared_applications_for(request.user)
        .select_related("offer__organisation", "candidate")
        .order_by("offer__title", "created_at", "pk")
        .distinct()
    )
    return render(
        request,
        "applications/recruiter/shared_with_me.html",
        {"title": "Candidatures partagées avec moi", "applications": applications},
    )


# --- invitations: the recruiter -----------------------------------------------------------------------


def _invitable_offers(request: HttpRequest) -> list[Offer]:
    organisation = getattr(request, "organisation", None)
    if organisation is None or not is_member(request.user, organisation):
        raise PermissionDenied("Les invitations sont envoyées au nom d'une organisation : rejoignez-en une d'abord.")
    return list(
        Offer.objects.filter(organisation_id=organisation.pk, status=OfferStatus.PUBLISHED)
        .select_related("organisation", "commune")
        .order_by("title", "pk")
    )


def _invited_person(user_id: int) -> User:
    person = User.objects.filter(pk=user_id, kind=User.Kind.CANDIDATE, is_active=True).first()
    if person is None or not CandidateProfile.objects.filter(user_id=user_id).exists():
        raise Http404("Profil introuvable.")
    return person


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person = _invited_person(user_id)
    profile = CandidateProfile.objects.select_related("commune").get(user_id=person.pk)
    # Only the offers in whose territory the profile is shown (or a person who applied to the
    # organisation): an outsider learns nothing about the person (404).
    offers = [o for o in _invitable_offers(request) if services.recruiter_may_see_profile(profile, o, request.user)]
    if not offers:
        raise Http404("Profil introuvable.")
    by_reference = {o.reference: o for o in offers}
    initial = {"offer": request.GET.get("offre", "")}
    form = InviteForm(request.POST or None, offers=offers, initial=initial)
    chosen = by_reference.get(request.POST.get("offer") or initial["offer"]) or (
        offers[0] if len(offers) == 1 else None
    )
    if request.method == "POST":
        if not form.is_valid():
            _errors(request, form)
        else:
            offer = by_reference[form.cleaned_data["offer"]]
            try:
                services.invite(offer, person, recruiter=request.user, message=form.cleaned_data["message"])
            except services.RecruiterError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    f"Invitation envoyée pour « {offer.title} » : la personne la trouve dans son espace et a reçu "
                    "un e-mail.",
                )
                return redirect("applications:offer_proposals", reference=offer.reference)
    # Whether the person may be invited to the chosen offer (refuses invitations, already applied…):
    # the page says so instead of the button, and nothing is sent.
    refusal = services.invitation_refusal(chosen, person, request.user) if chosen else None
    return render(
        request,
        "applications/recruiter/invite.html",
        {
            "title": "Inviter à postuler",
            "person": person,
            "profile": profile,
            "form": form,
            "chosen": chosen,
            "refusal": refusal,
            "per_day": services.invitations_per_day(),
        },
    )


# --- invitations: the candidate ------------------------------------------------------------------------


@login_required
def my_invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    invitations = (
        Invitation.objects.filter(candidate_id=user.pk)
        .select_related("offer__organisation", "offer__commune", "organisation")
        .order_by("-created_at", "-pk")
    )
    profile = CandidateProfile.objects.filter(user_id=user.pk).first()
    return render(
        request,
        "applications/recruiter/my_invitations.html",
        {
            "title": "Mes invitations à postuler",
            "invitations": invitations,
            "profile": profile,
            "accept_form": AcceptForm(),
        },
    )


@login_required
@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _candidate(request)
    invitation = _invitation_for_candidate(request, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("applications:invitations")
    try:
        application = services.accept_invitation(invitation, candidate=user, message=form.cleaned_data["message"])
    except services_pipeline.PipelineError as error:
        messages.error(request, error.message)
        if isinstance(error, services_pipeline.ProfileRequired):
            return redirect(f"{reverse('applications:profile_edit')}?{urlencode({'next': request.path})}")
        return redirect("applications:invitations")
    messages.success(
        request,
        f"Votre candidature à « {application.offer.title} » est envoyée à {application.offer.organisation.name}.",
    )
    return redirect("applications:mine")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _candidate(request)
    invitation = _invitation_for_candidate(request, pk)
    try:
        services.decline_invitation(invitation, candidate=user)
    except services.RecruiterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Invitation déclinée : le recruteur ou la recruteuse en est informé·e.")
    return redirect("applications:invitations")


@login_required
@require_POST
def invitation_preference(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    refuses = request.POST.get("refuses") == "on"
    try:
        services.set_refuses_invitations(user, refuses)
    except services.RecruiterError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Vous ne recevrez plus d'invitations à postuler."
            if refuses
            else "Les recruteurs peuvent de nouveau vous inviter à postuler.",
        )
    return redirect("applications:invitations")
