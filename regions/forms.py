"""Browser forms of the reporting pages (activities, annual summaries) and of the organisations.
They shape input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput

from . import figures
from .models import (
    Bureau,
    BureauDepartment,
    GovernmentReport,
    LectureTour,
    Organisation,
    ResearchProject,
    Zone,
)

FIRST_YEAR = 2012  # 生态原产地产品保护 started in September 2012
LAST_YEAR = 2100  # the last year the API takes


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class YearForm(TextInputsChecked, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("年度不能晚于今年。"))
        return year


class ResearchProjectForm(TextInputsChecked, forms.ModelForm):
    """科研立项. A zone lead may file the project for a zone it leads."""

    class Meta:
        model = ResearchProject
        fields = [
            "title",
            "zone",
            "member_bureaus",
            "partners",
            "start_date",
            "end_date",
            "status",
            "outputs",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "outputs": _textarea(3),
            "member_bureaus": CheckList,
        }
        help_texts = {
            "partners": _("联系的高等院校、研究院所、学术单位、评定机构等。"),
            "member_bureaus": _("本局为立项单位，无需选择。"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        led = user.led_zone_ids
        if led:
            self.fields["zone"].queryset = Zone.objects.filter(pk__in=led)
            self.fields["zone"].help_text = _("本局牵头的片区立项时选择；本局自行立项可不选。")
            self.fields["zone"].label = _("片区（牵头单位立项）")
        else:
            del self.fields["zone"]
        self.fields["member_bureaus"].queryset = Bureau.objects.exclude(pk=user.bureau_id)
        self.fields["member_bureaus"].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("计划结题日期不能早于立项日期。"))
        if start and start > timezone.localdate():
            self.add_error("start_date", _("立项日期不能晚于今天。"))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "zone": data.pop("zone", None),
            "members": list(data.pop("member_bureaus", None) or []),
            **data,
        }


class LectureForm(TextInputsChecked, forms.ModelForm):
    """专家宣讲 / 巡讲."""

    class Meta:
        model = LectureTour
        fields = ["date", "place", "topic", "speakers", "audience_size"]
        widgets = {"date": DateInput}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("请在宣讲举办后填报，日期不能晚于今天。"))
        return date


class GovernmentReportForm(TextInputsChecked, forms.ModelForm):
    """向地方政府报送的专报."""

    class Meta:
        model = GovernmentReport
        fields = ["date", "recipient", "title", "summary"]
        widgets = {"date": DateInput, "summary": _textarea(4)}
        help_texts = {"recipient": _("如：××省人民政府")}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("报送日期不能晚于今天。"))
        return date


class SummaryForm(TextInputsChecked, forms.Form):
    """The bureau's narrative for each of the seven sections and next year's plan. Every field is
    optional here: a draft may be saved half-written; 报送 checks completeness (the service)."""

    next_year_plan = forms.CharField(
        label=_("下一年度工作计划"), widget=_textarea(6), required=False, max_length=20000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.fields.pop("next_year_plan")
        for key, label, _names in figures.SECTIONS:
            self.fields[key] = forms.CharField(
                label=_("%(section)s：工作情况") % {"section": label},
                widget=_textarea(5),
                required=False,
                max_length=20000,
            )
        self.fields["next_year_plan"] = plan

    def narratives(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key, _l, _n in figures.SECTIONS}


class ReturnForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), widget=_textarea(3), max_length=2000, required=False
    )


class OrganisationForm(TextInputsChecked, forms.Form):
    """登记组织机构. Jurisdiction, level and parent are the service's to judge (by kind), so they
    are optional here; a bureau is offered its own jurisdiction only."""

    code = forms.SlugField(
        label=_("代码"),
        max_length=32,
        help_text=_("小写字母、数字和连字符，如 gov-beijing；用于接口和网址，登记后不再修改。"),
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    name_en = forms.CharField(
        label=_("英文名称"),
        max_length=200,
        required=False,
        help_text=_("英文界面显示；可不填，不填时显示中文名称。"),
    )
    kind = forms.ChoiceField(label=_("类别"))
    level = forms.ChoiceField(
        label=_("行政级别"),
        choices=[("", "—"), *Organisation.Level.choices],
        required=False,
        help_text=_("仅地方人民政府填写。"),
    )
    bureau = forms.ModelChoiceField(
        label=_("所在直属局辖区"),
        queryset=Bureau.objects.all(),
        required=False,
        help_text=_("总局内设司局不属于直属局辖区，不选。"),
    )
    parent = forms.ModelChoiceField(
        label=_("上级机构"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("如市人民政府的上级为省人民政府；可不选。"),
    )
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)

    def __init__(self, *args, user, kinds, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in Organisation.Kind.choices if value in kinds
        ]
        if user.bureau_id is not None:
            self.fields["bureau"].queryset = Bureau.objects.filter(pk=user.bureau_id)
            self.fields["bureau"].initial = user.bureau_id
        self.fields["parent"].queryset = organisations.order_by("kind", "bureau_id", "name")


class OrganisationStaffForm(TextInputsChecked, forms.Form):
    """为组织机构开通账户: the registrar sets a first password and passes it on."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    first_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password1 = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("请将初始密码告知本人，并提醒其登录后在“修改密码”中修改。"),
    )
    password2 = forms.CharField(label=_("确认初始密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "password": data["password1"],
            "first_name": data["first_name"],
            "email": data["email"],
        }


class DepartmentForm(TextInputsChecked, forms.Form):
    """内设机构 of the user's own bureau; `is_active` only when editing one."""

    name = forms.CharField(label=_("名称"), max_length=64, help_text=_("如 通关处、检验监管处。"))
    name_en = forms.CharField(label=_("英文名称"), max_length=128, required=False)
    kind = forms.ChoiceField(label=_("级别"), choices=BureauDepartment.Kind.choices)
    is_active = forms.BooleanField(
        label=_("有效"), required=False, help_text=_("不再使用的内设机构取消勾选即停用。")
    )

    def __init__(self, *args, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


class BureauCheckForm(TextInputsChecked, forms.Form):
    """总局监督检查 of a bureau (seed 000 §19), recorded and corrected by HQ before it is issued."""

    bureau = forms.ModelChoiceField(label=_("被检查直属局"), queryset=Bureau.objects.all())
    checked_on = forms.DateField(label=_("检查日期"), widget=DateInput)
    team = forms.CharField(
        label=_("检查组"), max_length=255, help_text=_("总局检查组成员的姓名和单位。")
    )
    scope = forms.CharField(label=_("检查内容"), widget=_textarea(3), max_length=10000)
    findings = forms.CharField(label=_("发现的问题"), widget=_textarea(5), max_length=10000)
    requirements = forms.CharField(label=_("整改要求"), widget=_textarea(4), max_length=10000)
    deadline = forms.DateField(
        label=_("整改期限"), widget=DateInput, help_text=_("直属局在此日期前报告整改情况。")
    )


class BureauCheckReportForm(TextInputsChecked, forms.Form):
    """整改情况 of the checked bureau."""

    rectification = forms.CharField(
        label=_("整改情况"),
        widget=_textarea(6),
        max_length=10000,
        help_text=_("针对每个问题采取的整改措施及其结果。"),
    )


class BureauCheckCloseForm(TextInputsChecked, forms.Form):
    note = forms.CharField(label=_("销号意见"), widget=_textarea(3), max_length=5000)


class BureauCheckReturnForm(TextInputsChecked, forms.Form):
    note = forms.CharField(
        label=_("退回意见"),
        widget=_textarea(3),
        max_length=5000,
        help_text=_("说明整改不到位之处，直属局补充整改后再次报告。"),
    )
