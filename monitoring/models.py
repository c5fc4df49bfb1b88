"""风险监测计划 (seed 004 §二.1, 3): the national and local monitoring plans (the case), their
history, the bureaus' monitoring points, the plan items (product, point, quota, schedule) and
the samples' results, append-only (a correction is a new row that supersedes the old)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.validators import validate_uscc
from regions.models import Bureau

from . import workflow as wf
from .workflow import Level, PointKind, State, Verdict


class MonitoringPoint(models.Model):
    """监测点 (§二.3): a bureau's named place where it samples (a port, a producer, a market)."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="monitoring_points", verbose_name=_("直属局")
    )
    name = models.CharField(_("监测点名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=16, choices=PointKind.choices)
    place = models.CharField(_("地点"), max_length=200)
    products = models.CharField(_("监测产品"), max_length=300, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("风险监测点")
        verbose_name_plural = _("风险监测点")
        ordering = ["bureau_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="monitoring_point_name_once")
        ]

    def __str__(self):
        return self.name


class MonitoringPlan(FSMModelMixin, models.Model):
    """风险监测计划: HQ's national plan of a year, or a bureau's local plan derived from a published
    national plan. `state` changes only through the transition methods, fired by the case engine
    (casework.services.case_transition)."""

    level = models.CharField(_("计划级别"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=200)
    focus_products = models.TextField(_("重点监测产品"), help_text=_("每行一种产品或领域。"))
    notes = models.TextField(_("计划说明"), blank=True)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_plans",
        verbose_name=_("直属局"),
    )
    national_plan = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_plans",
        verbose_name=_("依据的国家监测计划"),
    )
    state = FSMField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFT, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("制订人"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("风险监测计划")
        verbose_name_plural = _("风险监测计划")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-year"], name="monitoring_plan_bureau"),
            models.Index(fields=["state", "-year"], name="monitoring_plan_state"),
        ]
        constraints = [
            # A national plan is HQ's (no bureau, no parent); a local plan a bureau's, derived.
            models.CheckConstraint(
                name="monitoring_plan_level_owner",
                condition=models.Q(
                    level=Level.NATIONAL, bureau__isnull=True, national_plan__isnull=True
                )
                | models.Q(level=Level.LOCAL, bureau__isnull=False, national_plan__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(level=Level.NATIONAL),
                name="monitoring_national_plan_once_a_year",
                violation_error_message=_("该年度的国家风险监测计划已存在。"),
            ),
            models.UniqueConstraint(
                fields=["bureau", "year"],
                condition=models.Q(level=Level.LOCAL),
                name="monitoring_local_plan_once_a_year",
                violation_error_message=_("本关区该年度的地方风险监测计划已存在。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_national(self) -> bool:
        return self.level == Level.NATIONAL

    @transition(
        state,
        source=State.DRAFT,
        target=State.PUBLISHED,
        permission=wf.is_owner,
        conditions=[wf.has_items, wf.national_plan_running],
    )
    def publish(self, *, when, **data):  # 发布实施
        self.published_at = when

    @transition(
        state,
        source=State.PUBLISHED,
        target=State.RESULTS_PUBLISHED,
        permission=wf.is_owner,
        conditions=[wf.has_results],
    )
    def publish_results(self, *, when, **data):  # 依法向社会发布质量安全监测结果
        self.results_published_at = when

    @transition(
        state,
        source=[State.PUBLISHED, State.RESULTS_PUBLISHED],
        target=State.CLOSED,
        permission=wf.is_owner,
    )
    def close(self, *, when, **data):  # 结束
        self.closed_at = when


class PlanHistory(TransitionRecord):
    """监测计划流转记录."""

    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.PROTECT, related_name="history", verbose_name=_("监测计划")
    )

    class Meta:
        verbose_name = _("监测计划流转记录")
        verbose_name_plural = _("监测计划流转记录")
        ordering = ["plan_id", "pk"]


class PlanItem(models.Model):
    """A line of a local plan: which product is sampled at which point, how many samples
    (抽样数量) and when."""

    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.PROTECT, related_name="items", verbose_name=_("监测计划")
    )
    product = models.CharField(_("监测产品"), max_length=100)
    point = models.ForeignKey(
        MonitoringPoint, on_delete=models.PROTECT, related_name="items", verbose_name=_("监测点")
    )
    hazards = models.CharField(_("检测项目"), max_length=300, blank=True)
    quota = models.PositiveIntegerField(_("抽样数量"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("监测计划项目")
        verbose_name_plural = _("监测计划项目")
        ordering = ["plan_id", "product", "pk"]
        constraints = [
            models.CheckConstraint(
                name="monitoring_item_schedule",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(name="monitoring_item_quota", condition=models.Q(quota__gte=1)),
        ]

    def __str__(self):
        return f"{self.product} · {self.point}"


class SampleResult(AppendOnlyModel):
    """抽样检测结果 of one sample under a plan item. Written once; a correction is a new row that
    supersedes it (`supersedes`), the old one kept: what counts is the newest of each sample."""

    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.PROTECT, related_name="results", verbose_name=_("监测计划")
    )
    item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, related_name="results", verbose_name=_("监测计划项目")
    )
    sample_code = models.CharField(_("样品编号"), max_length=40)
    sampled_on = models.DateField(_("抽样日期"))
    place = models.CharField(_("抽样地点"), max_length=200)
    enterprise_name = models.CharField(_("企业名称"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    laboratory = models.CharField(_("检测机构"), max_length=200)
    verdict = models.CharField(_("检测结论"), max_length=8, choices=Verdict.choices)
    failed_items = models.TextField(_("不合格项目及危害"), blank=True)
    notes = models.TextField(_("备注"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("更正的记录"),
    )
    correction_reason = models.TextField(_("更正理由"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽样检测结果")
        verbose_name_plural = _("抽样检测结果")
        ordering = ["plan_id", "pk"]
        indexes = [models.Index(fields=["plan", "item"], name="monitoring_result_item")]
        constraints = [
            # One first record per sample code in a plan; its corrections carry the same code.
            models.UniqueConstraint(
                fields=["plan", "sample_code"],
                condition=models.Q(supersedes__isnull=True),
                name="monitoring_sample_code_once",
                violation_error_message=_("本计划中该样品编号已录入；如需更正，请使用更正功能。"),
            ),
            models.CheckConstraint(
                name="monitoring_failed_items_named",
                condition=~models.Q(verdict=Verdict.FAIL) | ~models.Q(failed_items=""),
            ),
            models.CheckConstraint(
                name="monitoring_correction_reason",
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
            ),
        ]

    def __str__(self):
        return self.sample_code

    @property
    def failed(self) -> bool:
        return self.verdict == Verdict.FAIL
