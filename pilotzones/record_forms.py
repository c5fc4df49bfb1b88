"""Browser forms of what lies beside a pilot zone: its innovation measures (创新措施) and their
督查评估, commendations (通报表扬) and the replicable practice (可复制推广经验) with its adoptions.
They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput

from . import workflow as wf
from .models import InnovationMeasure, ReplicablePractice
from .workflow import Effect, Innovation, MeasureState, PracticeState

LONG = {"rows": 5}
SHORT = {"rows": 3}


def _measure_label(field: str):
    return InnovationMeasure._meta.get_field(field).verbose_name


def _practice_label(field: str):
    return ReplicablePractice._meta.get_field(field).verbose_name


class MeasureForm(TextInputsChecked, forms.Form):
    """创新措施, as the zone's bureau or local government registers it."""

    title = forms.CharField(label=_measure_label("title"), max_length=200)
    innovation = forms.ChoiceField(label=_measure_label("innovation"), choices=Innovation.choices)
    description = forms.CharField(
        label=_measure_label("description"), widget=forms.Textarea(attrs=LONG), max_length=20000
    )
    beyond_rules = forms.BooleanField(
        label=_measure_label("beyond_rules"),
        required=False,
        help_text=_("突破相关法律、法规、规章要求的创新措施，须报总局批准后方可实施。"),
    )
    rules_affected = forms.CharField(
        label=_measure_label("rules_affected"),
        widget=forms.Textarea(attrs=SHORT),
        max_length=20000,
        required=False,
        help_text=_("突破现行规定时必填。"),
    )


class MeasureFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *MeasureState.choices], required=False
    )
    innovation = forms.ChoiceField(
        label=_("创新类别"), choices=[("", _("全部")), *Innovation.choices], required=False
    )
    zone = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, widget=forms.HiddenInput
    )


class MeasureTransitionForm(TextInputsChecked, forms.Form):
    """The fields a transition of a measure needs (workflow.MEASURE_RULES), nothing more."""

    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs=SHORT), max_length=2000)
    started_on = forms.DateField(
        label=_("开始实施日期"),
        widget=DateInput,
        required=False,
        help_text=_("不填则为今天。"),
    )
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs=SHORT), max_length=5000, required=False
    )

    rules = wf.MEASURE_RULES

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        rule = self.rules[name]
        keep = set(rule.fields) | {"comment"} | ({"reason"} if rule.needs_reason else set())
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]


class PracticeTransitionForm(MeasureTransitionForm):
    """The fields a transition of a practice needs (workflow.PRACTICE_RULES)."""

    rules = wf.PRACTICE_RULES

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, name=name, **kwargs)
        if name == "withdraw":
            self.fields["reason"].help_text = _("撤出原因将在经验库中公告。")


class AssessmentForm(TextInputsChecked, forms.Form):
    """督查评估 of a running or ended measure, as HQ records it."""

    effect = forms.ChoiceField(label=_("实施效果"), choices=Effect.choices)
    findings = forms.CharField(
        label=_("评估意见"), widget=forms.Textarea(attrs=LONG), max_length=20000
    )
    assessed_on = forms.DateField(
        label=_("评估日期"), widget=DateInput, required=False, help_text=_("不填则为今天。")
    )


class CommendationForm(TextInputsChecked, forms.Form):
    """通报表扬 of a zone, citing its measures 督查评估 found 成效显著 (`measures`)."""

    document_number = forms.CharField(label=_("通报文号"), max_length=64)
    issued_on = forms.DateField(
        label=_("通报日期"), widget=DateInput, required=False, help_text=_("不填则为今天。")
    )
    citation = forms.CharField(
        label=_("表扬事由"), widget=forms.Textarea(attrs=LONG), max_length=20000
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("成效显著的创新措施"), coerce=int, choices=(), widget=CheckList
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(m.pk, m.title) for m in measures]

    def clean_measures(self):
        return sorted(set(self.cleaned_data["measures"]))


class PracticeForm(TextInputsChecked, forms.Form):
    """可复制推广经验, as the zone's bureau drafts it; `measures` are the zone's."""

    title = forms.CharField(label=_practice_label("title"), max_length=200)
    innovation = forms.ChoiceField(label=_practice_label("innovation"), choices=Innovation.choices)
    summary = forms.CharField(
        label=_practice_label("summary"), widget=forms.Textarea(attrs=SHORT), max_length=500
    )
    content = forms.CharField(
        label=_practice_label("content"), widget=forms.Textarea(attrs=LONG), max_length=20000
    )
    results = forms.CharField(
        label=_practice_label("results"), widget=forms.Textarea(attrs=LONG), max_length=20000
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("相关创新措施"), coerce=int, choices=(), widget=CheckList, required=False
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(m.pk, m.title) for m in measures]
        if not self.fields["measures"].choices:
            del self.fields["measures"]

    def clean_measures(self):
        return sorted(set(self.cleaned_data["measures"]))


class PracticeFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *PracticeState.choices], required=False
    )
    innovation = forms.ChoiceField(
        label=_("创新类别"), choices=[("", _("全部")), *Innovation.choices], required=False
    )
    zone = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, widget=forms.HiddenInput
    )


class AdoptionForm(TextInputsChecked, forms.Form):
    """复制推广: where another bureau adopted a practice of the library."""

    place = forms.CharField(label=_("推广地点"), max_length=200)
    adopted_on = forms.DateField(
        label=_("推广日期"), widget=DateInput, required=False, help_text=_("不填则为今天。")
    )
    note = forms.CharField(
        label=_("推广情况"), widget=forms.Textarea(attrs=SHORT), max_length=20000
    )
