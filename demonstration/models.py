"""示范区 (the case of seed 001), its assessment, its title, its materials, its history and the
notices it sends to the zone's local government."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Role, User
from casework.models import CaseNotice, DrawPlan, FileAccess, StoredFile, TransitionRecord
from casework.workflow import nobody
from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.validators import validate_uscc
from regions.models import Bureau, Organisation

from . import workflow as wf
from .workflow import Cause, EnterpriseState, EventKind, EventState, Level, State

# The pass mark of a bureau's standard unless it says otherwise.
DEFAULT_PASS_MARK = 60
# A national zone passes with this total of the four conditions' scores (100 in all) unless the
# assessment team finds a condition not met at all (0 points).
NATIONAL_PASS_MARK = 60


class AssessmentStandard(models.Model):
    """省级示范区评估标准: each bureau publishes its own (§七.2), in versions; a provincial zone
    is assessed against the version in force when it was submitted."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="zone_standards", verbose_name=_("直属局")
    )
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标准名称"), max_length=200)
    text = models.TextField(_("标准内容"))
    pass_mark = models.PositiveSmallIntegerField(_("合格分数线"), default=DEFAULT_PASS_MARK)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("省级示范区评估标准")
        verbose_name_plural = _("省级示范区评估标准")
        ordering = ["bureau_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "version"], name="zone_standard_version"),
            models.CheckConstraint(
                name="zone_standard_pass_mark_0_100", condition=models.Q(pass_mark__lte=100)
            ),
        ]

    def __str__(self):
        return f"{self.bureau} v{self.version}: {self.title}"


class DemonstrationZone(FSMModelMixin, models.Model):
    """出口工业产品质量安全示范区: one local government's application, from the §四
    self-assessment to the title and its withdrawal. `state` changes only through the
    transition methods, fired by the case engine (casework.services.case_transition)."""

    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    name = models.CharField(_("示范区名称"), max_length=128)
    applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="demonstration_zones",
        verbose_name=_("申请地方政府"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="demonstration_zones",
        verbose_name=_("辖区直属局"),
    )
    industry = models.CharField(_("集聚产业"), max_length=128)
    # The §四 conditions as the applicant assesses itself.
    enterprise_count = models.PositiveIntegerField(_("区内出口企业数"))
    cluster = models.TextField(_("企业集聚情况"))
    export_value = models.DecimalField(_("年度出口额（万美元）"), max_digits=14, decimal_places=2)
    export_share = models.DecimalField(
        _("占全国（或全省）同类行业出口比例（%）"), max_digits=5, decimal_places=2
    )
    local_share = models.DecimalField(_("占当地出口总量比重（%）"), max_digits=5, decimal_places=2)
    quality = models.TextField(_("质量安全水平"))
    organisation = models.TextField(_("综合协调管理机构及运行机制"))
    in_quality_appraisal = models.BooleanField(_("已纳入地方政府质量工作考核体系"), default=False)
    standard = models.ForeignKey(
        AssessmentStandard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("评估标准"),
    )
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, protected=True
    )
    submitted_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    # The title (称号): number, term and certificate, once designated.
    number = models.CharField(_("称号编号"), max_length=32, unique=True, null=True, blank=True)
    designated_at = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    certificate_pdf = models.FileField(_("称号证书"), upload_to="zone-titles/%Y/", blank=True)
    withdrawal_reason = models.TextField(_("撤销原因（公告）"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("质量安全示范区")
        verbose_name_plural = _("质量安全示范区")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-id"], name="zone_bureau_state"),
            models.Index(fields=["state", "-id"], name="zone_state"),
        ]

    def __str__(self):
        return self.name

    @transition(
        state,
        source=[State.DRAFT, State.RETURNED],
        target=State.SUBMITTED,
        permission=wf.is_applicant,
    )
    def submit(self, *, standard=None, **data):  # 申请
        self.submitted_at = timezone.now()
        self.standard = standard

    @transition(
        state, source=State.SUBMITTED, target=State.RETURNED, permission=wf.is_jurisdiction_bureau
    )
    def return_for_revision(self, **data):  # 退回修改
        pass

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.RECOMMENDED,
        permission=wf.is_jurisdiction_bureau,
        conditions=[wf.is_national],
    )
    def recommend(self, **data):  # 推荐 (national zones only)
        pass

    @transition(
        state,
        source=[State.SUBMITTED, State.RECOMMENDED],
        target=State.ASSESSING,
        permission=wf.is_assessor,
        conditions=[wf.ready_for_assessment],
    )
    def organise_assessment(self, **data):  # 组织评估
        pass

    @transition(state, source=State.ASSESSING, target=State.ASSESSED, permission=wf.is_assessor)
    def record_assessment(self, **data):  # 评估结果 (the ZoneAssessment row is the programme's)
        pass

    @transition(
        state,
        source=State.ASSESSED,
        target=State.DESIGNATED,
        permission=wf.is_assessor,
        conditions=[wf.assessment_passed],
    )
    def designate(self, *, number, designated_at, valid_until, **data):  # 认定命名
        self.number = number
        self.designated_at = designated_at
        self.valid_until = valid_until

    @transition(
        state,
        source=[State.RECOMMENDED, State.ASSESSING, State.ASSESSED],
        target=State.REFUSED,
        permission=wf.is_assessor,
    )
    def refuse(self, **data):  # 不予认定
        pass

    @transition(
        state, source=State.DESIGNATED, target=State.WITHDRAWN, permission=wf.may_withdraw_title
    )
    def withdraw_title(self, *, reason, **data):  # 撤销称号, reason published (§六.6)
        self.withdrawal_reason = reason


class ZoneAssessment(models.Model):
    """评估: the team HQ (or, for a provincial zone, the bureau) sends, and its score per §四
    condition; the total against the pass mark decides whether the zone may be designated."""

    zone = models.OneToOneField(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="assessment",
        verbose_name=_("示范区"),
    )
    team = models.TextField(_("评估组成员"))
    organised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("组织人"),
    )
    organised_at = models.DateTimeField(_("组织时间"), auto_now_add=True)
    score_cluster = models.PositiveSmallIntegerField(_("企业集聚得分"), null=True, blank=True)
    score_export = models.PositiveSmallIntegerField(_("出口规模得分"), null=True, blank=True)
    score_quality = models.PositiveSmallIntegerField(_("质量安全得分"), null=True, blank=True)
    score_organisation = models.PositiveSmallIntegerField(_("组织保障得分"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("合格分数线"), null=True, blank=True)
    conclusion = models.TextField(_("评估结论"), blank=True)
    recorded_at = models.DateTimeField(_("评估完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("示范区评估")
        verbose_name_plural = _("示范区评估")

    def __str__(self):
        return f"{self.zone}"

    @property
    def scores(self) -> list[int | None]:
        return [getattr(self, f"score_{code}") for code, _label in wf.CONDITIONS]

    @property
    def total(self) -> int | None:
        scores = self.scores
        return None if None in scores else sum(scores)

    @property
    def passed(self) -> bool:
        total = self.total
        return (
            total is not None
            and self.pass_mark is not None
            and total >= self.pass_mark
            and min(self.scores) > 0
        )


class ZoneHistory(TransitionRecord):
    """示范区流转记录."""

    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("示范区"),
    )

    class Meta:
        verbose_name = _("示范区流转记录")
        verbose_name_plural = _("示范区流转记录")
        ordering = ["zone_id", "pk"]


class ZoneDocument(StoredFile):
    """示范区申请材料 and assessment reports: checked by content, read only by those who may
    see the zone, every read logged."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("申请材料")
        ASSESSMENT = "assessment", _("评估报告")
        OTHER = "other", _("其他")

    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("示范区"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="zone-documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("示范区材料")
        verbose_name_plural = _("示范区材料")
        ordering = ["zone_id", "pk"]


class ZoneDocumentAccess(FileAccess):
    """示范区材料查阅记录."""

    document = models.ForeignKey(
        ZoneDocument, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("材料")
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("示范区材料查阅记录")
        verbose_name_plural = _("示范区材料查阅记录")


class ZoneEnterprise(FSMModelMixin, models.Model):
    """入区企业 of a designated zone and its 示范企业 title (§三.5, §六.3): recorded by its own
    facts (a programme does not reach into another's enterprises), from the local government's
    proposal through admission, nomination, assessment and the numbered title to its withdrawal
    or the exit. `state` changes only through the transition methods, fired by the case engine
    (programme "demonstration_enterprise")."""

    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("示范区"),
    )
    name = models.CharField(_("企业名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_uscc])
    products = models.CharField(_("主要出口产品"), max_length=200)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=EnterpriseState.choices,
        default=EnterpriseState.PROPOSED,
        protected=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提议人"),
    )
    created_at = models.DateTimeField(_("提议时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    admitted_at = models.DateTimeField(_("入区时间"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("准予入区人"),
    )
    exited_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理退出人"),
    )
    exit_reason = models.TextField(_("退出原因"), blank=True)
    # The assessment for the title: its conclusion (the history says who and when).
    assessment_passed = models.BooleanField(_("评估合格"), null=True, blank=True)
    assessment_conclusion = models.TextField(_("评估结论"), blank=True)
    # The title: number and date, once granted; the reason of its withdrawal is published.
    number = models.CharField(_("示范企业编号"), max_length=48, unique=True, null=True, blank=True)
    granted_at = models.DateField(_("授予日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("称号撤销原因（公告）"), blank=True)

    class Meta:
        verbose_name = _("入区企业")
        verbose_name_plural = _("入区企业")
        ordering = ["zone_id", "pk"]
        indexes = [models.Index(fields=["zone", "state"], name="zone_enterprise_state")]
        constraints = [
            # An enterprise is in a zone (or proposed for it) once; after an exit or a declined
            # proposal it may be proposed again.
            models.UniqueConstraint(
                fields=["zone", "credit_code"],
                condition=~models.Q(state__in=[EnterpriseState.DECLINED, EnterpriseState.EXITED]),
                name="zone_enterprise_once",
            )
        ]

    def __str__(self):
        return self.name

    @transition(
        state,
        source=EnterpriseState.PROPOSED,
        target=EnterpriseState.ADMITTED,
        permission=wf.is_zone_bureau,
        conditions=[wf.zone_designated],
    )
    def admit(self, *, actor, **data):  # 准予入区
        self.admitted_at = timezone.now()
        self.admitted_by = actor

    @transition(
        state,
        source=EnterpriseState.PROPOSED,
        target=EnterpriseState.DECLINED,
        permission=wf.is_zone_bureau,
    )
    def decline(self, **data):  # 不予入区
        pass

    @transition(
        state,
        source=EnterpriseState.ADMITTED,
        target=EnterpriseState.NOMINATED,
        permission=wf.is_zone_government,
        conditions=[wf.zone_designated],
    )
    def nominate(self, **data):  # 推荐示范企业
        pass

    @transition(
        state,
        source=EnterpriseState.NOMINATED,
        target=EnterpriseState.ASSESSED,
        permission=wf.is_title_assessor,
    )
    def assess(self, *, passed: bool, comment: str = "", **data):  # 评估
        self.assessment_passed = passed
        self.assessment_conclusion = comment

    @transition(
        state,
        source=EnterpriseState.ASSESSED,
        target=EnterpriseState.GRANTED,
        permission=wf.is_title_assessor,
        conditions=[wf.title_grantable],
    )
    def grant(self, *, number, granted_at, **data):  # 授予示范企业称号
        self.number = number
        self.granted_at = granted_at

    @transition(
        state,
        source=[EnterpriseState.NOMINATED, EnterpriseState.ASSESSED],
        target=EnterpriseState.ADMITTED,
        permission=wf.is_title_assessor,
    )
    def refuse_title(self, **data):  # 不授予称号: back among the zone's enterprises
        self.assessment_passed = None
        self.assessment_conclusion = ""

    @transition(
        state,
        source=EnterpriseState.GRANTED,
        target=EnterpriseState.TITLE_WITHDRAWN,
        permission=wf.may_withdraw_enterprise_title,
    )
    def withdraw_title(self, *, reason, **data):  # 撤销称号, reason published (§六.6)
        self.withdrawal_reason = reason

    @transition(
        state, source=EnterpriseState.GRANTED, target=EnterpriseState.GRANTED, permission=nobody
    )
    def propose_withdrawal(self, **data):  # 强制退出: put to the assessor, the history row says so
        pass

    @transition(
        state,
        source=EnterpriseState.GRANTED,
        target=EnterpriseState.TITLE_WITHDRAWN,
        permission=wf.may_end_title,
        conditions=[wf.zone_title_withdrawn],
    )
    def end_title(self, *, reason, **data):  # the zone's title withdrawn: the zone's reason
        self.withdrawal_reason = reason

    @transition(
        state,
        source=wf.IN_ZONE,
        target=EnterpriseState.EXITED,
        permission=wf.is_zone_bureau,
    )
    def exit_zone(self, *, actor, reason, **data):  # 退出示范区
        self.exited_at = timezone.now()
        self.exited_by = actor
        self.exit_reason = reason


class EnterpriseHistory(TransitionRecord):
    """入区企业流转记录."""

    enterprise = models.ForeignKey(
        ZoneEnterprise,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("入区企业"),
    )

    class Meta:
        verbose_name = _("入区企业流转记录")
        verbose_name_plural = _("入区企业流转记录")
        ordering = ["enterprise_id", "pk"]


class ArchiveEvent(FSMModelMixin, models.Model):
    """质量档案事件 (§六.6): 国外通报, 召回, 出口退运 or 国内监督抽查不合格 of an enterprise of the
    zone, followed by the zone's bureau from the opening through the investigation, the cause
    and the actions it calls for, to the closure (programme "demonstration_archive")."""

    enterprise = models.ForeignKey(
        ZoneEnterprise,
        on_delete=models.PROTECT,
        related_name="archive_events",
        verbose_name=_("入区企业"),
    )
    kind = models.CharField(_("事件类别"), max_length=24, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    product = models.CharField(_("涉及产品"), max_length=200)
    reference = models.CharField(_("通报或文书编号"), max_length=100, blank=True)
    description = models.TextField(_("事件情况"))
    state = FSMField(
        _("状态"),
        max_length=24,
        choices=EventState.choices,
        default=EventState.OPENED,
        protected=True,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("立档人"),
    )
    opened_at = models.DateTimeField(_("立档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    findings = models.TextField(_("调查情况"), blank=True)
    cause = models.CharField(_("问题原因"), max_length=24, choices=Cause.choices, blank=True)
    feedback = models.TextField(_("反馈情况"), blank=True)
    negotiation = models.TextField(_("交涉情况"), blank=True)
    support = models.TextField(_("帮扶措施"), blank=True)
    penalty = models.TextField(_("处罚措施"), blank=True)
    announcement = models.TextField(_("称号撤销原因（公告）"), blank=True)
    cancel_zone_title = models.BooleanField(_("同时撤销示范区称号"), default=False)
    conclusion = models.TextField(_("结案意见"), blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("质量档案事件")
        verbose_name_plural = _("质量档案事件")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["enterprise", "-id"], name="archive_event_enterprise"),
            models.Index(fields=["state", "-id"], name="archive_event_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.product}"

    @transition(
        state,
        source=EventState.OPENED,
        target=EventState.INVESTIGATED,
        permission=wf.is_archive_bureau,
    )
    def investigate(self, *, findings, **data):  # 责任追溯调查
        self.findings = findings

    @transition(
        state,
        source=EventState.INVESTIGATED,
        target=EventState.CLASSIFIED,
        permission=wf.is_archive_bureau,
    )
    def classify(self, *, cause, **data):  # 认定原因
        self.cause = cause

    @transition(
        state,
        source=EventState.CLASSIFIED,
        target=EventState.ACTIONS_RECORDED,
        permission=wf.is_archive_bureau,
    )
    def record_actions(self, *, actions: dict, cancel_zone_title: bool = False, **data):
        for field, value in actions.items():  # the cause's own fields (wf.ACTION_FIELDS)
            setattr(self, field, value)
        self.cancel_zone_title = cancel_zone_title

    @transition(
        state,
        source=EventState.ACTIONS_RECORDED,
        target=EventState.CLOSED,
        permission=wf.is_archive_bureau,
    )
    def close(self, *, conclusion, **data):  # 结案
        self.conclusion = conclusion
        self.closed_at = timezone.now()


class ArchiveEventHistory(TransitionRecord):
    """质量档案事件流转记录."""

    event = models.ForeignKey(
        ArchiveEvent,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("质量档案事件"),
    )

    class Meta:
        verbose_name = _("质量档案事件流转记录")
        verbose_name_plural = _("质量档案事件流转记录")
        ordering = ["event_id", "pk"]


class ArchiveEventDocument(StoredFile):
    """质量档案事件材料: the event's own papers (the 国外通报, the recall notice, the return
    papers, the spot-check report), the investigation's and those of the actions taken (反馈,
    交涉, 帮扶, 处罚); added by the zone's bureau, checked by content, read only by those who see
    the event, every read logged."""

    class Kind(models.TextChoices):
        EVENT = "event", _("事件原始材料")
        INVESTIGATION = "investigation", _("调查材料")
        ACTIONS = "actions", _("处理文书")
        OTHER = "other", _("其他")

    event = models.ForeignKey(
        ArchiveEvent,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("质量档案事件"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="archive-documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("质量档案事件材料")
        verbose_name_plural = _("质量档案事件材料")
        ordering = ["event_id", "pk"]


class ArchiveEventDocumentAccess(FileAccess):
    """质量档案事件材料查阅记录."""

    document = models.ForeignKey(
        ArchiveEventDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("质量档案事件材料查阅记录")
        verbose_name_plural = _("质量档案事件材料查阅记录")


class ZoneNotice(CaseNotice):
    """通知书 to the zone's local government (the applicant): what a transition of its zone or of
    an enterprise of its zone decided, in the inbox of the government's staff and e-mailed to
    them. Written with the history row that caused it: exactly one of the two is set."""

    pdf_template = "pdf/zone_notice.html"
    file_prefix = "zone-notice"

    class Kind(models.TextChoices):
        RETURN = "return", _("示范区申请补正通知书")
        RECOMMENDATION = "recommendation", _("示范区推荐上报通知")
        DESIGNATION = "designation", _("示范区认定通知书")
        REFUSAL = "refusal", _("示范区不予认定通知书")
        WITHDRAWAL = "withdrawal", _("示范区称号撤销通知书")
        ADMISSION = "admission", _("企业准予入区通知")
        DECLINE = "decline", _("企业不予入区通知")
        EXIT = "exit", _("企业退出示范区通知")
        TITLE_GRANT = "title_grant", _("示范企业称号授予通知")
        TITLE_REFUSAL = "title_refusal", _("不授予示范企业称号通知")
        TITLE_WITHDRAWAL = "title_withdrawal", _("示范企业称号撤销通知")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="zone_notices",
        verbose_name=_("收件地方政府"),
    )
    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("示范区"),
    )
    enterprise = models.ForeignKey(
        ZoneEnterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("入区企业"),
    )
    zone_history = models.OneToOneField(
        ZoneHistory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("示范区流转记录"),
    )
    enterprise_history = models.OneToOneField(
        EnterpriseHistory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("入区企业流转记录"),
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)

    class Meta(CaseNotice.Meta):
        verbose_name = _("示范区通知书")
        verbose_name_plural = _("示范区通知书")
        indexes = [models.Index(fields=["organisation", "read_at"], name="zone_notice_inbox")]
        constraints = [
            # A zone's transition or an enterprise's, never both, never neither; an enterprise's
            # notice names the enterprise.
            models.CheckConstraint(
                name="zone_notice_one_history",
                condition=(
                    models.Q(
                        zone_history__isnull=False,
                        enterprise_history__isnull=True,
                        enterprise__isnull=True,
                    )
                    | models.Q(
                        zone_history__isnull=True,
                        enterprise_history__isnull=False,
                        enterprise__isnull=False,
                    )
                ),
            )
        ]

    def addressed_to(self, user) -> bool:
        return user.role == Role.GOVERNMENT and user.organisation_id == self.organisation_id

    def pdf_context(self) -> dict:
        # The issuer is whoever decided: HQ, or the zone's bureau.
        entry = self.zone_history or self.enterprise_history
        return {"notice": self, "zone": self.zone, "enterprise": self.enterprise, "entry": entry}

    def email_recipients(self) -> list[str]:
        return list(
            User.objects.filter(organisation_id=self.organisation_id, is_active=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )


class ZoneInspectionPlan(DrawPlan):
    """示范区双随机抽查计划 (§七.3): HQ supervises every zone (质检总局…监督检查), a bureau the
    zones of its jurisdiction (…对本辖区示范区…监督管理). The targets are zones with a valid
    title, or the enterprises of such zones; the teams are drawn from the owner's staff."""

    class Subject(models.TextChoices):
        ZONES = "zones", _("示范区")
        ENTERPRISES = "enterprises", _("示范区内企业")

    subject = models.CharField(_("抽查对象"), max_length=16, choices=Subject.choices)
    # None: an HQ plan over every bureau's zones; otherwise a bureau's plan over its own.
    owner_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zone_inspection_plans",
        verbose_name=_("制定单位（直属局）"),
    )
    # Blank: zones of both levels.
    level = models.CharField(
        _("范围：示范区级别"), max_length=16, choices=Level.choices, blank=True
    )
    weighted = models.BooleanField(_("对质量档案中有问题记录的对象加权"), default=False)

    class Meta(DrawPlan.Meta):
        verbose_name = _("示范区双随机抽查计划")
        verbose_name_plural = _("示范区双随机抽查计划")
        constraints = [
            models.CheckConstraint(
                name="zone_plan_team_at_least_two", condition=models.Q(team_size__gte=2)
            ),
        ]


class ZoneInspectionTarget(models.Model):
    """A drawn zone, or enterprise of a zone, with its team; written by the draw, never edited."""

    plan = models.ForeignKey(
        ZoneInspectionPlan, on_delete=models.PROTECT, related_name="targets", verbose_name=_("计划")
    )
    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="inspection_targets",
        verbose_name=_("示范区"),
    )
    enterprise = models.ForeignKey(
        ZoneEnterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_targets",
        verbose_name=_("企业"),
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="zone_inspection_targets", verbose_name=_("检查组")
    )
    position = models.PositiveIntegerField(_("序号"))

    class Meta:
        verbose_name = _("示范区检查对象")
        verbose_name_plural = _("示范区检查对象")
        ordering = ["plan_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="zone_target_position"),
            models.UniqueConstraint(
                fields=["plan", "zone"],
                condition=models.Q(enterprise__isnull=True),
                name="zone_target_once_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan", "enterprise"],
                condition=models.Q(enterprise__isnull=False),
                name="zone_enterprise_target_once_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.enterprise or self.zone}"


class ZoneInspection(models.Model):
    """示范区检查记录: findings and outcome, recorded by a drawn inspector. A proposal to withdraw
    the title goes to whoever may withdraw it (HQ for a national zone, the bureau for a
    provincial zone and for 示范企业), who decides through the engine."""

    class Outcome(models.TextChoices):
        NO_ISSUE = "no_issue", _("未发现问题")
        RECTIFY = "rectify", _("责令整改")
        PROPOSE_WITHDRAWAL = "propose_withdrawal", _("建议撤销称号")

    target = models.OneToOneField(
        ZoneInspectionTarget,
        on_delete=models.PROTECT,
        related_name="inspection",
        verbose_name=_("检查对象"),
    )
    findings = models.TextField(_("检查发现"))
    outcome = models.CharField(_("检查结论"), max_length=24, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("示范区检查记录")
        verbose_name_plural = _("示范区检查记录")

    def __str__(self):
        return f"{self.target} · {self.get_outcome_display()}"


# The first year a zone can report on: the year of seed 001 (国质检检〔2014〕237号).
FIRST_REPORT_YEAR = 2014


class ZoneYearReport(models.Model):
    """示范区年度建设情况报告 (seed 001 §七.4 总结报告): the zone's bureau reports a year of a zone
    that held its title during that year — the year's figures, the experience gained (经验做法),
    the problems found (存在问题) and the next steps — and submits it (报送) to HQ and to the
    zone's local government; once submitted it is final. Of the figures, the export value and
    the enterprises are the bureau's; the 示范企业 and the quality archive's events are counted
    from the portal's records, as they stand when the report is saved and, for good, when it is
    submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")

    zone = models.ForeignKey(
        DemonstrationZone,
        on_delete=models.PROTECT,
        related_name="year_reports",
        verbose_name=_("示范区"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    export_value = models.DecimalField(_("年度出口额（万美元）"), max_digits=14, decimal_places=2)
    enterprise_count = models.PositiveIntegerField(_("区内出口企业数"))
    titled_enterprises = models.PositiveIntegerField(_("年末示范企业数"), default=0)
    quality_events = models.PositiveIntegerField(_("本年度质量档案事件数"), default=0)
    experience = models.TextField(_("经验做法"))
    problems = models.TextField(_("存在问题"))
    next_steps = models.TextField(_("下一步工作"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )

    class Meta:
        verbose_name = _("示范区年度建设情况报告")
        verbose_name_plural = _("示范区年度建设情况报告")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["year", "status"], name="zone_year_report_year")]
        constraints = [
            models.UniqueConstraint(fields=["zone", "year"], name="zone_year_report_once"),
            models.CheckConstraint(
                name="zone_year_report_submitted_by_whom",
                condition=models.Q(status="draft")
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.zone} · {self.year}"


class ZoneDrawView(AppendOnlyModel):
    """抽取结果查阅记录 of a zone plan: every view of its drawn targets or teams (保密 until
    the inspection), as eco-origin's supervision.DrawView."""

    plan = models.ForeignKey(
        ZoneInspectionPlan, on_delete=models.PROTECT, related_name="views", verbose_name=_("计划")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("查阅人"),
    )
    viewed_at = models.DateTimeField(_("查阅时间"), auto_now_add=True)
    via = models.CharField(_("途径"), max_length=16)

    class Meta:
        verbose_name = _("抽取结果查阅记录")
        verbose_name_plural = _("抽取结果查阅记录")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.user} · {self.plan}"
