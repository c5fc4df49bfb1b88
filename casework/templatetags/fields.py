"""`{% form_field field %}`: one form field with its label, widget, help and errors, written in
Python. Every form of the portal writes its fields this way; through an included template it
cost a case page's forms and the worklist's filters a few per cent of the page (the include's
context and its two dozen nodes per field, docs/performance.md)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

REQUIRED = SafeString(' <span class="req" aria-hidden="true">*</span>')


@register.simple_tag
def form_field(field) -> SafeString:
    """A group of inputs (check boxes, radio buttons) is a fieldset named by its legend; any
    other field a label for its widget."""
    errors = field.errors
    has_error = " has-error" if errors else ""
    label = format_html("{}{}", field.label, REQUIRED if field.field.required else "")
    help_text, auto_id = field.help_text, field.auto_id
    if field.use_fieldset:
        described = (
            format_html(' aria-describedby="{}_helptext"', auto_id) if help_text and auto_id else ""
        )
        opening = format_html(
            '<fieldset class="field{}"{}>\n  <legend>{}</legend>\n', has_error, described, label
        )
        closing = SafeString("</fieldset>")
    else:
        opening = format_html(
            '<div class="field{}">\n  <label for="{}">{}</label>\n',
            has_error,
            field.id_for_label,
            label,
        )
        closing = SafeString("</div>")
    help_html = (
        format_html(
            '<div class="help"{}>{}</div>',
            format_html(' id="{}_helptext"', auto_id) if auto_id else "",
            help_text,
        )
        if help_text
        else ""
    )
    errors_html = format_html_join("", '<p class="field-error">{}</p>', ((e,) for e in errors))
    return format_html("{}  {}\n  {}\n  {}\n{}\n", opening, field, help_html, errors_html, closing)
