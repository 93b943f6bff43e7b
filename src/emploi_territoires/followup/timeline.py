"""One timeline per person: what happened around their follow-up, newest first.

`timeline_for(followup, viewer)` reads the rows (applications and their states, job-dating
registrations and interviews, mentoring pairs and surveys, notes, appointments, shared documents,
proposals, the group's changes) in a fixed number of queries and turns each into an `Entry`;
`assemble` (pure) keeps what belongs to the follow-up's period and sorts. The person sees
everything but the notes private to a structure; a member sees those of their own structure too
(the notes come from `permissions.visible_notes`, the one rule).

The period: from the start of the follow-up (applications still open then are included) to its
end. followup reads applications, jobdating and mentoring; they never import followup.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from emploi_territoires.applications.models import Application, ApplicationTransition
from emploi_territoires.jobdating.models import CandidateRegistration, Interview
from emploi_territoires.mentoring.models import Pair, SurveyAnswer

from . import permissions
from .models import Appointment, FollowUp, FollowUpMember, NoteVisibility, Proposal, SharedDocument


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    kind: str  # application, jobdating, mentoring, note, appointment, document, proposal, group
    title: str
    detail: str = ""
    private: bool = False  # a note private to the viewer's structure (shown with a badge)
    always: bool = False  # shown whatever its date (an application still open at the start)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


KIND_LABELS = {
    "application": "Candidature",
    "jobdating": "Job dating",
    "mentoring": "Mentorat",
    "note": "Note",
    "appointment": "Rendez-vous",
    "document": "Document",
    "proposal": "Proposition",
    "group": "Accompagnement",
}


def assemble(
    entries: Iterable[Entry], *, start: datetime.datetime, end: datetime.datetime | None = None
) -> list[Entry]:
    """Keep the entries of the period [start, end] (and those marked `always`), newest first."""
    kept = [e for e in entries if e.always or (e.at >= start and (end is None or e.at <= end))]
    return sorted(kept, key=lambda e: e.at, reverse=True)


def _start_of(followup: FollowUp) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(followup.started_on, datetime.time.min))


def _application_entries(person_id: int, start: datetime.datetime) -> list[Entry]:
    entries: list[Entry] = []
    applications = list(
        Application.objects.filter(candidate_id=person_id).select_related("offer", "organisation", "prescribed_by")
    )
    by_id = {a.pk: a for a in applications}
    for application in applications:
        prescribed = f" — prescrite par {application.prescribed_by}" if application.prescribed_by_id else ""
        entries.append(
            Entry(
                application.created_at,
                "application",
                f"Candidature à « {application.offer.title} »",
                f"{application.organisation.name}{prescribed}",
                always=application.created_at < start and not application.is_closed,
            )
        )
    transitions = ApplicationTransition.objects.filter(application_id__in=list(by_id)).only(
        "application_id", "to_status", "created_at"
    )
    for transition in transitions:
        application = by_id[transition.application_id]
        entries.append(
            Entry(
                transition.created_at,
                "application",
                f"Candidature à « {application.offer.title} » : {transition.get_to_status_display().lower()}",
                application.organisation.name,
            )
        )
    return entries


def _jobdating_entries(person_id: int) -> list[Entry]:
    entries: list[Entry] = []
    for registration in CandidateRegistration.objects.filter(user_id=person_id).select_related("event"):
        entries.append(
            Entry(registration.created_at, "jobdating", f"Inscription au job dating « {registration.event.title} »")
        )
    interviews = Interview.objects.filter(candidate_registration__user_id=person_id, run__accepted=True).select_related(
        "event", "recruiter_registration__organisation"
    )
    for interview in interviews:
        entries.append(
            Entry(
                interview.event.slot_start(interview.slot),
                "jobdating",
                f"Entretien avec {interview.recruiter_registration.organisation.name}",
                f"Job dating « {interview.event.title} », {interview.event.slot_label(interview.slot)} — "
                f"{interview.get_status_display().lower()}",
            )
        )
    return entries


def _mentoring_entries(person_id: int) -> list[Entry]:
    entries: list[Entry] = []
    pairs = list(Pair.objects.filter(mentee_id=person_id).select_related("programme", "mentor"))
    for pair in pairs:
        start = timezone.make_aware(datetime.datetime.combine(pair.started_on, datetime.time(9)))
        entries.append(
            Entry(start, "mentoring", f"Binôme de mentorat avec {pair.mentor}", f"Programme « {pair.programme.name} »")
        )
        if pair.ended_on:
            end = timezone.make_aware(datetime.datetime.combine(pair.ended_on, datetime.time(18)))
            outcome = f" — {pair.get_outcome_display().lower()}" if pair.outcome else ""
            entries.append(Entry(end, "mentoring", f"Fin du mentorat avec {pair.mentor}{outcome}"))
    for answer in SurveyAnswer.objects.filter(pair__in=[p.pk for p in pairs]).only(
        "milestone", "situation", "created_at"
    ):
        entries.append(
            Entry(
                answer.created_at,
                "mentoring",
                f"Questionnaire de mentorat à {answer.milestone} mois",
                answer.get_situation_display(),
            )
        )
    return entries


def _followup_entries(followup: FollowUp, viewer) -> list[Entry]:
    entries: list[Entry] = [
        Entry(
            followup.consent_at if followup.consent_at > _start_of(followup) else _start_of(followup),
            "group",
            "Début de l'accompagnement",
            followup.get_start_reason_display(),
        )
    ]
    if followup.ended_at:
        entries.append(
            Entry(followup.ended_at, "group", "Fin de l'accompagnement", followup.get_end_reason_display(), always=True)
        )
    for member in FollowUpMember.objects.filter(followup=followup).select_related("user", "organisation"):
        entries.append(Entry(member.joined_at, "group", f"{member.user} ({member.organisation}) rejoint le groupe"))
        if member.left_at:
            entries.append(Entry(member.left_at, "group", f"{member.user} ({member.organisation}) quitte le groupe"))
    for note in permissions.visible_notes(viewer, followup):
        entries.append(
            Entry(
                note.created_at,
                "note",
                f"Note de {note.author or 'un compte supprimé'} ({note.organisation or 'structure inconnue'})",
                note.text,
                private=note.visibility == NoteVisibility.STRUCTURE,
            )
        )
    for appointment in Appointment.objects.filter(followup=followup).select_related("with_user", "organisation"):
        where = appointment.place or appointment.get_channel_display()
        entries.append(
            Entry(
                appointment.starts_at,
                "appointment",
                f"Rendez-vous avec {appointment.with_user or 'la structure'} "
                f"({appointment.get_status_display().lower()})",
                f"{appointment.subject} — {where}".strip(" —"),
                always=True,
            )
        )
    for document in SharedDocument.objects.filter(followup=followup).select_related("uploaded_by"):
        entries.append(
            Entry(
                document.created_at, "document", f"Document partagé : {document.title}", f"par {document.uploaded_by}"
            )
        )
    for proposal in Proposal.objects.filter(followup=followup).select_related(
        "created_by", "offer", "event", "programme"
    ):
        target = proposal.offer or proposal.event or proposal.programme
        entries.append(
            Entry(
                proposal.created_at,
                "proposal",
                f"{proposal.get_kind_display()} : {target or 'cible retirée'}",
                f"par {proposal.created_by} — {proposal.get_status_display().lower()}",
            )
        )
    return entries


def timeline_for(followup: FollowUp, viewer) -> list[Entry]:
    start = _start_of(followup)
    entries = (
        _application_entries(followup.person_id, start)
        + _jobdating_entries(followup.person_id)
        + _mentoring_entries(followup.person_id)
        + _followup_entries(followup, viewer)
    )
    return assemble(entries, start=start, end=followup.ended_at)
