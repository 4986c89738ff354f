"""Title search (`q`, a case-insensitive substring) reads a trigram index on PostgreSQL.

Django's icontains on PostgreSQL is UPPER(title) LIKE UPPER(%x%); a GIN trigram index on
UPPER(title) answers it without reading the table. SQLite has no such index: there the
search scans the covering title index, which holds 60,000 titles in a few milliseconds.
"""

from django.db import migrations

INDEX = "film_title_trigram_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f"CREATE INDEX {INDEX} ON films_film USING gin (UPPER(title) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("films", "0003_advisory_published_at")]

    operations = [migrations.RunPython(create, drop)]
