"""京津冀行政审批结果互认 (seed 003): a recognised approval, recorded once by the place that granted
it and valid in all three places, and its history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from casework.models import TransitionRecord
from ecoorigin.validators import validate_uscc
from regions.cooperation import PLACE_LABELS, PLACES
from regions.models import Bureau, Organisation

from . import workflow as wf
from .workflow import Kind, State, Status

PLACE_CHOICES = [(code, PLACE_LABELS[code]) for code in PLACES]


class Recognition(FSMModelMixin, models.Model):
    """互认事项: an approval granted by one place's bureau or quality authority, recognised in all
    three (一地获批，三地通用). The granting unit and its place are the recording user's, never
    typed; `state` changes only through the case engine."""

    number = models.CharField(_("互认编号"), max_length=32, unique=True)
    holder_name = models.CharField(_("持有人名称"), max_length=128)
    holder_uscc = models.CharField(
        _("持有人统一社会信用代码"), max_length=18, validators=[validate_uscc]
    )
    kind = models.CharField(_("审批类别"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("事项名称"), max_length=200)
    scope = models.TextField(_("许可范围"), blank=True)
    document_number = models.CharField(_("证书或批准文号"), max_length=64)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    # The granting unit: the place's bureau or its quality authority (exactly one of the two).
    granting_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("审批单位（直属局）"),
    )
    granting_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("审批单位（质监部门）"),
    )
    place = models.CharField(_("审批地"), max_length=16, choices=PLACE_CHOICES)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.IN_FORCE, protected=True
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        verbose_name = _("互认事项")
        verbose_name_plural = _("互认事项")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["holder_uscc", "-id"], name="recognition_holder"),
            models.Index(fields=["place", "state", "-id"], name="recognition_place_state"),
            models.Index(fields=["kind", "state", "-id"], name="recognition_kind_state"),
        ]
        constraints = [
            models.CheckConstraint(
                name="recognition_one_granting_unit",
                condition=models.Q(granting_bureau__isnull=False, granting_authority__isnull=True)
                | models.Q(granting_bureau__isnull=True, granting_authority__isnull=False),
            ),
            models.CheckConstraint(
                name="recognition_valid_until_after_from",
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gt=models.F("valid_from")),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.holder_name} · {self.title}"

    @property
    def granting_unit(self):
        return self.granting_bureau or self.granting_authority

    @property
    def granting_unit_name(self) -> str:
        unit = self.granting_unit
        if unit is None:
            return ""
        return unit.display_full_name if isinstance(unit, Bureau) else unit.display_name

    @property
    def status(self) -> str:
        if self.state == State.WITHDRAWN:
            return Status.WITHDRAWN
        if self.valid_until is not None and self.valid_until < timezone.localdate():
            return Status.EXPIRED
        return Status.IN_FORCE

    def get_status_display(self) -> str:
        return Status(self.status).label

    @transition(
        state, source=State.IN_FORCE, target=State.WITHDRAWN, permission=wf.is_granting_place
    )
    def withdraw(self, *, reason, withdrawn_on, **data):
        self.withdrawn_on = withdrawn_on
        self.withdrawal_reason = reason


class RecognitionHistory(TransitionRecord):
    """互认事项流转记录."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.PROTECT, related_name="history", verbose_name=_("互认事项")
    )

    class Meta:
        verbose_name = _("互认事项流转记录")
        verbose_name_plural = _("互认事项流转记录")
        ordering = ["recognition_id", "pk"]
