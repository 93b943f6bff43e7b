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

from emploi_territoires.territories.geodesy import EARTH_RADIUS_KM

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
class _Side:
    """One side (mentors or mentees) as arrays; codes from a shared `_Encoder`."""

    xyz: np.ndarray  # unit vectors, (n, 3)
    latitude: np.ndarray  # degrees, 0 when unknown (then `located` is False)
    located: np.ndarray
    in_person: np.ndarray
    remote: np.ndarray
    languages: np.ndarray
    availability: np.ndarray
    organisation: np.ndarray
    experience: np.ndarray
    topics: np.ndarray  # mentors: topics offered; mentees: goals
    topic_count: np.ndarray
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


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)


def _encode(people: Sequence[Mentor] | Sequence[Mentee], encoder: _Encoder) -> _Side:
    lat = np.array([p.latitude if p.latitude is not None else np.nan for p in people], dtype=np.float64)
    lon = np.array([p.longitude if p.longitude is not None else np.nan for p in people], dtype=np.float64)
    located = ~(np.isnan(lat) | np.isnan(lon))
    occupation, domain, letter, topics = [], [], [], []
    codes: tuple[str, ...]
    for person in people:
        if isinstance(person, Mentor):
            codes = (person.occupation,) if person.occupation else ()
            letters = {c[:1] for c in codes}
            topics.append(_mask(person.topics, TOPIC_BIT))
        else:
            codes = person.wished_occupations
            letters = {c[:1] for c in codes} | {d[:1] for d in person.field_domains if d}
            topics.append(_mask(person.goals, TOPIC_BIT))
        occupation.append([encoder.code(c) for c in codes])
        domain.append([encoder.code(c[:3]) for c in codes])
        letter.append([encoder.code(c) for c in sorted(letters)])
    topic_masks = np.array(topics, dtype=np.int64)
    return _Side(
        xyz=_unit_vectors(np.radians(np.nan_to_num(lat)), np.radians(np.nan_to_num(lon))),
        latitude=np.nan_to_num(lat),
        located=located,
        in_person=np.array([p.in_person for p in people], dtype=bool),
        remote=np.array([p.remote for p in people], dtype=bool),
        languages=np.array([encoder.language_mask(p.languages) for p in people], dtype=np.int64),
        availability=np.array([_mask(p.availability, SLOT_BIT) for p in people], dtype=np.int64),
        organisation=np.array(
            [-1 if p.organisation is None else encoder.code(f"org:{p.organisation}") for p in people], dtype=np.int64
        ),
        experience=np.array([p.experience_years for p in people], dtype=np.float64),
        topics=topic_masks,
        topic_count=_POPCOUNT[topic_masks] if len(topic_masks) else np.zeros(0, dtype=np.int64),
        occupation=_table(occupation),
        domain=_table(domain),
        letter=_table(letter),
    )


@dataclass
class _Evaluation:
    """Pairs (mentor index, mentee index) with their constraints and score, as parallel arrays."""

    mentor: np.ndarray
    mentee: np.ndarray
    feasible: np.ndarray
    distance: np.ndarray  # nan when unknown
    both_in_person: np.ndarray
    both_remote: np.ndarray
    components: dict[str, np.ndarray]
    score: np.ndarray


def _any_equal(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Row-wise: does any code of `left` (n, k) equal any code of `right` (n, j)? -1 pads never match."""
    hit = np.zeros(len(left), dtype=bool)
    for j in range(right.shape[1]):
        column = right[:, j : j + 1]
        hit |= ((left == column) & (column >= 0)).any(axis=1)
    return hit


def _evaluate(
    mentors: _Side,
    mentees: _Side,
    mi: np.ndarray,
    ei: np.ndarray,
    weights: Weights,
    rules: Rules,
    excluded: np.ndarray | None = None,
) -> _Evaluation:
    """Hard constraints and score of the pairs (mentors[mi], mentees[ei]), vectorised.

    `build_pairs` and `explain` both come here, so a pair's reasons add up to the solver's score.
    """
    feasible = ((mentors.languages[mi] & mentees.languages[ei]) != 0) & (
        (mentors.availability[mi] & mentees.availability[ei]) != 0
    )
    # Great-circle distance through the chord between unit vectors: the same distance as
    # territories.geodesy.haversine_km, cheaper in numpy.
    dot = np.einsum("ij,ij->i", mentors.xyz[mi], mentees.xyz[ei])
    chord = np.sqrt(np.maximum(0.0, 2.0 - 2.0 * dot))
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))
    distance = np.where(mentors.located[mi] & mentees.located[ei], distance, np.nan)
    with np.errstate(invalid="ignore"):
        near = distance <= rules.max_distance_km  # nan (unknown) compares False
    both_in_person = mentors.in_person[mi] & mentees.in_person[ei]
    both_remote = mentors.remote[mi] & mentees.remote[ei]
    feasible &= (both_in_person & near) | both_remote
    organisation = mentors.organisation[mi]
    feasible &= (organisation < 0) | (organisation != mentees.organisation[ei])
    if excluded is not None and len(excluded):
        feasible &= ~np.isin(mi.astype(np.int64) * len(mentees.xyz) + ei, excluded)

    field_c = np.where(
        _any_equal(mentees.occupation[ei], mentors.occupation[mi]),
        1.0,
        np.where(
            _any_equal(mentees.domain[ei], mentors.domain[mi]),
            0.6,
            np.where(_any_equal(mentees.letter[ei], mentors.letter[mi]), 0.3, 0.0),
        ),
    )
    goal_count = mentees.topic_count[ei]
    shared_topics = _POPCOUNT[mentees.topics[ei] & mentors.topics[mi]]
    goals_c = np.where(goal_count > 0, shared_topics / np.maximum(goal_count, 1), 0.5)
    known = ~np.isnan(distance)
    proximity_c = np.where(known, np.maximum(0.0, 1.0 - np.where(known, distance, 0.0) / rules.max_distance_km), 0.0)
    gap = mentors.experience[mi] - mentees.experience[ei]
    experience_c = np.where(
        gap <= 0,
        0.0,
        np.where(gap < 5, gap / 5, np.where(gap <= 25, 1.0, np.maximum(0.5, 1.0 - (gap - 25) / 30))),
    )
    components = {"field": field_c, "goals": goals_c, "proximity": proximity_c, "experience": experience_c}
    w = weights.as_dict()
    weighted = w["field"] * field_c + w["goals"] * goals_c + w["proximity"] * proximity_c
    weighted = weighted + w["experience"] * experience_c
    # floor(x + 0.5): the same rounding everywhere (numpy's round() is banker's rounding).
    score = np.floor(100.0 * weighted / weights.total + 0.5).astype(np.int64)
    return _Evaluation(mi, ei, feasible, distance, both_in_person, both_remote, components, score)


def _candidates(mentors: _Side, mentees: _Side, capacity: np.ndarray, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """A cheap superset of the feasible pairs, sorted by (mentor, mentee); `_evaluate` decides exactly.

    Two disjoint parts, so that the ~90 % of combinations that cannot work are never evaluated:
    - both accept remote: every such pair with a shared language and slot (2-D blocks);
    - otherwise both must meet in person nearby: mentees sorted by latitude, and each mentor only
      looks at the latitude band that can be within the distance limit (plus a 1 km margin).
    """
    n_e = len(mentees.xyz)
    open_mentors = capacity > 0
    mentor_parts, mentee_parts = [], []

    remote_mentors = np.flatnonzero(mentors.remote & open_mentors)
    remote_mentees = np.flatnonzero(mentees.remote)
    block = max(1, 1_000_000 // max(1, len(remote_mentees)))
    for start in range(0, len(remote_mentors), block):
        rows = remote_mentors[start : start + block]
        ok = ((mentors.languages[rows, None] & mentees.languages[remote_mentees][None, :]) != 0) & (
            (mentors.availability[rows, None] & mentees.availability[remote_mentees][None, :]) != 0
        )
        a, b = np.nonzero(ok)
        mentor_parts.append(rows[a])
        mentee_parts.append(remote_mentees[b])

    limit = (rules.max_distance_km + 1.0) / EARTH_RADIUS_KM  # radians
    min_dot = np.cos(min(limit, np.pi))
    band = np.degrees(limit)
    local = np.flatnonzero(mentees.in_person & mentees.located)
    order = local[np.argsort(mentees.latitude[local], kind="stable")]
    latitudes = mentees.latitude[order]
    for m in np.flatnonzero(mentors.in_person & mentors.located & open_mentors).tolist():
        lo, hi = np.searchsorted(latitudes, [mentors.latitude[m] - band, mentors.latitude[m] + band])
        idx = order[lo:hi]
        ok = ((mentees.languages[idx] & mentors.languages[m]) != 0) & (
            (mentees.availability[idx] & mentors.availability[m]) != 0
        )
        ok &= (mentees.xyz[idx] @ mentors.xyz[m]) >= min_dot
        if mentors.remote[m]:
            ok &= ~mentees.remote[idx]  # already in the remote part
        idx = idx[ok]
        mentor_parts.append(np.full(len(idx), m, dtype=np.int64))
        mentee_parts.append(idx)

    if not mentor_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.sort(np.concatenate(mentor_parts).astype(np.int64) * n_e + np.concatenate(mentee_parts))
    return keys // n_e, keys % n_e


def _excluded_keys(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules) -> np.ndarray:
    mentor_pos = {m.id: i for i, m in enumerate(mentors)}
    mentee_pos = {e.id: i for i, e in enumerate(mentees)}
    keys = [
        mentor_pos[m] * len(mentees) + mentee_pos[e]
        for m, e in rules.never_together
        if m in mentor_pos and e in mentee_pos
    ]
    return np.array(sorted(keys), dtype=np.int64)


def build_pairs(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    weights: Weights | None = None,
    rules: Rules | None = None,
) -> PairSet:
    """Every feasible pair with its score: a 2-D prefilter, then `_evaluate` on the survivors."""
    weights = weights or Weights()
    rules = rules or Rules()
    if rules.max_distance_km <= 0:
        raise PairsError("La distance maximale doit être positive.")
    encoder = _Encoder()
    mentor_side, mentee_side = _encode(mentors, encoder), _encode(mentees, encoder)
    capacity = np.array([m.capacity for m in mentors], dtype=np.int64)
    mi, ei = _candidates(mentor_side, mentee_side, capacity, rules)
    ev = _evaluate(mentor_side, mentee_side, mi, ei, weights, rules, _excluded_keys(mentors, mentees, rules))
    keep = ev.feasible
    return PairSet(mentors, mentees, ev.mentor[keep].astype(np.int32), ev.mentee[keep].astype(np.int32), ev.score[keep])


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
    one = np.zeros(1, dtype=np.int64)
    return _evaluate(_encode([mentor], encoder), _encode([mentee], encoder), one, one, weights, rules)


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
