"""Who may do what with a job dating, built on the one permission layer (`accounts.permissions`).

- Managers (staff, the event's named advisors, advisors who follow the event's commune) create,
  edit and run the event: state changes, schedule runs, imports and exports.
- Recruiters (members of an organisation) register their organisation and screen the candidates
  who wished them; they see their own registration only, never another recruiter's screening.
- Candidates (a candidate account with a profile) register, rank recruiters and give their
  availability; they see the recruiters and their offers, never other candidates.
Everyone, signed in or not, sees an event's page from registration opening on (the list of
events open to registration is public too); drafts are for managers only. Registering, agendas and
everything personal need an account.
Predicates never raise; fetch helpers return the object or raise Http404 (outsiders learn nothing)
or PermissionDenied (insiders without the role).
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import (
    AnyUser,
    advisor_follows,
    current_organisation,
    followed_communes_q,
    is_advisor,
    is_member,
    is_staff,
)
from emploi_territoires.core.access import get_allowed_or_404

from .models import CandidateRegistration, Event, EventStatus, RecruiterRegistration


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_create_event(user: AnyUser | None) -> bool:
    return is_staff(user) or is_advisor(user)


def can_manage_event(user: AnyUser | None, event: Event) -> bool:
    if is_staff(user):
        return True
    if not is_advisor(user):
        return False
    return advisor_follows(user, event) or event.advisors.filter(pk=user.pk).exists()  # type: ignore[union-attr]


def can_view_event(user: AnyUser | None, event: Event) -> bool:
    """An event's page is public once its registrations open (an announcement, like an offer);
    everything else about it needs an account, checked by each view."""
    return event.status != EventStatus.DRAFT or can_manage_event(user, event)


def visible_events(user: AnyUser | None) -> QuerySet[Event]:
    """`can_view_event` as a queryset: every event but drafts, and the drafts its managers run."""
    events = Event.objects.all()
    if is_staff(user):
        return events
    if not is_advisor(user):
        return events.exclude(status=EventStatus.DRAFT)
    manages = followed_communes_q(user, prefix="commune__") | Q(advisors=user.pk)  # type: ignore[union-attr]
    return events.filter(~Q(status=EventStatus.DRAFT) | manages).distinct()


def is_candidate(user: AnyUser | None) -> bool:
    return _authenticated(user) and user.kind == User.Kind.CANDIDATE


def recruiting_organisation(user: AnyUser | None) -> Organisation | None:
    """The organisation a professional registers for: the one they currently act for."""
    if not _authenticated(user) or user.kind != User.Kind.PROFESSIONAL:
        return None
    return current_organisation(user)


def can_edit_recruiter_registration(user: AnyUser | None, registration: RecruiterRegistration) -> bool:
    return is_member(user, registration.organisation) or is_staff(user)


# --- Permission-checked fetch helpers (top of views) --------------------------------------


def get_event_for_user(user: AnyUser | None, pk: int) -> Event:
    events = Event.objects.select_related("commune__departement", "organiser")
    return get_allowed_or_404(events, user, can_view_event, "Job dating introuvable.", pk=pk)


def get_event_for_viewer(request: HttpRequest, pk: int) -> Event:
    return get_event_for_user(request.user, pk)


def get_event_for_manager(request: HttpRequest, pk: int) -> Event:
    """404 for whoever cannot see the event; 403 for those who see it but do not run it."""
    event = get_event_for_viewer(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied("Seuls les conseillers qui organisent ce job dating peuvent faire cette action.")
    return event


def get_recruiter_registration_for_member(request: HttpRequest, event: Event) -> RecruiterRegistration:
    """The registration of the organisation the user acts for; 404 if none."""
    organisation = recruiting_organisation(request.user)
    registration = (
        RecruiterRegistration.objects.select_related("organisation", "event")
        .filter(event=event, organisation=organisation)
        .first()
        if organisation is not None
        else None
    )
    if registration is None or not can_edit_recruiter_registration(request.user, registration):
        raise Http404("Inscription introuvable.")
    return registration


def get_candidate_registration_for_candidate(request: HttpRequest, event: Event) -> CandidateRegistration:
    registration = (
        CandidateRegistration.objects.filter(event=event, user_id=request.user.pk).first()
        if is_candidate(request.user)
        else None
    )
    if registration is None:
        raise Http404("Inscription introuvable.")
    return registration
