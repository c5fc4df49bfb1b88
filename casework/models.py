"""What every programme's cases share: the working-day calendar's overrides, and the abstract
records a programme's own models build on: a transition record (流转记录), a stored file (材料),
its read log (查阅记录) and a notice (通知书). A programme's concrete models carry the foreign key
to its case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.names import localized


class WorkingDayOverride(models.Model):
    """调休 override of the Chinese calendar, maintained by HQ for announcements that the
    chinesecalendar package does not know yet."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        # The table the eco-origin app created before the kernel existed (migration 0004).
        db_table = "applications_workingdayoverride"
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {_('上班') if self.is_working_day else _('休息')}"


class TransitionRecord(AppendOnlyModel):
    """流转记录: one immutable row per fired transition (who, when, from, to, why), written by
    casework.services.case_transition in the transition's transaction. A concrete record adds
    the foreign key to its programme's case (Programme.history_case_field)."""

    transition = models.CharField(_("操作"), max_length=32)
    from_state = models.CharField(_("原状态"), max_length=24)
    to_state = models.CharField(_("新状态"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.TextField(_("理由"), blank=True)
    comment = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class StoredFile(models.Model):
    """An uploaded file's facts, checked by content (casework.documents.sniff) and stored under a
    random name; the original name is data, never a path, and a download takes only its stem
    (ecoorigin.downloads.download_name: the extension is content_type's)."""

    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class FileAccess(AppendOnlyModel):
    """One read of a StoredFile (保密): who, when, from which address; written by
    casework.documents.open_logged before the file is opened, never changed. A concrete log adds
    `document`, its StoredFile with related_name="accesses"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("查阅人"),
    )
    accessed_at = models.DateTimeField(_("查阅时间"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-accessed_at"]

    def __str__(self):
        return f"{self.user} · {self.document}"


class NumberSequence(models.Model):
    """编号流水: the last number given out under one key (a programme's title numbers of a year,
    say). casework.numbering.next_number locks the row, so two titles never get one number."""

    key = models.CharField(_("编号序列"), max_length=64, unique=True)
    last = models.PositiveIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("编号流水")
        verbose_name_plural = _("编号流水")

    def __str__(self):
        return f"{self.key}: {self.last}"


class DrawPlan(models.Model):
    """双随机抽查计划 (一单) of any programme: the sample and team size, the date, and the draw's
    committed seed, snapshot and result (casework.draw, casework.draws). A concrete plan adds
    who owns it, its scope and its targets."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("待抽取")
        COMMITTED = "committed", _("已封存名单")
        DRAWN = "drawn", _("已抽取")
        REVEALED = "revealed", _("已公开种子")

    name = models.CharField(_("计划名称"), max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("制定人"),
    )
    sample_size = models.PositiveIntegerField(_("抽取数量"), null=True, blank=True)
    sample_ratio = models.DecimalField(
        _("抽取比例(%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    team_size = models.PositiveSmallIntegerField(_("每组检查人数"), default=2)
    weighted = models.BooleanField(_("对有投诉或既往问题的产品加权"), default=False)
    exclude_own_bureau = models.BooleanField(_("回避被检对象所在直属局人员"), default=True)
    planned_date = models.DateField(_("检查日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    # Where the draw's randomness comes from (ADR 0009). Protocol 2, every plan's since it came:
    # no secret; the candidate lists are frozen and their hash published (snapshot_commitment)
    # before a public lottery result declared with the plan (beacon_*) is known, and the seed is
    # derived from both (casework.draw.beacon_seed). Protocol 1, the plans made before (legacy,
    # kept so that their draws still verify): a secret seed made with the plan, its SHA-256
    # commitment shown from the start, the seed revealed after the inspections. The defaults
    # are those of the rows that predate the protocol field.
    protocol = models.PositiveSmallIntegerField(_("抽取协议版本"), default=1, db_default=1)
    seed_commitment = models.CharField(_("种子承诺 (SHA-256)"), max_length=64, blank=True)
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    snapshot_commitment = models.CharField(
        _("候选名单承诺 (SHA-256)"), max_length=64, blank=True, default="", db_default=""
    )
    committed_at = models.DateTimeField(_("候选名单封存时间"), null=True, blank=True)
    beacon_source = models.CharField(
        _("公共随机数来源"), max_length=8, blank=True, default="", db_default=""
    )
    beacon_date = models.DateField(_("公共随机数开奖日期"), null=True, blank=True)
    beacon_value = models.CharField(
        _("公共随机数（开奖号码）"), max_length=64, blank=True, default="", db_default=""
    )
    beacon_entered_at = models.DateTimeField(_("开奖号码录入时间"), null=True, blank=True)
    snapshot = models.JSONField(_("抽取时的候选名单"), null=True, blank=True)
    result = models.JSONField(_("抽取结果"), null=True, blank=True)
    shortfalls = models.JSONField(_("抽取说明"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("种子公开时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("结果公开时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-planned_date", "-pk"]

    def __str__(self):
        return self.name

    @property
    def plan_key(self) -> str:
        """What protocol 2's seed names the plan by: "<app>.<model>:<id>" (two programmes'
        plans may share an id)."""
        return f"{self._meta.label_lower}:{self.pk}"

    @property
    def beacon_label(self) -> str:
        from .beacon import SOURCES

        source = SOURCES.get(self.beacon_source)
        return str(source.label) if source else self.beacon_source

    @property
    def numbers_due(self) -> bool:
        """The lists are committed and the declared lottery has drawn: its numbers are to be
        entered (casework.draws.plan_beacon_enter), and until they are nothing is drawn."""
        return self.status == self.Status.COMMITTED and timezone.localdate() >= self.beacon_date

    @property
    def stranded(self) -> bool:
        """Not committed and never to be drawn: its declared lottery has drawn before its lists
        were committed, or it was made by protocol 1, whose secret seed no draw uses any more
        (ADR 0009). A new plan is made instead."""
        return self.status == self.Status.PLANNED and (
            self.protocol != 2 or timezone.localdate() >= self.beacon_date
        )


class CaseNotice(models.Model):
    """通知书 a transition sends to the case's party: a PDF rendered once and e-mailed once
    (casework.notices.notice_deliver), read in the party's inbox. A concrete notice adds its
    recipient, its case, the history row that caused it and its `kind` (each programme has its
    own choices), and says below who reads it, what its PDF shows and whom it mails."""

    # The concrete notice's PDF template; files are named "<file_prefix>-<pk>.pdf" under
    # notices/%Y/, so each programme needs its own prefix or one's file replaces another's.
    pdf_template: str
    file_prefix: str

    # The official text, in the portal's language whoever fired the transition (the PDF and the
    # e-mail carry it), and its English rendering for a recipient who reads the portal in English.
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    body_en = models.TextField(_("英文正文"), blank=True)
    pdf = models.FileField(_("通知书文件"), upload_to="notices/%Y/", blank=True)
    created_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body")

    @property
    def file_name(self) -> str:
        return f"{self.file_prefix}-{self.pk}.pdf"

    def addressed_to(self, user) -> bool:
        """Whether `user` is among the recipients (may mark it read)."""
        raise NotImplementedError

    def pdf_context(self) -> dict:
        return {"notice": self}

    def email_recipients(self) -> list[str]:
        """The addresses the notice is e-mailed to (none: it is only in the inbox)."""
        raise NotImplementedError
