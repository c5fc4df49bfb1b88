"""The portal's form renderer: Django's templates (TemplatesSetting), with the most frequent
widgets written in Python.

A worklist's filter form and a case page's forms render a dozen inputs, selects and check-box
lists, the selects with up to a hundred options; through the template engine that was a tenth
of those pages' time (docs/performance.md). The functions below write exactly the markup of the
templates they stand for (templates/django/forms/widgets/select.html, input.html, textarea.html
and multiple_input.html, Django's clearable_file_input.html without a file yet,
templates/widgets/checklist.html, and Django's widget templates that only
include one of them); tests/test_form_renderer.py renders every kind of widget both ways and
compares, and fails if a project template comes to override one of the included ones.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import gettext


def _text(value) -> str:
    """`{{ value }}` in a template: localized, then escaped unless already safe."""
    return conditional_escape(localize(value))


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value's str, escaped unless already safe."""
    return conditional_escape(value if hasattr(value, "__html__") else str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        + ("" if value is None else f' value="{_string(value)}"')
        + f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _file_input(widget: dict) -> str | None:
    """A file input with no file yet; with one (`is_initial`: its link and a clear box) the
    template writes it."""
    if widget["is_initial"]:
        return None
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str:
    """Check boxes or radio buttons, each in its label."""
    attrs = widget["attrs"]
    parts = [
        "<div",
        f' id="{_text(attrs["id"])}"' if attrs.get("id") else "",
        f' class="{_text(attrs["class"])}"' if attrs.get("class") else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            value = option["value"]
            box = (
                f'<input type="{_text(option["type"])}" name="{_text(option["name"])}"'
                + ("" if value is None else f' value="{_string(value)}"')
                + f"{_attrs(option['attrs'])}>"
            )
            if option["wrap_label"]:
                target = option["attrs"].get("id")
                label_for = f' for="{_text(target)}"' if target else ""
                box = f"<label{label_for}>{box} {_text(option['label'])}</label>"
            parts.append(f"<div>\n    {box}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _checklist(widget: dict) -> str:
    """ecoorigin.widgets.CheckList: the check boxes under a filter box (static/js/forms.js)."""
    box_id = widget["attrs"].get("id")
    controls = f' aria-controls="{_text(box_id)}"' if box_id else ""
    return (
        '<div class="checklist" data-checklist>\n'
        '  <div class="checklist-tools" data-checklist-tools hidden>\n'
        '    <input type="search" class="checklist-filter" data-checklist-filter'
        f' autocomplete="off"{controls} aria-label="{_text(gettext("筛选选项"))}"'
        f' placeholder="{_text(gettext("输入文字筛选"))}">\n'
        '    <span class="muted small" data-checklist-count'
        f' data-template="{_text(gettext("已选 {n} 项"))}" aria-live="polite"></span>\n'
        "  </div>\n"
        f"  {_multiple_input(widget)}\n\n"
        '  <p class="muted small" data-checklist-none hidden>'
        f"{_text(gettext('没有匹配的选项。'))}</p>\n"
        "</div>"
    )


INPUT_TYPES = (
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "checkbox",
    "color",
    "file",
)
IN_PYTHON = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/clearable_file_input.html": _file_input,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/radio.html": _multiple_input,
    "widgets/checklist.html": _checklist,
    **{f"django/forms/widgets/{kind}.html": _input for kind in INPUT_TYPES},
}


class PortalFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        write = IN_PYTHON.get(template_name)
        written = write(context["widget"]) if write is not None else None
        if written is None:
            return super().render(template_name, context, request=request)
        # Escaped above; Widget._render marks it safe, as it does a template's output.
        return written
