"""演示数据 of 京津冀区域质量状况分析报告 (seed 003 §三.19): last year's reports of the three places,
all submitted (Hebei's once returned by HQ and submitted again), so that the comparison page shows
every figure with its highest and lowest; the year before, Beijing's and Tianjin's only (Hebei
shows 未报送). Written through the services as the demo accounts (zj-beijing, zj-tianjin,
bureau-hebei, hq), so history and audit are what the portal would have written. Idempotent: a
place's report of a year that exists is kept."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from regions.cooperation import place_of

from . import services
from .models import QualityStatusReport

# (years before this one, account, figures, overview, problems, measures, and for a report HQ
# returned: its reason and the figures as first submitted, corrected after the return; or None)
REPORTS = [
    (
        1,
        "zj-beijing",
        {
            "supervision_pass_rate": Decimal("95.60"),
            "competitiveness_index": Decimal("90.12"),
            "export_failure_rate": Decimal("0.42"),
            "industrial_enterprises": 3100,
            "certified_enterprises": 12500,
            "leading_industries": 10,
            "standards_led": 320,
        },
        "全市产品质量总体稳定向好，监督抽查合格率连续三年保持在95%以上，高技术制造业质量竞争力领先。",
        "部分小微企业质量管理基础薄弱，电子商务领域产品抽查不合格率偏高。",
        "推进首都标准化战略，加强电商产品质量监测，推动京津冀检验检测结果互认。",
        None,
    ),
    (
        1,
        "zj-tianjin",
        {
            "supervision_pass_rate": Decimal("93.80"),
            "competitiveness_index": Decimal("86.45"),
            "export_failure_rate": Decimal("0.65"),
            "industrial_enterprises": 5600,
            "certified_enterprises": 9800,
            "leading_industries": 12,
            "standards_led": 140,
        },
        "装备制造、石油化工等主导产业质量水平稳步提升，滨海新区质量提升示范作用明显。",
        "部分传统产业产品档次偏低，质量品牌建设与先进地区仍有差距。",
        "实施质量提升行动，培育天津品牌，联合京冀开展重点产业质量状况分析。",
        None,
    ),
    (
        1,
        "bureau-hebei",
        {
            "supervision_pass_rate": Decimal("91.20"),
            "competitiveness_index": Decimal("82.37"),
            "export_failure_rate": Decimal("0.88"),
            "industrial_enterprises": 15200,
            "certified_enterprises": 18600,
            "leading_industries": 15,
            "standards_led": 210,
        },
        "钢铁、建材等传统产业质量提升明显，承接京津产业转移项目质量管理总体规范。",
        "县域特色产业集群质量基础设施不足，部分建材产品抽查合格率低于全国平均水平。",
        "建设县域产业集群质量服务平台，对标京津标准，强化建材产品质量监管。",
        (
            "出口商品检验批次不合格率与检验检疫统计口径不一致，请核实后重新报送。",
            {"export_failure_rate": Decimal("1.20")},
        ),
    ),
    (
        2,
        "zj-beijing",
        {
            "supervision_pass_rate": Decimal("95.10"),
            "competitiveness_index": Decimal("89.76"),
            "export_failure_rate": Decimal("0.47"),
            "industrial_enterprises": 3050,
            "certified_enterprises": 12100,
            "leading_industries": 10,
            "standards_led": 298,
        },
        "全市产品质量总体稳定，重点工业产品质量水平保持全国前列。",
        "新兴业态产品质量监管手段不足。",
        "完善质量状况分析报告制度，与津冀互通分析结果。",
        None,
    ),
    (
        2,
        "zj-tianjin",
        {
            "supervision_pass_rate": Decimal("93.20"),
            "competitiveness_index": Decimal("85.90"),
            "export_failure_rate": Decimal("0.71"),
            "industrial_enterprises": 5480,
            "certified_enterprises": 9350,
            "leading_industries": 12,
            "standards_led": 126,
        },
        "主导产业质量稳中有升，港口口岸出口商品质量保持稳定。",
        "中小企业质量管理体系认证覆盖面不足。",
        "扩大质量管理体系认证覆盖面，推进区域质量合作。",
        None,
    ),
]


def seed_quality_reports() -> int:
    """Returns how many reports were written now."""
    written = 0
    this_year = timezone.localdate().year
    hq = User.objects.get(username="hq")
    for back, username, figures, overview, problems, measures, returned in REPORTS:
        actor = User.objects.get(username=username)
        year = this_year - back
        if QualityStatusReport.objects.filter(place=place_of(actor), year=year).exists():
            continue
        first = {**figures, **(returned[1] if returned else {})}
        report = services.report_create(
            actor=actor,
            year=year,
            overview=overview,
            problems=problems,
            measures=measures,
            **first,
        )
        report = services.report_submit(report=report, actor=actor)
        if returned:
            report = services.report_return(report=report, actor=hq, reason=returned[0])
            report = services.report_update(report=report, actor=actor, **figures)
            report = services.report_submit(report=report, actor=actor)
        written += 1
    return written
