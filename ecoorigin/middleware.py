"""Requests carrying a NUL character are refused before any view reads them, and API writes sent
by another site's page too; answers that are not public are never stored by browsers or
proxies."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import errors


class RefuseNulCharacters:
    """PostgreSQL text cannot hold NUL (0x00): a search or a code with one reached the database
    and failed there as a 500. A path with NUL names nothing (404); a query value or name with NUL
    is a 400. Both are answered by the error handlers, so the API answers JSON and a page is the
    portal's error page, with DEBUG on too (ecoorigin.errors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return errors.not_found(request, Http404())
        if any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in request.GET.lists()
        ):
            return errors.bad_request(request, BadRequest(_("请求中不能包含空字符（NUL）。")))
        return self.get_response(request)


def public_page(view):
    """Marks a view whose answer to an anonymous visitor holds nothing confidential, so browsers
    and proxies may keep it (PrivateAnswersNotStored). A function view or a view class."""
    view.public_page = True
    return view


def _is_public_page(view_func) -> bool:
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_func, "public_page", False) or getattr(view_class, "public_page", False)


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class PrivateAnswersNotStored:
    """`Cache-Control: no-store` (Django's never_cache headers) on every answer but a public
    page's to an anonymous visitor: case pages, API answers, documents, complaints and whatever
    a signed-in user (session or token) sees stay out of browser caches and shared proxies. It
    runs after the view, so a token that DRF authenticated counts as signed in too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "public_page", False) or _signed_in(request):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.public_page = _is_public_page(view_func)


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


class RefuseCrossSiteApiWrites:
    """A write to the API sent by another site's page is refused (403). The API's own CSRF check
    covers signed-in browsers only (DRF's SessionAuthentication); the public complaint API, the
    token endpoint and the registration API take anonymous writes, so a page elsewhere could
    post a form into them with its visitors' addresses and budgets. A browser names the page's
    origin (`Origin`, or at least `Referer`) on such a request; system clients send neither and
    are not affected. The portal's own origin and DJANGO_CSRF_TRUSTED_ORIGINS are accepted."""

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.UNSAFE and request.path.startswith("/api/"):
            sender = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
            if sender and not self._trusted(request, sender):
                return JsonResponse({"detail": _("不接受其他网站页面提交的请求。")}, status=403)
        return self.get_response(request)

    @staticmethod
    def _trusted(request, sender: str) -> bool:
        origin = _origin_of(sender)
        if origin is None:  # "null" (a sandboxed page, a file) or garbage: not this portal
            return False
        own = f"{request.scheme}://{request.get_host()}".lower()
        trusted = {o.lower().rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS}
        return origin == own or origin in trusted
