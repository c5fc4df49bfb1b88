"""事中事后监管 (seed 000 §9–§12, §18; SPEC §4): the inspector pool, double-random plans and
their verifiable draws, inspections and their outcomes, proposals to HQ, complaints, and
interviews / flagged supervision of bureaus."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ProductCategory
from casework.models import DrawPlan, FileAccess, StoredFile
from ecoorigin.append_only import AppendOnlyModel
from regions.models import Bureau, Zone


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
    """Photos and documents of an inspection, a complaint or an accountability item."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    item = models.ForeignKey(
        "AccountabilityItem",
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


class AccountabilityItem(models.Model):
    """约谈 or 挂牌督办 against a bureau (seed §18): reason, responsible person, deadline."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("约谈")
        FLAGGED = "flagged", _("挂牌督办")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("已报整改措施")
        CLOSED = "closed", _("已销号")

    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="accountability_items",
        verbose_name=_("直属局"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发起人"),
    )
    reason = models.TextField(_("事由"))
    responsible_person = models.CharField(_("责任人"), max_length=64)
    deadline = models.DateField(_("完成时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    measures = models.TextField(_("整改措施"), blank=True)
    answered_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closing_note = models.TextField(_("销号意见"), blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("约谈与挂牌督办")
        verbose_name_plural = _("约谈与挂牌督办")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.bureau}"


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
