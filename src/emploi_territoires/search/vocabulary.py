"""Typo tolerance for the offer search: query words corrected against the indexed vocabulary.

The vocabulary is the set of stemmed terms of the offers' titles and texts, with how many offers
hold each, read from the full-text index itself: FTS5's `fts5vocab` on SQLite, `ts_stat` over the
weighted (title A, text B) lexemes on PostgreSQL. Both indexes hold the same terms (the projection
stores search.text's stems on both databases), so a correction is the same on both.

A query word whose stem is in the vocabulary is kept as typed, even when rare. Otherwise it also
matches the terms at the smallest Damerau-Levenshtein distance (1 for words of 4 to 7
letters, up to 2 from 8 letters; shorter words are never corrected), the most frequent first, at
most MAX_CORRECTIONS of them (any of which matches). Candidates come from a deletion index
(SymSpell: every term with one letter removed), built once per vocabulary: a lookup costs a few
dictionary probes, not a pass over the vocabulary.

The vocabulary is cached in the process. When reading it was quick (a small projection: the demo,
tests), it is read again at the next search after this process indexed an offer (`invalidate`)
and at least every QUICK_RELOAD_SECONDS (another process, the task worker, may have indexed some).
Above LIVE_READ_MAX_DOCUMENTS offers it is never read inside a request (ts_stat reads every vector:
60 s at 1M offers on PostgreSQL, measured by bench/offers_search.py; fts5vocab 4 s at 200,000): a
thread of the process reads it, at most every RELOAD_SECONDS, and meanwhile words are searched as
typed (or with the previous vocabulary). A stale vocabulary never hides an offer: the word as typed
stays one of the alternatives searched (search.ranking), a correction only adds the likely
intended terms. A table refreshed by a task would spare each process this read; not built.
"""

# SQL built from constant table names only.
# ruff: noqa: S608

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db import connection

from .fulltext import DOC_TABLE, FTS_TABLE

MAX_CORRECTIONS = 2
RELOAD_SECONDS = 3600
QUICK_RELOAD_SECONDS = 60
# Above this many indexed offers, the vocabulary is read in a background thread, never in a request.
LIVE_READ_MAX_DOCUMENTS = 20_000
QUICK_LOAD_SECONDS = 0.05
_VOCAB_TABLE = "search_offer_vocab"


@dataclass
class Vocabulary:
    frequencies: dict[str, int]
    _deletions: dict[str, list[str]] | None = field(default=None, repr=False)

    def __contains__(self, term: str) -> bool:
        return term in self.frequencies

    def _deletion_index(self) -> dict[str, list[str]]:
        if self._deletions is None:
            index: dict[str, list[str]] = {}
            for term in self.frequencies:
                if len(term) < 3 or term.isdigit():
                    continue
                for variant in {term, *_deletes(term)}:
                    index.setdefault(variant, []).append(term)
            self._deletions = index
        return self._deletions

    def corrections(self, term: str) -> list[str]:
        """The indexed terms this (absent) term was most likely meant to be, best first."""
        if len(term) < 4 or term.isdigit() or term in self.frequencies:
            return []
        limit = 1 if len(term) < 8 else 2
        index = self._deletion_index()
        candidates: set[str] = set()
        for variant in {term, *_deletes(term)}:
            candidates.update(index.get(variant, ()))
        scored = []
        for candidate in candidates:
            distance = damerau_levenshtein(term, candidate, limit)
            if distance <= limit:
                scored.append((distance, -self.frequencies[candidate], candidate))
        if not scored:
            return []
        best = min(s[0] for s in scored)
        return [c for d, _, c in sorted(scored) if d == best][:MAX_CORRECTIONS]


def _deletes(term: str) -> list[str]:
    return [term[:i] + term[i + 1 :] for i in range(len(term))]


def damerau_levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (transpositions count 1), or limit + 1 when above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- reading the vocabulary from the index -----------------------------------------------------------

_cache: dict[str, object] = {}
_lock = threading.Lock()
_generation = [0]


def invalidate() -> None:
    """The projection changed: read the vocabulary again (see the module docstring for when)."""
    _generation[0] += 1


def _read(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # Title (A) and text (B) lexemes only: filter tokens carry no weight (D).
            cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM {DOC_TABLE}', 'AB')")
        else:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_VOCAB_TABLE} USING fts5vocab(main, {FTS_TABLE}, 'col')"
            )
            cursor.execute(
                f"SELECT term, MAX(doc) FROM temp.{_VOCAB_TABLE} WHERE col IN ('search_title', 'search_body') "
                "GROUP BY term"
            )
        return dict(cursor.fetchall())


def _is_large() -> bool:
    """More than LIVE_READ_MAX_DOCUMENTS offers indexed (a bounded count: cheap at any size)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {DOC_TABLE} LIMIT {LIVE_READ_MAX_DOCUMENTS + 1}) s")
        return cursor.fetchone()[0] > LIVE_READ_MAX_DOCUMENTS


_loading: set[str] = set()


def _load_in_background(key: str, alias: str) -> None:
    """Read a large vocabulary on the thread's own connection; searches meanwhile go uncorrected."""

    def run() -> None:
        from django.db import connections

        try:
            started = time.monotonic()
            generation = _generation[0]
            vocab = Vocabulary(_read(connections[alias]))
            with _lock:
                _cache[key] = (vocab, generation, started, time.monotonic() - started)
        finally:
            connections[alias].close()
            with _lock:
                _loading.discard(key)

    with _lock:
        if key in _loading:
            return
        _loading.add(key)
    threading.Thread(target=run, name=f"search-vocabulary-{alias}", daemon=True).start()


def vocabulary() -> Vocabulary:
    key = connection.alias + ":" + str(connection.settings_dict.get("NAME"))
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            vocab, generation, loaded_at, cost = cached  # type: ignore[misc]
            age = now - loaded_at
            if cost <= QUICK_LOAD_SECONDS:
                # Another process may have indexed offers: re-read a quick vocabulary every minute too.
                keep = generation == _generation[0] and age < QUICK_RELOAD_SECONDS
            else:
                keep = age < RELOAD_SECONDS
            if keep:
                return vocab
    if _is_large():
        # Never inside a request at national scale (ts_stat: 60 s at 1M offers): a thread reads it,
        # and until then the words are searched as typed (the previous vocabulary if there is one).
        _load_in_background(key, connection.alias)
        return cached[0] if cached is not None else Vocabulary({})  # type: ignore[index]
    started = time.monotonic()
    generation = _generation[0]
    vocab = Vocabulary(_read(connection))
    with _lock:
        _cache[key] = (vocab, generation, now, time.monotonic() - started)
    return vocab
