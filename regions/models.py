"""直属局、片区及其成员关系 (seed 000 §二.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bureau(models.Model):
    """直属检验检疫局."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("简称"), max_length=32, unique=True)
    full_name = models.CharField(_("全称"), max_length=64)

    class Meta:
        verbose_name = _("直属局")
        verbose_name_plural = _("直属局")
        ordering = ["pk"]

    def __str__(self):
        return self.full_name


class Zone(models.Model):
    """片区 or 专区: bureaus that work together, led by one or two lead bureaus."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("片区")
        SPECIAL = "special", _("专区")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    bureaus = models.ManyToManyField(
        Bureau, through="ZoneMembership", related_name="zones", verbose_name=_("直属局")
    )

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ZoneMembership(models.Model):
    """A bureau's seat in a zone: 牵头单位 (lead) or 成员单位 (member)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        MEMBER = "member", _("成员单位")

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("片区")
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("直属局")
    )
    role = models.CharField(_("角色"), max_length=8, choices=Role.choices)

    class Meta:
        verbose_name = _("片区成员")
        verbose_name_plural = _("片区成员")
        ordering = ["zone_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "bureau"], name="zone_membership_unique"),
        ]

    def __str__(self):
        return f"{self.zone} · {self.bureau.name} ({self.get_role_display()})"
