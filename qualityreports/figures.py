"""The key figures of a place's yearly quality status analysis report (区域质量状况分析报告,
seed 003 §三.19: 互通三地质量状况分析报告，比较研究质量发展状况): typed numbers with a unit and a
valid range, the same for the three places so that they can be set side by side.

Model fields, the services' checks, forms, the API and the comparison page all read this one
list; a new figure is a new entry here and a model field named by its key."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    unit: str | Promise
    minimum: int
    maximum: int
    # 0 for a count (a whole number); otherwise the digits kept after the point.
    decimal_places: int = 0
    # Which way is better: said beside the figure on the comparison, never judged for a place.
    higher_is_better: bool = True

    @property
    def max_digits(self) -> int:
        return len(str(self.maximum)) + self.decimal_places

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimal_places)


PERCENT = _("%")
FIGURES: tuple[Figure, ...] = (
    # 产品质量监督抽查 (task 8: 国家监督抽查和地方监督抽查): the share of sampled batches that passed.
    Figure("supervision_pass_rate", _("产品质量监督抽查合格率"), PERCENT, 0, 100, 2),
    # 制造业质量竞争力指数 as the national quality report computes it (a score out of 100).
    Figure("competitiveness_index", _("制造业质量竞争力指数"), _("分"), 0, 100, 2),
    # 出入境检验检疫: the share of export batches inspected that failed (lower is better).
    Figure(
        "export_failure_rate",
        _("出口商品检验批次不合格率"),
        PERCENT,
        0,
        100,
        2,
        higher_is_better=False,
    ),
    Figure("industrial_enterprises", _("规模以上工业企业数"), _("家"), 0, 1_000_000),
    Figure("certified_enterprises", _("获质量管理体系认证企业数"), _("家"), 0, 1_000_000),
    Figure("leading_industries", _("主导产业数"), _("个"), 0, 100),
    # 标准 (tasks 1–4, 标准委 joins task 19): national and sector standards the place led.
    Figure("standards_led", _("主导制修订国家和行业标准数"), _("项"), 0, 100_000),
)
FIGURE_KEYS = tuple(figure.key for figure in FIGURES)
BY_KEY = {figure.key: figure for figure in FIGURES}

# The narrative sections of the report, in order.
SECTIONS = {
    "overview": _("总体状况"),
    "problems": _("主要问题"),
    "measures": _("对策建议"),
}
SECTION_LIMIT = 20_000
