"""French readability: words, sentences, syllables and the Kandel & Moles formula.

Kandel & Moles (1958) adapted Flesch's reading-ease formula to French:

    score = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

On Flesch's scale, 0–30 is very hard (academic prose), 30–50 hard, 50–60 fairly hard,
60–70 plain, 70–80 fairly easy, 80+ easy. The score is not clamped: a text of one-syllable words
in three-word sentences scores above 100, which is right, it is very easy.

The syllable counter is the written-French heuristic: count groups of vowel letters, split the
hiatus after "é" ("créa" → cré-a), and do not count a final mute "e"/"es" ("une", "cheffes")
when the word has another vowel group. It ignores the verb ending "-ent" (counted as a syllable)
and the semi-vowel "y" between vowels; these errors are small on a job offer and the same for
every offer, so scores stay comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

VOWELS = "aeiouyàâäéèêëîïôöûùüÿœæ"
_VOWEL_GROUP = re.compile(f"[{VOWELS}]+")
_HIATUS = re.compile("é[aiouàâîïôû]")
# A word: letters (accents included), with inner apostrophes or hyphens ("aujourd'hui",
# "centre-ville"); numbers count as one word of one syllable.
WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*|\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?", re.UNICODE)
# A sentence ends with . ! ? … (and any closing quote or bracket), or at a line break: list items
# in a job offer rarely end with a full stop, and each is read as a sentence.
SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"')\]]*\s+|\n+")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset({"m", "mme", "mlle", "etc", "ex", "cf", "env", "p", "n°", "av", "bd", "st", "ste"})


@lru_cache(maxsize=50_000)  # an offer repeats its words; the live panel re-reads them every pause
def count_syllables(word: str) -> int:
    """Written-French syllables of one word (at least 1 for any word with a letter or digit)."""
    w = word.lower().replace("’", "'")
    if w and w[0].isdigit():
        return 1
    # Elided articles and pronouns ("l'", "d'", "qu'") are not syllables of their own.
    w = re.sub(r"^(?:[a-z]|qu)'", "", w)
    groups = _VOWEL_GROUP.findall(w)
    if not groups:
        return 1 if w else 0
    count = len(groups)
    # Hiatus: "é" followed by a vowel other than e is two syllables (cré-a-tion, ré-u-nion),
    # while "ée" is one (an-née, char-gées).
    count += sum(1 for g in groups if _HIATUS.search(g))
    # Mute final e: "une", "cheffe", "chargées" (but "é", "ée" keep their syllable).
    if count > 1 and re.search(r"[^aeiouyàâäéèêëîïôöûùüÿœæ]es?$", w):
        count -= 1
    return max(count, 1)


def words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    word_count: int


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets in `text` (blank ones dropped)."""
    result: list[Sentence] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        # "M. Dupont", "etc. et" : a stop after an abbreviation does not end the sentence.
        # A window, not text[start:]: after "M. M. M. …" the slice would grow with every match.
        before = text[max(start, match.start() - 40) : match.start()].rstrip(".!?…»\"')] ")
        last_word = before.rsplit(" ", 1)[-1].lower() if before else ""
        if "\n" not in match.group() and last_word in ABBREVIATIONS:
            continue
        _append(result, text, start, match.start())
        start = match.end()
    _append(result, text, start, len(text))
    return result


def _append(result: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    offset = start + chunk.index(stripped)
    count = len(words(stripped))
    if count:
        result.append(Sentence(offset, offset + len(stripped), stripped, count))


@dataclass(frozen=True)
class ReadabilityStats:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def kandel_moles(self) -> float | None:
        if not self.words:
            return None
        return 207 - 1.015 * self.words_per_sentence - 73.6 * self.syllables_per_word


def stats(text: str) -> ReadabilityStats:
    found = words(text)
    return ReadabilityStats(
        words=len(found),
        sentences=max(1, len(sentences(text))) if found else 0,
        syllables=sum(count_syllables(m.group()) for m in found),
    )


def kandel_moles(text: str) -> float | None:
    """The Kandel & Moles reading ease of a French text, or None for a text without words."""
    return stats(text).kandel_moles


def level(score: float) -> str:
    """The plain-French reading level of a Kandel & Moles score."""
    if score < 30:
        return "très difficile"
    if score < 50:
        return "difficile"
    if score < 60:
        return "assez difficile"
    if score < 70:
        return "standard"
    if score < 80:
        return "assez facile"
    return "facile"
