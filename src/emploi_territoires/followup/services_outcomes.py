"""The person's situation at the end of the follow-up, then 3 and 6 months later (issue 15).

    record_outcome(followup, actor, milestone="m3", situation="job", contract_kind="cdi")
    due_outcomes(user, today) -> [DueOutcome(followup, milestone, due_on)]   # the referent's to-do list
    send_outcome_reminders(today) -> number of e-mails                       # daily: command / task

Who records: an active member of the group (`followup.permissions.membership_in`), once the
follow-up has ended; a milestone may be recorded from OPEN_BEFORE_DAYS before its date (the
person is often reached a few days early) and corrected later (the audit trail keeps both).
The situation feeds the indicators (`evaluation.indicators_followup`): share in a job 3 and 6
months after the end, by public and territory.

Reminders: when a milestone is due and not recorded, one e-mail to the referent (to every active
member when the group has no referent), once per follow-up and milestone whatever the number of
runs. The audit trail (`core.audit`, action `followup.outcome_reminder`) is the record of what was
sent: the reminders are claimed by reading it in one query, and written in the same transaction as
the e-mail's task.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core import audit
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.mail import render_subject
from emploi_territoires.core.models import AuditLog
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.templatetags.core_tags import french_date

from .models import FollowUp, FollowUpMember, OutcomeCheck, Situation
from .permissions import active_members_q, followups_of_professional, membership_in

M = OutcomeCheck.Milestone
MONTHS_AFTER_END = {M.END: 0, M.MONTH_3: 3, M.MONTH_6: 6}
OPEN_BEFORE_DAYS = 14
REMINDER_ACTION = "followup.outcome_reminder"


class OutcomeError(Exception):
    """A refused record, with a French message; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, the month's last day when it has fewer (31 August + 6 → 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + datetime.timedelta(days=day.day - 1),
        next_month - datetime.timedelta(days=1),
    )


def due_on(followup: FollowUp, milestone: str) -> datetime.date:
    """The day a milestone falls: the end of the follow-up, 3 or 6 months after (local date)."""
    assert followup.ended_at is not None
    end = timezone.localtime(followup.ended_at).date()
    return add_months(end, MONTHS_AFTER_END[milestone])


def record_outcome(
    followup: FollowUp,
    actor: User,
    *,
    milestone: str,
    situation: str,
    contract_kind: str = "",
    recorded_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> OutcomeCheck:
    """Record (or correct) the situation at one milestone; French OutcomeError on bad input."""
    from .models import ContractKind

    today = today or timezone.localdate()
    recorded_on = recorded_on or today
    member = membership_in(actor, followup)
    if member is None:
        raise OutcomeError("Vous ne faites pas partie du groupe qui accompagne cette personne.")
    if followup.ended_at is None:
        raise OutcomeError("L'accompagnement n'est pas terminé : sa situation à la fin se note quand il se termine.")
    if milestone not in M.values:
        raise OutcomeError("Choisissez l'échéance : fin, 3 mois ou 6 mois après.")
    if situation not in Situation.values:
        raise OutcomeError("Choisissez la situation de la personne dans la liste.")
    if situation == Situation.JOB and contract_kind not in ContractKind.values:
        raise OutcomeError("Indiquez le type de contrat de l'emploi.")
    if situation != Situation.JOB and contract_kind:
        raise OutcomeError("Le type de contrat ne se renseigne que pour une personne en emploi.")
    due = due_on(followup, milestone)
    opens = due - datetime.timedelta(days=OPEN_BEFORE_DAYS)
    if recorded_on > today:
        raise OutcomeError("La date de constat ne peut pas être dans le futur.")
    if recorded_on < opens:
        raise OutcomeError(
            f"« {M(milestone).label} » se renseigne à partir du {french_date(opens)} (échéance le {french_date(due)})."
        )
    with transaction.atomic():
        check, created = OutcomeCheck.objects.update_or_create(
            followup=followup,
            milestone=milestone,
            defaults={
                "situation": situation,
                "contract_kind": contract_kind if situation == Situation.JOB else "",
                "recorded_on": recorded_on,
                "recorded_by": actor,
                "organisation": member.organisation,
            },
        )
        audit.record(
            actor,
            "followup.outcome_recorded" if created else "followup.outcome_corrected",
            followup,
            {"milestone": milestone, "situation": situation, "contract_kind": check.contract_kind},
        )
    return check


@dataclass(frozen=True)
class DueOutcome:
    followup: FollowUp
    milestone: str
    due_on: datetime.date

    @property
    def label(self) -> str:
        return M(self.milestone).label


def _due(followups, today: datetime.date) -> list[DueOutcome]:
    """Milestones due by `today` and not recorded, for ended follow-ups (2 queries)."""
    # Older follow-ups are not chased any more: a year past their last milestone.
    earliest_end = today - datetime.timedelta(days=31 * (max(MONTHS_AFTER_END.values()) + 12))
    rows = list(
        followups.filter(ended_at__isnull=False, ended_at__date__gte=earliest_end)
        .select_related("person", "referent")
        .order_by("ended_at", "pk")
    )
    recorded = set(
        OutcomeCheck.objects.filter(followup__in=[f.pk for f in rows]).values_list("followup_id", "milestone")
    )
    due = []
    for followup in rows:
        for milestone in MONTHS_AFTER_END:
            day = due_on(followup, milestone)
            if day <= today and (followup.pk, milestone) not in recorded:
                due.append(DueOutcome(followup, milestone, day))
    return sorted(due, key=lambda d: (d.due_on, d.followup.pk))


def due_outcomes(user: User, today: datetime.date | None = None) -> list[DueOutcome]:
    """The situations `user`'s groups have to record (« Situations à renseigner »)."""
    return _due(followups_of_professional(user), today or timezone.localdate())


def _recipients(followups: list[FollowUp]) -> dict[int, list[User]]:
    """The referent when the group has one, else every active member (one query)."""
    members: dict[int, list[User]] = {}
    for row in (
        FollowUpMember.objects.filter(followup__in=[f.pk for f in followups])
        .filter(active_members_q())
        .select_related("user")
        .order_by("joined_at", "pk")
    ):
        members.setdefault(row.followup_id, []).append(row.user)
    recipients = {}
    for followup in followups:
        group = members.get(followup.pk, [])
        referent = [u for u in group if u.pk == followup.referent_id]
        recipients[followup.pk] = [u for u in (referent or group) if u.is_active]
    return recipients


def reminders_due(today: datetime.date | None = None) -> list[DueOutcome]:
    """Due milestones whose reminder was never sent (the dry run of the command)."""
    due = _due(FollowUp.objects.all(), today or timezone.localdate())
    sent = {
        (int(target_id), (changes or {}).get("milestone"))
        for target_id, changes in AuditLog.objects.filter(
            action=REMINDER_ACTION,
            target_type=FollowUp._meta.label_lower,
            target_id__in=[str(d.followup.pk) for d in due],
        ).values_list("target_id", "changes")
    }
    return [d for d in due if (d.followup.pk, d.milestone) not in sent]


def send_outcome_reminders(today: datetime.date | None = None) -> int:
    """One e-mail per due milestone, once; returns the number of milestones reminded."""
    with transaction.atomic():
        due = reminders_due(today)
        recipients = _recipients([d.followup for d in due])
        for item in due:
            to = sorted({u.email for u in recipients.get(item.followup.pk, []) if u.email})
            audit.record(None, REMINDER_ACTION, item.followup, {"milestone": item.milestone, "to": len(to)})
            if not to:
                continue
            context = {
                "item": item,
                "person": item.followup.person,
                "url": absolute_url("followup:outcomes", item.followup.pk),
            }
            subject = render_subject("followup/emails/outcome_reminder_subject.txt", context)
            send_email_on_commit(subject, render_to_string("followup/emails/outcome_reminder.txt", context), to)
    return len(due)
