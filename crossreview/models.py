"""京津冀行政执法案件互查互评 (seed 003 §三.14): a year's review round and its standard, the case
files the places enter, the reviewer drawn for each, and the reviews with their scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from regions.cooperation import PLACE_LABELS, PLACES

from . import workflow as wf
from .workflow import CaseKind, State

PLACE_CHOICES = [(code, PLACE_LABELS[code]) for code in PLACES]


class ReviewRound(FSMModelMixin, models.Model):
    """互查互评年度评查: one a year. `state` changes only through the case engine; the assignment's
    seed, the lists it drew from and its result are kept so that anyone can re-run it
    (crossreview.assignment)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    agreed_at = models.DateTimeField(_("标准商定时间"), null=True, blank=True)
    # The assignment (随机分配): its seed (hex), the lists it drew from, and what it drew.
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    snapshot = models.JSONField(_("分配时的案卷和评查人员名单"), default=dict, blank=True)
    assignment = models.JSONField(_("分配结果"), default=dict, blank=True)
    assigned_at = models.DateTimeField(_("分配时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("互查互评年度评查")
        verbose_name_plural = _("互查互评年度评查")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} {self.title}"

    @property
    def accepts_cases(self) -> bool:
        return self.state in wf.ACCEPTS_CASES

    # Conditions of the transitions: the kernel re-checks them under the row lock.
    def standard_complete(self) -> bool:
        weights = list(self.criteria.values_list("weight", flat=True))
        return bool(weights) and sum(weights) == wf.TOTAL_WEIGHT

    def has_cases(self) -> bool:
        return self.cases.exists()

    def all_reviewed(self) -> bool:
        return not self.cases.filter(review__isnull=True).exists()

    @transition(
        state,
        source=State.DRAFT,
        target=State.AGREED,
        permission=wf.lead_of_round,
        conditions=[standard_complete],
    )
    def agree(self, *, agreed_at, **data):
        self.agreed_at = agreed_at

    @transition(
        state,
        source=State.AGREED,
        target=State.ASSIGNED,
        permission=wf.lead_of_round,
        conditions=[has_cases],
    )
    def assign(self, *, seed, snapshot, assignment, assigned_at, **data):
        self.seed, self.snapshot, self.assignment = seed, snapshot, assignment
        self.assigned_at = assigned_at

    @transition(
        state,
        source=State.ASSIGNED,
        target=State.CLOSED,
        permission=wf.lead_of_round,
        conditions=[all_reviewed],
    )
    def close(self, *, closed_at, **data):
        self.closed_at = closed_at


class ReviewRoundHistory(TransitionRecord):
    """互查互评流转记录."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.PROTECT, related_name="history", verbose_name=_("年度评查")
    )

    class Meta:
        verbose_name = _("互查互评流转记录")
        verbose_name_plural = _("互查互评流转记录")
        ordering = ["round_id", "pk"]


class ReviewCriterion(models.Model):
    """评查标准条目: one criterion of a round's standard and its weight (the most a case scores
    on it). Changed only while the round is a draft."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("年度评查")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("评查内容"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("分值"), validators=[MinValueValidator(1), MaxValueValidator(wf.TOTAL_WEIGHT)]
    )

    class Meta:
        verbose_name = _("评查标准条目")
        verbose_name_plural = _("评查标准条目")
        ordering = ["round_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"], name="crossreview_criterion_position"
            ),
            models.UniqueConstraint(fields=["round", "text"], name="crossreview_criterion_text"),
            models.CheckConstraint(
                name="crossreview_criterion_weight",
                condition=models.Q(weight__gte=1, weight__lte=wf.TOTAL_WEIGHT),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}（{self.weight}）"


class ReviewedCase(models.Model):
    """被评查案卷: an enforcement case file of one place, entered by its bureau clerk or quality
    authority (the place is the entering user's, never input). The reviewer is drawn from the
    other two places' staff at the assignment."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.PROTECT, related_name="cases", verbose_name=_("年度评查")
    )
    place = models.CharField(_("被评查地"), max_length=16, choices=PLACE_CHOICES)
    number = models.CharField(_("案卷编号"), max_length=64)
    title = models.CharField(_("案件名称"), max_length=200)
    kind = models.CharField(_("案件类别"), max_length=16, choices=CaseKind.choices)
    decided_on = models.DateField(_("结案日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报送人"),
    )
    entered_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cross_reviews_assigned",
        verbose_name=_("评查人员"),
    )
    reviewer_place = models.CharField(
        _("评查人员所在地"), max_length=16, choices=PLACE_CHOICES, blank=True
    )
    # When the reviewer was e-mailed the assignment (crossreview.services): a retried task
    # sends none again.
    assignment_emailed_at = models.DateTimeField(_("分配邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("被评查案卷")
        verbose_name_plural = _("被评查案卷")
        ordering = ["round_id", "place", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "place", "number"], name="crossreview_case_number"
            ),
            # The point of 互查: nobody reviews their own place's cases.
            models.CheckConstraint(
                name="crossreview_case_reviewed_elsewhere",
                condition=~models.Q(reviewer_place=models.F("place")),
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "round"], name="crossreview_case_reviewer")]

    def __str__(self):
        return f"{self.number} {self.title}"


class Review(models.Model):
    """评查结果: the assigned reviewer's scores of one case against the round's standard, submitted
    once and never changed."""

    case = models.OneToOneField(
        ReviewedCase, on_delete=models.PROTECT, related_name="review", verbose_name=_("案卷")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评查人员"),
    )
    total = models.PositiveSmallIntegerField(_("总分"))
    summary = models.TextField(_("总体评价"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评查结果")
        verbose_name_plural = _("评查结果")
        ordering = ["case_id"]

    def __str__(self):
        return f"{self.case} · {self.total}"


class ReviewScore(models.Model):
    """评查得分: one criterion's score (0 to its weight) of a review, with what was found."""

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="scores", verbose_name=_("评查结果")
    )
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评查标准条目")
    )
    score = models.PositiveSmallIntegerField(_("得分"))
    finding = models.TextField(_("发现的问题"), blank=True)

    class Meta:
        verbose_name = _("评查得分")
        verbose_name_plural = _("评查得分")
        ordering = ["review_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="crossreview_score_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"
