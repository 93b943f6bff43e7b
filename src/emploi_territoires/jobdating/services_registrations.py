"""Job-dating registrations: recruiters and candidates register, rank their wishes, screen, withdraw.

Weights: `solver.weights.wish_weight(rank, preference)` — ranks are compacted to 1..n when the
candidate saves them (ranks 1, 3, 7 become 1, 2, 3), so a gap in the numbering never lowers a wish.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.permissions import is_member, is_staff
from emploi_territoires.offers.models import Offer, OfferStatus

from .errors import JobDatingError, ValidationFailed, _fail_if
from .formatting import time_label
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
from .permissions import can_manage_event
from .validation import validate_availability, whole_day


def registration_problem(event: Event, now: datetime.datetime | None = None) -> str | None:
    """Why nobody can register or change a registration now, or None."""
    now = now or timezone.now()
    if event.status != EventStatus.REGISTRATION_OPEN:
        return "Les inscriptions à ce job dating ne sont pas ouvertes."
    if now > event.registration_deadline:
        deadline = timezone.localtime(event.registration_deadline)
        return (
            f"Les inscriptions sont closes depuis le {formats.date_format(deadline.date(), 'j F Y')} "
            f"à {time_label(deadline)} (date limite d'inscription)."
        )
    return None


def _check_registration_open(event: Event, now: datetime.datetime | None = None) -> None:
    problem = registration_problem(event, now)
    if problem:
        raise JobDatingError(problem)


def _clean_recruiter_values(
    event: Event, organisation: Organisation, offers: Iterable[Offer | int], tables: Any, availability: Any
) -> tuple[list[Offer], int, list[list[int]]]:
    errors: dict[str, list[str]] = {}
    offer_ids = [o.pk if isinstance(o, Offer) else o for o in offers]
    found = {o.pk: o for o in Offer.objects.filter(pk__in=offer_ids).select_related("organisation")}
    clean_offers = []
    for offer_id in offer_ids:
        offer = found.get(offer_id)
        if offer is None or offer.organisation_id != organisation.pk or offer.status != OfferStatus.PUBLISHED:
            label = f"« {offer.title} »" if offer is not None else f"n° {offer_id}"
            errors.setdefault("offers", []).append(
                f"L'offre {label} n'est pas une offre publiée de {organisation.name}."
            )
        else:
            clean_offers.append(offer)
    if not isinstance(tables, int) or isinstance(tables, bool) or not 1 <= tables <= MAX_TABLES:
        errors.setdefault("tables", []).append(f"Le nombre de tables doit être compris entre 1 et {MAX_TABLES}.")
    try:
        clean_availability = validate_availability(event, availability)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        clean_availability = []
    _fail_if(errors)
    return clean_offers, tables, clean_availability


def register_recruiter(
    event: Event,
    *,
    actor: User,
    organisation: Organisation,
    offers: Iterable[Offer | int] = (),
    tables: int = 1,
    availability: Any = None,
    contact: User | None = None,
    now: datetime.datetime | None = None,
) -> RecruiterRegistration:
    if not (is_member(actor, organisation) or is_staff(actor)):
        raise JobDatingError(f"Seuls les membres de {organisation.name} peuvent l'inscrire.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_registration_open(locked, now)
        if RecruiterRegistration.objects.filter(event=locked, organisation=organisation).exists():
            raise JobDatingError(f"{organisation.name} est déjà inscrite à ce job dating : modifiez son inscription.")
        clean_offers, tables, clean_availability = _clean_recruiter_values(
            locked, organisation, offers, tables, whole_day(locked) if availability is None else availability
        )
        try:
            with transaction.atomic():
                registration = RecruiterRegistration.objects.create(
                    event=locked,
                    organisation=organisation,
                    tables=tables,
                    availability=clean_availability,
                    contact=contact or actor,
                )
        except IntegrityError:
            raise JobDatingError(f"{organisation.name} est déjà inscrite à ce job dating.") from None
        registration.offers.set(clean_offers)
    return registration


def update_recruiter_registration(
    registration: RecruiterRegistration,
    *,
    actor: User,
    offers: Iterable[Offer | int],
    tables: int,
    availability: Any,
    now: datetime.datetime | None = None,
) -> RecruiterRegistration:
    if not (is_member(actor, registration.organisation) or is_staff(actor)):
        raise JobDatingError(f"Seuls les membres de {registration.organisation.name} peuvent modifier son inscription.")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        clean_offers, tables, clean_availability = _clean_recruiter_values(
            event, registration.organisation, offers, tables, availability
        )
        registration.tables = tables
        registration.availability = clean_availability
        registration.save(update_fields=["tables", "availability", "updated_at"])
        registration.offers.set(clean_offers)
    return registration


def _check_candidate_values(event: Event, availability: Any, max_interviews: Any) -> tuple[list[list[int]], int | None]:
    errors: dict[str, list[str]] = {}
    try:
        clean = validate_availability(event, availability)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        clean = []
    if max_interviews is not None and (
        not isinstance(max_interviews, int) or isinstance(max_interviews, bool) or max_interviews < 1
    ):
        errors.setdefault("max_interviews", []).append(
            "Le nombre maximal d'entretiens doit être d'au moins 1 (laissez vide pour ne pas le limiter)."
        )
    _fail_if(errors)
    return clean, max_interviews


def register_candidate(
    event: Event,
    *,
    user: User,
    availability: Any = None,
    max_interviews: int | None = None,
    walk_in: bool = False,
    now: datetime.datetime | None = None,
) -> CandidateRegistration:
    """Register a candidate (a candidate account with a profile); the capacity is checked under a lock."""
    if user.kind != User.Kind.CANDIDATE:
        raise JobDatingError("Les inscriptions des candidats se font depuis un compte candidat.")
    if not hasattr(user, "candidate_profile"):
        raise JobDatingError("Complétez d'abord votre profil candidat pour vous inscrire.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not walk_in:
            _check_registration_open(locked, now)
        if CandidateRegistration.objects.filter(event=locked, user=user).exists():
            raise JobDatingError("Vous êtes déjà inscrit ou inscrite à ce job dating.")
        if (
            not walk_in
            and locked.capacity is not None
            and CandidateRegistration.objects.filter(event=locked).count() >= locked.capacity
        ):
            places = "place" if locked.capacity == 1 else "places"
            raise JobDatingError(f"Ce job dating est complet ({locked.capacity} {places}).")
        clean, cap = _check_candidate_values(
            locked, whole_day(locked) if availability is None else availability, max_interviews
        )
        try:
            with transaction.atomic():
                return CandidateRegistration.objects.create(
                    event=locked, user=user, availability=clean, max_interviews=cap, walk_in=walk_in
                )
        except IntegrityError:
            raise JobDatingError("Vous êtes déjà inscrit ou inscrite à ce job dating.") from None


def update_candidate_registration(
    registration: CandidateRegistration,
    *,
    availability: Any,
    max_interviews: int | None = None,
    now: datetime.datetime | None = None,
) -> CandidateRegistration:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        clean, cap = _check_candidate_values(event, availability, max_interviews)
        registration.availability = clean
        registration.max_interviews = cap
        registration.save(update_fields=["availability", "max_interviews", "updated_at"])
    return registration


def set_wishes(
    registration: CandidateRegistration, ranks: Mapping[int, int], *, now: datetime.datetime | None = None
) -> list[Wish]:
    """Replace the candidate's wishes: {recruiter registration id: rank}, rank 1 = first choice.

    Ranks must be distinct integers from 1 to 12; they are stored compacted (1..n, same order).
    """
    errors: list[str] = []
    event_recruiters = set(
        RecruiterRegistration.objects.filter(event_id=registration.event_id).values_list("pk", flat=True)
    )
    seen: dict[int, int] = {}
    for recruiter_id, rank in ranks.items():
        if recruiter_id not in event_recruiters:
            errors.append("Vous avez choisi un recruteur qui ne participe pas à ce job dating.")
            continue
        if not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= MAX_WISHES:
            errors.append(f"Le rang doit être un nombre entre 1 et {MAX_WISHES} (reçu : {rank}).")
            continue
        if rank in seen.values():
            errors.append(f"Le rang {rank} est donné à plusieurs recruteurs : chaque rang ne sert qu'une fois.")
            continue
        seen[recruiter_id] = rank
    if len(ranks) > MAX_WISHES:
        errors.append(f"Vous pouvez classer {MAX_WISHES} recruteurs au plus.")
    if errors:
        raise ValidationFailed({"": sorted(set(errors), key=errors.index)})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_registration_open(event, now)
        registration.wishes.all().delete()
        ordered = sorted(seen.items(), key=lambda item: item[1])
        wishes = Wish.objects.bulk_create(
            Wish(candidate_registration=registration, recruiter_registration_id=recruiter_id, rank=position)
            for position, (recruiter_id, _) in enumerate(ordered, start=1)
        )
    return wishes


def screen_candidate(
    recruiter_registration: RecruiterRegistration,
    candidate_registration: CandidateRegistration,
    decision: str,
    *,
    actor: User,
) -> CandidateScreening:
    """A recruiter's answer on a candidate who wished them: accepted, preferred or refused."""
    if not (is_member(actor, recruiter_registration.organisation) or is_staff(actor)):
        raise JobDatingError("Seuls les membres de l'organisation inscrite peuvent donner leur avis.")
    if decision not in ScreeningDecision.values:
        raise ValidationFailed({"decision": ["Choisissez : accepté, prioritaire ou refusé."]})
    if (
        candidate_registration.event_id != recruiter_registration.event_id
        or not Wish.objects.filter(
            candidate_registration=candidate_registration, recruiter_registration=recruiter_registration
        ).exists()
    ):
        raise JobDatingError("Ce candidat n'a pas demandé à vous rencontrer.")
    event = recruiter_registration.event
    if event.status != EventStatus.REGISTRATION_OPEN:
        raise JobDatingError("Le planning est déjà construit : les avis ne peuvent plus changer.")
    with transaction.atomic():
        screening, _ = CandidateScreening.objects.update_or_create(
            recruiter_registration=recruiter_registration,
            candidate_registration=candidate_registration,
            defaults={"decision": decision, "decided_by": actor},
        )
    return screening


# Before a schedule exists, leaving costs nobody anything; once it is built, a missing person leaves
# holes other people were promised, so the organiser handles it (no-show on the day, re-optimised).
WITHDRAWAL_STATUSES = (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN)


def withdrawal_problem(event: Event) -> str | None:
    if event.status in WITHDRAWAL_STATUSES:
        return None
    return (
        "Le planning des entretiens est déjà construit : vous ne pouvez plus retirer l'inscription vous-même. "
        f"Prévenez l'organisateur, {event.organiser.name}, qui vous marquera absent et proposera vos créneaux "
        "à d'autres participants."
    )


def _check_withdrawal(event: Event) -> None:
    problem = withdrawal_problem(event)
    if problem:
        raise JobDatingError(problem)


def withdraw_candidate(registration: CandidateRegistration, *, actor: User) -> None:
    """The candidate (or the event's organisers) removes the registration with its wishes."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organiser").get(pk=registration.event_id)
        if registration.user_id != actor.pk and not can_manage_event(actor, event):
            raise JobDatingError("Seule la personne inscrite peut retirer son inscription.")
        _check_withdrawal(event)
        registration.delete()


def withdraw_recruiter(registration: RecruiterRegistration, *, actor: User) -> None:
    """A member of the organisation (or the organisers) removes it; the candidates' ranks close up."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organiser").get(pk=registration.event_id)
        if not (is_member(actor, registration.organisation) or can_manage_event(actor, event)):
            raise JobDatingError(
                f"Seuls les membres de {registration.organisation.name} peuvent retirer son inscription."
            )
        _check_withdrawal(event)
        affected = list(registration.wishes.values_list("candidate_registration_id", flat=True))
        registration.delete()
        # Ranks 1, 3 become 1, 2 (like `set_wishes`): a removed recruiter never lowers the other wishes.
        # Increasing order only moves a rank into one just freed, so the distinct-rank rule holds.
        previous, position = None, 0
        for wish in Wish.objects.filter(candidate_registration_id__in=affected).order_by(
            "candidate_registration_id", "rank"
        ):
            position = position + 1 if wish.candidate_registration_id == previous else 1
            previous = wish.candidate_registration_id
            if wish.rank != position:
                wish.rank = position
                wish.save(update_fields=["rank"])
