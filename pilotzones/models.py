"""国检试验区 (the case of seed 002), its acceptance working group's opinions, its materials and
history, its innovation measures with HQ's 督查评估, the commendations, the library of replicable
practice with where it was adopted, and the notices the zone's local government receives."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Role, User
from casework.models import CaseNotice, FileAccess, StoredFile, TransitionRecord
from ecoorigin.append_only import AppendOnlyModel
from regions.models import Bureau, Organisation

from . import workflow as wf
from .workflow import Effect, Innovation, MeasureState, PracticeState, State, Verdict


class PilotZone(FSMModelMixin, models.Model):
    """国检试验区: a local government's application with its construction plan (建设方案), from
    the draft to HQ's approval and the zone's operation. `state` changes only through the
    transition methods, fired by the case engine (casework.services.case_transition)."""

    name = models.CharField(_("试验区名称"), max_length=128)
    applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot_zones",
        verbose_name=_("申请地方政府"),
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="pilot_zones", verbose_name=_("辖区直属局")
    )
    # The construction plan's structured facts (§五.2: 功能、设计规模, 预测的地方产业发展和检验检疫业务量).
    location = models.CharField(_("建设地点"), max_length=200)
    area = models.DecimalField(
        _("规划面积（平方公里）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    industries = models.CharField(_("重点产业"), max_length=300)
    functions = models.TextField(_("功能定位"))
    expected_batches = models.PositiveIntegerField(_("预测年检验检疫业务量（批次）"))
    expected_value = models.DecimalField(
        _("预测年进出口货值（万美元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    leading_body = models.TextField(
        _("组织领导机构"), help_text=_("地方政府成立的组织领导机构及其职责。")
    )
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, protected=True
    )
    submitted_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    # The bureau's word (§五.3 推荐意见 and 建设指导).
    recommendation = models.TextField(_("推荐意见"), blank=True)
    guidance = models.TextField(_("建设指导意见"), blank=True)
    recommended_at = models.DateTimeField(_("推荐时间"), null=True, blank=True)
    # The working group's acceptance.
    arrangement = models.TextField(_("验收安排"), blank=True)
    # The approval, numbered, and the zone's operation.
    number = models.CharField(_("批准文号"), max_length=32, unique=True, null=True, blank=True)
    approved_at = models.DateField(_("批准日期"), null=True, blank=True)
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_pilot_zones",
        verbose_name=_("运营企业"),
    )
    operation_started_on = models.DateField(_("开始运行日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("国检试验区")
        verbose_name_plural = _("国检试验区")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-id"], name="pilot_zone_bureau_state"),
            models.Index(fields=["state", "-id"], name="pilot_zone_state"),
        ]
        constraints = [
            models.CheckConstraint(
                name="pilot_zone_name_suffix",
                condition=models.Q(name__endswith=wf.NAME_SUFFIX),
                violation_error_message=_("试验区名称应为“xx国检试验区”。"),
            )
        ]

    def __str__(self):
        return self.name

    @transition(
        state,
        source=[State.DRAFT, State.RETURNED],
        target=State.SUBMITTED,
        permission=wf.is_applicant,
        conditions=[wf.has_construction_plan],
    )
    def submit(self, **data):  # 提出建设申请
        self.submitted_at = timezone.now()

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
    )
    def recommend(self, *, recommendation, guidance, **data):  # 推荐意见、建设指导
        self.recommendation = recommendation
        self.guidance = guidance
        self.recommended_at = timezone.now()

    @transition(
        state,
        source=State.RECOMMENDED,
        target=State.ACCEPTANCE,
        permission=wf.is_lead_department,
    )
    def open_acceptance(self, *, arrangement, **data):  # 组成验收工作组
        self.arrangement = arrangement

    @transition(
        state,
        source=State.ACCEPTANCE,
        target=State.APPROVED,
        permission=wf.is_lead_department,
        conditions=[wf.all_members_answered],
    )
    def approve(self, *, number, approved_at, **data):  # 验收并批准建设
        self.number = number
        self.approved_at = approved_at

    @transition(
        state,
        source=State.ACCEPTANCE,
        target=State.NOT_APPROVED,
        permission=wf.is_lead_department,
        conditions=[wf.all_members_answered],
    )
    def not_approve(self, **data):  # 不予批准
        pass

    @transition(
        state,
        source=State.APPROVED,
        target=State.OPERATING,
        permission=wf.is_jurisdiction_bureau,
    )
    def start_operation(self, *, operator, started_on, **data):  # 企业运营，直属局日常监管
        self.operator = operator
        self.operation_started_on = started_on


class AcceptanceOpinion(models.Model):
    """验收意见 of one member department of the working group. The row is laid when the lead opens
    the acceptance (verdict empty: not yet answered); the department records its verdict once;
    an objection (有异议) is answered by the lead in its decision (`response`)."""

    zone = models.ForeignKey(
        PilotZone,
        on_delete=models.PROTECT,
        related_name="acceptance_opinions",
        verbose_name=_("试验区"),
    )
    department = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot_acceptance_opinions",
        verbose_name=_("成员司局"),
    )
    verdict = models.CharField(_("意见"), max_length=8, choices=Verdict.choices, blank=True)
    opinion = models.TextField(_("验收意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填写人"),
    )
    recorded_at = models.DateTimeField(_("填写时间"), null=True, blank=True)
    response = models.TextField(_("牵头司局的答复"), blank=True)

    class Meta:
        verbose_name = _("验收工作组意见")
        verbose_name_plural = _("验收工作组意见")
        ordering = ["zone_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "department"], name="pilot_opinion_once")
        ]

    def __str__(self):
        return f"{self.zone} · {self.department}"

    @property
    def answered(self) -> bool:
        return bool(self.verdict)

    @property
    def is_objection(self) -> bool:
        return self.verdict == Verdict.OBJECT


class ZoneHistory(TransitionRecord):
    """试验区流转记录."""

    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="history", verbose_name=_("试验区")
    )

    class Meta:
        verbose_name = _("试验区流转记录")
        verbose_name_plural = _("试验区流转记录")
        ordering = ["zone_id", "pk"]


class PilotZoneDocument(StoredFile):
    """试验区材料: the construction plan and the bureau's and the working group's papers; checked by
    content, read only by those who may see the zone, every read logged."""

    class Kind(models.TextChoices):
        CONSTRUCTION_PLAN = "construction_plan", _("建设方案")
        RECOMMENDATION = "recommendation", _("推荐材料")
        ACCEPTANCE = "acceptance", _("验收材料")
        OTHER = "other", _("其他")

    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="documents", verbose_name=_("试验区")
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="pilot-zone-documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("试验区材料")
        verbose_name_plural = _("试验区材料")
        ordering = ["zone_id", "pk"]


class PilotZoneDocumentAccess(FileAccess):
    """试验区材料查阅记录."""

    document = models.ForeignKey(
        PilotZoneDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("试验区材料查阅记录")
        verbose_name_plural = _("试验区材料查阅记录")


class InnovationMeasure(FSMModelMixin, models.Model):
    """创新措施 of an approved zone, registered by the zone's bureau or its local government. One
    that goes beyond laws, regulations or rules (`beyond_rules`, §三 安全为本) is reported to HQ for
    approval (报批) before it may run; HQ's 督查评估 records its effect (MeasureAssessment). Runs on
    the case engine (programme "pilot_measure")."""

    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="measures", verbose_name=_("试验区")
    )
    title = models.CharField(_("措施名称"), max_length=200)
    innovation = models.CharField(_("创新类别"), max_length=16, choices=Innovation.choices)
    description = models.TextField(_("措施内容"))
    beyond_rules = models.BooleanField(
        _("突破现行法律、法规、规章"),
        default=False,
        help_text=_("突破相关法律、法规、规章要求的创新措施，须报总局批准后方可实施。"),
    )
    rules_affected = models.TextField(
        _("所突破的规定及风险防控措施"), blank=True, help_text=_("突破现行规定时必填。")
    )
    state = FSMField(
        _("状态"),
        max_length=20,
        choices=MeasureState.choices,
        default=MeasureState.REGISTERED,
        protected=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    started_on = models.DateField(_("开始实施日期"), null=True, blank=True)
    ended_at = models.DateTimeField(_("停止实施时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("创新措施")
        verbose_name_plural = _("创新措施")
        ordering = ["zone_id", "pk"]
        indexes = [models.Index(fields=["zone", "state"], name="pilot_measure_zone_state")]
        constraints = [
            models.CheckConstraint(
                name="pilot_measure_rules_affected",
                condition=models.Q(beyond_rules=False) | ~models.Q(rules_affected=""),
                violation_error_message=_("突破现行规定的措施须说明所突破的规定及风险防控措施。"),
            )
        ]

    def __str__(self):
        return self.title

    @transition(
        state,
        source=MeasureState.REGISTERED,
        target=MeasureState.PENDING_APPROVAL,
        permission=wf.is_zone_bureau,
        conditions=[wf.beyond_rules],
    )
    def report(self, **data):  # 报批
        pass

    @transition(
        state,
        source=MeasureState.PENDING_APPROVAL,
        target=MeasureState.APPROVED,
        permission=wf.is_hq_decider,
    )
    def approve(self, **data):  # 批准
        pass

    @transition(
        state,
        source=MeasureState.PENDING_APPROVAL,
        target=MeasureState.REFUSED,
        permission=wf.is_hq_decider,
    )
    def refuse(self, **data):  # 不予批准
        pass

    @transition(
        state,
        source=[MeasureState.REGISTERED, MeasureState.APPROVED],
        target=MeasureState.RUNNING,
        permission=wf.is_zone_bureau,
        conditions=[wf.may_start],
    )
    def start(self, *, started_on, **data):  # 开始实施
        self.started_on = started_on

    @transition(
        state, source=MeasureState.RUNNING, target=MeasureState.ENDED, permission=wf.may_end_measure
    )
    def end(self, **data):  # 停止实施
        self.ended_at = timezone.now()


class MeasureHistory(TransitionRecord):
    """创新措施流转记录."""

    measure = models.ForeignKey(
        InnovationMeasure,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("创新措施"),
    )

    class Meta:
        verbose_name = _("创新措施流转记录")
        verbose_name_plural = _("创新措施流转记录")
        ordering = ["measure_id", "pk"]


class MeasureAssessment(AppendOnlyModel):
    """督查评估 (§五.3 "对各项改革措施的实施效果，总局将适时进行督查评估和考核"): HQ's finding on a
    running (or ended) measure's effect; final once recorded."""

    measure = models.ForeignKey(
        InnovationMeasure,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("创新措施"),
    )
    assessed_on = models.DateField(_("评估日期"))
    effect = models.CharField(_("实施效果"), max_length=8, choices=Effect.choices)
    findings = models.TextField(_("评估意见"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评估人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督查评估")
        verbose_name_plural = _("督查评估")
        ordering = ["measure_id", "-assessed_on", "-pk"]

    def __str__(self):
        return f"{self.measure} · {self.get_effect_display()}"


class Commendation(AppendOnlyModel):
    """通报表扬 (§五.3 "成效显著的给予通报表扬"): HQ commends a zone for measures its 督查评估 found
    成效显著; public once issued."""

    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="commendations", verbose_name=_("试验区")
    )
    document_number = models.CharField(_("通报文号"), max_length=64)
    issued_on = models.DateField(_("通报日期"))
    citation = models.TextField(_("表扬事由"))
    measures = models.ManyToManyField(
        InnovationMeasure, related_name="commendations", verbose_name=_("成效显著的创新措施")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报表扬")
        verbose_name_plural = _("通报表扬")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self.zone} · {self.document_number}"


class ReplicablePractice(FSMModelMixin, models.Model):
    """可复制推广经验 (§四.4): a practice of a zone, submitted by the zone's bureau; HQ accepts it
    into the public, searchable library (numbered), returns it for revision, or later withdraws
    it. Other bureaus record where they adopted it (PracticeAdoption). Runs on the case engine
    (programme "pilot_practice")."""

    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="practices", verbose_name=_("来源试验区")
    )
    title = models.CharField(_("经验名称"), max_length=200)
    innovation = models.CharField(_("创新类别"), max_length=16, choices=Innovation.choices)
    summary = models.CharField(_("摘要"), max_length=500)
    content = models.TextField(_("经验做法"))
    results = models.TextField(_("取得成效"))
    measures = models.ManyToManyField(
        InnovationMeasure, blank=True, related_name="practices", verbose_name=_("相关创新措施")
    )
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=PracticeState.choices,
        default=PracticeState.DRAFT,
        protected=True,
    )
    number = models.CharField(_("经验库编号"), max_length=32, unique=True, null=True, blank=True)
    accepted_at = models.DateField(_("入库日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤出原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("可复制推广经验")
        verbose_name_plural = _("可复制推广经验")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["state", "-accepted_at"], name="pilot_practice_library")]

    def __str__(self):
        return self.title

    @transition(
        state,
        source=[PracticeState.DRAFT, PracticeState.RETURNED],
        target=PracticeState.SUBMITTED,
        permission=wf.is_practice_bureau,
    )
    def submit(self, **data):  # 报送总局
        pass

    @transition(
        state,
        source=PracticeState.SUBMITTED,
        target=PracticeState.RETURNED,
        permission=wf.is_hq_decider,
    )
    def return_for_revision(self, **data):  # 退回修改
        pass

    @transition(
        state,
        source=PracticeState.SUBMITTED,
        target=PracticeState.ACCEPTED,
        permission=wf.is_hq_decider,
    )
    def accept(self, *, number, accepted_at, **data):  # 收入经验库
        self.number = number
        self.accepted_at = accepted_at

    @transition(
        state,
        source=PracticeState.ACCEPTED,
        target=PracticeState.WITHDRAWN,
        permission=wf.is_hq_decider,
    )
    def withdraw(self, *, reason, **data):  # 撤出经验库, the reason shown
        self.withdrawal_reason = reason


class PracticeHistory(TransitionRecord):
    """可复制推广经验流转记录."""

    practice = models.ForeignKey(
        ReplicablePractice,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("可复制推广经验"),
    )

    class Meta:
        verbose_name = _("经验流转记录")
        verbose_name_plural = _("经验流转记录")
        ordering = ["practice_id", "pk"]


class PracticeAdoption(AppendOnlyModel):
    """复制推广: where another bureau adopted a practice of the library (place, date, how)."""

    practice = models.ForeignKey(
        ReplicablePractice,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("可复制推广经验"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="pilot_practice_adoptions",
        verbose_name=_("复制推广的直属局"),
    )
    place = models.CharField(_("推广地点"), max_length=200)
    adopted_on = models.DateField(_("推广日期"))
    note = models.TextField(_("推广情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("经验复制推广记录")
        verbose_name_plural = _("经验复制推广记录")
        ordering = ["practice_id", "-adopted_on", "-pk"]

    def __str__(self):
        return f"{self.practice} · {self.bureau}"


class PilotZoneNotice(CaseNotice):
    """通知书 to the zone's local government (the applicant): what a transition of its zone
    decided (returned, recommended, approved with its number, not approved, operation started),
    in the inbox of the government's staff and e-mailed to them."""

    pdf_template = "pdf/pilot_zone_notice.html"
    file_prefix = "pilot-zone-notice"

    class Kind(models.TextChoices):
        RETURN = "return", _("试验区申请补正通知书")
        RECOMMENDATION = "recommendation", _("试验区推荐意见通知")
        APPROVAL = "approval", _("试验区批准建设通知书")
        REFUSAL = "refusal", _("试验区不予批准通知书")
        OPERATION = "operation", _("试验区开始运行通知")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot_zone_notices",
        verbose_name=_("收件地方政府"),
    )
    zone = models.ForeignKey(
        PilotZone, on_delete=models.PROTECT, related_name="notices", verbose_name=_("试验区")
    )
    history = models.OneToOneField(
        ZoneHistory,
        on_delete=models.PROTECT,
        related_name="notice",
        verbose_name=_("试验区流转记录"),
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)

    class Meta(CaseNotice.Meta):
        verbose_name = _("试验区通知书")
        verbose_name_plural = _("试验区通知书")
        indexes = [models.Index(fields=["organisation", "read_at"], name="pilot_zone_notice_inbox")]

    def addressed_to(self, user) -> bool:
        return user.role == Role.GOVERNMENT and user.organisation_id == self.organisation_id

    def pdf_context(self) -> dict:
        return {"notice": self, "zone": self.zone, "entry": self.history}

    def email_recipients(self) -> list[str]:
        return list(
            User.objects.filter(organisation_id=self.organisation_id, is_active=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )


class SupervisionVisit(AppendOnlyModel):
    """日常监督管理 (§五.3 "国检试验区运行后，各直属检验检疫局负责日常监督管理"): one visit or check
    of an operating zone by its bureau, what was found and what the operator must put right; seen
    by HQ, the bureau, the zone's local government and its operator; final once recorded."""

    zone = models.ForeignKey(
        PilotZone,
        on_delete=models.PROTECT,
        related_name="supervision_visits",
        verbose_name=_("试验区"),
    )
    visited_on = models.DateField(_("检查日期"))
    findings = models.TextField(_("检查情况"))
    problems = models.TextField(_("发现的问题"), blank=True)
    requirements = models.TextField(_("整改要求"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("试验区日常监管记录")
        verbose_name_plural = _("试验区日常监管记录")
        ordering = ["zone_id", "-visited_on", "-pk"]

    def __str__(self):
        return f"{self.zone} · {self.visited_on}"
