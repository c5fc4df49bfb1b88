"""Browser forms of rectifications and follow-up inspections (ADR 0021). They shape input; the
services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput

from .forms import files_field
from .models import Inspection


class _Files(TextInputsChecked, forms.Form):
    files = files_field(_("材料"))


class RectificationSubmitForm(_Files):
    """整改报告 of the enterprise, with its files."""

    report = forms.CharField(
        label=_("整改报告"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    field_order = ["report", "files"]


class RectificationReviewForm(TextInputsChecked, forms.Form):
    """The bureau's review; the decision comes from the button pressed."""

    decision = forms.ChoiceField(
        choices=[("accept", _("审核通过")), ("reject", _("退回重新整改"))],
        error_messages={"required": _("请选择审核通过或退回。")},
    )
    reason = forms.CharField(
        label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    deadline = forms.DateField(
        label=_("新的整改期限"),
        widget=DateInput,
        required=False,
        help_text=_("退回时可重新设定；不设定则原期限不变。"),
    )


class FollowUpRecordForm(_Files):
    """跟进检查's record: findings and one of the inspection outcomes."""

    findings = forms.CharField(
        label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    outcome = forms.ChoiceField(
        label=_("检查结论"), choices=[("", "---------"), *Inspection.Outcome.choices]
    )
    requirements = forms.CharField(
        label=_("整改要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text=_("检查结论为“责令整改”时填写；不填写则以检查发现作为整改要求。"),
    )
    rectification_deadline = forms.DateField(
        label=_("整改期限"),
        widget=DateInput,
        required=False,
        help_text=_("检查结论为“责令整改”时可设定；不设定则为若干个工作日后（按法定节假日计算）。"),
    )
    field_order = ["findings", "outcome", "requirements", "rectification_deadline", "files"]
