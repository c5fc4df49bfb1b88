"""Ships the cooperation's units and its 42 重点任务 as seed 003 §三 assigns them."""

from django.db import migrations

from cooperation.seed_tasks import TASKS, UNITS


def load(apps, schema_editor):
    Unit = apps.get_model("cooperation", "Unit")
    Task = apps.get_model("cooperation", "Task")
    units = {}
    for position, (code, name, name_en, kind) in enumerate(UNITS, start=1):
        units[code], _created = Unit.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "position": position},
        )
    for number, section, text, leads, participants in TASKS:
        task, _created = Task.objects.update_or_create(
            number=number, defaults={"section": section, "text": text}
        )
        task.leads.set([units[code] for code in leads])
        task.participants.set([units[code] for code in participants])


def unload(apps, schema_editor):
    apps.get_model("cooperation", "Task").objects.all().delete()
    apps.get_model("cooperation", "Unit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
