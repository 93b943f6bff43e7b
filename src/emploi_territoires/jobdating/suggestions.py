"""Reading a job dating's target audience: its labels, the candidates it suits, the events suggested
to a candidate or to an advisor, and the public list.

The rule itself is `audience.matches` (pure); here it is applied to models, and written once more
as a query (`matching_profiles_q`) to find the candidates of one event in a single request
(tests/jobdating/test_audience.py keeps the two equal). Writes (opt-in, invitations) are in
`services_invitations`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from emploi_territoires.accounts.models import AdvisorScope, Organisation, User
from emploi_territoires.accounts.permissions import advisor_follows, advisor_scope, followed_communes_q
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.territories.models import PROGRAMME_FLAG, Commune, Programme

from . import audience as rule
from .models import Event, EventStatus

SPACE_LIMIT = 5  # events listed in a person's space


# --- An event's audience -------------------------------------------------------------------------


@dataclass(frozen=True)
class AudienceLabels:
    """What the event page says about whom the event is for."""

    programmes: list[str]
    departements: list[str]
    occupations: list[str]
    default_departement: str  # the event's own département, used when none is targeted

    @property
    def is_open_to_all(self) -> bool:
        return not (self.programmes or self.departements or self.occupations)


def audience_labels(event: Event) -> AudienceLabels:
    programmes = [Programme(p).label for p in event.target_programmes if p in Programme.values]
    departements = [f"{d.name} ({d.code})" for d in event.target_departements.order_by("code")]
    occupations = [f"{o.label} ({o.code})" for o in event.target_occupations.order_by("label")]
    departement = event.commune.departement
    return AudienceLabels(programmes, departements, occupations, f"{departement.name} ({departement.code})")


def audience_of(event: Event) -> rule.Audience:
    return rule.audience(
        event.commune.departement_id,
        (d.pk for d in event.target_departements.all()),
        (p for p in event.target_programmes if p in Programme.values),
        (o.pk for o in event.target_occupations.all()),
    )


def commune_programmes(commune: Commune) -> frozenset[str]:
    return frozenset(p for p, flag in PROGRAMME_FLAG.items() if getattr(commune, flag))


def person_of(profile: CandidateProfile) -> rule.Person:
    return rule.Person(
        profile.commune.departement_id,
        commune_programmes(profile.commune),
        frozenset(o.pk for o in profile.wanted_occupations.all()),
    )


def matching_profiles_q(event: Event) -> Q:
    """`audience.matches` as a query on CandidateProfile (for one event)."""
    target = audience_of(event)
    q = Q(commune__departement_id__in=sorted(target.departements))
    if target.programmes:
        programmes = Q()
        for programme in sorted(target.programmes):
            programmes |= Q(**{f"commune__{PROGRAMME_FLAG[Programme(programme)]}": True})
        q &= programmes
    if target.occupations:
        q &= Q(wanted_occupations__in=sorted(target.occupations))
    return q


def matching_profiles(event: Event) -> QuerySet[CandidateProfile]:
    """Profiles of active candidate accounts that the event suits."""
    return (
        CandidateProfile.objects.filter(
            matching_profiles_q(event), user__is_active=True, user__kind=User.Kind.CANDIDATE
        )
        .distinct()
        .select_related("user", "commune")
    )


# --- Events open to registration -----------------------------------------------------------------


def open_events(now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Events a candidate can register for now: registrations open, deadline not passed."""
    now = now or timezone.now()
    return Event.objects.filter(
        status=EventStatus.REGISTRATION_OPEN, registration_deadline__gte=now, date__gte=timezone.localdate(now)
    )


def public_events(now: datetime.datetime | None = None) -> QuerySet[Event]:
    """The list anybody may read, signed in or not: the events open to registration, soonest first."""
    return (
        open_events(now)
        .select_related("commune__departement", "organiser")
        .annotate(recruiter_count=Count("recruiter_registrations", distinct=True))
        .order_by("date", "first_slot_time", "pk")
    )


def suggested_events(user: User, now: datetime.datetime | None = None, limit: int = SPACE_LIMIT) -> list[Event]:
    """Open events whose audience matches the candidate's profile, soonest first."""
    profile = CandidateProfile.objects.filter(user_id=user.pk).select_related("commune").first()
    if profile is None:
        return []
    person = person_of(profile)
    events = (
        open_events(now)
        .select_related("commune__departement")
        .prefetch_related("target_departements", "target_occupations")
        .order_by("date", "first_slot_time", "pk")
    )
    return [e for e in events if rule.matches(audience_of(e), person)][:limit]


# --- Advisors ------------------------------------------------------------------------------------


def advisor_follows_event(scope: AdvisorScope, event: Event) -> bool:
    """An advisor is concerned by an event in a commune they follow, or aimed at one of their
    départements."""
    if advisor_follows(scope.user, event):
        return True
    targeted = {d.pk for d in event.target_departements.all()}
    return scope.departements.filter(code__in=targeted).exists() if targeted else False


def advisors_of(event: Event) -> list[User]:
    """Advisors (members of an Apec or ANCT organisation with a scope) concerned by the event,
    apart from those who organise it."""
    organisers = set(event.advisors.values_list("pk", flat=True)) | {event.created_by_id}
    scopes = (
        AdvisorScope.objects.filter(
            user__is_active=True,
            user__memberships__organisation__kind__in=[Organisation.Kind.APEC, Organisation.Kind.ANCT],
        )
        .exclude(user_id__in=[pk for pk in organisers if pk is not None])
        .select_related("user")
        .distinct()
        .order_by("user_id")
    )
    return [scope.user for scope in scopes if advisor_follows_event(scope, event)]


def advisor_events(user: User, today: datetime.date | None = None, limit: int = SPACE_LIMIT) -> list[Event]:
    """Coming events (drafts apart) in the advisor's territories, soonest first."""
    scope = advisor_scope(user)
    if scope is None:
        return []
    today = today or timezone.localdate()
    departements = list(scope.departements.values_list("code", flat=True))
    events = (
        Event.objects.filter(date__gte=today)
        .exclude(status=EventStatus.DRAFT)
        .filter(followed_communes_q(user, "commune__") | Q(target_departements__in=departements))
        .distinct()
        .select_related("commune")
        .annotate(
            recruiter_count=Count("recruiter_registrations", distinct=True),
            candidate_count=Count("candidate_registrations", distinct=True),
        )
        .order_by("date", "first_slot_time", "pk")
    )
    return list(events[:limit])
