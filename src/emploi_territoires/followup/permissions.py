"""Who sees a follow-up, and the permission-checked fetch helpers of its views.

- The person sees their own follow-ups (the group, the timeline, the notes shared with the group,
  the appointments, the documents, the proposals) and may end them.
- A professional sees a follow-up only while they are an *active* member of its group (not left)
  AND still a member (`accounts.Membership`) of the verified support structure they joined for.
  Access is computed from the current memberships at every request: a professional removed from
  their structure loses access at once, with nothing to clean up.
- A note « ma structure seulement » is read only by the active members of its author's structure;
  the person never sees it.
- Nobody else, staff included, reads a follow-up through the site (the admin is for support):
  an outsider gets a 404 and does not learn that the person is followed.
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from emploi_territoires.accounts.models import (
    SUPPORT_STRUCTURE_KINDS,
    Membership,
    Organisation,
    User,
    VerificationStatus,
)
from emploi_territoires.accounts.permissions import AnyUser

from .models import FollowUp, FollowUpMember, FollowUpRequest, Note, NoteVisibility, SharedDocument


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def verified_support_structures() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind__in=SUPPORT_STRUCTURE_KINDS, verification_status=VerificationStatus.VERIFIED
    )


def support_structures_of(user: AnyUser | None) -> QuerySet[Organisation]:
    """The verified support structures `user` belongs to now (those they may act for)."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return verified_support_structures().filter(memberships__user_id=user.pk).order_by("name")


def is_support_professional(user: AnyUser | None) -> bool:
    return support_structures_of(user).exists()


def active_members_q(prefix: str = "") -> Q:
    """Members who have not left the group and still belong to (a verified) structure they joined for."""
    still_member = Exists(
        Membership.objects.filter(
            user_id=OuterRef(f"{prefix}user_id"),
            organisation_id=OuterRef(f"{prefix}organisation_id"),
            organisation__verification_status=VerificationStatus.VERIFIED,
        )
    )
    return Q(**{f"{prefix}left_at__isnull": True}) & Q(still_member)


def active_members(followup: FollowUp) -> QuerySet[FollowUpMember]:
    return (
        FollowUpMember.objects.filter(followup=followup)
        .filter(active_members_q())
        .select_related("user", "organisation")
        .order_by("joined_at", "pk")
    )


def membership_in(user: AnyUser | None, followup: FollowUp) -> FollowUpMember | None:
    """The user's active place in the group, or None (see the module docstring)."""
    if not _authenticated(user):
        return None
    return (
        FollowUpMember.objects.filter(followup=followup, user_id=user.pk)
        .filter(active_members_q())
        .select_related("organisation")
        .first()
    )


def followups_of_professional(user: AnyUser | None) -> QuerySet[FollowUp]:
    """THE rule for lists: the follow-ups where `user` is an active member now."""
    if not _authenticated(user):
        return FollowUp.objects.none()
    mine = FollowUpMember.objects.filter(followup_id=OuterRef("pk"), user_id=user.pk).filter(active_members_q())
    return FollowUp.objects.filter(Exists(mine))


def followed_person_ids(user: AnyUser | None, person_ids: list[int] | None = None) -> set[int]:
    """The people `user` accompanies now (open follow-ups): registered with applications.permissions,
    so that the group reads the person's profile, CV and applications (the consent says so)."""
    followups = followups_of_professional(user).filter(ended_at__isnull=True)
    if person_ids is not None:
        followups = followups.filter(person_id__in=person_ids)
    return set(followups.values_list("person_id", flat=True))


def is_person(user: AnyUser | None, followup: FollowUp) -> bool:
    return _authenticated(user) and followup.person_id == user.pk


def can_view_followup(user: AnyUser | None, followup: FollowUp) -> bool:
    return is_person(user, followup) or membership_in(user, followup) is not None


def visible_notes(user: AnyUser | None, followup: FollowUp) -> QuerySet[Note]:
    """Notes shared with the group, plus those private to the viewer's structure (members only)."""
    notes = Note.objects.filter(followup=followup).select_related("author", "organisation")
    if is_person(user, followup):
        return notes.filter(visibility=NoteVisibility.GROUP)
    member = membership_in(user, followup)
    if member is None:
        return Note.objects.none()
    return notes.filter(Q(visibility=NoteVisibility.GROUP) | Q(organisation_id=member.organisation_id))


# --- Fetch helpers (object or 404) ----------------------------------------------------------


def get_followup_for_member(request: HttpRequest, pk: int) -> tuple[FollowUp, FollowUpMember]:
    followup = FollowUp.objects.select_related("person", "referent").filter(pk=pk).first()
    member = membership_in(request.user, followup) if followup is not None else None
    if followup is None or member is None:
        raise Http404("Accompagnement introuvable.")
    return followup, member


def get_followup_for_viewer(request: HttpRequest, pk: int) -> tuple[FollowUp, FollowUpMember | None]:
    """The person or an active member; `member` is None for the person."""
    followup = FollowUp.objects.select_related("person", "referent").filter(pk=pk).first()
    if followup is not None and is_person(request.user, followup):
        return followup, None
    member = membership_in(request.user, followup) if followup is not None else None
    if followup is None or member is None:
        raise Http404("Accompagnement introuvable.")
    return followup, member


def get_followup_for_person(request: HttpRequest, pk: int) -> FollowUp:
    followup = FollowUp.objects.select_related("person", "referent").filter(pk=pk).first()
    if followup is None or not is_person(request.user, followup):
        raise Http404("Accompagnement introuvable.")
    return followup


def get_document_for_viewer(request: HttpRequest, pk: int) -> SharedDocument:
    document = SharedDocument.objects.select_related("followup").filter(pk=pk).first()
    if document is None or not can_view_followup(request.user, document.followup):
        raise Http404("Document introuvable.")
    return document


def get_request_for_structure(request: HttpRequest, pk: int) -> FollowUpRequest:
    """A request addressed to a verified support structure the user belongs to now."""
    found = (
        FollowUpRequest.objects.select_related("person", "organisation")
        .filter(pk=pk, organisation__in=support_structures_of(request.user))
        .first()
    )
    if found is None:
        raise Http404("Demande introuvable.")
    return found


def get_request_for_person(request: HttpRequest, pk: int) -> FollowUpRequest:
    found = FollowUpRequest.objects.select_related("organisation").filter(pk=pk).first()
    if found is None or not _authenticated(request.user) or found.person_id != request.user.pk:
        raise Http404("Demande introuvable.")
    return found
