"""Baselines for `make bench`, served only by bench/wsgi.py (never by the portal's URLs): the
same reads as the measured endpoints without the framework around them, so that each figure
is compared with what the machine can do at best in the same run.

- case detail: a bare Django view, the same token check as DRF's (one query), the same row read
  through the same selector (`cases_visible_to`) and the same materials checklist (one query,
  in the API's detail since 2026-12-06), returned with JsonResponse;
- lists: the same filter as one raw SQL statement;
- dashboard / rankings: the ranking rows of the year as one raw SQL statement;
- verification: a plain WSGI callable, outside Django, that reads the answer the portal kept
  for the address (bench/wsgi.py routes BARE + the address to it): gunicorn and one cache read.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from rest_framework.authtoken.models import Token

from applications import verification
from applications.materials import checklist_data
from applications.models import Certificate
from applications.selectors import cases_visible_to


def _user(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    key = header[len("Token ") :] if header.startswith("Token ") else ""
    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token is not None and token.user.is_active else None


def _iso(value):
    return value.isoformat() if value is not None else None


def case_detail(request, pk: int):
    user = _user(request)
    if user is None:
        return JsonResponse({"detail": "unauthenticated"}, status=401)
    case = cases_visible_to(user=user).filter(pk=pk).first()
    if case is None:
        return JsonResponse({"detail": "not found"}, status=404)
    try:
        certificate = case.certificate
    except Certificate.DoesNotExist:
        certificate = None
    return JsonResponse(
        {
            "id": case.pk,
            "product_name": case.product_name,
            "category": case.category.code,
            "origin_place": case.origin_place,
            "description": case.description,
            "state": case.state,
            "state_display": str(case.get_state_display()),
            "enterprise": case.enterprise.name,
            "bureau": case.bureau.code,
            "officer": case.officer.username if case.officer else None,
            "agency": {"id": case.agency.pk, "code": case.agency.code, "name": case.agency.name}
            if case.agency
            else None,
            "score": str(case.score) if case.score is not None else None,
            "rectification_deadline": _iso(case.rectification_deadline),
            "certificate": {
                "number": certificate.number,
                "status": certificate.status,
                "valid_from": _iso(certificate.valid_from),
                "valid_until": _iso(certificate.valid_until),
                "marks_issued": certificate.marks_issued,
            }
            if certificate
            else None,
            "renewal_of": case.renewal_of_id,
            "submitted_at": _iso(case.submitted_at),
            "created_at": _iso(case.created_at),
            "updated_at": _iso(case.updated_at),
            "materials_checklist": checklist_data(case),
        }
    )


WORKLIST_SQL = """
SELECT a.id, a.product_name, a.origin_place, a.state, a.submitted_at, a.updated_at,
       a.due_date, e.name, b.code, c.code
FROM applications_application a
JOIN applications_enterprise e ON e.id = a.enterprise_id
JOIN regions_bureau b ON b.id = a.bureau_id
JOIN applications_productcategory c ON c.id = a.category_id
WHERE {where}
ORDER BY a.id DESC
LIMIT 50
"""


def worklist(request):
    """A bureau user's cases (HQ: all cases), in the states asked for: the first page."""
    user = _user(request)
    if user is None:
        return JsonResponse({"detail": "unauthenticated"}, status=401)
    where, params = ["TRUE"], []
    if user.role != "hq":
        where.append("a.bureau_id = %s")
        params.append(user.bureau_id)
    states = request.GET.getlist("state")
    if states:
        where.append("a.state = ANY(%s)")
        params.append(states)
    with connection.cursor() as cursor:
        cursor.execute(WORKLIST_SQL.format(where=" AND ".join(where)), params)
        rows = cursor.fetchall()
    keys = ["id", "product_name", "origin_place", "state", "submitted_at", "updated_at",
            "due_date", "enterprise", "bureau", "category"]  # fmt: skip
    return JsonResponse({"results": [dict(zip(keys, row, strict=True)) for row in rows]})


RANKING_SQL = """
SELECT e.rank, e.score, e.previous_rank, e.zone_ranks, e.breakdown, b.code, b.name
FROM regions_rankingentry e
JOIN regions_ranking r ON r.id = e.ranking_id
JOIN regions_bureau b ON b.id = e.bureau_id
WHERE r.year = %s
ORDER BY e.rank, b.id
"""


def rankings(request):
    user = _user(request)
    if user is None:
        return JsonResponse({"detail": "unauthenticated"}, status=401)
    with connection.cursor() as cursor:
        cursor.execute(RANKING_SQL, [int(request.GET.get("year", "0"))])
        rows = cursor.fetchall()
    keys = ["rank", "score", "previous_rank", "zone_ranks", "breakdown", "code", "name"]
    return JsonResponse(
        [dict(zip(keys, row, strict=True)) for row in rows], safe=False, json_dumps_params={}
    )


BARE = "/__bare__"
BARE_KINDS = {"/public/verify/": "page", "/api/v1/public/certificates/": "api"}


def bare_verification(environ, start_response):
    """The portal's kept answer for the address after BARE, as it was kept; no rate limit, no
    token check, no request object."""
    path = environ["PATH_INFO"][len(BARE) :]
    kind = next((k for prefix, k in BARE_KINDS.items() if path.startswith(prefix)), "")
    kept = cache.get(
        verification.response_key(kind=kind, path=path, language=settings.LANGUAGE_CODE)
    )
    if kept is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not kept"]
    _status, headers, body, _csrf = kept[1]
    start_response(
        "200 OK", [("Content-Type", headers["Content-Type"]), ("Content-Length", str(len(body)))]
    )
    return [body]
