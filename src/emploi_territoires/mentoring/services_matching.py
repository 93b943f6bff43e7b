"""Mentoring matching runs: computed, adjusted (locks, removals), published as pairs."""

from __future__ import annotations

import datetime

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core import audit

from .errors import MentoringError
from .matching import pairs as core
from .matching.problem import Problem, SolveError
from .matching.solve import Options, solve
from .matching_adapter import matching_input
from .models import MatchingRun, Mode, Pair, Programme, ProposedPair
from .notifications import _email

DEFAULT_QPV_BONUS = 20


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
