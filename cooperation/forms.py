"""Browser forms of the cooperation's pages. They shape input; the selectors decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked

from .models import Task, Unit


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
