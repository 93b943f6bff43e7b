"""Suggesting a job dating by e-mail: the candidates' opt-in, and the invitations sent when an event
opens its registrations.

- A candidate opts in (or out) from their space (`opt_in`, `opt_out`); every e-mail carries a link
  that opts out without logging in (`opt_out_by_token`). Nothing is sent to anyone who did not opt in.
- When an event opens its registrations, `services_events.transition_event` queues
  `tasks.send_invitations_task` on commit; the task calls `send_invitations`, which checks that the
  event is still open, then writes one `EventInvitation` per person and queues one e-mail per row
  (`core.tasks.send_email`, keyed by event and person). Recipients: the candidates the audience
  suits (`suggestions.matching_profiles`) who opted in and are not registered yet, and the advisors
  of the event's territories (`suggestions.advisors_of`), its organisers apart.
- Once per person and event: the event row is locked while the rows are written, the
  (event, person) pair is unique, and the e-mail's idempotency key is the same pair — reopening the
  registrations, running the task twice or a worker restarting sends nothing more.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.tasks import send_email

from . import suggestions
from .errors import JobDatingError
from .formatting import event_hours, time_label
from .models import Event, EventInvitation, InvitationKind, InvitationOptIn
from .services_registrations import registration_problem

logger = logging.getLogger(__name__)

OPT_IN_TEXT_VERSION = "2026-12"
OPT_IN_TEXT = (
    "Recevoir par e-mail les job datings qui correspondent à mon profil (ma commune et les métiers que je "
    "recherche), un message par job dating au plus, quand ses inscriptions ouvrent. Je peux me désabonner "
    "à tout moment, depuis mon espace ou par le lien de chaque message."
)


# --- Opt-in --------------------------------------------------------------------------------------


def is_opted_in(user: User) -> bool:
    return InvitationOptIn.objects.filter(user_id=user.pk, active=True).exists()


def opt_in(user: User, *, now: datetime.datetime | None = None) -> InvitationOptIn:
    if user.kind != User.Kind.CANDIDATE:
        raise JobDatingError("Les suggestions de job datings par e-mail sont réservées aux comptes candidats.")
    if not hasattr(user, "candidate_profile"):
        raise JobDatingError(
            "Complétez d'abord votre profil candidat : les suggestions partent de votre commune et des métiers "
            "que vous recherchez."
        )
    now = now or timezone.now()
    with transaction.atomic():
        opt, _ = InvitationOptIn.objects.select_for_update().get_or_create(
            user=user, defaults={"text_version": OPT_IN_TEXT_VERSION, "given_at": now}
        )
        if not opt.active or opt.text_version != OPT_IN_TEXT_VERSION:
            opt.active, opt.given_at, opt.withdrawn_at = True, now, None
            opt.text_version = OPT_IN_TEXT_VERSION
            opt.save(update_fields=["active", "given_at", "withdrawn_at", "text_version"])
    return opt


def _withdraw(opt: InvitationOptIn, now: datetime.datetime) -> InvitationOptIn:
    if opt.active:
        opt.active, opt.withdrawn_at = False, now
        opt.save(update_fields=["active", "withdrawn_at"])
    return opt


def opt_out(user: User, *, now: datetime.datetime | None = None) -> None:
    opt = InvitationOptIn.objects.filter(user_id=user.pk).first()
    if opt is not None:
        _withdraw(opt, now or timezone.now())


def opt_in_for_token(token: str) -> InvitationOptIn | None:
    if not token or len(token) > 64:
        return None
    return InvitationOptIn.objects.select_related("user").filter(token=token).first()


def opt_out_by_token(token: str, *, now: datetime.datetime | None = None) -> InvitationOptIn | None:
    """Withdraw the opt-in behind an e-mail's link (no login: the token is the proof); None if unknown."""
    opt = opt_in_for_token(token)
    return _withdraw(opt, now or timezone.now()) if opt is not None else None


# --- E-mails -------------------------------------------------------------------------------------


def _greeting(user: User) -> str:
    return f"Bonjour {user.first_name}," if user.first_name else "Bonjour,"


def _when_and_where(event: Event) -> list[str]:
    deadline = timezone.localtime(event.registration_deadline)
    place = f"en ligne ({event.meeting_url})" if event.meeting_url else f"{event.address}, {event.commune.name}"
    return [
        f"« {event.title} »",
        f"Le {formats.date_format(event.date, 'l j F Y')}, {event_hours(event)}, {place}.",
        f"Organisé par {event.organiser.name}.",
        f"Inscriptions jusqu'au {formats.date_format(deadline.date(), 'j F Y')} à {time_label(deadline)}"
        + (f", {event.capacity} places." if event.capacity else "."),
    ]


def candidate_email(event: Event, user: User, token: str) -> tuple[str, str]:
    subject = f"Un job dating pour vous : « {event.title} »"
    lines = [
        _greeting(user),
        "",
        "Un job dating qui correspond à votre profil ouvre ses inscriptions :",
        "",
        *_when_and_where(event),
        "",
        "Des entretiens de quelques minutes avec les recruteurs que vous choisissez, planifiés pour que vous "
        "rencontriez le plus possible d'entre eux.",
        f"Pour vous inscrire : {absolute_url(event.get_absolute_url())}",
        "",
        "—",
        "Vous recevez ce message parce que vous avez demandé à être prévenu·e des job datings qui correspondent "
        "à votre profil.",
        f"Ne plus recevoir ces messages : {absolute_url('jobdating:invitations_unsubscribe', token)}",
    ]
    return subject, "\n".join(lines)


def advisor_email(event: Event, user: User, labels: suggestions.AudienceLabels) -> tuple[str, str]:
    subject = f"Job dating dans vos territoires : « {event.title} »"
    audience = [
        *(f"- programme : {p}" for p in labels.programmes),
        *(f"- département : {d}" for d in labels.departements),
        *(f"- métier : {o}" for o in labels.occupations),
    ] or [f"- les candidats de {labels.default_departement}"]
    lines = [
        _greeting(user),
        "",
        "Un job dating ouvre ses inscriptions dans les territoires que vous suivez :",
        "",
        *_when_and_where(event),
        "",
        "Public visé :",
        *audience,
        "",
        f"Proposez-le aux personnes que vous accompagnez : {absolute_url(event.get_absolute_url())}",
    ]
    return subject, "\n".join(lines)


def _queue(subject: str, body: str, to: str, key: str) -> None:
    # The key makes the e-mail itself idempotent too (core.tasks.deliver_email).
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to], idempotency_key=key))


@dataclass(frozen=True)
class InvitationRun:
    candidates: int = 0
    advisors: int = 0
    skipped: str = ""  # why nothing was sent, when nothing could be


def send_invitations(event: Event, *, now: datetime.datetime | None = None) -> InvitationRun:
    """Invite, once, the matching opted-in candidates and the advisors of the event's territories."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Event.objects.select_for_update()
            .select_related("commune__departement", "organiser")
            .filter(pk=event.pk)
            .first()
        )
        if locked is None:
            return InvitationRun(skipped="Ce job dating n'existe plus.")
        problem = registration_problem(locked, now)
        if problem:
            return InvitationRun(skipped=problem)
        if locked.capacity is not None and locked.candidate_registrations.count() >= locked.capacity:
            places = "place" if locked.capacity == 1 else "places"
            return InvitationRun(skipped=f"Ce job dating est complet ({locked.capacity} {places}).")
        already = set(EventInvitation.objects.filter(event=locked).values_list("user_id", flat=True))
        registered = set(locked.candidate_registrations.values_list("user_id", flat=True))
        profiles = (
            suggestions.matching_profiles(locked)
            .filter(user__jobdating_opt_in__active=True)
            .exclude(user_id__in=already | registered)
            .select_related("user__jobdating_opt_in")
            .order_by("user_id")
        )
        candidates = 0
        for profile in profiles:
            user = profile.user
            if not user.email:
                continue
            EventInvitation.objects.create(event=locked, user=user, kind=InvitationKind.CANDIDATE, sent_at=now)
            subject, body = candidate_email(locked, user, user.jobdating_opt_in.token)
            _queue(subject, body, user.email, f"jobdating-invitation:{locked.pk}:{user.pk}")
            candidates += 1
        advisors = 0
        labels = suggestions.audience_labels(locked)
        for user in suggestions.advisors_of(locked):
            if user.pk in already or not user.email:
                continue
            EventInvitation.objects.create(event=locked, user=user, kind=InvitationKind.ADVISOR, sent_at=now)
            subject, body = advisor_email(locked, user, labels)
            _queue(subject, body, user.email, f"jobdating-invitation:{locked.pk}:{user.pk}")
            advisors += 1
    logger.info("Job dating %s: %s candidates and %s advisors invited", event.pk, candidates, advisors)
    return InvitationRun(candidates, advisors)
