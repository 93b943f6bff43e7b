"""Mentoring follow-up: meetings, help requests, surveys and their reminders, the end of a pair."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core import audit
from emploi_territoires.core.text import clean_text

from .errors import MentoringError
from .matching import pairs as core
from .models import (
    MAX_MEETING_MINUTES,
    SURVEY_MILESTONES,
    HelpRequest,
    Meeting,
    Outcome,
    Pair,
    SurveyAnswer,
    SurveyReminder,
)
from .notifications import _email, _notify_managers


def _is_member(pair: Pair, user: User) -> bool:
    return user.pk in (pair.mentor_id, pair.mentee_id)


@transaction.atomic
def log_meeting(
    pair: Pair,
    user: User,
    *,
    date: datetime.date,
    duration_minutes: int,
    topics: Sequence[str] = (),
    note: str = "",
    today: datetime.date | None = None,
) -> Meeting:
    if not _is_member(pair, user):
        raise MentoringError("Seuls le mentor et la personne mentorée notent leurs rencontres.")
    if pair.state != Pair.State.ACTIVE:
        raise MentoringError("Ce mentorat est terminé : on ne peut plus y noter de rencontre.")
    today = today or timezone.localdate()
    if date > today:
        raise MentoringError("La date de la rencontre ne peut pas être dans le futur.")
    if date < pair.started_on:
        raise MentoringError(f"La rencontre ne peut pas précéder le début du mentorat ({pair.started_on:%d/%m/%Y}).")
    if not 1 <= duration_minutes <= MAX_MEETING_MINUTES:
        raise MentoringError("La durée doit être comprise entre 1 minute et 8 heures (480 minutes).")
    unknown = set(topics) - set(core.TOPICS)
    if unknown:
        raise MentoringError("Sujet de rencontre inconnu.")
    meeting = Meeting.objects.create(
        pair=pair, date=date, duration_minutes=duration_minutes, topics=list(topics),
        note=clean_text(note or "").strip(), logged_by=user,
    )  # fmt: skip
    # A meeting answers a "no meeting" alert.
    HelpRequest.objects.filter(pair=pair, kind=HelpRequest.Kind.NO_MEETING, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return meeting


@transaction.atomic
def request_help(pair: Pair, user: User, message: str) -> HelpRequest:
    if not _is_member(pair, user):
        raise MentoringError("Seuls le mentor et la personne mentorée peuvent demander de l'aide pour ce binôme.")
    message = clean_text(message or "").strip()
    if not message:
        raise MentoringError("Décrivez en quelques mots ce qui vous aiderait.")
    help_request = HelpRequest.objects.create(pair=pair, kind=HelpRequest.Kind.HELP, requested_by=user, message=message)
    _notify_managers(pair, help_request)
    return help_request


def due_milestones(pair: Pair, today: datetime.date | None = None) -> list[int]:
    """Survey milestones (months) reached and not answered yet."""
    today = today or timezone.localdate()
    answered = set(pair.survey_answers.values_list("milestone", flat=True))
    return [m for m in SURVEY_MILESTONES if m not in answered and _add_months(pair.started_on, m) <= today]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def answer_survey(
    pair: Pair, user: User, *, milestone: int, satisfaction: int, situation: str, comment: str = ""
) -> SurveyAnswer:
    if not _is_member(pair, user):
        raise MentoringError("Seuls le mentor et la personne mentorée répondent au questionnaire de leur binôme.")
    if milestone not in SURVEY_MILESTONES:
        raise MentoringError("Les questionnaires ont lieu à 1, 3 et 6 mois.")
    if not 1 <= satisfaction <= 5:
        raise MentoringError("La satisfaction se note de 1 à 5.")
    if situation not in Outcome.values:
        raise MentoringError("Situation inconnue.")
    if SurveyAnswer.objects.filter(pair=pair, milestone=milestone).exists():
        raise MentoringError(f"Le questionnaire à {milestone} mois a déjà été rempli pour ce binôme.")
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(
                pair=pair, milestone=milestone, respondent=user, satisfaction=satisfaction, situation=situation,
                comment=clean_text(comment or "").strip(),
            )  # fmt: skip
    except IntegrityError as error:  # two answers at the same instant
        raise MentoringError(f"Le questionnaire à {milestone} mois a déjà été rempli pour ce binôme.") from error


@transaction.atomic
def end_pair(
    pair: Pair, user: User, *, outcome: str, satisfaction: int | None, today: datetime.date | None = None
) -> Pair:
    """End the mentoring with the mentee's situation (it feeds the evaluation module) and satisfaction."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.state == Pair.State.ENDED:
        raise MentoringError("Ce mentorat est déjà terminé.")
    if outcome not in Outcome.values:
        raise MentoringError("Indiquez la situation de la personne mentorée : emploi, formation ou recherche.")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise MentoringError("La satisfaction se note de 1 à 5.")
    audit.record(
        user,
        "mentoring.pair.ended",
        pair,
        {"state": [pair.state, Pair.State.ENDED], "outcome": [pair.outcome, outcome], "satisfaction": satisfaction},
    )
    pair.state = Pair.State.ENDED
    pair.ended_on = today or timezone.localdate()
    pair.outcome = outcome
    pair.satisfaction = satisfaction
    pair.save(update_fields=["state", "ended_on", "outcome", "satisfaction"])
    HelpRequest.objects.filter(pair=pair, resolved_at__isnull=True).update(resolved_at=timezone.now())
    return pair


@transaction.atomic
def resolve_help_request(help_request: HelpRequest) -> HelpRequest:
    if help_request.resolved_at is None:
        help_request.resolved_at = timezone.now()
        help_request.save(update_fields=["resolved_at"])
    return help_request


def check_silent_pairs(today: datetime.date | None = None) -> int:
    """Alert the managers of every active pair that has not met for its programme's number of weeks
    (counted from the last meeting, or the start). One open alert per pair at a time."""
    today = today or timezone.localdate()
    created = 0
    pairs = (
        Pair.objects.filter(state=Pair.State.ACTIVE)
        .select_related("programme", "mentor", "mentee")
        .annotate(last_meeting=Max("meetings__date"))
        .exclude(Q(help_requests__kind=HelpRequest.Kind.NO_MEETING) & Q(help_requests__resolved_at__isnull=True))
    )
    for pair in pairs:
        since = pair.last_meeting or pair.started_on
        if (today - since).days < 7 * pair.programme.alert_after_weeks:
            continue
        with transaction.atomic():
            weeks = (today - since).days // 7
            help_request = HelpRequest.objects.create(
                pair=pair, kind=HelpRequest.Kind.NO_MEETING,
                message=f"Aucune rencontre notée depuis {weeks} semaines (depuis le {since:%d/%m/%Y}).",
            )  # fmt: skip
            _notify_managers(pair, help_request)
        created += 1
    return created


def survey_reminders_due(today: datetime.date | None = None) -> list[tuple[Pair, list[int]]]:
    """Active pairs with survey milestones reached, unanswered and not reminded yet."""
    today = today or timezone.localdate()
    pairs = (
        Pair.objects.filter(state=Pair.State.ACTIVE, started_on__lte=_add_months(today, -1))
        .select_related("programme", "mentor", "mentee")
        .prefetch_related("survey_answers", "survey_reminders")
        .order_by("pk")
    )
    due = []
    for pair in pairs:
        answered = {a.milestone for a in pair.survey_answers.all()}
        reminded = {r.milestone for r in pair.survey_reminders.all()}
        milestones = [
            m
            for m in SURVEY_MILESTONES
            if m not in answered and m not in reminded and _add_months(pair.started_on, m) <= today
        ]
        if milestones:
            due.append((pair, milestones))
    return due


def send_survey_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> int:
    """E-mail the mentor and the mentee of every pair whose 1, 3 or 6-month survey is due: one e-mail
    per pair naming every due milestone, and never twice for a milestone (recorded in
    `SurveyReminder`). Returns the number of pairs reminded (or that would be, in a dry run)."""
    due = survey_reminders_due(today)
    if dry_run:
        return len(due)
    for pair, milestones in due:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SurveyReminder.objects.bulk_create([SurveyReminder(pair=pair, milestone=m) for m in milestones])
            except IntegrityError:  # another run reminded them meanwhile
                continue
            latest = milestones[-1]
            _email(
                "survey_reminder",
                {
                    "pair": pair,
                    "programme": pair.programme,
                    "milestones": ", ".join(str(m) for m in milestones),
                    "several": len(milestones) > 1,
                    "latest": latest,
                },
                [pair.mentor.email, pair.mentee.email],
                f"Mentorat : le questionnaire à {latest} mois vous attend",
            )
    return len(due)
