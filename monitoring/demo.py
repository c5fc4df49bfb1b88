"""演示数据 of the risk monitoring plans (seed 004 §二.1, 3), written through the services and the
case engine by the demo accounts (hq, bureau-qinghai, bureau-gansu), so the history is what the
portal itself would have written: HQ's published national plan of the year; 青海局's local plan
for the products the seed names (牛羊肉, 冷水鱼, 蜂产品, 虫草, 枸杞及其制品, 沙棘及其制品, 藏毯,
民族服饰, 盐化工) at five monitoring points, 20 samples of which three failed, one corrected,
its results published; and 甘肃局's local plan still a draft. Idempotent: a plan that exists for
its bureau and year is kept as it is."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User

from . import selectors, services
from .models import MonitoringPlan
from .workflow import Level

# (name, kind, place, products)
QINGHAI_POINTS = [
    ("西宁曹家堡机场口岸", "port", "西宁市互助县", "牛羊肉、冷水鱼、虫草"),
    ("西宁综合保税区", "port", "西宁市城东区", "枸杞及其制品、沙棘及其制品、盐化工"),
    ("海西州枸杞产业园", "producer", "海西州德令哈市", "枸杞及其制品、沙棘及其制品"),
    ("龙羊峡冷水鱼养殖基地", "producer", "海南州共和县", "冷水鱼"),
    ("西宁市城中区民族用品市场", "market", "西宁市城中区", "藏毯、民族服饰、蜂产品"),
]
# (product, point index, hazards, quota)
QINGHAI_ITEMS = [
    ("牛羊肉", 0, "兽药残留、致病微生物", 4),
    ("冷水鱼", 3, "孔雀石绿、硝基呋喃类代谢物", 3),
    ("蜂产品", 4, "氯霉素、硝基呋喃类代谢物", 2),
    ("虫草", 0, "重金属（砷）", 2),
    ("枸杞及其制品", 2, "农药残留、二氧化硫", 4),
    ("沙棘及其制品", 1, "农药残留、微生物", 2),
    ("藏毯", 4, "甲醛、可分解致癌芳香胺染料", 2),
    ("民族服饰", 4, "pH值、色牢度、甲醛", 2),
    ("盐化工", 1, "纯度、重金属", 2),
]
# Sample n (1-based) that failed: (failed items and hazard).
FAILURES = {
    5: "二氧化硫残留量 0.12 g/kg，超过限量 0.05 g/kg",
    9: "孔雀石绿检出 2.1 μg/kg（不得检出）",
    16: "可分解致癌芳香胺染料检出 32 mg/kg（限量 20 mg/kg）",
}
COMPANIES = [
    ("青海可可西里牛羊肉有限公司", "91630100MA752JUR73"),
    ("龙羊峡三文鱼养殖有限公司", "91632500MA7528AB1N"),
    ("海西高原枸杞科技有限公司", "91632800MA7531CD2U"),
    ("青海藏羊地毯集团有限公司", ""),
]


def demo_year() -> int:
    """This year once sampling has begun (from March), else last year's plans."""
    today = timezone.localdate()
    return today.year if today >= date(today.year, 3, 10) else today.year - 1


def _sample_days(year: int, count: int) -> list[date]:
    """`count` days from 1 March, spread to the earlier of 30 November and today."""
    first = date(year, 3, 1)
    last = min(date(year, 11, 30), timezone.localdate())
    span = max((last - first).days, 0)
    return [first + timedelta(days=span * n // max(count - 1, 1)) for n in range(count)]


def seed_monitoring() -> int:
    """The demo plans; idempotent. Returns how many plans were written."""
    year = demo_year()
    hq = User.objects.get(username="hq")
    made = 0
    national = MonitoringPlan.objects.filter(level=Level.NATIONAL, year=year).first()
    if national is None:
        national = services.plan_create(
            actor=hq,
            year=year,
            title=f"{year}年国家进出口商品质量安全风险监测计划",
            focus_products="进口肉类及水产品\n出口特色农产品\n进口消费品（纺织品、儿童用品）\n化工产品",
            notes="各直属局根据本计划，结合本关区外贸实际制订地方风险监测计划，布局监测点，"
            "开展监督抽查，依法向社会发布质量安全监测结果。",
        )
        national = services.plan_transition(plan=national, name="publish", actor=hq)
        made += 1
    made += _qinghai(national)
    made += _gansu(national)
    return made


def _qinghai(national: MonitoringPlan) -> int:
    bureau = User.objects.get(username="bureau-qinghai")
    if MonitoringPlan.objects.filter(bureau_id=bureau.bureau_id, year=national.year).exists():
        return 0
    points = []
    for name, kind, place, products in QINGHAI_POINTS:
        point = selectors.points_in_use(bureau_id=bureau.bureau_id).filter(name=name).first()
        points.append(
            point
            or services.point_create(
                actor=bureau, name=name, kind=kind, place=place, products=products
            )
        )
    plan = services.plan_create(
        actor=bureau,
        national_plan=national,
        title=f"{national.year}年青海省进出口商品质量安全地方风险监测计划",
        focus_products="\n".join(product for product, *_rest in QINGHAI_ITEMS),
        notes="重点在牛羊肉、冷水鱼、蜂产品、虫草、枸杞及其制品、沙棘及其制品、藏毯、民族服饰、"
        "盐化工等产品及其领域监督抽查，开展布控。",
    )
    items = [
        services.item_create(
            plan=plan,
            actor=bureau,
            product=product,
            point=points[index].pk,
            hazards=hazards,
            quota=quota,
            starts_on=date(national.year, 3, 1),
            ends_on=date(national.year, 11, 30),
        )
        for product, index, hazards, quota in QINGHAI_ITEMS
    ]
    plan = services.plan_transition(plan=plan, name="publish", actor=bureau)
    lines = [item for item in items for _n in range(item.quota)][:20]
    days = _sample_days(national.year, len(lines))
    results = []
    for n, (item, day) in enumerate(zip(lines, days, strict=True), 1):
        company, code = COMPANIES[n % len(COMPANIES)]
        results.append(
            services.result_record(
                item=item,
                actor=bureau,
                sample_code=f"QH-{national.year}-{n:04d}",
                sampled_on=day,
                place=item.point.place,
                enterprise_name=company,
                credit_code=code,
                laboratory="西宁海关技术中心",
                verdict="fail" if n in FAILURES else "pass",
                failed_items=FAILURES.get(n, ""),
                notes="抽样人员 2 名，样品已封存。",
            )
        )
    first = results[0]
    services.result_correct(
        result=first,
        actor=bureau,
        reason="实验室复核后更正抽样地点。",
        sampled_on=first.sampled_on,
        place="西宁曹家堡机场口岸查验区",
        enterprise_name=first.enterprise_name,
        credit_code=first.credit_code,
        laboratory=first.laboratory,
        verdict=first.verdict,
        failed_items=first.failed_items,
        notes=first.notes,
    )
    services.plan_transition(plan=plan, name="publish_results", actor=bureau)
    return 1


def _gansu(national: MonitoringPlan) -> int:
    bureau = User.objects.get(username="bureau-gansu")
    if MonitoringPlan.objects.filter(bureau_id=bureau.bureau_id, year=national.year).exists():
        return 0
    point = selectors.points_in_use(bureau_id=bureau.bureau_id).filter(
        name="兰州中川机场口岸"
    ).first() or services.point_create(
        actor=bureau, name="兰州中川机场口岸", kind="port", place="兰州市永登县", products="牛羊肉"
    )
    plan = services.plan_create(
        actor=bureau,
        national_plan=national,
        title=f"{national.year}年甘肃省进出口商品质量安全地方风险监测计划",
        focus_products="牛羊肉\n中药材\n苹果",
    )
    services.item_create(
        plan=plan,
        actor=bureau,
        product="牛羊肉",
        point=point.pk,
        hazards="兽药残留",
        quota=5,
        starts_on=date(national.year, 4, 1),
        ends_on=date(national.year, 10, 31),
    )
    return 1
