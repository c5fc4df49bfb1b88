"""事中事后监管 (seed 000 §9–§12, §18; SPEC §4): the inspector pool, double-random plans and
their verifiable draws, inspections and their outcomes, proposals to HQ, complaints, and each
bureau's 挂牌督办 of its key work and 约谈 of its departments (§18)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ProductCategory
from casework.models import DrawPlan, FileAccess, StoredFile
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

    class Meta(DrawPlan.Meta):
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")
        constraints = [
            models.CheckConstraint(
                name="plan_team_at_least_two", condition=models.Q(team_size__gte=2)
            ),
        ]


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
