"""Browser forms of the monitoring pages (seed 004 §二.1, 3). They shape input; the services
decide (who may act and when, the schedule inside the plan's year, the points of the plan's
bureau, what a failed sample must name)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput

from .models import MonitoringPlan, MonitoringPoint, PlanItem, SampleResult
from .workflow import Level, PointKind, State, Verdict


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(TextInputsChecked, forms.Form):
    """A plan's text: HQ also gives the national plan's year; a bureau picks the published
    national plan its local plan follows (`national_plans`, None when editing)."""

    year = forms.IntegerField(label=_label(MonitoringPlan, "year"), min_value=2000, max_value=2100)
    national_plan = forms.TypedChoiceField(
        label=_label(MonitoringPlan, "national_plan"), coerce=int, choices=()
    )
    title = forms.CharField(label=_label(MonitoringPlan, "title"), max_length=200)
    focus_products = forms.CharField(
        label=_label(MonitoringPlan, "focus_products"),
        widget=_textarea(5),
        max_length=5000,
        help_text=_("每行一种产品或领域，如：牛羊肉、冷水鱼、蜂产品、虫草、枸杞及其制品。"),
    )
    notes = forms.CharField(
        label=_label(MonitoringPlan, "notes"), widget=_textarea(), max_length=20000, required=False
    )

    def __init__(self, *args, level: str | None, national_plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if level != Level.NATIONAL:
            del self.fields["year"]
        if national_plans is None:
            del self.fields["national_plan"]
        else:
            self.fields["national_plan"].choices = [(p.pk, p.title) for p in national_plans]
        self.plans = {p.pk: p for p in national_plans or ()}

    def clean_national_plan(self):
        return self.plans[self.cleaned_data["national_plan"]]


class PlanFilterForm(TextInputsChecked, forms.Form):
    level = forms.ChoiceField(
        label=_("计划级别"), choices=[("", _("全部")), *Level.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class PlanTransitionForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=_textarea(3), max_length=2000)
    comment = forms.CharField(label=_("说明"), widget=_textarea(3), max_length=5000, required=False)

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = needs_reason


class PointForm(TextInputsChecked, forms.Form):
    name = forms.CharField(label=_label(MonitoringPoint, "name"), max_length=120)
    kind = forms.ChoiceField(label=_label(MonitoringPoint, "kind"), choices=PointKind.choices)
    place = forms.CharField(label=_label(MonitoringPoint, "place"), max_length=200)
    products = forms.CharField(
        label=_label(MonitoringPoint, "products"), max_length=300, required=False
    )
    active = forms.BooleanField(label=_label(MonitoringPoint, "active"), required=False)


class ItemForm(TextInputsChecked, forms.Form):
    product = forms.CharField(label=_label(PlanItem, "product"), max_length=100)
    point = forms.TypedChoiceField(label=_label(PlanItem, "point"), coerce=int, choices=())
    hazards = forms.CharField(label=_label(PlanItem, "hazards"), max_length=300, required=False)
    quota = forms.IntegerField(label=_label(PlanItem, "quota"), min_value=1, max_value=100_000)
    starts_on = forms.DateField(label=_label(PlanItem, "starts_on"), widget=DateInput)
    ends_on = forms.DateField(label=_label(PlanItem, "ends_on"), widget=DateInput)

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [
            (p.pk, f"{p.name}（{p.get_kind_display()}）") for p in points
        ]


class ResultForm(TextInputsChecked, forms.Form):
    """A sample's result; `items` the plan's lines to choose from (None when correcting)."""

    item = forms.TypedChoiceField(label=_label(SampleResult, "item"), coerce=int, choices=())
    sample_code = forms.CharField(label=_label(SampleResult, "sample_code"), max_length=40)
    sampled_on = forms.DateField(label=_label(SampleResult, "sampled_on"), widget=DateInput)
    place = forms.CharField(label=_label(SampleResult, "place"), max_length=200)
    enterprise_name = forms.CharField(
        label=_label(SampleResult, "enterprise_name"), max_length=200, required=False
    )
    credit_code = forms.CharField(
        label=_label(SampleResult, "credit_code"), max_length=18, required=False
    )
    laboratory = forms.CharField(label=_label(SampleResult, "laboratory"), max_length=200)
    verdict = forms.ChoiceField(
        label=_label(SampleResult, "verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    failed_items = forms.CharField(
        label=_label(SampleResult, "failed_items"),
        widget=_textarea(3),
        max_length=5000,
        required=False,
        help_text=_("不合格的必填：不合格项目、检测值与限量、可能的危害。"),
    )
    notes = forms.CharField(
        label=_label(SampleResult, "notes"),
        widget=_textarea(3),
        max_length=5000,
        required=False,
        help_text=_("仅总局和本局可见，不向社会公布。"),
    )
    reason = forms.CharField(label=_("更正理由"), widget=_textarea(3), max_length=2000)

    def __init__(self, *args, items=None, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["item"], self.fields["sample_code"]
        else:
            del self.fields["reason"]
            self.fields["item"].choices = [
                (item.pk, f"{item.product} · {item.point.name}") for item in items
            ]
