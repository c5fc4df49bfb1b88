"""Browser forms of the mutual recognition pages. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput
from regions.cooperation import PLACE_LABELS, PLACES

from .workflow import Kind, Status


class SearchForm(TextInputsChecked, forms.Form):
    q = forms.CharField(label=_("持有人名称或统一社会信用代码"), max_length=128, required=False)
    kind = forms.ChoiceField(
        label=_("审批类别"), choices=[("", _("全部")), *Kind.choices], required=False
    )
    place = forms.ChoiceField(
        label=_("审批地"),
        choices=[("", _("全部")), *((code, PLACE_LABELS[code]) for code in PLACES)],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *Status.choices], required=False
    )


class RecordForm(TextInputsChecked, forms.Form):
    """登记互认事项: the approval as granted; the granting unit is the recorder's own."""

    holder_name = forms.CharField(label=_("持有人名称"), max_length=128)
    holder_uscc = forms.CharField(label=_("持有人统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("审批类别"), choices=Kind.choices)
    title = forms.CharField(label=_("事项名称"), max_length=200)
    scope = forms.CharField(
        label=_("许可范围"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    document_number = forms.CharField(label=_("证书或批准文号"), max_length=64)
    valid_from = forms.DateField(label=_("有效期起"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("有效期至"),
        widget=DateInput,
        required=False,
        help_text=_("长期有效的不填。"),
    )


class WithdrawForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
