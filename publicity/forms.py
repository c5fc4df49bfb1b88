"""Browser forms of the public notice. They shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casework.documents import UploadRejected, check_upload
from ecoorigin.text import TextInputsChecked

from .models import Objection


class ObjectionForm(TextInputsChecked, forms.Form):
    """提出异议 (public): who objects, how to reach them, why, and evidence."""

    entry = forms.TypedChoiceField(label=_("异议产品"), coerce=int, choices=())
    name = forms.CharField(label=_("异议人姓名或单位"), max_length=100)
    contact = forms.CharField(
        label=_("联系电话或地址"),
        max_length=200,
        help_text=_("只有总局和案件辖区直属局可见，不告知被异议企业。"),
    )
    email = forms.EmailField(
        label=_("联系邮箱（选填）"), required=False, help_text=_("处理结果将发送到该邮箱。")
    )
    reasons = forms.CharField(
        label=_("异议理由"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("请写明异议的事实和依据（至少 10 个字）。"),
    )
    attachment = forms.FileField(label=_("证明材料（选填）"), required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (entry.pk, f"{entry.application.product_name}（{entry.application.enterprise.name}）")
            for entry in entries
        ]
        self.fields["attachment"].help_text = _("PDF、JPEG 或 PNG，不超过 %(mb)s MB。") % {
            "mb": settings.UPLOAD_MAX_BYTES // 2**20
        }

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            return check_upload(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.named_message) from error


class BatchForm(TextInputsChecked, forms.Form):
    """发布公示: HQ's title and the evaluated products it gathers."""

    title = forms.CharField(label=_("公示标题"), max_length=200)
    applications = forms.ModelMultipleChoiceField(
        label=_("评定完成的产品"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = cases
        self.fields["applications"].label_from_instance = lambda case: (
            f"{case.product_name}（{case.enterprise.name}，{case.bureau.display_name}）"
        )


class SettingForm(TextInputsChecked, forms.Form):
    period_days = forms.IntegerField(label=_("公示期（日历日）"), min_value=1, max_value=60)
    required = forms.BooleanField(label=_("颁证前须经公示"), required=False)


class BureauViewForm(TextInputsChecked, forms.Form):
    view = forms.CharField(
        label=_("直属局意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class DecisionForm(TextInputsChecked, forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("dismissed", _("异议不成立")), ("upheld", _("异议成立"))],
        widget=forms.RadioSelect,
    )
    consequence = forms.ChoiceField(
        label=_("异议成立的处理"),
        choices=Objection.Consequence.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("异议成立时必选：案件退回评定机构重新评定，或不予批准。"),
    )
    reason = forms.CharField(
        label=_("处理理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "dismissed":
            data["consequence"] = ""
        return data


class WithdrawForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("撤出公示理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
