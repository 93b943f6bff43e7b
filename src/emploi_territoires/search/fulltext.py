"""The full-text index beside the projection, per database (created by migration 0002).

Kept as data so the migration, the benchmark's bulk loader (which drops the triggers and the
GIN index while loading, then rebuilds) and `reindex_offers` use the same statements.
"""

# Statements built from constant table names only.
# ruff: noqa: S608

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "search_offer_fts"
DOC_TABLE = "search_offerdocument"

# PostgreSQL: the French configuration with accents removed before stemming, so "développeur"
# and "developpeur" give the same lexeme on both sides.
POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$
    """,
    f"""
    ALTER TABLE {DOC_TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('french_unaccent'::regconfig, search_title), 'A')
      || setweight(to_tsvector('french_unaccent'::regconfig, search_body), 'B')
    ) STORED
    """,
]
# Migration 0003 adds the filter tokens to the vector; the loader of the benchmark only needs
# the index statements below.
POSTGRES_INDEX = [f"CREATE INDEX IF NOT EXISTS offerdoc_search_vector_idx ON {DOC_TABLE} USING GIN (search_vector)"]
POSTGRES_DROP_INDEX = ["DROP INDEX IF EXISTS offerdoc_search_vector_idx"]
# The title's own lexemes (migration 0007): "every word in the title" is a plain GIN lookup. On
# search_vector it takes weights (`:A`), which GIN does not store: every row holding the word
# anywhere is rechecked, its TOASTed vector read (15 times slower at 20,000 offers, measured).
POSTGRES_TITLE_VECTOR = "to_tsvector('simple'::regconfig, d.search_title)"
POSTGRES_TITLE_INDEX = [
    f"CREATE INDEX IF NOT EXISTS offerdoc_title_vector_idx ON {DOC_TABLE} "
    "USING GIN (to_tsvector('simple'::regconfig, search_title))"
]
POSTGRES_DROP_TITLE_INDEX = ["DROP INDEX IF EXISTS offerdoc_title_vector_idx"]
POSTGRES_TEARDOWN = [*POSTGRES_DROP_INDEX, f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS search_vector"]

# SQLite: an external-content FTS5 table reading the projection's own columns (no second copy
# of the text), diacritics removed by the tokenizer, stems done in Python (search.text). The
# third column holds filter tokens (commune, département, programme, contract…, see
# search.indexing.facets) so a text + filters search is answered inside the inverted index,
# the way a search engine does, instead of looking up every text match in the table.
SQLITE_TABLE = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
      search_title, search_body, search_facets, content='{DOC_TABLE}', content_rowid='offer_id',
      tokenize='unicode61 remove_diacritics 2'
    )
    """,
]
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {DOC_TABLE} BEGIN
      INSERT INTO {FTS_TABLE}(rowid, search_title, search_body, search_facets)
      VALUES (new.offer_id, new.search_title, new.search_body, new.search_facets);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {DOC_TABLE} BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body, search_facets)
      VALUES ('delete', old.offer_id, old.search_title, old.search_body, old.search_facets);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {DOC_TABLE} BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body, search_facets)
      VALUES ('delete', old.offer_id, old.search_title, old.search_body, old.search_facets);
      INSERT INTO {FTS_TABLE}(rowid, search_title, search_body, search_facets)
      VALUES (new.offer_id, new.search_title, new.search_body, new.search_facets);
    END
    """,
]
SQLITE_DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")]
SQLITE_REBUILD = [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
SQLITE_TEARDOWN = [*SQLITE_DROP_TRIGGERS, f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        run(connection, POSTGRES_SETUP + POSTGRES_INDEX)
    elif connection.vendor == "sqlite":
        run(connection, SQLITE_TABLE + SQLITE_TRIGGERS)


def drop(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        run(connection, POSTGRES_TEARDOWN)
    elif connection.vendor == "sqlite":
        run(connection, SQLITE_TEARDOWN)
