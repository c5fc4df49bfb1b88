"""`{% form_field %}` (casework/templatetags/fields.py): a field's label, widget, help and errors,
as every form of the portal shows them."""

from django import forms
from django.template import engines

HOSTILE = "<script>x</script>"
TAG = engines["django"].from_string("{% load fields %}{% form_field field %}")


class Sample(forms.Form):
    name = forms.CharField(label="名称", help_text="不超过20字", max_length=20)
    note = forms.CharField(label=HOSTILE, help_text=HOSTILE, required=False)
    kinds = forms.MultipleChoiceField(
        label="类别", choices=[("a", "甲")], widget=forms.CheckboxSelectMultiple, help_text="可多选"
    )


def field_html(form, name) -> str:
    return TAG.render({"field": form[name]})


def test_a_required_field_with_help():
    assert field_html(Sample(), "name") == (
        '<div class="field">\n'
        '  <label for="id_name">名称 <span class="req" aria-hidden="true">*</span></label>\n'
        '  <input type="text" name="name" maxlength="20" required'
        ' aria-describedby="id_name_helptext" id="id_name">\n'
        '  <div class="help" id="id_name_helptext">不超过20字</div>\n'
        "  \n"
        "</div>\n"
    )


def test_errors_are_listed_and_marked():
    form = Sample(data={})
    form.is_valid()
    html = field_html(form, "name")
    assert html.startswith('<div class="field has-error">')
    assert '<p class="field-error">' in html and "</p>\n</div>\n" in html


def test_a_group_of_inputs_is_a_fieldset_described_by_its_help():
    html = field_html(Sample(), "kinds")
    assert html.startswith(
        '<fieldset class="field" aria-describedby="id_kinds_helptext">\n'
        '  <legend>类别 <span class="req" aria-hidden="true">*</span></legend>\n'
    )
    assert html.endswith("</fieldset>\n")


def test_label_help_and_error_are_escaped():
    form = Sample(data={"note": "x" * 5})
    form.add_error("note", HOSTILE)
    html = field_html(form, "note")
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 3
    assert '<span class="req"' not in html  # not required


def test_without_ids_no_dangling_reference():
    html = field_html(Sample(auto_id=False), "name")
    assert 'id="' not in html and "aria-describedby" not in html
    assert '<div class="help">不超过20字</div>' in html
