"""Identity views of issue 17: ProConnect sign-in and logout, e-mail verification, invitation links."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from emploi_territoires.core.navigation import safe_next_url

from . import identity, permissions, proconnect, services_identity
from .forms_identity import InvitationSignupForm
from .http import AuthenticatedHttpRequest
from .models import MembershipInvitation, User
from .views import BACKEND
from .views import LoginView as PasswordLoginView
from .views import LogoutView as PlainLogoutView

logger = logging.getLogger(__name__)


class LoginView(PasswordLoginView):
    """The password login, with the « S'identifier avec ProConnect » button when it is configured."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_enabled"] = proconnect.is_enabled()
        query = {"next": context["next"]} if context.get("next") else {}
        context["proconnect_url"] = _proconnect_start(query)
        return context


class LogoutView(PlainLogoutView):
    """Log out here, then at ProConnect (end_session with id_token_hint) when signed in through it."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(proconnect.ID_TOKEN_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if id_token and proconnect.is_enabled():
            url = proconnect.logout_url(id_token, request.build_absolute_uri(reverse("core:home")))
            if url:
                return HttpResponseRedirect(url)
        return response


# --- ProConnect -------------------------------------------------------------------------------


def _proconnect_start(query: dict[str, str]) -> str:
    url = reverse("accounts:proconnect_login")
    return f"{url}?{urlencode(query)}" if query else url


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:proconnect_callback"))


def proconnect_login(request: HttpRequest) -> HttpResponse:
    """Start a ProConnect sign-in: new state and nonce in the session, redirect to the provider."""
    if not proconnect.is_enabled():
        raise Http404("ProConnect n'est pas disponible sur ce site.")
    if request.user.is_authenticated:
        return redirect("accounts:space")
    next_url = safe_next_url(request, request.GET.get("next"), "")
    request.session[proconnect.NEXT_SESSION_KEY] = next_url
    token = request.GET.get("invitation", "")
    if token:
        request.session[proconnect.INVITATION_SESSION_KEY] = token[:500]
    try:
        return proconnect.authorize_redirect(request, _callback_uri(request))
    except proconnect.ProConnectError as error:
        messages.error(request, error.message)
        return redirect("accounts:login")


def proconnect_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the agent back here: check everything, then sign in (or explain why not)."""
    if not proconnect.is_enabled():
        raise Http404("ProConnect n'est pas disponible sur ce site.")
    next_url = request.session.pop(proconnect.NEXT_SESSION_KEY, "")
    invitation_token = request.session.pop(proconnect.INVITATION_SESSION_KEY, "")
    try:
        agent = proconnect.complete(request)
        user, created = services_identity.proconnect_sign_in(agent)
    except proconnect.ProConnectError as error:
        messages.error(request, error.message)
        return redirect("accounts:login")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:login")
    login(request, user, backend=BACKEND)
    request.session[proconnect.ID_TOKEN_SESSION_KEY] = agent.id_token
    if invitation_token:
        _accept_link_after_sign_in(request, user, invitation_token)
    elif created:
        messages.success(
            request,
            "Bienvenue ! Votre compte professionnel est créé avec ProConnect. Pour agir au nom de votre "
            "structure, demandez à son administrateur sur la plateforme de vous inviter, ou, si elle n'est "
            "pas encore inscrite, créez-la : un conseiller de votre territoire la vérifiera avant qu'elle "
            "publie.",
        )
    else:
        messages.success(request, "Vous êtes connecté avec ProConnect.")
    return redirect(next_url or "accounts:space")


def _accept_link_after_sign_in(request: HttpRequest, user: User, token: str) -> None:
    try:
        invitation = services_identity.invitation_from_link(token)
        membership = services_identity.accept_invitation_link(user, invitation)
    except identity.LinkError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Vous faites maintenant partie de « {membership.organisation} ».")


# --- E-mail verification ----------------------------------------------------------------------


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the verification e-mail (GET, idempotent: a second click says it is done)."""
    try:
        _user, done_now = services_identity.verify_email(token)
    except identity.LinkError as error:
        return render(
            request,
            "accounts/link_error.html",
            {"title": "Lien de vérification", "message": error.message, "offer_resend": error.expired},
            status=400,
        )
    if done_now:
        messages.success(request, "Votre adresse e-mail est confirmée. Merci !")
    else:
        messages.info(request, "Votre adresse e-mail était déjà confirmée.")
    return redirect("accounts:space" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.email_verified_at is not None:
        messages.info(request, "Votre adresse e-mail est déjà confirmée.")
    elif services_identity.resend_email_verification(user):
        messages.success(request, f"Un nouveau lien de vérification est envoyé à {user.email}.")
    else:
        messages.error(
            request,
            "Un lien vient déjà de vous être envoyé : vérifiez votre boîte de réception (et les indésirables), "
            "ou réessayez dans quelques minutes.",
        )
    return redirect("accounts:space")


# --- Invitation links -------------------------------------------------------------------------


def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: create an account and join, or join if signed in."""
    try:
        invitation = services_identity.invitation_from_link(token)
    except identity.LinkError as error:
        return render(
            request,
            "accounts/link_error.html",
            {"title": "Invitation", "message": error.message, "offer_resend": False},
            status=400,
        )
    user = request.user
    form = None
    if not user.is_authenticated:
        form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        try:
            if user.is_authenticated:
                membership = services_identity.accept_invitation_link(user, invitation)
            elif form is not None and form.is_valid():
                with transaction.atomic():
                    new_user, membership = services_identity.register_from_invitation(
                        invitation,
                        password=form.cleaned_data["password1"],
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                    )
                login(request, new_user, backend=BACKEND)
            else:
                membership = None
        except identity.LinkError as error:
            messages.error(request, error.message)
            return redirect("accounts:login")
        except ValidationError as error:
            if form is not None:
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("accounts:space")
        else:
            if membership is not None:
                messages.success(request, f"Vous faites maintenant partie de « {membership.organisation} ».")
                return redirect("accounts:space")
    return render(
        request,
        "accounts/invitation_link.html",
        {
            "title": f"Rejoindre « {invitation.organisation} »",
            "invitation": invitation,
            "form": form,
            "proconnect_enabled": proconnect.is_enabled(),
            "proconnect_url": _proconnect_start({"invitation": token}),
            "email_matches": user.is_authenticated and user.email.lower() == invitation.email.lower(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    org = permissions.get_organisation_for_admin(request, pk)
    invitation = get_object_or_404(MembershipInvitation, pk=invitation_pk, organisation=org)
    services_identity.revoke_invitation(request.user, invitation)
    messages.success(request, f"L'invitation de {invitation.user or invitation.email} est retirée.")
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("accounts:organisation", args=[org.pk])))
