"""`{% load permissions %}`: the predicates of accounts.permissions as template filters.

Templates only ask; the rules live in accounts/permissions.py. Usage:
`{% if user|can_edit_organisation:organisation %}` or `{% if user|is_advisor %}`.
"""

from __future__ import annotations

from typing import Any

from django import template

from emploi_territoires.accounts import permissions

register = template.Library()


@register.filter
def is_member(user: Any, org: Any) -> bool:
    return permissions.is_member(user, org)


@register.filter
def is_org_admin(user: Any, org: Any) -> bool:
    return permissions.is_org_admin(user, org)


@register.filter
def can_view_organisation_private(user: Any, org: Any) -> bool:
    return permissions.can_view_organisation_private(user, org)


@register.filter
def can_edit_organisation(user: Any, org: Any) -> bool:
    return permissions.can_edit_organisation(user, org)


@register.filter
def can_manage_members(user: Any, org: Any) -> bool:
    return permissions.can_manage_members(user, org)


@register.filter
def is_advisor(user: Any) -> bool:
    return permissions.is_advisor(user)


@register.filter
def advisor_follows(user: Any, located_obj: Any) -> bool:
    return permissions.advisor_follows(user, located_obj)
