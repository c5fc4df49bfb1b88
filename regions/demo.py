"""演示数据 of reporting: a few activities, last year's summary round (two bureaus reported) and
rankings for last year and this year, so the dashboard and the flags show something real."""

from datetime import date

from django.utils import timezone

from accounts.models import User

from . import services
from .figures import SECTIONS
from .models import AnnualSummary, LectureTour, ResearchProject, Zone


def seed_reporting() -> None:
    year = timezone.localdate().year
    if AnnualSummary.objects.filter(year=year - 1).exists():
        return
    chongqing = User.objects.get(username="bureau-chongqing")
    jilin = User.objects.get(username="bureau-jilin")
    for actor, zone, title in [
        (chongqing, "southwest", "西南片区山地生态茶叶评定技术规范研究"),
        (jilin, "northeast", "东北黑土地粮油产品生态原产地评定指标研究"),
    ]:
        if not ResearchProject.objects.filter(title=title).exists():
            services.research_project_create(
                actor=actor,
                zone=Zone.objects.get(code=zone),
                title=title,
                start_date=date(year, 3, 1),
                partners="西南大学" if zone == "southwest" else "吉林农业大学",
            )
    for code, place, audience in [
        ("beijing", "北京市门头沟区", 120),
        ("chongqing", "重庆市南川区", 200),
        ("guangdong", "广州市", 80),
    ]:
        actor = User.objects.get(username=f"bureau-{code}")
        if not LectureTour.objects.filter(bureau=actor.bureau, date__year=year).exists():
            services.lecture_create(
                actor=actor,
                date=date(year, 5, 20),
                place=place,
                topic="生态原产地产品保护政策宣讲",
                audience_size=audience,
                speakers="专家委员会委员",
            )

    services.summaries_draft(year=year - 1)
    for code in ("beijing", "chongqing"):
        actor = User.objects.get(username=f"bureau-{code}")
        summary = AnnualSummary.objects.get(bureau=actor.bureau, year=year - 1)
        services.summary_update(
            summary=summary,
            actor=actor,
            narratives={key: f"本局{label}工作有序开展。" for key, label, _names in SECTIONS},
            next_year_plan="继续做好申报指导、评定组织和事中事后监管。",
        )
        services.summary_submit(summary=summary, actor=actor)
    services.round_close(year=year - 1)
    services.ranking_compute(year=year - 1)
    services.ranking_compute(year=year)
