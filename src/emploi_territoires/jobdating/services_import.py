"""Create an event's registrations from a file in the solver's format (JSON, or the XLSX workbook).

The file is the one `io.event_to_json` / `io.event_to_xlsx` exports, so an event can be copied
into a fresh one (same solver instance, new ids), or prepared in a spreadsheet. Decisions:

- the event must be a draft or open for registrations, with the file's number of slots and minimal
  gap (no silent change of the event); nobody in the file may already be registered to it;
- a recruiter is its organisation: the `organisation_id` key (XLSX column « Organisation ») when
  given, otherwise the organisation's exact name (case aside) — unknown or ambiguous: an error;
  its contact is the organisation's oldest administrator (who gets the e-mails on publication);
- a candidate is an existing candidate account with a profile, found by its e-mail (`email`, column
  « E-mail »). Unknown e-mails are errors, not new accounts: an advisor's list is no consent to
  an account, and the person registers from the platform (or as a walk-in on the day);
- a wish's rank is its `rank` (column « Rang ») when every wish of the candidate has one, otherwise
  the order of the weights (heaviest first, file order between equal weights); ranks are compacted
  to 1..n like on the wishes page; `preference` (« Avis ») « prioritaire » / « refusé » becomes
  the recruiter's screening. The weights are then recomputed with `solver.weights` — the file's
  weights only order the wishes — so the event's instance is the one the platform would build;
- deadlines and capacity: the capacity holds, the registration deadline does not (the organiser
  registers people on their behalf);
- all or nothing: `plan_import` lists every problem with its sheet and line (or item number), and
  `apply_import` plans again under the event's lock and writes everything in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from emploi_territoires.accounts.models import Membership, Organisation, User

from .errors import JobDatingError, ValidationFailed
from .models import (
    MAX_TABLES,
    MAX_WISHES,
    CandidateRegistration,
    CandidateScreening,
    Event,
    EventStatus,
    RecruiterRegistration,
    ScreeningDecision,
    Wish,
)
from .validation import validate_availability
from .workflow import _check_can_manage

IMPORT_STATUSES = (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN)


class ImportFailed(JobDatingError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(" ".join(errors))


@dataclass
class PlannedRecruiter:
    file_id: Any
    organisation: Organisation
    tables: int
    availability: list[list[int]]


@dataclass
class PlannedCandidate:
    file_id: Any
    user: User
    availability: list[list[int]]
    max_interviews: int | None


@dataclass
class PlannedWish:
    candidate: Any  # file ids
    recruiter: Any
    rank: int
    preference: str


@dataclass
class ImportPlan:
    recruiters: list[PlannedRecruiter] = field(default_factory=list)
    candidates: list[PlannedCandidate] = field(default_factory=list)
    wishes: list[PlannedWish] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _where(item: dict[str, Any], kind: str, n: int) -> str:
    return item.get("_line") or f"{kind} n° {n} (identifiant {item.get('id')!r})"


def _availability(event: Event, ranges: Any, where: str, errors: list[str]) -> list[list[int]]:
    try:
        return validate_availability(event, [list(r) for r in ranges or []])
    except ValidationFailed as exc:
        errors.extend(f"{where} : {message}" for messages in exc.errors.values() for message in messages)
        return []


def _organisation(item: dict[str, Any], where: str, errors: list[str]) -> Organisation | None:
    wanted = item.get("organisation_id")
    if wanted not in (None, ""):
        organisation = Organisation.objects.filter(pk=wanted).first() if isinstance(wanted, int) else None
        if organisation is None:
            errors.append(f"{where} : aucune organisation ne porte le numéro « {wanted} ».")
        return organisation
    name = str(item.get("name") or "").strip()
    if not name:
        errors.append(f"{where} : indiquez le nom de l'organisation (ou son numéro dans la colonne « Organisation »).")
        return None
    found = list(Organisation.objects.filter(name__iexact=name)[:2])
    if not found:
        errors.append(
            f"{where} : aucune organisation ne s'appelle « {name} » sur la plateforme "
            "(vérifiez l'orthographe, ou donnez son numéro dans la colonne « Organisation »)."
        )
        return None
    if len(found) > 1:
        errors.append(
            f"{where} : plusieurs organisations s'appellent « {name} » : donnez son numéro dans la colonne "
            "« Organisation »."
        )
        return None
    return found[0]


def _candidate_user(item: dict[str, Any], where: str, errors: list[str]) -> User | None:
    email = str(item.get("email") or "").strip()
    if not email:
        errors.append(f"{where} : indiquez l'adresse électronique du candidat (colonne « E-mail »).")
        return None
    user = User.objects.filter(email__iexact=email).select_related("candidate_profile").first()
    if user is None:
        errors.append(
            f"{where} : aucun compte candidat n'utilise l'adresse « {email} » : la personne doit d'abord créer "
            "son compte sur la plateforme."
        )
        return None
    if user.kind != User.Kind.CANDIDATE or not hasattr(user, "candidate_profile"):
        errors.append(f"{where} : le compte « {email} » n'est pas un compte candidat avec un profil.")
        return None
    return user


def _ranks(wishes: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """The candidate's wishes with their compacted rank (1..n)."""
    if all(isinstance(w.get("rank"), int) for w in wishes):
        ordered = sorted(wishes, key=lambda w: w["rank"])
    else:
        # Heaviest first; sorted() is stable, so equal weights keep the file's order.
        ordered = sorted(wishes, key=lambda w: -int(w.get("weight") or 0))
    return [(w, position) for position, w in enumerate(ordered, start=1)]


def plan_import(event: Event, data: dict[str, Any]) -> ImportPlan:
    """What the file would create in `event`, and every problem found (nothing is written)."""
    plan = ImportPlan()
    errors = plan.errors
    if event.status not in IMPORT_STATUSES:
        errors.append(
            "On n'importe des inscriptions que dans un job dating en brouillon ou aux inscriptions ouvertes "
            f"(celui-ci est à l'état « {event.get_status_display()} »)."
        )
        return plan
    if data.get("slots") != event.slot_count:
        errors.append(
            f"Le fichier prévoit {data.get('slots')} créneaux, le job dating {event.slot_count} : "
            "modifiez le nombre de créneaux du job dating ou le fichier."
        )
    if data.get("min_gap", 0) != event.min_gap:
        errors.append(
            f"Le fichier demande un écart minimal de {data.get('min_gap', 0)} créneau(x), le job dating "
            f"{event.min_gap} : modifiez l'un ou l'autre."
        )
    registered_orgs = set(RecruiterRegistration.objects.filter(event=event).values_list("organisation_id", flat=True))
    registered_users = set(CandidateRegistration.objects.filter(event=event).values_list("user_id", flat=True))

    seen_orgs: dict[int, str] = {}
    for n, item in enumerate(data.get("recruiters") or [], start=1):
        where = _where(item, "Recruteur", n)
        organisation = _organisation(item, where, errors)
        tables = item.get("tables")
        if not isinstance(tables, int) or not 1 <= tables <= MAX_TABLES:
            errors.append(f"{where} : le nombre de tables doit être compris entre 1 et {MAX_TABLES}.")
        availability = _availability(event, item.get("available"), where, errors)
        if organisation is None:
            continue
        if organisation.pk in registered_orgs:
            errors.append(f"{where} : {organisation.name} est déjà inscrite à ce job dating.")
        elif organisation.pk in seen_orgs:
            errors.append(f"{where} : {organisation.name} figure deux fois (aussi en {seen_orgs[organisation.pk]}).")
        seen_orgs[organisation.pk] = where
        plan.recruiters.append(PlannedRecruiter(item.get("id"), organisation, tables, availability))

    seen_users: dict[int, str] = {}
    for n, item in enumerate(data.get("candidates") or [], start=1):
        where = _where(item, "Candidat", n)
        user = _candidate_user(item, where, errors)
        availability = _availability(event, item.get("available"), where, errors)
        if user is None:
            continue
        if user.pk in registered_users:
            errors.append(f"{where} : {user.email} est déjà inscrit ou inscrite à ce job dating.")
        elif user.pk in seen_users:
            errors.append(f"{where} : {user.email} figure deux fois (aussi en {seen_users[user.pk]}).")
        seen_users[user.pk] = where
        plan.candidates.append(PlannedCandidate(item.get("id"), user, availability, item.get("max_interviews")))
    if event.capacity is not None and len(registered_users) + len(plan.candidates) > event.capacity:
        errors.append(
            f"Le job dating accueille {event.capacity} candidats au plus : le fichier en inscrirait "
            f"{len(registered_users) + len(plan.candidates)}."
        )

    by_candidate: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for item in data.get("wishes") or []:
        by_candidate[item.get("candidate")].append(item)
    for candidate_id, wishes in by_candidate.items():
        if len(wishes) > MAX_WISHES:
            errors.append(
                f"Le candidat {candidate_id!r} a {len(wishes)} souhaits : {MAX_WISHES} au plus sont possibles."
            )
            continue
        ranks = [w["rank"] for w in wishes if isinstance(w.get("rank"), int)]
        if len(ranks) == len(wishes) and len(set(ranks)) != len(ranks):
            errors.append(f"Le candidat {candidate_id!r} donne le même rang à plusieurs recruteurs.")
            continue
        for n, (item, rank) in enumerate(_ranks(wishes), start=1):
            preference = item.get("preference") or ScreeningDecision.ACCEPTED
            if preference not in ScreeningDecision.values:
                where = item.get("_line") or f"Souhait n° {n} du candidat {candidate_id!r}"
                errors.append(f"{where} : avis « {preference} » inconnu (accepté, prioritaire ou refusé).")
                continue
            plan.wishes.append(PlannedWish(candidate_id, item.get("recruiter"), rank, preference))
    return plan


@dataclass(frozen=True)
class ImportResult:
    recruiters: int
    candidates: int
    wishes: int


def _contact(organisation: Organisation) -> User | None:
    """The organisation's oldest administrator (else its oldest member): the e-mails go to them."""
    memberships = list(Membership.objects.filter(organisation=organisation).select_related("user").order_by("pk"))
    admins = [m for m in memberships if m.role == Membership.Role.ADMIN]
    chosen = (admins or memberships or [None])[0]
    return chosen.user if chosen else None


def apply_import(event: Event, data: dict[str, Any], *, actor: User | None) -> ImportResult:
    """Create every registration, wish and screening of the file, or nothing (ImportFailed)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_can_manage(actor, locked)
        plan = plan_import(locked, data)
        if plan.errors:
            raise ImportFailed(plan.errors)
        recruiter_ids: dict[Any, int] = {}
        for recruiter in plan.recruiters:
            registration = RecruiterRegistration.objects.create(
                event=locked,
                organisation=recruiter.organisation,
                tables=recruiter.tables,
                availability=recruiter.availability,
                contact=_contact(recruiter.organisation),
            )
            recruiter_ids[recruiter.file_id] = registration.pk
        candidate_ids: dict[Any, int] = {}
        for candidate in plan.candidates:
            registration = CandidateRegistration.objects.create(
                event=locked,
                user=candidate.user,
                availability=candidate.availability,
                max_interviews=candidate.max_interviews,
            )
            candidate_ids[candidate.file_id] = registration.pk
        Wish.objects.bulk_create(
            Wish(
                candidate_registration_id=candidate_ids[w.candidate],
                recruiter_registration_id=recruiter_ids[w.recruiter],
                rank=w.rank,
            )
            for w in plan.wishes
        )
        CandidateScreening.objects.bulk_create(
            CandidateScreening(
                candidate_registration_id=candidate_ids[w.candidate],
                recruiter_registration_id=recruiter_ids[w.recruiter],
                decision=w.preference,
                decided_by=actor,
            )
            for w in plan.wishes
            if w.preference != ScreeningDecision.ACCEPTED
        )
    return ImportResult(len(plan.recruiters), len(plan.candidates), len(plan.wishes))
