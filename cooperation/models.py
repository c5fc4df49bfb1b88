"""京津冀区域质量发展合作's units and 重点任务 (seed 003 §三), shipped by a data migration from
cooperation/seed_tasks.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecoorigin.names import EnglishName


class Unit(EnglishName, models.Model):
    """责任单位: a unit the seed names as lead or participant of a task."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("总局司局")
        INSTITUTION = "institution", _("技术机构及其他")
        PLACE_BUREAUS = "place_bureaus", _("京津冀三地出入境检验检疫部门")
        PLACE_AUTHORITIES = "place_authorities", _("京津冀三地质监部门")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.display_name


class Task(models.Model):
    """重点任务: one of the 42 numbered tasks of §三, with its lead and participating units."""

    class Section(models.IntegerChoices):
        STANDARDS = 1, _("发挥标准先行作用，服务区域融合发展")
        APPROVALS = 2, _("推进行政审批互认，服务北京非首都功能疏解")
        SUPERVISION = 3, _("加强质量监管协同，深化质量安全保障合作")
        INFRASTRUCTURE = 4, _("构建统一开放的质量技术基础服务平台，推进质量资源共享")
        POLICY = 5, _("促进质量发展政策互惠，提升区域质量发展水平")
        INSPECTION = 6, _("深化检验检疫监管协同，服务外向型经济发展")
        PILOTS = 7, _("探索质量创新先行先试，在交通、生态、产业三大重点领域率先突破")

    number = models.PositiveSmallIntegerField(_("任务序号"), unique=True)
    section = models.PositiveSmallIntegerField(_("任务类别"), choices=Section.choices)
    text = models.TextField(_("任务内容"))
    leads = models.ManyToManyField(Unit, related_name="led_tasks", verbose_name=_("牵头单位"))
    participants = models.ManyToManyField(
        Unit, related_name="joined_tasks", verbose_name=_("参加单位")
    )

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ("number",)

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:20]}…"
