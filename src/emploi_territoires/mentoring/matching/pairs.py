"""Feasible mentor–mentee pairs: hard constraints, then a 0–100 score with its reasons.

Hard constraints (a pair failing one is never proposed):

1. a shared language;
2. at least one shared availability slot (day × morning/afternoon/evening);
3. a way to meet: both accept meeting in person and live at most `max_distance_km` apart, or both
   accept remote meetings (then distance does not matter). A commune without coordinates gives an
   unknown distance: only remote is possible;
4. not from the same organisation (a mentor does not mentor someone of their own employer/school);
5. not on the programme's "never together" list (a manager's exclusion).

Capacity (1 to 3 mentees per mentor) is the solver's constraint, not a pair's.

Score: ``round(100 × Σ weight_k × criterion_k / Σ weight_k)``, each criterion in [0, 1]:

- ``field``: the mentor's ROME occupation against the mentee's wished occupations and field of
  study — same occupation 1, same professional domain (first three characters, e.g. ``M18``) 0.6,
  same broad domain (first letter, e.g. ``M``, also reached through the field of study) 0.3;
- ``goals``: the share of the mentee's goals the mentor offers as topics (no goal stated: 0.5);
- ``proximity``: ``max(0, 1 − distance / max_distance_km)``, whatever the meeting mode: a mentor who
  knows the mentee's territory helps even remotely (unknown distance: 0);
- ``experience``: the experience gap mentor − mentee: 0 at no gap, rising to 1 at 5 years, 1 up to
  25 years, then down to 0.5 at 40 years and beyond (a very distant generation talks less easily).

Default weights 40 / 30 / 20 / 10, editable per programme (`Weights.from_dict`).

The build is vectorised with numpy per mentor over all mentees (5,000 × 2,000 in well under a second);
`explain` goes through the very same code with one mentee, so a pair's reasons always add up to the
score the solver saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Id = int | str

DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
DAY_LABELS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
PERIODS = ("matin", "aprem", "soir")
PERIOD_LABELS = ("matin", "après-midi", "soir")
# Slot codes "lun-matin" … "dim-soir": 21 slots, one bit each.
SLOTS = tuple(f"{d}-{p}" for d in DAYS for p in PERIODS)
SLOT_LABELS = {
    f"{d}-{p}": f"{dl} {pl}"
    for d, dl in zip(DAYS, DAY_LABELS, strict=True)
    for p, pl in zip(PERIODS, PERIOD_LABELS, strict=True)
}
SLOT_BIT = {slot: 1 << i for i, slot in enumerate(SLOTS)}

TOPICS = {
    "first_job": "recherche du premier emploi",
    "cv_interview": "CV et entretiens",
    "network": "réseau professionnel",
    "sector": "découverte d'un secteur",
    "entrepreneurship": "création d'entreprise",
    "relocation": "installation dans un nouveau territoire",
}
TOPIC_BIT = {topic: 1 << i for i, topic in enumerate(TOPICS)}
_POPCOUNT = np.array([bin(i).count("1") for i in range(1 << len(TOPICS))], dtype=np.int64)

CRITERIA = ("field", "goals", "proximity", "experience")
CRITERION_LABELS = {
    "field": "métier et domaine",
    "goals": "objectifs et sujets",
    "proximity": "proximité",
    "experience": "écart d'expérience",
}
DEFAULT_WEIGHTS = {"field": 40, "goals": 30, "proximity": 20, "experience": 10}
DEFAULT_MAX_DISTANCE_KM = 30.0
EARTH_RADIUS_KM = 6371.0088  # same as territories.coordinates.haversine_km


class PairsError(ValueError):
    """Invalid weights or rules: the message is French and shown as is."""


@dataclass(frozen=True)
class Weights:
    field: int = DEFAULT_WEIGHTS["field"]
    goals: int = DEFAULT_WEIGHTS["goals"]
    proximity: int = DEFAULT_WEIGHTS["proximity"]
    experience: int = DEFAULT_WEIGHTS["experience"]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Weights:
        """Weights from a programme's JSON; missing criteria keep their default."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise PairsError("Les pondérations doivent être un objet {critère: poids}.")
        unknown = sorted(set(data) - set(CRITERIA))
        if unknown:
            raise PairsError(f"Critère inconnu : {', '.join(unknown)} (critères possibles : {', '.join(CRITERIA)}).")
        values = dict(DEFAULT_WEIGHTS)
        for key, value in data.items():
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise PairsError(f"Le poids « {CRITERION_LABELS[key]} » doit être un entier de 0 à 100.")
            values[key] = value
        if sum(values.values()) == 0:
            raise PairsError("Au moins un critère doit avoir un poids positif.")
        return cls(**values)

    def as_dict(self) -> dict[str, int]:
        return {c: getattr(self, c) for c in CRITERIA}

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())


@dataclass(frozen=True)
class Rules:
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    # (mentor id, mentee id) pairs a manager said must never be proposed.
    never_together: frozenset[tuple[Id, Id]] = frozenset()


@dataclass(frozen=True)
class Mentor:
    id: Id
    capacity: int
    occupation: str  # ROME code, e.g. "M1805"
    experience_years: int
    latitude: float | None
    longitude: float | None
    in_person: bool
    remote: bool
    languages: frozenset[str]
    availability: frozenset[str]  # slot codes, see SLOTS
    topics: frozenset[str]  # keys of TOPICS
    organisation: Id | None = None


@dataclass(frozen=True)
class Mentee:
    id: Id
    wished_occupations: tuple[str, ...]  # ROME codes
    field_domains: tuple[str, ...]  # ROME broad domains (letters) of the field of study
    experience_years: int
    latitude: float | None
    longitude: float | None
    in_person: bool
    remote: bool
    languages: frozenset[str]
    availability: frozenset[str]
    goals: frozenset[str]
    qpv: bool = False
    organisation: Id | None = None


@dataclass
class PairSet:
    """Feasible pairs as parallel arrays (indices into `mentors` / `mentees`)."""

    mentors: Sequence[Mentor]
    mentees: Sequence[Mentee]
    mentor_index: np.ndarray  # int32
    mentee_index: np.ndarray  # int32
    score: np.ndarray  # int64, 0–100

    def __len__(self) -> int:
        return len(self.score)

    def as_list(self) -> list[tuple[Id, Id, int]]:
        return [
            (self.mentors[m].id, self.mentees[e].id, int(s))
            for m, e, s in zip(self.mentor_index.tolist(), self.mentee_index.tolist(), self.score.tolist(), strict=True)
        ]


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: float  # contribution to the 0–100 score
    text: str


@dataclass(frozen=True)
class Explanation:
    score: int
    reasons: tuple[Reason, ...]
    distance_km: float | None
    meeting: str  # "en présentiel ou à distance", "en présentiel", "à distance"


# --- Encoding ------------------------------------------------------------------------------


def _mask(values: Iterable[str], bits: Mapping[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


@dataclass
class _Encoder:
    """Integer codes for ROME codes and languages, shared by both sides of one build."""

    codes: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)

    def code(self, value: str) -> int:
        return self.codes.setdefault(value, len(self.codes))

    def language_mask(self, languages: Iterable[str]) -> int:
        mask = 0
        for language in languages:
            index = self.languages.setdefault(language.strip().lower(), len(self.languages))
            if index >= 63:
                raise PairsError("Plus de 63 langues différentes : impossible de les comparer.")
            mask |= 1 << index
        return mask


@dataclass
class _MenteeArrays:
    lat: np.ndarray
    lon: np.ndarray
    located: np.ndarray
    in_person: np.ndarray
    remote: np.ndarray
    languages: np.ndarray
    availability: np.ndarray
    organisation: np.ndarray
    experience: np.ndarray
    goals: np.ndarray
    goal_count: np.ndarray
    # (n, k) code tables padded with -1: full ROME codes, 3-character domains, broad-domain letters.
    occupation: np.ndarray
    domain: np.ndarray
    letter: np.ndarray


def _table(rows: list[list[int]]) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    table = np.full((len(rows), width), -1, dtype=np.int64)
    for i, row in enumerate(rows):
        table[i, : len(row)] = row
    return table


def _coordinates(people: Sequence[Mentor] | Sequence[Mentee]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lat = np.array([p.latitude if p.latitude is not None else np.nan for p in people], dtype=np.float64)
    lon = np.array([p.longitude if p.longitude is not None else np.nan for p in people], dtype=np.float64)
    located = ~(np.isnan(lat) | np.isnan(lon))
    return np.radians(np.nan_to_num(lat)), np.radians(np.nan_to_num(lon)), located


def _organisation_code(encoder: _Encoder, organisation: Id | None) -> int:
    return -1 if organisation is None else encoder.code(f"org:{organisation}")


def _encode_mentees(mentees: Sequence[Mentee], encoder: _Encoder) -> _MenteeArrays:
    lat, lon, located = _coordinates(mentees)
    occupation, domain, letter = [], [], []
    for m in mentees:
        occupation.append([encoder.code(c) for c in m.wished_occupations])
        domain.append([encoder.code(c[:3]) for c in m.wished_occupations])
        letters = {c[:1] for c in m.wished_occupations} | {d[:1] for d in m.field_domains if d}
        letter.append([encoder.code(c) for c in sorted(letters)])
    goals = np.array([_mask(m.goals, TOPIC_BIT) for m in mentees], dtype=np.int64)
    return _MenteeArrays(
        lat=lat,
        lon=lon,
        located=located,
        in_person=np.array([m.in_person for m in mentees], dtype=bool),
        remote=np.array([m.remote for m in mentees], dtype=bool),
        languages=np.array([encoder.language_mask(m.languages) for m in mentees], dtype=np.int64),
        availability=np.array([_mask(m.availability, SLOT_BIT) for m in mentees], dtype=np.int64),
        organisation=np.array([_organisation_code(encoder, m.organisation) for m in mentees], dtype=np.int64),
        experience=np.array([m.experience_years for m in mentees], dtype=np.float64),
        goals=goals,
        goal_count=_POPCOUNT[goals],
        occupation=_table(occupation),
        domain=_table(domain),
        letter=_table(letter),
    )


def _distances(lat: float, lon: float, arrays: _MenteeArrays) -> np.ndarray:
    """Haversine distances (km) from one point to every mentee (the formula of haversine_km)."""
    dp = arrays.lat - lat
    dl = arrays.lon - lon
    a = np.sin(dp / 2) ** 2 + np.cos(lat) * np.cos(arrays.lat) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


@dataclass
class _Evaluation:
    feasible: np.ndarray
    distance: np.ndarray  # nan when unknown
    both_in_person: np.ndarray
    both_remote: np.ndarray
    components: dict[str, np.ndarray]
    score: np.ndarray


def _evaluate(
    mentor: Mentor,
    arrays: _MenteeArrays,
    encoder: _Encoder,
    weights: Weights,
    rules: Rules,
    excluded: Iterable[int] = (),
) -> _Evaluation:
    """Hard constraints and score of one mentor against every mentee of `arrays` (vectorised)."""
    mentor_languages = encoder.language_mask(mentor.languages)
    mentor_slots = _mask(mentor.availability, SLOT_BIT)
    feasible = ((arrays.languages & mentor_languages) != 0) & ((arrays.availability & mentor_slots) != 0)

    mentor_located = mentor.latitude is not None and mentor.longitude is not None
    if mentor_located:
        distance = _distances(np.radians(mentor.latitude), np.radians(mentor.longitude), arrays)
        distance = np.where(arrays.located, distance, np.nan)
    else:
        distance = np.full(len(arrays.lat), np.nan)
    known = ~np.isnan(distance)
    near = known & (np.nan_to_num(distance, nan=np.inf) <= rules.max_distance_km)
    both_in_person = arrays.in_person & mentor.in_person
    both_remote = arrays.remote & mentor.remote
    feasible &= (both_in_person & near) | both_remote

    if mentor.organisation is not None:
        feasible &= arrays.organisation != _organisation_code(encoder, mentor.organisation)
    for index in excluded:
        feasible[index] = False

    # field: best level over the mentee's wished occupations / domains / letters.
    occupation = encoder.code(mentor.occupation) if mentor.occupation else -2
    domain = encoder.code(mentor.occupation[:3]) if mentor.occupation else -2
    letter = encoder.code(mentor.occupation[:1]) if mentor.occupation else -2
    field_c = np.where(
        (arrays.occupation == occupation).any(axis=1),
        1.0,
        np.where(
            (arrays.domain == domain).any(axis=1),
            0.6,
            np.where((arrays.letter == letter).any(axis=1), 0.3, 0.0),
        ),
    )
    topics = _mask(mentor.topics, TOPIC_BIT)
    shared = _POPCOUNT[arrays.goals & topics]
    goals_c = np.where(arrays.goal_count > 0, shared / np.maximum(arrays.goal_count, 1), 0.5)
    proximity_c = np.where(known, np.maximum(0.0, 1.0 - np.nan_to_num(distance) / rules.max_distance_km), 0.0)
    gap = mentor.experience_years - arrays.experience
    experience_c = np.where(
        gap <= 0,
        0.0,
        np.where(gap < 5, gap / 5, np.where(gap <= 25, 1.0, np.maximum(0.5, 1.0 - (gap - 25) / 30))),
    )
    components = {"field": field_c, "goals": goals_c, "proximity": proximity_c, "experience": experience_c}
    w = weights.as_dict()
    weighted = sum(w[c] * components[c] for c in CRITERIA)
    # floor(x + 0.5): the same rounding everywhere (numpy's round() is banker's rounding).
    score = np.floor(100.0 * weighted / weights.total + 0.5).astype(np.int64)
    return _Evaluation(feasible, distance, both_in_person, both_remote, components, score)


def _exclusion_index(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules) -> dict[int, list[int]]:
    if not rules.never_together:
        return {}
    mentor_pos = {m.id: i for i, m in enumerate(mentors)}
    mentee_pos = {e.id: i for i, e in enumerate(mentees)}
    excluded: dict[int, list[int]] = {}
    for mentor_id, mentee_id in rules.never_together:
        if mentor_id in mentor_pos and mentee_id in mentee_pos:
            excluded.setdefault(mentor_pos[mentor_id], []).append(mentee_pos[mentee_id])
    return excluded


def build_pairs(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    weights: Weights | None = None,
    rules: Rules | None = None,
) -> PairSet:
    """Every feasible pair with its score, mentor by mentor (numpy over all mentees)."""
    weights = weights or Weights()
    rules = rules or Rules()
    if rules.max_distance_km <= 0:
        raise PairsError("La distance maximale doit être positive.")
    encoder = _Encoder()
    arrays = _encode_mentees(mentees, encoder)
    excluded = _exclusion_index(mentors, mentees, rules)
    mentor_parts, mentee_parts, score_parts = [], [], []
    for i, mentor in enumerate(mentors):
        if mentor.capacity <= 0:
            continue
        ev = _evaluate(mentor, arrays, encoder, weights, rules, excluded.get(i, ()))
        idx = np.flatnonzero(ev.feasible).astype(np.int32)
        if len(idx):
            mentor_parts.append(np.full(len(idx), i, dtype=np.int32))
            mentee_parts.append(idx)
            score_parts.append(ev.score[idx])
    if not score_parts:
        empty = np.zeros(0, dtype=np.int32)
        return PairSet(mentors, mentees, empty, empty.copy(), np.zeros(0, dtype=np.int64))
    return PairSet(
        mentors,
        mentees,
        np.concatenate(mentor_parts),
        np.concatenate(mentee_parts),
        np.concatenate(score_parts),
    )


# --- One pair: why (not), and its reasons in French ----------------------------------------


def _km(value: float) -> str:
    return f"{value:.0f} km"


def _points(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "") + " pt" + ("s" if value >= 2 else "")


def check_pair(mentor: Mentor, mentee: Mentee, rules: Rules | None = None) -> list[str]:
    """Why a pair is impossible, in French (empty list: the pair is feasible)."""
    rules = rules or Rules()
    problems = []
    if not {lang.strip().lower() for lang in mentor.languages} & {lang.strip().lower() for lang in mentee.languages}:
        problems.append("Aucune langue en commun.")
    if not mentor.availability & mentee.availability:
        problems.append("Aucun créneau de disponibilité en commun.")
    ev = _single(mentor, mentee, Weights(), rules)
    distance = ev.distance[0]
    both_remote = bool(ev.both_remote[0])
    near = not np.isnan(distance) and distance <= rules.max_distance_km
    if not both_remote and not (bool(ev.both_in_person[0]) and near):
        if not bool(ev.both_in_person[0]):
            problems.append("Pas de mode de rencontre commun (présentiel ou à distance).")
        elif np.isnan(distance):
            problems.append("Distance inconnue et l'un des deux n'accepte pas le mentorat à distance.")
        else:
            problems.append(
                f"Trop loin pour se rencontrer ({_km(distance)}, au plus {_km(rules.max_distance_km)}) "
                "et l'un des deux n'accepte pas le mentorat à distance."
            )
    if mentor.organisation is not None and mentor.organisation == mentee.organisation:
        problems.append("Même organisation.")
    if (mentor.id, mentee.id) in rules.never_together:
        problems.append("Exclu par le responsable du programme.")
    return problems


def _single(mentor: Mentor, mentee: Mentee, weights: Weights, rules: Rules) -> _Evaluation:
    encoder = _Encoder()
    arrays = _encode_mentees([mentee], encoder)
    return _evaluate(mentor, arrays, encoder, weights, rules)


def explain(
    mentor: Mentor,
    mentee: Mentee,
    weights: Weights | None = None,
    rules: Rules | None = None,
    labels: Mapping[str, str] | None = None,
) -> Explanation:
    """The score of one pair and its reasons (the same computation as `build_pairs`)."""
    weights = weights or Weights()
    rules = rules or Rules()
    labels = labels or {}
    ev = _single(mentor, mentee, weights, rules)
    w = weights.as_dict()
    c = {k: float(v[0]) for k, v in ev.components.items()}

    def pts(criterion: str) -> float:
        return 100.0 * w[criterion] * c[criterion] / weights.total

    def occupation_label(code: str) -> str:
        return f"{labels[code]} ({code})" if code in labels else code

    reasons = []
    if c["field"] == 1.0:
        text = f"Même métier : {occupation_label(mentor.occupation)}"
    elif c["field"] == 0.6:
        text = f"Même domaine professionnel ({mentor.occupation[:3]}) : {occupation_label(mentor.occupation)}"
    elif c["field"] == 0.3:
        text = f"Même grand domaine ({mentor.occupation[:1]}) : {occupation_label(mentor.occupation)}"
    else:
        text = f"Métier éloigné des souhaits : {occupation_label(mentor.occupation)}"
    reasons.append(Reason("field", pts("field"), text))

    shared = [TOPICS[t] for t in TOPICS if t in mentor.topics and t in mentee.goals]
    if not mentee.goals:
        text = "Pas d'objectif indiqué par la personne mentorée"
    elif shared:
        text = f"Sujets en commun ({len(shared)} sur {len(mentee.goals)} objectifs) : {', '.join(shared)}"
    else:
        text = "Aucun objectif de la personne mentorée parmi les sujets du mentor"
    reasons.append(Reason("goals", pts("goals"), text))

    distance = float(ev.distance[0])
    if np.isnan(distance):
        text = "Distance inconnue (commune sans coordonnées)"
        distance_km = None
    else:
        text = f"À {_km(distance)} l'un de l'autre"
        distance_km = distance
    reasons.append(Reason("proximity", pts("proximity"), text))

    gap = mentor.experience_years - mentee.experience_years
    text = f"{gap} ans d'expérience de plus" if gap > 0 else "Pas plus d'expérience que la personne mentorée"
    reasons.append(Reason("experience", pts("experience"), text))

    both_in_person = bool(ev.both_in_person[0]) and distance_km is not None and distance <= rules.max_distance_km
    both_remote = bool(ev.both_remote[0])
    meeting = (
        "en présentiel ou à distance"
        if both_in_person and both_remote
        else "en présentiel"
        if both_in_person
        else "à distance"
        if both_remote
        else "aucun mode commun"
    )
    return Explanation(int(ev.score[0]), tuple(reasons), distance_km, meeting)


def reasons_text(explanation: Explanation) -> list[str]:
    """One French line per criterion, with its points: what the manager reads."""
    return [f"{r.text} ({_points(r.points)})" for r in explanation.reasons]
