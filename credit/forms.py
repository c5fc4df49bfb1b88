"""Browser forms of the credit and blacklist pages. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput

from .models import Grade
from .workflow import Violation


class GradeFilterForm(TextInputsChecked, forms.Form):
    grade = forms.ChoiceField(
        label=_("信用等级"), choices=[("", _("全部")), *Grade.choices], required=False
    )
    q = forms.CharField(label=_("企业名称或统一社会信用代码"), max_length=128, required=False)


class ProposeForm(TextInputsChecked, forms.Form):
    """提请列入黑名单: the enterprise, the violation and its facts."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    enterprise_name = forms.CharField(
        label=_("企业名称"),
        max_length=128,
        required=False,
        help_text=_("平台已有该企业记录的，以平台记录为准，可不填。"),
    )
    violation = forms.ChoiceField(label=_("违法行为类别"), choices=Violation.choices)
    reason = forms.CharField(
        label=_("列入理由（违法事实）"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )


class ListForm(TextInputsChecked, forms.Form):
    """总局决定列入."""

    decision_number = forms.CharField(label=_("决定文号"), max_length=64)
    listed_on = forms.DateField(label=_("列入日期"), widget=DateInput, required=False)
    ends_on = forms.DateField(
        label=_("公示截止日期"),
        widget=DateInput,
        required=False,
        help_text=_("不填写的，公示至总局决定移出为止。"),
    )


class ReasonForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PublicSearchForm(TextInputsChecked, forms.Form):
    q = forms.CharField(label=_("企业名称或统一社会信用代码"), max_length=128, required=False)
