"""Every read of the quality status reports, scoped to the reader, written once for pages, API
and the comparison.

A submitted report is shared with every member of the cooperation (the three places' bureau
clerks, inspectors and quality authorities, 认监委, 标准委, HQ): that is the point of 互通三地质量状况
分析报告. A draft is the filing place's own; a report returned for revision is its place's and HQ's
(which returned it) until submitted again. Nobody else (enterprises, other bureaus, other organisations) sees any."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from regions.cooperation import PLACE_LABELS, PLACES, is_member, place_of

from .figures import FIGURES
from .models import QualityStatusReport, QualityStatusReportHistory
from .workflow import State


def reports_visible_to(*, user) -> QuerySet[QualityStatusReport]:
    reports = QualityStatusReport.objects.select_related("drafted_by", "submitted_by")
    if not is_member(user):
        return reports.none()
    if user.role == Role.HQ:
        # The leading group's office also follows the reports it returned until resubmitted.
        return reports.filter(state__in=(State.SUBMITTED, State.RETURNED))
    place = place_of(user)
    if place is None:
        return reports.filter(state=State.SUBMITTED)
    return reports.filter(Q(state=State.SUBMITTED) | Q(place=place))


def reports_filtered(
    *, user, year: int | None = None, place: str = "", state: str = ""
) -> QuerySet[QualityStatusReport]:
    """What `user` sees, filtered, newest year first: the list and the API."""
    reports = reports_visible_to(user=user)
    if year:
        reports = reports.filter(year=year)
    if place in PLACES:
        reports = reports.filter(place=place)
    if state in State.values:
        reports = reports.filter(state=state)
    return reports.order_by("-year", "place", "pk")


def report_history(*, report: QualityStatusReport) -> QuerySet[QualityStatusReportHistory]:
    return report.history.select_related("actor").order_by("pk")


def default_year() -> int:
    """The year whose reports are being filed: the year before this one."""
    return timezone.localdate().year - 1


def comparison(*, user, year: int) -> dict:
    """The three places' submitted reports of `year` side by side (比较研究质量发展状况), as a
    member sees them; one query whatever is filed.

    {"year", "columns": [{"place", "label", "report" (None: 未报送)}, …] in PLACES order,
     "rows": [{"figure", "cells": [{"place", "value", "mark"}, …]}, …] in FIGURES order}
    A cell's mark is "highest" or "lowest" among the places that reported the figure, when at
    least two did and they differ (ties share the mark); None otherwise."""
    if not is_member(user):
        return {"year": year, "columns": [], "rows": []}
    submitted = {
        report.place: report
        for report in QualityStatusReport.objects.filter(year=year, state=State.SUBMITTED)
    }
    columns = [
        {"place": place, "label": PLACE_LABELS[place], "report": submitted.get(place)}
        for place in PLACES
    ]
    rows = []
    for figure in FIGURES:
        values = {
            place: getattr(report, figure.key)
            for place, report in submitted.items()
            if getattr(report, figure.key) is not None
        }
        highest = max(values.values(), default=None)
        lowest = min(values.values(), default=None)
        marked = len(values) >= 2 and highest != lowest
        cells = []
        for place in PLACES:
            value = values.get(place)
            mark = None
            if marked and value is not None:
                mark = "highest" if value == highest else "lowest" if value == lowest else None
            cells.append({"place": place, "value": value, "mark": mark})
        rows.append({"figure": figure, "cells": cells})
    return {"year": year, "columns": columns, "rows": rows}
