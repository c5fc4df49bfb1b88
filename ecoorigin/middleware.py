"""Requests carrying a NUL character are refused before any view reads them."""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _


class RefuseNulCharacters:
    """PostgreSQL text cannot hold NUL (0x00): a search or a code with one reached the database
    and failed there as a 500. A path with NUL names nothing (404); a query value or name with NUL
    is a 400. Both go through the error handlers, so the API answers JSON (ecoorigin.api)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in request.GET.lists()
        ):
            raise BadRequest(_("请求中不能包含空字符（NUL）。"))
        return self.get_response(request)
