"""Browser forms of the 互查互评 pages. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked, guard_form_field
from ecoorigin.widgets import DateInput

from .workflow import TOTAL_WEIGHT, CaseKind


class RoundForm(TextInputsChecked, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2017, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=200)


class CriterionForm(TextInputsChecked, forms.Form):
    text = forms.CharField(label=_("评查内容"), max_length=200)
    weight = forms.IntegerField(label=_("分值"), min_value=1, max_value=TOTAL_WEIGHT)


class TransitionForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class CaseForm(TextInputsChecked, forms.Form):
    """报送案卷: the place is the clerk's own."""

    number = forms.CharField(label=_("案卷编号"), max_length=64)
    title = forms.CharField(label=_("案件名称"), max_length=200)
    kind = forms.ChoiceField(label=_("案件类别"), choices=CaseKind.choices)
    decided_on = forms.DateField(label=_("结案日期"), widget=DateInput)


class ReviewForm(TextInputsChecked, forms.Form):
    """评查打分: a score and a finding for each criterion of the round's standard, and a
    summary."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(text)s（满分 %(weight)s）")
                % {"text": criterion.text, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.weight,
            )
            self.fields[f"finding_{criterion.pk}"] = forms.CharField(
                label=_("发现的问题"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                required=False,
            )
        self.fields["summary"] = forms.CharField(
            label=_("总体评价"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=4000,
            required=False,
        )
        # The mixin guarded the fields there were before these.
        for field in self.fields.values():
            guard_form_field(field)

    def scores(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "criterion": criterion.pk,
                "score": data.get(f"score_{criterion.pk}"),
                "finding": data.get(f"finding_{criterion.pk}", ""),
            }
            for criterion in self.criteria
        ]
