"""Pages of the zones' 年度建设情况报告 (seed 001 §七.4 总结报告): the reports the user reads,
filtered by year (for a bureau, with its zones whose report is still owed), the form of a zone's
year for the zone's bureau, its submission (报送: final) and the report itself. HQ reads every
report, a bureau its zones' and writes them, a local government reads its zones' submitted
reports; anyone else gets 404. Thin: they read through selectors, write through services and
show a domain error on the page with its status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.views import form_page, list_page

from . import selectors, services
from . import workflow as wf
from .forms import ZoneYearReportFilterForm, ZoneYearReportForm, ZoneYearReportSubmitForm
from .models import FIRST_REPORT_YEAR, ZoneYearReport
from .views import _programme_user, _zone

REPORT_FIELDS = ("export_value", "enterprise_count", "experience", "problems", "next_steps")


def _year(year: int) -> int:
    """A year in a page's address: from the first a zone can report on to this one (404)."""
    if not FIRST_REPORT_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _report(request, pk: int, year: int):
    """The zone (one the user sees) and its report of `year` (one the user reads), or 404."""
    zone = _zone(request, pk)
    report = get_object_or_404(
        selectors.year_reports_visible_to(user=request.user).filter(zone=zone), year=_year(year)
    )
    return zone, report


@login_required
def report_list(request):
    """年度建设情况报告 the user reads, the newest year first; for a bureau, also its zones that
    owe the year's report (last year's unless a year is chosen) and have not submitted it."""
    _programme_user(request)
    user = request.user
    form = ZoneYearReportFilterForm(request.GET or None)
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    year = filters.get("year")
    owed_year = min(year or timezone.localdate().year - 1, timezone.localdate().year)
    return render(
        request,
        "staff/demonstration/report_list.html",
        {
            "form": form,
            "page": list_page(
                selectors.year_reports(user=user, year=year, status=filters.get("status", "")),
                request.GET.get("page"),
            ),
            "owed_year": owed_year,
            "owing": list(selectors.zones_owing_report(user=user, year=owed_year)[:200])
            if user.role == Role.BUREAU
            else None,
        },
    )


@login_required
def report_edit(request, pk: int, year: int):
    """The zone's bureau writes the report of a year in which the zone held its title (草稿);
    a submitted report is shown instead, and anyone else who sees the zone gets 403."""
    zone = _zone(request, pk)
    if not selectors.zone_owes_report(zone=zone, year=_year(year)):
        raise Http404
    user = request.user
    report = selectors.year_reports_visible_to(user=user).filter(zone=zone, year=year).first()
    context = {"zone": zone, "year": year, "report": report}
    if not wf.is_jurisdiction_bureau(zone, user):
        messages.error(request, _("只有示范区的辖区直属局可以填报年度建设情况报告。"))
        return render(
            request, "staff/demonstration/report_form.html", {**context, "form": None}, status=403
        )
    if report is not None and report.status == ZoneYearReport.Status.SUBMITTED:
        return redirect("demonstration:report_detail", pk=zone.pk, year=year)
    initial = (
        {name: getattr(report, name) for name in REPORT_FIELDS}
        if report
        else {"enterprise_count": zone.enterprise_count}
    )
    form = ZoneYearReportForm(request.POST or None, initial=initial)

    def save(data):
        if report is None:
            return services.zone_year_report_create(actor=user, zone_id=zone.pk, year=year, **data)
        return services.zone_year_report_update(report=report, actor=user, **data)

    return form_page(
        request,
        form,
        call=save,
        success=_("报告已保存为草稿；核对无误后请报送。"),
        then=lambda saved: redirect("demonstration:report_detail", pk=zone.pk, year=saved.year),
        page=lambda status: render(
            request,
            "staff/demonstration/report_form.html",
            {**context, "form": form},
            status=status,
        ),
    )


@login_required
def report_detail(request, pk: int, year: int):
    zone, report = _report(request, pk, year)
    return render(
        request,
        "staff/demonstration/report_detail.html",
        {
            "zone": zone,
            "report": report,
            "may_edit": report.status == ZoneYearReport.Status.DRAFT
            and wf.is_jurisdiction_bureau(zone, request.user),
        },
    )


@login_required
def report_submit(request, pk: int, year: int):
    """报送: the zone's bureau confirms, and its draft goes to HQ and the zone's local
    government; it is final afterwards (403 not the bureau's, 409 already submitted)."""
    zone, report = _report(request, pk, year)
    user = request.user
    context = {"zone": zone, "report": report}
    if not wf.is_jurisdiction_bureau(zone, user):
        messages.error(request, _("只有示范区的辖区直属局可以填报和报送年度建设情况报告。"))
        return render(
            request,
            "staff/demonstration/report_submit.html",
            {**context, "form": None},
            status=403,
        )
    form = ZoneYearReportSubmitForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.zone_year_report_submit(report=report, actor=user),
        success=_("报告已报送总局和示范区所在地方人民政府。"),
        then=lambda done: redirect("demonstration:report_detail", pk=zone.pk, year=done.year),
        page=lambda status: render(
            request,
            "staff/demonstration/report_submit.html",
            {**context, "form": form},
            status=status,
        ),
    )
