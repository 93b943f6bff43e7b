"""Every write of the mentoring module: validated, in a transaction, e-mails queued on commit.

Views, commands, the demo and tests call these functions; nothing else saves mentoring models.
Errors are `MentoringError` with a French message shown as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.situations import UnknownSituation, clean_situations, prioritised_user_ids
from emploi_territoires.core import audit
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.text import clean_text

from .matching import pairs as core
from .matching.problem import Problem, SolveError
from .matching.solve import Options, solve
from .models import (
    MAX_MEETING_MINUTES,
    SURVEY_MILESTONES,
    Audience,
    Enrolment,
    HelpRequest,
    MatchingRun,
    Meeting,
    MenteeProfile,
    MentorProfile,
    Mode,
    NeverTogether,
    Outcome,
    Pair,
    Programme,
    ProposedPair,
    Scope,
    SurveyAnswer,
    SurveyReminder,
)

DEFAULT_QPV_BONUS = 20
SITUATION_CONSENT_VERSION = "2026-11"
SITUATION_CONSENT_TEXT = (
    "J'accepte que la situation que je déclare (habitant·e d'un quartier prioritaire, premier·e diplômé·e de ma "
    "famille) soit enregistrée pour que le programme de mentorat me donne la priorité prévue et pour des "
    "statistiques anonymes. Je peux retirer ce consentement à tout moment : ma situation est alors effacée."
)


class MentoringError(Exception):
    """A refused action; the message is French and shown as is."""


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


# --- Profiles and enrolments --------------------------------------------------------------


def enrol(programme: Programme, user: User, role: str) -> Enrolment:
    """Enrol a mentor or a mentee (needs the matching profile); enrolling twice changes nothing."""
    if role == Enrolment.Role.MENTOR and not MentorProfile.objects.filter(user=user).exists():
        raise MentoringError("Ce mentor doit d'abord remplir son profil de mentor.")
    if role == Enrolment.Role.MENTEE and not MenteeProfile.objects.filter(user=user).exists():
        raise MentoringError("Cette personne doit d'abord remplir son profil de personne mentorée.")
    enrolment, created = Enrolment.objects.get_or_create(programme=programme, user=user, role=role)
    if not created and not enrolment.is_active:
        enrolment.is_active = True
        enrolment.save(update_fields=["is_active"])
    return enrolment


def record_situation(profile: MenteeProfile, *, qpv: bool, first_generation: bool, consent: bool) -> None:
    """The declared situation is kept only with consent; withdrawing the consent clears it."""
    if (qpv or first_generation) and not consent:
        raise MentoringError("Pour enregistrer votre situation, cochez la case de consentement.")
    profile.is_qpv_resident = qpv and consent
    profile.is_first_generation = first_generation and consent
    profile.situation_consent_version = SITUATION_CONSENT_VERSION if consent else ""
    profile.situation_consent_at = timezone.now() if consent else None
    profile.save(
        update_fields=["is_qpv_resident", "is_first_generation", "situation_consent_version", "situation_consent_at"]
    )


def _check_slots_and_languages(availability: Sequence[str], languages: Sequence[str]) -> None:
    if not availability or set(availability) - set(core.SLOTS):
        raise MentoringError("Indiquez au moins un créneau de disponibilité valide (jour et moment).")
    if not languages:
        raise MentoringError("Indiquez au moins une langue.")


@transaction.atomic
def save_mentor_profile(
    user: User,
    *,
    commune,
    occupation,
    experience_years: int,
    capacity: int,
    languages: Sequence[str],
    availability: Sequence[str],
    topics: Sequence[str],
    in_person: bool = True,
    remote: bool = True,
    sector: str = "",
    employer=None,
) -> MentorProfile:
    if user.kind != User.Kind.MENTOR:
        raise MentoringError("Seuls les comptes de mentor ont un profil de mentor.")
    if not 1 <= capacity <= 3:
        raise MentoringError("Un mentor accompagne une à trois personnes à la fois.")
    if not in_person and not remote:
        raise MentoringError("Acceptez au moins un mode de rencontre : en présentiel ou à distance.")
    if not topics or set(topics) - set(core.TOPICS):
        raise MentoringError("Choisissez au moins un sujet sur lequel vous pouvez aider.")
    _check_slots_and_languages(availability, languages)
    profile, _ = MentorProfile.objects.update_or_create(
        user=user,
        defaults={
            "commune": commune, "occupation": occupation, "experience_years": experience_years,
            "capacity": capacity, "languages": list(languages), "availability": list(availability),
            "topics": list(topics), "in_person": in_person, "remote": remote,
            "sector": clean_text(sector or "", single_line=True).strip(), "employer": employer,
        },
    )  # fmt: skip
    return profile


@transaction.atomic
def save_mentee_profile(
    user: User,
    *,
    commune,
    field_of_study: str,
    field_domain: str,
    diploma_level: int,
    wished_occupations: Sequence,
    languages: Sequence[str],
    availability: Sequence[str],
    goals: Sequence[str],
    in_person: bool = True,
    remote: bool = True,
    experience_years: int = 0,
    graduated_on: datetime.date | None = None,
    qpv: bool = False,
    first_generation: bool = False,
    consent: bool = False,
) -> MenteeProfile:
    if user.kind != User.Kind.CANDIDATE:
        raise MentoringError("Seuls les comptes de candidat peuvent demander un mentor.")
    if not in_person and not remote:
        raise MentoringError("Acceptez au moins un mode de rencontre : en présentiel ou à distance.")
    if set(goals) - set(core.TOPICS):
        raise MentoringError("Objectif inconnu.")
    _check_slots_and_languages(availability, languages)
    profile, _ = MenteeProfile.objects.update_or_create(
        user=user,
        defaults={
            "commune": commune, "field_of_study": clean_text(field_of_study or "", single_line=True).strip(),
            "field_domain": field_domain,
            "diploma_level": diploma_level, "languages": list(languages), "availability": list(availability),
            "goals": list(goals), "in_person": in_person, "remote": remote, "experience_years": experience_years,
            "graduated_on": graduated_on,
        },
    )  # fmt: skip
    profile.wished_occupations.set(wished_occupations)
    record_situation(profile, qpv=qpv, first_generation=first_generation, consent=consent)
    return profile


# --- Matching -------------------------------------------------------------------------------


@dataclass
class MatchingInput:
    mentors: list[core.Mentor]
    mentees: list[core.Mentee]
    weights: core.Weights
    rules: core.Rules
    labels: dict[str, str]


def _point(commune) -> tuple[float | None, float | None]:
    if commune.latitude is None or commune.longitude is None:
        return None, None
    return float(commune.latitude), float(commune.longitude)


def matching_input(
    programme: Programme, extra_exclusions: Iterable[tuple[int, int]] = (), *, qpv_priority: bool = True
) -> MatchingInput:
    """The pool of a programme as plain data: active enrolments, minus mentees already paired, and
    mentors' capacities minus their active pairs in the programme. A mentee's `qpv` flag is the
    priority: a consented QPV residence (when `qpv_priority`) or one of the programme's
    `priority_situations` declared on the candidate profile."""
    active = Pair.objects.filter(programme=programme, state=Pair.State.ACTIVE)
    paired_mentees = set(active.values_list("mentee_id", flat=True))
    load = dict(active.values("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n"))
    mentor_users = Enrolment.objects.filter(programme=programme, role=Enrolment.Role.MENTOR, is_active=True)
    mentee_users = Enrolment.objects.filter(programme=programme, role=Enrolment.Role.MENTEE, is_active=True)
    mentor_profiles = (
        MentorProfile.objects.filter(user__in=mentor_users.values("user_id"))
        .select_related("commune", "occupation")
        .order_by("user_id")
    )
    mentee_profiles = (
        MenteeProfile.objects.filter(user__in=mentee_users.values("user_id"))
        .exclude(user_id__in=paired_mentees)
        .select_related("commune")
        .prefetch_related("wished_occupations")
        .order_by("user_id")
    )
    labels: dict[str, str] = {}
    mentors = []
    for p in mentor_profiles:
        labels[p.occupation_id] = p.occupation.label
        lat, lon = _point(p.commune)
        mentors.append(
            core.Mentor(
                id=p.user_id,
                capacity=max(0, p.capacity - load.get(p.user_id, 0)),
                occupation=p.occupation_id,
                experience_years=p.experience_years,
                latitude=lat,
                longitude=lon,
                in_person=p.in_person,
                remote=p.remote,
                languages=frozenset(p.languages),
                availability=frozenset(p.availability),
                topics=frozenset(p.topics),
                organisation=p.employer_id,
            )
        )
    # A mentee gets the priority bonus (the core's `qpv` flag) for a consented QPV residence when the
    # run prioritises QPV, or for one of the programme's priority situations on the candidate profile.
    prioritised = prioritised_user_ids([p.user_id for p in mentee_profiles], programme.priority_situations or [])
    mentees = []
    for p in mentee_profiles:
        lat, lon = _point(p.commune)
        mentees.append(
            core.Mentee(
                id=p.user_id,
                wished_occupations=tuple(o.code for o in p.wished_occupations.all()),
                field_domains=(p.field_domain,) if p.field_domain else (),
                experience_years=p.experience_years,
                latitude=lat,
                longitude=lon,
                in_person=p.in_person,
                remote=p.remote,
                languages=frozenset(p.languages),
                availability=frozenset(p.availability),
                goals=frozenset(p.goals),
                qpv=bool(qpv_priority and p.is_qpv_resident and p.situation_consent_at) or p.user_id in prioritised,
                organisation=p.employer_id,
            )
        )
    never = set(NeverTogether.objects.filter(programme=programme).values_list("mentor_id", "mentee_id"))
    never |= set(extra_exclusions)
    try:
        weights = core.Weights.from_dict(programme.weights)
    except core.PairsError as error:
        raise MentoringError(f"Pondérations du programme invalides : {error}") from error
    rules = core.Rules(max_distance_km=float(programme.max_distance_km), never_together=frozenset(never))
    return MatchingInput(mentors, mentees, weights, rules, labels)


def latest_run(programme: Programme) -> MatchingRun | None:
    return MatchingRun.objects.filter(programme=programme).order_by("-created_at", "-pk").first()


@transaction.atomic
def run_matching(
    programme: Programme, user: User | None, mode: str = Mode.SCORE, qpv: bool | None = None
) -> MatchingRun:
    """Compute proposals for the programme's pool. Locks and removals of the latest unpublished run
    carry over: locked pairs are forced, removed pairs are never proposed again (and stay listed as
    removed so the manager sees them)."""
    if mode not in Mode.values:
        raise MentoringError("Mode d'appariement inconnu.")
    previous = latest_run(programme)
    carried_locks: list[ProposedPair] = []
    carried_removals: list[ProposedPair] = []
    if previous is not None and previous.published_at is None:
        carried_locks = list(previous.proposals.filter(locked=True))
        carried_removals = list(previous.proposals.filter(removed=True))
    use_qpv = programme.qpv_priority if qpv is None else qpv
    data = matching_input(programme, [(p.mentor_id, p.mentee_id) for p in carried_removals], qpv_priority=use_qpv)
    pair_set = core.build_pairs(data.mentors, data.mentees, data.weights, data.rules)
    problem = Problem(
        capacity=np.array([m.capacity for m in data.mentors], dtype=np.int64),
        n_mentees=len(data.mentees),
        mentor=pair_set.mentor_index,
        mentee=pair_set.mentee_index,
        score=pair_set.score,
        qpv=np.array([e.qpv for e in data.mentees], dtype=bool),
    )
    index = {
        (data.mentors[m].id, data.mentees[e].id): i
        for i, (m, e) in enumerate(zip(pair_set.mentor_index.tolist(), pair_set.mentee_index.tolist(), strict=True))
    }
    locked = [index[(p.mentor_id, p.mentee_id)] for p in carried_locks if (p.mentor_id, p.mentee_id) in index]
    bonus = DEFAULT_QPV_BONUS if use_qpv or programme.priority_situations else 0
    options = Options(mode, bonus, locked, ())
    try:
        matching = solve(problem, options)
        optimal = solve(problem, Options(Mode.SCORE, options.qpv_bonus, locked, ())) if mode == Mode.STABLE else None
    except SolveError as error:
        raise MentoringError(str(error)) from error

    run = MatchingRun.objects.create(
        programme=programme,
        created_by=user,
        mode=mode,
        qpv_bonus=options.qpv_bonus,
        weights=data.weights.as_dict(),
        max_distance_km=int(data.rules.max_distance_km),
        mentors_count=len(data.mentors),
        mentees_count=len(data.mentees),
        feasible_pairs=len(pair_set),
        total=matching.total,
        matched=matching.matched,
        blocking_pairs=matching.blocking_pairs,
        optimal_total=optimal.total if optimal is not None else None,
    )
    locked_set = set(locked)
    proposals = []
    for i in matching.chosen.tolist():
        mentor = data.mentors[int(pair_set.mentor_index[i])]
        mentee = data.mentees[int(pair_set.mentee_index[i])]
        explanation = core.explain(mentor, mentee, data.weights, data.rules, data.labels)
        proposals.append(
            ProposedPair(
                run=run,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                score=int(pair_set.score[i]),
                reasons=core.reasons_text(explanation),
                meeting=explanation.meeting,
                distance_km=explanation.distance_km,
                locked=i in locked_set,
            )
        )
    chosen_keys = {(p.mentor_id, p.mentee_id) for p in proposals}
    for p in carried_removals:
        if (p.mentor_id, p.mentee_id) not in chosen_keys:
            proposals.append(
                ProposedPair(
                    run=run, mentor_id=p.mentor_id, mentee_id=p.mentee_id, score=p.score, reasons=p.reasons,
                    meeting=p.meeting, distance_km=p.distance_km, removed=True,
                )
            )  # fmt: skip
    ProposedPair.objects.bulk_create(proposals)
    return run


def _open_run(proposal: ProposedPair) -> MatchingRun:
    run = proposal.run
    if run.published_at is not None:
        raise MentoringError("Cet appariement est déjà publié : relancez un nouvel appariement pour le modifier.")
    if latest_run(run.programme) != run:
        raise MentoringError("Un appariement plus récent existe : modifiez plutôt celui-ci.")
    return run


@transaction.atomic
def set_locked(proposal: ProposedPair, locked: bool, *, actor: User | None = None) -> ProposedPair:
    _open_run(proposal)
    if proposal.removed and locked:
        raise MentoringError("Ce binôme est retiré : rétablissez-le avant de le verrouiller.")
    audit.record(actor, "mentoring.proposal.locked", proposal, {"locked": [proposal.locked, locked]})
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    return proposal


@transaction.atomic
def set_removed(proposal: ProposedPair, removed: bool, *, actor: User | None = None) -> ProposedPair:
    _open_run(proposal)
    if proposal.locked and removed:
        raise MentoringError("Ce binôme est verrouillé : déverrouillez-le avant de le retirer.")
    audit.record(actor, "mentoring.proposal.removed", proposal, {"removed": [proposal.removed, removed]})
    proposal.removed = removed
    proposal.save(update_fields=["removed"])
    return proposal


def _email(template: str, context: dict, to: list[str], subject: str) -> None:
    body = render_to_string(f"mentoring/emails/{template}.txt", {**context, "site_url": _site_url()})
    send_email_on_commit(subject, body, to)


@transaction.atomic
def publish_run(run: MatchingRun, user: User | None, today: datetime.date | None = None) -> list[Pair]:
    """Turn the run's kept proposals into pairs and introduce each mentor and mentee by e-mail.
    Nothing reached the people before this."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.published_at is not None:
        raise MentoringError("Cet appariement est déjà publié.")
    if latest_run(run.programme) != run:
        raise MentoringError("Un appariement plus récent existe : publiez plutôt celui-ci.")
    today = today or timezone.localdate()
    kept = list(run.proposals.filter(removed=False).select_related("mentor", "mentee"))
    if not kept:
        raise MentoringError("Aucun binôme à publier.")
    pairs = []
    for proposal in kept:
        try:
            with transaction.atomic():
                pair = Pair.objects.create(
                    programme=run.programme, run=run, mentor=proposal.mentor, mentee=proposal.mentee,
                    score=proposal.score, reasons=proposal.reasons, started_on=today,
                )  # fmt: skip
        except IntegrityError as error:
            raise MentoringError(f"{proposal.mentee} a déjà un binôme en cours dans ce programme.") from error
        pairs.append(pair)
        audit.record(user, "mentoring.pair.created", pair, {"run": run.pk, "score": proposal.score})
        context = {"pair": pair, "programme": run.programme, "proposal": proposal}
        _email(
            "introduction_mentor",
            context,
            [proposal.mentor.email],
            f"Mentorat : nous vous présentons {proposal.mentee.get_full_name() or proposal.mentee.email}",
        )
        _email(
            "introduction_mentee",
            context,
            [proposal.mentee.email],
            f"Mentorat : votre mentor est {proposal.mentor.get_full_name() or proposal.mentor.email}",
        )
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    audit.record(user, "mentoring.run.published", run, {"pairs": [pair.pk for pair in pairs]})
    return pairs


# --- Follow-up ------------------------------------------------------------------------------


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


def _notify_managers(pair: Pair, help_request: HelpRequest) -> None:
    emails = list(pair.programme.managers.values_list("email", flat=True))
    if emails:
        _email(
            "alert_manager",
            {"pair": pair, "help_request": help_request, "programme": pair.programme},
            emails,
            f"Mentorat : {help_request.get_kind_display().lower()} — {pair}",
        )


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


# --- Self-enrolment ---------------------------------------------------------------------------


def role_for(user: User) -> str | None:
    """The role a user can take in a programme: mentor accounts mentor, candidates are mentored."""
    if user.kind == User.Kind.MENTOR:
        return Enrolment.Role.MENTOR
    if user.kind == User.Kind.CANDIDATE:
        return Enrolment.Role.MENTEE
    return None


def open_programmes(today: datetime.date | None = None):
    """Programmes one can still join: not ended. Demo programmes are open like the others: the demo
    exists to be tried, and `load_demo` refuses to run in production."""
    today = today or timezone.localdate()
    return (
        Programme.objects.filter(ends_on__gte=today)
        .select_related("departement", "epci", "commune")  # scope_label
        .order_by("starts_on", "name")
    )


def programme_covers(programme: Programme, commune) -> bool:
    """Whether a commune lies in the programme's territory (a national programme covers every commune)."""
    from emploi_territoires.territories.models import PROGRAMME_FLAG

    if programme.scope == Scope.DEPARTEMENT and programme.departement_id:
        return commune.departement_id == programme.departement_id
    if programme.scope == Scope.EPCI and programme.epci_id:
        return commune.epci_id == programme.epci_id
    if programme.scope == Scope.COMMUNE and programme.commune_id:
        return commune.pk == programme.commune_id
    if programme.scope == Scope.PROGRAMME and programme.territorial_programme:
        return bool(getattr(commune, PROGRAMME_FLAG[programme.territorial_programme], False))
    return True


@transaction.atomic
def self_enrol(programme: Programme, user: User, today: datetime.date | None = None) -> Enrolment:
    """A mentor or a mentee joins an open programme by themselves. Unlike `enrol` (managers, demo),
    a second enrolment is refused with a message: the person clicked twice or forgot."""
    today = today or timezone.localdate()
    role = role_for(user)
    if role is None:
        raise MentoringError("Seuls les mentors et les candidats peuvent s'inscrire à un programme de mentorat.")
    if programme.ends_on < today:
        raise MentoringError("Ce programme est terminé : les inscriptions sont closes.")
    if Enrolment.objects.filter(programme=programme, user=user, role=role, is_active=True).exists():
        raise MentoringError("Vous êtes déjà inscrit·e à ce programme.")
    if role == Enrolment.Role.MENTEE:
        profile = MenteeProfile.objects.select_related("commune").filter(user=user).first()
        if profile is not None and not programme_covers(programme, profile.commune):
            raise MentoringError(
                f"Ce programme est réservé à un territoire ({programme.scope_label}) qui ne comprend pas "
                f"votre commune ({profile.commune.name})."
            )
    return enrol(programme, user, role)


@transaction.atomic
def withdraw_enrolment(programme: Programme, user: User) -> None:
    updated = Enrolment.objects.filter(programme=programme, user=user, is_active=True).update(is_active=False)
    if not updated:
        raise MentoringError("Vous n'êtes pas inscrit·e à ce programme.")


# --- Programmes: creation, settings, exclusions ----------------------------------------------


def can_create_programme(user: User) -> bool:
    """Staff, and people who already run a programme, open new ones."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff or Programme.objects.filter(managers=user).exists())


@dataclass
class ProgrammeData:
    name: str
    scope: str
    audience: str
    duration_months: int
    meeting_every_weeks: int
    alert_after_weeks: int
    starts_on: datetime.date
    ends_on: datetime.date
    managers: list[User]
    weights: dict[str, int]
    max_distance_km: int = 30
    qpv_priority: bool = False
    priority_situations: list[str] = field(default_factory=list)
    description: str = ""
    departement: object = None
    epci: object = None
    commune: object = None
    territorial_programme: str = ""


def validate_weights(weights: dict) -> dict[str, int]:
    """Weights as the programme stores them; a French MentoringError when negative or all zero."""
    for key, value in weights.items():
        if key not in core.CRITERIA:
            raise MentoringError(f"Critère inconnu : {key}.")
        if isinstance(value, bool) or not isinstance(value, int):
            raise MentoringError(f"Le poids « {core.CRITERION_LABELS[key]} » doit être un nombre entier.")
        if value < 0:
            raise MentoringError(f"Le poids « {core.CRITERION_LABELS[key]} » ne peut pas être négatif.")
    try:
        return core.Weights.from_dict(weights).as_dict()
    except core.PairsError as error:
        raise MentoringError(str(error)) from error


def _check_programme(data: ProgrammeData) -> None:
    if not data.name.strip():
        raise MentoringError("Donnez un nom au programme.")
    if data.ends_on < data.starts_on:
        raise MentoringError("La date de fin doit suivre la date de début.")
    if not 1 <= data.duration_months <= 24:
        raise MentoringError("La durée du mentorat va de 1 à 24 mois.")
    if not 1 <= data.meeting_every_weeks <= 12:
        raise MentoringError("La fréquence des rencontres va d'une fois par semaine à une fois toutes les 12 semaines.")
    if not 1 <= data.alert_after_weeks <= 26:
        raise MentoringError("L'alerte sans rencontre se déclenche après 1 à 26 semaines.")
    if not 1 <= data.max_distance_km <= 200:
        raise MentoringError("La distance maximale en présentiel va de 1 à 200 km.")
    if not data.managers:
        raise MentoringError("Un programme a au moins un responsable.")
    needed = {
        Scope.DEPARTEMENT: (data.departement, "Choisissez le département du programme."),
        Scope.EPCI: (data.epci, "Indiquez l'intercommunalité (EPCI) du programme."),
        Scope.COMMUNE: (data.commune, "Indiquez la commune du programme."),
        Scope.PROGRAMME: (data.territorial_programme, "Choisissez le programme territorial (ACV, PVD, TI, QPV…)."),
    }
    if data.scope not in Scope.values:
        raise MentoringError("Périmètre inconnu.")
    if data.scope in needed and not needed[data.scope][0]:
        raise MentoringError(needed[data.scope][1])
    if data.audience not in Audience.values:
        raise MentoringError("Public inconnu.")
    try:
        clean_situations(data.priority_situations)
    except UnknownSituation as error:
        raise MentoringError(str(error)) from error


@transaction.atomic
def save_programme(programme: Programme | None, user: User, data: ProgrammeData) -> Programme:
    """Create (programme None) or update a programme. Only the fields of its scope are kept."""
    _check_programme(data)
    weights = validate_weights(data.weights)
    programme = programme or Programme()
    programme.name = clean_text(data.name, single_line=True).strip()
    programme.description = clean_text(data.description).strip()
    programme.scope = data.scope
    programme.departement = data.departement if data.scope == Scope.DEPARTEMENT else None
    programme.epci = data.epci if data.scope == Scope.EPCI else None
    programme.commune = data.commune if data.scope == Scope.COMMUNE else None
    programme.territorial_programme = data.territorial_programme if data.scope == Scope.PROGRAMME else ""
    for name in ("audience", "duration_months", "meeting_every_weeks", "alert_after_weeks", "starts_on", "ends_on"):
        setattr(programme, name, getattr(data, name))
    programme.max_distance_km = data.max_distance_km
    programme.qpv_priority = data.qpv_priority
    programme.priority_situations = clean_situations(data.priority_situations)
    programme.weights = weights
    programme.save()
    programme.managers.set(data.managers)
    return programme


@transaction.atomic
def add_exclusion(programme: Programme, mentor: User, mentee: User, reason: str = "") -> NeverTogether:
    """A manager's "never together": both must be enrolled in the programme with those roles."""
    enrolled = Enrolment.objects.filter(programme=programme, is_active=True)
    if not enrolled.filter(user=mentor, role=Enrolment.Role.MENTOR).exists():
        raise MentoringError("Ce mentor n'est pas inscrit à ce programme.")
    if not enrolled.filter(user=mentee, role=Enrolment.Role.MENTEE).exists():
        raise MentoringError("Cette personne mentorée n'est pas inscrite à ce programme.")
    exclusion, created = NeverTogether.objects.get_or_create(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        defaults={"reason": clean_text(reason or "", single_line=True).strip()[:200]},
    )
    if not created:
        raise MentoringError("Cette exclusion existe déjà.")
    return exclusion


@transaction.atomic
def remove_exclusion(exclusion: NeverTogether) -> None:
    exclusion.delete()


# --- Survey reminders -------------------------------------------------------------------------


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
