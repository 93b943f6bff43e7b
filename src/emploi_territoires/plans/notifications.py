"""E-mails of the action plans: reminders to the lead partner's contact, and the weekly digest.

    report = send_notifications(today, apply=False)  # what would be sent, nothing written or sent
    report = send_notifications(today)               # send, each e-mail once

Rules (docs/plans-reporting.md says them in French):

* **Due** (`ReminderKind.DUE`): an action neither done nor cancelled whose end date falls within the
  next 7 days, today included (`Action.is_due`). **Late** (`ReminderKind.LATE`): neither done nor
  cancelled and its end date is past (`Action.is_late`). The named contact of the lead partner is
  told once per action and kind (`ActionReminder`, unique): running the command twice, or two
  workers at once, sends one e-mail. An action found late without having been due (the command did
  not run that week) only gets the late e-mail. A contact whose account is deactivated gets
  nothing and nothing is recorded, so the reminder goes out once the contact is replaced.
* **Weekly digest**: once per ISO week (`DigestLog`, unique on plan and "2026-W48") to every named
  contact of a plan that is running (its period includes a day of the 7 days before or the 14 days
  after today), listing the actions started and done in the last 7 days (from the transition log),
  the late ones and those starting or ending in the next 14 days. A week with nothing to say sends
  nothing (and records nothing: a later run that week may still send it).

E-mails are French, text and HTML, queued on commit with `core.mail.send_templated_email`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.mail import send_templated_email

from .models import (
    CLOSED_STATUSES,
    Action,
    ActionReminder,
    ActionStatus,
    ActionTransition,
    DigestLog,
    Plan,
    ReminderKind,
)

DUE_WITHIN_DAYS = 7
DIGEST_LOOKBACK_DAYS = 7
DIGEST_LOOKAHEAD_DAYS = 14
TEMPLATES = "plans/reporting/emails"


@dataclass
class Reminder:
    action: Action
    kind: str  # ReminderKind value
    recipient: str  # "" when the contact cannot be written to


@dataclass
class Digest:
    plan: Plan
    week: str
    recipients: list[str]
    started: list[Action] = field(default_factory=list)
    done: list[Action] = field(default_factory=list)
    late: list[Action] = field(default_factory=list)
    upcoming: list[Action] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.started or self.done or self.late or self.upcoming)


@dataclass
class NotificationReport:
    applied: bool
    reminders: list[Reminder] = field(default_factory=list)  # sent (or, in a dry run, to send)
    digests: list[Digest] = field(default_factory=list)
    skipped_without_recipient: list[Reminder] = field(default_factory=list)


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _contact_email(action: Action) -> str:
    contact = action.lead.contact
    return contact.email if contact.is_active and contact.email else ""


def _send(template: str, context: dict[str, Any], to: Sequence[str]) -> None:
    send_templated_email(f"{TEMPLATES}/{template}", context, to)


# --- Reminders ------------------------------------------------------------------------------------


def reminders_to_send(today: datetime.date) -> list[Reminder]:
    """Due and late reminders not sent yet, oldest end date first."""
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    already_late = ActionReminder.objects.filter(action=OuterRef("pk"), kind=ReminderKind.LATE)
    actions = (
        Action.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(ends_on__lte=horizon)
        .exclude(Exists(already_late))  # told it is late: nothing more to say, however old
        .select_related("plan", "lead__organisation", "lead__contact")
        .prefetch_related("reminders")
        .order_by("ends_on", "pk")
    )
    reminders = []
    for action in actions:
        sent = {reminder.kind for reminder in action.reminders.all()}
        if action.is_late(today):
            kind = ReminderKind.LATE
        elif action.is_due(today, days=DUE_WITHIN_DAYS):
            kind = ReminderKind.DUE
        else:
            continue
        if kind not in sent:
            reminders.append(Reminder(action, kind.value, _contact_email(action)))
    return reminders


def _send_reminder(reminder: Reminder, today: datetime.date) -> bool:
    """Record then send, in one transaction; False when another run recorded it first."""
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=reminder.action, kind=reminder.kind, sent_on=today)
            action = reminder.action
            _send(
                f"reminder_{reminder.kind}",
                {
                    "action": action,
                    "plan": action.plan,
                    "partner": action.lead,
                    "days_left": (action.ends_on - today).days,
                    "days_late": (today - action.ends_on).days,
                    "url": absolute_url("plans:detail", action.plan_id),
                },
                [reminder.recipient],
            )
    except IntegrityError:
        return False
    return True


# --- Weekly digest -------------------------------------------------------------------------------------


def _plan_recipients(plan: Plan) -> list[str]:
    return sorted({p.contact.email for p in plan.partners.all() if p.contact.is_active and p.contact.email})


def build_digest(plan: Plan, today: datetime.date) -> Digest:
    since = today - datetime.timedelta(days=DIGEST_LOOKBACK_DAYS - 1)
    until = today + datetime.timedelta(days=DIGEST_LOOKAHEAD_DAYS)
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    actions = list(plan.actions.select_related("lead__organisation").order_by("starts_on", "ends_on", "pk"))
    moved: dict[str, set[int]] = {ActionStatus.RUNNING: set(), ActionStatus.DONE: set()}
    for action_id, to_status in ActionTransition.objects.filter(
        action__plan=plan, created_at__gte=low, created_at__lt=high, to_status__in=list(moved)
    ).values_list("action_id", "to_status"):
        moved[to_status].add(action_id)
    digest = Digest(plan, iso_week(today), _plan_recipients(plan))
    for action in actions:
        if action.pk in moved[ActionStatus.RUNNING] and action.status != ActionStatus.CANCELLED:
            digest.started.append(action)
        if action.pk in moved[ActionStatus.DONE] and action.status == ActionStatus.DONE:
            digest.done.append(action)
        if action.is_late(today):
            digest.late.append(action)
        elif not action.is_closed and (today < action.starts_on <= until or today <= action.ends_on <= until):
            digest.upcoming.append(action)
    return digest


def digests_to_send(today: datetime.date) -> list[Digest]:
    week = iso_week(today)
    plans = (
        Plan.objects.filter(
            starts_on__lte=today + datetime.timedelta(days=DIGEST_LOOKAHEAD_DAYS),
            ends_on__gte=today - datetime.timedelta(days=DIGEST_LOOKBACK_DAYS),
        )
        .exclude(digests__week=week)
        .prefetch_related("partners__contact")
        .order_by("pk")
    )
    digests = []
    for plan in plans:
        digest = build_digest(plan, today)
        if not digest.is_empty and digest.recipients:
            digests.append(digest)
    return digests


def _send_digest(digest: Digest) -> bool:
    try:
        with transaction.atomic():
            DigestLog.objects.create(plan=digest.plan, week=digest.week)
            _send(
                "digest",
                {
                    "digest": digest,
                    "plan": digest.plan,
                    "url": absolute_url("plans:detail", digest.plan.pk),
                    "lookback": DIGEST_LOOKBACK_DAYS,
                    "lookahead": DIGEST_LOOKAHEAD_DAYS,
                },
                digest.recipients,
            )
    except IntegrityError:
        return False
    return True


# --- Both ---------------------------------------------------------------------------------------------


def send_notifications(today: datetime.date | None = None, *, apply: bool = True) -> NotificationReport:
    """Reminders then digests as of `today` (local date by default); `apply=False` writes and sends nothing."""
    today = today or timezone.localdate()
    report = NotificationReport(applied=apply)
    for reminder in reminders_to_send(today):
        if not reminder.recipient:
            report.skipped_without_recipient.append(reminder)
        elif not apply or _send_reminder(reminder, today):
            report.reminders.append(reminder)
    for digest in digests_to_send(today):
        if not apply or _send_digest(digest):
            report.digests.append(digest)
    return report
