"""申报企业与评定机构. The protection case itself arrives with the case engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Bureau

from .validators import validate_uscc


class Enterprise(models.Model):
    """申报企业/获证企业, under the jurisdiction of one bureau."""

    name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc]
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("辖区直属局")
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """评定机构: evaluates cases whose applicant chose it, under a plan filed (备案) with HQ."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("机构名称"), max_length=128, unique=True)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("评定机构")
        verbose_name_plural = _("评定机构")
        ordering = ["pk"]

    def __str__(self):
        return self.name
