"""The language a job's owner read the portal in: its file is written in it (ecoorigin/names.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_staff_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="language",
            field=models.CharField(blank=True, max_length=16, verbose_name="语言"),
        ),
    ]
