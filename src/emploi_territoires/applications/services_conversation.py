"""Every write of the conversation around an application (issue 19): messages and interviews.

Views (`views_conversation.py`), the follow-up app (through the plain functions below) and the
reminder task/command call these functions; nothing else saves a `Thread`, `Message`,
`Interview` or `InterviewSlot`. Each function validates first (French messages in
`ConversationError`, nothing written on error), writes in one transaction and queues its e-mails
on commit (`core.tasks.send_email_on_commit`), so a rolled-back change notifies nobody.

Who takes part (`side_of`):
- the organisation that recruits: its members (any role) while they may still see the person
  (organisation verified, application open or closed less than 24 months ago: the CV's rule);
- the candidate, on their own application;
- the candidate's follow-up group, only when the candidate shared the thread
  (`Thread.shared_with_followup`). applications never imports followup: followup checks that the
  reader belongs to the person's group, then calls `thread_for_followup` / `post_message(side=FOLLOWUP)`.
Nobody else reads a thread: not staff, not the advisors who see the offer's applications, not the
Apec advisor an application is shared with (that share covers the application, not the messages).

Messages: text up to 5,000 characters, an optional PDF (`uploads.check_message_attachment`, the
CV's content checks) stored in the private storage under a random name. The other side is e-mailed
with a link and the message's first line only (at most 120 characters). Read state per side:
`mark_read` when a side opens the thread. After a withdrawal the thread is read-only.

Interviews:

    proposed ──(candidate picks a slot)──► confirmed ──(day before)──► reminder e-mail
       │  ▲                                    │
       │  └──── rescheduled ◄──────────────────┤  recruiter: new slots + reason
       │        (new slots, or none: the       │  candidate: asks for another date + reason
       │         candidate asked for another)  │
       └──────────────► cancelled ◄────────────┘  either side, with a reason

- The recruiter proposes one to three slots (start, end, a place or an http(s) video link), in the
  future; the application moves to « Entretien » if it was new or under review.
- One open interview (proposed, confirmed, rescheduled) per application at a time.
- Each change the calendars must see increments `sequence`; the .ics (`interview_ics`) has a
  stable UID, so importing the new file updates the entry; a cancellation is sent as STATUS:CANCELLED.
- The reminder (`send_interview_reminders`, daily task or `interview_reminders --apply`) goes to
  both sides for the confirmed interviews of the next day, claimed by a conditional UPDATE on
  `reminder_sent_at` (two runs never send it twice); a reschedule empties it.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import AnyUser, is_member, unverified_refusal
from emploi_territoires.core import formats
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.mail import send_templated_email
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.templatetags.core_tags import french_date
from emploi_territoires.core.text import clean_text

from . import services_pipeline
from .models import Application, ApplicationStatus
from .models_conversation import Interview, InterviewSlot, InterviewStatus, Message, Side, Thread
from .permissions import recruiter_access_cutoff
from .uploads import check_message_attachment

MAX_BODY_LENGTH = 5_000
MAX_NOTE_LENGTH = 2_000
MAX_REASON_LENGTH = 1_000
MAX_PLACE_LENGTH = 300
MAX_SLOTS = 3
MAX_SLOT_HOURS = 8
PREVIEW_LENGTH = 120
OPEN_INTERVIEW_STATUSES = (InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED, InterviewStatus.RESCHEDULED)
UID_DOMAIN = "entretiens.emploi-territoires.fr"

# Sent after a message is written (on commit), for the apps above applications (followup notifies
# its group members itself): sender=Message, message=<Message>.
message_posted = Signal()


class ConversationError(Exception):
    """A refused action, with a French message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Who takes part --------------------------------------------------------------------------------


def _authenticated(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def organisation_may_take_part(
    user: AnyUser | None, application: Application, now: datetime.datetime | None = None
) -> bool:
    """A member of the recruiting organisation, while the organisation may still see the person."""
    if not _authenticated(user) or application.candidate_id is None:
        return False
    if not is_member(user, application.organisation):
        return False
    if unverified_refusal(application.organisation, "see_candidates") is not None:
        return False
    return application.closed_at is None or application.closed_at >= recruiter_access_cutoff(now)


def side_of(user: AnyUser | None, application: Application, now: datetime.datetime | None = None) -> Side | None:
    """The side `user` takes in the application's conversation, or None (the follow-up side is
    decided by followup, which calls the functions of this module with side=FOLLOWUP)."""
    if not _authenticated(user) or application.candidate_id is None:
        return None
    if application.candidate_id == user.pk:
        return Side.CANDIDATE
    if organisation_may_take_part(user, application, now):
        return Side.ORGANISATION
    return None


def thread_is_writable(application: Application) -> bool:
    return application.candidate_id is not None and application.status != ApplicationStatus.WITHDRAWN


# --- Reading a thread (the plain data the pages and followup render) --------------------------------


@dataclass
class MessageView:
    pk: int
    side: str
    author_label: str
    body: str
    created_at: datetime.datetime
    attachment_name: str
    attachment_size: int | None
    is_mine: bool
    read_by_other_side: bool


@dataclass
class ThreadView:
    application_id: int
    offer_title: str
    organisation_name: str
    shared_with_followup: bool
    messages: list[MessageView] = field(default_factory=list)

    @property
    def last(self) -> MessageView | None:
        return self.messages[-1] if self.messages else None


def _author_label(message: Message, application: Application, viewer_side: str) -> str:
    if message.side == Side.CANDIDATE:
        return "Vous" if viewer_side == Side.CANDIDATE else _person_name(application)
    author = message.author
    name = author.get_full_name() if author is not None and author.is_active else ""
    structure = message.author_organisation.name if message.author_organisation else ""
    if message.side == Side.ORGANISATION:
        structure = structure or application.organisation.name
        return f"{name} ({structure})" if name else structure
    label = "Accompagnement"
    return f"{name} ({structure or label})" if name else (structure or label)


def _person_name(application: Application) -> str:
    candidate = application.candidate
    if candidate is None:
        return "Personne candidate"
    return candidate.get_full_name() or "Personne candidate"


def read_thread(application: Application, viewer_side: str, *, viewer: AnyUser | None = None) -> ThreadView:
    """The thread as `viewer_side` sees it (call it only after a permission check: `side_of`, or
    followup's own check plus `thread_for_followup`)."""
    thread = Thread.objects.filter(application_id=application.pk).first()
    view = ThreadView(
        application_id=application.pk,
        offer_title=application.offer.title,
        organisation_name=application.organisation.name,
        shared_with_followup=bool(thread and thread.shared_with_followup),
    )
    if thread is None:
        return view
    for message in thread.messages.select_related("author", "author_organisation").order_by("created_at", "pk"):
        if message.side == Side.CANDIDATE:
            read_by_other = message.read_by_organisation_at is not None
        elif message.side == Side.ORGANISATION:
            read_by_other = message.read_by_candidate_at is not None
        else:
            read_by_other = message.read_by_candidate_at is not None and message.read_by_organisation_at is not None
        view.messages.append(
            MessageView(
                pk=message.pk,
                side=message.side,
                author_label=_author_label(message, application, viewer_side),
                body=message.body,
                created_at=message.created_at,
                attachment_name=message.attachment_name if message.attachment_file else "",
                attachment_size=message.attachment_size,
                is_mine=message.side == viewer_side
                and (viewer_side != Side.FOLLOWUP or (viewer is not None and message.author_id == viewer.pk)),
                read_by_other_side=read_by_other,
            )
        )
    return view


def thread_for_followup(application: Application) -> ThreadView | None:
    """For the follow-up app, AFTER it checked that its user belongs to the person's group: the
    thread if the person shared it with their follow-up group, else None (nothing to show)."""
    if application.candidate_id is None or not is_shared_with_followup(application):
        return None
    return read_thread(application, Side.FOLLOWUP)


def is_shared_with_followup(application: Application) -> bool:
    return Thread.objects.filter(application_id=application.pk, shared_with_followup=True).exists()


def unread_counts(application_ids: Sequence[int], side: str) -> dict[int, int]:
    """Messages of the other sides not read yet by `side`, per application."""
    if side not in (Side.CANDIDATE, Side.ORGANISATION):
        return {}
    read_field = "read_by_candidate_at" if side == Side.CANDIDATE else "read_by_organisation_at"
    rows = (
        Message.objects.filter(thread__application_id__in=list(application_ids), **{f"{read_field}__isnull": True})
        .exclude(side=side)
        .values_list("thread__application_id", flat=True)
    )
    counts: dict[int, int] = {}
    for application_id in rows:
        counts[application_id] = counts.get(application_id, 0) + 1
    return counts


def last_messages(application_ids: Sequence[int]) -> dict[int, Message]:
    """The last message of each application's thread (one query)."""
    last: dict[int, Message] = {}
    for message in (
        Message.objects.filter(thread__application_id__in=list(application_ids))
        .select_related("thread")
        .order_by("created_at", "pk")
    ):
        last[message.thread.application_id] = message
    return last


# --- Writing -------------------------------------------------------------------------------------------


def _thread_for_update(application: Application) -> Thread:
    thread, _ = Thread.objects.get_or_create(application_id=application.pk)
    return Thread.objects.select_for_update().get(pk=thread.pk)


def first_line(body: str) -> str:
    """The e-mail's preview of a private message: its first non-empty line, cut at 120 characters."""
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return line if len(line) <= PREVIEW_LENGTH else line[: PREVIEW_LENGTH - 1].rstrip() + "…"


def _save_attachment(upload: UploadedFile) -> str:
    name = f"messages/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.pdf"
    upload.seek(0)
    return private_storage().save(name, upload)


def post_message(
    application: Application,
    *,
    author: User,
    side: str,
    body: str,
    attachment: UploadedFile | None = None,
    author_organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> Message:
    """Write a message in the application's thread (created with the first message); e-mail the others.

    The caller checked that `author` takes part on `side` (`side_of`; followup for its group and
    `is_shared_with_followup`). The candidate and the organisation are re-checked here all the same.
    """
    now = now or timezone.now()
    body = clean_text(body or "").strip()
    if side == Side.CANDIDATE and application.candidate_id != author.pk:
        raise ConversationError("Seule la personne qui a candidaté écrit de ce côté de la conversation.")
    if side == Side.ORGANISATION and not organisation_may_take_part(author, application, now):
        raise ConversationError("Seuls les membres de l'organisation qui recrute écrivent de ce côté.")
    if side == Side.FOLLOWUP and not is_shared_with_followup(application):
        raise ConversationError("La personne n'a pas partagé cette conversation avec son accompagnement.")
    if side not in Side.values:
        raise ConversationError("Côté de la conversation inconnu.")
    if not thread_is_writable(application):
        raise ConversationError("La candidature a été retirée : la conversation est close.")
    if not body:
        raise ConversationError("Écrivez votre message avant de l'envoyer.")
    if len(body) > MAX_BODY_LENGTH:
        raise ConversationError(
            f"Le message fait {formats.number(len(body))} caractères : {formats.number(MAX_BODY_LENGTH)} au maximum."
        )
    checked_name = ""
    if attachment is not None:
        try:
            check_message_attachment(attachment)
        except ValidationError as error:
            raise ConversationError(" ".join(error.messages)) from None
        checked_name = clean_text(attachment.name or "document.pdf", single_line=True).rsplit("/", 1)[-1][:200]
    if side == Side.ORGANISATION:
        author_organisation = application.organisation
    stored = ""
    try:
        with transaction.atomic():
            thread = _thread_for_update(application)
            if attachment is not None:
                stored = _save_attachment(attachment)
            message = Message.objects.create(
                thread=thread,
                author=author,
                side=side,
                author_organisation=author_organisation,
                body=body,
                attachment_file=stored,
                attachment_name=checked_name if stored else "",
                attachment_size=attachment.size if stored else None,
                read_by_candidate_at=now if side == Side.CANDIDATE else None,
                read_by_organisation_at=now if side == Side.ORGANISATION else None,
            )
            Message.objects.filter(pk=message.pk).update(created_at=now)
            message.created_at = now
            thread.last_message_at = now
            thread.save(update_fields=["last_message_at"])
            if side == Side.CANDIDATE:
                services_pipeline.touch_candidate_activity(author)
            _notify_message(application, message)
            transaction.on_commit(lambda: message_posted.send(sender=Message, message=message))
    except BaseException:
        if stored:
            private_storage().delete(stored)
        raise
    return message


def _notify_message(application: Application, message: Message) -> None:
    context = {
        "application": application,
        "offer": application.offer,
        "preview": first_line(message.body),
        "has_attachment": bool(message.attachment_file),
    }
    if message.side != Side.CANDIDATE:
        _send(
            "message_to_candidate",
            context | {"sender": application.organisation.name if message.side == Side.ORGANISATION else None},
            services_pipeline._candidate_email(application),
            url=absolute_url("applications:candidate_application", application.pk),
        )
    if message.side != Side.ORGANISATION:
        _send(
            "message_to_organisation",
            context,
            services_pipeline.recruiter_emails(application.organisation_id),
            url=absolute_url("applications:thread", application.pk),
        )


def mark_read(application: Application, side: str, now: datetime.datetime | None = None) -> int:
    """The other sides' messages are read by `side` (the organisation: any member). Number marked."""
    if side not in (Side.CANDIDATE, Side.ORGANISATION):
        return 0
    read_field = "read_by_candidate_at" if side == Side.CANDIDATE else "read_by_organisation_at"
    return (
        Message.objects.filter(thread__application_id=application.pk, **{f"{read_field}__isnull": True})
        .exclude(side=side)
        .update(**{read_field: now or timezone.now()})
    )


def set_followup_sharing(application: Application, *, candidate: User, shared: bool) -> Thread:
    """The candidate shares the thread with their follow-up group, or stops sharing it."""
    if application.candidate_id != candidate.pk:
        raise ConversationError("Seule la personne qui a candidaté décide du partage de la conversation.")
    with transaction.atomic():
        thread = _thread_for_update(application)
        if thread.shared_with_followup != shared:
            thread.shared_with_followup = shared
            thread.shared_with_followup_at = timezone.now() if shared else None
            thread.save(update_fields=["shared_with_followup", "shared_with_followup_at"])
    return thread


def attachment_for(message: Message, viewer_side: str) -> str:
    """The private file of an attachment the side may download ('' if none). After a withdrawal the
    organisation no longer downloads what the person sent (as for the CV)."""
    if not message.attachment_file:
        return ""
    application = message.thread.application
    if (
        viewer_side == Side.ORGANISATION
        and message.side != Side.ORGANISATION
        and application.status == ApplicationStatus.WITHDRAWN
    ):
        return ""
    return message.attachment_file


# --- Interviews -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotInput:
    start: datetime.datetime
    end: datetime.datetime
    place: str = ""
    video_url: str = ""


_URL = URLValidator(schemes=["http", "https"])


def _check_slots(slots: Sequence[SlotInput], now: datetime.datetime) -> list[SlotInput]:
    if not slots:
        raise ConversationError("Proposez au moins un créneau (date, heures, lieu ou lien).")
    if len(slots) > MAX_SLOTS:
        raise ConversationError(f"Proposez {MAX_SLOTS} créneaux au plus.")
    cleaned = []
    for number, slot in enumerate(slots, start=1):
        label = f"Créneau {number}"
        if timezone.is_naive(slot.start) or timezone.is_naive(slot.end):
            raise ConversationError(f"{label} : date ou heure invalide.")
        if slot.start <= now:
            raise ConversationError(f"{label} : la date est passée ; proposez un créneau à venir.")
        if slot.end <= slot.start:
            raise ConversationError(f"{label} : l'heure de fin doit suivre l'heure de début.")
        if slot.end - slot.start > datetime.timedelta(hours=MAX_SLOT_HOURS):
            raise ConversationError(f"{label} : un entretien dure {MAX_SLOT_HOURS} heures au plus.")
        place = clean_text(slot.place or "", single_line=True).strip()
        video_url = (slot.video_url or "").strip()
        if not place and not video_url:
            raise ConversationError(f"{label} : indiquez le lieu ou le lien de la visioconférence.")
        if len(place) > MAX_PLACE_LENGTH:
            raise ConversationError(f"{label} : le lieu fait plus de {MAX_PLACE_LENGTH} caractères.")
        if video_url:
            try:
                _URL(video_url)
            except ValidationError:
                raise ConversationError(
                    f"{label} : le lien de la visioconférence doit être une adresse web (https://…)."
                ) from None
            if len(video_url) > 500:
                raise ConversationError(f"{label} : le lien de la visioconférence est trop long.")
        cleaned.append(SlotInput(start=slot.start, end=slot.end, place=place, video_url=video_url))
    starts = [slot.start for slot in cleaned]
    if len(set(starts)) != len(starts):
        raise ConversationError("Deux créneaux commencent à la même heure : proposez des créneaux différents.")
    return sorted(cleaned, key=lambda slot: slot.start)


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = clean_text(reason or "").strip()
    if required and not reason:
        raise ConversationError("Indiquez le motif : l'autre partie le lira.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ConversationError(f"Le motif fait plus de {formats.number(MAX_REASON_LENGTH)} caractères.")
    return reason


def open_interview(application: Application) -> Interview | None:
    return (
        Interview.objects.filter(application_id=application.pk, status__in=OPEN_INTERVIEW_STATUSES)
        .select_related("chosen_slot")
        .first()
    )


def _require_organisation(actor: AnyUser | None, application: Application, now: datetime.datetime) -> None:
    if not organisation_may_take_part(actor, application, now):
        raise ConversationError("Seuls les membres de l'organisation qui recrute organisent les entretiens.")


def _create_slots(interview: Interview, slots: Sequence[SlotInput]) -> list[InterviewSlot]:
    return InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(interview=interview, start=s.start, end=s.end, place=s.place, video_url=s.video_url)
            for s in slots
        ]
    )


def propose_interview(
    application: Application,
    *,
    actor: User,
    slots: Sequence[SlotInput],
    note: str = "",
    now: datetime.datetime | None = None,
) -> Interview:
    """The recruiter proposes one to three slots; the candidate is e-mailed to choose one."""
    now = now or timezone.now()
    _require_organisation(actor, application, now)
    if application.is_closed:
        raise ConversationError("Cette candidature est close : on ne peut plus proposer d'entretien.")
    note = clean_text(note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ConversationError(f"Les précisions font plus de {formats.number(MAX_NOTE_LENGTH)} caractères.")
    checked = _check_slots(slots, now)
    with transaction.atomic():
        locked = services_pipeline._locked(application.pk)
        if open_interview(locked) is not None:
            raise ConversationError(
                "Un entretien est déjà en cours pour cette candidature : reportez-le ou annulez-le."
            )
        interview = Interview.objects.create(application=locked, proposed_by=actor, note=note)
        _create_slots(interview, checked)
        if locked.status in (ApplicationStatus.NEW, ApplicationStatus.UNDER_REVIEW):
            # The pipeline's transition, without its generic e-mail: the proposal's e-mail says more.
            services_pipeline.transition_application(
                locked, ApplicationStatus.INTERVIEW, actor=actor, now=now, notify=False
            )
        _send(
            "interview_proposed",
            {"application": locked, "offer": locked.offer, "interview": interview, "slots": _slot_rows(checked)},
            services_pipeline._candidate_email(locked),
            url=absolute_url("applications:candidate_application", locked.pk),
        )
    application.status = locked.status
    return interview


def _locked_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__offer", "application__organisation", "application__candidate")
        .get(pk=interview.pk)
    )


def choose_slot(
    interview: Interview, *, candidate: User, slot_id: int, now: datetime.datetime | None = None
) -> Interview:
    """The candidate picks one of the proposed slots: confirmed; both sides get the .ics."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_interview(interview)
        application = current.application
        if application.candidate_id != candidate.pk:
            raise ConversationError("Seule la personne qui a candidaté choisit le créneau.")
        if current.status not in (InterviewStatus.PROPOSED, InterviewStatus.RESCHEDULED):
            raise ConversationError(
                "Cet entretien n'attend pas de choix de créneau (il est déjà confirmé ou a été annulé)."
            )
        if application.is_closed:
            raise ConversationError("Cette candidature est close.")
        slot = InterviewSlot.objects.filter(interview=current, pk=slot_id).first()
        if slot is None:
            raise ConversationError("Choisissez l'un des créneaux proposés.")
        if slot.start <= now:
            raise ConversationError("Ce créneau est passé : choisissez-en un autre ou demandez un autre créneau.")
        current.chosen_slot = slot
        current.status = InterviewStatus.CONFIRMED
        current.confirmed_at = now
        current.sequence += 1
        current.reminder_sent_at = None
        current.save(
            update_fields=["chosen_slot", "status", "confirmed_at", "sequence", "reminder_sent_at", "updated_at"]
        )
        _notify_both(current, "interview_confirmed", with_ics=True)
    return current


def reschedule_interview(
    interview: Interview,
    *,
    actor: User,
    reason: str,
    slots: Sequence[SlotInput] = (),
    now: datetime.datetime | None = None,
) -> Interview:
    """The recruiter proposes new slots (with a reason), or the candidate asks for another date
    (a reason, no slots): the chosen slot is released, the other side is told."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_interview(interview)
        application = current.application
        side = side_of(actor, application, now)
        if side is None:
            raise ConversationError("Vous ne prenez pas part à cet entretien.")
        if current.status not in OPEN_INTERVIEW_STATUSES:
            raise ConversationError("Cet entretien a été annulé : proposez-en un nouveau.")
        if application.is_closed:
            raise ConversationError("Cette candidature est close.")
        reason = _clean_reason(reason, required=True)
        if side == Side.ORGANISATION:
            checked = _check_slots(slots, now)
        else:
            if slots:
                raise ConversationError(
                    "Le recruteur propose les nouveaux créneaux : indiquez vos disponibilités dans le motif."
                )
            checked = []
        current.chosen_slot = None
        current.slots.all().delete()
        _create_slots(current, checked)
        current.status = InterviewStatus.RESCHEDULED
        current.reason = reason
        current.reason_side = side
        current.sequence += 1
        current.reminder_sent_at = None
        current.confirmed_at = None
        current.save(
            update_fields=[
                "chosen_slot",
                "status",
                "reason",
                "reason_side",
                "sequence",
                "reminder_sent_at",
                "confirmed_at",
                "updated_at",
            ]
        )
        context = {"slots": _slot_rows(checked), "by_candidate": side == Side.CANDIDATE}
        _notify_both(current, "interview_rescheduled", extra=context)
    return current


def cancel_interview(
    interview: Interview, *, actor: User, reason: str, now: datetime.datetime | None = None
) -> Interview:
    """Either side cancels, with a reason; both are told (the .ics carries STATUS:CANCELLED)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_interview(interview)
        side = side_of(actor, current.application, now)
        if side is None:
            raise ConversationError("Vous ne prenez pas part à cet entretien.")
        if current.status not in OPEN_INTERVIEW_STATUSES:
            raise ConversationError("Cet entretien est déjà annulé.")
        current.reason = _clean_reason(reason, required=True)
        current.reason_side = side
        current.status = InterviewStatus.CANCELLED
        current.cancelled_at = now
        current.sequence += 1
        current.save(update_fields=["reason", "reason_side", "status", "cancelled_at", "sequence", "updated_at"])
        _notify_both(current, "interview_cancelled", with_ics=current.chosen_slot_id is not None)
    return current


def _slot_rows(slots: Sequence[SlotInput | InterviewSlot]) -> list[dict[str, str]]:
    return [
        {
            "when": describe_slot(slot.start, slot.end),
            "place": slot.place,
            "video_url": slot.video_url,
        }
        for slot in slots
    ]


def describe_slot(start: datetime.datetime, end: datetime.datetime) -> str:
    """« mardi 8 décembre 2026, de 10 h 00 à 11 h 00 » (Paris time)."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    day = f"{date_format(local_start, 'l')} {french_date(local_start)}"
    return f"{day}, de {local_start:%H} h {local_start:%M} à {local_end:%H} h {local_end:%M}"


def _notify_both(interview: Interview, template: str, *, with_ics: bool = False, extra: dict | None = None) -> None:
    application = interview.application
    slot = interview.chosen_slot
    context: dict[str, Any] = {
        "application": application,
        "offer": application.offer,
        "interview": interview,
        "slot": _slot_rows([slot])[0] if slot is not None else None,
        "reason_by_candidate": interview.reason_side == Side.CANDIDATE,
        **(extra or {}),
    }
    attachments = [("entretien.ics", interview_ics(interview).decode(), "text/calendar")] if with_ics else None
    _send(
        template,
        context | {"to_candidate": True},
        services_pipeline._candidate_email(application),
        url=absolute_url("applications:candidate_application", application.pk),
        attachments=attachments,
    )
    _send(
        template,
        context | {"to_candidate": False},
        services_pipeline.recruiter_emails(application.organisation_id),
        url=absolute_url("applications:thread", application.pk),
        attachments=attachments,
    )


def _send(
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    *,
    url: str,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render applications/emails/<template>{_subject.txt,.txt,.html} and send on commit."""
    send_templated_email(f"applications/emails/{template}", {"url": url, **context}, to, attachments=attachments)


# --- Calendar file (.ics) ---------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_STRAY_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _ics_line(value: str) -> str:
    """One line, no control character: a line break would start a calendar property of its own
    (the same guard as jobdating's agenda, which applications may not import)."""
    return _LINE_BREAKS.sub(" ", clean_text(value or "")).strip()


def interview_uid(interview: Interview) -> str:
    raw = f"interview:{interview.pk}:{interview.application_id}"
    return f"{hashlib.sha256(raw.encode()).hexdigest()[:24]}@{UID_DOMAIN}"


def interview_ics(interview: Interview, stamp: datetime.datetime | None = None) -> bytes:
    """The interview as an iCalendar file (one VEVENT, Paris time with its VTIMEZONE): the same file
    for both sides; its UID is stable and its SEQUENCE grows, so a new file updates the entry."""
    from icalendar import Calendar, Event

    application = interview.application
    slot = interview.chosen_slot
    if slot is None:
        raise ConversationError("Aucun créneau n'est encore choisi pour cet entretien.")
    paris = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Emploi Territoires//Entretiens//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", interview_uid(interview))
    entry.add("sequence", interview.sequence)
    entry.add("dtstamp", stamp or interview.updated_at or timezone.now())
    entry.add("dtstart", slot.start.astimezone(paris))
    entry.add("dtend", slot.end.astimezone(paris))
    entry.add("summary", _ics_line(f"Entretien — {application.offer.title} ({application.organisation.name})"))
    lines = [
        _ics_line(f"Entretien pour le poste « {application.offer.title} » (référence {application.offer.reference})"),
        _ics_line(f"Organisation : {application.organisation.name}"),
    ]
    if slot.video_url:
        lines.append(_ics_line(f"Lien de la visioconférence : {slot.video_url}"))
    entry.add("description", "\n".join(lines))
    if slot.place:
        entry.add("location", _ics_line(slot.place))
    elif slot.video_url:
        entry.add("location", _ics_line(slot.video_url))
    if slot.video_url:
        entry.add("url", _ics_line(slot.video_url))
    entry.add("status", "CANCELLED" if interview.status == InterviewStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    ics = calendar.to_ical()
    for line in ics.split(b"\r\n"):
        if _STRAY_CONTROL.search(line):
            raise ValueError("Calendar line with a control character: refused.")
    return ics


# --- Reminder of the day before -------------------------------------------------------------------


@dataclass
class InterviewReminderReport:
    interviews: list[int] = field(default_factory=list)
    applied: bool = True


def due_interview_reminders(now: datetime.datetime) -> list[Interview]:
    """Confirmed interviews of tomorrow (Paris date) not yet reminded; a late run still reminds the
    ones of today that have not started."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    day_after = tomorrow + datetime.timedelta(days=1)
    day_after_start = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))
    return list(
        Interview.objects.filter(
            status=InterviewStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            chosen_slot__start__gt=now,
            chosen_slot__start__lt=day_after_start,
            application__candidate__isnull=False,
        )
        .select_related("chosen_slot", "application__offer", "application__organisation", "application__candidate")
        .order_by("chosen_slot__start", "pk")
    )


def send_interview_reminders(now: datetime.datetime | None = None, *, apply: bool = True) -> InterviewReminderReport:
    """E-mail both sides the day before each confirmed interview, once (claimed before sending)."""
    now = now or timezone.now()
    report = InterviewReminderReport(applied=apply)
    for interview in due_interview_reminders(now):
        with transaction.atomic():
            if apply:
                claimed = Interview.objects.filter(
                    Q(pk=interview.pk), status=InterviewStatus.CONFIRMED, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if not claimed:
                    continue
                _notify_both(interview, "interview_reminder", with_ics=True)
            report.interviews.append(interview.pk)
    return report
