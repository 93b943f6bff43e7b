"""The explained score of one (candidate, offer) pair: 0–100, the sum of documented weighted criteria.

Each criterion is a pure function returning a fraction in [0, 1] and a reason in plain French;
the score is `sum(WEIGHTS[k] * fraction_k)`, rounded. The weights and the curves are documented in
docs/matching.md; `index.py` evaluates the same formulas on arrays (tests check they agree), so the
fast top-k and the explanation shown next to it can never disagree.

The occupation dominates (issue 19): it weighs 70 points, in two steps of 35 (the same ROME
code: 70; a close occupation, see `occupations`: 35; unknown: 0), and every other criterion
together weighs 30. So a pair with the same occupation always scores above a pair with a close
one, and a close one above an unknown one, whatever the other criteria say.

Filters are not criteria: a pair out of reach (distance beyond the candidate's radius, unless the
offer is full remote and the candidate accepts remote work), a profile not visible to the offer's
territory, or a pair whose occupations are both known and foreign to each other (neither the same
domaine professionnel nor related) is never proposed, whatever its score.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from emploi_territoires.territories.geodesy import haversine_km

from . import occupations, textsim
from .features import CandidateFeatures, OfferFeatures

# The occupation's 70 points are two steps of 35, each more than the 30 the other criteria add up
# to: the order by occupation (same, close, unknown) is never overturned (test_occupation_dominates).
WEIGHTS = {
    "occupation": 70,
    "skills": 9,
    "distance": 7,
    "availability": 4,
    "level": 4,
    "text": 4,
    "remote": 2,
}
LABELS = {
    "occupation": "Métier",
    "skills": "Compétences",
    "distance": "Distance",
    "availability": "Disponibilité",
    "level": "Diplôme et expérience",
    "text": "Proximité des textes",
    "remote": "Télétravail",
}

CLOSE_OCCUPATION = 0.5  # same ROME domaine professionnel (K18…) or related (see occupations.RELATED)
SKILL_SATURATION = 5  # 5 skills found in the offer is a full match, however many the profile lists
DISTANCE_FREE_KM = 5.0  # closer than this counts as "on the spot"
DISTANCE_SCALE_KM = 25.0  # beyond it the points halve every ~17 km (exp decay)
LATE_TOLERANCE_DAYS = 90  # available 90 days after the start date or later: no points
TEXT_SATURATION = 0.3  # TF-IDF cosine of a short profile and an offer rarely exceeds this
# The diploma level a public category normally requires (A: licence, B: bac, C: none / CAP).
CATEGORY_LEVEL = {"A": 6, "B": 4, "C": 3}
EXPERIENCE_COMPENSATES_YEARS = 3
# candidate preference -> offer remote mode -> fraction
REMOTE_TABLE = {
    "any": {"none": 1.0, "partial": 1.0, "full": 1.0},
    "none": {"none": 1.0, "partial": 0.8, "full": 0.2},
    "partial": {"none": 0.3, "partial": 1.0, "full": 0.7},
    "full": {"none": 0.0, "partial": 0.5, "full": 1.0},
}
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class Criterion:
    key: str
    fraction: float
    reason: str = ""
    # A reason that counts against the pair ("disponible en mai, après la prise de poste").
    is_warning: bool = False

    @property
    def points(self) -> float:
        return WEIGHTS[self.key] * self.fraction

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def max_points(self) -> int:
        return WEIGHTS[self.key]


@dataclass(frozen=True)
class MatchScore:
    candidate_id: int
    offer_id: int
    total: float  # unrounded, for ranking
    criteria: tuple[Criterion, ...] = field(default=())
    distance_km: float | None = None

    @property
    def score(self) -> int:
        return round(self.total)

    @property
    def reasons(self) -> list[str]:
        """What speaks for the pair, strongest criterion first."""
        ranked = sorted((c for c in self.criteria if c.reason and not c.is_warning), key=lambda c: -c.points)
        return [c.reason for c in ranked]

    @property
    def warnings(self) -> list[str]:
        return [c.reason for c in self.criteria if c.reason and c.is_warning]


# --- filters --------------------------------------------------------------------------------------


def distance_km(candidate: CandidateFeatures, offer: OfferFeatures) -> float | None:
    # A commune without coordinates has no distance, even to itself: reach is then only by remote
    # work (the index, which works on coordinates, must agree).
    if None in (candidate.latitude, candidate.longitude, offer.latitude, offer.longitude):
        return None
    if candidate.commune_code == offer.commune_code:
        return 0.0
    return haversine_km(candidate.latitude, candidate.longitude, offer.latitude, offer.longitude)  # type: ignore[arg-type]


def remote_reach(candidate: CandidateFeatures, offer: OfferFeatures) -> bool:
    """A full-remote offer reaches every candidate who accepts remote work, wherever they live."""
    return offer.is_full_remote and candidate.accepts_remote


def within_reach(candidate: CandidateFeatures, offer: OfferFeatures, distance: float | None) -> bool:
    if remote_reach(candidate, offer):
        return True
    return distance is not None and distance <= candidate.reach_km


def occupation_compatible(candidate: CandidateFeatures, offer: OfferFeatures) -> bool:
    """A pair whose occupations are both known and foreign to each other is never proposed."""
    return occupations.tier(candidate.occupations, offer.occupation_code) != occupations.FOREIGN


def visible_to(candidate: CandidateFeatures, offer: OfferFeatures) -> bool:
    """A profile is proposed to an offer's recruiters only if it is shown to the offer's territory:
    visibility "territories" and the offer's commune in a chosen département or programme.
    Private profiles are never proposed (their owner only shows them by applying)."""
    if candidate.visibility != "territories":
        return False
    return offer.departement in candidate.visible_departements or bool(offer.programmes & candidate.visible_programmes)


# --- criteria -------------------------------------------------------------------------------------


def occupation_fit(candidate_codes: tuple[str, ...], offer_code: str) -> Criterion:
    tier = occupations.tier(candidate_codes, offer_code)
    if tier == occupations.SAME:
        return Criterion("occupation", 1.0, "même métier")
    if tier == occupations.CLOSE:
        if any(c[:3] == offer_code[:3] for c in candidate_codes):
            return Criterion("occupation", CLOSE_OCCUPATION, "métier de la même famille")
        return Criterion("occupation", CLOSE_OCCUPATION, "métier proche")
    if tier == occupations.UNKNOWN:
        missing = "métier de l'offre non précisé" if not offer_code else "métier recherché non précisé"
        return Criterion("occupation", 0.0, missing, is_warning=True)
    return Criterion("occupation", 0.0)


def skills_fit(matched: int, total: int) -> Criterion:
    if total == 0:
        return Criterion("skills", 0.0)
    fraction = min(1.0, matched / min(total, SKILL_SATURATION))
    if matched == 0:
        return Criterion("skills", 0.0)
    noun = "compétence" if matched == 1 else "compétences"
    return Criterion("skills", fraction, f"{matched} {noun} sur {total}")


def distance_fraction(distance: float) -> float:
    if distance <= DISTANCE_FREE_KM:
        return 1.0
    return math.exp(-(distance - DISTANCE_FREE_KM) / DISTANCE_SCALE_KM)


def distance_fit(distance: float | None, by_remote: bool, same_commune: bool) -> Criterion:
    """Full points for a full-remote offer the candidate accepts; else a decay with the distance."""
    if by_remote:
        return Criterion("distance", 1.0, "poste en télétravail complet")
    if distance is None:
        return Criterion("distance", 0.0)
    if same_commune:
        return Criterion("distance", 1.0, "dans la même commune")
    return Criterion("distance", distance_fraction(distance), f"à {round(distance)} km")


def _month(date: datetime.date, today: datetime.date) -> str:
    month = MONTHS[date.month - 1]
    return month if date.year == today.year else f"{month} {date.year}"


def availability_fit(
    available_from: datetime.date | None, start_date: datetime.date | None, today: datetime.date
) -> Criterion:
    if available_from is None or available_from <= today:
        return Criterion("availability", 1.0, "disponible dès maintenant")
    needed_by = start_date if start_date is not None and start_date > today else today
    late = (available_from - needed_by).days
    when = f"disponible en {_month(available_from, today)}"
    if late <= 0:
        return Criterion("availability", 1.0, when)
    fraction = max(0.0, 1.0 - late / LATE_TOLERANCE_DAYS)
    return Criterion("availability", fraction, f"{when}, après la prise de poste", is_warning=True)


def level_fit(diploma_level: int | None, experience_years: int, public_category: str) -> Criterion:
    """Public offers: the category's usual diploma level (experience may compensate one level, as
    the public service's recognition of professional experience does). Private offers: experience."""
    expected = CATEGORY_LEVEL.get(public_category)
    if expected is not None:
        if diploma_level is None:
            return Criterion("level", 0.3)
        if diploma_level >= expected:
            return Criterion("level", 1.0, "niveau de diplôme attendu")
        if diploma_level == expected - 1 and experience_years >= EXPERIENCE_COMPENSATES_YEARS:
            return Criterion("level", 0.7, "expérience compensant le diplôme")
        return Criterion("level", 0.2, "niveau de diplôme inférieur à celui attendu", is_warning=True)
    if experience_years >= EXPERIENCE_COMPENSATES_YEARS:
        return Criterion("level", 1.0, f"{experience_years} ans d'expérience")
    if experience_years >= 1:
        noun = "an" if experience_years == 1 else "ans"
        return Criterion("level", 0.8, f"{experience_years} {noun} d'expérience")
    return Criterion("level", 0.5, "débutant·e")


def remote_fit(preference: str, offer_remote: str) -> Criterion:
    fraction = REMOTE_TABLE.get(preference, REMOTE_TABLE["any"]).get(offer_remote, 1.0)
    if preference in ("partial", "full") and offer_remote == "partial":
        return Criterion("remote", fraction, "télétravail partiel possible")
    if preference != "none" and offer_remote == "full":
        return Criterion("remote", fraction, "télétravail complet")
    if preference in ("partial", "full") and offer_remote == "none":
        return Criterion("remote", fraction, "pas de télétravail", is_warning=True)
    return Criterion("remote", fraction)


def text_fit(similarity: float, shared: list[str]) -> Criterion:
    fraction = min(1.0, max(0.0, similarity) / TEXT_SATURATION)
    if not shared or fraction == 0.0:
        return Criterion("text", fraction)
    return Criterion("text", fraction, f"mots communs : {', '.join(shared)}")


# --- one pair -------------------------------------------------------------------------------------


def score_pair(
    candidate: CandidateFeatures,
    offer: OfferFeatures,
    *,
    today: datetime.date,
    candidate_vector: textsim.Vector,
    offer_vector: textsim.Vector,
) -> MatchScore:
    """The explained score of a pair (filters are the caller's: see `within_reach`, `visible_to`,
    `occupation_compatible`)."""
    distance = distance_km(candidate, offer)
    matched = sum(1 for key in candidate.skill_keys if textsim.skill_in_text(key, offer.padded_text))
    similarity = textsim.cosine(candidate_vector, offer_vector)
    shared = textsim.shared_terms(candidate_vector, offer_vector) if similarity > 0 else []
    if shared:
        forms = textsim.surface_forms(f"{offer.title} {offer.text}")
        shared = [forms.get(t, t) for t in shared]
    criteria = (
        occupation_fit(candidate.occupations, offer.occupation_code),
        skills_fit(matched, len(candidate.skill_keys)),
        distance_fit(distance, remote_reach(candidate, offer), candidate.commune_code == offer.commune_code),
        availability_fit(candidate.available_from, offer.start_date, today),
        level_fit(candidate.diploma_level, candidate.experience_years, offer.public_category),
        remote_fit(candidate.remote_preference, offer.remote),
        text_fit(similarity, shared),
    )
    return MatchScore(
        candidate_id=candidate.id,
        offer_id=offer.id,
        total=sum(c.points for c in criteria),
        criteria=criteria,
        distance_km=distance,
    )
