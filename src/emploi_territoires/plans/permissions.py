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
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from emploi_territoires.accounts.models import Membership, Organisation
from emploi_territoires.accounts.permissions import (
    AnyUser,
    _authenticated,
    is_staff,
)
from emploi_territoires.core.access import get_allowed_or_404

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
        contact_id=user.pk,
        organisation__memberships__user_id=user.pk,
    ).exists()


def can_edit_action(user: AnyUser | None, action: Action) -> bool:
    """Whoever edits the plan, and the lead partner's named contact (still a member)."""
    if can_edit_plan(user, action.plan):
        return True
    if not _authenticated(user):
        return False
    lead = action.lead
    return (
        lead.contact_id == user.pk
        and Membership.objects.filter(user_id=user.pk, organisation_id=lead.organisation_id).exists()
    )


def can_create_plan(user: AnyUser | None) -> bool:
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user_id=user.pk, organisation__kind__in=PLAN_CREATOR_KINDS).exists()


def can_read_plan_figures(user: AnyUser | None, plan: Plan) -> bool:
    """The indicators' rule (`evaluation.permissions_indicators.can_read_indicators`) for the plan's
    territory: analysts; a collectivité partner for its own commune or EPCI. The others see the
    plan, its targets and actions, not the territory's indicator values (issue 20, item 6)."""
    from emploi_territoires.evaluation.permissions_indicators import can_read_indicators, is_analyst

    if is_analyst(user):
        return True
    if not _authenticated(user):
        return False
    scope = plan.scope
    organisations = Organisation.objects.filter(
        memberships__user_id=user.pk,
        plan_partnerships__plan=plan,
    ).select_related("commune")
    return any(can_read_indicators(user, scope, organisation=org) for org in organisations)


def can_view_national_plans(user: AnyUser | None) -> bool:
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user_id=user.pk, organisation__kind__in=NATIONAL_VIEW_KINDS).exists()


def visible_plans(user: AnyUser | None) -> QuerySet[Plan]:
    """The plans a user may see: all for staff, those of their organisations' partnerships otherwise."""
    plans = Plan.objects.all()
    if is_staff(user):
        return plans
    if not _authenticated(user):
        return plans.none()
    partner_of_mine = PlanPartner.objects.filter(
        plan_id=OuterRef("pk"),
        organisation__memberships__user_id=user.pk,
    )
    return plans.filter(Exists(partner_of_mine))


def creator_organisations(user: AnyUser | None) -> QuerySet[Organisation]:
    """The organisations on whose behalf a user may open a plan (the creator's becomes its first partner)."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user_id=user.pk,
        kind__in=PLAN_CREATOR_KINDS,
    ).order_by("name")


# --- Permission-checked fetch helpers (top of views) --------------------------------------


def get_plan_for_viewer(user: AnyUser | None, pk: int) -> Plan:
    plans = Plan.objects.select_related("commune", "epci", "departement")
    return get_allowed_or_404(plans, user, can_view_plan, "Plan introuvable.", pk=pk)


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


# --- What an action may be linked to (the link pickers) -----------------------------------


def _with_current(queryset: QuerySet, current_pk: int | None) -> QuerySet:
    """Keep the object already linked selectable, even if the editor could not pick it themselves."""
    if current_pk is None:
        return queryset
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current_pk))


def linkable_events(user: AnyUser | None, plan: Plan, current_pk: int | None = None) -> QuerySet:
    """Job datings in the plan's territory the user may see (jobdating's rule: drafts only for those who
    manage them)."""
    from emploi_territoires.jobdating.permissions import visible_events

    events = visible_events(user).filter(plan.scope.q("commune"))
    return _with_current(events, current_pk).order_by("-date", "title")


def linkable_programmes(user: AnyUser | None, plan: Plan, current_pk: int | None = None) -> QuerySet:
    """Mentoring programmes the user manages or run by a partner of the plan, whose territory meets the
    plan's (one on a national programme's communes only if a commune of the plan carries it)."""
    from emploi_territoires.mentoring.models import Programme
    from emploi_territoires.mentoring.permissions import managed_programmes

    programmes = Programme.objects.meeting(plan.scope)
    if not is_staff(user):
        if not _authenticated(user):
            programmes = programmes.none()
        else:
            partner_orgs = PlanPartner.objects.filter(plan_id=plan.pk).values("organisation_id")
            managed = managed_programmes(user).values("pk")
            programmes = programmes.filter(Q(pk__in=managed) | Q(organisation_id__in=partner_orgs))
    return _with_current(programmes, current_pk).order_by("-starts_on", "name")


def linkable_campaigns(user: AnyUser | None, plan: Plan, current_pk: int | None = None) -> QuerySet:
    """Needs campaigns the user may follow whose territory meets the plan's (a campaign on a
    programme's communes only if one of the plan's communes carries the programme)."""
    from emploi_territoires.needs.models import NeedsCampaign
    from emploi_territoires.needs.permissions import visible_campaigns

    campaigns = NeedsCampaign.objects.meeting(plan.scope).filter(pk__in=visible_campaigns(user).values("pk"))
    return _with_current(campaigns, current_pk).order_by("-created_at", "-pk")


def linkable_studies(user: AnyUser | None, plan: Plan, current_pk: int | None = None) -> QuerySet:
    """Impact studies are shared knowledge of advisors and staff (evaluation.permissions)."""
    from emploi_territoires.evaluation.models import ImpactStudy
    from emploi_territoires.evaluation.permissions import can_run_impact_studies

    studies = ImpactStudy.objects.all() if can_run_impact_studies(user) else ImpactStudy.objects.none()
    return _with_current(studies, current_pk).order_by("-created_at", "-pk")


def linkable_offers(user: AnyUser | None, plan: Plan, current_pks: list[int] | None = None) -> QuerySet:
    """Offers in the plan's territory the user may see privately (offers' rule: their organisations'
    offers, and the offers an advisor reviews, not drafts)."""
    from emploi_territoires.offers.models import Offer
    from emploi_territoires.offers.permissions import private_offers

    offers = private_offers(user).filter(plan.scope.q("commune"))
    if current_pks:
        offers = Offer.objects.filter(Q(pk__in=offers.values("pk")) | Q(pk__in=current_pks))
    return offers.select_related("organisation").order_by("-created_at", "-pk")
