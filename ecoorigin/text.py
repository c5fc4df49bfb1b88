"""Free text typed into the portal: no control characters (issue 12, point 4).

A product name with CR/LF was stored, and the next notice on that case failed as a 500 when the
name reached an e-mail subject. Every text input therefore refuses control characters (Unicode
category Cc, and the line and paragraph separators U+2028/U+2029, which split a line just the
same); a multi-line field (a textarea) still takes line breaks and tabs. Forms, the admin and API
serializers all attach the same validator here, and whatever text goes into a one-line place
anyway (an e-mail subject, a file name) is folded to one line by `one_line`.
"""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Unicode category Cc is exactly U+0000–U+001F and U+007F–U+009F. As regular expressions, so
# that the OpenAPI schema states the rule too (drf-spectacular writes a RegexValidator as the
# field's `pattern`, and API clients and the fuzz tests generate text that keeps to it). At
# least one character: an empty value is never validated, and a blank-allowed field's schema
# says "or empty" itself.
_ONE_LINE = r"\A[^\x00-\x1f\x7f-\x9f\u2028\u2029]+\Z"
_MULTI_LINE = r"\A[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]+\Z"


@deconstructible
class ControlCharacterValidator(RegexValidator):
    """Refuses control characters; `multiline` lets line breaks and tabs through."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline
        message = (
            _("不能包含换行和制表符以外的控制字符。")
            if multiline
            else _("不能包含换行符或其他控制字符，请写在一行内。")
        )
        super().__init__(
            regex=_MULTI_LINE if multiline else _ONE_LINE,
            message=message,
            code="control_characters",
        )

    def deconstruct(self):
        return ("ecoorigin.text.ControlCharacterValidator", (), {"multiline": self.multiline})


def _has_text_validator(validators) -> bool:
    return any(isinstance(v, ControlCharacterValidator) for v in validators)


def guard_form_field(field: forms.Field) -> forms.Field:
    """Attach the validator to a form's text field (a textarea is multi-line); passwords are not
    text that is shown or sent anywhere, and are left alone."""
    if (
        isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.PasswordInput)
        and not _has_text_validator(field.validators)
    ):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(ControlCharacterValidator(multiline=multiline))
    return field


class TextInputsChecked:
    """Mixin for every form of the portal: its text fields refuse control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_form_field(field)


def _derived(field) -> bool:
    """A field shown from elsewhere (`enterprise.name`, `get_state_display`): never written, so
    its answer may be anything the data holds, blank included."""
    source = field.source or ""
    return "." in source or source.startswith("get_")


class CheckedTextSerializerMixin:
    """Mixin for every serializer of the portal: its writable text fields take text only (DRF
    would store a JSON number 12 as "12", where the schema says a string: 400 "Not a valid
    string.") and refuse control characters. Multi-line fields say so with DRF's textarea style
    (ModelSerializer sets it for a model's TextField)."""

    # A serializer that only shapes answers says so: its text is whatever the data holds.
    response_only = False

    def get_fields(self):
        fields = super().get_fields()
        if self.response_only:
            return fields
        for field in fields.values():
            if not isinstance(field, serializers.CharField) or field.read_only:
                continue
            _text_only(field)
            if (
                not _derived(field)
                and field.style.get("input_type") != "password"
                and not _has_text_validator(field.validators)
            ):
                multiline = field.style.get("base_template") == "textarea.html"
                field.validators.append(ControlCharacterValidator(multiline=multiline))
        return fields


def _text_only(field) -> None:
    """`field` refuses a value that is not text (a number, true/false, a list) as invalid."""
    convert = field.to_internal_value

    def to_internal_value(data):
        if not isinstance(data, str):
            field.fail("invalid")
        return convert(data)

    field.to_internal_value = to_internal_value


_CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with every run of control characters (line breaks included) as one space: for a
    place that holds one line whatever was stored (an e-mail subject, a file name)."""
    return _CONTROL_RUN.sub(" ", text).strip()
