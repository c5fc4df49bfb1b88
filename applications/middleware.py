"""证书查验's fast path: an anonymous visitor's scan answered whole from the cache (docs/adr/0026).

Consumers scan certificate QR codes across the country; the page (the address on the QR code)
and the public API answer the same few facts to everyone. Once one visitor's answer has been
rendered, the next visitor of the same address and language gets its bytes from the cache
before authentication, messages and the view run: one round trip to the cache for the rate
limit, one for the answer. The answer is kept under the certificate's verification tokens
(applications.verification), so a change to what it shows is answered by the next scan once
it commits.

What differs between visitors is never kept: the page's CSRF token (the language switcher's
form) is the visitor's own, put in at answer time; cookies set by the layers inside this one
are never kept (such an answer is not kept at all). Signed-in visitors (a session cookie or an
Authorization header) and visitors with pending messages go the whole way, as do answers over
the rate limit.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse

from ecoorigin.ratelimit import hit

from . import verification

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_PLACEHOLDER = b"\x00csrf\x00"  # NUL never appears in a rendered page
VIEWS = {"public:verify": "page", "api-public-certificate": "api"}
KEPT_STATUS = {200, 404}


def _prefix(view_name: str) -> str:
    """The address of `view_name` up to its number, without the script prefix (path_info)."""
    address = reverse(view_name, args=["0"])
    return "/" + address[len(get_script_prefix()) : -len("0/")]


class VerificationFastPath:
    """After CsrfViewMiddleware (whose cookie handling it relies on), before authentication."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes: tuple[str, ...] | None = None

    def __call__(self, request):
        kind, number = self._verification(request)
        if kind is None:
            return self.get_response(request)
        if hit(request, "verification"):  # the view answers 429; the request is counted once
            return self.get_response(request)
        key = verification.response_key(
            kind=kind, path=request.get_full_path(), language=request.LANGUAGE_CODE
        )
        found, kept, tokens = verification.kept(key=key, number=verification.normalized(number))
        if found:
            return self._replay(request, *kept)
        response = self.get_response(request)
        self._keep(response, key, tokens)
        return response

    def _verification(self, request) -> tuple[str | None, str]:
        if request.method != "GET" or not self._anonymous(request):
            return None, ""
        if self.prefixes is None:
            self.prefixes = tuple(_prefix(name) for name in VIEWS)
        path = request.path_info
        for prefix, kind in zip(self.prefixes, VIEWS.values(), strict=True):
            # The views' patterns: <path:number>/ (any text) and <str:number>/ (no "/"). Only
            # what the view itself answered is ever kept, so a path it would not route to is
            # never answered here.
            number = path[len(prefix) : -1] if path.startswith(prefix) else ""
            if number and path.endswith("/") and (kind == "page" or "/" not in number):
                return kind, number
        return None, ""

    @staticmethod
    def _anonymous(request) -> bool:
        cookies = request.COOKIES
        return not (
            settings.SESSION_COOKIE_NAME in cookies
            or "messages" in cookies
            or "HTTP_AUTHORIZATION" in request.META
        )

    @staticmethod
    def _keep(response, key: str, tokens: tuple) -> None:
        if (
            response.status_code not in KEPT_STATUS
            or response.streaming
            or response.cookies
            or not getattr(response, "verification_answer", False)
        ):
            return
        body, tokens_in_page = CSRF_FIELD.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
        unknown = response.verification_answer == verification.UNKNOWN
        # Set again by the layers outside this one; the length changes with the CSRF token.
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        verification.keep(
            key=key,
            tokens=tokens,
            value=(response.status_code, headers, body, bool(tokens_in_page)),
            lifetime=verification.UNKNOWN_SECONDS if unknown else None,
        )

    @staticmethod
    def _replay(request, status: int, headers: dict, body: bytes, csrf: bool) -> HttpResponse:
        if csrf:
            # The visitor's own token (CsrfViewMiddleware sets or renews its cookie).
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response
