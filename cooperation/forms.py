"""Browser forms of the cooperation's pages. They shape input; the selectors decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput

from .models import Task, Unit
from .workflow import PlanState


class TaskFilterForm(TextInputsChecked, forms.Form):
    section = forms.TypedChoiceField(
        label=_("任务类别"),
        choices=[("", _("全部")), *Task.Section.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.order_by("position", "pk"),
        to_field_name="code",
        empty_label=_("全部"),
        required=False,
    )
    q = forms.CharField(label=_("任务内容"), max_length=64, required=False)
    mine = forms.BooleanField(label=_("仅本单位承担的任务"), required=False)


class PlanFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, empty_value=None, required=False)
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *PlanState.choices], required=False
    )
    overdue = forms.BooleanField(label=_("仅有逾期节点的计划"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部")), *((y, str(y)) for y in years)]


class PlanForm(TextInputsChecked, forms.Form):
    """起草年度行动计划: the year and an outline; the unit is the drafter's own."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    summary = forms.CharField(
        label=_("计划概述"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("本单位本年度推进京津冀区域质量发展合作的总体安排。"),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class SummaryForm(TextInputsChecked, forms.Form):
    summary = forms.CharField(
        label=_("计划概述"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )


class MilestoneForm(TextInputsChecked, forms.Form):
    """增加计划节点: on a task the plan's unit leads or joins."""

    task = forms.TypedChoiceField(label=_("重点任务"), coerce=int)
    title = forms.CharField(label=_("节点目标"), max_length=200)
    due_date = forms.DateField(label=_("计划完成日期"), widget=DateInput)

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [
            (task.number, f"{task.number}. {task.text[:40]}…") for task in tasks
        ]


class ProgressForm(TextInputsChecked, forms.Form):
    """报告进展 on one milestone."""

    percent = forms.IntegerField(label=_("完成进度(%)"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    completed_on = forms.DateField(
        label=_("完成日期"),
        widget=DateInput,
        required=False,
        help_text=_("完成进度为 100% 时填写，不填为今天。"),
    )


class ReturnForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ConfirmForm(forms.Form):
    """A step without fields (报送, 审议通过): the button confirms it."""


class ImplementationForm(TextInputsChecked, forms.Form):
    implementation = forms.CharField(
        label=_("年度实施情况"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_("计划各节点的完成情况、取得的成效、存在的问题和下一年度的打算。"),
    )
