"""Who may read a candidate's personal data (profile, CV) and their applications.

Built on the one permission layer (`accounts.permissions`). Predicates answer yes/no and never
raise; fetch helpers (`get_*_for_*`) return the object or raise Http404, so that an outsider
cannot even learn that a candidate or a CV exists.

Who sees a candidate's profile and CV (`can_view_candidate`):
- the candidate themself;
- platform staff;
- a professional of the person's follow-up group (the followup app, issue 15), while an active member:
  the followup app registers who follows whom (`register_followed_candidates`), since applications
  sits below it and never imports it;
- a member of an organisation the candidate applied to, while the application is open or was
  closed less than `RECRUITER_RETENTION_MONTHS` months ago (GDPR retention: after that the
  organisation keeps its statistics, not the person).
A profile made visible to the recruiters of some territories shows up in matching (see
`visible_to_organisation_q`), but that alone does not open the CV: the CV is sent by applying.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypeGuard

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import (
    UNVERIFIED_REFUSALS,
    AnyUser,
    advisor_follows,
    is_member,
    is_staff,
    unverified_refusal,
    verified_organisations_q,
)
from emploi_territoires.offers.models import Offer, OfferStatus
from emploi_territoires.territories.models import PROGRAMME_FLAG, Commune, Programme

from .models import Application, ApplicationStatus, CandidateProfile, Visibility

RECRUITER_RETENTION_MONTHS = 24


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` minus a number of calendar months (31 March - 1 month = 28/29 February)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def recruiter_access_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Applications closed before this moment no longer open the candidate's data to recruiters."""
    return months_before(now or timezone.now(), RECRUITER_RETENTION_MONTHS)


def applications_open_to_recruiters_q(now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """Applications through which the organisation may still read the candidate's data."""
    return Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": recruiter_access_cutoff(now)})


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


# Who follows whom is decided above applications, by the followup app: it registers, in its
# AppConfig.ready(), a function (user, candidate ids or None for all) -> the user ids it follows now.
_FOLLOWED_PROVIDERS: list = []


def register_followed_candidates(provider) -> None:
    if provider not in _FOLLOWED_PROVIDERS:
        _FOLLOWED_PROVIDERS.append(provider)


def followed_candidate_ids(user: AnyUser | None, candidate_user_ids: Iterable[int] | None = None) -> set[int]:
    """The candidates `user` accompanies now (a follow-up group they are an active member of)."""
    if not _authenticated(user):
        return set()
    ids = None if candidate_user_ids is None else list(candidate_user_ids)
    found: set[int] = set()
    for provider in _FOLLOWED_PROVIDERS:
        found |= set(provider(user, ids))
    return found


def is_following_advisor(user: AnyUser | None, profile: CandidateProfile | None) -> bool:
    """A professional of the person's follow-up group (access computed from current memberships)."""
    if profile is None or not _authenticated(user):
        return False
    return profile.user_id in followed_candidate_ids(user, [profile.user_id])


def _recruiter_access_ids(
    user: AnyUser | None, candidate_user_ids: Iterable[int], now: datetime.datetime | None = None
) -> set[int]:
    if not _authenticated(user):
        return set()
    # No candidate data to an organisation not verified yet (issue 20, item 5; issue 17).
    member = Q(organisation__memberships__user_id=user.pk) & verified_organisations_q("organisation__")
    # Issue 19: an Apec advisor reads the people whose applications a collectivité shared with them.
    shared = Q(shares__advisor_id=user.pk, shares__revoked_at__isnull=True) & ~Q(status=ApplicationStatus.WITHDRAWN)
    return set(
        Application.objects.filter(candidate_id__in=list(candidate_user_ids))
        .filter(member | shared)
        .filter(applications_open_to_recruiters_q(now))
        .values_list("candidate_id", flat=True)
    )


def viewable_candidate_ids(
    user: AnyUser | None, candidate_user_ids: Iterable[int | None], now: datetime.datetime | None = None
) -> set[int]:
    """The candidates (by user id) whose profile `user` may read: THE rule, for one or for a list.

    `can_view_candidate` (profile page, CV) and the applications lists (offer board) both use it,
    so that a list never shows the name, commune or headline of a person whose profile is a 404.
    """
    ids = {pk for pk in candidate_user_ids if pk is not None}
    if not ids or not _authenticated(user):
        return set()
    if is_staff(user):
        return ids
    allowed = {user.pk} & ids
    allowed |= followed_candidate_ids(user, ids - allowed)
    return allowed | _recruiter_access_ids(user, ids - allowed, now)


def is_shared_with(user: AnyUser | None, application: Application) -> bool:
    """An application a collectivité shared with this (Apec) advisor and has not stopped sharing."""
    if not _authenticated(user) or application.status == ApplicationStatus.WITHDRAWN:
        return False
    return application.shares.filter(advisor_id=user.pk, revoked_at__isnull=True).exists()


def can_view_candidate(user: AnyUser | None, candidate_user: AnyUser, now: datetime.datetime | None = None) -> bool:
    """Whether `user` may read the profile and CV of `candidate_user` (see the module docstring)."""
    if candidate_user is None or candidate_user.pk is None:
        return False
    return candidate_user.pk in viewable_candidate_ids(user, [candidate_user.pk], now)


def visible_in_commune_q(commune: Commune, prefix: str = "") -> Q:
    """Profiles proposed for an offer located in `commune` (the matching's rule).

    A profile with `visibility=territories` is visible for offers located in one of the chosen
    départements or in a commune carrying one of the chosen programmes: the offer's commune
    decides, not the employer's seat (a company of Lyon recruiting in a PVD town is seen by the
    candidates who chose PVD).
    """
    q_territory = Q(**{f"{prefix}visible_departements": commune.departement_id})
    for programme, flag in PROGRAMME_FLAG.items():
        if getattr(commune, flag):
            # The list is stored as JSON text ('["pvd", "ti"]'): a quoted code matches one element, on
            # SQLite (no JSON containment lookup) as on PostgreSQL.
            q_territory |= Q(**{f"{prefix}visible_programmes__icontains": f'"{Programme(programme).value}"'})
    return Q(**{f"{prefix}visibility": Visibility.TERRITORIES}) & q_territory


def visible_to_organisation_q(org: Organisation, prefix: str = "") -> Q:
    """Profiles visible in the organisation's own commune (e.g. a list without a given offer)."""
    return visible_in_commune_q(org.commune, prefix)


# --- Permission-checked fetch helpers (top of views) --------------------------------------


UNVERIFIED_ORGANISATION_MESSAGE = UNVERIFIED_REFUSALS["see_candidates"]


def organisation_sees_candidates(user: AnyUser | None, organisation: Organisation) -> bool:
    """False for the members of an organisation not verified yet (staff and advisors are not concerned)."""
    return (
        unverified_refusal(organisation, "see_candidates") is None
        or is_staff(user)
        or not is_member(user, organisation)
    )


def get_candidate_profile_for_viewer(request: HttpRequest, user_id: int) -> CandidateProfile:
    """The candidate's profile if the user may read it; 404 for everybody else."""
    profile = CandidateProfile.objects.select_related("user", "commune").filter(user_id=user_id).first()
    if profile is None or not can_view_candidate(request.user, profile.user):
        raise Http404("Profil introuvable.")
    return profile


def get_cv_for_viewer(request: HttpRequest, user_id: int) -> CandidateProfile:
    """The candidate's CURRENT CV: the person, staff and the advisor the person chose; 404 otherwise.

    Organisations read the CV as it was sent with the application (`get_application_cv_for_viewer`),
    never a CV uploaded later, and nothing after a withdrawal.
    """
    profile = CandidateProfile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None or not profile.cv or not can_read_current_cv(request.user, profile):
        raise Http404("Aucun CV déposé.")
    return profile


def can_read_current_cv(user: AnyUser | None, profile: CandidateProfile) -> bool:
    if not _authenticated(user):
        return False
    return user.pk == profile.user_id or is_staff(user) or is_following_advisor(user, profile)


def can_read_application_cv(
    user: AnyUser | None, application: Application, now: datetime.datetime | None = None
) -> bool:
    """The CV sent with the application: the organisation (and staff) while it may see the person,
    never after a withdrawal (the copy is deleted then anyway)."""
    return (
        bool(application.cv_file)
        and application.candidate_id is not None
        and application.status != ApplicationStatus.WITHDRAWN
        and (can_manage_applications(user, application.organisation) or is_shared_with(user, application))
        and application.candidate_id in viewable_candidate_ids(user, [application.candidate_id], now)
    )


def get_application_cv_for_viewer(request: HttpRequest, pk: int) -> Application:
    application = Application.objects.select_related("organisation", "candidate").filter(pk=pk).first()
    if application is None or not can_read_application_cv(request.user, application):
        raise Http404("Aucun CV envoyé avec cette candidature.")
    return application


# --- Applications pipeline: who sees and moves applications (views_pipeline, services_pipeline) ---
# The organisation that recruits (its members, any role) and staff manage its applications;
# advisors who follow the offer's territory see them read-only (no notes, no buttons, the CV only
# through `can_view_candidate`); the candidate sees their own. Anybody else gets a 404.


def can_manage_applications(user: AnyUser | None, organisation: Organisation) -> bool:
    return is_staff(user) or is_member(user, organisation)


def can_view_offer_applications(user: AnyUser | None, offer: Offer) -> bool:
    # As for the offer itself, an advisor never sees what the organisation has not shown anyone yet.
    if can_manage_applications(user, offer.organisation):
        return True
    return offer.status != OfferStatus.DRAFT and advisor_follows(user, offer)


def can_view_application(user: AnyUser | None, application: Application) -> bool:
    return (
        can_manage_applications(user, application.organisation)
        or advisor_follows(user, application.offer)
        or is_shared_with(user, application)
    )


def get_offer_for_pipeline(request: HttpRequest, reference: str) -> Offer:
    """The offer whose applications the user may see (members, staff, advisors of its territory); else 404."""
    offer = Offer.objects.select_related("organisation", "commune").filter(reference=reference).first()
    if offer is None or not can_view_offer_applications(request.user, offer):
        raise Http404("Offre introuvable.")
    return offer


def get_application_for_recruiter(request: HttpRequest, pk: int) -> Application:
    """The application for its organisation, staff and advisors of its territory (read-only); else 404."""
    application = (
        Application.objects.select_related(
            "offer__organisation",
            "offer__commune",
            "organisation",
            "candidate__candidate_profile__commune",
            "prescribed_by",
            "prescriber_organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_view_application(request.user, application):
        raise Http404("Candidature introuvable.")
    return application


def get_application_for_candidate(request: HttpRequest, pk: int) -> Application:
    """The candidate's own application; 404 for anybody else (the organisation uses the other helper)."""
    user = request.user
    application = (
        Application.objects.select_related("offer__organisation", "offer__commune", "organisation")
        .filter(pk=pk, candidate_id=user.pk if _authenticated(user) else None)
        .first()
    )
    if application is None:
        raise Http404("Candidature introuvable.")
    return application
