"""Validators shared by the apps (neutral ground: the organisation data and the case engine both
take a 统一社会信用代码, and neither app depends on the other for it)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters with a check character (GB 32100-2015)."""
    if not uscc.is_valid(value):
        raise ValidationError(
            _("统一社会信用代码无效：应为 18 位且校验位正确。"), code="invalid_uscc"
        )


def checked_date(value, field: str, errors: dict, *, required: bool) -> date | None:
    """A date of a service's input (a date, or ISO text from a form or the API); a missing one
    that is required, or one that is no date, becomes the field's message in `errors` (400)."""
    if value in (None, ""):
        if required:
            errors[field] = [str(_("请填写日期。"))]
        return None
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        errors[field] = [str(_("请填写有效的日期。"))]
        return None
    return value
