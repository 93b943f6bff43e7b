"""Reminders of the VTA missions whose aid was granted (issue 16): the collectivité's members and the
volunteer are told, once per mission and kind (`MissionReminder`, unique):

* **mid-term** (`mid_term`): from the middle of the contract until its end — « faites le point » ;
* **end** (`end`): from the contract's end, while the situation at the end is not recorded;
* **six months** (`six_months`): six months after the end, while that situation is not recorded.

    report = send_reminders(today, apply=False)  # what would be sent, nothing written or sent
    report = send_reminders(today)               # send, each e-mail once

Run daily by `manage.py vta_reminders --apply` (cron) or the `send_vta_reminders` task, as the action
plans' reminders are.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from emploi_territoires.core.tasks import send_email_on_commit

from .models import AidStatus, Mission, MissionReminder, OutcomeMoment, ReminderKind
from .services_aid import _link, _member_emails, add_months, volunteer_mail

TEXTS = {
    ReminderKind.MID_TERM: (
        "VTA : le point à mi-parcours de la mission de {name}",
        "La mission « {title} » de {name} à {organisation} est à mi-parcours ({day}). C'est le moment de faire le "
        "point ensemble : avancement du projet, ce qu'il reste à faire, et la suite envisagée après le contrat.",
    ),
    ReminderKind.END: (
        "VTA : la mission de {name} est terminée — sa situation à renseigner",
        "Le contrat de {name} à {organisation} a pris fin le {day}. Indiquez sa situation à la fin de la mission "
        "(emploi, employeur, dans la collectivité ou non) : elle mesure ce que le volontariat apporte.",
    ),
    ReminderKind.SIX_MONTHS: (
        "VTA : que devient {name}, six mois après sa mission ?",
        "Six mois ont passé depuis la fin de la mission « {title} » à {organisation} ({day}). Indiquez la situation "
        "de {name} aujourd'hui.",
    ),
}


def due(mission: Mission, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The reminders a mission is due today (kind, the day it refers to), already sent ones included."""
    if mission.starts_on is None or mission.ends_on is None:
        return []
    outcomes = {o.moment for o in mission.outcomes.all()}
    found = []
    if mission.mid_term_on <= today <= mission.ends_on:
        found.append((ReminderKind.MID_TERM, mission.mid_term_on))
    if today > mission.ends_on and OutcomeMoment.END not in outcomes:
        found.append((ReminderKind.END, mission.ends_on))
    six_months = add_months(mission.ends_on, 6)
    if today >= six_months and OutcomeMoment.SIX_MONTHS not in outcomes:
        found.append((ReminderKind.SIX_MONTHS, mission.ends_on))
    return found


def send_reminders(today: datetime.date | None = None, *, apply: bool = True) -> list[tuple[int, str]]:
    """(mission id, kind) of every reminder sent (or that would be, with apply=False)."""
    today = today or timezone.localdate()
    missions = (
        Mission.objects.filter(aid__status=AidStatus.GRANTED, starts_on__isnull=False, ends_on__isnull=False)
        .exclude(ends_on__lt=add_months(today, -7))  # six months and a margin after the end: nothing left to ask
        .select_related("organisation")
        .prefetch_related("outcomes", "reminders")
        .order_by("pk")
    )
    report = []
    for mission in missions:
        sent = {r.kind for r in mission.reminders.all()}
        for kind, day in due(mission, today):
            if kind in sent:
                continue
            if apply and not _send(mission, kind, day, today):
                continue
            report.append((mission.pk, str(kind)))
    return report


def _send(mission: Mission, kind: str, day: datetime.date, today: datetime.date) -> bool:
    recipients = _member_emails(mission)
    if not recipients and not mission.volunteer_email:
        return False
    subject, body = TEXTS[kind]
    values = {
        "name": mission.volunteer_name,
        "title": mission.title,
        "organisation": mission.organisation.name,
        "day": f"{day:%d/%m/%Y}",
    }
    try:
        with transaction.atomic():
            MissionReminder.objects.create(mission=mission, kind=kind, sent_on=today)
            if recipients:
                send_email_on_commit(
                    subject.format(**values),
                    "\n\n".join([body.format(**values), f"La mission : {_link(mission)}", "— Emploi Territoires"]),
                    recipients,
                )
            volunteer_mail(mission, subject.format(**values), body.format(**values))
    except IntegrityError:  # another run sent it meanwhile
        return False
    return True
