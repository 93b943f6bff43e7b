"""Stopwords telling French from English, for the "offer not written in French" rule.

Only words that cannot be mistaken for the other language: "on", "a", "en", "the" is English,
"le" is French. English borrowings common in French offers ("manager", "open data", "soft
skills") are not stopwords, so they never tip a French text into English.
"""

from __future__ import annotations

ENGLISH: frozenset[str] = frozenset(
    {
        "the", "and", "of", "to", "you", "we", "will", "with", "our", "is", "are", "your", "be", "this",
        "that", "for", "have", "has", "from", "who", "which", "what", "would", "should", "can", "skills",
        "experience", "job", "team", "work", "working", "looking", "strong", "within", "about", "their",
        "they", "it", "its", "an", "at", "by", "or", "as", "all", "new", "join", "apply", "required",
    }
)  # fmt: skip
FRENCH: frozenset[str] = frozenset(
    {
        "le", "la", "les", "de", "des", "du", "et", "est", "vous", "nous", "une", "un", "pour", "avec",
        "dans", "sur", "au", "aux", "qui", "que", "sont", "votre", "vos", "notre", "nos", "ou", "par",
        "ce", "cette", "ces", "être", "sera", "serez", "en", "à", "son", "sa", "ses", "leur", "d", "l",
        "plus", "mission", "missions", "poste", "profil", "équipe", "projet",
    }
)  # fmt: skip
# A field is checked from this many words on (a title or a short line cannot be judged).
MIN_WORDS = 12
