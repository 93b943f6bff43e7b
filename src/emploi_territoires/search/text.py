"""Text preparation for the offer search: normalisation, French stop words, a light stemmer.

PostgreSQL stems French itself (the `french_unaccent` configuration: unaccent, then the Snowball
French stemmer). SQLite's FTS5 has no French stemmer and Python cannot plug a tokenizer into it,
so on SQLite the projection stores words already stemmed here and queries are stemmed the same
way. Without it "chefs de projet" would miss "chef de projet" (56 of 160 benchmark queries found
fewer offers, see BENCHMARKS.md).

The stemmer is deliberately light: it folds plurals and the masculine/feminine forms job titles
are written in ("développeuse" → "developpeur", "chargée" → "charge", "territoriaux" →
"territorial"), nothing that would merge unrelated words. It runs on both documents and queries,
so it only has to be consistent, not linguistically complete.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Words that carry no meaning for a job search; dropped from documents and queries alike so
# "chef de projet" and "chef projet" are the same search.
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "il",
        "elle",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "est",
        "sont",
        "ete",
        "etre",
        "avoir",
        "f",
        "h",
        "fh",
        "hf",
    ]
)

_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 8

# (suffix, replacement), longest first; applied once, to words long enough that the remaining
# stem still means something.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("atrices", "ateur"),
    ("atrice", "ateur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("ennes", "en"),
    ("enne", "en"),
    ("elles", "el"),
    ("elle", "el"),
    ("ives", "if"),
    ("ive", "if"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("eres", "er"),
    ("ere", "er"),
    ("eaux", "eau"),
    ("aux", "al"),
    ("ales", "al"),
    ("ale", "al"),
    ("ees", "e"),
    ("ee", "e"),
)


_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case, ASCII, accents removed, ligatures expanded: "Chargé·e de Cœur" -> "charge?e de coeur".

    Characters with no ASCII form become "?", a word separator like any punctuation. (NFKD then
    an ASCII encode: C-speed steps, measured faster than a str.translate table.)
    """
    lowered = (text or "").casefold()
    if lowered.isascii():
        return lowered
    lowered = lowered.replace("œ", "oe").replace("æ", "ae")
    decomposed = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
    return decomposed.encode("ascii", "replace").decode("ascii")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light French stem of one folded word (see the module docstring)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The meaningful folded words of `text`, in order (stop words and single letters dropped)."""
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS]


def normalized_text(text: str) -> str:
    """Folded words joined by spaces: what PostgreSQL's configuration stems itself."""
    return " ".join(words(text))


def stemmed_text(text: str) -> str:
    """Folded, stemmed words joined by spaces: what SQLite's FTS5 indexes."""
    return " ".join(stem(w) for w in words(text))


def query_words(query: str) -> list[str]:
    """The words of a user query (at most MAX_QUERY_WORDS, duplicates dropped), unstemmed."""
    seen: list[str] = []
    for word in words(query):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every stemmed word required, each quoted (no FTS5 syntax leaks)."""
    return " ".join(f'"{stem(w)}"' for w in query_words(query))
