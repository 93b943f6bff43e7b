"""Candidate profile views: my profile, the CV (permission-checked), my data, account deletion.

Thin: each view starts with a permission-checked fetch (`permissions.get_*_for_viewer`) or the
candidate-only guard, then calls `services_profile` / `gdpr`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest
from emploi_territoires.accounts.models import User
from emploi_territoires.core.navigation import safe_next_url
from emploi_territoires.core.storage import private_storage

from . import gdpr, permissions, services_profile
from .forms_profile import LANGUAGE_FIELDS, OCCUPATION_FIELDS, DeleteAccountForm, ProfileForm
from .models import CandidateProfile, Consent
from .uploads import PDF_TYPE


def _candidate(request: AuthenticatedHttpRequest) -> User:
    """The logged-in candidate; other kinds of account have no candidate profile (403)."""
    user = request.user
    if user.kind != User.Kind.CANDIDATE:
        raise PermissionDenied("Le profil de candidat est réservé aux comptes de candidats.")
    return user


def _my_profile(user: User) -> CandidateProfile | None:
    return (
        CandidateProfile.objects.select_related("commune")
        .prefetch_related("wanted_occupations", "visible_departements")
        .filter(user=user)
        .first()
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    my_profile = _my_profile(user)
    if my_profile is None:
        return redirect("applications:profile_edit")
    return render(
        request,
        "applications/profile/profile.html",
        {
            "title": "Mon profil",
            "profile": my_profile,
            "languages": services_profile.labelled_languages(my_profile.languages),
            "consents": services_profile.consents_of(user),
            "situation_consent": services_profile.has_consent(user, Consent.Purpose.SITUATION),
        },
    )


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    my_profile = _my_profile(user)
    form = ProfileForm(request.POST or None, request.FILES or None, user=user, profile=my_profile)
    if request.method == "POST" and form.is_valid():
        try:
            services_profile.save_profile(
                user,
                form.to_data(),
                cv=form.cleaned_data.get("cv"),
                remove_cv=bool(form.cleaned_data.get("remove_cv")),
            )
        except services_profile.ProfileError as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, "Votre profil est enregistré." if my_profile else "Votre profil est créé.")
            # Back to the offer the candidate came from (the apply block links here with ?next=).
            return redirect(safe_next_url(request, request.POST.get("next"), reverse("applications:profile")))
    return render(
        request,
        "applications/profile/profile_form.html",
        {
            "title": "Modifier mon profil" if my_profile else "Créer mon profil",
            "form": form,
            "next": safe_next_url(request, request.POST.get("next") or request.GET.get("next"), ""),
            "profile": my_profile,
            "occupation_fields": [form[name] for name in OCCUPATION_FIELDS],
            "language_fields": [form[name] for name in LANGUAGE_FIELDS.values()],
        },
    )


@login_required
@require_POST
def situation_withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    services_profile.withdraw_situation_consent(user)
    messages.success(request, "Votre consentement est retiré et votre situation effacée de votre profil.")
    return redirect("applications:profile")


@login_required
def candidate_detail(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """The profile as a recruiter (of an organisation the person applied to), the advisor or staff see it."""
    candidate_profile = permissions.get_candidate_profile_for_viewer(request, user_id)
    services_profile.record_cv_view(request.user, candidate_profile.user, action="profile_viewed")
    return render(
        request,
        "applications/profile/candidate_detail.html",
        {
            "title": f"Profil de {candidate_profile.user.get_full_name()}",
            "profile": candidate_profile,
            "languages": services_profile.labelled_languages(candidate_profile.languages),
        },
    )


@login_required
def cv(request: AuthenticatedHttpRequest, user_id: int) -> FileResponse:
    """The CV file, for the people `permissions.can_view_candidate` allows; 404 for everybody else."""
    candidate_profile = permissions.get_cv_for_viewer(request, user_id)
    services_profile.record_cv_view(request.user, candidate_profile.user)
    extension = candidate_profile.cv.name.rsplit(".", 1)[-1]
    filename = f"cv-{slugify(candidate_profile.user.get_full_name()) or candidate_profile.user_id}.{extension}"
    is_pdf = candidate_profile.cv_content_type == PDF_TYPE
    response = FileResponse(
        private_storage().open(candidate_profile.cv.name, "rb"),
        # PDF opens in the browser's viewer; Word and OpenDocument files are downloaded.
        as_attachment=not is_pdf,
        filename=filename,
        content_type=candidate_profile.cv_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    return render(
        request,
        "applications/profile/my_data.html",
        {
            "title": "Mes données personnelles",
            "consents": services_profile.consents_of(user),
            "delete_form": DeleteAccountForm(),
        },
    )


@login_required
@require_POST
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    content = gdpr.export_personal_data(user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="mes-donnees-emploi-territoires-{timezone.localdate():%Y-%m-%d}.zip"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gdpr.delete_account(user, form.cleaned_data["password"])
        except ValueError as error:
            form.add_error("password", str(error))
        else:
            logout(request)
            messages.success(request, "Votre compte est supprimé et vos candidatures anonymisées. Au revoir !")
            return redirect("/")
    return render(request, "applications/profile/delete_account.html", {"title": "Supprimer mon compte", "form": form})
