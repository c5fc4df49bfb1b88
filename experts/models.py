"""全国质检系统生态原产地产品专家委员会 (seed 000 §12).

Seed 000 §12: "建立生态原产地产品保护专家骨干队伍。各直属局应注重培养专业队伍，推荐系统内相关领域的专家，
分专业、分产品建立起全国质检系统生态原产地产品专家委员会。" A bureau recommends an expert of the
system (name, unit, speciality, the products known); HQ admits the expert into the committee
under a speciality (产品类别) and products, or declines with a reason. The committee's roster is
one for the whole system: every bureau reads who is in it, by speciality."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import ProductCategory
from regions.models import Bureau
from supervision.models import PoolMember


class Expert(models.Model):
    """专家推荐 and, once HQ admits it, 专家委员会委员.

    Who sees what (seed 000 §12: bureaus recommend to HQ, HQ builds the national committee):
    HQ reads every recommendation; the recommending bureau reads its own, whatever their
    status; every bureau reads the admitted experts (the committee serves the whole system: §二.2
    片区 "专家团队", §16 专家团宣讲) by name, unit, speciality and products. The contact details,
    the reason for recommending, the portal account and HQ's reason for declining are between
    the recommending bureau and HQ: another bureau never reads them, nor another bureau's
    pending or declined recommendations. An evaluation agency reads the admitted experts of the
    category of a case it evaluates (applications: the evaluation form), without contacts.

    A row is never deleted: declining keeps it with HQ's reason. `pool_member` links an admitted
    expert whose portal account HQ put into the inspector pool (supervision.PoolMember, kind
    专家委员会委员) for double-random draws (§10)."""

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", _("待总局审核")
        ADMITTED = "admitted", _("已入选专家委员会")
        DECLINED = "declined", _("未入选")

    name = models.CharField(_("姓名"), max_length=64)
    organisation = models.CharField(_("工作单位"), max_length=128)
    speciality = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name=_("专业（产品类别）"),
    )
    products = models.CharField(_("擅长产品"), max_length=200)
    contact = models.CharField(_("联系方式"), max_length=128)
    reason = models.TextField(_("推荐理由"), blank=True)
    # The expert's own portal account (an expert or inspector of the recommending bureau), if it
    # has one: what the inspector pool draws.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_recommendations",
        verbose_name=_("门户账户"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="recommended_experts",
        verbose_name=_("推荐直属局"),
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("推荐人"),
    )
    recommended_at = models.DateTimeField(_("推荐时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RECOMMENDED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("未入选理由"), blank=True)
    pool_member = models.OneToOneField(
        PoolMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_expert",
        verbose_name=_("检查人员库记录"),
    )

    class Meta:
        verbose_name = _("专家委员会委员")
        verbose_name_plural = _("专家委员会")
        ordering = ["speciality_id", "name", "pk"]
        constraints = [
            # One account is recommended once at a time: again only after HQ declined it.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=["recommended", "admitted"]),
                name="expert_account_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "speciality", "name"], name="expert_roster"),
        ]

    def __str__(self):
        return f"{self.name}（{self.organisation}）"

    @property
    def admitted(self) -> bool:
        return self.status == self.Status.ADMITTED
