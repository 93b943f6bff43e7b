"""Mentoring profiles and enrolments: the mentor's and the mentee's profiles, the declared situation.

Every write of the mentoring module goes through the `services_*` modules: validated, in a transaction,
e-mails queued on commit. Views, commands, the demo and tests call them; nothing else saves mentoring
models. Errors are `errors.MentoringError` with a French message shown as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core.text import clean_text

from .errors import MentoringError
from .matching import pairs as core
from .models import Enrolment, MenteeProfile, MentorProfile, Programme

SITUATION_CONSENT_VERSION = "2026-11"
SITUATION_CONSENT_TEXT = (
    "J'accepte que la situation que je déclare (habitant·e d'un quartier prioritaire, premier·e diplômé·e de ma "
    "famille) soit enregistrée pour que le programme de mentorat me donne la priorité prévue et pour des "
    "statistiques anonymes. Je peux retirer ce consentement à tout moment : ma situation est alors effacée."
)


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
