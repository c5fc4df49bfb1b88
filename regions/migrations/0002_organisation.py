"""Ships the 35 direct bureaus and 7 zones of seed 000 §二.2 (regions/organisation.py)."""

from django.db import migrations

from regions.organisation import BUREAUS, ZONES


def load(apps, schema_editor):
    Bureau = apps.get_model("regions", "Bureau")
    Zone = apps.get_model("regions", "Zone")
    ZoneMembership = apps.get_model("regions", "ZoneMembership")
    bureaus = {}
    for code, name, full_name in BUREAUS:
        bureaus[code], _created = Bureau.objects.get_or_create(
            code=code, defaults={"name": name, "full_name": full_name}
        )
    for code, name, kind, leads, members in ZONES:
        zone, _created = Zone.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
        for role, codes in (("lead", leads), ("member", members)):
            for bureau_code in codes:
                ZoneMembership.objects.get_or_create(
                    zone=zone, bureau=bureaus[bureau_code], defaults={"role": role}
                )


def unload(apps, schema_editor):
    apps.get_model("regions", "ZoneMembership").objects.all().delete()
    apps.get_model("regions", "Zone").objects.all().delete()
    apps.get_model("regions", "Bureau").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
