"""风险预警与快速反应 (seed 004): HQ's settings, warning standard and catalogue of measures; the
risk signal with its evidence and the experts' opinions; the graded warning with its targets and
the notifications its scope must acknowledge; the rapid-response measures and their progress."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from casework.models import FileAccess, StoredFile, TransitionRecord
from casework.workflow import nobody
from ecoorigin.append_only import AppendOnlyModel
from experts.models import Expert
from regions.models import Bureau, Zone
from supervision.models import Complaint

from . import workflow as wf
from .workflow import (
    Channel,
    Conclusion,
    Effect,
    Grade,
    MeasureKind,
    MeasureState,
    Scope,
    SignalState,
    WarningState,
)


class RiskSettings(models.Model):
    """HQ's time limits that the seed does not fix (风险预警时限设置): one row, shown on each record
    they govern. Changed through the admin (audited)."""

    acknowledgement_hours = models.PositiveSmallIntegerField(
        _("预警签收时限（小时）"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    assessment_days = models.PositiveSmallIntegerField(
        _("专家评估时限（日）"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("措施逾期后督办（日）"),
        default=0,
        validators=[MaxValueValidator(90)],
        help_text=_("措施超过期限多少日后报签发单位督办；0 为到期次日即督办。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("风险预警时限设置")
        verbose_name_plural = _("风险预警时限设置")

    def __str__(self):
        return str(_("风险预警时限设置"))

    @classmethod
    def current(cls) -> "RiskSettings":
        return cls.objects.get_or_create(pk=1)[0]


class WarningStandard(models.Model):
    """风险预警等级划分标准 (§二.7: 按照国家标准，健全风险预警等级划分标准和动态调整规则): the
    criteria of each grade, versioned by HQ. A warning keeps the version it was graded by; a
    published version is never changed, a new one supersedes it."""

    version = models.PositiveSmallIntegerField(_("版本"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    criteria_i = models.TextField(_("Ⅰ级（红色）判定标准"))
    criteria_ii = models.TextField(_("Ⅱ级（橙色）判定标准"))
    criteria_iii = models.TextField(_("Ⅲ级（黄色）判定标准"))
    criteria_iv = models.TextField(_("Ⅳ级（蓝色）判定标准"))
    adjustment = models.TextField(_("动态调整规则"))
    effective_from = models.DateField(_("施行日期"))
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("风险预警等级划分标准")
        verbose_name_plural = _("风险预警等级划分标准")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.title}（{_('第%(version)s版') % {'version': self.version}}）"

    @classmethod
    def in_force(cls) -> "WarningStandard | None":
        return (
            cls.objects.filter(effective_from__lte=timezone.localdate())
            .order_by("-version")
            .first()
        )

    def criteria(self) -> list[tuple[str, str, str]]:
        """(grade, label, criteria) from the most serious down."""
        return [
            (Grade.I, Grade.I.label, self.criteria_i),
            (Grade.II, Grade.II.label, self.criteria_ii),
            (Grade.III, Grade.III.label, self.criteria_iii),
            (Grade.IV, Grade.IV.label, self.criteria_iv),
        ]


class MeasureCatalogueEntry(models.Model):
    """快速反应措施目录 (§二.9): each measure, the warning grades it suits, and the default time
    to carry it out. HQ keeps it (admin, audited)."""

    kind = models.CharField(_("措施"), max_length=24, choices=MeasureKind.choices, unique=True)
    grades = models.JSONField(_("适用预警等级"), default=list)
    default_days = models.PositiveSmallIntegerField(
        _("默认实施期限（日）"), default=15, validators=[MinValueValidator(1)]
    )
    guidance = models.TextField(_("实施要求"), blank=True)

    class Meta:
        verbose_name = _("快速反应措施目录")
        verbose_name_plural = _("快速反应措施目录")
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()

    def suits(self, grade: str) -> bool:
        return grade in self.grades

    @property
    def grade_labels(self) -> str:
        return "、".join(str(Grade(g).label) for g in self.grades if g in Grade.values)


# --- 风险信息 ---------------------------------------------------------------------------------


class RiskSignal(FSMModelMixin, models.Model):
    """风险信息 from one of the seed's channels (§二.2): a product, the enterprise where known, the
    place, the source and the evidence. Routed to a bureau, which (or HQ) has it assessed by
    experts (§二.5) or dismisses it; a duplicate is merged into the signal it repeats. Runs on the
    case engine (programme "risk_signal")."""

    number = models.CharField(_("编号"), max_length=24, unique=True)
    channel = models.CharField(_("信息来源渠道"), max_length=16, choices=Channel.choices)
    source = models.CharField(
        _("信息来源"),
        max_length=200,
        help_text=_("报告单位、媒体名称或网址、投诉举报编号等。"),
    )
    product = models.CharField(_("产品"), max_length=128)
    enterprise_name = models.CharField(_("涉及企业"), max_length=128, blank=True)
    enterprise_uscc = models.CharField(
        _("企业统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    place = models.CharField(_("发生地"), max_length=200)
    description = models.TextField(_("风险描述"))
    evidence = models.TextField(_("证据说明"), blank=True)
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="risk_signals", verbose_name=_("承办直属局")
    )
    complaint = models.OneToOneField(
        Complaint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_signal",
        verbose_name=_("来源投诉举报"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报告人"),
    )
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True, db_index=True)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=SignalState.choices,
        default=SignalState.REPORTED,
        protected=True,
    )
    assessment_due_on = models.DateField(_("评估期限"), null=True, blank=True)
    conclusion = models.CharField(
        _("评估结论"), max_length=8, choices=Conclusion.choices, blank=True
    )
    finding = models.TextField(_("评估意见"), blank=True)
    failed_product = models.BooleanField(_("产品风险评估不合格"), default=False)
    consumer_advice = models.TextField(_("消费提示"), blank=True)
    concluded_at = models.DateTimeField(_("评估完成时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("合并至"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("风险信息")
        verbose_name_plural = _("风险信息")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-id"], name="risk_signal_bureau_state"),
            models.Index(fields=["state", "-id"], name="risk_signal_state"),
            models.Index(fields=["channel", "reported_at"], name="risk_signal_channel_month"),
        ]
        constraints = [
            models.CheckConstraint(
                name="risk_signal_published_with_advice",
                condition=Q(failed_product=False) | ~Q(consumer_advice=""),
                violation_error_message=_("评估不合格的产品须附消费提示。"),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.product}"

    @transition(
        state,
        source=SignalState.REPORTED,
        target=SignalState.ASSESSING,
        permission=wf.is_signal_unit,
    )
    def open_assessment(self, *, due_on, **data):  # 组织专家评估
        self.assessment_due_on = due_on

    @transition(
        state,
        source=SignalState.ASSESSING,
        target=SignalState.CONCLUDED,
        permission=wf.is_signal_unit,
        conditions=[wf.all_opinions_in],
    )
    def conclude(self, *, conclusion, finding, failed_product, consumer_advice, **data):  # 评估结论
        self.conclusion = conclusion
        self.finding = finding
        self.failed_product = failed_product
        self.consumer_advice = consumer_advice
        self.concluded_at = timezone.now()

    @transition(
        state,
        source=SignalState.REPORTED,
        target=SignalState.DISMISSED,
        permission=wf.is_signal_unit,
    )
    def dismiss(self, **data):  # 不予评估
        pass

    @transition(
        state,
        source=[SignalState.REPORTED, SignalState.ASSESSING],
        target=SignalState.MERGED,
        permission=wf.is_signal_unit,
    )
    def merge(self, *, into, **data):  # 合并重复信息
        self.merged_into = into

    @property
    def is_public(self) -> bool:
        """A failed product assessment is published with its advice (§二.6)."""
        return self.state == SignalState.CONCLUDED and self.failed_product


class SignalHistory(TransitionRecord):
    """风险信息流转记录."""

    signal = models.ForeignKey(
        RiskSignal, on_delete=models.PROTECT, related_name="history", verbose_name=_("风险信息")
    )

    class Meta:
        verbose_name = _("风险信息流转记录")
        verbose_name_plural = _("风险信息流转记录")
        ordering = ["signal_id", "pk"]


class SignalDocument(StoredFile):
    """风险信息证据材料: checked by content, read only by those who may see the signal, every read
    logged."""

    signal = models.ForeignKey(
        RiskSignal, on_delete=models.PROTECT, related_name="documents", verbose_name=_("风险信息")
    )
    file = models.FileField(_("文件"), upload_to="risk-signals/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("风险信息证据材料")
        verbose_name_plural = _("风险信息证据材料")
        ordering = ["signal_id", "pk"]


class SignalDocumentAccess(FileAccess):
    """风险信息证据材料查阅记录."""

    document = models.ForeignKey(
        SignalDocument, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("材料")
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("风险信息证据材料查阅记录")
        verbose_name_plural = _("风险信息证据材料查阅记录")


class AssessmentOpinion(models.Model):
    """评估专家意见 (§二.5): one row per committee member assigned to the signal, laid when the
    assessment opens, answered once by the expert (or by the assessing unit's staff on the
    expert's written opinion) and never changed after."""

    signal = models.ForeignKey(
        RiskSignal, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("风险信息")
    )
    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="risk_opinions", verbose_name=_("专家")
    )
    drawn = models.BooleanField(_("随机抽取"), default=False)
    suggested_grade = models.CharField(
        _("建议结论"), max_length=8, choices=Conclusion.choices, blank=True
    )
    opinion = models.TextField(_("评估意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    recorded_at = models.DateTimeField(_("提出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评估专家意见")
        verbose_name_plural = _("评估专家意见")
        ordering = ["signal_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["signal", "expert"], name="risk_opinion_once"),
        ]

    def __str__(self):
        return f"{self.signal} · {self.expert}"


# --- 风险预警 ---------------------------------------------------------------------------------


class RiskWarning(FSMModelMixin, models.Model):
    """风险预警 (§二.7–8): a grade by the standard in force, a scope (one bureau's area, a zone,
    the country), the products and enterprises it targets. Issued by HQ, or by a bureau within its
    own area for grades Ⅲ and Ⅳ; raised and lowered with reasons (each a history row) and lifted.
    Every bureau in scope is notified at once and acknowledges. Runs on the case engine
    (programme "risk_warning")."""

    number = models.CharField(_("预警编号"), max_length=24, unique=True, null=True, blank=True)
    title = models.CharField(_("预警标题"), max_length=200)
    grade = models.CharField(_("预警等级"), max_length=4, choices=Grade.choices)
    standard = models.ForeignKey(
        WarningStandard,
        on_delete=models.PROTECT,
        related_name="warnings",
        verbose_name=_("等级划分标准"),
    )
    scope = models.CharField(_("预警范围"), max_length=16, choices=Scope.choices)
    scope_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("预警关区"),
    )
    scope_zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_warnings",
        verbose_name=_("预警片区"),
    )
    products = models.CharField(_("涉及产品"), max_length=300)
    description = models.TextField(_("风险描述"))
    consumer_advice = models.TextField(_("消费提示"), blank=True)
    signal = models.ForeignKey(
        RiskSignal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("依据的风险评估"),
    )
    # None: HQ issues it.
    issuing_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_risk_warnings",
        verbose_name=_("发布直属局"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=WarningState.choices,
        default=WarningState.DRAFT,
        protected=True,
    )
    issued_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["state", "grade"], name="risk_warning_state_grade"),
            models.Index(fields=["issuing_bureau", "state"], name="risk_warning_issuer"),
        ]
        constraints = [
            models.CheckConstraint(
                name="risk_warning_scope_target",
                condition=(
                    Q(scope=Scope.NATIONAL, scope_bureau__isnull=True, scope_zone__isnull=True)
                    | Q(scope=Scope.ZONE, scope_bureau__isnull=True, scope_zone__isnull=False)
                    | Q(scope=Scope.BUREAU, scope_bureau__isnull=False, scope_zone__isnull=True)
                ),
                violation_error_message=_("预警范围与所选关区或片区不一致。"),
            )
        ]

    def __str__(self):
        return self.number or self.title

    @property
    def issuer_label(self) -> str:
        return self.issuing_bureau.name if self.issuing_bureau_id else str(_("海关总署"))

    @property
    def scope_label(self) -> str:
        if self.scope == Scope.BUREAU:
            return self.scope_bureau.name
        if self.scope == Scope.ZONE:
            return self.scope_zone.name
        return str(Scope.NATIONAL.label)

    @property
    def colour(self) -> str:
        return wf.GRADE_COLOURS[self.grade]

    @transition(
        state, source=WarningState.DRAFT, target=WarningState.ISSUED, permission=wf.is_issuer
    )
    def issue(self, *, number, **data):  # 发布预警
        self.number = number
        self.issued_at = timezone.now()

    @transition(
        state, source=WarningState.ISSUED, target=WarningState.ISSUED, permission=wf.is_issuer
    )
    def raise_grade(self, *, grade, **data):  # 提高预警等级
        self.grade = grade

    @transition(
        state, source=WarningState.ISSUED, target=WarningState.ISSUED, permission=wf.is_issuer
    )
    def lower_grade(self, *, grade, **data):  # 降低预警等级
        self.grade = grade

    @transition(
        state, source=WarningState.ISSUED, target=WarningState.LIFTED, permission=wf.is_issuer
    )
    def lift(self, **data):  # 解除预警
        self.lifted_at = timezone.now()


class WarningHistory(TransitionRecord):
    """风险预警流转记录: issue, each raise and lowering with its reason (data: from and to grade),
    lifting."""

    warning = models.ForeignKey(
        RiskWarning, on_delete=models.PROTECT, related_name="history", verbose_name=_("风险预警")
    )

    class Meta:
        verbose_name = _("风险预警流转记录")
        verbose_name_plural = _("风险预警流转记录")
        ordering = ["warning_id", "pk"]


class WarningTarget(models.Model):
    """预警目标企业: an enterprise the warning names (by 统一社会信用代码 where known)."""

    warning = models.ForeignKey(
        RiskWarning, on_delete=models.PROTECT, related_name="targets", verbose_name=_("风险预警")
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=128)
    enterprise_uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("预警目标企业")
        verbose_name_plural = _("预警目标企业")
        ordering = ["warning_id", "pk"]

    def __str__(self):
        return self.enterprise_name


class WarningNotification(models.Model):
    """预警通报: one per bureau in the warning's scope for each issue, change of grade and
    lifting, in its inbox and e-mailed to its staff; the bureau acknowledges (签收) within HQ's
    time limit."""

    warning = models.ForeignKey(
        RiskWarning,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("风险预警"),
    )
    entry = models.ForeignKey(
        WarningHistory,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("流转记录"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="risk_notifications",
        verbose_name=_("通报直属局"),
    )
    grade = models.CharField(_("通报时等级"), max_length=4, choices=Grade.choices)
    created_at = models.DateTimeField(_("通报时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("签收期限"))
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )

    class Meta:
        verbose_name = _("预警通报")
        verbose_name_plural = _("预警通报")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["bureau", "due_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="risk_notice_unacknowledged",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "bureau"], name="risk_notice_once"),
        ]

    def __str__(self):
        return f"{self.warning} → {self.bureau}"

    @property
    def overdue(self) -> bool:
        return self.acknowledged_at is None and timezone.now() > self.due_at


# --- 快速反应措施 ------------------------------------------------------------------------------


class ResponseMeasure(FSMModelMixin, models.Model):
    """快速反应措施 (§二.9–10): one measure of the catalogue that suits the warning's grade, against
    an enterprise where one is named, assigned to a responsible bureau with a deadline; the bureau
    starts it, reports progress (a recall: the quantity recalled against the quantity concerned)
    and completes it; the warning's issuer evaluates its effect and lifts it, and lowering or
    lifting the warning lifts the measures its grade no longer suits. Runs on the case engine
    (programme "risk_measure")."""

    warning = models.ForeignKey(
        RiskWarning, on_delete=models.PROTECT, related_name="measures", verbose_name=_("风险预警")
    )
    kind = models.CharField(_("措施"), max_length=24, choices=MeasureKind.choices)
    description = models.TextField(_("措施要求"))
    enterprise_name = models.CharField(_("对象企业"), max_length=128, blank=True)
    enterprise_uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    responsible_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="risk_measures",
        verbose_name=_("责任直属局"),
    )
    due_on = models.DateField(_("完成期限"), db_index=True)
    # 缺陷召回 (§二.10): what is to come back and what has.
    quantity_concerned = models.DecimalField(
        _("涉及数量"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quantity_recalled = models.DecimalField(
        _("已召回数量"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    quantity_unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("部署人"),
    )
    assigned_at = models.DateTimeField(_("部署时间"), auto_now_add=True)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=MeasureState.choices,
        default=MeasureState.ASSIGNED,
        protected=True,
    )
    started_at = models.DateTimeField(_("开始实施时间"), null=True, blank=True)
    result = models.TextField(_("完成情况"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    effect = models.CharField(_("效果评价"), max_length=16, choices=Effect.choices, blank=True)
    evaluation = models.TextField(_("评价意见"), blank=True)
    evaluated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期督办时间"), null=True, blank=True)
    escalation_emailed_at = models.DateTimeField(_("督办邮件发送时间"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("快速反应措施")
        verbose_name_plural = _("快速反应措施")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["responsible_bureau", "state", "due_on"], name="risk_measure_bureau_due"
            ),
            models.Index(fields=["state", "due_on"], name="risk_measure_state_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="risk_measure_recall_quantity",
                condition=~Q(kind=MeasureKind.RECALL) | Q(quantity_concerned__gt=0),
                violation_error_message=_("缺陷召回须填写涉及数量。"),
            ),
        ]

    def __str__(self):
        return f"{self.warning} · {self.get_kind_display()}"

    @property
    def is_recall(self) -> bool:
        return self.kind == MeasureKind.RECALL

    @property
    def recall_rate(self):
        """召回率 in per cent, one decimal (None unless a recall)."""
        if not self.is_recall or not self.quantity_concerned:
            return None
        return round(self.quantity_recalled * 100 / self.quantity_concerned, 1)

    @property
    def overdue(self) -> bool:
        return self.state in wf.ACTIVE_MEASURE_STATES and timezone.localdate() > self.due_on

    @transition(
        state,
        source=MeasureState.ASSIGNED,
        target=MeasureState.IN_PROGRESS,
        permission=wf.is_responsible_bureau,
    )
    def start(self, **data):  # 开始实施
        self.started_at = timezone.now()

    @transition(
        state,
        source=[MeasureState.ASSIGNED, MeasureState.IN_PROGRESS],
        target=MeasureState.COMPLETED,
        permission=wf.is_responsible_bureau,
    )
    def complete(self, *, result, **data):  # 报告完成
        self.result = result
        self.completed_at = timezone.now()

    @transition(
        state,
        source=MeasureState.COMPLETED,
        target=MeasureState.EVALUATED,
        permission=wf.is_measure_issuer,
    )
    def evaluate(self, *, effect, evaluation, **data):  # 效果评价
        self.effect = effect
        self.evaluation = evaluation
        self.evaluated_at = timezone.now()

    @transition(
        state,
        source=list(wf.UNLIFTED_MEASURE_STATES),
        target=MeasureState.LIFTED,
        permission=wf.is_measure_issuer,
    )
    def lift(self, **data):  # 解除措施
        self.lifted_at = timezone.now()

    @transition(
        state,
        source=list(wf.UNLIFTED_MEASURE_STATES),
        target=MeasureState.LIFTED,
        permission=nobody,
    )
    def lift_with_warning(self, **data):  # 随预警解除或降级解除
        self.lifted_at = timezone.now()

    @transition(
        state,
        source=list(wf.ACTIVE_MEASURE_STATES),
        target=RETURN_VALUE(*wf.ACTIVE_MEASURE_STATES),
        permission=nobody,
    )
    def escalate(self, **data):  # 逾期督办: the state stays, the issuer is told
        self.escalated_at = timezone.now()
        return self.state


class MeasureHistory(TransitionRecord):
    """快速反应措施流转记录."""

    measure = models.ForeignKey(
        ResponseMeasure, on_delete=models.PROTECT, related_name="history", verbose_name=_("措施")
    )

    class Meta:
        verbose_name = _("快速反应措施流转记录")
        verbose_name_plural = _("快速反应措施流转记录")
        ordering = ["measure_id", "pk"]


class MeasureProgress(AppendOnlyModel):
    """措施进展报告: what the responsible bureau has done; for a recall, the quantity recalled so
    far (cumulative), which the measure then carries."""

    measure = models.ForeignKey(
        ResponseMeasure,
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("措施"),
    )
    text = models.TextField(_("进展情况"))
    quantity_recalled = models.DecimalField(
        _("累计召回数量"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报告人"),
    )
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("措施进展报告")
        verbose_name_plural = _("措施进展报告")
        ordering = ["measure_id", "pk"]

    def __str__(self):
        return f"{self.measure} · {self.reported_at:%Y-%m-%d}"


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------


class EmergencyReport(FSMModelMixin, models.Model):
    """突发公共卫生事件通报: a public-health emergency one of the three places' bureaus records
    (what happened, where, when it occurred, when the bureau learnt of it) and notifies, with its
    handling, to the other two places' bureaus within six hours of learning of it (the wall clock,
    not working days). Not notified in time, a beat sweep puts it before HQ once (escalated_at).
    Runs on the case engine (programme "risk_emergency")."""

    number = models.CharField(_("通报编号"), max_length=24, unique=True)
    title = models.CharField(_("事件名称"), max_length=200)
    description = models.TextField(_("事件情况"))
    location = models.CharField(_("发生地点"), max_length=200)
    occurred_at = models.DateTimeField(_("发生时间"))
    # The clock's start: six hours from here to notify the other members.
    learnt_at = models.DateTimeField(_("获知时间"), db_index=True)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="emergency_reports",
        verbose_name=_("通报直属局"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=wf.EmergencyState.choices,
        default=wf.EmergencyState.RECORDED,
        protected=True,
    )
    handling = models.TextField(_("应急处置情况"), blank=True)
    notified_at = models.DateTimeField(_("通报时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期报总局时间"), null=True, blank=True)
    # When the e-mails went out (risk.services.emergency_*_mail): a retried task sends none again.
    notified_emailed_at = models.DateTimeField(_("通报邮件发送时间"), null=True, blank=True)
    escalation_emailed_at = models.DateTimeField(_("报总局邮件发送时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("突发公共卫生事件通报")
        verbose_name_plural = _("突发公共卫生事件通报")
        ordering = ["-learnt_at", "-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-id"], name="risk_emergency_bureau"),
            models.Index(fields=["state", "learnt_at"], name="risk_emergency_clock"),
        ]
        constraints = [
            models.CheckConstraint(
                name="risk_emergency_learnt_after_occurred",
                condition=Q(occurred_at__lte=models.F("learnt_at")),
                violation_error_message=_("获知时间不能早于发生时间。"),
            ),
            models.CheckConstraint(
                name="risk_emergency_notified_when",
                condition=Q(state=wf.EmergencyState.RECORDED, notified_at__isnull=True)
                | Q(state=wf.EmergencyState.NOTIFIED, notified_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def deadline(self):
        """Six hours on the wall clock from when the place learnt of it."""
        return self.learnt_at + timedelta(hours=wf.EMERGENCY_NOTIFY_HOURS)

    @property
    def late(self) -> bool:
        """Notified after the deadline, or still not notified past it."""
        moment = self.notified_at or timezone.now()
        return moment > self.deadline

    @property
    def status(self) -> str:
        """The clock's verdict (workflow.EmergencyStatus)."""
        if self.state == wf.EmergencyState.NOTIFIED:
            return wf.EmergencyStatus.NOTIFIED_LATE if self.late else wf.EmergencyStatus.NOTIFIED
        return wf.EmergencyStatus.OVERDUE if self.late else wf.EmergencyStatus.PENDING

    def get_status_display(self) -> str:
        return wf.EmergencyStatus(self.status).label

    @property
    def clock(self) -> dict:
        """What the page shows: the hours and minutes left, or how late it is (or was)."""
        moment = self.notified_at or timezone.now()
        seconds = int((self.deadline - moment).total_seconds())
        minutes = abs(seconds) // 60
        return {
            "late": seconds < 0,
            "hours": minutes // 60,
            "minutes": minutes % 60,
            "running": self.notified_at is None,
        }

    @transition(
        state,
        source=wf.EmergencyState.RECORDED,
        target=wf.EmergencyState.NOTIFIED,
        permission=wf.is_reporting_bureau,
    )
    def notify(self, *, handling, **data):  # 通报其他成员
        self.handling = handling
        self.notified_at = timezone.now()

    @transition(
        state,
        source=wf.EmergencyState.RECORDED,
        target=wf.EmergencyState.RECORDED,
        permission=nobody,
        conditions=[wf.notification_overdue],
    )
    def escalate(self, **data):  # 逾期未通报，报总局: the state stays
        self.escalated_at = timezone.now()


class EmergencyHistory(TransitionRecord):
    """突发公共卫生事件通报流转记录."""

    report = models.ForeignKey(
        EmergencyReport,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("突发公共卫生事件通报"),
    )

    class Meta:
        verbose_name = _("突发公共卫生事件通报流转记录")
        verbose_name_plural = _("突发公共卫生事件通报流转记录")
        ordering = ["report_id", "pk"]


class EmergencyAcknowledgement(models.Model):
    """通报收悉: one per other place's bureau when the emergency is notified; a head-office clerk
    of that bureau confirms receipt, once."""

    report = models.ForeignKey(
        EmergencyReport,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
        verbose_name=_("突发公共卫生事件通报"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="emergency_acknowledgements",
        verbose_name=_("被通报直属局"),
    )
    created_at = models.DateTimeField(_("通报时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("收悉时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("收悉人"),
    )

    class Meta:
        verbose_name = _("突发公共卫生事件通报收悉")
        verbose_name_plural = _("突发公共卫生事件通报收悉")
        ordering = ["report_id", "bureau_id"]
        indexes = [
            models.Index(
                fields=["bureau", "created_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="risk_emergency_unacknowledged",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["report", "bureau"], name="risk_emergency_ack_once"),
        ]

    def __str__(self):
        return f"{self.report} → {self.bureau}"
