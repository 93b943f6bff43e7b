"""Accounts views: thin. Each starts with a permission-checked fetch, then calls a service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from emploi_territoires.core.navigation import safe_next_url

from . import permissions, services
from .forms import (
    AddMemberForm,
    FrenchPasswordResetForm,
    FrenchSetPasswordForm,
    LoginForm,
    OrganisationForm,
    RoleForm,
    SignupForm,
    SwitchOrganisationForm,
)
from .http import AuthenticatedHttpRequest
from .models import Membership, MembershipInvitation, Organisation, VerificationStatus

BACKEND = "emploi_territoires.accounts.backends.EmailBackend"


def _add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's error on the right field, or on top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Authentication --------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Se connecter"}


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView only accepts POST: a link or an image cannot log anyone out.
    pass


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:space")
    form = SignupForm(request.POST or None, request=request)
    # Optional unless the professional creates an organisation: no browser-side "required".
    org_form = OrganisationForm(request.POST or None, prefix="org", use_required_attribute=False, creating=True)
    if request.method == "POST" and form.is_valid():
        wants_org = form.creates_organisation
        if not wants_org or org_form.is_valid():
            try:
                with transaction.atomic():
                    user = services.register_user(
                        email=form.cleaned_data["email"],
                        password=form.cleaned_data["password1"],
                        kind=form.cleaned_data["kind"],
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                    )
                    org = (
                        services.create_organisation(user, org_form.to_data(), mandate=org_form.mandate)
                        if wants_org
                        else None
                    )
            except ValidationError as error:
                _add_errors(org_form if wants_org else form, error)
            else:
                login(request, user, backend=BACKEND)
                if org is not None:
                    messages.success(request, f"Bienvenue ! Votre compte et l'organisation « {org} » sont créés.")
                else:
                    messages.success(request, "Bienvenue ! Votre compte est créé.")
                # Issue 17: the address is confirmed through the link just sent (accounts/identity.py).
                messages.info(
                    request,
                    f"Nous avons envoyé un lien à {user.email} pour confirmer votre adresse : ouvrez-le dans les "
                    f"{settings.EMAIL_VERIFICATION_MAX_AGE_DAYS} jours.",
                )
                return redirect("accounts:space")
    return render(
        request,
        "accounts/signup.html",
        {"title": "Créer un compte", "form": form, "org_form": org_form},
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = FrenchPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": "Mot de passe oublié"}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": "E-mail envoyé"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = FrenchSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": "Nouveau mot de passe"}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": "Mot de passe modifié"}


# --- My space and organisations ---------------------------------------------------------------


@login_required
def space(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    org = request.organisation
    my_memberships = list(user.memberships.select_related("organisation__commune").order_by("organisation__name"))
    members = []
    if org is not None:
        members = list(org.memberships.select_related("user").order_by("user__last_name", "user__email"))
    scope = permissions.advisor_scope(user)
    invitations = list(
        MembershipInvitation.pending()
        .filter(user=user)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/space.html",
        {
            "title": "Mon espace",
            "invitations": invitations,
            "organisation": org,
            "members": members,
            "my_memberships": my_memberships,
            "advisor_scope": scope,
            "advisor_departements": list(scope.departements.all()) if scope else [],
            "can_create_organisation": permissions.can_create_organisation(user),
        },
    )


@login_required
def switch_organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET lists my organisations; POST makes one of them the current one."""
    user = request.user
    if request.method != "POST":
        return render(
            request,
            "accounts/switch_organisation.html",
            {
                "title": "Mes organisations",
                "organisation": request.organisation,
                "my_memberships": user.memberships.select_related("organisation").order_by("organisation__name"),
            },
        )
    form = SwitchOrganisationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une organisation dans la liste.")
        return redirect("accounts:switch_organisation")
    # Members only, staff included: acting for an organisation means belonging to it.
    org = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
    if org is None or not permissions.is_member(user, org):
        raise Http404("Organisation introuvable.")
    services.switch_organisation(user, org)
    messages.success(request, f"Vous agissez maintenant pour « {org} ».")
    return redirect(safe_next_url(request, form.cleaned_data.get("next"), reverse("accounts:space")))


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public page for everybody; the members section only for members (and staff)."""
    org = get_object_or_404(Organisation.objects.select_related("commune__departement"), pk=pk)
    private = permissions.can_view_organisation_private(request.user, org)
    can_manage = permissions.can_manage_members(request.user, org)
    members = []
    if private:
        members = list(org.memberships.select_related("user").order_by("user__last_name", "user__email"))
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "title": org.name,
            "organisation": org,
            "show_private": private,
            "members": members,
            "can_manage": can_manage,
            "can_edit": permissions.can_edit_organisation(request.user, org),
            "add_member_form": AddMemberForm() if can_manage else None,
            "role_choices": Membership.Role.choices,
            # Issue 17: members see where the verification stands and what the advisor asked.
            "verification_last": org.verification_log.order_by("-created_at", "-pk").first() if private else None,
            "can_answer_verification": can_manage and org.verification_status == VerificationStatus.NEEDS_INFO,
        },
    )


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied("Seuls les comptes professionnels peuvent créer une organisation.")
    form = OrganisationForm(request.POST or None, allow_all_kinds=request.user.is_staff, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(request.user, form.to_data(), mandate=form.mandate)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"L'organisation « {org} » est créée : vous en êtes administrateur. Elle est en attente de "
                "vérification par un conseiller de son territoire.",
            )
            return redirect("accounts:organisation", pk=org.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"title": "Créer une organisation", "form": form, "organisation": None},
    )


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_organisation_for_admin(request, pk)
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_from(org), allow_all_kinds=request.user.is_staff
    )
    if org.kind not in services.SELF_SERVICE_KINDS:
        # Keep the current kind selectable for Apec/ANCT organisations edited by their admin.
        form.fields["kind"].choices = [*form.fields["kind"].choices, (org.kind, org.get_kind_display())]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(request.user, org, form.to_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Les informations de l'organisation sont enregistrées.")
            return redirect("accounts:organisation", pk=org.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"title": f"Modifier « {org} »", "form": form, "organisation": org},
    )


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite a person by e-mail: they join only once they accept (services.invite_member)."""
    org = permissions.get_organisation_for_admin(request, pk)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(
                request.user,
                org,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # The same answer for any address: the form must not tell who has an account.
            messages.success(
                request,
                f"Si l'adresse {form.cleaned_data['email']} peut rejoindre l'organisation, la personne a reçu "
                "une invitation. Elle en fera partie quand elle l'aura acceptée : depuis son espace si elle a "
                "déjà un compte professionnel, sinon en créant son compte depuis le lien reçu.",
            )
            return redirect("accounts:organisation", pk=org.pk)
    members = list(org.memberships.select_related("user").order_by("user__last_name", "user__email"))
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "title": org.name,
            "organisation": org,
            "show_private": True,
            "members": members,
            "can_manage": True,
            "can_edit": True,
            "add_member_form": form,
            "role_choices": Membership.Role.choices,
        },
        status=400,
    )


@login_required
@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.get_invitation_for_invitee(request, pk)
    try:
        membership = services.accept_invitation(request.user, invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Vous faites maintenant partie de « {membership.organisation} ».")
    return redirect("accounts:space")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.get_invitation_for_invitee(request, pk)
    services.decline_invitation(request.user, invitation)
    messages.success(request, f"Vous avez refusé l'invitation de « {invitation.organisation} ».")
    return redirect("accounts:space")


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_admin(request, pk, membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le rôle : administrateur ou membre.")
    else:
        try:
            services.change_role(request.user, membership, form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Rôle de {membership.user} : {membership.get_role_display().lower()}.")
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_admin(request, pk, membership_pk)
    try:
        services.remove_member(request.user, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user} ne fait plus partie de l'organisation.")
    return redirect("accounts:organisation", pk=pk)
