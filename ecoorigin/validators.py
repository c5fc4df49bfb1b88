"""Validators shared by the apps (neutral ground: the organisation data and the case engine both
take a 统一社会信用代码, and neither app depends on the other for it)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters with a check character (GB 32100-2015)."""
    if not uscc.is_valid(value):
        raise ValidationError(
            _("统一社会信用代码无效：应为 18 位且校验位正确。"), code="invalid_uscc"
        )
