# The working-day overrides move from the eco-origin app to the kernel; the table stays where it
# is (applications_workingdayoverride), so this only tells Django's state where the model lives.

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """HQ's admin permissions on the overrides follow the model: its content type is renamed,
    not recreated, so the permissions granted on it stay."""
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="casework", model="workingdayoverride").exists():
        content_type.objects.filter(app_label="applications", model="workingdayoverride").update(
            app_label="casework"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0004_documents_notices_deadlines"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkingDayOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="日期")),
                        ("is_working_day", models.BooleanField(verbose_name="是否工作日")),
                        ("note", models.CharField(blank=True, max_length=100, verbose_name="说明")),
                    ],
                    options={
                        "verbose_name": "工作日调整",
                        "verbose_name_plural": "工作日调整",
                        "ordering": ["date"],
                        "db_table": "applications_workingdayoverride",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
