"""Every write of the applications pipeline: applying, the state machine, notes, bulk refusal, reminders.

Views, commands and tasks call these functions; nothing else saves an `Application` (the GDPR
part, anonymisation, lives in the profile services). Each function validates first (French
messages, nothing written on error), writes in one transaction, logs every status change in
`ApplicationTransition` (actor and time) and queues its e-mails on commit, so a rolled-back change
notifies nobody.

The state machine (`ALLOWED_TRANSITIONS`, run by `WORKFLOW`, a `core.workflow.Workflow`):

    new ──► under_review ──► interview ──► hired
     │  └──────────────────►   │
     └──► refused ◄────────────┴─ (from any open state, with a reason)
     └──► withdrawn ◄── by the candidate, from any open state

- Only the organisation (its members, or staff acting for it) answers; only the candidate withdraws.
- Hired, refused and withdrawn are final (`closed_at` is set); a mistake is corrected by a new
  application, never by reopening, so the log stays a true history.
- `first_answer_at` is the first recruiter transition (the "time to first answer" figure); the
  automatic answer after 60 days is not an answer from the organisation and leaves it empty.
- Hiring never fills the offer by itself: when the hires reach the offer's number of positions,
  the result says so and the recruiter is offered the "Marquer comme pourvue" button.

Reminders (`send_due_reminders`, run daily by a task or the `application_reminders` command):
15 days after an application still "new", one e-mail to the organisation's members
(`reminder_sent_at`); after 60 days, one polite automatic answer to the candidate
(`auto_answer_sent_at`). Decision: the automatic answer does not close the application — the
organisation has decided nothing, it may still answer, and the refusal figures must count only
real refusals; the e-mail says so and reminds the candidate they may withdraw. Each e-mail is
claimed by a conditional UPDATE (`... WHERE reminder_sent_at IS NULL`), so two workers or two runs
never send it twice.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from emploi_territoires.accounts.identity import email_unverified_refusal
from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import AnyUser, is_member, is_staff
from emploi_territoires.core import formats
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.mail import send_templated_email
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.templatetags.core_tags import french_date
from emploi_territoires.core.text import clean_text
from emploi_territoires.core.workflow import Workflow
from emploi_territoires.offers.models import ApplyMethod, Offer, OfferStatus

from .models import (
    CLOSED_STATUSES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    ApplicationTransition,
    CandidateProfile,
    Interview,
    InterviewStatus,
    Side,
)

MAX_MESSAGE_LENGTH = 3_000
MAX_NOTE_LENGTH = 5_000
MAX_REFUSAL_MESSAGE_LENGTH = 3_000
REMINDER_AFTER_DAYS = 15
AUTO_ANSWER_AFTER_DAYS = 60
OPEN_STATUSES = (ApplicationStatus.NEW, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INTERVIEW)

# Why an application is refused; shown to the candidate and counted in the figures.
REFUSAL_REASONS: dict[str, str] = {
    "profile_mismatch": "Votre profil ne correspond pas assez au poste",
    "experience": "L'expérience demandée pour ce poste est différente",
    "other_candidate": "Une autre candidature a été retenue",
    "position_filled": "Le poste a été pourvu",
    "recruitment_cancelled": "Le recrutement est annulé ou reporté",
    "after_interview": "Suite à l'entretien, nous ne donnons pas suite",
    "other": "Autre motif",
}


class PipelineError(Exception):
    """A refused action, with a French message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ProfileRequired(PipelineError):
    """The candidate must fill a profile before applying."""


class AlreadyApplied(PipelineError):
    def __init__(self, message: str, application: Application | None = None):
        super().__init__(message)
        self.application = application


class TransitionRefused(PipelineError):
    pass


# --- E-mails ------------------------------------------------------------------------------------


def _send(template: str, context: dict[str, Any], to: Sequence[str]) -> None:
    """Render applications/emails/<template>{_subject.txt,.txt,.html} and send on commit."""
    send_templated_email(f"applications/emails/{template}", context, to)


def recruiter_emails(organisation: Organisation | int) -> list[str]:
    """Every active member of the organisation: a small team, all of them follow the recruitment."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return list(
        User.objects.filter(memberships__organisation_id=org_id, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _candidate_email(application: Application) -> list[str]:
    candidate = application.candidate
    return [candidate.email] if candidate is not None and candidate.is_active else []


# --- Applying -------------------------------------------------------------------------------------


def touch_candidate_activity(user: User) -> None:
    """Keep the candidate's account "active" (the GDPR inactivity clock), if the profile part is there."""
    try:
        from .services_profile import touch_activity
    except ImportError:
        return
    touch_activity(user)


def check_can_apply(offer: Offer, candidate: AnyUser, *, today: datetime.date | None = None) -> None:
    """Raise PipelineError (French message) when `candidate` may not apply to `offer` now."""
    today = today or timezone.localdate()
    if not (candidate.is_authenticated and candidate.kind == User.Kind.CANDIDATE):  # type: ignore[union-attr]
        raise PipelineError(
            "Seuls les comptes candidats peuvent postuler. Créez un compte candidat pour répondre à cette offre."
        )
    refusal = email_unverified_refusal(candidate, "candidater")  # issue 17
    if refusal:
        raise PipelineError(refusal)
    if offer.status != OfferStatus.PUBLISHED:
        raise PipelineError("Cette offre n'est plus ouverte aux candidatures.")
    if offer.apply_method == ApplyMethod.URL:
        raise PipelineError("Cette offre se postule sur le site de l'employeur : suivez le lien de l'offre.")
    if offer.apply_method == ApplyMethod.EMAIL:
        raise PipelineError("Cette offre se postule par e-mail : écrivez à l'adresse indiquée sur l'offre.")
    if offer.closing_date is not None and offer.closing_date < today:
        raise PipelineError(
            f"La date limite de candidature est passée (le {french_date(offer.closing_date)}) : "
            "cette offre n'accepte plus de candidatures."
        )
    if not CandidateProfile.objects.filter(user_id=candidate.pk).exists():
        raise ProfileRequired("Complétez d'abord votre profil : il est envoyé avec votre candidature.")


def existing_application(offer: Offer, candidate: AnyUser) -> Application | None:
    if not candidate.is_authenticated:
        return None
    return Application.objects.filter(offer_id=offer.pk, candidate_id=candidate.pk).first()


def _already_applied(application: Application) -> AlreadyApplied:
    return AlreadyApplied(
        f"Vous avez déjà candidaté à cette offre (le {french_date(timezone.localtime(application.created_at))}) : "
        "suivez-la dans « Mes candidatures ».",
        application,
    )


def attach_cv_snapshot(application: Application) -> str:
    """Copy the candidate's current CV for this application (the organisation reads this copy, never
    a CV uploaded later). Called inside `apply`'s transaction, which deletes the copy if it fails."""
    profile = CandidateProfile.objects.filter(user_id=application.candidate_id).first()
    if profile is None or not profile.cv:
        return ""
    storage = private_storage()
    extension = profile.cv.name.rsplit(".", 1)[-1]
    with storage.open(profile.cv.name, "rb") as source:
        name = storage.save(f"cv-candidatures/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}", source)
    Application.objects.filter(pk=application.pk).update(cv_file=name, cv_content_type=profile.cv_content_type)
    application.cv_file, application.cv_content_type = name, profile.cv_content_type
    return name


def drop_cv_snapshots(applications) -> int:
    """Forget the CV copies of these applications (withdrawal, erasure): files deleted on commit."""
    storage = private_storage()
    names = list(applications.exclude(cv_file="").values_list("cv_file", flat=True))
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))
    applications.exclude(cv_file="").update(cv_file="", cv_content_type="")
    return len(names)


def apply(
    offer: Offer,
    candidate: User,
    message: str = "",
    *,
    today: datetime.date | None = None,
    prescribed_by: User | None = None,
    prescriber_organisation: Organisation | None = None,
) -> Application:
    """The candidate's application to `offer`, with their profile and a message; e-mails both sides.

    `prescribed_by` / `prescriber_organisation`: the professional who prescribed it and their
    structure, when the person accepted a prescription (`followup.services_proposals`); the
    recruiter sees « Candidature prescrite par … »."""
    message = clean_text(message or "").strip()
    check_can_apply(offer, candidate, today=today)
    if len(message) > MAX_MESSAGE_LENGTH:
        raise PipelineError(
            f"Votre message fait {formats.number(len(message))} caractères : "
            f"{formats.number(MAX_MESSAGE_LENGTH)} au maximum."
        )
    previous = existing_application(offer, candidate)
    if previous is not None:
        raise _already_applied(previous)
    snapshot = ""
    try:
        with transaction.atomic():
            now = timezone.now()
            application = Application.objects.create(
                offer=offer,
                organisation_id=offer.organisation_id,
                candidate=candidate,
                message=message,
                status=ApplicationStatus.NEW,
                status_changed_at=now,
                prescribed_by=prescribed_by,
                prescriber_organisation=prescriber_organisation,
            )
            # The log starts with the application itself (from "" = it did not exist).
            WORKFLOW.log(application, "", ApplicationStatus.NEW, actor=candidate, at=now)
            snapshot = attach_cv_snapshot(application)
            touch_candidate_activity(candidate)
            context = {"application": application, "offer": offer, "candidate": candidate}
            _send(
                "application_received",
                context | {"url": absolute_url("applications:mine")},
                [candidate.email],
            )
            _send(
                "new_application",
                context | {"url": absolute_url("applications:detail", application.pk)},
                recruiter_emails(offer.organisation_id),
            )
    except BaseException as error:
        if snapshot:
            private_storage().delete(snapshot)
        if not isinstance(error, IntegrityError):
            raise
        # Two clicks at once: the unique constraint kept one application.
        previous = existing_application(offer, candidate)
        if previous is None:
            raise
        raise _already_applied(previous) from None
    return application


# --- The state machine ----------------------------------------------------------------------------

RECRUITER, CANDIDATE = "recruiter", "candidate"


@dataclass(frozen=True)
class TransitionRule:
    roles: frozenset[str]
    label: str  # the button
    done: str  # the message once done
    needs_reason: bool = False


A = ApplicationStatus
_REFUSE = TransitionRule(frozenset({RECRUITER}), "Refuser", "La candidature est refusée.", needs_reason=True)
_WITHDRAW = TransitionRule(frozenset({CANDIDATE}), "Retirer ma candidature", "Votre candidature est retirée.")
ALLOWED_TRANSITIONS: dict[tuple[str, str], TransitionRule] = {
    (A.NEW, A.UNDER_REVIEW): TransitionRule(
        frozenset({RECRUITER}), "Passer en examen", "La candidature est en cours d'examen."
    ),
    (A.NEW, A.INTERVIEW): TransitionRule(
        frozenset({RECRUITER}), "Proposer un entretien", "La personne est invitée à un entretien."
    ),
    (A.UNDER_REVIEW, A.INTERVIEW): TransitionRule(
        frozenset({RECRUITER}), "Proposer un entretien", "La personne est invitée à un entretien."
    ),
    (A.INTERVIEW, A.HIRED): TransitionRule(frozenset({RECRUITER}), "Recruter", "La personne est recrutée."),
    (A.NEW, A.REFUSED): _REFUSE,
    (A.UNDER_REVIEW, A.REFUSED): _REFUSE,
    (A.INTERVIEW, A.REFUSED): _REFUSE,
    (A.NEW, A.WITHDRAWN): _WITHDRAW,
    (A.UNDER_REVIEW, A.WITHDRAWN): _WITHDRAW,
    (A.INTERVIEW, A.WITHDRAWN): _WITHDRAW,
}
# The e-mail template each transition sends, and to whom.
TRANSITION_EMAILS: dict[str, tuple[str, str]] = {
    A.INTERVIEW: ("interview", CANDIDATE),
    A.HIRED: ("hired", CANDIDATE),
    A.REFUSED: ("refused", CANDIDATE),
    A.WITHDRAWN: ("withdrawn", RECRUITER),
}
WORKFLOW = Workflow(
    states=ApplicationStatus,
    transitions=ALLOWED_TRANSITIONS,
    log_model=ApplicationTransition,
    refused="Impossible de passer une candidature de l'état « {current} » à l'état « {target} ».",
    error=TransitionRefused,
)


def roles_of(actor: AnyUser | None, application: Application) -> set[str]:
    roles: set[str] = set()
    if actor is None or not actor.is_authenticated:
        return roles
    if is_staff(actor) or is_member(actor, application.organisation):
        roles.add(RECRUITER)
    if application.candidate_id is not None and application.candidate_id == actor.pk:
        roles.add(CANDIDATE)
    return roles


def available_transitions(application: Application, actor: AnyUser | None) -> list[tuple[str, TransitionRule]]:
    """The transitions `actor` may trigger from the current status, for the buttons."""
    roles = roles_of(actor, application)
    return [(to_status, rule) for to_status, rule in WORKFLOW.allowed(application.status) if rule.roles & roles]


@dataclass
class TransitionResult:
    application: Application
    rule: TransitionRule
    # Hires now reach the offer's number of positions while it is still published: propose to fill it.
    offer_can_be_filled: bool = False
    hires: int = 0


def _check_transition(
    application: Application, wanted: str, roles: set[str], reason: str, message: str
) -> TransitionRule:
    current = ApplicationStatus(application.status)
    if current in CLOSED_STATUSES and wanted in ApplicationStatus.values:
        # Closed states have no move at all: say why rather than "impossible".
        raise TransitionRefused(
            f"Cette candidature est close (« {current.label} ») : elle ne peut plus changer d'état."
        )
    rule = WORKFLOW.check(current, wanted)
    if not rule.roles & roles:
        if rule.roles == {CANDIDATE}:
            raise TransitionRefused("Seule la personne qui a candidaté peut retirer sa candidature.")
        raise TransitionRefused("Seuls les membres de l'organisation qui recrute peuvent faire ce changement.")
    if rule.needs_reason and reason not in REFUSAL_REASONS:
        raise TransitionRefused("Choisissez le motif du refus dans la liste.")
    if len(message) > MAX_REFUSAL_MESSAGE_LENGTH:
        raise TransitionRefused(
            f"Le message fait {formats.number(len(message))} caractères : "
            f"{formats.number(MAX_REFUSAL_MESSAGE_LENGTH)} au maximum."
        )
    return rule


def _apply_transition(
    current: Application,
    target: str,
    *,
    actor: AnyUser | None,
    roles: set[str],
    reason: str,
    message: str,
    now: datetime.datetime,
    notify: bool = True,
) -> None:
    """Write one checked transition on a locked row, log it, and queue its e-mail (unless `notify`
    is False: the caller sends a more precise one, e.g. an interview's proposal with its slots)."""
    fields: list[str] = []
    if RECRUITER in roles and target != A.WITHDRAWN and current.first_answer_at is None:
        current.first_answer_at = now
        fields.append("first_answer_at")
    if target in CLOSED_STATUSES:
        current.closed_at = now
        fields.append("closed_at")
    if target == A.REFUSED:
        current.refusal_reason = reason
        current.refusal_message = message
        fields += ["refusal_reason", "refusal_message"]
    WORKFLOW.apply(
        current,
        target,
        actor=actor if actor is not None and actor.is_authenticated else None,
        comment=message if target != A.REFUSED else f"{REFUSAL_REASONS[reason]}. {message}".strip(),
        at=now,
        also=fields,
    )
    if target in (A.WITHDRAWN, A.REFUSED):
        _cancel_open_interviews(current, target, now)
    email = TRANSITION_EMAILS.get(target)
    if email is None or not notify:
        return
    template, audience = email
    context = {
        "application": current,
        "offer": current.offer,
        "candidate": current.candidate,
        "message": message,
        "reason": REFUSAL_REASONS.get(reason, ""),
    }
    if audience == CANDIDATE:
        _send(template, context | {"url": absolute_url("applications:mine")}, _candidate_email(current))
    else:
        _send(
            template,
            context | {"url": absolute_url("applications:detail", current.pk)},
            recruiter_emails(current.organisation_id),
        )


def _cancel_open_interviews(application: Application, target: str, now: datetime.datetime) -> int:
    """A withdrawn or refused application keeps no interview to come (issue 19): no reminder, no agenda
    entry; the withdrawal's or refusal's own e-mail tells the other side."""
    return Interview.objects.filter(
        application_id=application.pk,
        status__in=[InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED, InterviewStatus.RESCHEDULED],
    ).update(
        status=InterviewStatus.CANCELLED,
        cancelled_at=now,
        reason="Candidature retirée par la personne." if target == A.WITHDRAWN else "Candidature refusée.",
        reason_side=Side.CANDIDATE if target == A.WITHDRAWN else Side.ORGANISATION,
        sequence=F("sequence") + 1,
        updated_at=now,
    )


def _locked(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer", "organisation", "candidate")
        .get(pk=application_id)
    )


def _hires(offer: Offer) -> int:
    return Application.objects.filter(offer_id=offer.pk, status=A.HIRED).count()


def transition_application(
    application: Application,
    to_status: str,
    *,
    actor: AnyUser | None,
    reason: str = "",
    message: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> TransitionResult:
    """Move the application to `to_status` if the table allows it for this actor; log it; e-mail."""
    reason, message = (reason or "").strip(), clean_text(message or "").strip()
    with transaction.atomic():
        current = _locked(application.pk)
        roles = roles_of(actor, current)
        rule = _check_transition(current, to_status, roles, reason, message)
        _apply_transition(
            current,
            to_status,
            actor=actor,
            roles=roles,
            reason=reason,
            message=message,
            now=now or timezone.now(),
            notify=notify,
        )
        result = TransitionResult(application=current, rule=rule)
        if to_status == A.WITHDRAWN:
            # Nothing after a withdrawal: the organisation no longer reads the CV sent.
            drop_cv_snapshots(Application.objects.filter(pk=current.pk))
            application.cv_file = ""
        if to_status == A.HIRED:
            result.hires = _hires(current.offer)
            result.offer_can_be_filled = (
                current.offer.status == OfferStatus.PUBLISHED and result.hires >= current.offer.positions
            )
    for name in ("status", "status_changed_at", "first_answer_at", "closed_at", "refusal_reason", "refusal_message"):
        setattr(application, name, getattr(current, name))
    return result


def withdraw(application: Application, *, actor: AnyUser) -> TransitionResult:
    return transition_application(application, A.WITHDRAWN, actor=actor)


def bulk_refuse(
    offer: Offer,
    application_ids: Iterable[int],
    *,
    actor: AnyUser,
    reason: str,
    message: str = "",
    now: datetime.datetime | None = None,
) -> list[Application]:
    """Refuse several applications to `offer` with one reason and message: all of them or none."""
    ids = sorted({int(pk) for pk in application_ids})
    if not ids:
        raise TransitionRefused("Cochez au moins une candidature à refuser.")
    reason, message = (reason or "").strip(), clean_text(message or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Application.objects.select_for_update(of=("self",))
            .select_related("offer", "organisation", "candidate")
            .filter(offer_id=offer.pk, pk__in=ids)
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise TransitionRefused("Certaines candidatures cochées ne concernent pas cette offre : rien n'a été fait.")
        closed = [row for row in rows if row.status in CLOSED_STATUSES]
        if closed:
            raise TransitionRefused(
                f"{len(closed)} candidature{'s' if len(closed) > 1 else ''} cochée{'s' if len(closed) > 1 else ''} "
                "déjà close : rien n'a été fait. Décochez-la et recommencez."
            )
        for row in rows:
            roles = roles_of(actor, row)
            _check_transition(row, A.REFUSED, roles, reason, message)
            _apply_transition(row, A.REFUSED, actor=actor, roles=roles, reason=reason, message=message, now=now)
    return rows


# --- Notes ----------------------------------------------------------------------------------------


def can_write_note(actor: AnyUser | None, application: Application) -> bool:
    return RECRUITER in roles_of(actor, application)


def add_note(application: Application, *, author: AnyUser, text: str) -> ApplicationNote:
    """A private note of the organisation on the application (never shown to the candidate)."""
    text = clean_text(text or "").strip()
    if not can_write_note(author, application):
        raise PipelineError("Seuls les membres de l'organisation qui recrute peuvent écrire une note.")
    if not text:
        raise PipelineError("La note est vide.")
    if len(text) > MAX_NOTE_LENGTH:
        raise PipelineError(f"La note dépasse {formats.number(MAX_NOTE_LENGTH)} caractères : résumez-la.")
    return ApplicationNote.objects.create(application=application, author=author, text=text)


# --- Reminders and automatic answers ----------------------------------------------------------------


@dataclass
class ReminderReport:
    # Application ids, by what was (or, in a dry run, would be) sent.
    reminders: list[int] = field(default_factory=list)
    auto_answers: list[int] = field(default_factory=list)
    organisations_reminded: list[int] = field(default_factory=list)
    applied: bool = True


def due_reminders(now: datetime.datetime) -> list[Application]:
    """Applications still "new" after 15 days whose organisation has not been reminded yet."""
    return list(
        Application.objects.filter(
            status=A.NEW,
            reminder_sent_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=REMINDER_AFTER_DAYS),
        )
        .select_related("offer", "candidate")
        .order_by("organisation_id", "created_at", "pk")
    )


def due_auto_answers(now: datetime.datetime) -> list[Application]:
    """Applications still "new" after 60 days whose candidate has not had the automatic answer."""
    return list(
        Application.objects.filter(
            status=A.NEW,
            auto_answer_sent_at__isnull=True,
            candidate__isnull=False,
            created_at__lte=now - datetime.timedelta(days=AUTO_ANSWER_AFTER_DAYS),
        )
        .select_related("offer__organisation", "candidate")
        .order_by("created_at", "pk")
    )


def _claim(application_id: int, field_name: str, now: datetime.datetime) -> bool:
    """Mark the e-mail as sent unless someone already did: True when this caller sends it."""
    return bool(
        Application.objects.filter(pk=application_id, status=A.NEW, **{f"{field_name}__isnull": True}).update(
            **{field_name: now}
        )
    )


def send_due_reminders(now: datetime.datetime | None = None, *, apply: bool = True) -> ReminderReport:
    """Send the 15-day reminders (one e-mail per organisation) and the 60-day automatic answers, once each.

    `apply=False` only reports what would be sent. Pass `now` to run as of another moment.
    """
    now = now or timezone.now()
    report = ReminderReport(applied=apply)
    by_organisation: dict[int, list[Application]] = defaultdict(list)
    for application in due_reminders(now):
        by_organisation[application.organisation_id].append(application)
    for org_id, applications in by_organisation.items():
        with transaction.atomic():
            claimed = applications if not apply else [a for a in applications if _claim(a.pk, "reminder_sent_at", now)]
            if not claimed:
                continue
            report.reminders += [a.pk for a in claimed]
            report.organisations_reminded.append(org_id)
            if apply:
                rows = [
                    {
                        "application": a,
                        "days_waiting": (now - a.created_at).days,
                        "url": absolute_url("applications:detail", a.pk),
                    }
                    for a in claimed
                ]
                _send(
                    "reminder",
                    {"rows": rows, "count": len(rows), "days": REMINDER_AFTER_DAYS},
                    recruiter_emails(org_id),
                )
    for application in due_auto_answers(now):
        with transaction.atomic():
            if apply and not _claim(application.pk, "auto_answer_sent_at", now):
                continue
            report.auto_answers.append(application.pk)
            if apply:
                _send(
                    "auto_answer",
                    {
                        "application": application,
                        "offer": application.offer,
                        "candidate": application.candidate,
                        "days": AUTO_ANSWER_AFTER_DAYS,
                        "url": absolute_url("applications:mine"),
                    },
                    _candidate_email(application),
                )
    return report
