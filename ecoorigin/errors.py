"""The portal's own error pages: 400, 403 (a refused CSRF check too), 404 and 500 answer with a
page of the portal in the reader's language, with the navigation and a way back (429 is
ecoorigin.ratelimit's, on the same page); under /api/ they answer JSON {"detail": …} like every
API error (ecoorigin.api).

With DEBUG on (`make run`, the demo) Django would show its technical pages instead: the URL
patterns, a traceback, the settings. `PortalErrorPagesInDebug` keeps the portal's pages there
too, unless a developer asks for Django's with DJANGO_DEBUG_TECHNICAL_PAGES=1.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

logger = logging.getLogger(__name__)

TEMPLATE = "public/error.html"

TEXTS = {
    400: (
        _("请求有误"),
        _("请求的内容不完整或格式不正确，无法处理。请返回上一页检查后重试。"),
    ),
    403: (
        _("无权访问"),
        _("您的账户无权查看此页面或办理此事项。如需访问，请联系本单位负责门户账户的同事。"),
    ),
    "csrf": (
        _("表单已失效"),
        _(
            "出于安全考虑，表单须带有效的校验信息才能提交。请返回上一页，刷新页面后重新提交；"
            "如仍不成功，请确认浏览器允许本站使用 Cookie。"
        ),
    ),
    404: (
        _("页面不存在"),
        _("您访问的地址不存在：可能输入有误，或页面已被移动或删除。"),
    ),
    500: (
        _("服务器出错"),
        _("处理您的请求时服务器出现了错误，错误已被记录。请稍后重试。"),
    ),
}


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def back_url(request) -> str | None:
    """The page the reader came from (Referer), when it is one of the portal's."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for a host the portal does not serve
        return None
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return None


def context(request, status: int, title, message) -> dict:
    return {"status": status, "title": title, "message": message, "back_url": back_url(request)}


def error_page(request, status: int, texts=None):
    """The portal's error page for `status`, in its own wording or that of `texts`."""
    title, message = TEXTS[texts or status]
    return render(request, TEMPLATE, context(request, status, title, message), status=status)


@requires_csrf_token
def bad_request(request, exception):
    """handler400 (a request refused before any view, ecoorigin.middleware; a suspicious one)."""
    if is_api(request):
        return JsonResponse({"detail": str(exception)}, status=400)
    return error_page(request, 400)


@requires_csrf_token
def permission_denied(request, exception):
    """handler403: a view refused the signed-in reader (the API answers its own 403s)."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.PermissionDenied.default_detail)}, status=403)
    return error_page(request, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid CSRF token (an old tab, cookies refused).
    Django has logged the reason; the reader is told what to do."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.PermissionDenied.default_detail)}, status=403)
    return error_page(request, 403, "csrf")


@requires_csrf_token
def not_found(request, exception):
    """handler404: a path under /api/ that matches no route answers JSON like every API error."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return error_page(request, 404)


@requires_csrf_token
def server_error(request):
    """handler500. When the page cannot be rendered with the reader's context either (the
    database is at fault, and the navigation counts need it), it is rendered without it, as
    Django's own 500 page is: the public navigation, still in the reader's language."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.APIException.default_detail)}, status=500)
    try:
        return error_page(request, 500)
    except Exception:
        logger.exception("The 500 page could not be rendered with the request's context")
        title, message = TEXTS[500]
        return HttpResponseServerError(
            render_to_string(TEMPLATE, context(request, 500, title, message))
        )


VIEW_EXCEPTION = "_portal_view_exception"


class PortalErrorPagesInDebug:
    """With DEBUG on, Django answers an address that matches no route, and an exception in a
    view, with its technical pages whatever handler404/handler500 say. Unless
    DEBUG_TECHNICAL_PAGES, this puts the portal's page in their place, as in production: Django
    has answered (and logged) as usual, only the page shown is another. Not used with DEBUG off.

    The last middleware, so the first to see the answer of the URL resolver and of the view;
    those around it (language, CSP, no-store) treat the replacement like any answer."""

    def __init__(self, get_response):
        if not settings.DEBUG or settings.DEBUG_TECHNICAL_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.resolver_match is None and response.status_code == 404:
            return not_found(request, Http404())
        exception = getattr(request, VIEW_EXCEPTION, None)
        if exception is None:
            return response
        if response.status_code == 404:
            return not_found(request, exception)
        if response.status_code == 400:
            return bad_request(request, exception)
        if response.status_code == 500:
            return server_error(request)
        return response

    def process_exception(self, request, exception):
        """Remembers the view's exception and lets Django answer it."""
        setattr(request, VIEW_EXCEPTION, exception)
