"""京津冀区域质量状况分析报告 (seed 003 §三.19): one report per place and year, its key figures
(typed, so that the three places can be compared), its narrative and its history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from regions.cooperation import PLACE_LABELS, PLACES

from . import workflow as wf
from .figures import BY_KEY, FIGURES, SECTIONS
from .workflow import State

PLACE_CHOICES = [(code, PLACE_LABELS[code]) for code in PLACES]


def _figure_field(key: str) -> models.Field:
    """The column of a figure, with its range (and its decimals) from figures.FIGURES. Empty
    while the report is drafted; all are required to submit it."""
    figure = BY_KEY[key]
    options = {
        "null": True,
        "blank": True,
        "validators": [MinValueValidator(figure.minimum), MaxValueValidator(figure.maximum)],
        "help_text": figure.unit,
    }
    if figure.decimal_places:
        return models.DecimalField(
            figure.label,
            max_digits=figure.max_digits,
            decimal_places=figure.decimal_places,
            **options,
        )
    return models.PositiveIntegerField(figure.label, **options)


def _in_range(figure) -> models.CheckConstraint:
    value = models.Q(**{f"{figure.key}__isnull": True}) | models.Q(
        **{f"{figure.key}__gte": figure.minimum, f"{figure.key}__lte": figure.maximum}
    )
    return models.CheckConstraint(name=f"qualityreport_{figure.key}_range", condition=value)


class QualityStatusReport(FSMModelMixin, models.Model):
    """区域质量状况分析报告: a place's yearly analysis of its quality status, drafted by its bureau
    or quality authority and submitted (报送) to every member; `state` changes only through the
    case engine. The place is the drafter's, never typed."""

    place = models.CharField(_("报送地"), max_length=16, choices=PLACE_CHOICES)
    year = models.PositiveSmallIntegerField(_("年度"))
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, protected=True
    )
    supervision_pass_rate = _figure_field("supervision_pass_rate")
    competitiveness_index = _figure_field("competitiveness_index")
    export_failure_rate = _figure_field("export_failure_rate")
    industrial_enterprises = _figure_field("industrial_enterprises")
    certified_enterprises = _figure_field("certified_enterprises")
    leading_industries = _figure_field("leading_industries")
    standards_led = _figure_field("standards_led")
    overview = models.TextField(SECTIONS["overview"], blank=True)
    problems = models.TextField(SECTIONS["problems"], blank=True)
    measures = models.TextField(SECTIONS["measures"], blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    # The last return's reason, shown to the place while it revises; the history keeps them all.
    return_reason = models.TextField(_("退回原因"), blank=True)

    class Meta:
        verbose_name = _("区域质量状况分析报告")
        verbose_name_plural = _("区域质量状况分析报告")
        ordering = ["-year", "place"]
        indexes = [models.Index(fields=["year", "state"], name="qualityreport_year_state")]
        constraints = [
            models.UniqueConstraint(fields=["place", "year"], name="qualityreport_once_a_year"),
            *(_in_range(figure) for figure in FIGURES),
        ]

    def __str__(self):
        return f"{self.get_place_display()} {self.year}"

    def figure_values(self) -> dict:
        return {figure.key: getattr(self, figure.key) for figure in FIGURES}

    def missing(self) -> dict[str, list]:
        """What must be filled in before the report is submitted, as field errors."""
        required = _("报送前须填写此项。")
        empty = [f.key for f in FIGURES if getattr(self, f.key) is None]
        empty += [key for key in SECTIONS if not getattr(self, key).strip()]
        return {key: [required] for key in empty}

    @transition(
        state,
        source=[State.DRAFT, State.RETURNED],
        target=State.SUBMITTED,
        permission=wf.is_filing_place,
        conditions=[wf.is_complete],
    )
    def submit(self, *, actor, **data):
        self.submitted_at = timezone.now()
        self.submitted_by = actor
        self.return_reason = ""

    @transition(
        state, source=State.SUBMITTED, target=State.RETURNED, permission=wf.is_leading_group
    )
    def return_report(self, *, reason, **data):
        self.return_reason = reason


class QualityStatusReportHistory(TransitionRecord):
    """区域质量状况分析报告流转记录."""

    report = models.ForeignKey(
        QualityStatusReport,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("区域质量状况分析报告"),
    )

    class Meta:
        verbose_name = _("区域质量状况分析报告流转记录")
        verbose_name_plural = _("区域质量状况分析报告流转记录")
        ordering = ["report_id", "pk"]
