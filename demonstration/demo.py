"""演示数据 of the demonstration-zone programme: zones in several states, walked through the
case engine by the demo accounts (gov-<bureau>, bureau-<code>, hq), so history, assessment and
title are what the portal itself would have written; and in the designated zone, enterprises in
several states (one a 示范企业) and their quality archive, and its submitted 年度建设情况报告;
and HQ's double-random check of the zones, its lists committed before the lottery draws.
Idempotent: a zone of that name is kept, a zone that has enterprises is left as it is, and a
zone's report of the year is written once."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from casework import beacon

from . import services
from .models import AssessmentStandard, DemonstrationZone, ZoneInspectionPlan
from .workflow import Level

SELF_ASSESSMENT = {
    "enterprise_count": 126,
    "cluster": "区内形成电子信息产业集聚，龙头企业带动上下游配套企业协同发展。",
    "export_value": "285000.00",
    "export_share": "12.50",
    "local_share": "38.00",
    "quality": "区内企业近三年出口产品未发生重大质量安全事件，监督抽查合格率 99% 以上。",
    "organisation": "市政府成立示范区建设领导小组，办公室设在市商务局，建立联席会议制度。",
    "in_quality_appraisal": True,
}
PASSING = {"score_cluster": 22, "score_export": 20, "score_quality": 23, "score_organisation": 21}

# (government, level, zone name, industry, steps to walk: (actor, transition, body))
ZONES = [
    (
        "gov-beijing",
        Level.NATIONAL,
        "北京经济技术开发区出口工业产品质量安全示范区",
        "电子信息",
        [
            ("gov-beijing", "submit", {}),
            ("bureau-beijing", "recommend", {}),
            ("hq", "organise_assessment", {"team": "总局检验司 张明；北京局 李华；专家 王强"}),
            ("hq", "record_assessment", {**PASSING, "comment": "四项基本条件均已具备。"}),
            ("hq", "designate", {"valid_years": 3}),
        ],
    ),
    (
        "gov-jiangsu",
        Level.NATIONAL,
        "苏州工业园区出口工业产品质量安全示范区",
        "精密机械",
        [("gov-jiangsu", "submit", {}), ("bureau-jiangsu", "recommend", {})],
    ),
    ("gov-zhejiang", Level.NATIONAL, "义乌小商品出口工业产品质量安全示范区", "日用消费品", []),
    (
        "gov-jiangxi",
        Level.PROVINCIAL,
        "景德镇陶瓷出口工业产品质量安全示范区",
        "日用陶瓷",
        [
            ("gov-jiangxi", "submit", {}),
            ("bureau-jiangxi", "organise_assessment", {"team": "江西局 陈静；专家 刘洋"}),
        ],
    ),
    (
        "gov-guangxi",
        Level.NATIONAL,
        "凭祥出口工业产品质量安全示范区",
        "红木家具",
        [
            ("gov-guangxi", "submit", {}),
            (
                "bureau-guangxi",
                "return",
                {"reason": "请补充近三年出口额占当地出口总量的统计数据。"},
            ),
        ],
    ),
]


def seed_zones() -> int:
    """The demo zones; returns how many were new."""
    users = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    jiangxi = users["bureau-jiangxi"]
    if not AssessmentStandard.objects.filter(bureau_id=jiangxi.bureau_id).exists():
        services.standard_publish(
            actor=jiangxi,
            title="江西省出口工业产品质量安全示范区评估标准（试行）",
            text="对照指导意见第四部分的四项基本条件，每项满分 25 分，总分 60 分及以上为合格，"
            "任一项得 0 分为不合格。",
            pass_mark=60,
        )
    created = 0
    for government, level, name, industry, steps in ZONES:
        if DemonstrationZone.objects.filter(name=name).exists():
            continue
        zone = services.zone_create(
            actor=users[government], level=level, name=name, industry=industry, **SELF_ASSESSMENT
        )
        for actor, transition, body in steps:
            zone = services.zone_transition(zone=zone, name=transition, actor=users[actor], **body)
        created += 1
    seed_enterprises(users)
    seed_year_reports(users)
    seed_zone_plan(users)
    return created


# The designated zone's enterprises (§三.5, §六.3): (name, credit code, products, steps), each
# step (actor, transition, body) fired through the engine after the government's proposal.
ENTERPRISE_ZONE = "北京经济技术开发区出口工业产品质量安全示范区"
ENTERPRISES = [
    (
        "北京亦庄精密电子有限公司",
        "91110302MA01A0B1X7",
        "印制电路板、电子元器件",
        [
            ("bureau-beijing", "admit", {}),
            ("gov-beijing", "nominate", {"comment": "行业龙头，质量管理体系完善。"}),
            ("hq", "assess", {"passed": True, "comment": "起到示范引领作用。"}),
            ("hq", "grant", {}),
        ],
    ),
    (
        "北京京南智能装备有限公司",
        "91110302MA01C2D3XJ",
        "工业机器人及零部件",
        [("bureau-beijing", "admit", {}), ("gov-beijing", "nominate", {})],
    ),
    ("北京博源新材料有限公司", "91110302MA01E4F5XX", "电子级高分子材料", []),
]
# Quality archive events of the second enterprise: (kind, product, what happened, steps).
EVENTS = [
    (
        "foreign_notification",
        "六轴工业机器人",
        "进口国通报：产品电磁兼容性能不符合要求。",
        [
            ("investigate", {"findings": "电磁兼容测试项目未覆盖进口国新版标准。"}),
            ("classify", {"cause": "foreign_regulation"}),
        ],
    ),
    ("domestic_sampling", "机器人减速器", "国内监督抽查：减速器噪声指标不合格。", []),
]


def seed_enterprises(users) -> None:
    """The designated demo zone's enterprises and archive, once."""
    zone = DemonstrationZone.objects.filter(name=ENTERPRISE_ZONE, number__isnull=False).first()
    if zone is None or zone.enterprises.exists():
        return
    members = []
    for name, code, products, steps in ENTERPRISES:
        enterprise = services.enterprise_propose(
            zone=zone, actor=users["gov-beijing"], name=name, credit_code=code, products=products
        )
        for actor, transition, body in steps:
            enterprise = services.enterprise_transition(
                enterprise=enterprise, name=transition, actor=users[actor], **body
            )
        members.append(enterprise)
    bureau = users["bureau-beijing"]
    for kind, product, description, steps in EVENTS:
        event = services.event_open(
            zone=zone,
            actor=bureau,
            enterprise=members[1].pk,
            kind=kind,
            occurred_on=timezone.localdate(),
            product=product,
            description=description,
        )
        for transition, body in steps:
            event = services.event_transition(event=event, name=transition, actor=bureau, **body)


# 年度建设情况报告 (§七.4) of the designated zone, written and submitted by its bureau: for the
# year under way, the zone having been designated on the day the demo was seeded.
YEAR_REPORT = {
    "export_value": Decimal("296500.00"),
    "enterprise_count": 131,
    "experience": "市政府将示范区建设纳入质量工作考核，建立检验检疫、商务、市场监管联席会议制度；"
    "推行企业分类管理和风险监测，区内法检商品免验比例提高。",
    "problems": "部分中小企业质量技术力量薄弱，应对国外技术性贸易措施的能力不足。",
    "next_steps": "加强技术性贸易措施通报和培训，推动龙头企业对中小企业开展技术帮扶。",
}


def seed_year_reports(users) -> None:
    """The designated demo zone's report of this year, submitted, once."""
    zone = DemonstrationZone.objects.filter(name=ENTERPRISE_ZONE, number__isnull=False).first()
    year = timezone.localdate().year
    if zone is None or zone.year_reports.filter(year=year).exists():
        return
    bureau = users["bureau-beijing"]
    report = services.zone_year_report_create(
        actor=bureau, zone_id=zone.pk, year=year, **YEAR_REPORT
    )
    services.zone_year_report_submit(report=report, actor=bureau)


ZONE_PLAN = "示范区监督检查（双随机抽查）"


def seed_zone_plan(users) -> None:
    """HQ's double-random check of the designated zones (§七.3), once, by protocol 2 (ADR 0009):
    made today for an inspection a week after the next 双色球 draw, which it declares, and its
    candidate lists committed at once. Nobody knows the result before that draw; on its day HQ
    enters the official numbers (the plan's page and HQ's to-do list ask for them), the team is
    drawn and its members find the zone under 示范区检查任务."""
    if ZoneInspectionPlan.objects.filter(name=ZONE_PLAN).exists():
        return
    lottery_day = beacon.next_draw_day("ssq", after=timezone.localdate())
    plan = services.zone_plan_create(
        actor=users["hq"],
        name=ZONE_PLAN,
        subject=ZoneInspectionPlan.Subject.ZONES,
        planned_date=lottery_day + timedelta(days=7),
        sample_size=1,
        beacon_source="ssq",
        beacon_date=lottery_day,
    )
    services.zone_plan_draw(plan_id=plan.pk, actor=users["hq"])


def _usernames() -> set[str]:
    names = {"hq"}
    for government, _level, _name, _industry, steps in ZONES:
        names.add(government)
        names.update(actor for actor, _t, _b in steps)
    names.add("bureau-jiangxi")
    return names
