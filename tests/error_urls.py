"""The portal's URLs and error handlers, plus views that fail, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path

from ecoorigin import urls as portal


def crash(request):
    raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied


def plain_form(request):
    """A plain Django view (not DRF) under /api/: its POSTs go through the CSRF check."""
    return HttpResponse("sent")


def broken_context(request):
    """A context processor that fails, as the navigation counts do when the database is down."""
    raise RuntimeError("the database is down")


urlpatterns = [
    path("test/crash/", crash),
    path("api/v1/test/crash/", crash),
    path("api/v1/test/forbidden/", forbidden),
    path("api/v1/test/form/", plain_form),
    *portal.urlpatterns,
]
handler400 = portal.handler400
handler403 = portal.handler403
handler404 = portal.handler404
handler500 = portal.handler500
