"""Account deletion: what the job-dating module forgets about a person (`forget_person`).

Called by `applications.gdpr.erase_candidate` inside its transaction (the account itself is then
kept as a scrubbed, inactive row). The module owns the decisions:
- a registration to an event not yet held (draft, registrations open, schedule built or published)
  is deleted with its wishes, screenings, interviews and rating: the seat is freed;
- a registration to an event already held or closed stays for the event's figures (interviews,
  outcomes, attendance), attached to the scrubbed account; its wishes are deleted and the
  rating's comment blanked;
- the invitations opt-in and the invitations sent to the person are deleted;
- as a recruiter's contact or an event's advisor, the person is removed (the organisation's
  registration stays).
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from emploi_territoires.accounts.models import User

from .models import CandidateRegistration, Event, EventRating, EventStatus, RecruiterRegistration, Wish

PAST_STATUSES = (EventStatus.HELD, EventStatus.CLOSED)


@transaction.atomic
def forget_person(user: User) -> dict[str, int]:
    """Delete or anonymise everything the job-dating module holds about `user`; returns counts."""
    counts: dict[str, int] = {}
    registrations = CandidateRegistration.objects.filter(user=user)
    counts["registrations_deleted"], _ = registrations.exclude(event__status__in=PAST_STATUSES).delete()
    kept = registrations.filter(event__status__in=PAST_STATUSES)
    counts["wishes_deleted"], _ = Wish.objects.filter(candidate_registration__in=kept).delete()
    EventRating.objects.filter(candidate_registration__in=kept).update(comment="")
    # The invitations models may not exist in every version of the module: looked up by name.
    for name in ("InvitationOptIn", "EventInvitation"):
        try:
            model = apps.get_model("jobdating", name)
        except LookupError:
            continue
        model.objects.filter(user=user).delete()
    RecruiterRegistration.objects.filter(contact=user).update(contact=None)
    for event in Event.objects.filter(advisors=user):
        event.advisors.remove(user)
    return counts
