"""演示数据 of the regions app: the organisations of the sibling programmes (SPEC §8, §9) with one
account each, a few bureaus' 内设机构 (§18), and reporting: a few activities, last year's summary round (two bureaus reported)
and rankings for last year and this year, so the dashboard and the flags show something real;
and HQ's supervision checks of five bureaus (§19), one in each state."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import ORGANISATION_ROLES, Role, User

from . import services
from .figures import SECTIONS
from .models import (
    AnnualSummary,
    Bureau,
    BureauCheck,
    BureauDepartment,
    LectureTour,
    Organisation,
    ResearchProject,
    Zone,
)

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
    "biaozhunwei": "总局标准委",
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


# 内设机构 (seed 000 §18's 责任部门) of the demo bureaus whose accounts show 挂牌督办 and 约谈:
# bureau code → (名称, English name, 处/科).
DEPARTMENTS = {
    "beijing": [
        ("通关处", "Customs Clearance Division", "division"),
        ("检验监管处", "Inspection and Supervision Division", "division"),
        ("法规科", "Regulations Section", "section"),
    ],
    "chongqing": [
        ("通关处", "Customs Clearance Division", "division"),
        ("检验监管处", "Inspection and Supervision Division", "division"),
    ],
    "hubei": [
        ("通关处", "Customs Clearance Division", "division"),
        ("检验监管处", "Inspection and Supervision Division", "division"),
    ],
}


def seed_departments() -> None:
    """The demo bureaus' 内设机构; idempotent."""
    for code, departments in DEPARTMENTS.items():
        bureau = Bureau.objects.get(code=code)
        for name, name_en, kind in departments:
            BureauDepartment.objects.update_or_create(
                bureau=bureau, name=name, defaults={"name_en": name_en, "kind": kind}
            )


# 总局监督检查 (seed 000 §19 "对各局工作落实情况进行监督检查"), one per demo bureau and state:
# bureau code → (days ago checked, days left to rectify, findings, requirements, how far it got).
HQ_CHECKS = {
    "hubei": (
        60,
        20,
        "两家获证企业的年度监管记录缺失，投诉举报台账未按月更新。",
        "补齐监管记录，建立年度监管台账，投诉举报台账按月更新。",
        "closed",
    ),
    "chongqing": (
        30,
        30,
        "片区科研立项的阶段性成果未报送，宣讲活动记录不完整。",
        "报送课题阶段性成果，补齐宣讲活动的照片、签到和材料。",
        "reported",
    ),
    "guangdong": (
        25,
        25,
        "受理的三件申报超过初评时限。",
        "查明超期原因，建立受理到推荐上报的时限提醒。",
        "returned",
    ),
    "beijing": (
        10,
        45,
        "生态原产地保护工作领导小组未按季度召开会议。",
        "按季度召开领导小组会议，会议纪要报总局通关司。",
        "open",
    ),
    "jiangsu": (
        3,
        40,
        "事后监管方案未覆盖全部获证企业。",
        "修订监管方案，覆盖辖区内全部获证企业。",
        "draft",
    ),
}


def seed_hq_checks() -> None:
    """HQ's supervision checks of five demo bureaus, one in each state, walked through the
    services by the demo accounts (hq, bureau-<code>); idempotent."""
    if BureauCheck.objects.exists():
        return
    hq = User.objects.get(username="hq")
    today = timezone.localdate()
    for code, (ago, left, findings, requirements, reached) in HQ_CHECKS.items():
        bureau = Bureau.objects.get(code=code)
        check = services.bureau_check_create(
            actor=hq,
            bureau=bureau,
            checked_on=today - timedelta(days=ago),
            team="总局通关司 张明、李华；总局检验监管司 王强",
            scope="生态原产地产品保护工作落实情况：组织领导、受理初评、事后监管、科研宣讲。",
            findings=findings,
            requirements=requirements,
            deadline=today + timedelta(days=left),
        )
        if reached == "draft":
            continue
        check = services.bureau_check_issue(check=check, actor=hq)
        if reached == "open":
            continue
        clerk = User.objects.get(username=f"bureau-{code}")
        check = services.bureau_check_report(
            check=check, actor=clerk, rectification=f"已按要求整改：{requirements}"
        )
        if reached == "returned":
            services.bureau_check_return(
                check=check, actor=hq, note="未附时限提醒的实施记录，请补充后再报。"
            )
        elif reached == "closed":
            services.bureau_check_close(check=check, actor=hq, note="整改到位，同意销号。")
