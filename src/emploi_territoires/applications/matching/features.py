"""What the matching knows of a candidate and of an offer: plain, immutable data (no Django).

Built from the database by `matching.queries`, and by the benchmark's generator directly. Text is
kept both raw (to explain with accents) and prepared (stemmed tokens and the padded phrase text
that skills are searched in), so the per-pair work is only lookups.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import textsim

# A mobility radius beyond this is treated as this: proposing a candidate for a job 600 km away
# because they typed 999 helps nobody, and it bounds the index's search band.
MAX_RADIUS_KM = 200

# Programme flags of a commune, as stored in a profile's `visible_programmes`.
PROGRAMMES = ("acv", "pvd", "ti", "qpv")


@dataclass(frozen=True)
class CandidateFeatures:
    id: int
    commune_code: str
    latitude: float | None
    longitude: float | None
    radius_km: int
    occupations: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    experience_years: int = 0
    diploma_level: int | None = None
    available_from: datetime.date | None = None
    remote_preference: str = "any"
    visibility: str = "private"
    visible_departements: frozenset[str] = frozenset()
    visible_programmes: frozenset[str] = frozenset()
    text: str = ""
    # Shown to recruiters (never contact details): see views_matching.
    name: str = ""
    headline: str = ""
    commune_name: str = ""
    departement: str = ""
    skill_keys: tuple[str, ...] = field(init=False)
    tokens: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        keys = tuple(dict.fromkeys(k for k in (textsim.skill_key(s) for s in self.skills) if k))
        object.__setattr__(self, "skill_keys", keys)
        object.__setattr__(self, "tokens", tuple(textsim.tokens(f"{self.text} {' '.join(self.skills)}")))

    @property
    def reach_km(self) -> int:
        return max(0, min(self.radius_km, MAX_RADIUS_KM))

    @property
    def accepts_remote(self) -> bool:
        return self.remote_preference != "none"


@dataclass(frozen=True)
class OfferFeatures:
    id: int
    commune_code: str
    latitude: float | None
    longitude: float | None
    departement: str = ""
    programmes: frozenset[str] = frozenset()
    remote: str = "none"
    occupation_code: str = ""
    public_category: str = ""
    start_date: datetime.date | None = None
    text: str = ""
    reference: str = ""
    title: str = ""
    organisation_id: int = 0
    employer_name: str = ""
    commune_name: str = ""
    tokens: tuple[str, ...] = field(init=False)
    padded_text: str = field(init=False)

    def __post_init__(self) -> None:
        token_list = textsim.tokens(f"{self.title} {self.text}")
        object.__setattr__(self, "tokens", tuple(token_list))
        object.__setattr__(self, "padded_text", textsim.padded(token_list))

    @property
    def is_full_remote(self) -> bool:
        return self.remote == "full"
