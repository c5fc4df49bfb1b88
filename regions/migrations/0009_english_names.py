"""English names beside the Chinese ones (ecoorigin/names.py), filled for the shipped bureaus,
zones and HQ departments (regions/organisation.py) where none is set yet."""

from django.db import migrations, models

from regions.organisation import BUREAUS_EN, HQ_DEPARTMENTS_EN, ZONES_EN


def fill(apps, schema_editor):
    Bureau = apps.get_model("regions", "Bureau")
    Zone = apps.get_model("regions", "Zone")
    Organisation = apps.get_model("regions", "Organisation")
    for code, (name_en, full_name_en) in BUREAUS_EN.items():
        Bureau.objects.filter(code=code, name_en="").update(name_en=name_en)
        Bureau.objects.filter(code=code, full_name_en="").update(full_name_en=full_name_en)
    for code, name_en in ZONES_EN.items():
        Zone.objects.filter(code=code, name_en="").update(name_en=name_en)
    for code, name_en in HQ_DEPARTMENTS_EN.items():
        Organisation.objects.filter(code=code, kind="hq_department", name_en="").update(
            name_en=name_en
        )


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0008_annual_summary_programme_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="bureau",
            name="full_name_en",
            field=models.CharField(blank=True, max_length=128, verbose_name="英文全称"),
        ),
        migrations.AddField(
            model_name="bureau",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文简称"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="英文名称"),
        ),
        migrations.AddField(
            model_name="zone",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
