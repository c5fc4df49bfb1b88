"""Public pages (no login) of the inspection pilot zones (seed 002 §四.4, §五.3-4): 国检试验区名录
(approved zones), a zone's public page with its measures in force or ended, its commendations and
its practice in the library, the commendations (通报表扬) and the library of replicable practice
(可复制推广经验库) with where it was adopted. Only what is public: never an application, a
draft, a measure not yet run (registered, 报批中, refused), 督查评估 or a practice outside the
library."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ecoorigin.middleware import public_page
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import list_page
from regions.models import Bureau

from . import selectors
from .workflow import Innovation, PracticeState

MAX_QUERY = 100


def _query(request) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY]


def _bureau_id(value: str) -> int | None:
    """A bureau's id from the query string; anything else is no filter."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**31 else None


@public_page
@require_GET
@reads_from_replica
def zone_list(request):
    """国检试验区名录: approved zones, their number, bureau, operator and commendations."""
    query = _query(request)
    zones = selectors.public_zones()
    if query:
        zones = zones.filter(name__icontains=query)
    return render(
        request,
        "public/pilot_zones.html",
        {"page": list_page(zones, request.GET.get("page"), size=25), "query": query},
    )


@public_page
@require_GET
def zone_detail(request, pk: int):
    """One approved zone: its measures in force or ended, commendations and accepted practice."""
    zone = get_object_or_404(selectors.public_zones(), pk=pk)
    return render(
        request,
        "public/pilot_zones_detail.html",
        {
            "zone": zone,
            "measures": selectors.public_measures(zone=zone)[:200],
            "commendations": zone.commendations.all(),
            "practices": selectors.practice_library().filter(zone=zone)[:200],
        },
    )


@public_page
@require_GET
@reads_from_replica
def commendation_list(request):
    """通报表扬 of the zones, the newest first, with the measures they cite."""
    return render(
        request,
        "public/pilot_zones_commendations.html",
        {"page": list_page(selectors.public_commendations(), request.GET.get("page"), size=25)},
    )


@public_page
@require_GET
@reads_from_replica
def practice_library(request):
    """可复制推广经验库: searched by words, the kind of innovation and the source zone's bureau."""
    query = _query(request)
    innovation = request.GET.get("innovation", "")
    if innovation not in Innovation.values:
        innovation = ""
    bureau = _bureau_id(request.GET.get("bureau", ""))
    practices = selectors.practice_library(q=query, innovation=innovation, bureau=bureau)
    return render(
        request,
        "public/pilot_practices.html",
        {
            "page": list_page(practices, request.GET.get("page"), size=25),
            "query": query,
            "innovation": innovation,
            "innovations": Innovation.choices,
            "bureau": bureau,
            "bureaus": Bureau.objects.filter(pilot_zones__practices__state=PracticeState.ACCEPTED)
            .distinct()
            .order_by("pk"),
        },
    )


@public_page
@require_GET
def practice_detail(request, pk: int):
    """A practice of the library and where other bureaus adopted it."""
    practice = get_object_or_404(selectors.practice_library(), pk=pk)
    if practice.zone.state not in selectors.PUBLIC_STATES:
        raise Http404
    return render(
        request,
        "public/pilot_practices_detail.html",
        {
            "practice": practice,
            "zone": practice.zone,
            "measures": practice.measures.filter(
                state__in=selectors.PUBLIC_MEASURE_STATES
            ).order_by("pk"),
            "adoptions": selectors.practice_adoptions(practice=practice)[:500],
        },
    )
