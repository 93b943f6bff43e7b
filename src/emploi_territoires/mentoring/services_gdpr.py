"""Account deletion: what the mentoring module forgets about a person (`forget_person`).

Called by `applications.gdpr.erase_candidate` inside its transaction (the account itself is then
kept as a scrubbed, inactive row). The module owns the decisions:
- the mentor and mentee profiles (with the consent-based situation), enrolments, matching
  proposals and "never together" exclusions are deleted;
- an active pair is ended (today, no outcome: the person left) and the audit trail records why
  (`reason: account_deleted`); ended pairs stay for the programme's figures, pointing at the
  scrubbed account; their matching reasons (which may name the situation) are emptied;
- help requests, meeting notes and survey comments of the person's pairs are blanked (they may
  quote a phone number or a name); dates, kinds and scores are kept for the figures;
- the audit trail's labels of the person's pairs and profiles (« Karim Benali et Inès Haddad »)
  are replaced by a neutral label;
- a programme manager is removed from the managers.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core import audit
from emploi_territoires.core.models import AuditLog

from .models import (
    Enrolment,
    HelpRequest,
    Meeting,
    MenteeProfile,
    MentorProfile,
    NeverTogether,
    Pair,
    Programme,
    ProposedPair,
    SurveyAnswer,
)


def _neutral_labels(target_type: str, ids: list[int], label: str) -> None:
    if ids:
        AuditLog.objects.filter(target_type=target_type, target_id__in=[str(pk) for pk in ids]).update(
            target_label=Concat(Value(f"{label} n° "), "target_id")
        )


@transaction.atomic
def forget_person(user: User, *, today: datetime.date | None = None) -> dict[str, int]:
    """Delete or anonymise everything the mentoring module holds about `user`; returns counts."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    pairs = Pair.objects.filter(Q(mentor=user) | Q(mentee=user))
    pair_ids = list(pairs.values_list("pk", flat=True))
    active = list(pairs.select_for_update().filter(state=Pair.State.ACTIVE))
    for pair in active:
        audit.record(
            None,
            "mentoring.pair.ended",
            pair,
            {"state": [pair.state, Pair.State.ENDED], "reason": "account_deleted"},
        )
    counts["pairs_ended"] = Pair.objects.filter(pk__in=[p.pk for p in active]).update(
        state=Pair.State.ENDED, ended_on=today
    )
    Pair.objects.filter(pk__in=pair_ids).update(reasons=[])
    HelpRequest.objects.filter(pair_id__in=pair_ids, resolved_at__isnull=True).update(resolved_at=timezone.now())
    counts["help_requests_blanked"] = HelpRequest.objects.filter(pair_id__in=pair_ids).update(message="")
    counts["meeting_notes_blanked"] = Meeting.objects.filter(pair_id__in=pair_ids).update(note="")
    SurveyAnswer.objects.filter(pair_id__in=pair_ids).update(comment="")
    _neutral_labels("mentoring.pair", pair_ids, "Binôme")

    profile_ids = {
        "mentoring.mentorprofile": list(MentorProfile.objects.filter(user=user).values_list("pk", flat=True)),
        "mentoring.menteeprofile": list(MenteeProfile.objects.filter(user=user).values_list("pk", flat=True)),
        "mentoring.enrolment": list(Enrolment.objects.filter(user=user).values_list("pk", flat=True)),
        "mentoring.proposedpair": list(
            ProposedPair.objects.filter(Q(mentor=user) | Q(mentee=user)).values_list("pk", flat=True)
        ),
    }
    for target_type, ids in profile_ids.items():
        _neutral_labels(target_type, ids, "Objet supprimé")
    counts["proposals_deleted"], _ = ProposedPair.objects.filter(Q(mentor=user) | Q(mentee=user)).delete()
    counts["exclusions_deleted"], _ = NeverTogether.objects.filter(Q(mentor=user) | Q(mentee=user)).delete()
    counts["enrolments_deleted"], _ = Enrolment.objects.filter(user=user).delete()
    counts["profiles_deleted"] = (
        MentorProfile.objects.filter(user=user).delete()[0] + MenteeProfile.objects.filter(user=user).delete()[0]
    )
    for programme in Programme.objects.filter(managers=user):
        programme.managers.remove(user)
    return counts
