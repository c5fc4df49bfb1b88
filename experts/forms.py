"""Browser forms of the expert committee. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ProductCategory
from ecoorigin.text import TextInputsChecked


class RecommendForm(TextInputsChecked, forms.Form):
    """推荐专家: a bureau's recommendation to HQ (seed 000 §12)."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    organisation = forms.CharField(label=_("工作单位"), max_length=128)
    speciality = forms.ModelChoiceField(
        label=_("专业（产品类别）"), queryset=ProductCategory.objects.filter(is_active=True)
    )
    products = forms.CharField(
        label=_("擅长产品"), max_length=200, help_text=_("例如：绿茶、白茶、黄酒")
    )
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=128,
        help_text=_("电话或电子邮箱；只有总局和本局可见。"),
    )
    reason = forms.CharField(
        label=_("推荐理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    account = forms.ModelChoiceField(
        label=_("门户账户（可选）"),
        queryset=None,
        required=False,
        help_text=_("本局的专家或检查员账户：入选后总局可将其列入检查人员库。"),
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].label_from_instance = lambda u: (
            _("%(name)s（%(username)s）")
            % {"name": u.get_full_name() or u.username, "username": u.username}
        )


class AdmitForm(TextInputsChecked, forms.Form):
    """入选: HQ admits under a speciality and products (those recommended, unless changed)."""

    speciality = forms.ModelChoiceField(
        label=_("专业（产品类别）"), queryset=ProductCategory.objects.filter(is_active=True)
    )
    products = forms.CharField(label=_("擅长产品"), max_length=200)


class DeclineForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("未入选理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RosterFilterForm(TextInputsChecked, forms.Form):
    category = forms.ModelChoiceField(
        label=_("专业（产品类别）"),
        queryset=ProductCategory.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("全部专业"),
    )
