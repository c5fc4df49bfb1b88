"""English names of the shipped product categories (ecoorigin/names.py), where none is set yet,
and the English rendering beside a notice's official text."""

from django.db import migrations, models

CATEGORIES_EN = {
    "grain_oil": "Grain and oil products",
    "fruit_veg": "Fruit and vegetables",
    "tea": "Tea",
    "livestock": "Livestock and poultry products",
    "aquatic": "Aquatic products",
    "liquor": "Alcoholic beverages",
    "beverage": "Beverages",
    "herbal": "Chinese medicinal materials",
    "forestry": "Forest products",
    "handicraft": "Handicrafts",
    "industrial": "Industrial products",
    "demo_zone": "Eco-origin protection demonstration zones",
}


def fill(apps, schema_editor):
    ProductCategory = apps.get_model("applications", "ProductCategory")
    for code, name_en in CATEGORIES_EN.items():
        ProductCategory.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_working_day_overrides_to_the_kernel"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="body_en",
            field=models.TextField(blank=True, verbose_name="英文正文"),
        ),
        migrations.AddField(
            model_name="notice",
            name="title_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="英文标题"),
        ),
        migrations.AddField(
            model_name="productcategory",
            name="name_en",
            field=models.CharField(blank=True, max_length=128, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
