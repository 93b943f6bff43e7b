"""E-mails of a job dating: when the schedule is published, everyone gets their agenda.

Each candidate receives their interviews (times, recruiters, tables, place or link) with the .ics
attached; each recruiter's contact receives the list per table (with the .ics of all its tables).
A candidate left without an interview is told so. The e-mails leave through the task queue with
the publishing transaction (`core.tasks.send_email_on_commit`: a rolled-back publication sends nothing).
"""

from __future__ import annotations

from django.utils import formats, timezone

from emploi_territoires.core.tasks import send_email_on_commit

from . import agenda as agenda_lib
from .models import CandidateRegistration, Event, RecruiterRegistration
from .services_day import event_info, meetings_of, person_name

ICS_MIME = "text/calendar; charset=utf-8; method=PUBLISH"


def _place(event: Event) -> str:
    if event.meeting_url:
        return f"En ligne : {event.meeting_url}"
    return f"Lieu : {event.address}"


def _day(event: Event) -> str:
    return formats.date_format(event.date, "l j F Y")


def _line(meeting: agenda_lib.Meeting, who: str) -> str:
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    return f"- {start.hour} h {start:%M} – {end.hour} h {end:%M} : {who}, table {meeting.table}"


def candidate_email(event: Event, agenda: agenda_lib.Agenda) -> tuple[str, str]:
    subject = f"Votre agenda du job dating « {event.title} »"
    lines = [f"Bonjour {agenda.owner},", "", f"Le planning du job dating « {event.title} » est publié."]
    lines += [f"Date : {_day(event)}", _place(event), ""]
    if agenda.meetings:
        lines.append("Vos entretiens :")
        lines += [_line(m, m.recruiter_name) for m in agenda.meetings]
        lines += ["", "Le fichier joint (.ics) les ajoute à votre agenda. Présentez-vous quelques minutes avant."]
    else:
        lines.append(
            "Aucun entretien n'a pu vous être proposé avec les recruteurs que vous avez choisis. "
            "Le jour même, des créneaux peuvent se libérer : n'hésitez pas à venir."
        )
    lines += ["", f"Un empêchement ? Prévenez l'organisateur, {event.organiser.name}, pour libérer vos créneaux."]
    return subject, "\n".join(lines)


def recruiter_email(event: Event, name: str, agendas: list[agenda_lib.Agenda]) -> tuple[str, str]:
    subject = f"Vos entretiens au job dating « {event.title} »"
    lines = ["Bonjour,", "", f"Le planning du job dating « {event.title} » est publié pour {name}."]
    lines += [f"Date : {_day(event)}", _place(event)]
    for table in agendas:
        lines += ["", f"Table {table.owner.rsplit(' ', 1)[-1]} :"]
        lines += [_line(m, m.candidate_name) for m in table.meetings] or ["- aucun entretien"]
    lines += [
        "",
        "Le fichier joint (.ics) contient tous vos entretiens ; la liste par table s'imprime depuis la "
        "plateforme (page « Agenda par table »).",
    ]
    return subject, "\n".join(lines)


def schedule_published_emails(event: Event) -> int:
    """Queue the e-mails of a published schedule (on commit); the number of e-mails queued."""
    info = event_info(event)
    meetings = meetings_of(event)
    stamp = timezone.now()
    outbox: list[dict] = []
    candidates = CandidateRegistration.objects.filter(event=event, no_show=False).select_related("user")
    for registration in candidates:
        if not registration.user.email:
            continue
        agenda = agenda_lib.candidate_agenda(info, meetings, registration.pk, person_name(registration.user))
        subject, body = candidate_email(event, agenda)
        attachments = []
        if agenda.meetings:
            ics = agenda_lib.to_ics(agenda, stamp).decode()
            attachments.append((f"agenda-job-dating-{event.pk}.ics", ics, ICS_MIME))
        outbox.append({"subject": subject, "body": body, "to": [registration.user.email], "attachments": attachments})
    recruiters = RecruiterRegistration.objects.filter(event=event).select_related("organisation", "contact")
    for registration in recruiters:
        if registration.contact is None or not registration.contact.email:
            continue
        name = registration.organisation.name
        agendas = agenda_lib.table_agendas(info, meetings, registration.pk, name, registration.tables)
        subject, body = recruiter_email(event, name, agendas)
        merged = agenda_lib.Agenda(
            info, name, "recruiter", sorted((m for a in agendas for m in a.meetings), key=lambda m: (m.slot, m.table))
        )
        ics = agenda_lib.to_ics(merged, stamp).decode()
        outbox.append(
            {
                "subject": subject,
                "body": body,
                "to": [registration.contact.email],
                "attachments": [(f"job-dating-{event.pk}-entretiens.ics", ics, ICS_MIME)],
            }
        )
    for message in outbox:
        send_email_on_commit(**message)
    return len(outbox)
