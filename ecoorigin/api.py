"""API plumbing shared by every app: pagination and the one mapping of domain errors to HTTP."""

from rest_framework import pagination, status
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


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 400)
        body = {"detail": str(exc.message)}
        body.update({field: [str(m) for m in msgs] for field, msgs in exc.field_errors.items()})
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
