"""The one permission layer: predicate functions per object, used by views, API and templates."""

from __future__ import annotations

from .models import Organisation, User


def current_organisation(user: User) -> Organisation | None:
    if (
        user.current_organisation_id
        and user.memberships.filter(organisation_id=user.current_organisation_id).exists()
    ):
        return user.current_organisation
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    return membership.organisation if membership else None
