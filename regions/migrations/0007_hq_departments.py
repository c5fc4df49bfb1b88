"""Ships the six HQ departments of SPEC §8 (regions/organisation.py)."""

from django.db import migrations

from regions.organisation import HQ_DEPARTMENTS


def load(apps, schema_editor):
    Organisation = apps.get_model("regions", "Organisation")
    for code, name in HQ_DEPARTMENTS:
        Organisation.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "hq_department"}
        )


def unload(apps, schema_editor):
    codes = [code for code, _name in HQ_DEPARTMENTS]
    apps.get_model("regions", "Organisation").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0006_organisations")]

    operations = [migrations.RunPython(load, unload)]
