"""The English rendering beside a zone notice's official text (ecoorigin/names.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("demonstration", "0007_archive_event_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="zonenotice",
            name="body_en",
            field=models.TextField(blank=True, verbose_name="英文正文"),
        ),
        migrations.AddField(
            model_name="zonenotice",
            name="title_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="英文标题"),
        ),
    ]
