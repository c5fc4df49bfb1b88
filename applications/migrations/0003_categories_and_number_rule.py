"""Ships the product categories and the first certificate number rule (both editable by HQ)."""

from django.db import migrations

CATEGORIES = [
    ("grain_oil", "粮油产品"),
    ("fruit_veg", "果蔬产品"),
    ("tea", "茶叶"),
    ("livestock", "畜禽产品"),
    ("aquatic", "水产品"),
    ("liquor", "酒类"),
    ("beverage", "饮料"),
    ("herbal", "中药材"),
    ("forestry", "林产品"),
    ("handicraft", "手工艺品"),
    ("industrial", "工业产品"),
    ("demo_zone", "生态原产地保护示范区"),
]


def load(apps, schema_editor):
    ProductCategory = apps.get_model("applications", "ProductCategory")
    for code, name in CATEGORIES:
        ProductCategory.objects.get_or_create(code=code, defaults={"name": name})
    CertificateNumberRule = apps.get_model("applications", "CertificateNumberRule")
    CertificateNumberRule.objects.get_or_create(
        version=1, defaults={"pattern": "STYCD-{year}-{bureau}-{seq:05d}"}
    )


def unload(apps, schema_editor):
    apps.get_model("applications", "ProductCategory").objects.all().delete()
    apps.get_model("applications", "CertificateNumberRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_cases")]

    operations = [migrations.RunPython(load, unload)]
