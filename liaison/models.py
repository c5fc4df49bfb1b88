"""总局与直属局、片区往来 (seed 000, 质检通函〔2015〕537号).

交办任务: seed §二.2 has each zone's lead organise the zone's work and "完成总局交给的各项任务".
HQ (通关司) assigns a task with a time limit to zones (the lead organises it and reports for the
zone) or to bureaus (each reports its own); the addressee reports progress and completion with
its files, HQ accepts the completion or returns it.

报送事项: what a bureau sends 通关司 — clues found in supervision (§9 "如发现企业违法违规的行为或
产品与评定结果不一致的线索等，应及时报通关司"), 专报 of its achievements (§16 "对于工作中取得的
成绩，及时撰写专报报总局"), local governments' support opinions and policies (§5 "各局应及时将
地方政府的支持意见和优惠政策报通关司") and the experience of products "走出去" (§3 "关注辖区内生态
原产地保护产品'走出去'的情况，及时总结成功经验报通关司"). HQ's reading is recorded (read
receipt) and it replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models import FileAccess, StoredFile
from ecoorigin.append_only import AppendOnlyModel
from regions.models import Bureau, Zone

# ---------------------------------------------------------------- 交办任务 (§二.2)


class Task(models.Model):
    """总局交办任务: what HQ asks, by when; one Assignment per addressee."""

    title = models.CharField(_("任务名称"), max_length=200)
    requirements = models.TextField(_("任务要求"))
    due_date = models.DateField(_("完成时限"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("交办人"),
    )
    created_at = models.DateTimeField(_("交办时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("总局交办任务")
        verbose_name_plural = _("总局交办任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Assignment(models.Model):
    """承办: a task's addressee, a zone (its lead organises and reports, §二.2 "各片区的牵头单位
    ……组织落实……完成总局交给的各项任务"; its members read) or a bureau, and where it stands.
    Open until the addressee reports completion; HQ then accepts it (completed, final) or
    returns it (open again)."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        REPORTED = "reported", _("已报完成，待总局验收")
        COMPLETED = "completed", _("已完成")

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("交办任务")
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_assignments",
        verbose_name=_("承办片区"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_assignments",
        verbose_name=_("承办直属局"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    reported_at = models.DateTimeField(_("报告完成时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("验收人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["task_id", "zone_id", "bureau_id"]
        constraints = [
            models.CheckConstraint(
                name="liaison_assignment_zone_xor_bureau",
                condition=Q(zone__isnull=True) ^ Q(bureau__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["task", "zone"],
                condition=Q(zone__isnull=False),
                name="liaison_assignment_zone_once",
            ),
            models.UniqueConstraint(
                fields=["task", "bureau"],
                condition=Q(bureau__isnull=False),
                name="liaison_assignment_bureau_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "task"], name="liaison_assignment_status")]

    def __str__(self):
        return f"{self.task} · {self.addressee}"

    @property
    def addressee(self):
        """The zone or the bureau (select_related both to read it without a query)."""
        return self.zone if self.zone_id else self.bureau

    @property
    def addressee_name(self) -> str:
        return self.addressee.display_name


class TaskUpdate(AppendOnlyModel):
    """办理记录: a report of the addressee (progress, completion) or HQ's answer (accepted,
    returned), in the order they happened; never changed."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("进展报告")
        COMPLETION = "completion", _("完成报告")
        ACCEPTED = "accepted", _("验收通过")
        RETURNED = "returned", _("退回")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="updates", verbose_name=_("承办单位")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("内容"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.assignment} · {self.get_kind_display()}"


class TaskDocument(StoredFile):
    """办理材料: a file of an addressee's report, checked by content (casework.documents)."""

    update = models.ForeignKey(
        TaskUpdate, on_delete=models.PROTECT, related_name="documents", verbose_name=_("办理记录")
    )
    file = models.FileField(_("文件"), upload_to="liaison/tasks/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("办理材料")
        verbose_name_plural = _("办理材料")
        ordering = ["pk"]


class TaskDocumentAccess(FileAccess):
    """办理材料查阅记录: who read which file, when, from where."""

    document = models.ForeignKey(
        TaskDocument, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("办理材料")
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("办理材料查阅记录")
        verbose_name_plural = _("办理材料查阅记录")


# ---------------------------------------------------------------- 报送事项 (§3, §5, §9, §16)


class Report(models.Model):
    """报送事项: a bureau's report to 通关司, one of the four kinds the seed asks for. The bureau
    drafts it (HQ does not see a draft) and submits it; the first time an HQ user opens it the
    read receipt is recorded (who, when)."""

    class Kind(models.TextChoices):
        CLUE = "clue", _("监管中发现的线索")
        SPECIAL = "special", _("工作专报")
        LOCAL_POLICY = "local_policy", _("地方政府支持意见和优惠政策")
        GOING_GLOBAL = "going_global", _("“走出去”成功经验")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="liaison_reports", verbose_name=_("直属局")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
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
    read_at = models.DateTimeField(_("总局阅知时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("阅知人"),
    )

    class Meta:
        verbose_name = _("报送事项")
        verbose_name_plural = _("报送事项")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["bureau", "status"], name="liaison_report_bureau"),
            models.Index(fields=["status", "read_at"], name="liaison_report_unread"),
        ]

    def __str__(self):
        return self.title


class ReportReply(models.Model):
    """总局回复: HQ's answer to a submitted report; when the bureau first reads it is recorded."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="replies", verbose_name=_("报送事项")
    )
    text = models.TextField(_("回复内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回复人"),
    )
    created_at = models.DateTimeField(_("回复时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("直属局阅知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("总局回复")
        verbose_name_plural = _("总局回复")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report} · {self.created_at:%Y-%m-%d}"


class ReportDocument(StoredFile):
    """报送材料: a file of a report, added by its bureau while it is a draft."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="documents", verbose_name=_("报送事项")
    )
    file = models.FileField(_("文件"), upload_to="liaison/reports/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("报送材料")
        verbose_name_plural = _("报送材料")
        ordering = ["pk"]


class ReportDocumentAccess(FileAccess):
    """报送材料查阅记录: who read which file, when, from where."""

    document = models.ForeignKey(
        ReportDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("报送材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("报送材料查阅记录")
        verbose_name_plural = _("报送材料查阅记录")
