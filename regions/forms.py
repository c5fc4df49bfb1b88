"""Browser forms of the reporting pages (activities, annual summaries). They shape input; the
services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked

from . import figures
from .models import Bureau, GovernmentReport, LectureTour, ResearchProject, Zone

FIRST_YEAR = 2012  # 生态原产地产品保护 started in September 2012
LAST_YEAR = 2100  # the last year the API takes


class DateInput(forms.DateInput):
    input_type = "date"


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
            "member_bureaus": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "partners": _("联系的高等院校、研究院所、学术单位、评定机构等。"),
            "member_bureaus": _("可多选（按住 Ctrl 或 ⌘）。本局为立项单位，无需选择。"),
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
