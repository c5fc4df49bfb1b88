"""Trigram indexes for the name search (`?q=` of the worklist, the case API and the public
product list): `icontains` is `UPPER(col::text) LIKE UPPER('%…%')` on PostgreSQL, so the indexes
are on that very expression. PostgreSQL only (pg_trgm); SQLite has nothing comparable and
scans, as before. A search of fewer than three characters extracts no trigram and cannot use
them (docs/performance.md, "Third pass").

Built in the migration's transaction: ≈ 5 s for a million cases and ≈ 1 s for 200,000
enterprises, during which those tables take no writes.
"""

from django.db import migrations

INDEXES = {
    "case_product_name_trgm": ("applications_application", "product_name"),
    "enterprise_name_trgm": ("applications_enterprise", "name"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A trusted extension since PostgreSQL 13: the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    # The extension stays: other objects may have come to use it since.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_case_counts_kept_by_triggers"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
