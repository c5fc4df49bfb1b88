"""API plumbing shared by every app: pagination, strict filters and the one mapping of domain
errors to HTTP."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import pagination, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import Conflict, DomainError, InvalidInput, NotPermitted

_STATUS = {
    InvalidInput: status.HTTP_400_BAD_REQUEST,
    NotPermitted: status.HTTP_403_FORBIDDEN,
    Conflict: status.HTTP_409_CONFLICT,
}


class CursorPagination(pagination.CursorPagination):
    """Cursor pages never run COUNT(*), so a list costs the same at 100 rows or 1,000,000."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "pk"

    def get_page_size(self, request):
        # Not a whole number from 1 up is an error, not silently the default; above the
        # maximum it is capped (the schema says so).
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_size_query_param: [_("每页条数应为正整数。")]})
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = _(
                    "每页条数，最多 %(max)s（更大的值按 %(max)s 计）。"
                ) % {"max": self.max_page_size}
        return parameters


BOOLEAN_WORDS = {"true", "false", "True", "False", "1", "0"}


class StrictFilterSet(django_filters.FilterSet):
    """A filter value that cannot be read is a 400 naming the parameter, never silently no filter
    (django-filter reads `?overdue=maybe` or an empty `?zone_role=` as "not filtered")."""

    def is_valid(self):
        valid = super().is_valid()
        for name, field in self.form.fields.items():
            given = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if isinstance(field, forms.CharField):
                continue  # free text: empty is a value like any other
            if "" in given:
                self.form.add_error(name, _("请填写有效的值。"))
            elif isinstance(field, forms.NullBooleanField) and set(given) - BOOLEAN_WORDS:
                self.form.add_error(name, _("请填写 true 或 false。"))
        return valid and not self.form.errors


# The database's ids are 64-bit: a larger number is no id (and SQLite or PostgreSQL would fail
# on it with a 500 rather than find nothing).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


@extend_schema_field({"type": "integer", "format": "int64", "minimum": ID_MIN, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    """An id: a whole number (NumberFilter would also take 1.5 or 1e-9, and say "number") that a
    64-bit column can hold (400 outside)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 400)
        body = {"detail": str(exc.message)}
        body.update({field: [str(m) for m in msgs] for field, msgs in exc.field_errors.items()})
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
