"""Who sees and does what on the VTA aid and missions (issue 16, docs/vta-aid.md).

- The collectivité: the members of the mission's organisation (they tell the préfecture, file the
  request, withdraw it, record the volunteer's situation).
- The préfecture of the département: a member of a verified ANCT/préfecture organisation whose
  followed territories (`accounts.AdvisorScope`) name the mission's département — the ANCT territorial
  delegate. It confirms the aid, instructs, sets the envelope, exports. A préfecture of another
  département sees nothing (404), like any outsider.
- The volunteer (a platform account): their own missions (situation, consent to be listed).
- Staff: read everything, set envelopes.

Fetch helpers raise 404 for outsiders (nothing is learnt) and 403 for insiders lacking the role.
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from emploi_territoires.accounts.models import AdvisorScope, Membership, Organisation, User
from emploi_territoires.accounts.permissions import AnyUser, is_staff, verified_organisations_q

from .models import Mission


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def prefecture_departements(user: AnyUser | None) -> list[str]:
    """The départements whose préfecture the user speaks for (empty for anyone else)."""
    if not _authenticated(user):
        return []
    in_anct = Membership.objects.filter(
        verified_organisations_q("organisation__"), user_id=user.pk, organisation__kind=Organisation.Kind.ANCT
    ).exists()
    if not in_anct:
        return []
    scope = AdvisorScope.objects.filter(user_id=user.pk).first()
    if scope is None:
        return []
    return sorted(scope.departements.values_list("code", flat=True))


def is_prefecture_for(user: AnyUser | None, departement_code: str) -> bool:
    return bool(departement_code) and departement_code in prefecture_departements(user)


def prefecture_users(departement_code: str) -> QuerySet[User]:
    """The delegates of a département's préfecture, the people told when a collectivité writes."""
    anct_members = Membership.objects.filter(
        verified_organisations_q("organisation__"), organisation__kind=Organisation.Kind.ANCT
    ).values("user_id")
    return User.objects.filter(
        is_active=True, pk__in=anct_members, advisor_scope__departements__code=departement_code
    ).distinct()


def is_mission_member(user: AnyUser | None, mission: Mission) -> bool:
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user_id=user.pk, organisation_id=mission.organisation_id).exists()


def is_volunteer(user: AnyUser | None, mission: Mission) -> bool:
    return _authenticated(user) and mission.volunteer_id is not None and mission.volunteer_id == user.pk


def can_view_mission(user: AnyUser | None, mission: Mission) -> bool:
    return is_staff(user) or is_mission_member(user, mission) or is_prefecture_for(user, mission.commune.departement_id)


def can_set_envelope(user: AnyUser | None, departement_code: str) -> bool:
    return is_staff(user) or is_prefecture_for(user, departement_code)


def visible_missions(user: AnyUser | None) -> QuerySet[Mission]:
    """The missions (with their aid) a user sees in the list: their organisations', their départements'."""
    base = Mission.objects.select_related("aid", "organisation", "commune", "offer")
    if not _authenticated(user):
        return base.none()
    if is_staff(user):
        return base
    q = Q(organisation__memberships__user_id=user.pk)
    departements = prefecture_departements(user)
    if departements:
        q |= Q(commune__departement_id__in=departements)
    return base.filter(q).distinct()


# --- Fetch helpers (top of views) -----------------------------------------------------------


def _mission(pk: int) -> Mission:
    mission = (
        Mission.objects.select_related("aid", "aid__envelope", "organisation", "commune", "offer", "volunteer")
        .filter(pk=pk)
        .first()
    )
    if mission is None or not hasattr(mission, "aid"):
        raise Http404("Mission introuvable.")
    return mission


def get_mission_for_viewer(request: HttpRequest, pk: int) -> Mission:
    """The collectivité's members, the département's préfecture and staff; 404 for everybody else."""
    mission = _mission(pk)
    if not can_view_mission(request.user, mission):
        raise Http404("Mission introuvable.")
    return mission


def get_mission_for_member(request: HttpRequest, pk: int) -> Mission:
    """A collectivité's action: 404 for outsiders, 403 for the préfecture and staff (who only read)."""
    mission = get_mission_for_viewer(request, pk)
    if not is_mission_member(request.user, mission):
        raise PermissionDenied("Seule la collectivité qui accueille le volontaire peut faire cette démarche.")
    return mission


def get_mission_for_prefecture(request: HttpRequest, pk: int) -> Mission:
    """The préfecture's action: 404 for outsiders, 403 for the collectivité and staff."""
    mission = get_mission_for_viewer(request, pk)
    if not is_prefecture_for(request.user, mission.commune.departement_id):
        raise PermissionDenied("Seule la préfecture du département instruit la demande d'aide.")
    return mission


def get_mission_for_outcome(request: HttpRequest, pk: int) -> Mission:
    """The volunteer's situation: written by the collectivité or the volunteer; 404 for anyone else,
    403 for the préfecture and staff (they read it)."""
    mission = _mission(pk)
    if is_mission_member(request.user, mission) or is_volunteer(request.user, mission):
        return mission
    if can_view_mission(request.user, mission):
        raise PermissionDenied("La situation du volontaire est renseignée par la collectivité ou le volontaire.")
    raise Http404("Mission introuvable.")


def get_mission_for_volunteer(request: HttpRequest, pk: int) -> Mission:
    """The volunteer's own mission (consent to be listed); 404 for everybody else."""
    mission = _mission(pk)
    if not is_volunteer(request.user, mission):
        raise Http404("Mission introuvable.")
    return mission
