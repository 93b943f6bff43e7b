"""Relevance of an offer to a text query: the query's concepts, how they match, and the score.

A query is a list of concepts (search.text.query_concepts: one per meaningful word, acronyms
expanded, misspelt words corrected against the index's vocabulary, search.vocabulary). An offer
matches when every concept is in its title or its text. Matching offers are ALL ranked by

    score = 64·A + 32·E + 8·P + 4·A·C + 4·B + 4·T/N + 8·R + F

- A: every concept is in the title (1 or 0). Title matches come before any text-only match.
- E: the title is exactly the query (same words once folded, stemmed, stop words and the
  inclusive-writing endings removed: « secrétaire générale de mairie » is the exact title
  « Secrétaire général·e de mairie (F/H) »). An exact title comes first.
- P: the query's words are a phrase of the title, in order (queries of two words or more).
- C: the share of the title the query covers, min(1, Q / L), Q the query's terms (an acronym
  counts as its expansion), L the title's: « Chef de projet » above « Chef de projet
  renouvellement urbain quartier des Forges » for « chef de projet ».
- B: the query's words are a phrase of the text (two words or more).
- T/N: the share of the concepts found in the title (ranks text-only matches).
- R: how often the text repeats the query's words, tf / (tf + 1) per concept, averaged: an
  offer about project management says « projet » five times, one that mentions it once less.
- F: freshness, 1 / (1 + age in days / 30): 1 today, 0.5 after a month. Worth at most 1 point,
  it orders offers the words match equally, and never lifts a text match above a title match.

The tiers are strict: any title match (A) scores 64 or more, a text-only match at most
4 + 4 + 8 + 1 = 17; an exact title 96 or more, any other title match at most 64 + 29 = 93.
The weights below the tiers were set on the labelled set (bench/search_relevance.py), where
halving or doubling any of them moves the overall nDCG@10 by less than 0.01.
The features are computed in SQL with the same expression on SQLite and PostgreSQL (LIKE on the
stored stemmed title and text, which are the same on both databases), so both rank alike; only
the age in days is written per database.

Title matches are looked up first through the index's title field (FTS5 `search_title : (…)`,
PostgreSQL lexemes of weight A): when they fill the page asked for, the text-only matches need
not be scored at all, because every title match scores above them (see search.offers).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from . import text
from .text import Concept

_WORD = re.compile(r"[^\W_]+")
W_ALL_IN_TITLE = 64
W_EXACT_TITLE = 32
W_TITLE_PHRASE = 8
W_COVERAGE = 4
W_TEXT_PHRASE = 4
W_TITLE_SHARE = 4
W_TEXT_FREQUENCY = 8
W_FRESHNESS = 1
FRESHNESS_DAYS = 30


@dataclass(frozen=True)
class TextQuery:
    """A query ready to run: its concepts, and the correction shown to the user if any."""

    concepts: tuple[Concept, ...]
    corrected: str = ""  # the query as corrected ("chef de projet" for "chef de projt"), else ""

    @property
    def canonical(self) -> str:
        """The stemmed words of the query (corrected), as the projection stores a title."""
        return " ".join(c.main for c in self.concepts)

    def fts5(self, title_only: bool = False) -> str:
        """The FTS5 MATCH expression (every alternative quoted: nothing typed is FTS5 syntax)."""
        groups = [
            "(" + " OR ".join('"' + " ".join(alternative) + '"' for alternative in c.alternatives) + ")"
            for c in self.concepts
        ]
        columns = "search_title" if title_only else "{search_title search_body}"
        return f"{columns} : ({' AND '.join(groups)})"

    def tsquery(self, title_only: bool = False) -> str:
        """The PostgreSQL tsquery text, for to_tsquery('simple', …): stems are [a-z0-9] only."""
        weight = ":A" if title_only else ""
        groups = [
            "(" + " | ".join(" <-> ".join(t + weight for t in alternative) for alternative in c.alternatives) + ")"
            for c in self.concepts
        ]
        return " & ".join(groups)


def text_query(query: str, *, correct: bool = True) -> TextQuery:
    """The concepts of `query`; with `correct`, words absent from the index are corrected."""
    concepts = text.query_concepts(query)
    if not correct or not concepts:
        return TextQuery(tuple(concepts))
    from .vocabulary import vocabulary

    vocab = vocabulary()
    fixed: list[Concept] = []
    changed = False
    for concept in concepts:
        main = concept.alternatives[0]
        if len(main) == 1 and main[0] not in vocab:
            corrections = vocab.corrections(main[0])
            if corrections:
                changed = True
                # The word as typed stays, last: a vocabulary read before an offer using it was indexed
                # must not hide that offer.
                alternatives = [*((c,) for c in corrections), *concept.alternatives[1:], main]
                concept = Concept(concept.word, tuple(dict.fromkeys(alternatives)))
        fixed.append(concept)
    corrected = ""
    if changed:
        # The query as typed, each corrected word replaced: « chef de projt » -> « chef de projet ».
        replaced = {c.word: c.alternatives[0][0] for c in fixed if c.alternatives[0] != (text.stem(c.word),)}
        corrected = _WORD.sub(lambda m: replaced.get(text.fold(m.group()), m.group()), query.strip())
    return TextQuery(tuple(fixed), corrected)


def _padded(column: str) -> str:
    return f"(' ' || {column} || ' ')"


def score_sql(query: TextQuery, vendor: str, now: datetime.datetime, adapt) -> tuple[str, list[object]]:
    """The score expression (see the module docstring) over the projection row `d`, and its parameters.

    `adapt` turns `now` into the database's datetime parameter (connection.ops.adapt_datetimefield_value).
    """
    title, body = _padded("d.search_title"), _padded("d.search_body")
    args: list[object] = []
    in_title: list[str] = []
    for concept in query.concepts:
        likes = []
        for alternative in concept.alternatives:
            likes.append(f"{title} LIKE %s")
            args.append("% " + " ".join(alternative) + " %")
        in_title.append("(" + " OR ".join(likes) + ")")
    n = len(in_title)
    all_in_title = f"(CASE WHEN {' AND '.join(in_title)} THEN 1 ELSE 0 END)"
    all_args = list(args)
    share = " + ".join(f"(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in in_title)
    share_args = list(args)
    # Term frequency in the text, saturating: tf / (tf + 1) per concept (its main form), averaged.
    occurrences = [
        f"((LENGTH({body}) - LENGTH(REPLACE({body}, %s, ' '))) / {len(c.main) + 1}.0)" for c in query.concepts
    ]
    frequency = " + ".join(f"({o} / ({o} + 1.0))" for o in occurrences)
    frequency_args: list[object] = []
    for c in query.concepts:
        frequency_args += [f" {c.main} ", f" {c.main} "]
    q_terms = sum(c.longest for c in query.concepts)
    length = "(LENGTH(d.search_title) - LENGTH(REPLACE(d.search_title, ' ', '')) + 1)"
    coverage = f"(CASE WHEN {length} <= {q_terms} THEN 1.0 ELSE {q_terms}.0 / {length} END)"
    if vendor == "postgresql":
        age = "GREATEST(0.0, EXTRACT(EPOCH FROM (%s - d.published_at))::float / 86400.0)"
    else:
        age = "MAX(0.0, julianday(%s) - julianday(d.published_at))"
    parts = [
        f"{W_ALL_IN_TITLE} * {all_in_title}",
        f"{W_EXACT_TITLE} * (CASE WHEN d.search_title = %s THEN 1 ELSE 0 END)",
        f"{W_COVERAGE} * {all_in_title} * {coverage}",
        f"{W_TITLE_SHARE}.0 * ({share}) / {n}",
        f"{W_TEXT_FREQUENCY}.0 * ({frequency}) / {n}",
        f"{W_FRESHNESS}.0 / (1.0 + {age} / {FRESHNESS_DAYS}.0)",
    ]
    part_args: list[object] = [*all_args, query.canonical, *all_args, *share_args, *frequency_args, adapt(now)]
    phrase = query.canonical
    if " " in phrase:
        parts.insert(2, f"{W_TITLE_PHRASE} * (CASE WHEN {title} LIKE %s THEN 1 ELSE 0 END)")
        parts.insert(3, f"{W_TEXT_PHRASE} * (CASE WHEN {body} LIKE %s THEN 1 ELSE 0 END)")
        part_args[len(all_args) + 1 : len(all_args) + 1] = [f"% {phrase} %", f"% {phrase} %"]
    return "(" + " + ".join(parts) + ")", part_args


def score_row(
    query: TextQuery, search_title: str, search_body: str, published_at: datetime.datetime, now: datetime.datetime
) -> float:
    """score_sql's twin in Python, for one projection row: the same features and weights (the search
    engine scores its candidates with it, search.engine; a test checks both agree)."""
    title, body = f" {search_title} ", f" {search_body} "
    in_title = [any(f" {' '.join(a)} " in title for a in c.alternatives) for c in query.concepts]
    n = len(in_title)
    all_in_title = 1 if all(in_title) else 0
    phrase = query.canonical
    q_terms = sum(c.longest for c in query.concepts)
    length = search_title.count(" ") + 1
    coverage = 1.0 if length <= q_terms else q_terms / length
    frequency = 0.0
    for c in query.concepts:
        o = (len(body) - len(body.replace(f" {c.main} ", " "))) / (len(c.main) + 1)
        frequency += o / (o + 1.0)
    if isinstance(published_at, str):
        published_at = datetime.datetime.fromisoformat(published_at)
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=datetime.UTC)
    age = max(0.0, (now - published_at).total_seconds() / 86400.0)
    score = W_ALL_IN_TITLE * all_in_title
    score += W_EXACT_TITLE * (1 if search_title == phrase else 0)
    if " " in phrase:
        score += W_TITLE_PHRASE * (1 if f" {phrase} " in title else 0)
        score += W_TEXT_PHRASE * (1 if f" {phrase} " in body else 0)
    score += W_COVERAGE * all_in_title * coverage
    score += W_TITLE_SHARE * sum(in_title) / n
    score += W_TEXT_FREQUENCY * frequency / n
    return score + W_FRESHNESS / (1.0 + age / FRESHNESS_DAYS)
