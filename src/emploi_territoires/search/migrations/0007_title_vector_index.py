"""PostgreSQL: a GIN index on the title's own lexemes (issue 18, speed).

Relevance reads title matches first (search.ranking). Asked of `search_vector` with weights
(`chef:A`), GIN, which does not store weights, returns every row holding the word anywhere and
PostgreSQL rechecks each one by reading its TOASTed vector; an expression index on the title alone
answers "every word in the title" without touching a row (search.offers, `title_only`). Built-in
PostgreSQL, no extension; nothing on SQLite (FTS5 has its title column).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from emploi_territoires.search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.run(schema_editor.connection, fulltext.POSTGRES_TITLE_INDEX)


def backwards(apps, schema_editor):
    from emploi_territoires.search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.run(schema_editor.connection, fulltext.POSTGRES_DROP_TITLE_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_stemmed_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
