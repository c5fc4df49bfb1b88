"""Ships version 1 of the ranking weighting (docs/ranking.md explains it); HQ adds versions."""

from django.db import migrations

WEIGHTS = {
    "cases_accepted": 10,
    "evaluations_completed": 10,
    "newly_protected": 20,
    "inspections_done": 10,
    "rectifications_closed": 5,
    "exits_handled": 5,
    "research_projects": 10,
    "lectures": 10,
    "summary_on_time": 10,
    "complaint_handling_days": 5,
    "accountability_overdue": 5,
    "zero_products": 15,
}


def load(apps, schema_editor):
    RankingWeighting = apps.get_model("regions", "RankingWeighting")
    RankingWeighting.objects.get_or_create(
        version=1,
        defaults={"weights": WEIGHTS, "note": "首版权重：见 docs/ranking.md"},
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "RankingWeighting").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_activities_summaries_rankings")]

    operations = [migrations.RunPython(load, unload)]
