"""拟批准生态原产地保护产品公示: the products that passed evaluation, published in batches for a
notice period before certificates are issued, and the objections anyone may raise meanwhile
(issue 20, ADR 0023).

A batch (公示批次) is published by HQ with the evaluated cases it gathers; each case is an entry
(公示产品). The notice period is HQ's setting (PublicitySetting, 10 calendar days by default),
copied onto the batch when it is published with its end date (services.notice_period_end).
While the period runs, or while an objection on an entry is open, the case is not certified
(selectors.certification_refusal, called by the certify transition). An objection (异议) comes
from anyone through the public site, with a tracking code; the case's bureau records its view,
HQ upholds (the entry is withdrawn from the batch) or dismisses it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications.models import Application
from casework.models import CaseNotice, FileAccess, StoredFile


class PublicitySetting(models.Model):
    """HQ's settings of the public notice: one row (pk 1), made with the defaults when first read
    (selectors.setting)."""

    period_days = models.PositiveSmallIntegerField(
        _("公示期（日历日）"),
        default=10,
        help_text=_("自公示发布次日起算；期满日为法定节假日或休息日的，顺延至其后第一个工作日。"),
    )
    required = models.BooleanField(
        _("颁证前须经公示"),
        default=False,
        help_text=_("勾选后，未列入公示批次的评定完成案件不能颁发证书。"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("公示设置")
        verbose_name_plural = _("公示设置")

    def __str__(self):
        return str(_("公示期 %(days)s 日") % {"days": self.period_days})


class NoticeBatch(models.Model):
    """公示批次: published at once by HQ, with its notice period and the period's last day."""

    number = models.CharField(_("批次编号"), max_length=32, unique=True)
    title = models.CharField(_("公示标题"), max_length=200)
    published_on = models.DateField(_("公示发布日期"), db_index=True)
    period_days = models.PositiveSmallIntegerField(_("公示期（日历日）"))
    ends_on = models.DateField(_("公示期满日"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公示批次")
        verbose_name_plural = _("公示批次")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    def is_open(self, today=None) -> bool:
        """Objections are received up to and including the last day."""
        return (today or timezone.localdate()) <= self.ends_on


class BatchEntry(models.Model):
    """公示产品: one evaluated case in a batch. Withdrawn (撤出公示) when HQ upholds an objection
    on it or takes it out for another reason; a case is in at most one batch at a time."""

    batch = models.ForeignKey(
        NoticeBatch, on_delete=models.PROTECT, related_name="entries", verbose_name=_("公示批次")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="notice_entries",
        verbose_name=_("保护案件"),
    )
    withdrawn_at = models.DateTimeField(_("撤出公示时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤出公示理由"), blank=True)

    class Meta:
        verbose_name = _("公示产品")
        verbose_name_plural = _("公示产品")
        ordering = ["batch_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(withdrawn_at__isnull=True),
                name="publicity_entry_once",
            ),
        ]

    def __str__(self):
        return f"{self.batch.number} · {self.application}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Objection(models.Model):
    """异议: from anyone during the notice period, against one product of a batch."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    class Consequence(models.TextChoices):
        """What an upheld objection does to the case, through the case engine (issue 20)."""

        REEVALUATE = "reevaluate", _("退回重新评定")
        NOT_APPROVE = "not_approve", _("不予批准")

    entry = models.ForeignKey(
        BatchEntry, on_delete=models.PROTECT, related_name="objections", verbose_name=_("公示产品")
    )
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    name = models.CharField(_("异议人姓名或单位"), max_length=100)
    contact = models.CharField(_("联系电话或地址"), max_length=200)
    email = models.EmailField(_("联系邮箱"), blank=True)
    reasons = models.TextField(_("异议理由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    bureau_view = models.TextField(_("直属局意见"), blank=True)
    bureau_view_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("直属局意见填写人"),
    )
    bureau_view_at = models.DateTimeField(_("直属局意见时间"), null=True, blank=True)
    decision_reason = models.TextField(_("处理理由"), blank=True)
    consequence = models.CharField(
        _("异议成立的处理"), max_length=16, choices=Consequence.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.tracking_code


class ObjectionDocument(StoredFile):
    """异议证明材料: checked like every upload; read by HQ and the case's bureau only."""

    objection = models.ForeignKey(
        Objection, on_delete=models.PROTECT, related_name="documents", verbose_name=_("公示异议")
    )
    file = models.FileField(_("文件"), upload_to="publicity/%Y/%m/")

    class Meta:
        verbose_name = _("异议证明材料")
        verbose_name_plural = _("异议证明材料")
        ordering = ["pk"]


class ObjectionDocumentAccess(FileAccess):
    """异议证明材料查阅记录."""

    document = models.ForeignKey(
        ObjectionDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("异议证明材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("异议证明材料查阅记录")
        verbose_name_plural = _("异议证明材料查阅记录")


class PublicityNotice(CaseNotice):
    """公示通知 to the enterprise concerned: its product is published, an objection was raised
    against it (its substance, never who raised it), and HQ's decision on it."""

    pdf_template = "pdf/publicity_notice.html"
    file_prefix = "publicity"

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("拟批准产品公示通知")
        OBJECTION = "objection", _("公示异议告知书")
        DECISION = "decision", _("公示异议处理结果通知")

    enterprise = models.ForeignKey(
        "applications.Enterprise",
        on_delete=models.PROTECT,
        related_name="publicity_notices",
        verbose_name=_("企业"),
    )
    entry = models.ForeignKey(
        BatchEntry, on_delete=models.PROTECT, related_name="notices", verbose_name=_("公示产品")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)

    class Meta(CaseNotice.Meta):
        verbose_name = _("公示通知")
        verbose_name_plural = _("公示通知")

    def addressed_to(self, user) -> bool:
        return (
            user.is_authenticated
            and user.role == Role.ENTERPRISE
            and user.enterprise_id == self.enterprise_id
        )

    def pdf_context(self) -> dict:
        return {"notice": self, "case": self.entry.application, "batch": self.entry.batch}

    def email_recipients(self) -> list[str]:
        return [self.enterprise.contact_email] if self.enterprise.contact_email else []
