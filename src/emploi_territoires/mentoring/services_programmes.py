"""Mentoring programmes: creation, settings (weights checked), "never together" exclusions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.situations import UnknownSituation, clean_situations
from emploi_territoires.core.text import clean_text
from emploi_territoires.territories.scope import ScopeKind

from .errors import MentoringError
from .matching import pairs as core
from .models import PROGRAMME_KINDS, Audience, Enrolment, NeverTogether, Programme


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
    needed: dict[str, tuple[object, str]] = {
        ScopeKind.DEPARTEMENT: (data.departement, "Choisissez le département du programme."),
        ScopeKind.EPCI: (data.epci, "Indiquez l'intercommunalité (EPCI) du programme."),
        ScopeKind.COMMUNE: (data.commune, "Indiquez la commune du programme."),
        ScopeKind.PROGRAMME: (data.territorial_programme, "Choisissez le programme territorial (ACV, PVD, TI, QPV…)."),
    }
    if data.scope not in PROGRAMME_KINDS:
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
    programme.scope_kind = data.scope
    programme.departement = data.departement if data.scope == ScopeKind.DEPARTEMENT else None  # type: ignore[assignment]
    programme.epci = data.epci if data.scope == ScopeKind.EPCI else None  # type: ignore[assignment]
    programme.commune = data.commune if data.scope == ScopeKind.COMMUNE else None  # type: ignore[assignment]
    programme.programme = data.territorial_programme if data.scope == ScopeKind.PROGRAMME else ""
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
