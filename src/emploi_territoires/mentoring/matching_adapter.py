"""From the database to the matching core (`mentoring.matching`): a programme's pool as plain data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from emploi_territoires.applications.situations import prioritised_user_ids

from .errors import MentoringError
from .matching import pairs as core
from .models import Enrolment, MenteeProfile, MentorProfile, NeverTogether, Pair, Programme


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
    for mentor in mentor_profiles:
        labels[mentor.occupation_id] = mentor.occupation.label
        lat, lon = _point(mentor.commune)
        mentors.append(
            core.Mentor(
                id=mentor.user_id,
                capacity=max(0, mentor.capacity - load.get(mentor.user_id, 0)),
                occupation=mentor.occupation_id,
                experience_years=mentor.experience_years,
                latitude=lat,
                longitude=lon,
                in_person=mentor.in_person,
                remote=mentor.remote,
                languages=frozenset(mentor.languages),
                availability=frozenset(mentor.availability),
                topics=frozenset(mentor.topics),
                organisation=mentor.employer_id,
            )
        )
    # A mentee gets the priority bonus (the core's `qpv` flag) for a consented QPV residence when the
    # run prioritises QPV, or for one of the programme's priority situations on the candidate profile.
    prioritised = prioritised_user_ids([p.user_id for p in mentee_profiles], programme.priority_situations or [])
    mentees = []
    for mentee in mentee_profiles:
        lat, lon = _point(mentee.commune)
        mentees.append(
            core.Mentee(
                id=mentee.user_id,
                wished_occupations=tuple(o.code for o in mentee.wished_occupations.all()),
                field_domains=(mentee.field_domain,) if mentee.field_domain else (),
                experience_years=mentee.experience_years,
                latitude=lat,
                longitude=lon,
                in_person=mentee.in_person,
                remote=mentee.remote,
                languages=frozenset(mentee.languages),
                availability=frozenset(mentee.availability),
                goals=frozenset(mentee.goals),
                qpv=bool(qpv_priority and mentee.is_qpv_resident and mentee.situation_consent_at)
                or mentee.user_id in prioritised,
                organisation=mentee.employer_id,
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
