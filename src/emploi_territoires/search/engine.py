"""The search engine beside the database: a tantivy index of the projection (`SEARCH_ENGINE = "tantivy"`).

The database stays the source of truth (offers, the projection `OfferDocument`); this module keeps
an inverted index of the projection's rows in SEARCH_INDEX_DIR and answers `search_offers` from it
(search.offers picks the engine; the map's grouped counts stay on the database). The same terms as
the database: the projection's stored stems (search.text) indexed as they are, split on spaces, so
both engines match the same offers, with the same typo corrections (search.vocabulary) and filter
tokens (search.indexing.facets).

Ranking: the same score as the database (search.ranking, every match ranked), exactly. tantivy
cannot run the SQL expression, so it computes an upper bound of it, per tier, inside the index:
each feature is a constant-score clause (exact title 32; title phrase 8 and text phrase 4 from the
pairs of adjacent terms « a_b », true of any phrase; title coverage 4·Q/L from a title-length
token; share of the concepts in the title; term frequency tf/(tf + 1) from tokens « term.k » for
k ≤ tf, capped at TF_MAX where it counts as 1), freshness as the value at the newest end of the
publication period of the offer (a day in the last week, then a week, then four weeks: _periods).
It returns the best candidates by that bound; their exact freshness is read from a fast field,
and the few that can make the page are scored exactly in Python from their projection rows
(ranking.score_row, the SQL expression's twin). When the last candidate's bound is below the
page's last exact score, no offer outside the candidates can enter the page; otherwise more
candidates are taken. Title matches are a first query (they all score above text-only matches),
text-only matches a second one, only when the title matches do not fill the page.

Speed (bench/offers_search.py, 1M offers): a concept « anywhere » is one posting list (field
`all`); the optional clauses of a tier are read only where a sparse driver matches (its least
frequent title term, or text term without filters: _optional), since tantivy's union reads every
posting of its clauses in each block of 4,096 offers it visits; the freshness of a title match is
read from « term@period » tokens of its own title terms; a full build adds the offers in
BUILD_ORDER, so that a radius or a programme visits few blocks.

Index layout: SEARCH_INDEX_DIR/CURRENT names the generation directory in use (a full build writes a
new one and swaps CURRENT atomically); each web worker keeps a reader and reopens it when CURRENT
changes (tantivy reloads it on every commit within a generation). Writes: `sync_offers` (on
`offers.signals.offer_changed`, through search.indexing.index_offer) deletes and re-adds the
offers' documents and commits; one writer at a time (tantivy's lock, waited for up to
WRITER_WAIT_SECONDS). A write that fails marks the index STALE; a missing, stale or unreadable
index makes search_offers use the database, with a log line, until `build_search_index` runs.
"""

from __future__ import annotations

import datetime
import fcntl
import itertools
import logging
import math
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .ranking import FRESHNESS_DAYS, W_FRESHNESS

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "3"
# Term-frequency tokens « term.k » for 2 ≤ k ≤ TF_MAX; from TF_MAX on, tf / (tf + 1) counts as 1.
TF_MAX = 8
# Title-length tokens « xl<L> », L capped here (coverage 4·Q/L bounded by the cap's value).
LENGTH_MAX = 40
# Coverage clauses one title length at a time up to Q + COVERAGE_STEPS (beyond: one upper bound).
COVERAGE_STEPS = 8
WRITER_WAIT_SECONDS = 10.0
BUILD_HEAP = 256_000_000
SYNC_HEAP = 20_000_000
US_PER_DAY = 86_400_000_000
# Freshness buckets: single days for the last week, aligned weeks up to eight weeks, then aligned
# four weeks up to FRESHNESS_HORIZON_DAYS (older offers: one bound); see _periods.
FRESHNESS_HORIZON_DAYS = 420
# Offers dated up to this many days ahead (clocks of several machines) get the newest value.
_AHEAD_DAYS = 2
STALE_FILE = "STALE"
CURRENT_FILE = "CURRENT"
PENDING_FILE = "pending-ids"
BUILD_LOCK = ".build.lock"
# f32 scores: the index's bound may read this much below the real bound.
SCORE_SLACK = 1e-3
MAX_CANDIDATES = 64_000


class EngineUnavailable(Exception):
    """The index is missing, stale or unreadable: search the database instead."""


def enabled() -> bool:
    return getattr(settings, "SEARCH_ENGINE", "database") == "tantivy"


def index_root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


# --- the documents -------------------------------------------------------------------------------


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="words", index_option="position")
    builder.add_text_field("title_raw", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("body", tokenizer_name="words", index_option="position")
    builder.add_text_field("facets", tokenizer_name="words", index_option="basic")
    builder.add_text_field("tf", tokenizer_name="words", index_option="basic")
    # Per title term: « term|L » (the title's length) and « term@<period> » (period_tokens of its
    # publication day), so the coverage and freshness clauses of a title search read postings of
    # the query's own words, not a token every offer has (a union over every offer costs ~10 ms
    # per search at 1M, measured).
    builder.add_text_field("tterm", tokenizer_name="words", index_option="basic")
    # Every term of the title and the text once (a concept « anywhere » is one posting list, not a
    # union of two), the adjacent pairs of terms « a_b » of the title and of the text (a phrase
    # bound is a term lookup, not a positional intersection), and the publication period tokens.
    builder.add_text_field("all", tokenizer_name="words", index_option="basic")
    builder.add_text_field("tpair", tokenizer_name="words", index_option="basic")
    builder.add_text_field("bpair", tokenizer_name="words", index_option="basic")
    builder.add_text_field("age", tokenizer_name="words", index_option="basic")
    builder.add_text_field("commune", tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_integer_field("published", indexed=True, fast=True)
    builder.add_integer_field("salary", indexed=True, fast=True)
    return builder.build()


def _register(index) -> None:
    import tantivy

    index.register_tokenizer("words", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())


# The order a full build adds the offers in, so that offers a filter selects together sit together in
# the index: Petites villes de demain first, then by département and commune. A search reads its
# optional clauses (term frequencies, freshness…) in blocks of 4,096 offers around its matches;
# matches within 30 km of a commune, or in PVD towns, then fill a few blocks instead of touching
# all of them (at 1M offers, p95 of text + 30 km 11.0 → 4.9 ms, PVD + text 9.3 → 3.4 ms). Offers
# added later by sync_offers go to small new segments, which tantivy merges in its own order.
BUILD_ORDER = ("-in_pvd", "departement", "commune_code", "offer_id")

# The projection's columns a document is made of (read by the build and by sync_offers).
DOCUMENT_COLUMNS = (
    "offer_id",
    "search_title",
    "search_body",
    "search_facets",
    "epci",
    "commune_code",
    "published_at",
    "salary_min",
    "salary_max",
)


def occurrences(body: str, term: str) -> int:
    """How many times the SQL score counts `term` in a stored text: non-overlapping « term »
    between spaces, as LENGTH/REPLACE does on the padded text (search.ranking)."""
    padded = f" {body} "
    return (len(padded) - len(padded.replace(f" {term} ", " "))) // (len(term) + 1)


def title_length(search_title: str) -> int:
    """Words of a stored title as the SQL score counts them (spaces + 1)."""
    return search_title.count(" ") + 1


def pairs(stored: str) -> list[str]:
    """The adjacent pairs of terms « a_b » of a stored text (terms are [a-z0-9]: « _ » joins them)."""
    terms = stored.split()
    return [f"{a}_{b}" for a, b in itertools.pairwise(terms)]


# Publication periods: a day « d<n> », an aligned week « w<n // 7> », an aligned four weeks « m<n // 28> »
# (n: days since 1970-01-01, UTC). A freshness bucket is a few of these tokens (see _periods).
WEEK, MONTH = 7, 28


def period_tokens(day: int) -> list[str]:
    return [f"d{day}", f"w{day // WEEK}", f"m{day // MONTH}"]


def micros(value: datetime.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def document(row: tuple):
    """The tantivy document of one projection row (DOCUMENT_COLUMNS)."""
    import tantivy

    offer_id, title, body, facets, epci, commune, published, salary_min, salary_max = row
    if isinstance(published, str):
        published = datetime.datetime.fromisoformat(published)
    tf_tokens = []
    for term, count in Counter(body.split()).items():
        if count >= 2:
            tf = min(occurrences(body, term), TF_MAX)
            tf_tokens += [f"{term}.{k}" for k in range(2, tf + 1)]
    length = min(title_length(title), LENGTH_MAX)
    extra = [f"xl{length}"]
    if epci:
        extra.append(f"xi{epci}")
    top = salary_max if salary_max is not None else salary_min
    published_us = micros(published)
    day = published_us // US_PER_DAY
    title_terms = dict.fromkeys(title.split())
    periods = period_tokens(day)
    tterm = [f"{term}|{length}" for term in title_terms] + [f"{term}@{p}" for term in title_terms for p in periods]
    return tantivy.Document(
        all=" ".join(dict.fromkeys([*title_terms, *body.split()])),
        tpair=" ".join(dict.fromkeys(pairs(title))),
        bpair=" ".join(dict.fromkeys(pairs(body))),
        age=" ".join(periods),
        id=offer_id,
        title=title,
        title_raw=title,
        body=body,
        facets=f"{facets} {' '.join(extra)}",
        tf=" ".join(tf_tokens),
        tterm=" ".join(tterm),
        commune=commune,
        published=published_us,
        salary=top if top is not None else -1,
    )


def _rows(ids: Iterable[int] | None = None) -> Iterable[tuple]:
    from .models import OfferDocument

    if ids is not None:
        documents = OfferDocument.objects.filter(pk__in=list(ids)).order_by("pk")
    else:
        # A full build adds the offers in BUILD_ORDER (see there).
        documents = OfferDocument.objects.order_by(*BUILD_ORDER)
    return documents.values_list(*DOCUMENT_COLUMNS).iterator(chunk_size=5000)


# --- the index on disk ------------------------------------------------------------------------------


def _current_dir(root: Path) -> Path | None:
    try:
        name = (root / CURRENT_FILE).read_text().strip()
    except FileNotFoundError:
        return None
    path = root / name
    return path if name and path.is_dir() else None


def _open(path: Path):
    import tantivy

    if (path / "VERSION").read_text().strip() != SCHEMA_VERSION:
        raise EngineUnavailable(f"index {path} is of another schema version")
    index = tantivy.Index.open(str(path))
    _register(index)
    return index


def build(root: Path | None = None, rows: Iterable[tuple] | None = None) -> int:
    """Index the whole projection into a new generation, then make it current; returns the count.

    Offers changed while it runs (sync_offers writes their ids to PENDING_FILE) are applied to the
    new generation after the swap.
    """
    import tantivy

    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / BUILD_LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        (root / PENDING_FILE).write_text("")
        generation = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        generation.mkdir()
        index = tantivy.Index(_schema(), path=str(generation))
        _register(index)
        writer = index.writer(BUILD_HEAP, 2)
        count = 0
        for row in rows if rows is not None else _rows():
            writer.add_document(document(row))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        (generation / "VERSION").write_text(SCHEMA_VERSION)
        previous = _current_dir(root)
        tmp = root / f"{CURRENT_FILE}.tmp"
        tmp.write_text(generation.name)
        os.replace(tmp, root / CURRENT_FILE)
        (root / STALE_FILE).unlink(missing_ok=True)
        pending = {int(i) for i in (root / PENDING_FILE).read_text().split() if i}
        (root / PENDING_FILE).unlink(missing_ok=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
    # Older generations: readers that still map them keep their files (Linux); the one before stays.
    for old in root.glob("gen-*"):
        if old not in (generation, previous):
            shutil.rmtree(old, ignore_errors=True)
    if pending:
        sync_offers(pending, root)
    _readers.pop(str(root), None)
    return count


def _build_running(root: Path) -> bool:
    with (root / BUILD_LOCK).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def _writer(index):
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    while True:
        try:
            return index.writer(SYNC_HEAP, 1)
        except ValueError as error:
            if "LockBusy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def sync_offers(offer_ids: Iterable[int], root: Path | None = None) -> None:
    """Make the index hold the projection's current rows for these offers (none: deleted).

    Never raises: a failure is logged and marks the index STALE (searches use the database until
    the next build_search_index).
    """
    root = root or index_root()
    ids = sorted(set(offer_ids))
    if not ids:
        return
    path = _current_dir(root)
    if path is None:
        return  # no index yet: the build will read the projection
    try:
        if _build_running(root):
            with (root / PENDING_FILE).open("a") as pending:
                pending.write(" ".join(map(str, ids)) + "\n")
        index = _open(path)
        rows = {row[0]: row for row in _rows(ids)}
        writer = _writer(index)
        try:
            for offer_id in ids:
                writer.delete_documents_by_term("id", offer_id)
                if offer_id in rows:
                    writer.add_document(document(rows[offer_id]))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        reader = _readers.get(str(root))
        if reader is not None and reader.path == path:
            reader.index.reload()
    except Exception:
        logger.exception("search index: could not update offers %s; index marked stale", ids[:20])
        try:
            (root / STALE_FILE).write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
        except OSError:
            logger.exception("search index: could not mark %s stale", root)


@dataclass
class _Reader:
    path: Path
    index: object
    checked: float
    stamp: tuple


_readers: dict[str, _Reader] = {}
_readers_lock = threading.Lock()


def _stamp(root: Path) -> tuple:
    try:
        current = (root / CURRENT_FILE).stat()
    except FileNotFoundError as error:
        raise EngineUnavailable(f"no search index in {root} (run build_search_index)") from error
    stale = (root / STALE_FILE).exists()
    return (current.st_mtime_ns, current.st_ino, stale)


def reader():
    """The current index of this process (reopened when a build swapped generations)."""
    root = index_root()
    key = str(root)
    stamp = _stamp(root)
    if stamp[2]:
        raise EngineUnavailable(f"search index {root} is marked stale (run build_search_index)")
    cached = _readers.get(key)
    if cached is not None and cached.stamp == stamp:
        return cached.index
    with _readers_lock:
        path = _current_dir(root)
        if path is None:
            raise EngineUnavailable(f"no search index in {root} (run build_search_index)")
        index = _open(path)
        _readers[key] = _Reader(path, index, time.monotonic(), stamp)
        return index


def reset_readers() -> None:
    _readers.clear()


# --- searching -------------------------------------------------------------------------------------


def _freshness(age_days: float) -> float:
    return W_FRESHNESS / (1.0 + max(0.0, age_days) / FRESHNESS_DAYS)


@dataclass
class Candidates:
    """What the engine found: offer ids in order (exactly ranked), and the capped total."""

    ids: list[int]
    total: int


class Searcher:
    """One search against the index (see the module docstring for how it ranks)."""

    def __init__(self, index, now: datetime.datetime) -> None:
        import tantivy

        self.t = tantivy
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.now = now
        self.now_us = micros(now)

    # -- building blocks

    def _words(self, field: str, words: tuple[str, ...]):
        if len(words) == 1:
            return self.t.Query.term_query(self.schema, field, words[0])
        return self.t.Query.phrase_query(self.schema, field, list(words))

    def _any(self, queries: list):
        if len(queries) == 1:
            return queries[0]
        return self.t.Query.boolean_query([(self.t.Occur.Should, q) for q in queries])

    def _terms(self, field: str, tokens: list[str]):
        """Any of these tokens, as a union of term queries (TermSetQuery fills a bitset of every
        document per segment: ~0.5 ms each at 1M, where a union of a few sparse terms costs µs)."""
        queries = [self.t.Query.term_query(self.schema, field, token) for token in tokens]
        return self._any(queries)

    def _const(self, query, value: float):
        return self.t.Query.const_score_query(query, float(value))

    def in_title(self, concept):
        return self._any([self._words("title", a) for a in concept.alternatives])

    def anywhere(self, concept):
        queries = []
        for alternative in concept.alternatives:
            if len(alternative) == 1:
                queries.append(self.t.Query.term_query(self.schema, "all", alternative[0]))
            else:
                queries += [self._words("title", alternative), self._words("body", alternative)]
        return self._any(queries)

    def _pairs(self, field: str, words: list[str]):
        """Every adjacent pair of `words` in `field` (tpair, bpair): true of any text holding them as a
        phrase, so an upper bound of the phrase feature (the exact one is checked by score_row)."""
        tokens = list(dict.fromkeys(pairs(" ".join(words))))
        queries = [self.t.Query.term_query(self.schema, field, token) for token in tokens]
        if len(queries) == 1:
            return queries[0]
        return self.t.Query.boolean_query([(self.t.Occur.Must, q) for q in queries])

    def _optional(self, query, value: float, driver=None):
        """A should-clause worth `value`; with a `driver` (a required clause matching few offers), only
        evaluated where the driver matches: a union reads every posting of its clauses in each
        block of 4,096 offers it visits, which costs milliseconds when a dense clause (« projet »
        in the text) rides along a sparse search (« chef de projet » within 30 km)."""
        t = self.t
        if driver is not None:
            query = t.Query.boolean_query([(t.Occur.Must, driver), (t.Occur.Must, query)])
        return (t.Occur.Should, self._const(query, value))

    def filters(self, q, params) -> list:
        """Must-clauses (score 0) of every filter: the platform's filter tokens, and the columns."""
        t = self.t
        clauses = []
        for group in q.facet_groups:
            query = (
                t.Query.term_query(self.schema, "facets", group[0])
                if len(group) == 1
                else t.Query.term_set_query(self.schema, "facets", group)
            )
            clauses.append(query)
        if params.epci:
            clauses.append(t.Query.term_query(self.schema, "facets", f"xi{params.epci}"))
        if params.salary_min:
            clauses.append(t.Query.range_query(self.schema, "salary", t.FieldType.Integer, params.salary_min, None))
        if params.published_since_days:
            since = self.now - datetime.timedelta(days=params.published_since_days)
            clauses.append(t.Query.range_query(self.schema, "published", t.FieldType.Integer, micros(since), None))
        return [(t.Occur.Must, self._const(c, 0.0)) for c in clauses]

    def _freshness_clauses(
        self, pivots: list[str] | None = None, driver=None
    ) -> tuple[list, float, list[tuple[int, int, float]]]:
        """Should-clauses worth the freshness at the newest end of each period, above the bound
        of every older offer; (clauses, that base, the periods with their values, newest first).
        With `pivots` (title terms every match has), on their « term@period » tokens; else on the
        offer's own period tokens."""
        t = self.t
        today = self.now_us // US_PER_DAY
        periods = _periods(today)
        oldest = periods[-1][0]
        base = _freshness((self.now_us - oldest * US_PER_DAY) / US_PER_DAY)
        # Offers dated a little after today (clock skew between machines): the highest value, 1 - base.
        ahead = [(day, day, f"d{day}") for day in range(today + 1, today + _AHEAD_DAYS + 1)]
        clauses, buckets = [], []
        for first, last, token in ahead + periods:
            value = _freshness((self.now_us - (last + 1) * US_PER_DAY) / US_PER_DAY) - base
            value = 1.0 - base if first > today else value
            if pivots:
                clauses.append(self._optional(self._terms("tterm", [f"{p}@{token}" for p in pivots]), value))
            else:
                clauses.append(self._optional(t.Query.term_query(self.schema, "age", token), value, driver))
            buckets.append((first, last, value))
        return clauses, base, buckets

    def _frequency_clauses(self, concepts, driver=None) -> list:
        from .ranking import W_TEXT_FREQUENCY

        t = self.t
        n = len(concepts)
        clauses = []
        for concept in concepts:
            main = concept.main
            clauses.append(
                self._optional(t.Query.term_query(self.schema, "body", main), W_TEXT_FREQUENCY / n / 2, driver)
            )
            for k in range(2, TF_MAX + 1):
                gain = (1.0 if k == TF_MAX else k / (k + 1)) - (k - 1) / k
                token = t.Query.term_query(self.schema, "tf", f"{main}.{k}")
                clauses.append(self._optional(token, W_TEXT_FREQUENCY / n * gain, driver))
        return clauses

    def _title_tier(self, text, filters, driver=None) -> tuple[list, float]:
        """Every concept in the title: (clauses, constant part of the score)."""
        from .ranking import (
            W_ALL_IN_TITLE,
            W_COVERAGE,
            W_EXACT_TITLE,
            W_TEXT_PHRASE,
            W_TITLE_PHRASE,
            W_TITLE_SHARE,
        )

        t = self.t
        clauses = [*filters, *((t.Occur.Must, self._const(self.in_title(c), 0.0)) for c in text.concepts)]
        canonical = text.canonical
        clauses.append(self._optional(t.Query.term_query(self.schema, "title_raw", canonical), W_EXACT_TITLE))
        words = canonical.split()
        if len(words) > 1:
            clauses.append(self._optional(self._pairs("tpair", words), W_TITLE_PHRASE))
            clauses.append(self._optional(self._pairs("bpair", words), W_TEXT_PHRASE, driver))
        # Coverage 4·min(1, Q/L) on the pivot's « term|L » tokens: one clause per length up to
        # COVERAGE_STEPS past Q, then one for the longer titles at the value of the shortest of them.
        q_terms = sum(c.longest for c in text.concepts)
        pivots = self.pivots(text)
        groups = [(range(1, min(q_terms, LENGTH_MAX) + 1), float(W_COVERAGE))]
        last = min(q_terms + COVERAGE_STEPS, LENGTH_MAX)
        groups += [
            (range(length, length + 1), W_COVERAGE * q_terms / length) for length in range(q_terms + 1, last + 1)
        ]
        if last < LENGTH_MAX:
            groups.append((range(last + 1, LENGTH_MAX + 1), W_COVERAGE * q_terms / (last + 1)))
        for lengths, value in groups:
            tokens = [f"{p}|{length}" for p in pivots for length in lengths]
            clauses.append(self._optional(self._terms("tterm", tokens), value))
        clauses += self._frequency_clauses(text.concepts, driver)
        return clauses, float(W_ALL_IN_TITLE + W_TITLE_SHARE)

    def pivots(self, text) -> list[str]:
        """Title terms one of which every title match has: the first word of each alternative of the
        concept whose first words are in the fewest titles."""
        return _first_words(self.fewest(text, "title"))

    def fewest(self, text, field: str):
        """The concept whose first words are in the fewest offers' `field` (title, or all: title or text)."""
        return min(text.concepts, key=lambda c: sum(self.searcher.doc_freq(field, w) for w in _first_words(c)))

    def _text_tier(self, text, filters, driver=None) -> tuple[list, float]:
        """Every concept somewhere, not all in the title."""
        from .ranking import W_TEXT_PHRASE, W_TITLE_SHARE

        t = self.t
        n = len(text.concepts)
        clauses = [*filters, *((t.Occur.Must, self._const(self.anywhere(c), 0.0)) for c in text.concepts)]
        all_in_title = t.Query.boolean_query([(t.Occur.Must, self.in_title(c)) for c in text.concepts])
        clauses.append((t.Occur.MustNot, all_in_title))
        words = text.canonical.split()
        if len(words) > 1:
            clauses.append(self._optional(self._pairs("bpair", words), W_TEXT_PHRASE, driver))
        for concept in text.concepts:
            clauses.append(self._optional(self.in_title(concept), W_TITLE_SHARE / n, driver))
        clauses += self._frequency_clauses(text.concepts, driver)
        return clauses, 0.0

    def matching(self, q, params):
        """Every match of the text (each concept in the title or the text) and the filters."""
        t = self.t
        clauses = self.filters(q, params)
        if q.words:
            clauses += [(t.Occur.Must, self._const(self.anywhere(c), 0.0)) for c in q.text.concepts]
        return t.Query.boolean_query(clauses) if clauses else t.Query.all_query()

    def per_commune(self, query) -> dict[str, int]:
        """{INSEE code: matching offers} (exact: one aggregation over every match)."""
        counts = self.searcher.aggregate(query, {"c": {"terms": {"field": "commune", "size": 100_000}}})
        return {bucket["key"]: bucket["doc_count"] for bucket in counts["c"]["buckets"]}

    def count(self, query) -> int:
        return self.searcher.search(query, 1, count=True).count

    # -- the orders

    def ranked(self, q, params, need: int, read_rows: Callable[[list[int]], dict]) -> Candidates:
        """The `need` best matches by search.ranking's score, exactly (see the module docstring)."""
        from .offers import COUNT_CAP

        t = self.t
        filters = self.filters(q, params)
        pivots = self.pivots(q.text)
        fresh, base, buckets = self._freshness_clauses(pivots)
        title_clauses, title_constant = self._title_tier(q.text, filters, self._terms("title", pivots))
        title_query = t.Query.boolean_query(title_clauses + fresh)
        ranked, title_count = self._best(title_query, title_constant + base, buckets, base, need, q.text, read_rows)
        if len(ranked) >= need:
            if title_count > COUNT_CAP:
                return Candidates(ranked, title_count)  # shown as « plus de 10 000 »
            return Candidates(ranked, self.count(self.matching(q, params)))
        # Without filters, the text's least frequent concept drives the optional clauses.
        driver = None if filters else self.anywhere(self.fewest(q.text, "all"))
        text_clauses, text_constant = self._text_tier(q.text, filters, driver)
        fresh, base, buckets = self._freshness_clauses(None, driver)
        text_query = t.Query.boolean_query(text_clauses + fresh)
        more, text_count = self._best(
            text_query, text_constant + base, buckets, base, need - len(ranked), q.text, read_rows
        )
        return Candidates(ranked + more, title_count + text_count)

    def _best(self, query, offset_score, buckets, base, need, text, read_rows) -> tuple[list[int], int]:
        """The `need` best offers of one tier: candidates by the index's bound, refined with the
        exact freshness, the few that can make it scored exactly from their rows; more candidates
        while an offer outside them could still score above the page's last one."""
        from .ranking import score_row

        fetch = max(need + 20, 2 * need)
        while True:
            result = self.searcher.search(query, fetch, count=True)
            hits = result.hits
            if not hits:
                return [], result.count
            addresses = [address for _, address in hits]
            published = self.searcher.fast_field_values("published", addresses)
            ids = self.searcher.fast_field_values("id", addresses)
            # Bound without the bucket's freshness, plus the exact freshness: within SCORE_SLACK.
            refined = []
            for (score, _), offer_id, pub in zip(hits, ids, published, strict=True):
                day = pub // US_PER_DAY
                bucket = next((v for lo, hi, v in buckets if lo <= day <= hi), 0.0)
                age = (self.now_us - pub) / US_PER_DAY
                refined.append((score + offset_score - bucket - base + _freshness(age), offer_id))
            refined.sort(reverse=True)
            cut = refined[min(need, len(refined)) - 1][0] - 2 * SCORE_SLACK
            chosen = [offer_id for value, offer_id in refined if value >= cut]
            rows = read_rows(chosen)
            exact = sorted(
                (
                    (
                        -score_row(text, rows[i][0], rows[i][1], rows[i][2], self.now),
                        -micros(_aware(rows[i][2])),
                        -i,
                    )
                    for i in chosen
                    if i in rows
                ),
            )
            page = [-key[2] for key in exact[:need]]
            if result.count <= fetch:
                return page, result.count  # every match was a candidate
            last_bound = hits[-1][0] + offset_score
            if len(exact) >= need and -exact[need - 1][0] > last_bound + SCORE_SLACK:
                return page, result.count  # nothing outside the candidates can score above the page
            if fetch >= MAX_CANDIDATES:
                logger.warning("search engine: ranking stopped at %s candidates (%s matches)", fetch, result.count)
                return page, result.count
            fetch = min(fetch * 4, MAX_CANDIDATES)

    def by_date(self, q, params, need: int, text_query) -> Candidates:
        query = self.matching(q, params)
        # A few more than needed: offers published the same microsecond are ordered by id, as in SQL.
        result = self.searcher.search(query, need + 10, count=True, order_by_field="published")
        addresses = [address for _, address in result.hits]
        ids = self.searcher.fast_field_values("id", addresses) if addresses else []
        order = sorted(zip((k for k, _ in result.hits), ids, strict=True), reverse=True)
        return Candidates([i for _, i in order[:need]], result.count)

    def by_distance(self, q, params, need: int, text_query, positions: dict[str, tuple[float, float]]) -> Candidates:
        """Nearest first (the database's equirectangular order, then newest): offers per commune of
        the radius, counted in one aggregation, then read commune by commune until `need`."""
        t = self.t
        query = self.matching(q, params)
        clauses = [(t.Occur.Must, self._const(query, 0.0))]
        per_commune = self.per_commune(query)
        total = sum(per_commune.values())
        origin = params.commune
        k = math.cos(math.radians(origin.latitude or 0.0)) ** 2

        def distance(code: str) -> float:
            lat, lon = positions.get(code, (None, None))
            if lat is None:
                return math.inf
            return (lat - origin.latitude) ** 2 + (lon - origin.longitude) ** 2 * k

        ordered = sorted(per_commune, key=lambda c: (distance(c), c))
        found: list[tuple[float, int, int]] = []
        taken = 0
        index = 0
        while index < len(ordered) and taken < need:
            # Communes at the same distance (same position) form one group, merged by date.
            group = [ordered[index]]
            while index + len(group) < len(ordered) and distance(ordered[index + len(group)]) == distance(group[0]):
                group.append(ordered[index + len(group)])
            index += len(group)
            in_group = sum(per_commune[c] for c in group)
            limit = min(in_group, need - taken)
            group_query = t.Query.boolean_query(
                [*clauses, (t.Occur.Must, self._const(t.Query.term_set_query(self.schema, "commune", group), 0.0))]
            )
            result = self.searcher.search(group_query, limit + 10, order_by_field="published")
            addresses = [address for _, address in result.hits]
            ids = self.searcher.fast_field_values("id", addresses)
            rows = sorted(zip((key for key, _ in result.hits), ids, strict=True), reverse=True)[:limit]
            found += [(distance(group[0]), -published, -offer_id) for published, offer_id in rows]
            taken += len(rows)
        found.sort()
        return Candidates([-i for _, _, i in found[:need]], total)


def _first_words(concept) -> list[str]:
    return list(dict.fromkeys(alternative[0] for alternative in concept.alternatives))


def _periods(today: int) -> list[tuple[int, int, str]]:
    """(first day, last day, period token) from today back past FRESHNESS_HORIZON_DAYS, newest first:
    days for the last week, then whole aligned weeks (days until the next one starts), then from
    eight weeks whole aligned four weeks (weeks and days until the next one starts)."""
    periods: list[tuple[int, int, str]] = []
    day = today
    while day > today - FRESHNESS_HORIZON_DAYS:
        age = today - day
        if age >= 8 * WEEK and day % MONTH == MONTH - 1:
            periods.append((day - MONTH + 1, day, f"m{day // MONTH}"))
            day -= MONTH
        elif age >= WEEK and day % WEEK == WEEK - 1:
            periods.append((day - WEEK + 1, day, f"w{day // WEEK}"))
            day -= WEEK
        else:
            periods.append((day, day, f"d{day}"))
            day -= 1
    return periods


def _aware(value) -> datetime.datetime:
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value
