"""Full-text index per database: PostgreSQL tsvector + GIN (french_unaccent), SQLite FTS5 + triggers.

Vendor-guarded: each database gets its own engine, other vendors get nothing (the search then
falls back to nothing found rather than failing, see search.offers).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from emploi_territoires.search import fulltext

    fulltext.create(schema_editor.connection)


def backwards(apps, schema_editor):
    from emploi_territoires.search import fulltext

    fulltext.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
