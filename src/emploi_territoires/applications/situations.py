"""The situations a candidate may declare with consent, and how other apps read them for priority.

One list for every module that gives priority to a public (issue 15): the job dating's wishes
weighting (`jobdating.Event.priority_situations`), the mentoring bonus
(`mentoring.Programme.priority_situations`), the follow-up indicators by public. Each entry is a
boolean field of `CandidateProfile`, set only under the « situation » consent (withdrawing the
consent clears them, `services_profile`), so reading the field is reading what the person agreed
to share.

    prioritised_user_ids([12, 15], ["is_qpv_resident", "has_rqth"]) -> {15}   # one query
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Q

# field of CandidateProfile -> short French label (forms, badges, indicators)
SITUATIONS: dict[str, str] = {
    "is_qpv_resident": "Habitant·e d'un quartier prioritaire (QPV)",
    "is_job_seeker": "Demandeur·se d'emploi inscrit·e",
    "is_under_26": "Moins de 26 ans",
    "has_rqth": "Travailleur·se handicapé·e (RQTH)",
    "has_no_diploma": "Sans diplôme",
    "receives_rsa": "Bénéficiaire du RSA",
    "is_young_graduate": "Jeune diplômé·e",
}
SITUATION_CHOICES = list(SITUATIONS.items())


class UnknownSituation(ValueError):
    """A situation code that is not in SITUATIONS (the message is French)."""


def clean_situations(codes: Iterable[object]) -> list[str]:
    """The codes in SITUATIONS order, without duplicates; UnknownSituation for anything else."""
    given = list(codes or [])
    unknown = [str(code) for code in given if code not in SITUATIONS]
    if unknown:
        raise UnknownSituation("Situation inconnue : " + ", ".join(f"« {code} »" for code in unknown) + ".")
    return [code for code in SITUATIONS if code in given]


def situations_q(codes: Sequence[str], prefix: str = "") -> Q:
    """Q matching a profile (reached through `prefix`, e.g. "user__candidate_profile__") with at least
    one of `codes`; matches nothing when `codes` is empty."""
    query = Q(pk__in=[])
    for code in clean_situations(codes):
        query |= Q(**{f"{prefix}{code}": True})
    return query


def prioritised_user_ids(user_ids: Iterable[int], codes: Sequence[str]) -> set[int]:
    """The users among `user_ids` whose candidate profile holds one of `codes` (one query, none if empty)."""
    from .models import CandidateProfile

    codes = clean_situations(codes)
    ids = list(user_ids)
    if not codes or not ids:
        return set()
    return set(CandidateProfile.objects.filter(situations_q(codes), user_id__in=ids).values_list("user_id", flat=True))


def situation_labels(codes: Iterable[str]) -> list[str]:
    return [label for code, label in SITUATIONS.items() if code in set(codes)]
