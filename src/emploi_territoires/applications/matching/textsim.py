"""Text similarity between a candidate and an offer: TF-IDF over normalised, lightly stemmed French words.

Why not a sentence-embedding model: the models a registry package ships and that load offline are
English-centric (MiniLM), would add a dependency of several hundred MB, and could not say *why*
two texts are close. TF-IDF over the words of the offer search (`search.text`: folded accents,
French stop words, the light stemmer that folds plurals and feminine forms) needs nothing new,
costs microseconds per pair, and explains itself: the shared words with the highest weights
("mots communs : urbanisme, commerce"). See docs/matching.md.

Everything here is pure: no database, no Django.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from emploi_territoires.search.text import STOP_WORDS, fold, stem, words

Vector = dict[str, float]

_RAW_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """The stemmed meaningful words of a text, in order (the search's normalisation)."""
    return [stem(w) for w in words(text)]


def padded(token_list: Iterable[str]) -> str:
    """Tokens joined with a space on each side, so a phrase is found with a plain substring test."""
    return f" {' '.join(token_list)} "


def skill_key(skill: str) -> str:
    """A skill as the stemmed phrase searched for in an offer ("Gestion de projets" -> "gestion projet")."""
    return " ".join(tokens(skill))


def skill_in_text(key: str, padded_text: str) -> bool:
    """Whether the offer text (see `padded`) contains the skill's words, in order and contiguous."""
    return bool(key) and f" {key} " in padded_text


@functools.lru_cache(maxsize=4096)
def surface_forms(text: str) -> dict[str, str]:
    """stem -> the first word of `text` it came from (with its accents), to explain in readable French.

    Cached: ranking candidates for an offer explains the same offer text 50 times. Callers must not
    mutate the returned dict."""
    forms: dict[str, str] = {}
    for raw in _RAW_WORD.findall(text.casefold()):
        folded = fold(raw)
        if not folded.isalnum() or len(folded) <= 1 or folded in STOP_WORDS:
            continue
        forms.setdefault(stem(folded), raw)
    return forms


@dataclass(frozen=True)
class TextModel:
    """Inverse document frequencies learnt from a corpus (the published offers, in practice).

    Words never seen get the highest IDF (rare = informative); numbers and very short stems are
    kept out of the vectors since they rarely say anything about a job.
    """

    idf: Mapping[str, float]
    unknown_idf: float

    def vector(self, token_list: Iterable[str]) -> Vector:
        """L2-normalised TF-IDF vector, sublinear term frequency (1 + log tf)."""
        counts = Counter(t for t in token_list if len(t) > 2 and not t.isdigit())
        vector = {t: (1.0 + math.log(n)) * self.idf.get(t, self.unknown_idf) for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        if norm == 0.0:
            return {}
        return {t: v / norm for t, v in vector.items()}


def build_text_model(documents: Iterable[Iterable[str]]) -> TextModel:
    """IDF = log((1 + N) / (1 + df)) + 1 over token lists (smoothed, always positive)."""
    df: Counter[str] = Counter()
    n = 0
    for document in documents:
        n += 1
        df.update(set(document))
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    return TextModel(idf=idf, unknown_idf=math.log(1 + n) + 1.0)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def shared_terms(a: Vector, b: Vector, limit: int = 3) -> list[str]:
    """The shared stems that weigh most in the similarity, heaviest first."""
    products = [(v * b[t], t) for t, v in a.items() if t in b]
    products.sort(key=lambda p: (-p[0], p[1]))
    return [t for _, t in products[:limit]]
