"""京津冀区域质量发展合作's units and 重点任务 (seed 003 §三), shipped by a data migration from
cooperation/seed_tasks.py, and the members' 年度行动计划 on them (§四.(一)): milestones per task,
progress reports, the plan's history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.names import EnglishName
from regions.models import Bureau, Organisation

from . import workflow as wf
from .workflow import PlanState


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


class ActionPlan(FSMModelMixin, models.Model):
    """年度行动计划: one planning unit's plan for one year (a place's bureau or quality authority,
    or an HQ department the seed names as a unit; exactly one of the two keys), its milestones
    per task, approved by the leading group and reported on at the year's end. The unit is the
    drafter's, never input; `state` changes only through the case engine."""

    year = models.PositiveSmallIntegerField(_("年度"))
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_plans",
        verbose_name=_("计划单位（直属局）"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_plans",
        verbose_name=_("计划单位（质监部门或总局司局）"),
    )
    summary = models.TextField(_("计划概述"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    state = FSMField(
        _("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT, protected=True
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审议通过时间"), null=True, blank=True)
    implementation = models.TextField(_("年度实施情况"), blank=True)
    reported_at = models.DateTimeField(_("汇报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度行动计划")
        verbose_name_plural = _("年度行动计划")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cooperation_plan_one_unit",
                condition=models.Q(bureau__isnull=False, organisation__isnull=True)
                | models.Q(bureau__isnull=True, organisation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year", "bureau"],
                condition=models.Q(bureau__isnull=False),
                name="cooperation_plan_bureau_year",
            ),
            models.UniqueConstraint(
                fields=["year", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="cooperation_plan_organisation_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "state"], name="cooperation_plan_year_state")]

    def __str__(self):
        return f"{self.year} {self.unit_name}"

    @property
    def unit(self):
        return self.bureau or self.organisation

    @property
    def unit_name(self) -> str:
        unit = self.unit
        if unit is None:
            return ""
        return unit.display_full_name if isinstance(unit, Bureau) else unit.display_name

    @property
    def editable(self) -> bool:
        return self.state in wf.EDITABLE_STATES

    @transition(
        state,
        source=[PlanState.DRAFT, PlanState.RETURNED],
        target=PlanState.SUBMITTED,
        permission=wf.is_plan_unit,
        conditions=[wf.has_milestones],
    )
    def submit(self, **data):
        self.submitted_at = timezone.now()

    @transition(
        state, source=PlanState.SUBMITTED, target=PlanState.APPROVED, permission=wf.is_leading_group
    )
    def approve(self, **data):
        self.approved_at = timezone.now()

    @transition(
        state, source=PlanState.SUBMITTED, target=PlanState.RETURNED, permission=wf.is_leading_group
    )
    def return_plan(self, **data):
        """退回修改: the reason is in the history; the unit edits and submits again."""

    @transition(
        state,
        source=PlanState.APPROVED,
        target=PlanState.REPORTED,
        permission=wf.is_plan_unit,
        conditions=[wf.year_end_reached],
    )
    def report(self, *, implementation, **data):
        self.implementation = implementation
        self.reported_at = timezone.now()


class ActionPlanHistory(TransitionRecord):
    """年度行动计划流转记录."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="history", verbose_name=_("行动计划")
    )

    class Meta:
        verbose_name = _("年度行动计划流转记录")
        verbose_name_plural = _("年度行动计划流转记录")
        ordering = ["plan_id", "pk"]


class Milestone(models.Model):
    """计划节点: what the unit will have done on one of its tasks by a date of the plan's year.
    Its progress is the latest of its progress reports (kept here for lists and overdue flags);
    completed once a report says 100 %."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("行动计划")
    )
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("重点任务")
    )
    title = models.CharField(_("节点目标"), max_length=200)
    due_date = models.DateField(_("计划完成日期"))
    percent = models.PositiveSmallIntegerField(_("完成进度(%)"), default=0)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    last_reported_at = models.DateTimeField(_("最近报告时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("计划节点")
        verbose_name_plural = _("计划节点")
        ordering = ["plan_id", "task__number", "due_date", "pk"]
        indexes = [
            models.Index(fields=["completed_on", "due_date"], name="cooperation_milestone_due")
        ]
        constraints = [
            models.CheckConstraint(
                name="cooperation_milestone_percent", condition=models.Q(percent__lte=100)
            ),
        ]

    def __str__(self):
        return f"{self.task.number} · {self.title}"

    @property
    def overdue(self) -> bool:
        """Due and not completed, in an approved plan (a draft's dates are still a proposal)."""
        return (
            self.completed_on is None
            and self.plan.state in wf.PUBLISHED_STATES
            and self.due_date < timezone.localdate()
        )

    @property
    def latest_report(self):
        """The newest progress report (from the prefetched reports when they are)."""
        reports = list(self.reports.all())
        return max(reports, key=lambda report: report.pk) if reports else None

    @property
    def completed_late(self) -> bool:
        return self.completed_on is not None and self.completed_on > self.due_date


class ProgressReport(AppendOnlyModel):
    """进展报告: the unit's account of a milestone at a date, never changed once made."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="reports", verbose_name=_("计划节点")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报告人"),
    )
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    percent = models.PositiveSmallIntegerField(_("完成进度(%)"))
    text = models.TextField(_("进展情况"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["milestone_id", "pk"]

    def __str__(self):
        return f"{self.milestone} · {self.percent}%"
