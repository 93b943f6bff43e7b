"""Who may see and do what in mentoring, and the permission-checked fetch helpers of its views.

- Programme managers (and platform staff) manage their programmes: pool, runs, proposals, pairs.
- A mentor or a mentee sees only their own pairs.
- A meeting's note is visible to the pair only — not to managers, not to staff.
- Everybody else gets a 404: an outsider must not learn that a programme or a pair exists.
"""

from __future__ import annotations

from typing import TypeGuard

from django.http import Http404, HttpRequest

from emploi_territoires.accounts.models import User
from emploi_territoires.accounts.permissions import AnyUser, is_staff

from .models import HelpRequest, MatchingRun, NeverTogether, Pair, Programme, ProposedPair


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_manager(user: AnyUser | None, programme: Programme) -> bool:
    if not _authenticated(user):
        return False
    return is_staff(user) or programme.managers.filter(pk=user.pk).exists()


def is_pair_member(user: AnyUser | None, pair: Pair) -> bool:
    return _authenticated(user) and user.pk in (pair.mentor_id, pair.mentee_id)


def can_view_pair(user: AnyUser | None, pair: Pair) -> bool:
    return is_pair_member(user, pair) or is_manager(user, pair.programme)


def can_read_meeting_notes(user: AnyUser | None, pair: Pair) -> bool:
    return is_pair_member(user, pair)


def managed_programmes(user: AnyUser | None):
    if not _authenticated(user):
        return Programme.objects.none()
    if is_staff(user):
        return Programme.objects.all()
    return Programme.objects.filter(managers=user)


def can_create_programme(user: AnyUser) -> bool:
    """Staff, and people who already run a programme, open new ones."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff or Programme.objects.filter(managers=user).exists())


def get_programme_for_manager(request: HttpRequest, pk: int) -> Programme:
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    if programme is None or not is_manager(request.user, programme):
        raise Http404("Programme introuvable.")
    return programme


def get_run_for_manager(request: HttpRequest, programme_pk: int, run_pk: int) -> MatchingRun:
    programme = get_programme_for_manager(request, programme_pk)
    run = MatchingRun.objects.filter(pk=run_pk, programme=programme).select_related("programme").first()
    if run is None:
        raise Http404("Appariement introuvable.")
    return run


def get_proposal_for_manager(request: HttpRequest, pk: int) -> ProposedPair:
    proposal = ProposedPair.objects.select_related("run__programme").filter(pk=pk).first()
    if proposal is None or not is_manager(request.user, proposal.run.programme):
        raise Http404("Proposition introuvable.")
    return proposal


def get_pair_for_viewer(request: HttpRequest, pk: int) -> Pair:
    pair = Pair.objects.select_related("programme", "mentor", "mentee").filter(pk=pk).first()
    if pair is None or not can_view_pair(request.user, pair):
        raise Http404("Binôme introuvable.")
    return pair


def get_pair_for_member(request: HttpRequest, pk: int) -> Pair:
    """Only the mentor and the mentee (managers get a 404 too: these are the pair's own actions)."""
    pair = Pair.objects.select_related("programme", "mentor", "mentee").filter(pk=pk).first()
    if pair is None or not is_pair_member(request.user, pair):
        raise Http404("Binôme introuvable.")
    return pair


def get_help_request_for_manager(request: HttpRequest, pk: int) -> HelpRequest:
    help_request = HelpRequest.objects.select_related("pair__programme").filter(pk=pk).first()
    if help_request is None or not is_manager(request.user, help_request.pair.programme):
        raise Http404("Alerte introuvable.")
    return help_request


def get_exclusion_for_manager(request: HttpRequest, pk: int) -> NeverTogether:
    exclusion = NeverTogether.objects.select_related("programme").filter(pk=pk).first()
    if exclusion is None or not is_manager(request.user, exclusion.programme):
        raise Http404("Exclusion introuvable.")
    return exclusion


def get_open_programme(request: HttpRequest, pk: int) -> Programme:
    """A programme one may join: visible to every signed-in person (the services refuse an ended one)."""
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None or not _authenticated(request.user):
        raise Http404("Programme introuvable.")
    return programme
