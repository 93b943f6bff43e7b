"""Self-enrolment: mentors and mentees join an open programme by themselves."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import User

from .errors import MentoringError
from .models import Enrolment, MenteeProfile, Programme
from .services_profiles import enrol


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
        if profile is not None and not programme.scope.covers(profile.commune):
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
