"""The one permission layer: predicate functions per object, used by views, API and templates.

Predicates answer a yes/no question and never raise. Fetch helpers (`get_*_for_*`) sit at the
top of views: they return the object or raise Http404 so that an outsider cannot even learn
that a private object exists, then PermissionDenied (403) when the person is inside but lacks
the role (a member who is not an admin).
"""

from __future__ import annotations

from typing import Any, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from emploi_territoires.territories.models import PROGRAMME_FLAG, Commune, Programme

from .models import AdvisorScope, Membership, MembershipInvitation, Organisation, User, VerificationStatus

AnyUser = User | AnonymousUser


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff(user: AnyUser | None) -> bool:
    return _authenticated(user) and bool(user.is_staff)


def membership_of(user: AnyUser | None, org: Organisation) -> Membership | None:
    if not _authenticated(user):
        return None
    return Membership.objects.filter(user_id=user.pk, organisation_id=org.pk).first()


def is_member(user: AnyUser | None, org: Organisation) -> bool:
    return membership_of(user, org) is not None


def is_org_admin(user: AnyUser | None, org: Organisation) -> bool:
    membership = membership_of(user, org)
    return membership is not None and membership.role == Membership.Role.ADMIN


def can_view_organisation_private(user: AnyUser | None, org: Organisation) -> bool:
    """Members list, internal links: members of the organisation and platform staff only."""
    return is_staff(user) or is_member(user, org)


def can_edit_organisation(user: AnyUser | None, org: Organisation) -> bool:
    return is_staff(user) or is_org_admin(user, org)


def can_manage_members(user: AnyUser | None, org: Organisation) -> bool:
    return is_staff(user) or is_org_admin(user, org)


def can_create_organisation(user: AnyUser | None) -> bool:
    # Candidates and mentors act for themselves; only professionals act for an organisation.
    return is_staff(user) or (_authenticated(user) and user.kind == User.Kind.PROFESSIONAL)


def current_organisation(user: AnyUser | None) -> Organisation | None:
    """The organisation the user acts for: the chosen one if still a member, else the oldest."""
    if not _authenticated(user):
        return None
    memberships = user.memberships.select_related("organisation__commune")
    if user.current_organisation_id:
        chosen = memberships.filter(organisation_id=user.current_organisation_id).first()
        if chosen is not None:
            return chosen.organisation
    first = memberships.order_by("created_at", "pk").first()
    return first.organisation if first else None


# --- Verification (issue 17): THE access helper for what an unverified organisation may not do ---

# What an organisation may do only once verified, with the French reason shown when it may not.
UNVERIFIED_REFUSALS: dict[str, str] = {
    "publish_directly": (
        "Votre organisation est en attente de vérification : ses offres sont relues par un conseiller avant "
        "publication. Demandez une relecture."
    ),
    "publish_vta": (
        "Une offre de volontariat territorial en administration (VTA) ne peut être publiée qu'au nom d'une "
        "organisation vérifiée : la vérification de votre organisation est en cours."
    ),
    "open_campaign": (
        "Une campagne de recensement des besoins ne peut être ouverte qu'au nom d'une organisation vérifiée."
    ),
    "see_candidates": (
        "Votre organisation doit être vérifiée avant de voir des profils de candidats : un conseiller ou "
        "l'équipe de la plateforme contrôle son SIREN et la fonction de la personne qui l'a inscrite."
    ),
}


def unverified_refusal(org: Organisation | None, action: str) -> str | None:
    """None when `org` may do `action` (a key of UNVERIFIED_REFUSALS), else the French reason."""
    if action not in UNVERIFIED_REFUSALS:
        raise ValueError(f"unknown action {action!r}")
    if org is not None and org.is_verified:
        return None
    return UNVERIFIED_REFUSALS[action]


def verified_organisations_q(prefix: str = "") -> Q:
    """A Q selecting verified organisations; `prefix` reaches them: `verified_organisations_q("organisation__")`."""
    return Q(**{f"{prefix}verification_status": VerificationStatus.VERIFIED})


# --- Advisors -----------------------------------------------------------------------------


def advisor_scope(user: AnyUser | None) -> AdvisorScope | None:
    """The scope of an advisor: a member of an Apec or ANCT organisation with followed territories.

    The scope alone is not enough (it might outlive the job): the membership is checked too.
    """
    if not _authenticated(user):
        return None
    scope = AdvisorScope.objects.filter(user_id=user.pk).first()
    if scope is None:
        return None
    # Advisor rights (reviewing offers, verifying organisations, campaigns) come from a verified
    # Apec or ANCT organisation only (staff create those, verified; issue 17).
    in_advisor_org = Membership.objects.filter(
        verified_organisations_q("organisation__"),
        user_id=user.pk,
        organisation__kind__in=[Organisation.Kind.APEC, Organisation.Kind.ANCT],
    ).exists()
    return scope if in_advisor_org else None


def is_advisor(user: AnyUser | None) -> bool:
    return advisor_scope(user) is not None


def _scope_terms(scope: AdvisorScope) -> tuple[list[str], list[str]]:
    departements = list(scope.departements.values_list("code", flat=True))
    programmes = [p for p in scope.programmes if p in Programme.values]
    return departements, programmes


def followed_communes_q(user: AnyUser | None, prefix: str = "") -> Q:
    """A Q selecting the communes an advisor follows; `prefix` cuts any located model.

    `Commune.objects.filter(followed_communes_q(user))`, or
    `Offer.objects.filter(followed_communes_q(user, prefix="commune__"))`.
    Followed = in one of the départements, or carrying one of the programmes; with both,
    the programme communes within those départements. Anyone else follows nothing.
    """
    nothing = Q(**{f"{prefix}pk__in": []})
    scope = advisor_scope(user)
    if scope is None:
        return nothing
    departements, programmes = _scope_terms(scope)
    q_departements = Q(**{f"{prefix}departement_id__in": departements})
    q_programmes = Q()
    for programme in programmes:
        q_programmes |= Q(**{f"{prefix}{PROGRAMME_FLAG[Programme(programme)]}": True})
    if departements and programmes:
        return q_departements & q_programmes
    if departements:
        return q_departements
    if programmes:
        return q_programmes
    return nothing


def advisor_follows(user: AnyUser | None, located_obj: Any) -> bool:
    """Whether an advisor follows a commune or any object with a `commune` (offer, event…)."""
    commune: Commune | None = located_obj if isinstance(located_obj, Commune) else getattr(located_obj, "commune", None)
    if commune is None:
        return False
    scope = advisor_scope(user)
    if scope is None:
        return False
    departements, programmes = _scope_terms(scope)
    in_departements = commune.departement_id in departements
    in_programmes = any(getattr(commune, PROGRAMME_FLAG[Programme(p)]) for p in programmes)
    if departements and programmes:
        return in_departements and in_programmes
    return in_departements or in_programmes


# --- Permission-checked fetch helpers (top of views) --------------------------------------


def get_organisation_for_member(request: HttpRequest, pk: int) -> Organisation:
    """The organisation if the user is a member (or staff); 404 for everybody else."""
    org = Organisation.objects.select_related("commune").filter(pk=pk).first()
    if org is None or not can_view_organisation_private(request.user, org):
        raise Http404("Organisation introuvable.")
    return org


def get_organisation_for_admin(request: HttpRequest, pk: int) -> Organisation:
    """404 for outsiders (they must not learn anything), 403 for members who are not admins."""
    org = get_organisation_for_member(request, pk)
    if not can_manage_members(request.user, org):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent faire cette action.")
    return org


def get_invitation_for_invitee(request: HttpRequest, pk: int) -> MembershipInvitation:
    """A pending invitation addressed to the signed-in user; 404 for anyone else, or once expired."""
    invitation = (
        MembershipInvitation.pending().select_related("organisation").filter(pk=pk, user_id=request.user.pk).first()
    )
    if invitation is None:
        raise Http404("Invitation introuvable ou expirée.")
    return invitation


def get_membership_for_admin(request: HttpRequest, org_pk: int, membership_pk: int) -> Membership:
    org = get_organisation_for_admin(request, org_pk)
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_pk, organisation=org).first()
    )
    if membership is None:
        raise Http404("Membre introuvable.")
    return membership
