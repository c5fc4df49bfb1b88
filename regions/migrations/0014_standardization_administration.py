"""Ships 国家标准化管理委员会 (标准委), a member of the 京津冀 cooperation (seed 003), as an HQ
department beside 认监委."""

from django.db import migrations

CODE, NAME, NAME_EN = "biaozhunwei", "国家标准化管理委员会", "Standardization Administration"


def load(apps, schema_editor):
    Organisation = apps.get_model("regions", "Organisation")
    Organisation.objects.get_or_create(
        code=CODE, defaults={"name": NAME, "name_en": NAME_EN, "kind": "hq_department"}
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "Organisation").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0013_local_offices_and_review_bodies")]

    operations = [migrations.RunPython(load, unload)]
