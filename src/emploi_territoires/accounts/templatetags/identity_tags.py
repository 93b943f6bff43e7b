"""Template tags of issue 17's identity pages."""

from __future__ import annotations

from django import template

from ..models import MembershipInvitation, Organisation

register = template.Library()


@register.simple_tag
def pending_invitations(organisation: Organisation) -> list[MembershipInvitation]:
    """The organisation's invitations still awaiting an answer (accounts and addresses), newest first."""
    return list(
        MembershipInvitation.pending().filter(organisation=organisation).select_related("user").order_by("-created_at")
    )
