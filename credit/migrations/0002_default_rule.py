"""信用评价规则第 1 版 (docs/adr/0030-quality-credit-and-blacklist.md): points deducted from 100 by
fact kind, the decay, and the grades' least scores."""

from django.db import migrations

DEFAULT_WEIGHTS = {
    "warning_i": 30,
    "warning_ii": 20,
    "warning_iii": 10,
    "warning_iv": 5,
    "measure": 15,
    "recall": 20,
    "complaint_substantiated": 5,
    "certificate_revoked": 40,
    "certificate_suspended": 15,
    "title_withdrawn": 30,
    "sample_failed": 10,
    "blacklisted": 100,
}


def publish_version_1(apps, schema_editor):
    CreditRule = apps.get_model("credit", "CreditRule")
    CreditRule.objects.get_or_create(
        version=1,
        defaults={
            "weights": DEFAULT_WEIGHTS,
            "ended_percent": 50,
            "half_after_years": 3,
            "ignore_after_years": 5,
            "grade_a_min": 90,
            "grade_b_min": 75,
            "grade_c_min": 60,
            "note": "默认规则：按信用事项类别扣分，满分 100 分。",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_credit_and_blacklist")]

    operations = [migrations.RunPython(publish_version_1, migrations.RunPython.noop)]
