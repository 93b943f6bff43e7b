"""Who sees what in the needs module, built on `accounts.permissions`.

Advisors following the territory and staff see a campaign and all its declarations; an
organisation's members see only their own declarations; anyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from emploi_territoires.accounts.permissions import (
    AnyUser,
    advisor_follows,
    advisor_scope,
    followed_communes_q,
    is_advisor,
    is_member,
    is_staff,
)
from emploi_territoires.territories.scope import ScopeKind

from .models import CampaignInvitation, NeedDeclaration, NeedsCampaign


def can_manage_campaigns(user: AnyUser | None) -> bool:
    return is_staff(user) or is_advisor(user)


def visible_campaigns(user: AnyUser | None) -> QuerySet[NeedsCampaign]:
    """Campaigns an advisor may follow: created by them, on their départements, or inviting their communes."""
    campaigns = NeedsCampaign.objects.all()
    if is_staff(user):
        return campaigns
    scope = advisor_scope(user)
    if scope is None:
        return campaigns.none()
    departements = list(scope.departements.values_list("code", flat=True))
    invites_followed = CampaignInvitation.objects.filter(campaign=OuterRef("pk")).filter(
        followed_communes_q(user, prefix="organisation__commune__")
    )
    return campaigns.filter(
        Q(created_by_id=user.pk)  # type: ignore[union-attr]
        | Q(scope_kind__in=[ScopeKind.DEPARTEMENT, ScopeKind.PROGRAMME], departement_id__in=departements)
        | Exists(invites_followed)
    )


def can_view_campaign(user: AnyUser | None, campaign: NeedsCampaign) -> bool:
    if is_staff(user):
        return True
    if not is_advisor(user):
        return False
    if campaign.created_by_id == user.pk:  # type: ignore[union-attr]
        return True
    from .services import campaign_communes  # services import this module's callers, not the reverse

    return campaign_communes(campaign).filter(followed_communes_q(user)).exists()


def get_campaign_for_advisor(user: AnyUser | None, pk: int) -> NeedsCampaign:
    campaign = NeedsCampaign.objects.select_related("departement", "epci", "created_by").filter(pk=pk).first()
    if campaign is None or not can_view_campaign(user, campaign):
        raise Http404("Campagne introuvable.")
    return campaign


def can_view_declaration(user: AnyUser | None, need: NeedDeclaration) -> bool:
    if is_staff(user) or is_member(user, need.organisation):
        return True
    if need.campaign_id is not None and can_view_campaign(user, need.campaign):
        return True
    return advisor_follows(user, need)


def can_convert_declaration(user: AnyUser | None, need: NeedDeclaration) -> bool:
    """Only the organisation's members write its offers."""
    return is_member(user, need.organisation)


def get_declaration_for_user(user: AnyUser | None, pk: int) -> NeedDeclaration:
    need = (
        NeedDeclaration.objects.select_related("organisation", "campaign", "occupation", "commune", "converted_offer")
        .filter(pk=pk)
        .first()
    )
    if need is None or not can_view_declaration(user, need):
        raise Http404("Besoin introuvable.")
    return need
