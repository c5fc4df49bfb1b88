"""事中事后监管 (seed 000 §9–§12, §18; SPEC §4): the inspector pool, double-random plans and
their verifiable draws, inspections and their outcomes, proposals to HQ, complaints, and each
bureau's 挂牌督办 of its key work and 约谈 of its departments (§18)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications.models import Application, Enterprise, ProductCategory
from casework.models import CaseNotice, DrawPlan, FileAccess, StoredFile
from ecoorigin.append_only import AppendOnlyModel
from regions.models import Bureau, BureauDepartment, Zone


class PoolMember(models.Model):
    """检查人员库 / 专家委员会: who may be drawn for an inspection."""

    class Kind(models.TextChoices):
        INSPECTOR = "inspector", _("检查人员")
        EXPERT = "expert", _("专家委员会委员")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pool_member",
        verbose_name=_("人员"),
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="pool_members", verbose_name=_("所属直属局")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    specialities = models.ManyToManyField(
        ProductCategory, blank=True, related_name="pool_members", verbose_name=_("专业领域")
    )
    available = models.BooleanField(_("可抽取"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员库")
        ordering = ["bureau_id", "user_id"]

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class InspectionPlan(DrawPlan):
    """双随机抽查计划 (一单) of protected products: scope, sample, team size, date, and the
    committed draw seed (casework.models.DrawPlan)."""

    # None: an HQ plan; otherwise a bureau's plan for its own jurisdiction.
    owner_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_plans",
        verbose_name=_("制定单位（直属局）"),
    )
    zones = models.ManyToManyField(Zone, blank=True, verbose_name=_("范围：片区"))
    bureaus = models.ManyToManyField(
        Bureau, blank=True, related_name="inspection_plans", verbose_name=_("范围：直属局")
    )
    categories = models.ManyToManyField(
        ProductCategory, blank=True, verbose_name=_("范围：产品类别")
    )
    draw_at = models.DateTimeField(_("定时抽取时间"), null=True, blank=True)
    # A zone plan (片区计划, ADR 0020): organised by the zone's lead bureau (owner_bureau) for
    # the zone's bureaus; drawn only once every other bureau of the zone has consented.
    organising_zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zone_plans",
        verbose_name=_("片区计划所属片区"),
    )
    # 混合编组 (casework.draw): each team's members from different bureaus where the pool
    # allows; always on a 京津冀 joint plan (ADR 0037).
    mixed_teams = models.BooleanField(
        _("混合编组（同组成员来自不同直属局）"), default=False, db_default=False
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta(DrawPlan.Meta):
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")
        constraints = [
            models.CheckConstraint(
                name="plan_team_at_least_two", condition=models.Q(team_size__gte=2)
            ),
        ]


class PlanConsent(AppendOnlyModel):
    """A member bureau's 同意 or 不同意 of a zone plan (ADR 0020), recorded once by one of its
    users: every bureau of the zone but the organising lead must consent before the plan is
    drawn; a refusal, with its reason, blocks the plan until the lead withdraws it."""

    class Decision(models.TextChoices):
        CONSENT = "consent", _("同意")
        REFUSE = "refuse", _("不同意")

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="consents", verbose_name=_("计划")
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="plan_consents", verbose_name=_("成员单位")
    )
    decision = models.CharField(_("意见"), max_length=8, choices=Decision.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    decided_at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("片区计划成员单位意见")
        verbose_name_plural = _("片区计划成员单位意见")
        ordering = ["plan_id", "decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "bureau"], name="plan_consent_once"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.bureau.name} · {self.get_decision_display()}"


class InspectionTarget(models.Model):
    """A drawn target (检查对象) with its team; written by the draw, never edited."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="targets", verbose_name=_("计划")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("保护产品"),
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspection_targets", verbose_name=_("检查组")
    )
    position = models.PositiveIntegerField(_("序号"))

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        ordering = ["plan_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "application"], name="target_once_per_plan"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.application}"


class Inspection(models.Model):
    """检查记录: findings and outcome, recorded by a drawn inspector."""

    class Outcome(models.TextChoices):
        NO_ISSUE = "no_issue", _("未发现问题")
        RECTIFY = "rectify", _("责令整改")
        PROPOSE_SUSPENSION = "propose_suspension", _("建议暂停保护")
        PROPOSE_REVOCATION = "propose_revocation", _("建议撤销保护")

    target = models.OneToOneField(
        InspectionTarget,
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
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")

    def __str__(self):
        return f"{self.target} · {self.get_outcome_display()}"


class SupervisionDocument(StoredFile):
    """Photos and documents of an inspection, a complaint or a 挂牌督办 item."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    item = models.ForeignKey(
        "KeyWorkItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    # 整改报告's files (ADR 0021), uploaded by the enterprise with its report.
    rectification = models.ForeignKey(
        "Rectification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    # Photos and documents of a follow-up inspection (跟进检查, ADR 0021).
    follow_up = models.ForeignKey(
        "FollowUpInspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(_("文件"), upload_to="supervision/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("监管材料")
        verbose_name_plural = _("监管材料")
        ordering = ["pk"]


class SupervisionDocumentAccess(FileAccess):
    """监管材料查阅记录: who read which photo or document, when, like case materials."""

    document = models.ForeignKey(
        SupervisionDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("监管材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("监管材料查阅记录")
        verbose_name_plural = _("监管材料查阅记录")


class Proposal(models.Model):
    """A proposal to HQ to suspend or revoke (from an inspection, a complaint or a bureau);
    HQ decides, and the case engine's transition does the rest."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("建议暂停保护")
        REVOKE = "revoke", _("建议撤销保护")

    class Status(models.TextChoices):
        OPEN = "open", _("待总局决定")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("未采纳")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("保护产品")
    )
    kind = models.CharField(_("建议"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("理由"))
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    follow_up = models.ForeignKey(
        "FollowUpInspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("建议人"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decision_note = models.TextField(_("决定说明"), blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("处理建议")
        verbose_name_plural = _("处理建议")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.application}"


class Complaint(models.Model):
    """投诉举报: from anyone, routed to the bureau of the product, handled within a deadline."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        HANDLING = "handling", _("处理中")
        CLOSED = "closed", _("已办结")

    class Outcome(models.TextChoices):
        UNFOUNDED = "unfounded", _("经核查不属实")
        RESOLVED = "resolved", _("已责令整改")
        INSPECTION = "inspection", _("转入检查")
        PROPOSAL = "proposal", _("建议暂停或撤销保护")

    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    certificate_number = models.CharField(_("证书编号"), max_length=64, blank=True)
    product_text = models.CharField(_("产品或企业"), max_length=200, blank=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("保护产品"),
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("承办直属局")
    )
    content = models.TextField(_("投诉举报内容"))
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    due_date = models.DateField(_("办理时限"), db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    resolution = models.TextField(_("办理情况"), blank=True)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.tracking_code


class KeyWorkItem(models.Model):
    """挂牌督办的重点工作 of one bureau (seed 000 §18: "各直属局要对重点工作明确时限,责任到人,实行
    挂牌督办制度"): the work, its time limit, the responsible department and the person named for
    it; the bureau reports progress and its leadership closes it (销号). The bureau reports the
    item to HQ (报送通关司), which reads every bureau's items and may put items of its own on a
    bureau (总局交办, closed by HQ). A zone lead has no part in another bureau's items (§二.2 gives
    it coordination, not supervision of its members): ADR 0017."""

    class Origin(models.TextChoices):
        BUREAU = "bureau", _("本局确定")
        HQ = "hq", _("总局交办")

    class Status(models.TextChoices):
        OPEN = "open", _("督办中")
        CLOSED = "closed", _("已销号")

    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="key_work_items",
        verbose_name=_("直属局"),
    )
    origin = models.CharField(
        _("来源"), max_length=16, choices=Origin.choices, default=Origin.BUREAU
    )
    title = models.CharField(_("重点工作"), max_length=200)
    description = models.TextField(_("工作要求"), blank=True)
    # None only on the items carried over from before departments were kept (migration 0004).
    department = models.ForeignKey(
        BureauDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_work_items",
        verbose_name=_("责任部门"),
    )
    responsible_person = models.CharField(_("责任人"), max_length=64)
    deadline = models.DateField(_("完成时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("确定人"),
    )
    created_at = models.DateTimeField(_("确定时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销号人"),
    )
    closing_note = models.TextField(_("销号意见"), blank=True)
    reported_at = models.DateTimeField(_("报送通关司时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    # Set once by the daily sweep when the time limit passes with the item open: flagged on
    # HQ's dashboard and counted against the bureau (regions.figures: accountability_overdue).
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("挂牌督办事项")
        verbose_name_plural = _("挂牌督办事项")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.bureau.name} · {self.title}"


class KeyWorkProgress(models.Model):
    """进展情况 of a 挂牌督办 item, reported by its bureau while the item is open."""

    item = models.ForeignKey(
        KeyWorkItem, on_delete=models.PROTECT, related_name="progress", verbose_name=_("督办事项")
    )
    text = models.TextField(_("进展情况"))
    # None only on the 整改措施 carried over from before (migration 0004), whose author was not kept.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报告人"),
    )
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办进展")
        verbose_name_plural = _("督办进展")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.item} · {self.created_at:%Y-%m-%d}"


class Interview(models.Model):
    """约谈 (seed 000 §18: "对生态原产地工作开展不力,进展缓慢的,直属局领导要约谈责任部门领导,进行
    针对性工作指导,并将情况报总局通关司"): a bureau's leader interviews the head of one of its own
    departments about the work that lags, and the guidance given is recorded; the bureau then
    reports it to HQ. Optionally about one of its 挂牌督办 items."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("直属局")
    )
    department = models.ForeignKey(
        BureauDepartment,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("被约谈部门"),
    )
    department_head = models.CharField(_("被约谈的部门领导"), max_length=64)
    interviewer = models.CharField(_("约谈的局领导"), max_length=64)
    held_on = models.DateField(_("约谈日期"))
    item = models.ForeignKey(
        KeyWorkItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("相关督办事项"),
    )
    lagging_work = models.TextField(_("工作开展不力、进展缓慢的情况"))
    guidance = models.TextField(_("针对性工作指导"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    reported_at = models.DateTimeField(_("报送通关司时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )

    class Meta:
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.bureau.name} · {self.department.name} · {self.held_on}"


class DrawView(AppendOnlyModel):
    """抽取结果查阅记录: every view of a draw's targets or teams."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("抽取结果查阅记录")
        verbose_name_plural = _("抽取结果查阅记录")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.user} · {self.plan}"


# ---------------------------------------------------------------- outcomes that lead somewhere
# Seed 000 §9 "接受投诉举报,如发现企业违法违规的行为……", §10 随机检查, §11 "积极指导企业在限期内
# 完成整改工作": an inspection's 责令整改 and a complaint's 已责令整改 open a rectification on the
# case (the case stays protected); a complaint's 转入检查 opens a follow-up inspection (ADR 0021).


class FollowUpInspection(models.Model):
    """跟进检查: a complaint closed with 转入检查 sends the bureau of the product to inspect it by a
    due date; the bureau records findings and one of the inspection outcomes (Inspection.Outcome),
    which opens a rectification or a proposal to HQ like any inspection."""

    class Status(models.TextChoices):
        OPEN = "open", _("待检查")
        RECORDED = "recorded", _("已检查")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="follow_up_inspections",
        verbose_name=_("保护产品"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="follow_up_inspections",
        verbose_name=_("承办直属局"),
    )
    complaint = models.OneToOneField(
        Complaint,
        on_delete=models.PROTECT,
        related_name="follow_up",
        verbose_name=_("来源投诉举报"),
    )
    scope = models.TextField(_("检查事项"))
    due_date = models.DateField(_("检查时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("交办人"),
    )
    opened_at = models.DateTimeField(_("交办时间"), auto_now_add=True)
    findings = models.TextField(_("检查发现"), blank=True)
    outcome = models.CharField(
        _("检查结论"), max_length=24, choices=Inspection.Outcome.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("跟进检查")
        verbose_name_plural = _("跟进检查")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.application} · {self.due_date}"


class Rectification(models.Model):
    """整改 on a protected case (the case is NOT suspended): the requirements and the deadline;
    the enterprise submits its 整改报告 with files, the case's bureau accepts it (closed) or
    rejects it with reasons (open again). HQ reads all of them. Opened by an inspection's
    责令整改, a complaint's 已责令整改 or a follow-up inspection's 责令整改."""

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        SUBMITTED = "submitted", _("整改报告待审核")
        CLOSED = "closed", _("整改合格")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("保护产品"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("来源检查"),
    )
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("来源投诉举报"),
    )
    follow_up = models.ForeignKey(
        FollowUpInspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("来源跟进检查"),
    )
    requirements = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责令人"),
    )
    opened_at = models.DateTimeField(_("责令时间"), auto_now_add=True)
    report = models.TextField(_("整改报告"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    closed_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="rectification_has_a_source",
                condition=models.Q(inspection__isnull=False)
                | models.Q(complaint__isnull=False)
                | models.Q(follow_up__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due")]

    def __str__(self):
        return f"{self.application} · {self.deadline}"

    def is_overdue(self, today) -> bool:
        """Past its deadline with no report accepted and none before the bureau."""
        return self.status == self.Status.OPEN and self.deadline < today


class RectificationEvent(AppendOnlyModel):
    """整改记录: every step of a rectification (opened, submitted, accepted, rejected), who took it
    and why; written in the step's transaction, never changed."""

    class Action(models.TextChoices):
        OPEN = "open", _("责令整改")
        SUBMIT = "submit", _("提交整改报告")
        ACCEPT = "accept", _("审核通过")
        REJECT = "reject", _("退回重新整改")

    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="events", verbose_name=_("整改")
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.rectification} · {self.get_action_display()}"


class RectificationNotice(CaseNotice):
    """责令整改通知书 to the enterprise of the case, written with the event that opened the
    rectification; its PDF is rendered and e-mailed once (casework.notices)."""

    pdf_template = "pdf/rectification_notice.html"
    file_prefix = "rectification-notice"

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="rectification_notices",
        verbose_name=_("企业"),
    )
    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="notices", verbose_name=_("整改")
    )
    event = models.OneToOneField(
        RectificationEvent,
        on_delete=models.PROTECT,
        related_name="notice",
        verbose_name=_("整改记录"),
    )

    class Meta(CaseNotice.Meta):
        verbose_name = _("责令整改通知书")
        verbose_name_plural = _("责令整改通知书")

    def addressed_to(self, user) -> bool:
        return user.role == Role.ENTERPRISE and user.enterprise_id == self.enterprise_id

    def pdf_context(self) -> dict:
        return {
            "notice": self,
            "rectification": self.rectification,
            "case": self.rectification.application,
        }

    def email_recipients(self) -> list[str]:
        return [self.enterprise.contact_email] if self.enterprise.contact_email else []
