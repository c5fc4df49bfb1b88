"""Browser forms of the quality status report pages. They shape input (the figures' ranges and
decimals from figures.FIGURES, so that a wrong one is a message on its field); the services
decide."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from regions.cooperation import PLACE_LABELS, PLACES

from .figures import FIGURES, SECTION_LIMIT, SECTIONS
from .workflow import FIRST_YEAR, State


def _figure_field(figure) -> forms.Field:
    options = {
        "label": figure.label,
        "required": False,
        "min_value": figure.minimum,
        "max_value": figure.maximum,
        "help_text": format_lazy(
            _("单位：{unit}；{minimum} 至 {maximum}。"),
            unit=figure.unit,
            minimum=figure.minimum,
            maximum=figure.maximum,
        ),
    }
    if figure.decimal_places:
        return forms.DecimalField(
            max_digits=figure.max_digits, decimal_places=figure.decimal_places, **options
        )
    return forms.IntegerField(**options)


def _section_field(label) -> forms.Field:
    return forms.CharField(
        label=label,
        required=False,
        max_length=SECTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


# The fields follow figures.FIGURES and SECTIONS; a Form class built from them, so that Django
# declares them as if written one by one.
_ReportFields = type(
    "_ReportFields",
    (forms.Form,),
    {
        **{figure.key: _figure_field(figure) for figure in FIGURES},
        **{key: _section_field(label) for key, label in SECTIONS.items()},
        "__module__": __name__,
    },
)


class ReportForm(TextInputsChecked, _ReportFields):
    """The figures and sections of a report; a draft may leave any empty, a submission not."""


class NewReportForm(ReportForm):
    """起草: the year first; the place is the drafter's."""

    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=9999)
    field_order = ["year"]


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=9999)


class ListForm(TextInputsChecked, forms.Form):
    place = forms.ChoiceField(
        label=_("报送地"),
        choices=[("", _("全部")), *((code, PLACE_LABELS[code]) for code in PLACES)],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )


class SubmitForm(forms.Form):
    """报送 asks nothing: the confirmation alone."""


class ReturnForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
