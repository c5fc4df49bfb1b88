"""The widgets written in Python (ecoorigin.form_renderer) write what their templates write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from ecoorigin.form_renderer import IN_PYTHON, INPUT_TYPES, PortalFormRenderer
from ecoorigin.widgets import CheckList

HOSTILE = '"><script>alert(1)</script>&amp;'


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="x")
    hostile = forms.CharField(required=False)
    count = forms.IntegerField(min_value=0, max_value=10**6)
    amount = forms.DecimalField(max_digits=8, decimal_places=2)
    share = forms.FloatField()
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    site = forms.URLField(assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    clock = forms.TimeField()
    query = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "data-x": True}))
    agreed = forms.BooleanField(required=False)
    attachment = forms.FileField(required=False)
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color", "hidden": False}))
    state = forms.ChoiceField(
        choices=[("", "---------"), ("a", _("已受理")), ("b", HOSTILE), (3, 2026)],
        widget=forms.Select(attrs={"class": "wide", "data-autosubmit": True}),
    )
    grouped = forms.ChoiceField(
        choices=[
            ("华东", [("sh", "上海"), ("js", "江苏")]),
            (_("华南"), [("gd", "广东")]),
            ("none", "无"),
        ]
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", HOSTILE)])
    maybe = forms.NullBooleanField()
    safe = forms.CharField(widget=forms.TextInput(attrs={"title": mark_safe("<b>")}))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}))
    empty_text = forms.CharField(widget=forms.Textarea, required=False)
    upload = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf", "multiple": False})
    )
    radio = forms.ChoiceField(
        choices=[("华东", [("sh", HOSTILE), ("js", "江苏")]), ("x", _("全部"))],
        widget=forms.RadioSelect(attrs={"class": "inline"}),
    )
    boxes = forms.MultipleChoiceField(
        choices=[("a", "甲"), ("b", HOSTILE)], widget=forms.CheckboxSelectMultiple
    )
    checklist = forms.MultipleChoiceField(
        choices=[("a", _("已受理")), ("b", HOSTILE), (3, 2026)], widget=CheckList
    )


DATA = {
    "name": "茶叶",
    "hostile": HOSTILE,
    "count": "1234567",
    "amount": Decimal("1234.50"),
    "share": 0.25,
    "email": "a@example.cn",
    "site": "https://example.cn/?a=1&b=<2>",
    "secret": HOSTILE,
    "hidden": mark_safe("<i>safe</i>"),
    "day": datetime.date(2026, 12, 7),
    "moment": datetime.datetime(2026, 12, 7, 9, 30),
    "clock": datetime.time(9, 30),
    "query": "",
    "agreed": "on",
    "colour": "#ff0000",
    "state": "b",
    "grouped": "js",
    "several": ["x", "z"],
    "maybe": "true",
    "safe": "v",
    "text": HOSTILE + "\n第二行",
    "empty_text": "",
    "radio": "sh",
    "boxes": ["b"],
    "checklist": ["a", "3"],
}


def rendered(form_class, renderer, **kwargs) -> dict[str, str]:
    form = form_class(renderer=renderer, **kwargs)
    if form.is_bound:
        form.is_valid()  # the invalid values are shown again
    return {name: str(form[name].as_widget()) for name in form.fields}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": DATA},
        {"initial": DATA},
        {"data": {"count": "x", "state": "zzz"}},
        {"auto_id": False},
    ],
    ids=["filled", "unbound", "invalid", "without-ids"],
)
def test_every_widget_as_its_template(language, kwargs):
    with override(language):
        ours = rendered(Everything, PortalFormRenderer(), **kwargs)
        theirs = rendered(Everything, TemplatesSetting(), **kwargs)
    assert ours == theirs
    assert "<script>" not in "".join(ours.values())


def test_a_file_already_there_is_written_by_the_template():
    class Stored:
        url = "/media/licence.pdf"

        def __str__(self):
            return "licence.pdf"

    widget = forms.ClearableFileInput()
    ours = widget.render("licence", Stored(), renderer=PortalFormRenderer())
    assert ours == widget.render("licence", Stored(), renderer=TemplatesSetting())
    assert 'href="/media/licence.pdf"' in ours


def test_the_page_forms_render_through_python():
    html = str(Everything(initial=DATA)["state"])
    assert isinstance(Everything().renderer, PortalFormRenderer)
    assert html.startswith('<select name="state"') and "&lt;script&gt;" in html


@pytest.mark.parametrize("kind", INPUT_TYPES)
def test_each_input_type_is_only_input_html(kind):
    """If a project template overrides one of them, it must leave IN_PYTHON."""
    source = get_template(f"django/forms/widgets/{kind}.html").template.source
    assert source.strip() == '{% include "django/forms/widgets/input.html" %}'
    assert f"django/forms/widgets/{kind}.html" in IN_PYTHON


@pytest.mark.parametrize("kind", ["checkbox_select", "radio"])
def test_each_group_of_inputs_is_only_multiple_input_html(kind):
    source = get_template(f"django/forms/widgets/{kind}.html").template.source
    assert source.strip() == '{% include "django/forms/widgets/multiple_input.html" %}'
    assert f"django/forms/widgets/{kind}.html" in IN_PYTHON
