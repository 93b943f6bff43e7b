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
    return organisation_scopes(current_organisation(user))


def organisation_scopes(organisation: Organisation | None) -> list[TerritoryScope]:
    """The territories the members of a collectivité may read: its commune and its EPCI."""
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


def can_read_indicators(
    user: AnyUser | None, scope: TerritoryScope, *, organisation: Organisation | None = None
) -> bool:
    """THE rule, wherever the indicators' figures appear (indicator pages, plans and their PDF and
    exports): analysts read every territory; a collectivité's members their commune and EPCI (of
    `organisation` when given, e.g. the one a plan is opened for, else of their current one)."""
    if is_analyst(user):
        return True
    if organisation is not None and organisation.kind in (Organisation.Kind.APEC, Organisation.Kind.ANCT):
        return True  # acting for an Apec or ANCT organisation (a prefecture): the advisors' reading
    scopes = organisation_scopes(organisation) if organisation is not None else own_scopes(user)
    return scope in scopes


INDICATORS_REFUSED_MESSAGE = (
    "Vous pouvez consulter les indicateurs de votre commune et de votre intercommunalité : "
    "ceux d'un autre territoire sont réservés aux conseillers et à l'équipe de la plateforme."
)
