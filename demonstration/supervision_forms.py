"""Browser forms of the zones' 监督检查 (seed 001 §七.3): a double-random plan and an inspection's
record. They shape input; demonstration.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.forms import DrawPlanForm
from ecoorigin.text import TextInputsChecked

from .models import ZoneInspection, ZoneInspectionPlan
from .workflow import Level


class ZonePlanForm(DrawPlanForm):
    """示范区双随机抽查计划. HQ's plan covers every bureau's zones and may choose whether staff of
    the zone's own bureau are drawn; a bureau's plan covers its own zones with its own staff."""

    field_order = [
        "name", "subject", "level", "sample_size", "sample_ratio", "team_size", "weighted",
        "exclude_own_bureau", "planned_date", "beacon_source", "beacon_date",
    ]  # fmt: skip
    ratio_help = _("按范围内检查对象数的百分比抽取（向上取整）。")

    subject = forms.ChoiceField(
        label=_("抽查对象"),
        choices=ZoneInspectionPlan.Subject.choices,
        help_text=_("抽取称号有效的示范区，或这些示范区内的入区企业。"),
    )
    level = forms.ChoiceField(
        label=_("范围：示范区级别"),
        choices=[("", _("全部级别")), *Level.choices],
        required=False,
    )
    weighted = forms.BooleanField(label=_("对质量档案中有问题记录的对象加权"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != Role.HQ:
            # A bureau's plan draws its own staff.
            del self.fields["exclude_own_bureau"]


class ZoneInspectionForm(TextInputsChecked, forms.Form):
    """检查记录 of one drawn zone or enterprise."""

    findings = forms.CharField(
        label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    outcome = forms.ChoiceField(
        label=_("检查结论"), choices=[("", "---------"), *ZoneInspection.Outcome.choices]
    )
