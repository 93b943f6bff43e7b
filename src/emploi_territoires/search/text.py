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
from dataclasses import dataclass

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
    ("eures", "eur"),
    ("eure", "eur"),
    ("antes", "ant"),
    ("ante", "ant"),
    ("entes", "ent"),
    ("ente", "ent"),
    ("intes", "int"),
    ("inte", "int"),
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


# Feminine forms no suffix rule folds without merging unrelated words.
_IRREGULAR = {
    "cheffe": "chef",
    "cheffes": "chef",
    "apprentie": "apprenti",
    "apprenties": "apprenti",
    "agente": "agent",
    "agentes": "agent",
    "emplois": "emploi",
    "manageuse": "manager",
    "manageuses": "manager",
    "manageur": "manager",
    "manageurs": "manager",
    "publique": "public",
    "publiques": "public",
}

# Inclusive writing: "Chef·fe", "Chargé·e·s", "Policier·ère", "Technicien.ne", "Chargé(e)". The
# feminine ending after the point médian (or a dot, or in brackets) is dropped, leaving the
# masculine word the stemmer also makes of the feminine form ("cheffe" -> "chef"): otherwise
# "Chef·fe de projet" is indexed as "chef fe projet" and "Animateur·rice" as "animateur rice".
_INCLUSIVE = re.compile(
    r"(?<=\w)(?:[\u00b7\u2022\u2027\u22c5\u2219\u30fb](?:[^\W\d_]{1,5})"
    r"|\.(?:e|es|ne|nes|se|ses|re|res|\u00e8re|\u00e8res|ere|eres|rice|rices|trice|trices|fe|le|les|te|tes|ve)\b"
    r"|\((?:e|es|ne|se|re|\u00e8re|rice|trice|fe|le|te)\))+",
    re.IGNORECASE,
)


def strip_inclusive(text: str) -> str:
    """ "Chargé·e de mission" -> "Chargé de mission" (see _INCLUSIVE)."""
    return _INCLUSIVE.sub("", text or "")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light French stem of one folded word (see the module docstring)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The meaningful folded words of `text`, in order (stop words and single letters dropped)."""
    return [w for w in _WORD.findall(fold(strip_inclusive(text))) if len(w) > 1 and w not in STOP_WORDS]


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


# Acronyms people type, and what offers write out: a query word among these also matches its
# expansions (each a phrase), on both databases. Written in plain French, prepared like any text.
ACRONYMS: dict[str, tuple[str, ...]] = {
    "pvd": ("Petites villes de demain",),
    "acv": ("Action cœur de ville",),
    "vta": ("volontariat territorial en administration", "volontaire territorial en administration"),
    "ti": ("Territoires d'industrie",),
    "qpv": ("quartier prioritaire", "politique de la ville"),
    "dgs": ("directeur général des services", "secrétaire général de mairie"),
    "dga": ("directeur général adjoint",),
    "dst": ("directeur des services techniques", "responsable des services techniques"),
    "drh": ("directeur des ressources humaines", "responsable des ressources humaines"),
    "rh": ("ressources humaines",),
    "daf": ("directeur administratif et financier", "responsable des finances"),
    "atsem": ("agent territorial spécialisé des écoles maternelles",),
    "eje": ("éducateur de jeunes enfants",),
    "sig": ("système d'information géographique",),
    "plu": ("plan local d'urbanisme",),
    "plui": ("plan local d'urbanisme intercommunal",),
    "ads": ("droit des sols",),
    "mns": ("maître-nageur",),
    "ccas": ("centre communal d'action sociale",),
    "asvp": ("agent de surveillance de la voie publique",),
    "pm": ("police municipale",),
    "cnc": ("commande numérique",),
    "qse": ("qualité sécurité environnement",),
    "hse": ("hygiène sécurité environnement",),
}


@dataclass(frozen=True)
class Concept:
    """One word of a query and what matches it: stemmed phrases, any of which will do.

    The first alternative is the word itself (or its spelling correction, search.vocabulary);
    an acronym adds its expansions ("pvd" -> "petite ville demain").
    """

    word: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def main(self) -> str:
        return " ".join(self.alternatives[0])

    @property
    def longest(self) -> int:
        return max(len(a) for a in self.alternatives)


@functools.lru_cache(maxsize=64)
def _expansions(word: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(stem(w) for w in words(phrase)) for phrase in ACRONYMS.get(word, ()))


def query_concepts(query: str) -> list[Concept]:
    """The concepts of a user query: one per word (query_words), acronyms expanded."""
    concepts = []
    for word in query_words(query):
        alternatives = [(stem(word),), *(e for e in _expansions(word) if e)]
        concepts.append(Concept(word, tuple(dict.fromkeys(alternatives))))
    return concepts


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every stemmed word required, each quoted (no FTS5 syntax leaks)."""
    return " ".join(f'"{stem(w)}"' for w in query_words(query))
