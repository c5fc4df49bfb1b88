"""质量信用 (seed 004 §二.11): the credit rule HQ publishes by version, each enterprise's grade with
the explanation that adds up to its score, and the grade's history; 质量安全违法黑名单 (§二.12):
the blacklist entry, a case on the engine, and its history."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from casework.workflow import nobody
from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.validators import validate_uscc
from regions.models import Bureau

from . import workflow as wf
from .workflow import State, Violation


class Grade(models.TextChoices):
    A = "A", _("A 守信")
    B = "B", _("B 基本守信")
    C = "C", _("C 失信")
    D = "D", _("D 严重失信")


class CreditRule(AppendOnlyModel):
    """信用评价规则, one version a row. HQ publishes a new version, which supersedes the one in
    force (the highest version); a published version is never changed, so every grade names the
    rule it was computed by and can be explained by it."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    # Points deducted from 100, by fact kind (casework.credit.KINDS).
    weights = models.JSONField(_("扣分标准"))
    # Facts that ended (a suspension lifted, a warning lowered) count this share of their points;
    # facts older than half_after_years count half; older than ignore_after_years, nothing.
    ended_percent = models.PositiveSmallIntegerField(
        _("已结束事项计分比例（%）"), validators=[MaxValueValidator(100)]
    )
    half_after_years = models.PositiveSmallIntegerField(_("减半计分年限"))
    ignore_after_years = models.PositiveSmallIntegerField(_("不再计分年限"))
    # The least score of each grade; below grade_c_min it is D.
    grade_a_min = models.PositiveSmallIntegerField(
        _("A 级最低分"), validators=[MaxValueValidator(100)]
    )
    grade_b_min = models.PositiveSmallIntegerField(
        _("B 级最低分"), validators=[MaxValueValidator(100)]
    )
    grade_c_min = models.PositiveSmallIntegerField(
        _("C 级最低分"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("修订说明"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用评价规则")
        verbose_name_plural = _("信用评价规则")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                name="credit_rule_thresholds_descend",
                condition=models.Q(grade_a_min__gt=models.F("grade_b_min"))
                & models.Q(grade_b_min__gt=models.F("grade_c_min")),
            ),
            models.CheckConstraint(
                name="credit_rule_years_ascend",
                condition=models.Q(ignore_after_years__gt=models.F("half_after_years")),
            ),
        ]

    def __str__(self):
        return _("第 %(version)s 版") % {"version": self.version}

    def grade_of(self, score: int) -> str:
        if score >= self.grade_a_min:
            return Grade.A
        if score >= self.grade_b_min:
            return Grade.B
        if score >= self.grade_c_min:
            return Grade.C
        return Grade.D


class CreditGrade(models.Model):
    """质量信用等级 of one enterprise (by its 统一社会信用代码), as last computed: written only by
    services.credit_recompute."""

    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("企业名称"), max_length=128)
    # The bureau of the enterprise's jurisdiction, when a programme knows one (its staff see it).
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_grades",
        verbose_name=_("辖区直属局"),
    )
    grade = models.CharField(_("信用等级"), max_length=1, choices=Grade.choices)
    score = models.PositiveSmallIntegerField(_("信用分"), validators=[MaxValueValidator(100)])
    rule = models.ForeignKey(
        CreditRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("评价规则")
    )
    # Lines {"label", "reference", "date", "points", "kind", "source"}: their points add up to
    # the score (the first line is the base of 100).
    explanation = models.JSONField(_("计分明细"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("质量信用等级")
        verbose_name_plural = _("质量信用等级")
        ordering = ["uscc"]
        indexes = [
            models.Index(fields=["grade", "uscc"], name="credit_grade_grade"),
            models.Index(fields=["bureau", "grade", "uscc"], name="credit_grade_bureau"),
        ]

    def __str__(self):
        return f"{self.name} · {self.grade}"


class CreditGradeChange(AppendOnlyModel):
    """信用等级变更记录: one row whenever an enterprise's grade or score changes (its first grade
    too), with the rule and the explanation that gave the new one."""

    credit_grade = models.ForeignKey(
        CreditGrade, on_delete=models.PROTECT, related_name="changes", verbose_name=_("信用等级")
    )
    from_grade = models.CharField(_("原等级"), max_length=1, choices=Grade.choices, blank=True)
    to_grade = models.CharField(_("新等级"), max_length=1, choices=Grade.choices)
    from_score = models.PositiveSmallIntegerField(_("原分数"), null=True, blank=True)
    to_score = models.PositiveSmallIntegerField(_("新分数"))
    rule_version = models.PositiveIntegerField(_("规则版本"))
    reason = models.CharField(_("变更原因"), max_length=200)
    explanation = models.JSONField(_("计分明细"), default=list)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用等级变更记录")
        verbose_name_plural = _("信用等级变更记录")
        ordering = ["credit_grade_id", "-pk"]

    def __str__(self):
        return f"{self.from_grade or '-'} → {self.to_grade}"


class BlacklistEntry(FSMModelMixin, models.Model):
    """质量安全违法黑名单 entry: a bureau's proposal, HQ's decision, the listing's end. `state`
    changes only through the transition methods, fired by the case engine."""

    number = models.CharField(_("编号"), max_length=32, unique=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_uscc])
    enterprise_name = models.CharField(_("企业名称"), max_length=128)
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="blacklist_entries", verbose_name=_("直属局")
    )
    violation = models.CharField(_("违法行为类别"), max_length=16, choices=Violation.choices)
    reason = models.TextField(_("列入理由（违法事实）"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提议人"),
    )
    proposed_at = models.DateTimeField(_("提议时间"), auto_now_add=True)
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.PROPOSED, protected=True
    )
    # HQ's decision (the deciding unit is HQ: 海关总署 in the public list).
    decision_number = models.CharField(_("决定文号"), max_length=64, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    # 强制退出, once after the listing: how many proposals the programmes made, and when.
    exit_proposals = models.PositiveIntegerField(_("强制退出提请数"), null=True, blank=True)
    exit_proposed_at = models.DateTimeField(_("强制退出提请时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("黑名单")
        verbose_name_plural = _("黑名单")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["state", "-id"], name="blacklist_state"),
            models.Index(fields=["bureau", "state", "-id"], name="blacklist_bureau_state"),
            models.Index(fields=["uscc", "state"], name="blacklist_uscc_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=models.Q(state__in=wf.OPEN_STATES),
                name="blacklist_one_open_entry",
                violation_error_message=_("该企业已有待决定或有效的黑名单记录。"),
            ),
            models.CheckConstraint(
                name="blacklist_ends_after_start",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(listed_on__isnull=True)
                | models.Q(ends_on__gt=models.F("listed_on")),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.enterprise_name}"

    @transition(state, source=State.PROPOSED, target=State.LISTED, permission=wf.is_hq)
    def list_enterprise(self, *, actor, decision_number, listed_on, ends_on, decided_at, **data):
        self.decision_number = decision_number
        self.listed_on = listed_on
        self.ends_on = ends_on
        self.decided_by = actor
        self.decided_at = decided_at

    @transition(state, source=State.PROPOSED, target=State.REFUSED, permission=wf.is_hq)
    def refuse(self, *, actor, decided_at, **data):
        self.decided_by = actor
        self.decided_at = decided_at

    @transition(state, source=State.LISTED, target=State.REMOVED, permission=wf.is_hq)
    def remove(self, *, removed_on, **data):
        self.removed_on = removed_on

    @transition(state, source=State.LISTED, target=State.EXPIRED, permission=nobody)
    def expire(self, *, removed_on, **data):  # 公示期满 (the daily sweep)
        self.removed_on = removed_on


class BlacklistHistory(TransitionRecord):
    """黑名单流转记录."""

    entry = models.ForeignKey(
        BlacklistEntry, on_delete=models.PROTECT, related_name="history", verbose_name=_("黑名单")
    )

    class Meta:
        verbose_name = _("黑名单流转记录")
        verbose_name_plural = _("黑名单流转记录")
        ordering = ["entry_id", "pk"]
