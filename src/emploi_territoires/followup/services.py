"""Every write of the follow-ups: views, admin actions, the demo and commands call these functions.

Each function checks who acts (through `followup.permissions`, from the current memberships),
validates, writes in one transaction, records the change in the audit trail (`core.audit`) and
queues the e-mails on commit. Refusals are `FollowUpError` with a French message; nothing is
written then.

    person asks a structure ──► FollowUpRequest(pending) ──accept──► FollowUp (consent « asked »)
                                                   └──decline / cancel
    professional, with the person's recorded consent ─────────────► FollowUp (consent « recorded »)
    FollowUp: members join / leave, one referent, notes, appointments, documents, contacts
              ──end (the person at any time, or a member, with a reason)──► ended (purged after
              RETENTION_YEARS: docs/followup.md)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.applications.uploads import check_cv
from emploi_territoires.core import audit
from emploi_territoires.core.mail import send_templated_email

from . import permissions
from .models import (
    CONSENT_TEXT_VERSION,
    Appointment,
    ConsentMode,
    EndReason,
    FollowUp,
    FollowUpMember,
    FollowUpRequest,
    Note,
    NoteVisibility,
    SharedDocument,
    StartReason,
    StructureTerritory,
    SupportStructure,
)

MAX_NOTE_LENGTH = 5000
MAX_MESSAGE_LENGTH = 2000
# The retention of an ended follow-up (docs/personal-data.md): then `purge_ended_followups` erases it.
RETENTION_YEARS = 2

CONSENT_TEXT = (
    "J'accepte que les professionnels de ce groupe m'accompagnent vers l'emploi : ils voient mon profil, "
    "mes candidatures, mes entretiens et mon mentorat, ils notent nos échanges et me proposent des offres. "
    "Je peux voir qui m'accompagne et arrêter l'accompagnement à tout moment depuis mon espace."
)


class FollowUpError(ValidationError):
    """A refused action, with the French message to show."""


def _email(template: str, context: dict, to: list[str], subject: str) -> None:
    send_templated_email(f"followup/emails/{template}", context, to, subject=subject, html=False)


def _clean_text(value: str, limit: int, label: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise FollowUpError(f"{label} dépasse {limit} caractères : raccourcissez-le.")
    return text


def structure_settings(organisation: Organisation) -> SupportStructure:
    found = SupportStructure.objects.filter(organisation=organisation).first()
    return found if found is not None else SupportStructure(organisation=organisation)


def _acting_structure(actor: User, organisation: Organisation | None) -> Organisation:
    structures = list(permissions.support_structures_of(actor))
    if organisation is None and len(structures) == 1:
        return structures[0]
    if organisation is None or organisation.pk not in {s.pk for s in structures}:
        raise FollowUpError(
            "Vous devez être membre d'une structure d'accompagnement vérifiée (mission locale, France Travail, "
            "Cap emploi, PLIE, CCAS, association, Apec, collectivité) pour accompagner une personne."
        )
    return organisation


def _require_member(actor: User, followup: FollowUp) -> FollowUpMember:
    member = permissions.membership_in(actor, followup)
    if member is None:
        raise FollowUpError("Vous ne faites pas partie du groupe qui accompagne cette personne.")
    return member


def _require_open(followup: FollowUp) -> None:
    if not followup.is_open:
        raise FollowUpError("Cet accompagnement est terminé.")


def _check_person(person: User | None) -> User:
    if person is None or not person.is_active or person.kind != User.Kind.CANDIDATE:
        raise FollowUpError("Aucun compte de candidat ou candidate ne correspond : la personne doit avoir un compte.")
    return person


def find_person(email: str) -> User:
    address = (email or "").strip().lower()
    return _check_person(User.objects.filter(email__iexact=address).first() if address else None)


def _join(followup: FollowUp, user: User, organisation: Organisation, added_by: User, now) -> FollowUpMember:
    member = FollowUpMember.objects.filter(followup=followup, user=user, left_at__isnull=True).first()
    if member is not None:
        if member.organisation_id != organisation.pk:
            member.organisation = organisation
            member.save(update_fields=["organisation"])
        return member
    member = FollowUpMember.objects.create(
        followup=followup, user=user, organisation=organisation, joined_at=now, added_by=added_by
    )
    audit.record(added_by, "followup.member_joined", followup, {"user": user.pk, "organisation": organisation.pk})
    return member


# --- Opening ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    followup: FollowUp
    created: bool  # False: the professional joined the person's open follow-up


def open_followup(
    actor: User,
    person: User,
    *,
    organisation: Organisation | None = None,
    start_reason: str = StartReason.JOB_SEARCH,
    start_comment: str = "",
    consent_recorded: bool = False,
    now: datetime.datetime | None = None,
) -> Opening:
    """A professional opens the person's follow-up (or joins the open one) with their recorded consent."""
    now = now or timezone.now()
    organisation = _acting_structure(actor, organisation)
    person = _check_person(person)
    if person.pk == actor.pk:
        raise FollowUpError("Vous ne pouvez pas vous accompagner vous-même.")
    if not consent_recorded:
        raise FollowUpError("Cochez la case qui confirme que la personne a donné son accord, après lecture du texte.")
    if start_reason not in StartReason.values:
        raise FollowUpError("Choisissez le motif de l'accompagnement dans la liste.")
    start_comment = _clean_text(start_comment, MAX_MESSAGE_LENGTH, "Le motif")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()  # one opening at a time per person
        existing = FollowUp.objects.filter(person=person, ended_at__isnull=True).first()
        if existing is not None:
            _join(existing, actor, organisation, actor, now)
            audit.record(actor, "followup.consent_recorded", existing, {"version": CONSENT_TEXT_VERSION})
            return Opening(existing, created=False)
        followup = FollowUp.objects.create(
            person=person,
            referent=actor,
            started_on=timezone.localdate(now),
            start_reason=start_reason,
            start_comment=start_comment,
            opened_by=actor,
            opened_by_organisation=organisation,
            consent_mode=ConsentMode.RECORDED_BY_PROFESSIONAL,
            consent_text_version=CONSENT_TEXT_VERSION,
            consent_at=now,
            last_contact_at=now,
        )
        _join(followup, actor, organisation, actor, now)
        audit.record(actor, "followup.opened", followup, {"organisation": organisation.pk, "mode": "recorded"})
        _email(
            "opened",
            {"person": person, "professional": actor, "organisation": organisation},
            [person.email],
            "Vous êtes accompagné·e sur Emploi Territoires",
        )
    return Opening(followup, created=True)


# --- Requests from the person ------------------------------------------------------------------


def structures_for(person: User) -> list[Organisation]:
    """The support structures that take requests and cover the person's commune (profile)."""
    profile = CandidateProfile.objects.select_related("commune").filter(user=person).first()
    commune = profile.commune if profile is not None else None
    if commune is None:
        return []
    covering = StructureTerritory.objects.filter(
        Q(commune_id=commune.pk) | Q(epci_id=commune.epci_id) | Q(departement_id=commune.departement_id)
    ).values("organisation_id")
    return list(
        permissions.verified_support_structures()
        .filter(pk__in=covering)
        .exclude(support_settings__accepts_requests=False)
        .order_by("kind", "name")
    )


def request_followup(
    person: User,
    organisation: Organisation,
    *,
    message: str = "",
    start_reason: str = StartReason.JOB_SEARCH,
    consent: bool = False,
) -> FollowUpRequest:
    person = _check_person(person)
    if not consent:
        raise FollowUpError("Cochez la case d'accord : sans elle, la structure ne peut pas vous accompagner.")
    if organisation.pk not in {o.pk for o in structures_for(person)}:
        raise FollowUpError(
            "Cette structure ne prend pas de demande pour votre commune : choisissez-en une dans la liste."
        )
    if start_reason not in StartReason.values:
        raise FollowUpError("Choisissez le motif de votre demande dans la liste.")
    message = _clean_text(message, MAX_MESSAGE_LENGTH, "Le message")
    with transaction.atomic():
        if FollowUpRequest.objects.filter(
            person=person, organisation=organisation, status=FollowUpRequest.Status.PENDING
        ).exists():
            raise FollowUpError("Vous avez déjà une demande en attente auprès de cette structure.")
        created = FollowUpRequest.objects.create(
            person=person,
            organisation=organisation,
            message=message,
            start_reason=start_reason,
            consent_text_version=CONSENT_TEXT_VERSION,
        )
        audit.record(person, "followup.requested", created, {"organisation": organisation.pk})
        admins = list(organisation.memberships.values_list("user__email", flat=True))
        _email(
            "request",
            {"request": created, "organisation": organisation},
            admins,
            "Une personne demande à être accompagnée",
        )
    return created


def cancel_request(person: User, followup_request: FollowUpRequest, *, now=None) -> FollowUpRequest:
    if followup_request.person_id != person.pk or followup_request.status != FollowUpRequest.Status.PENDING:
        raise FollowUpError("Cette demande n'est plus en attente.")
    with transaction.atomic():
        followup_request.status = FollowUpRequest.Status.CANCELLED
        followup_request.answered_at = now or timezone.now()
        followup_request.save(update_fields=["status", "answered_at"])
        audit.record(person, "followup.request_cancelled", followup_request)
    return followup_request


def answer_request(
    actor: User, followup_request: FollowUpRequest, *, accept: bool, message: str = "", now=None
) -> FollowUpRequest:
    """A member of the structure accepts (opens or joins the follow-up) or declines the request."""
    now = now or timezone.now()
    organisation = _acting_structure(actor, followup_request.organisation)
    message = _clean_text(message, MAX_MESSAGE_LENGTH, "La réponse")
    with transaction.atomic():
        locked = FollowUpRequest.objects.select_for_update().get(pk=followup_request.pk)
        if locked.status != FollowUpRequest.Status.PENDING:
            raise FollowUpError("Cette demande a déjà reçu une réponse ou a été annulée.")
        person = _check_person(locked.person)
        locked.answered_at = now
        locked.answered_by = actor
        locked.answer_message = message
        if accept:
            followup = FollowUp.objects.filter(person=person, ended_at__isnull=True).first()
            if followup is None:
                followup = FollowUp.objects.create(
                    person=person,
                    referent=actor,
                    started_on=timezone.localdate(now),
                    start_reason=locked.start_reason,
                    start_comment=locked.message,
                    opened_by=actor,
                    opened_by_organisation=organisation,
                    consent_mode=ConsentMode.ASKED_BY_PERSON,
                    consent_text_version=locked.consent_text_version,
                    consent_at=locked.created_at,
                    last_contact_at=now,
                )
                audit.record(actor, "followup.opened", followup, {"organisation": organisation.pk, "mode": "asked"})
            _join(followup, actor, organisation, actor, now)
            locked.status = FollowUpRequest.Status.ACCEPTED
            locked.followup = followup
        else:
            locked.status = FollowUpRequest.Status.DECLINED
        locked.save(update_fields=["status", "answered_at", "answered_by", "answer_message", "followup"])
        audit.record(actor, "followup.request_answered", locked, {"accepted": accept})
        _email(
            "request_answered",
            {"request": locked, "accepted": accept, "professional": actor},
            [person.email],
            "Votre demande d'accompagnement a reçu une réponse",
        )
    return locked


# --- The group -------------------------------------------------------------------------------


def add_member(actor: User, followup: FollowUp, email: str, *, now=None) -> FollowUpMember:
    """A member adds a professional of a verified support structure (their only one, or the actor's)."""
    now = now or timezone.now()
    _require_member(actor, followup)
    _require_open(followup)
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    structures = list(permissions.support_structures_of(user)) if user is not None else []
    if not structures:
        raise FollowUpError(
            "Aucun ou aucune professionnelle d'une structure d'accompagnement vérifiée n'a cette adresse."
        )
    if user.pk == followup.person_id:
        raise FollowUpError("La personne accompagnée ne peut pas rejoindre son propre groupe comme professionnelle.")
    with transaction.atomic():
        return _join(followup, user, structures[0], actor, now)


def leave(actor: User, followup: FollowUp, *, now=None) -> None:
    member = _require_member(actor, followup)
    with transaction.atomic():
        member.left_at = now or timezone.now()
        member.save(update_fields=["left_at"])
        if followup.referent_id == actor.pk:
            followup.referent = None
            followup.save(update_fields=["referent"])
        audit.record(actor, "followup.member_left", followup, {"user": actor.pk})


def set_referent(actor: User, followup: FollowUp, user_id: int) -> FollowUp:
    _require_member(actor, followup)
    _require_open(followup)
    target = permissions.active_members(followup).filter(user_id=user_id).first()
    if target is None:
        raise FollowUpError("Le référent ou la référente doit faire partie du groupe.")
    with transaction.atomic():
        audit.record(actor, "followup.referent_changed", followup, {"referent": [followup.referent_id, user_id]})
        followup.referent_id = user_id
        followup.save(update_fields=["referent"])
    return followup


def end_followup(
    actor: User, followup: FollowUp, *, reason: str = "", comment: str = "", now: datetime.datetime | None = None
) -> FollowUp:
    """The person ends it at any time (reason « arrêt demandé par la personne »); a member gives a reason."""
    now = now or timezone.now()
    _require_open(followup)
    if permissions.is_person(actor, followup):
        reason = EndReason.ENDED_BY_PERSON
    else:
        _require_member(actor, followup)
        if reason not in EndReason.values or reason == EndReason.ACCOUNT_DELETED:
            raise FollowUpError("Choisissez le motif de fin dans la liste.")
    comment = _clean_text(comment, MAX_MESSAGE_LENGTH, "Le commentaire")
    with transaction.atomic():
        followup.ended_at = now
        followup.end_reason = reason
        followup.end_comment = comment
        followup.ended_by = actor
        followup.save(update_fields=["ended_at", "end_reason", "end_comment", "ended_by"])
        audit.record(actor, "followup.ended", followup, {"reason": reason})
        if reason == EndReason.ENDED_BY_PERSON:
            # The group learns it from the platform, not from a missed appointment.
            _email(
                "ended_by_person",
                {"followup": followup},
                [m.user.email for m in permissions.active_members(followup)],
                "Une personne a arrêté son accompagnement",
            )
    return followup


# --- Notes, contacts, appointments, documents ----------------------------------------------------


def add_note(
    actor: User, followup: FollowUp, text: str, *, visibility: str, is_contact: bool = False, now=None
) -> Note:
    member = _require_member(actor, followup)
    _require_open(followup)
    if visibility not in NoteVisibility.values:
        raise FollowUpError("Choisissez qui peut lire la note.")
    text = _clean_text(text, MAX_NOTE_LENGTH, "La note")
    if not text:
        raise FollowUpError("La note est vide : écrivez ce que vous voulez garder.")
    with transaction.atomic():
        note = Note.objects.create(
            followup=followup, author=actor, organisation=member.organisation, visibility=visibility, text=text
        )
        if is_contact:
            _touch_contact(followup, now or timezone.now())
    return note


def _touch_contact(followup: FollowUp, moment: datetime.datetime) -> None:
    if followup.last_contact_at is None or moment > followup.last_contact_at:
        followup.last_contact_at = moment
        followup.save(update_fields=["last_contact_at"])


def plan_appointment(
    actor: User,
    followup: FollowUp,
    *,
    starts_at: datetime.datetime,
    duration_minutes: int = 45,
    channel: str = Appointment.Channel.IN_PERSON,
    place: str = "",
    subject: str = "",
    now=None,
) -> Appointment:
    member = _require_member(actor, followup)
    _require_open(followup)
    now = now or timezone.now()
    if starts_at < now:
        raise FollowUpError("Le rendez-vous doit être dans le futur.")
    if starts_at > now + datetime.timedelta(days=366):
        raise FollowUpError("Le rendez-vous doit avoir lieu dans l'année qui vient.")
    if channel not in Appointment.Channel.values:
        raise FollowUpError("Choisissez la modalité du rendez-vous dans la liste.")
    if not 5 <= duration_minutes <= 480:
        raise FollowUpError("La durée doit être comprise entre 5 minutes et 8 heures.")
    with transaction.atomic():
        appointment = Appointment.objects.create(
            followup=followup,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            channel=channel,
            place=_clean_text(place, 250, "Le lieu"),
            subject=_clean_text(subject, 200, "L'objet"),
            with_user=actor,
            organisation=member.organisation,
            created_by=actor,
        )
        audit.record(actor, "followup.appointment_planned", followup, {"appointment": appointment.pk})
        _email(
            "appointment",
            {"appointment": appointment, "professional": actor, "organisation": member.organisation},
            [followup.person.email],
            "Un rendez-vous vous attend",
        )
    return appointment


def set_appointment_status(actor: User, appointment: Appointment, status: str, *, now=None) -> Appointment:
    _require_member(actor, appointment.followup)
    if status not in Appointment.Status.values:
        raise FollowUpError("État du rendez-vous inconnu.")
    now = now or timezone.now()
    if status in (Appointment.Status.HELD, Appointment.Status.MISSED) and appointment.starts_at > now:
        raise FollowUpError("Un rendez-vous à venir ne peut pas encore être noté tenu ou manqué.")
    with transaction.atomic():
        appointment.status = status
        appointment.save(update_fields=["status"])
        if status == Appointment.Status.HELD:
            _touch_contact(appointment.followup, appointment.starts_at)
    return appointment


def record_contact(actor: User, followup: FollowUp, *, now=None) -> FollowUp:
    _require_member(actor, followup)
    _require_open(followup)
    with transaction.atomic():
        _touch_contact(followup, now or timezone.now())
    return followup


def share_document(actor: User, followup: FollowUp, upload: UploadedFile, title: str) -> SharedDocument:
    """The person or a member shares a document; same content checks as a CV (applications.uploads)."""
    member = None if permissions.is_person(actor, followup) else _require_member(actor, followup)
    _require_open(followup)
    title = _clean_text(title, 150, "L'intitulé")
    if not title:
        raise FollowUpError("Donnez un intitulé au document (par exemple « Attestation de formation »).")
    checked = check_cv(upload)  # raises a French ValidationError
    with transaction.atomic():
        document = SharedDocument(
            followup=followup,
            title=title,
            content_type=checked.content_type,
            original_name=(upload.name or "")[:200],
            uploaded_by=actor,
            organisation=member.organisation if member else None,
        )
        document.file.save(f"document.{checked.extension}", upload, save=False)
        document.save()
        audit.record(actor, "followup.document_shared", followup, {"document": document.pk})
    return document


# --- The structure's settings ----------------------------------------------------------------


def save_structure_settings(
    actor: User, organisation: Organisation, *, no_contact_alert_weeks: int, accepts_requests: bool, description: str
) -> SupportStructure:
    from emploi_territoires.accounts.permissions import is_org_admin

    if not is_org_admin(actor, organisation) or not organisation.is_support_structure:
        raise FollowUpError("Seuls les administrateurs d'une structure d'accompagnement règlent l'accompagnement.")
    if not 1 <= no_contact_alert_weeks <= 52:
        raise FollowUpError("L'alerte sans contact se règle entre 1 et 52 semaines.")
    with transaction.atomic():
        found = structure_settings(organisation)
        found.no_contact_alert_weeks = no_contact_alert_weeks
        found.accepts_requests = accepts_requests
        found.public_description = _clean_text(description, MAX_MESSAGE_LENGTH, "La présentation")
        found.save()
        audit.record(actor, "followup.settings_changed", organisation, {"weeks": no_contact_alert_weeks})
    return found


# --- Retention and erasure (docs/personal-data.md) ------------------------------------------------


def delete_followups(followups) -> int:
    """Delete follow-ups with everything in them; their documents' files go once the transaction commits."""
    names = list(SharedDocument.objects.filter(followup__in=followups).values_list("file", flat=True))
    count = followups.count()
    followups.delete()  # cascades: members, notes, appointments, documents, proposals, outcomes
    if names:
        from emploi_territoires.core.storage import private_storage

        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names if name])
    return count


def purge_ended_followups(*, now: datetime.datetime | None = None) -> int:
    """Erase the follow-ups ended more than RETENTION_YEARS ago (periodic task)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=365 * RETENTION_YEARS)
    with transaction.atomic():
        return delete_followups(FollowUp.objects.filter(ended_at__lt=cutoff))
