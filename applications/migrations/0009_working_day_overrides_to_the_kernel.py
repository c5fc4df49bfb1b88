# The working-day overrides now belong to the case-engine kernel (casework 0001); the table is
# kept, only Django's state forgets the model here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_enterprise_claims"),
        ("casework", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WorkingDayOverride")],
            database_operations=[],
        ),
    ]
