"""案件数 by bureau and state, kept by triggers on the case table (PostgreSQL and SQLite), so
that worklist counts and HQ's queues read 35 × 17 rows instead of counting every case.

Every write path keeps them right (services, queryset.update, the admin, raw SQL); a bulk load
that disables triggers (generate_national's COPY) recomputes them. The two rows a transition
touches are updated in a fixed order (bureau, state), so concurrent transitions cannot deadlock.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE FUNCTION applications_case_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE'
          OR (OLD.bureau_id, OLD.state) IS DISTINCT FROM (NEW.bureau_id, NEW.state)) THEN
        IF TG_OP = 'UPDATE' AND (NEW.bureau_id, NEW.state) < (OLD.bureau_id, OLD.state) THEN
          INSERT INTO applications_casecount (bureau_id, state, n)
          VALUES (NEW.bureau_id, NEW.state, 1)
          ON CONFLICT (bureau_id, state) DO UPDATE SET n = applications_casecount.n + 1;
          UPDATE applications_casecount SET n = n - 1
          WHERE bureau_id = OLD.bureau_id AND state = OLD.state;
          RETURN NULL;
        END IF;
        UPDATE applications_casecount SET n = n - 1
        WHERE bureau_id = OLD.bureau_id AND state = OLD.state;
      END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
          AND (OLD.bureau_id, OLD.state) IS DISTINCT FROM (NEW.bureau_id, NEW.state)) THEN
        INSERT INTO applications_casecount (bureau_id, state, n)
        VALUES (NEW.bureau_id, NEW.state, 1)
        ON CONFLICT (bureau_id, state) DO UPDATE SET n = applications_casecount.n + 1;
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER applications_case_count
    AFTER INSERT OR DELETE OR UPDATE OF state, bureau_id ON applications_application
    FOR EACH ROW EXECUTE FUNCTION applications_case_count()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS applications_case_count ON applications_application",
    "DROP FUNCTION IF EXISTS applications_case_count()",
]

_UP = """
  INSERT INTO applications_casecount (bureau_id, state, n) VALUES (NEW.bureau_id, NEW.state, 1)
  ON CONFLICT (bureau_id, state) DO UPDATE SET n = n + 1;"""
_DOWN = """
  UPDATE applications_casecount SET n = n - 1
  WHERE bureau_id = OLD.bureau_id AND state = OLD.state;"""
SQLITE = [
    f"""CREATE TRIGGER applications_case_count_insert AFTER INSERT ON applications_application
    BEGIN {_UP}
    END""",
    f"""CREATE TRIGGER applications_case_count_delete AFTER DELETE ON applications_application
    BEGIN {_DOWN}
    END""",
    f"""CREATE TRIGGER applications_case_count_update
    AFTER UPDATE OF state, bureau_id ON applications_application
    WHEN NEW.state IS NOT OLD.state OR NEW.bureau_id IS NOT OLD.bureau_id
    BEGIN {_DOWN} {_UP}
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS applications_case_count_insert",
    "DROP TRIGGER IF EXISTS applications_case_count_delete",
    "DROP TRIGGER IF EXISTS applications_case_count_update",
]

FILL = """
INSERT INTO applications_casecount (bureau_id, state, n)
SELECT bureau_id, state, COUNT(*) FROM applications_application GROUP BY bureau_id, state
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"case count triggers for {vendor}")
    for sql in statements:
        schema_editor.execute(sql)
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0005_index_enterprises_awaiting_confirmation'),
        ('regions', '0005_summary_pdf'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', '草稿'), ('submitted', '已申报'), ('returned', '退回补正'), ('refused', '不予受理'), ('accepted', '已受理'), ('pre_evaluated', '已初评'), ('recommended', '已推荐上报'), ('approved', '已批准实施评定'), ('not_approved', '不予批准'), ('evaluating', '评定中'), ('evaluated', '评定完成'), ('failed', '评定未通过'), ('protected', '保护中'), ('suspended', '暂停保护'), ('revoked', '已撤销'), ('expired', '已过期'), ('withdrawn', '已撤回')], max_length=16)),
                ('n', models.IntegerField(default=0)),
                ('bureau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.bureau')),
            ],
            options={
                'verbose_name': '案件数',
                'verbose_name_plural': '案件数',
                'constraints': [models.UniqueConstraint(fields=('bureau', 'state'), name='case_count_once')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
