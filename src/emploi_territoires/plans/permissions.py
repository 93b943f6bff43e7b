"""Who sees and edits territorial action plans, built on `accounts.permissions`.

- A plan is seen by platform staff and by the members of its partner organisations; anybody else
  gets a 404 (an outsider must not learn that a plan exists).
- A plan (its title, territory, period, partners, targets, and every action) is edited by staff and
  by the *administrators* of a partner organisation, and by the named contacts of its partners.
- An action is also edited (and moved along its workflow) by the named contact of its lead partner,
  whatever their role in their organisation.
- A plan is created by staff and by members of an Apec, ANCT/préfecture or collectivité organisation.
- The national view is for staff and the members of Apec and ANCT organisations.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from emploi_territoires.accounts.models import Membership, Organisation
from emploi_territoires.accounts.permissions import AnyUser, _authenticated, is_staff

from .models import Action, Plan, PlanPartner

PLAN_CREATOR_KINDS = (Organisation.Kind.APEC, Organisation.Kind.ANCT, Organisation.Kind.COLLECTIVITE)
NATIONAL_VIEW_KINDS = (Organisation.Kind.APEC, Organisation.Kind.ANCT)


def _partner_memberships(user: AnyUser | None, plan: Plan) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user_id=user.pk,  # type: ignore[union-attr]
        organisation_id__in=PlanPartner.objects.filter(plan_id=plan.pk).values("organisation_id"),
    )


def is_partner_member(user: AnyUser | None, plan: Plan) -> bool:
    return _authenticated(user) and _partner_memberships(user, plan).exists()


def can_view_plan(user: AnyUser | None, plan: Plan) -> bool:
    return is_staff(user) or is_partner_member(user, plan)


def is_plan_contact(user: AnyUser | None, plan: Plan) -> bool:
    return _authenticated(user) and PlanPartner.objects.filter(plan_id=plan.pk, contact_id=user.pk).exists()  # type: ignore[union-attr]


def can_edit_plan(user: AnyUser | None, plan: Plan) -> bool:
    """Staff, administrators of a partner organisation, and the partners' named contacts — still members."""
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    if _partner_memberships(user, plan).filter(role=Membership.Role.ADMIN).exists():
        return True
    # A named contact who left their organisation loses the right with the membership.
    return PlanPartner.objects.filter(
        plan_id=plan.pk,
        contact_id=user.pk,  # type: ignore[union-attr]
        organisation__memberships__user_id=user.pk,  # type: ignore[union-attr]
    ).exists()


def can_edit_action(user: AnyUser | None, action: Action) -> bool:
    """Whoever edits the plan, and the lead partner's named contact (still a member)."""
    if can_edit_plan(user, action.plan):
        return True
    if not _authenticated(user):
        return False
    lead = action.lead
    return (
        lead.contact_id == user.pk  # type: ignore[union-attr]
        and Membership.objects.filter(user_id=user.pk, organisation_id=lead.organisation_id).exists()  # type: ignore[union-attr]
    )


def can_create_plan(user: AnyUser | None) -> bool:
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user_id=user.pk, organisation__kind__in=PLAN_CREATOR_KINDS).exists()  # type: ignore[union-attr]


def can_view_national_plans(user: AnyUser | None) -> bool:
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user_id=user.pk, organisation__kind__in=NATIONAL_VIEW_KINDS).exists()  # type: ignore[union-attr]


def visible_plans(user: AnyUser | None) -> QuerySet[Plan]:
    """The plans a user may see: all for staff, those of their organisations' partnerships otherwise."""
    plans = Plan.objects.all()
    if is_staff(user):
        return plans
    if not _authenticated(user):
        return plans.none()
    partner_of_mine = PlanPartner.objects.filter(
        plan_id=OuterRef("pk"),
        organisation__memberships__user_id=user.pk,  # type: ignore[union-attr]
    )
    return plans.filter(Exists(partner_of_mine))


def creator_organisations(user: AnyUser | None) -> QuerySet[Organisation]:
    """The organisations on whose behalf a user may open a plan (the creator's becomes its first partner)."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user_id=user.pk,  # type: ignore[union-attr]
        kind__in=PLAN_CREATOR_KINDS,
    ).order_by("name")


# --- Permission-checked fetch helpers (top of views) --------------------------------------


def get_plan_for_viewer(user: AnyUser | None, pk: int) -> Plan:
    plan = Plan.objects.select_related("commune", "epci", "departement").filter(pk=pk).first()
    if plan is None or not can_view_plan(user, plan):
        raise Http404("Plan introuvable.")
    return plan


def get_plan_for_editor(user: AnyUser | None, pk: int) -> Plan:
    """404 for outsiders, 403 for partners' members who may not edit the plan."""
    plan = get_plan_for_viewer(user, pk)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(
            "Seuls les administrateurs des organisations partenaires et les contacts du plan peuvent le modifier."
        )
    return plan


def get_action_for_editor(user: AnyUser | None, plan_pk: int, action_pk: int) -> Action:
    plan = get_plan_for_viewer(user, plan_pk)
    action = (
        Action.objects.select_related("plan", "lead__organisation", "lead__contact")
        .filter(pk=action_pk, plan=plan)
        .first()
    )
    if action is None:
        raise Http404("Action introuvable.")
    if not can_edit_action(user, action):
        raise PermissionDenied(
            "Seuls le contact du partenaire pilote et les éditeurs du plan peuvent modifier cette action."
        )
    return action
