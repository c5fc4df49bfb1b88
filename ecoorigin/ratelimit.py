"""Rate limits of the public endpoints (公开接口限流): complaints, their tracking, verification,
enterprise registration.

One mechanism for pages and API alike: a fixed window in the cache per scope and client address,
so a page and its API share one budget (a scraper gains nothing by switching). The windows are
aligned to the clock, which makes the wait until the next one exact (Retry-After).

The client address is the one the outermost trusted proxy saw (`TRUSTED_PROXY_COUNT`), used
alike for these limits, django-axes' records and the document access log.
"""

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import permissions
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from . import errors

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

MESSAGES = {
    "complaint": _("投诉举报提交过于频繁，请 %(wait)s后再试。"),
    "complaint-status": _("办理进度查询过于频繁，请 %(wait)s后再试。"),
    "objection": _("公示异议提交过于频繁，请 %(wait)s后再试。"),
    "objection-status": _("异议处理进度查询过于频繁，请 %(wait)s后再试。"),
    "registration": _("企业注册提交过于频繁，请 %(wait)s后再试。"),
    "verification": _("证书查验过于频繁，请 %(wait)s后再试。"),
}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def limit_of(scope: str) -> Limit:
    """The scope's limit from settings.PUBLIC_RATE_LIMITS: "count/unit", e.g. "60/minute"."""
    count, unit = settings.PUBLIC_RATE_LIMITS[scope].split("/")
    return Limit(count=int(count), seconds=UNITS[unit.strip()])


def client_address(request) -> str | None:
    """The client's IP address.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appending the address it received from to
    X-Forwarded-For, it is that many entries from the right: a client can put anything at the
    front of the header, never at its end. Without proxies (or a header that does not fit the
    setting), REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies].strip()
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def hit(request, scope: str) -> int:
    """Count one request of `scope`; 0 if it is within the limit, else the seconds to wait.

    A request is counted once per scope however many layers ask (verification's fast path,
    then the view it hands over to: applications.middleware)."""
    http_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    waits = http_request.__dict__.setdefault("rate_limit_waits", {})
    if scope not in waits:
        waits[scope] = _count_and_wait(request, scope)
    return waits[scope]


def _count_and_wait(request, scope: str) -> int:
    limit = limit_of(scope)
    now = time.time()
    window = int(now // limit.seconds)
    count = _count(f"ratelimit:{scope}:{client_address(request) or '-'}:{window}", limit.seconds)
    if count <= limit.count:
        return 0
    return max(1, math.ceil((window + 1) * limit.seconds - now))


def _count(key: str, seconds: int) -> int:
    """Add one to the window's count: one round trip to the cache but for a window's first
    request, which creates the key with its lifetime."""
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request, or its key was evicted
        pass
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)  # another process opened the window meanwhile
    except ValueError:  # and it was evicted already: this request opens it again
        cache.set(key, 1, seconds)
        return 1


def wait_text(seconds: int) -> str:
    """ "30 秒", "5 分钟": the wait in the reader's words."""
    if seconds < 60:
        return ngettext("%(n)s 秒", "%(n)s 秒", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)s 分钟", "%(n)s 分钟", minutes) % {"n": minutes}


def message(scope: str, wait: int) -> str:
    return MESSAGES[scope] % {"wait": wait_text(wait)}


def rate_limited(scope: str):
    """Page views: over the limit, HTTP 429 with a readable page and Retry-After."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            wait = hit(request, scope)
            if wait:
                return too_many(request, scope, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def too_many(request, scope: str, wait: int):
    """The portal's error page for 429, saying how long to wait, with Retry-After."""
    response = render(
        request,
        errors.TEMPLATE,
        errors.context(request, 429, _("请求过于频繁"), message(scope, wait)),
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


class PublicRateThrottle(BaseThrottle):
    """The API side of the same limits: the view names its scope in `throttle_scope`."""

    def allow_request(self, request, view) -> bool:
        self.scope = view.throttle_scope
        self.wait_seconds = hit(request, self.scope)
        return not self.wait_seconds

    def wait(self) -> int:
        return self.wait_seconds


class RateLimitedAPIView:
    """Mixin for public API views: the limit of `throttle_scope`, answered as JSON 429
    {"detail": "…"} in the reader's language, with Retry-After."""

    throttle_classes = [PublicRateThrottle]
    throttle_scope: str

    def throttled(self, request, wait):
        # DRF would append an untranslated "Expected available in …"; the message says it.
        error = Throttled(detail=message(self.throttle_scope, wait))
        error.wait = wait  # Retry-After, set by DRF's exception handler
        raise error


class PublicAPIView(RateLimitedAPIView):
    """Mixin for the API's public views (no login): anyone may read, nobody is authenticated,
    the verification limit applies, and anonymous answers may be cached (ecoorigin.middleware).
    No filters unless the view names its own."""

    public_page = True
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "verification"
    filter_backends = []
