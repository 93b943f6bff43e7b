"""Fast top-k matching over many candidates and offers: the criteria of `scoring` on numpy arrays.

How a query runs (offer -> candidates; the other direction is symmetrical):
1. Retrieval: the candidates are kept sorted by latitude; a great-circle distance is never less
   than the meridian distance, so only those within `max reach / 111 km` degrees of latitude can
   be in reach (plus, for a full-remote offer, everyone who accepts remote work). The exact
   haversine distance is then computed on that band only.
2. Filters: within the candidate's own radius (or by remote work), visible to the offer's
   territory (département or programme chosen by the candidate), and occupations not foreign to
   each other (`occupations.tier`, looked up once per distinct ROME code of the pool).
3. Every criterion except text similarity is evaluated on arrays with exactly the formulas of
   `scoring` (tests check they agree pair by pair). That partial score plus the maximum text
   points is an upper bound of the full score.
4. Exact top-k with that bound: candidates are taken by decreasing partial score, their text
   similarity computed, until the next bound falls below the k-th best full score. The result is
   the same top k as scoring every candidate in reach, at a fraction of the cost.
5. The k winners are scored again by `scoring.score_pair`, which gives the reasons shown.

Pure: no database. Memory at 100,000 candidates and 10,000 offers: a few hundred MB, mostly the
candidates' token tuples (see bench/matching.py).
"""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from emploi_territoires.territories.geodesy import EARTH_RADIUS_KM, KM_PER_DEGREE_LAT

from . import occupations, scoring, textsim
from .features import CandidateFeatures, OfferFeatures

_REMOTE_CODES = {"none": 0, "partial": 1, "full": 2}
_PREFERENCE_CODES = {"any": 0, "none": 1, "partial": 2, "full": 3}
_REMOTE_MATRIX = np.array(
    [[scoring.REMOTE_TABLE[p][r] for r in ("none", "partial", "full")] for p in ("any", "none", "partial", "full")]
)
_NONE_ORD = -1  # "no date"
_W = scoring.WEIGHTS
_EPSILON = 1e-9
# Text vectors of candidates are computed when first needed and kept, up to this many (each is a
# small dict; 100,000 of them would cost a few hundred MB for little gain).
CANDIDATE_VECTOR_CACHE = 50_000


def _haversine(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    distance: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return distance


def _ord(date: datetime.date | None) -> int:
    return date.toordinal() if date is not None else _NONE_ORD


def _padded_matrix(rows: list[list[int]], pad: int) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    matrix = np.full((len(rows), width), pad, dtype=np.int32)
    for i, row in enumerate(rows):
        matrix[i, : len(row)] = row
    return matrix


class _Codes:
    """Strings -> small integers (ROME codes, skills)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids))

    def get(self, value: str) -> int:
        return self.ids.get(value, -2)


def distance_fractions(distance: np.ndarray) -> np.ndarray:
    decay = np.exp(-(distance - scoring.DISTANCE_FREE_KM) / scoring.DISTANCE_SCALE_KM)
    return np.where(distance <= scoring.DISTANCE_FREE_KM, 1.0, decay)


def availability_fractions(available: np.ndarray, start: np.ndarray, today: int) -> np.ndarray:
    """`available`/`start`: ordinals, _NONE_ORD for none (see scoring.availability_fit)."""
    needed_by = np.where((start != _NONE_ORD) & (start > today), start, today)
    late = available - needed_by
    now = (available == _NONE_ORD) | (available <= today) | (late <= 0)
    return np.where(now, 1.0, np.maximum(0.0, 1.0 - late / scoring.LATE_TOLERANCE_DAYS))


def level_fractions(diploma: np.ndarray, experience: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """`diploma`: -1 when unknown; `expected`: -1 for an offer without public category."""
    private = np.where(experience >= scoring.EXPERIENCE_COMPENSATES_YEARS, 1.0, np.where(experience >= 1, 0.8, 0.5))
    public = np.where(
        diploma < 0,
        0.3,
        np.where(
            diploma >= expected,
            1.0,
            np.where((diploma == expected - 1) & (experience >= scoring.EXPERIENCE_COMPENSATES_YEARS), 0.7, 0.2),
        ),
    )
    return np.where(expected < 0, private, public)


def occupation_fractions(tiers: np.ndarray) -> np.ndarray:
    return np.where(tiers == occupations.SAME, 1.0, np.where(tiers == occupations.CLOSE, scoring.CLOSE_OCCUPATION, 0.0))


def skills_fractions(matched: np.ndarray, total: np.ndarray) -> np.ndarray:
    denominator = np.maximum(np.minimum(total, scoring.SKILL_SATURATION), 1)
    return np.where(total == 0, 0.0, np.minimum(1.0, matched / denominator))


class MatchingIndex:
    """Candidates and published offers in arrays, for `top_candidates` and `top_offers`."""

    def __init__(
        self,
        candidates: Sequence[CandidateFeatures],
        offers: Sequence[OfferFeatures],
        text_model: textsim.TextModel,
        today: datetime.date,
    ) -> None:
        self.candidates = list(candidates)
        self.offers = list(offers)
        self.text_model = text_model
        self.today = today
        self._today_ord = today.toordinal()
        self.occupation_codes = _Codes()
        self.skill_codes = _Codes()
        self._offer_vectors: dict[int, textsim.Vector] = {}
        self._candidate_vectors: dict[int, textsim.Vector] = {}
        self._candidate_positions = {c.id: i for i, c in enumerate(self.candidates)}
        self._offer_positions = {o.id: i for i, o in enumerate(self.offers)}
        self._build_candidates()
        self._build_offers()

    # -- building ---------------------------------------------------------------------------

    def _build_candidates(self) -> None:
        cs = self.candidates
        self.c_lat = np.array([c.latitude if c.latitude is not None else np.nan for c in cs], dtype=float)
        self.c_lon = np.array([c.longitude if c.longitude is not None else np.nan for c in cs], dtype=float)
        self.c_reach = np.array([c.reach_km for c in cs], dtype=float)
        self.c_accepts_remote = np.array([c.accepts_remote for c in cs], dtype=bool)
        self.c_preference = np.array([_PREFERENCE_CODES.get(c.remote_preference, 0) for c in cs], dtype=np.int8)
        self.c_occupations = _padded_matrix([[self.occupation_codes(o) for o in c.occupations] for c in cs], -1)
        self.c_skills = [[self.skill_codes(k) for k in c.skill_keys] for c in cs]
        self.c_n_skills = np.array([len(c.skill_keys) for c in cs], dtype=np.int32)
        self.c_experience = np.array([c.experience_years for c in cs], dtype=np.int32)
        self.c_diploma = np.array([c.diploma_level if c.diploma_level is not None else -1 for c in cs], dtype=np.int32)
        self.c_available = np.array([_ord(c.available_from) for c in cs], dtype=np.int64)
        self.max_reach = float(self.c_reach.max()) if cs else 0.0
        # Visibility: for each département / programme, the candidates showing themselves there.
        by_departement: dict[str, list[int]] = defaultdict(list)
        by_programme: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(cs):
            if c.visibility != "territories":
                continue
            for code in c.visible_departements:
                by_departement[code].append(i)
            for programme in c.visible_programmes:
                by_programme[programme].append(i)
        self.c_by_departement = {k: np.array(v, dtype=np.int64) for k, v in by_departement.items()}
        self.c_by_programme = {k: np.array(v, dtype=np.int64) for k, v in by_programme.items()}
        order = np.argsort(self.c_lat, kind="stable")  # NaN last: never in a latitude band
        self.c_lat_order = order
        self.c_lat_sorted = self.c_lat[order]

    def _build_offers(self) -> None:
        os_ = self.offers
        self.o_lat = np.array([o.latitude if o.latitude is not None else np.nan for o in os_], dtype=float)
        self.o_lon = np.array([o.longitude if o.longitude is not None else np.nan for o in os_], dtype=float)
        self.o_remote = np.array([_REMOTE_CODES.get(o.remote, 0) for o in os_], dtype=np.int8)
        self.o_occupation = np.array(
            [self.occupation_codes(o.occupation_code) if o.occupation_code else -1 for o in os_], dtype=np.int32
        )
        self.o_expected = np.array([scoring.CATEGORY_LEVEL.get(o.public_category, -1) for o in os_], dtype=np.int32)
        self.o_start = np.array([_ord(o.start_date) for o in os_], dtype=np.int64)
        # Skills as a matrix [offer, skill]: whether the offer's text contains the skill. Found by
        # walking each offer's tokens once, with the skills indexed by their first word.
        n_skills = len(self.skill_codes.ids)
        by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for key, sid in self.skill_codes.ids.items():
            by_first[key.split(" ", 1)[0]].append((key, sid))
        self.skill_pad = n_skills  # a column that is always False, for padded rows
        self.o_skills = np.zeros((len(os_), n_skills + 1), dtype=bool)
        for i, o in enumerate(os_):
            for token in set(o.tokens):
                for key, sid in by_first.get(token, ()):
                    if textsim.skill_in_text(key, o.padded_text):
                        self.o_skills[i, sid] = True
        self.c_skill_matrix = _padded_matrix(self.c_skills, self.skill_pad)
        self.o_full_remote = np.flatnonzero(self.o_remote == _REMOTE_CODES["full"])
        order = np.argsort(self.o_lat, kind="stable")
        self.o_lat_order = order
        self.o_lat_sorted = self.o_lat[order]

    # -- shared pieces ----------------------------------------------------------------------

    def _tier_table(self, code_ids: np.ndarray, tier_of: Callable[[str], int]) -> np.ndarray:
        """Code id -> tier for the distinct code ids given; -1 elsewhere and in the last slot, which
        the padding value -1 reads."""
        names = list(self.occupation_codes.ids)  # in id order
        table = np.full(len(names) + 1, -1, dtype=np.int8)
        for code_id in np.unique(code_ids[code_ids >= 0]):
            table[code_id] = tier_of(names[code_id])
        return table

    def candidate_tiers(self, offer_position: int, positions: np.ndarray) -> np.ndarray:
        """`occupations.tier` of these candidates for one offer."""
        offer_code = self.offers[offer_position].occupation_code
        if not offer_code or len(positions) == 0:
            return np.full(len(positions), occupations.UNKNOWN, dtype=np.int8)
        rows = self.c_occupations[positions]
        table = self._tier_table(rows, lambda code: occupations.pair_tier(code, offer_code))
        best = table[rows].max(axis=1)
        return np.where(best < 0, occupations.UNKNOWN, best)

    def offer_tiers(self, candidate_position: int, positions: np.ndarray) -> np.ndarray:
        """`occupations.tier` of one candidate for these offers."""
        codes = self.candidates[candidate_position].occupations
        ids = self.o_occupation[positions]
        if not codes or len(positions) == 0:
            return np.full(len(positions), occupations.UNKNOWN, dtype=np.int8)
        table = self._tier_table(ids, lambda code: occupations.tier(codes, code))
        return np.where(ids < 0, occupations.UNKNOWN, table[ids])

    def offer_vector(self, position: int) -> textsim.Vector:
        vector = self._offer_vectors.get(position)
        if vector is None:
            vector = self.text_model.vector(self.offers[position].tokens)
            self._offer_vectors[position] = vector
        return vector

    def candidate_vector(self, position: int) -> textsim.Vector:
        vector = self._candidate_vectors.get(position)
        if vector is None:
            if len(self._candidate_vectors) >= CANDIDATE_VECTOR_CACHE:
                self._candidate_vectors.clear()
            vector = self.text_model.vector(self.candidates[position].tokens)
            self._candidate_vectors[position] = vector
        return vector

    @staticmethod
    def _band(lat_sorted: np.ndarray, order: np.ndarray, latitude: float, reach_km: float) -> np.ndarray:
        delta = reach_km / KM_PER_DEGREE_LAT + 1e-6
        low, high = np.searchsorted(lat_sorted, [latitude - delta, latitude + delta + 1e-12])
        return order[low:high]

    def _top(
        self, positions: np.ndarray, partial: np.ndarray, exact_text: Callable[[int], float], k: int
    ) -> list[tuple[float, int]]:
        """Exact top-k by (full score desc, position asc) using partial + max text as a bound."""
        heap: list[tuple[float, int, int]] = []  # (total, -position, position): heap[0] is the worst kept
        for j in np.argsort(-partial, kind="stable"):
            bound = partial[j] + _W["text"]
            if len(heap) == k and bound + _EPSILON < heap[0][0]:
                break
            position = int(positions[j])
            total = float(partial[j]) + exact_text(position)
            item = (total, -position, position)
            if len(heap) < k:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        return [(t, p) for t, _, p in sorted(heap, reverse=True)]

    def _text_points(self, a: textsim.Vector, b: textsim.Vector) -> float:
        similarity = textsim.cosine(a, b)
        return _W["text"] * min(1.0, max(0.0, similarity) / scoring.TEXT_SATURATION)

    # -- offer -> candidates ----------------------------------------------------------------

    def reachable_candidates(self, offer_position: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the visible candidates in reach of an offer, and their distances (NaN: none)."""
        o = self.offers[offer_position]
        if o.latitude is not None and o.longitude is not None:
            band = self._band(self.c_lat_sorted, self.c_lat_order, o.latitude, self.max_reach)
        else:
            band = np.empty(0, dtype=np.int64)
        if o.is_full_remote:
            band = np.union1d(band, np.flatnonzero(self.c_accepts_remote))
        # Visible in the offer's territory: its département, or one of its commune's programmes.
        shown = np.zeros(len(self.candidates), dtype=bool)
        shown[self.c_by_departement.get(o.departement, np.empty(0, dtype=np.int64))] = True
        for programme in o.programmes:
            if programme in self.c_by_programme:
                shown[self.c_by_programme[programme]] = True
        positions = np.sort(band[shown[band]])
        if o.latitude is not None and o.longitude is not None:
            distance = _haversine(o.latitude, o.longitude, self.c_lat[positions], self.c_lon[positions])
        else:
            distance = np.full(len(positions), np.nan)
        by_remote = self.c_accepts_remote[positions] & o.is_full_remote
        in_reach = by_remote | (distance <= self.c_reach[positions])
        return positions[in_reach], distance[in_reach]

    def candidate_partial_scores(
        self, offer_position: int, positions: np.ndarray, distance: np.ndarray, tiers: np.ndarray | None = None
    ) -> np.ndarray:
        """Every criterion but text, for these candidates and one offer (the formulas of `scoring`)."""
        o = self.offers[offer_position]
        if tiers is None:
            tiers = self.candidate_tiers(offer_position, positions)
        occupation = occupation_fractions(tiers)
        matched = self.o_skills[offer_position][self.c_skill_matrix[positions]].sum(axis=1)
        skills = skills_fractions(matched, self.c_n_skills[positions])
        by_remote = self.c_accepts_remote[positions] & o.is_full_remote
        near = np.where(np.isnan(distance), 0.0, distance_fractions(np.nan_to_num(distance, nan=1e9)))
        distance_part = np.where(by_remote, 1.0, near)
        availability = availability_fractions(
            self.c_available[positions], self.o_start[offer_position], self._today_ord
        )
        level = level_fractions(
            self.c_diploma[positions], self.c_experience[positions], self.o_expected[offer_position]
        )
        remote = _REMOTE_MATRIX[self.c_preference[positions], self.o_remote[offer_position]]
        points: np.ndarray = (
            _W["occupation"] * occupation
            + _W["skills"] * skills
            + _W["distance"] * distance_part
            + _W["availability"] * availability
            + _W["level"] * level
            + _W["remote"] * remote
        )
        return points

    def top_candidates(self, offer_id: int, k: int = 50) -> list[scoring.MatchScore]:
        """The k best visible candidates in reach of an offer, explained, best first."""
        position = self._offer_positions[offer_id]
        positions, distance = self.reachable_candidates(position)
        tiers = self.candidate_tiers(position, positions)
        kept = tiers != occupations.FOREIGN
        positions, distance, tiers = positions[kept], distance[kept], tiers[kept]
        if len(positions) == 0:
            return []
        partial = self.candidate_partial_scores(position, positions, distance, tiers)
        offer_vector = self.offer_vector(position)
        top = self._top(positions, partial, lambda p: self._text_points(self.candidate_vector(p), offer_vector), k)
        offer = self.offers[position]
        return [
            scoring.score_pair(
                self.candidates[p],
                offer,
                today=self.today,
                candidate_vector=self.candidate_vector(p),
                offer_vector=offer_vector,
            )
            for _, p in top
        ]

    # -- candidate -> offers ----------------------------------------------------------------

    def reachable_offers(self, candidate_position: int) -> tuple[np.ndarray, np.ndarray]:
        c = self.candidates[candidate_position]
        if c.latitude is not None and c.longitude is not None:
            band = self._band(self.o_lat_sorted, self.o_lat_order, c.latitude, c.reach_km)
        else:
            band = np.empty(0, dtype=np.int64)
        if c.accepts_remote:
            band = np.union1d(band, self.o_full_remote)
        if c.latitude is not None and c.longitude is not None:
            distance = _haversine(c.latitude, c.longitude, self.o_lat[band], self.o_lon[band])
        else:
            distance = np.full(len(band), np.nan)
        by_remote = (self.o_remote[band] == _REMOTE_CODES["full"]) & c.accepts_remote
        in_reach = by_remote | (distance <= c.reach_km)
        return band[in_reach], distance[in_reach]

    def offer_partial_scores(
        self, candidate_position: int, positions: np.ndarray, distance: np.ndarray, tiers: np.ndarray | None = None
    ) -> np.ndarray:
        c = self.candidates[candidate_position]
        if tiers is None:
            tiers = self.offer_tiers(candidate_position, positions)
        occupation = occupation_fractions(tiers)
        skill_ids = np.array(self.c_skills[candidate_position], dtype=np.int64)
        matched = (
            self.o_skills[np.ix_(positions, skill_ids)].sum(axis=1) if len(skill_ids) else np.zeros(len(positions))
        )
        skills = skills_fractions(matched, np.full(len(positions), len(skill_ids)))
        by_remote = (self.o_remote[positions] == _REMOTE_CODES["full"]) & c.accepts_remote
        near = np.where(np.isnan(distance), 0.0, distance_fractions(np.nan_to_num(distance, nan=1e9)))
        distance_part = np.where(by_remote, 1.0, near)
        availability = availability_fractions(
            np.full(len(positions), self.c_available[candidate_position]), self.o_start[positions], self._today_ord
        )
        level = level_fractions(
            np.full(len(positions), self.c_diploma[candidate_position]),
            np.full(len(positions), self.c_experience[candidate_position]),
            self.o_expected[positions],
        )
        remote = _REMOTE_MATRIX[self.c_preference[candidate_position], self.o_remote[positions]]
        points: np.ndarray = (
            _W["occupation"] * occupation
            + _W["skills"] * skills
            + _W["distance"] * distance_part
            + _W["availability"] * availability
            + _W["level"] * level
            + _W["remote"] * remote
        )
        return points

    def top_offers(self, candidate_id: int, k: int = 50) -> list[scoring.MatchScore]:
        """The k best published offers in reach of a candidate, explained, best first."""
        position = self._candidate_positions[candidate_id]
        positions, distance = self.reachable_offers(position)
        tiers = self.offer_tiers(position, positions)
        kept = tiers != occupations.FOREIGN
        positions, distance, tiers = positions[kept], distance[kept], tiers[kept]
        if len(positions) == 0:
            return []
        partial = self.offer_partial_scores(position, positions, distance, tiers)
        candidate_vector = self.candidate_vector(position)
        top = self._top(positions, partial, lambda p: self._text_points(candidate_vector, self.offer_vector(p)), k)
        candidate = self.candidates[position]
        return [
            scoring.score_pair(
                candidate,
                self.offers[p],
                today=self.today,
                candidate_vector=candidate_vector,
                offer_vector=self.offer_vector(p),
            )
            for _, p in top
        ]
