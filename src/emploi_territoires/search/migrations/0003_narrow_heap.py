"""PostgreSQL: filter tokens (and the publication day) in the tsvector, and narrow heap rows.

- The tsvector also holds the offer's filter tokens (commune, département, contract…, publication
  day; see search.indexing.facets) through the `simple` configuration, so text + filters is one
  GIN scan: the intersection happens inside the index, and a combination that matches nothing
  costs nothing (before: walking the date index through 1M rows to prove it, 1.7 s).
- Rows keep their long text and the tsvector out of line (toast_tuple_target): counting and
  picking candidates visit heap pages (GIN has no index-only scans), ~30 narrow rows per page
  instead of 3 wide ones. Existing rows move on their next rewrite (`reindex_offers`, or
  VACUUM FULL search_offerdocument); this migration rewrites the table anyway.
"""

from django.db import migrations

VECTOR = """
    setweight(to_tsvector('french_unaccent'::regconfig, search_title), 'A')
    || setweight(to_tsvector('french_unaccent'::regconfig, search_body), 'B')
    || to_tsvector('simple'::regconfig, search_facets)
"""
OLD_VECTOR = """
    setweight(to_tsvector('french_unaccent'::regconfig, search_title), 'A')
    || setweight(to_tsvector('french_unaccent'::regconfig, search_body), 'B')
"""


def _replace_vector(schema_editor, expression: str) -> None:
    for statement in (
        "DROP INDEX IF EXISTS offerdoc_search_vector_idx",
        "ALTER TABLE search_offerdocument DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE search_offerdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX offerdoc_search_vector_idx ON search_offerdocument USING GIN (search_vector)",
    ):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_offerdocument SET (toast_tuple_target = 128)")
        _replace_vector(schema_editor, VECTOR)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_offerdocument RESET (toast_tuple_target)")
        _replace_vector(schema_editor, OLD_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, backwards)]
