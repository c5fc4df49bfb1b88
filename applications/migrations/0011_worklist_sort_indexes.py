"""Indexes for the worklist's sortable columns (ecoorigin.sorting, issue 15): each order a
header asks for (deadline, product name, category, bureau, last update; the id last) is read
along an index instead of sorting a million cases to show fifty; a bureau's own list by
deadline (and its overdue filter) along (bureau, deadline). On PostgreSQL one more serves the
deadline's descending order with the cases without a deadline last (SQLite takes no NULLS LAST
in an index, and sorts its few cases itself).

`case_due` replaces the plain index on `due_date` (it serves the overdue filter and the sweeps as
well). That index is dropped by name, the field's state altered apart: Django's AlterField would
rebuild the table on SQLite, and the case count triggers (migration 0006) would go with the old
table.

Built in the migration's transaction: ≈ 1–3 s each for a million cases, during which the table
takes no writes."""

from django.db import migrations, models

DUE_DESC = "case_due_desc"
# Django's name for the index of `due_date = DateField(db_index=True)`, on either database.
PLAIN_DUE = "applications_application_due_date_2c912905"


def create_due_desc(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {DUE_DESC} ON applications_application "
        "(due_date DESC NULLS LAST, id DESC)"
    )


def drop_due_desc(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {DUE_DESC}")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0010_english_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["due_date", "id"], name="case_due"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="due_date",
                    field=models.DateField(blank=True, null=True, verbose_name="办理时限"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{PLAIN_DUE}"',
                    reverse_sql=(
                        f'CREATE INDEX "{PLAIN_DUE}" ON "applications_application" ("due_date")'
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["bureau", "due_date", "id"], name="case_bureau_due"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["product_name", "id"], name="case_product"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["category", "id"], name="case_category"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["bureau", "id"], name="case_bureau"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["updated_at", "id"], name="case_updated"),
        ),
        migrations.RunPython(create_due_desc, drop_due_desc),
    ]
