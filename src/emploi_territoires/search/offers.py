"""The one offer search: `search_offers(params)`, used by the board, the feeds, the API and the benchmark.

It reads only the projection (`OfferDocument`) and its full-text index, and stays fast at 1M
offers by avoiding what makes the naive way slow on broad words ("chef", "responsable"):
- relevance is the default order of a text search and ranks EVERY match (search.ranking: title
  matches above text matches, the exact title first, phrases, coverage, freshness; the same SQL
  expression on both databases). Title matches are read first through the index's title field:
  when they fill the page, text-only matches are not scored at all (they all score below).
- the total is exact only up to COUNT_CAP ("plus de 10 000 offres").
- filters live in the full-text index as tokens (search.indexing.facets), so text + filters is
  one index lookup: an FTS5 MATCH on SQLite, one GIN scan on PostgreSQL, where the intersection
  happens inside the index and a combination that matches nothing costs nothing.
- PostgreSQL finds the most recent matches in the last weeks first (week tokens), reads full
  rows for the shown page only, and counts from an exact bitmap (see _PG_SEARCH_SETTINGS).
- SQLite takes its candidates in FTS5's rowid order (indexing order, free to walk).
A radius is the set of communes within it (search.geo): tokens in the index, or on PostgreSQL an
indexed `commune_code = ANY(...)` when the set is large. Only the first MAX_BROWSABLE results
can be paged through, whatever the order; beyond, the board asks to narrow the search.
"""

# SQL is assembled from constant identifiers and placeholders only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import enum
import json
import logging
import math
import time
from dataclasses import dataclass, field, replace

from django.db import connection
from django.utils import timezone

from emploi_territoires.offers.models import ContractType, Remote
from emploi_territoires.territories.geodesy import haversine_km
from emploi_territoires.territories.models import Commune

from . import engine, fulltext, ranking, text
from .geo import communes_within, positions
from .indexing import SALARY_FACETS, SALARY_STEP, day_token, facet

PAGE_SIZE = 20
MAX_LIMIT = 100
COUNT_CAP = 10_000
MAX_BROWSABLE = 1_000
# Relevance used to rank only the 300 most recent matches; it ranks them all now (search.ranking).
# Kept for bench/offers_search.py, which prints it.
RANK_CANDIDATES = MAX_BROWSABLE
MAX_RADIUS_KM = 200
PG_MAX_COMMUNE_TOKENS = 40
logger = logging.getLogger(__name__)


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"
    DISTANCE = "distance"


class SearchProgramme(enum.StrEnum):
    """The programmes an offer can be searched by (its commune's flags)."""

    ACV = "acv"
    PVD = "pvd"
    TI = "ti"
    QPV = "qpv"


PROGRAMME_LABELS = {
    SearchProgramme.ACV: "Action cœur de ville",
    SearchProgramme.PVD: "Petites villes de demain",
    SearchProgramme.TI: "Territoires d'industrie",
    SearchProgramme.QPV: "Quartier prioritaire (QPV)",
}
PROGRAMME_SHORT = {SearchProgramme.ACV: "ACV", SearchProgramme.PVD: "PVD", SearchProgramme.TI: "TI"}
PROGRAMME_SHORT[SearchProgramme.QPV] = "QPV"


class Employer(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


@dataclass(frozen=True)
class OfferSearchParams:
    """A validated search (see search.params for turning a query string into one).

    `remote`: "" any, "partial" partial or full remote, "full" full remote only.
    `commune` is the origin of the radius (and of the distance sort); without `radius_km` it
    filters on the commune itself.
    """

    text: str = ""
    contract_types: tuple[str, ...] = ()
    programme: str = ""
    region: str = ""
    departement: str = ""
    epci: str = ""  # SIREN of the intercommunality
    commune: Commune | None = None
    radius_km: int | None = None
    remote: str = ""
    salary_min: int | None = None
    published_since_days: int | None = None
    employer: str = ""
    # Civil service (issue 18): catégories "A"/"B"/"C", versants (PublicServiceBranch values),
    # open to non-civil servants (see search.indexing.open_to_contractuels).
    public_categories: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    contractuels: bool = False
    sort: str = ""
    offset: int = 0
    limit: int = PAGE_SIZE

    @property
    def words(self) -> list[str]:
        return text.query_words(self.text)

    @property
    def effective_sort(self) -> Sort:
        """The sort asked for, or the natural one: relevance for a text, else distance around a
        commune with a radius, else most recent first."""
        if self.sort == Sort.RELEVANCE and self.words:
            return Sort.RELEVANCE
        if self.sort == Sort.DISTANCE and self._has_origin:
            return Sort.DISTANCE
        if self.sort == Sort.DATE:
            return Sort.DATE
        if self.words:
            return Sort.RELEVANCE
        if self._has_origin and self.radius_km:
            return Sort.DISTANCE
        return Sort.DATE

    @property
    def _has_origin(self) -> bool:
        return self.commune is not None and self.commune.has_coordinates


@dataclass
class OfferHit:
    offer_id: int
    reference: str
    title: str
    employer_name: str
    is_public_employer: bool
    contract_type: str
    remote: str
    salary_min: int | None
    salary_max: int | None
    published_at: datetime.datetime
    closing_date: datetime.date | None
    commune_code: str
    commune_name: str
    postcode: str
    departement: str
    region: str
    in_acv: bool
    in_pvd: bool
    in_ti: bool
    in_qpv: bool
    latitude: float | None
    longitude: float | None
    score: float | None = None
    distance_km: float | None = None

    @property
    def contract_label(self) -> str:
        try:
            return ContractType(self.contract_type).label
        except ValueError:
            return self.contract_type

    @property
    def remote_label(self) -> str:
        try:
            return Remote(self.remote).label
        except ValueError:
            return ""

    @property
    def programmes(self) -> list[SearchProgramme]:
        return [p for p in SearchProgramme if getattr(self, f"in_{p.value}")]

    @property
    def programme_badges(self) -> list[tuple[str, str]]:
        return [(PROGRAMME_SHORT[p], PROGRAMME_LABELS[p]) for p in self.programmes]

    @property
    def is_vta(self) -> bool:
        return self.contract_type == ContractType.VTA

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("offers:detail", args=[self.reference])


@dataclass
class OfferSearchResult:
    params: OfferSearchParams
    hits: list[OfferHit] = field(default_factory=list)
    total: int = 0  # exact when not capped, else COUNT_CAP + 1
    sort: Sort = Sort.DATE
    corrected: str = ""  # the text as corrected for typos ("chef de projet" for "chef de projt"), else ""

    @property
    def is_capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def browsable(self) -> int:
        """How many results can be paged through, whatever the order."""
        return MAX_BROWSABLE

    @property
    def browsable_total(self) -> int:
        return min(self.total, self.browsable)

    @property
    def has_more_than_browsable(self) -> bool:
        return self.total > self.browsable


_COLUMNS = (
    "offer_id",
    "reference",
    "title",
    "employer_name",
    "is_public_employer",
    "contract_type",
    "remote",
    "salary_min",
    "salary_max",
    "published_at",
    "closing_date",
    "commune_code",
    "commune_name",
    "postcode",
    "departement",
    "region",
    "in_acv",
    "in_pvd",
    "in_ti",
    "in_qpv",
    "latitude",
    "longitude",
)
_TABLE = "search_offerdocument"
_FTS = "search_offer_fts"


class _Query:
    """One search as SQL: WHERE fragments on the projection's columns (always bound parameters),
    and on SQLite the FTS5 MATCH expression carrying the text and every filter it can hold."""

    def __init__(self, params: OfferSearchParams, vendor: str) -> None:
        self.vendor = vendor
        self.words = params.words
        # The text as concepts (acronyms expanded, typos corrected against the index's vocabulary).
        self.text = ranking.text_query(params.text) if self.words else ranking.TextQuery(())
        self.distances: dict[str, float] | None = None
        # Column filters (PostgreSQL always; SQLite when no MATCH drives the query).
        self.where: list[str] = []
        self.args: list[object] = []
        # Filter tokens, one OR-group per filter (ANDed), answered inside the full-text index
        # (FTS5 MATCH on SQLite, the tsquery on PostgreSQL); then the filters it cannot answer.
        self.facet_groups: list[list[str]] = []
        self.text_match: str = ""
        self.residual: list[str] = []
        self.residual_args: list[object] = []
        self._build(params)

    # -- building ---------------------------------------------------------------------------

    def _column(self, sql: str, *args: object, facetable: bool = True) -> None:
        self.where.append(sql)
        self.args.extend(args)
        if not facetable:
            self.residual.append(sql)
            self.residual_args.extend(args)

    def _in(self, column: str, values: list[object]) -> None:
        if self.vendor == "postgresql":
            self._column(f"{column} = ANY(%s)", values)
        else:
            self._column(f"{column} IN ({', '.join(['%s'] * len(values))})", *values)

    def _facets(self, kind: str, values: list[object]) -> None:
        self.facet_groups.append([facet(kind, v) for v in values])

    def _build(self, params: OfferSearchParams) -> None:
        if self.words and self.vendor != "postgresql":
            self.text_match = self.text.fts5()
        if params.contract_types:
            self._in("d.contract_type", list(params.contract_types))
            self._facets("t", list(params.contract_types))
        if params.programme:
            programme = SearchProgramme(params.programme).value
            self._column(f"d.in_{programme} = %s", True)
            self._facets("p", [programme])
        if params.region:
            self._column("d.region = %s", params.region)
            self._facets("r", [params.region])
        if params.departement:
            self._column("d.departement = %s", params.departement)
            self._facets("d", [params.departement])
        if params.epci:
            # A column filter (indexed with the date), not a full-text token: documents indexed before
            # the filter existed carry no EPCI token, and the column is always there.
            self._column("d.epci = %s", params.epci, facetable=False)
        if params.commune is not None:
            if params.radius_km and params.commune.has_coordinates:
                self.distances = communes_within(
                    params.commune.latitude,  # type: ignore[arg-type]
                    params.commune.longitude,  # type: ignore[arg-type]
                    params.radius_km,
                )
                codes: list[object] = list(self.distances) or [""]
            else:
                codes = [params.commune.code]
            if self.vendor == "postgresql" and len(codes) > PG_MAX_COMMUNE_TOKENS:
                # Hundreds of OR-ed tokens cost the GIN scan ~30 µs each; the commune index's
                # bitmap is cheaper to AND with the text's.
                self._column("d.commune_code = ANY(%s)", codes, facetable=False)
            else:
                self._in("d.commune_code", codes)
                self._facets("c", codes)
        if params.remote:
            remotes = [Remote.FULL.value] if params.remote == Remote.FULL else [Remote.PARTIAL.value, Remote.FULL.value]
            self._in("d.remote", remotes)  # type: ignore[arg-type]
            self._facets("w", remotes)  # type: ignore[arg-type]
        if params.salary_min:
            # The top of the offer's range reaches what the candidate asks for.
            exact = params.salary_min % SALARY_STEP == 0 and params.salary_min in SALARY_FACETS
            self._column("COALESCE(d.salary_max, d.salary_min) >= %s", params.salary_min, facetable=False)
            if exact:
                self.residual.pop()
                self.residual_args.pop()
            floor = max((s for s in SALARY_FACETS if s <= params.salary_min), default=None)
            if floor is not None:
                self._facets("s", [floor // 1000])
        if params.published_since_days:
            since = timezone.now() - datetime.timedelta(days=params.published_since_days)
            self._column("d.published_at >= %s", connection.ops.adapt_datetimefield_value(since), facetable=False)
        if params.employer:
            self._column("d.is_public_employer = %s", params.employer == Employer.PUBLIC)
            self._facets("e", ["pub" if params.employer == Employer.PUBLIC else "priv"])
        if params.public_categories:
            self._in("d.public_category", list(params.public_categories))
            self._facets("k", list(params.public_categories))
        if params.branches:
            self._in("d.public_service_branch", list(params.branches))
            self._facets("v", list(params.branches))
        if params.contractuels:
            self._column("d.open_to_contractuels = %s", True)
            self._facets("o", [1])

    # -- SQL pieces -------------------------------------------------------------------------

    @property
    def uses_index(self) -> bool:
        """The full-text index drives the query: SQLite with a text; PostgreSQL with a text or any
        filter it holds (a GIN scan intersects them all)."""
        if self.vendor == "postgresql":
            return bool(self.words or self.facet_groups)
        return bool(self.words)

    @property
    def match(self) -> str:
        """The FTS5 MATCH expression: the text, and every filter as an OR-group of tokens."""
        return self.fts5_match()

    def fts5_match(self, title_only: bool = False) -> str:
        """The FTS5 MATCH expression; `title_only`: every concept in the title."""
        text_match = self.text.fts5(title_only=True) if title_only and self.words else self.text_match
        groups = [text_match] if text_match else []
        groups += [f"search_facets : ({' OR '.join(f'{chr(34)}{t}{chr(34)}' for t in g)})" for g in self.facet_groups]
        return " AND ".join(groups)

    def tsquery(
        self, window: list[str] | None = None, title_only: bool = False, with_text: bool = True
    ) -> tuple[str, list[object]]:
        """PostgreSQL: the text && the filter tokens [&& the weeks], all `simple` lexemes (the
        projection stores search.text's stems: both databases match the same terms)."""
        parts, args = [], []
        if self.words and with_text:
            parts.append("to_tsquery('simple', %s)")
            args.append(self.text.tsquery(title_only=title_only))
        groups = [*self.facet_groups, window] if window else self.facet_groups
        if groups:
            # Tokens are [a-z0-9] only (indexing.facet): nothing in them is tsquery syntax.
            parts.append("to_tsquery('simple', %s)")
            args.append(" & ".join(f"({' | '.join(g)})" for g in groups))
        return " && ".join(parts), args

    def from_where(self, window: list[str] | None = None, title_only: bool = False) -> tuple[str, str, list[object]]:
        """FROM, WHERE and their parameters for selecting rows of `d` (`title_only`: the text's
        concepts all in the title, see search.ranking)."""
        if self.vendor == "postgresql" and self.uses_index and title_only and self.words:
            # The title's own GIN index (fulltext.POSTGRES_TITLE_INDEX, migration 0007), ANDed with
            # the filters' bitmap: weights (`:A`) on search_vector would recheck every row holding
            # the words anywhere, reading its TOASTed vector.
            conditions = [f"{fulltext.POSTGRES_TITLE_VECTOR} @@ to_tsquery('simple', %s)"]
            args = [self.text.tsquery()]
            filters, filter_args = self.tsquery(window, with_text=False)
            if filters:
                conditions.append(f"d.search_vector @@ ({filters})")
                args += filter_args
            return f"{_TABLE} d", " AND ".join([*conditions, *self.residual]), [*args, *self.residual_args]
        if self.vendor == "postgresql" and self.uses_index:
            tsquery, args = self.tsquery(window, title_only=title_only)
            where = " AND ".join([f"d.search_vector @@ ({tsquery})", *self.residual])
            return f"{_TABLE} d", where, [*args, *self.residual_args]
        if self.uses_index:
            where = " AND ".join([f"{_FTS} MATCH %s", *self.residual])
            match = self.fts5_match(title_only=title_only)
            return f"{_FTS} JOIN {_TABLE} d ON d.offer_id = {_FTS}.rowid", where, [match, *self.residual_args]
        return f"{_TABLE} d", " AND ".join(self.where) or "1 = 1", list(self.args)

    def count_sql(self) -> tuple[str, list[object]]:
        cap = COUNT_CAP + 1
        # SQLite: when FTS5 holds every filter, count inside the index (no table lookups at all).
        if self.vendor != "postgresql" and self.match and not self.residual:
            sql = f"SELECT COUNT(*) FROM (SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH %s LIMIT {cap}) s"
            return sql, [self.match]
        from_clause, where, args = self.from_where()
        return f"SELECT COUNT(*) FROM (SELECT 1 FROM {from_clause} WHERE {where} LIMIT {cap}) s", args


def _distance_order(origin: Commune) -> tuple[str, list[object]]:
    """An ORDER BY expression growing with the distance (equirectangular: plain arithmetic that
    both databases evaluate; the exact haversine is computed for the shown hits)."""
    k = math.cos(math.radians(origin.latitude or 0.0))
    sql = "((d.latitude - %s) * (d.latitude - %s) + (d.longitude - %s) * (d.longitude - %s) * %s)"
    return sql, [origin.latitude, origin.latitude, origin.longitude, origin.longitude, k * k]


def _ranked_sql(q: _Query, limit: int, offset: int, *, title_only: bool) -> tuple[str, list]:
    """The page of matches by relevance score (search.ranking), ties newest first."""
    columns = ", ".join(f"d.{c}" for c in _COLUMNS)
    score, score_args = ranking.score_sql(q.text, q.vendor, timezone.now(), connection.ops.adapt_datetimefield_value)
    from_clause, where, args = q.from_where(title_only=title_only)
    sql = (
        f"SELECT {columns}, {score} AS score FROM {from_clause} WHERE {where} "
        f"ORDER BY score DESC, d.published_at DESC, d.offer_id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*score_args, *args, limit, offset]


def _ranked_rows(cursor, q: _Query, limit: int, offset: int) -> list[tuple]:
    """Title matches first (they all score above text-only matches): when they fill the page,
    the text-only matches are never scored; otherwise every match is ranked."""
    rows: list[tuple] = []
    for title_only in (True, False):
        sql, args = _ranked_sql(q, limit, offset, title_only=title_only)
        cursor.execute(sql, args)
        rows = cursor.fetchall()
        if len(rows) >= limit:
            break
    return rows


def _select_sql(q: _Query, params: OfferSearchParams, sort: Sort, limit: int, offset: int) -> tuple[str, list]:
    columns = ", ".join(f"d.{c}" for c in _COLUMNS)
    from_clause, where, args = q.from_where()
    order_args: list[object] = []
    if sort == Sort.DISTANCE and params.commune is not None:
        expression, order_args = _distance_order(params.commune)
        order = f"{expression} ASC, d.published_at DESC, d.offer_id DESC"
    else:
        order = "d.published_at DESC, d.offer_id DESC"
    sql = f"SELECT {columns}, NULL FROM {from_clause} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
    return sql, [*args, *order_args, limit, offset]


def _count(q: _Query) -> int:
    sql, args = q.count_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchone()[0]


def _is_empty_text(params: OfferSearchParams) -> bool:
    # A text made only of stop words ("de la") searches nothing rather than everything.
    return bool(params.text.strip()) and not params.words


def count_offers(params: OfferSearchParams) -> int:
    """Matching offers, exact up to COUNT_CAP (COUNT_CAP + 1 means "more")."""
    if _is_empty_text(params):
        return 0
    if engine.enabled():
        try:
            index = engine.reader()
            q = _Query(params, "sqlite")
            searcher = engine.Searcher(index, timezone.now())
            return min(searcher.count(searcher.matching(q, params)), COUNT_CAP + 1)
        except BaseException as error:  # tantivy panics are BaseExceptions (_engine_failed re-raises interrupts)
            _engine_failed(error)
    return _count(_Query(params, connection.vendor))


# PostgreSQL looks for the most recent matches in the last days first (publication day tokens
# in the tsvector), then everywhere. A window that holds enough matches holds exactly the most
# recent ones (everything outside it is older), so the result is the same as sorting every match
# by date, at the cost of the window's matches only: broad words are answered by the last two
# days, rarer ones by the last week, the rarest fall through to all their (few) matches.
WINDOWS_DAYS = (2, 8, None)
# Above this many estimated matches the total is shown as "more than COUNT_CAP" without
# counting: a GIN bitmap of 400,000 matches costs ~100 ms to build even to count 10,001 of them,
# and PostgreSQL's statistics on tsvector lexemes estimate such counts closely. Smaller
# estimates are counted exactly (up to the cap).
ESTIMATE_CAP_FACTOR = 5
# The planner cannot see that a GIN bitmap beats walking the date index row by row (each row's
# tsvector read from TOAST to test it): searches that use the index get a bitmap scan, and
# enough memory for an exact (not lossy) bitmap.
_PG_SEARCH_SETTINGS = "SET enable_seqscan = off; SET enable_indexscan = off; SET work_mem = '64MB'"
_PG_RESET = "RESET enable_seqscan; RESET enable_indexscan; RESET work_mem"


def _recent_days(days: int) -> list[str]:
    today = timezone.localdate()
    return [day_token(today - datetime.timedelta(days=i)) for i in range(days)]


def _pg_most_recent(cursor, q: _Query, need: int) -> list[tuple]:
    """(offer_id, published_at) of the `need` most recent matches (full rows are read for the
    shown page only)."""
    rows: list[tuple] = []
    for days in WINDOWS_DAYS:
        from_clause, where, args = q.from_where(_recent_days(days) if days else None)
        cursor.execute(
            f"SELECT d.offer_id, d.published_at FROM {from_clause} WHERE {where} "
            f"ORDER BY d.published_at DESC, d.offer_id DESC LIMIT %s",
            [*args, need],
        )
        rows = cursor.fetchall()
        if len(rows) >= need:
            break
    return rows


def _pg_count(cursor, q: _Query) -> int:
    """Exact up to COUNT_CAP, or COUNT_CAP + 1 straight away when the planner expects far more."""
    # Only single tokens ANDed: their estimates come from lexeme statistics and are close (measured);
    # OR-groups (a radius's communes, several contracts) are overestimated, so those are counted.
    if all(len(group) == 1 for group in q.facet_groups) and len(q.words) <= 2:
        from_clause, where, args = q.from_where()
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {from_clause} WHERE {where}", args)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        if plan[0]["Plan"]["Plan Rows"] > ESTIMATE_CAP_FACTOR * COUNT_CAP:
            return COUNT_CAP + 1
    sql, args = q.count_sql()
    cursor.execute(sql, args)
    return cursor.fetchone()[0]


def _pg_rows(cursor, ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    columns = ", ".join(f"d.{c}" for c in _COLUMNS)
    cursor.execute(f"SELECT {columns}, NULL FROM {_TABLE} d WHERE d.offer_id = ANY(%s)", [ids])
    by_id = {row[0]: row for row in cursor.fetchall()}
    return [by_id[i] for i in ids if i in by_id]


def _fetch(q: _Query, params: OfferSearchParams, sort: Sort, limit: int, offset: int) -> tuple[list[tuple], int | None]:
    """The rows of the page, and the capped total when it was computed on the way."""
    if q.vendor == "postgresql" and q.uses_index:
        with connection.cursor() as cursor:
            cursor.execute(_PG_SEARCH_SETTINGS)
            try:
                if sort == Sort.RELEVANCE:
                    rows = _ranked_rows(cursor, q, limit, offset)
                elif sort == Sort.DATE:
                    page = _pg_most_recent(cursor, q, offset + limit)[offset:]
                    rows = _pg_rows(cursor, [r[0] for r in page])
                else:
                    sql, args = _select_sql(q, params, sort, limit, offset)
                    cursor.execute(sql, args)
                    rows = cursor.fetchall()
                total = None
                if not (offset == 0 and len(rows) < limit):
                    total = _pg_count(cursor, q)
            finally:
                cursor.execute(_PG_RESET)
        return rows, total
    with connection.cursor() as cursor:
        if sort == Sort.RELEVANCE:
            return _ranked_rows(cursor, q, limit, offset), None
        sql, args = _select_sql(q, params, sort, limit, offset)
        cursor.execute(sql, args)
        return cursor.fetchall(), None


def search_offers(params: OfferSearchParams) -> OfferSearchResult:
    """The page of offers matching `params`, and how many there are (capped, see the module)."""
    sort = params.effective_sort
    result = OfferSearchResult(params=params, sort=sort)
    if _is_empty_text(params):
        return result
    limit = max(1, min(params.limit, MAX_LIMIT))
    offset = max(0, min(params.offset, MAX_BROWSABLE - limit))
    fetched = None
    if engine.enabled():
        try:
            q = _Query(params, "sqlite")  # every filter as tokens, a radius as its communes
            fetched = _engine_fetch(q, params, sort, limit, offset)
        except BaseException as error:  # tantivy panics are BaseExceptions (_engine_failed re-raises interrupts)
            _engine_failed(error)
    if fetched is None:
        q = _Query(params, connection.vendor)
        fetched = _fetch(q, params, sort, limit, offset)
    result.corrected = q.text.corrected
    rows, total = fetched
    hits = []
    for row in rows:
        values = dict(zip(_COLUMNS, row, strict=False))
        hit = OfferHit(**values, score=row[len(_COLUMNS)])  # type: ignore[arg-type]
        hit.published_at = _aware(hit.published_at)
        hit.closing_date = _date(hit.closing_date)
        hit.is_public_employer, hit.in_acv, hit.in_pvd = (
            bool(hit.is_public_employer),
            bool(hit.in_acv),
            bool(hit.in_pvd),
        )
        hit.in_ti, hit.in_qpv = bool(hit.in_ti), bool(hit.in_qpv)
        if params.commune is not None and params.commune.has_coordinates and hit.latitude is not None:
            hit.distance_km = haversine_km(
                params.commune.latitude,  # type: ignore[arg-type]
                params.commune.longitude,  # type: ignore[arg-type]
                hit.latitude,
                hit.longitude,  # type: ignore[arg-type]
            )
        hits.append(hit)
    result.hits = hits
    if total is None:
        # A first page that is not full is the whole result: no count query needed.
        total = len(hits) if offset == 0 and len(hits) < limit else _count(q)
    result.total = total
    return result


# --- the search engine (search.engine), when SEARCH_ENGINE = "tantivy" ------------------------------

_ENGINE_LOG_SECONDS = 60.0
_engine_logged: dict[str, float] = {}


def _engine_failed(error: BaseException) -> None:
    """The engine could not answer: the database does, and the log says why (once a minute)."""
    if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise error
    reason = f"{type(error).__name__}: {error}"[:300]
    now = time.monotonic()
    if now - _engine_logged.get(reason, -_ENGINE_LOG_SECONDS) >= _ENGINE_LOG_SECONDS:
        _engine_logged[reason] = now
        if isinstance(error, engine.EngineUnavailable):
            logger.warning("search engine unavailable, searching the database: %s", reason)
        else:
            logger.error("search engine failed, searching the database: %s", reason, exc_info=error)


def engine_commune_counts(params: OfferSearchParams) -> dict[str, int] | None:
    """Matching offers per commune from the search engine (exact), or None when the database
    counts them (engine off, or unavailable: logged as for a search). For search.mapping."""
    if not engine.enabled():
        return None
    if _is_empty_text(params):
        return {}
    try:
        searcher = engine.Searcher(engine.reader(), timezone.now())
        q = _Query(replace(params, offset=0), "sqlite")
        return searcher.per_commune(searcher.matching(q, params))
    except BaseException as error:  # tantivy panics are BaseExceptions (_engine_failed re-raises interrupts)
        _engine_failed(error)
        return None


def _rows_by_id(ids: list[int], with_text: bool = False) -> dict[int, tuple]:
    """Projection rows by offer id: the hit's columns, then (with_text) the stored title and text."""
    if not ids:
        return {}
    columns = ", ".join(f"d.{c}" for c in _COLUMNS)
    extra = ", d.search_title, d.search_body" if with_text else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns}{extra} FROM {_TABLE} d WHERE d.offer_id = ANY(%s)", [list(ids)])
        else:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"SELECT {columns}{extra} FROM {_TABLE} d WHERE d.offer_id IN ({marks})", list(ids))
        return {row[0]: row for row in cursor.fetchall()}


def _engine_fetch(q: _Query, params: OfferSearchParams, sort: Sort, limit: int, offset: int) -> tuple[list[tuple], int]:
    """The page's rows (with the score when ranked) and the capped total, from the search engine."""
    searcher = engine.Searcher(engine.reader(), timezone.now())
    need = offset + limit
    text_query = q.text if q.words else None
    cache: dict[int, tuple] = {}
    published = _COLUMNS.index("published_at")

    def read_rows(ids: list[int]) -> dict[int, tuple]:
        missing = [i for i in ids if i not in cache]
        cache.update(_rows_by_id(missing, with_text=True))
        n = len(_COLUMNS)
        return {i: (cache[i][n], cache[i][n + 1], cache[i][published]) for i in ids if i in cache}

    if sort == Sort.RELEVANCE and text_query is not None:
        found = searcher.ranked(q, params, need, read_rows)
    elif sort == Sort.DISTANCE and params.commune is not None:
        found = searcher.by_distance(q, params, need, text_query, positions())
    else:
        found = searcher.by_date(q, params, need, text_query)
    page = found.ids[offset:need]
    missing = [i for i in page if i not in cache]
    cache.update(_rows_by_id(missing, with_text=sort == Sort.RELEVANCE))
    rows = []
    now = searcher.now
    for offer_id in page:
        row = cache.get(offer_id)
        if row is None:
            continue  # removed from the projection since the engine indexed it
        score = None
        if sort == Sort.RELEVANCE and text_query is not None:
            n = len(_COLUMNS)
            score = ranking.score_row(text_query, row[n], row[n + 1], row[published], now)
        rows.append((*row[: len(_COLUMNS)], score))
    return rows, min(found.total, COUNT_CAP + 1)


def _aware(value: object) -> datetime.datetime:
    # Raw cursors on SQLite return text; Django's own converters are bypassed here.
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    assert isinstance(value, datetime.datetime)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _date(value: object) -> datetime.date | None:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value  # type: ignore[return-value]


# --- widening an empty search ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A concrete way to widen a search that found nothing, with what it would find."""

    label: str
    params: OfferSearchParams
    count: int


def _widenings(params: OfferSearchParams) -> list[tuple[str, OfferSearchParams]]:
    base = replace(params, offset=0)
    options: list[tuple[str, OfferSearchParams]] = []
    if params.radius_km and params.commune is not None and params.radius_km < MAX_RADIUS_KM:
        wider = min(MAX_RADIUS_KM, max(params.radius_km * 2, params.radius_km + 20))
        options.append((f"Élargir le rayon à {wider} km", replace(base, radius_km=wider)))
    if params.commune is not None and not params.radius_km and params.commune.has_coordinates:
        options.append(
            (f"Chercher à 30 km autour de {params.commune.name}", replace(base, radius_km=30, sort=Sort.DISTANCE))
        )
    words = params.words
    if len(words) > 1:
        for word in words:
            rest = " ".join(w for w in words if w != word)
            options.append((f"Retirer le mot « {word} »", replace(base, text=rest)))
    elif words:
        options.append((f"Retirer le mot « {words[0]} »", replace(base, text="")))
    if params.contract_types:
        labels = ", ".join(ContractType(c).label for c in params.contract_types if c in ContractType.values)
        options.append((f"Tous les types de contrat (au lieu de : {labels})", replace(base, contract_types=())))
    if params.programme:
        options.append(
            (
                f"Tous les territoires (au lieu de : {PROGRAMME_LABELS[SearchProgramme(params.programme)]})",
                replace(base, programme=""),
            )
        )
    if params.salary_min:
        options.append(("Sans salaire minimum", replace(base, salary_min=None)))
    if params.published_since_days:
        options.append(("Quelle que soit la date de publication", replace(base, published_since_days=None)))
    if params.remote:
        options.append(("Avec ou sans télétravail", replace(base, remote="")))
    if params.employer:
        options.append(("Employeurs publics et privés", replace(base, employer="")))
    if params.public_categories:
        options.append(("Toutes les catégories", replace(base, public_categories=())))
    if params.branches:
        options.append(("Tous les versants", replace(base, branches=())))
    if params.contractuels:
        options.append(("Y compris les postes réservés aux fonctionnaires", replace(base, contractuels=False)))
    if params.epci:
        options.append(("Toutes les intercommunalités", replace(base, epci="")))
    if params.departement:
        options.append(("Tous les départements", replace(base, departement="")))
    if params.region:
        options.append(("Toutes les régions", replace(base, region="")))
    return options


MAX_SUGGESTIONS = 6


def widen_search(params: OfferSearchParams) -> list[Suggestion]:
    """Ways to widen an empty search, each with its (capped) count, those that find offers first."""
    suggestions = [
        Suggestion(label, wider, count_offers(wider)) for label, wider in _widenings(params)[:MAX_SUGGESTIONS]
    ]
    return sorted(suggestions, key=lambda s: s.count == 0)
