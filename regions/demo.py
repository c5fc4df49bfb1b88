"""演示数据 of the regions app: the organisations of the sibling programmes (SPEC §8, §9) with one
account each, and reporting: a few activities, last year's summary round (two bureaus reported)
and rankings for last year and this year, so the dashboard and the flags show something real."""

from datetime import date

from django.utils import timezone

from accounts.models import ORGANISATION_ROLES, Role, User

from . import services
from .figures import SECTIONS
from .models import AnnualSummary, Bureau, LectureTour, Organisation, ResearchProject, Zone

# (code = user name, name, kind, bureau code, level, parent code, 统一社会信用代码); parents first.
ORGANISATIONS = [
    ("gov-beijing", "北京市人民政府", "local_government", "beijing", "province", None, ""),
    ("gov-jiangsu", "江苏省人民政府", "local_government", "jiangsu", "province", None, ""),
    ("gov-zhejiang", "浙江省人民政府", "local_government", "zhejiang", "province", None, ""),
    ("gov-jiangxi", "江西省人民政府", "local_government", "jiangxi", "province", None, ""),
    ("gov-guangxi", "广西壮族自治区人民政府", "local_government", "guangxi", "province", None, ""),
    ("gov-suzhou", "苏州市人民政府", "local_government", "jiangsu", "city", "gov-jiangsu", ""),
    # The 京津冀 local quality authorities (seed 003).
    ("zj-beijing", "北京市质量技术监督局", "quality_authority", "beijing", "", None, ""),
    ("zj-tianjin", "天津市市场和质量监督管理委员会", "quality_authority", "tianjin", "", None, ""),
    ("zj-hebei", "河北省质量技术监督局", "quality_authority", "hebei", "", None, ""),
    (
        "assoc-jiangxi",
        "江西省茶叶行业协会",
        "association",
        "jiangxi",
        "",
        None,
        "51360000MJD000001U",
    ),
    (
        "operator-guangxi",
        "广西凭祥国检试验区运营管理有限公司",
        "zone_operator",
        "guangxi",
        "",
        None,
        "91450000MA5P00001K",
    ),
]

ORGANISATIONS_EN = {
    "gov-beijing": "Beijing Municipal People's Government",
    "gov-jiangsu": "People's Government of Jiangsu Province",
    "gov-zhejiang": "People's Government of Zhejiang Province",
    "gov-jiangxi": "People's Government of Jiangxi Province",
    "gov-guangxi": "People's Government of Guangxi Zhuang Autonomous Region",
    "gov-suzhou": "Suzhou Municipal People's Government",
    "zj-beijing": "Beijing Municipal Bureau of Quality and Technical Supervision",
    "zj-tianjin": "Tianjin Market and Quality Supervision Commission",
    "zj-hebei": "Hebei Provincial Bureau of Quality and Technical Supervision",
    "assoc-jiangxi": "Jiangxi Tea Industry Association",
    "operator-guangxi": "Guangxi Pingxiang Inspection and Quarantine Pilot Zone Operation Co., Ltd.",
}

# The shipped HQ departments' users: hq-<code>, named by the department's short name.
HQ_DEPARTMENT_USERS = {
    "tongguan": "总局通关司",
    "renjianwei": "总局认监委",
    "weisheng": "总局卫生司",
    "dongzhi": "总局动植司",
    "jianyan": "总局检验司",
    "shipin": "总局食品局",
}


def seed_organisations() -> list[User]:
    """The demo organisations, registered by their bureau's demo user, and one account for each
    of them and for each HQ department; idempotent. Returns those accounts (without passwords:
    the caller sets the demo password)."""
    users = []
    for code, name, kind, bureau_code, level, parent_code, credit_code in ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": ORGANISATIONS_EN[code],
                "kind": kind,
                "bureau": Bureau.objects.get(code=bureau_code),
                "level": level,
                "parent": Organisation.objects.get(code=parent_code) if parent_code else None,
                "credit_code": credit_code,
                "created_by": User.objects.get(username=f"bureau-{bureau_code}"),
            },
        )
        users.append(_account(code, organisation, name))
    for code, first_name in HQ_DEPARTMENT_USERS.items():
        users.append(_account(f"hq-{code}", Organisation.objects.get(code=code), first_name))
    return users


def _account(username: str, organisation: Organisation, first_name: str) -> User:
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "role": ORGANISATION_ROLES[organisation.kind],
            "organisation": organisation,
            "first_name": first_name,
        },
    )
    return user


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
    last = services.ranking_compute(year=year - 1)
    services.ranking_compute(year=year)
    # Last year's ranking is published (通报, seed 000 §19): bureaus see all 35 for it and only
    # their own entry for this year's, not yet published (ADR 0015).
    hq = User.objects.filter(role=Role.HQ).order_by("pk").first()
    if hq is not None:
        services.ranking_publish(ranking=last, actor=hq)
