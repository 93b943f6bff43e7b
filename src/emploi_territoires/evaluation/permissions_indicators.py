"""Who reads the indicators of which territory.

Advisors (Apec, ANCT) and staff: every territory (the figures are aggregates, no personal data).
Members of a collectivité: their own commune and their own EPCI. Everybody else: refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.accounts.permissions import AnyUser, current_organisation, is_advisor, is_staff

from .indicators import TerritoryScope


def is_analyst(user: AnyUser | None) -> bool:
    return is_staff(user) or is_advisor(user)


def own_scopes(user: AnyUser | None) -> list[TerritoryScope]:
    """The territories a collectivité member may read (empty for anyone else)."""
    organisation = current_organisation(user)
    if organisation is None or organisation.kind != Organisation.Kind.COLLECTIVITE:
        return []
    scopes = [TerritoryScope("commune", organisation.commune_id)]
    if organisation.commune.epci_id:
        scopes.append(TerritoryScope("epci", organisation.commune.epci_id))
    return scopes


def require_indicator_reader(request: HttpRequest) -> tuple[bool, list[TerritoryScope]]:
    """(is analyst, own scopes); PermissionDenied for users who may read no territory at all."""
    if is_analyst(request.user):
        return True, []
    scopes = own_scopes(request.user)
    if not scopes:
        raise PermissionDenied("Les indicateurs sont réservés aux conseillers, à l'équipe et aux collectivités.")
    return False, scopes


def check_scope(analyst: bool, own: list[TerritoryScope], scope: TerritoryScope) -> None:
    if not analyst and scope not in own:
        raise PermissionDenied("Vous pouvez consulter les indicateurs de votre commune et de votre intercommunalité.")
