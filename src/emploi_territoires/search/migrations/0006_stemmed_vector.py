"""One text, one set of terms on both databases (issue 18, relevance).

- PostgreSQL indexes the projection's stored stems (search.text: inclusive-writing endings
  dropped, feminine and plural forms folded) with the `simple` configuration instead of stemming
  folded words itself with `french_unaccent`: SQLite and PostgreSQL now match the same terms, and
  search.ranking's score reads the same stored title and text on both.
- The stored title and text of existing rows are prepared again (new stems: « Chef·fe » is
  « chef », not « chef fe »; « cheffe » and « agente » fold to « chef » and « agent »; the body
  ends with the commune's postcodes). A `reindex_offers` run gives the same result.
"""

from django.db import migrations

VECTOR = """
    setweight(to_tsvector('simple'::regconfig, search_title), 'A')
    || setweight(to_tsvector('simple'::regconfig, search_body), 'B')
    || to_tsvector('simple'::regconfig, search_facets)
"""
OLD_VECTOR = """
    setweight(to_tsvector('french_unaccent'::regconfig, search_title), 'A')
    || setweight(to_tsvector('french_unaccent'::regconfig, search_body), 'B')
    || to_tsvector('simple'::regconfig, search_facets)
"""


def _replace_vector(schema_editor, expression: str) -> None:
    for statement in (
        "DROP INDEX IF EXISTS offerdoc_search_vector_idx",
        "ALTER TABLE search_offerdocument DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE search_offerdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX offerdoc_search_vector_idx ON search_offerdocument USING GIN (search_vector)",
    ):
        schema_editor.execute(statement)


def _body(offer) -> str:
    # search.indexing._body as of this migration.
    commune = offer.commune
    place = " ".join([commune.name, *(commune.postcodes or [])])
    parts = [offer.missions, offer.profile, offer.benefits, offer.organisation.name, place]
    if offer.occupation_id and offer.occupation is not None:
        parts.insert(0, offer.occupation.label)
    return "\n".join(p for p in parts if p)


def restem(apps, schema_editor):
    from emploi_territoires.search.text import stemmed_text

    OfferDocument = apps.get_model("search", "OfferDocument")
    documents = OfferDocument.objects.select_related(
        "offer", "offer__commune", "offer__organisation", "offer__occupation"
    ).order_by("pk")
    last_pk = 0
    while True:
        batch = list(documents.filter(pk__gt=last_pk)[:2000])
        if not batch:
            break
        last_pk = batch[-1].pk
        for doc in batch:
            doc.search_title = stemmed_text(doc.offer.title)
            doc.search_body = stemmed_text(_body(doc.offer))
        OfferDocument.objects.bulk_update(batch, ["search_title", "search_body"])


def forwards(apps, schema_editor):
    restem(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        _replace_vector(schema_editor, VECTOR)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _replace_vector(schema_editor, OLD_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_offerdocument_civil_service")]

    operations = [migrations.RunPython(forwards, backwards)]
