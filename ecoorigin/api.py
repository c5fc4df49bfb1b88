"""API plumbing shared by every app: pagination, strict filters and the one mapping of domain
errors to HTTP."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
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


REFUSED = OpenApiResponse(description=gettext_lazy("您无权执行此操作。"))
NOT_OPEN = OpenApiResponse(description=gettext_lazy("当前状态不允许此操作，或已被他人处理。"))


def action_schema(request, answer, *, conflict, code: int = 200):
    """The schema of a record's POST action (RecordActions): its body (`request`, a serializer, or
    None for none) and its answers: the record (`answer`) with `code`, 403 REFUSED, and 409
    `conflict` (an OpenApiResponse saying when the action is not open). No list filters."""
    return extend_schema(
        request=request, responses={code: answer, 403: REFUSED, 409: conflict}, filters=False
    )


class RecordActions:
    """What a register's viewset shares whose records are read through a selector (its
    `get_queryset`) and written only through services (supervision's 挂牌督办 and 约谈, regions'
    总局监督检查). Mixed in before DRF's mixins and GenericViewSet.

    Filters belong to the list: one record is found by its id alone. `body` reads the request's
    body with a serializer (400 with field messages). `answer` is the record read again through
    the selector, so it says what the caller may see of it now. `create_record` answers who may
    create at all before it reads the body: 403 whatever was sent."""

    lookup_value_regex = "[0-9]+"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def body(self, serializer_class, *, partial: bool = False) -> dict:
        """The request's body as `serializer_class` validates it (400 if it does not)."""
        body = serializer_class(data=self.request.data, partial=partial)
        body.is_valid(raise_exception=True)
        return body.validated_data

    def answer(self, record, code: int = status.HTTP_200_OK) -> Response:
        """The record as the caller may see it now, with status `code`."""
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=code)

    def create_record(self, *, permitted: bool, refusal, body, create) -> Response:
        """POST of a new record: 403 with `refusal` unless `permitted`, then the body read by the
        serializer class `body` goes to `create` (the service, keyword arguments); 201."""
        if not permitted:
            raise NotPermitted(refusal)
        return self.answer(create(**self.body(body)), status.HTTP_201_CREATED)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 400)
        body = {"detail": str(exc.message)}
        body.update({field: [str(m) for m in msgs] for field, msgs in exc.field_errors.items()})
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
