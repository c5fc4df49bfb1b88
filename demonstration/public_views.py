"""Public pages (no login): 示范区名录 and the verification of a title by its number (the
address the certificate's QR code holds). Designated zones and withdrawn titles only, and of
them only what is announced: never the self-assessment, the assessment or the materials."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ecoorigin.middleware import public_page
from ecoorigin.ratelimit import rate_limited
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import list_page

from . import selectors
from .workflow import EnterpriseState, Level, State

TITLE_STATUS = {
    "valid": _("有效"),
    "expired": _("已过期"),
    "revoked": _("称号已撤销"),
}
# A 示范企业's title: held, withdrawn (the reason announced), or the enterprise left the zone.
ENTERPRISE_TITLE_STATUS = {
    "valid": _("有效"),
    "revoked": _("称号已撤销"),
    "exited": _("已退出示范区"),
}


def enterprise_title_status(enterprise) -> str:
    """The key of ENTERPRISE_TITLE_STATUS of an enterprise that was granted the title."""
    if enterprise.state == EnterpriseState.GRANTED:
        return "valid"
    if enterprise.state == EnterpriseState.EXITED:
        return "exited"
    return "revoked"


def title_status(zone, today) -> str:
    """有效, 已过期 (its term has run out) or 称号已撤销: the key of TITLE_STATUS, also the CSS
    class of the verdict (as a certificate's)."""
    if zone.state == State.WITHDRAWN:
        return "revoked"
    if zone.valid_until and zone.valid_until < today:
        return "expired"
    return "valid"


def _with_status(zones, today):
    for zone in zones:
        zone.title_status = title_status(zone, today)
        zone.title_status_label = TITLE_STATUS[zone.title_status]
        for enterprise in getattr(zone, "titled_enterprises", ()):
            enterprise.title_status = enterprise_title_status(enterprise)
            enterprise.title_status_label = ENTERPRISE_TITLE_STATUS[enterprise.title_status]
    return zones


@public_page
@require_GET
@reads_from_replica
def zone_list(request):
    """示范区名录: designated zones, and withdrawn titles with the reason announced."""
    level = request.GET.get("level", "")
    query = request.GET.get("q", "").strip()[:100]
    zones = selectors.public_zones()
    if level in Level.values:
        zones = zones.filter(level=level)
    else:
        level = ""
    if query:
        zones = zones.filter(name__icontains=query)
    page = list_page(zones, request.GET.get("page"), size=25)
    _with_status(page["rows"], timezone.localdate())
    return render(
        request,
        "public/demonstration_zones.html",
        {"page": page, "level": level, "query": query, "levels": Level.choices},
    )


@public_page
@require_GET
def verify_form(request):
    """称号查验 form; a number typed in goes to its own page."""
    number = request.GET.get("number", "").strip().upper()[:64]
    if number:
        return redirect("public_demonstration:verify", number=number)
    return render(request, "public/demonstration_verify.html", {"number": "", "searched": False})


@public_page
@require_GET
@rate_limited("verification")
def verify(request, number: str):
    """称号查验 by number: the zone, its level, its government, its term and its status, and
    its 示范企业 (those granted the title; never a proposal or an assessment)."""
    zone = selectors.zone_for_verification(number=number)
    if zone is not None:
        _with_status([zone], timezone.localdate())
    return render(
        request,
        "public/demonstration_verify.html",
        {"number": number, "zone": zone, "searched": True},
    )
