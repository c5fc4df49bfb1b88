"""演示数据 of the demonstration-zone programme: zones in several states, walked through the
case engine by the demo accounts (gov-<bureau>, bureau-<code>, hq), so history, assessment and
title are what the portal itself would have written. Idempotent: a zone of that name is kept."""

from accounts.models import User

from . import services
from .models import AssessmentStandard, DemonstrationZone
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
    return created


def _usernames() -> set[str]:
    names = {"hq"}
    for government, _level, _name, _industry, steps in ZONES:
        names.add(government)
        names.update(actor for actor, _t, _b in steps)
    names.add("bureau-jiangxi")
    return names
