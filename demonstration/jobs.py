"""Background job kinds of the demonstration-zone programme: the zone list as CSV or XLSX, for
HQ (every zone) and bureaus (their jurisdiction's), with the worklist's filters."""

import csv
from io import StringIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.jobs import job_kind
from accounts.models import Role
from ecoorigin.exceptions import InvalidInput, NotPermitted
from regions.jobs import _bold_header, _csv_cell, _sheet_title, _xlsx

from . import selectors
from .forms import ZoneFilterForm

FORMATS = ("csv", "xlsx")
EXPORT_ROLES = (Role.HQ, Role.BUREAU)
PROGRESS_EVERY = 200  # rows between two progress reports


def may_export(user) -> bool:
    return user.is_authenticated and user.role in EXPORT_ROLES


def export_params(data) -> dict:
    """The job's parameters from a request's data: the format and the worklist's filters (a
    filter that does not validate is ignored, as on the worklist). InvalidInput for a format
    other than CSV or XLSX."""
    fmt = data.get("format", "")
    if fmt not in FORMATS:
        raise InvalidInput(_("导出格式有误。"))
    form = ZoneFilterForm({"state": data.get("state", ""), "level": data.get("level", "")})
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    return {"format": fmt, "state": filters.get("state", ""), "level": filters.get("level", "")}


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(value) -> str:
    return value.isoformat() if value else ""


def zone_rows(zones):
    """(headers, a generator of rows) for the zones, in the worklist's order."""
    headers = [
        _("编号"),
        _("示范区名称"),
        _("级别"),
        _("申请地方政府"),
        _("直属局"),
        _("集聚产业"),
        _("区内出口企业数"),
        _("年度出口额（万美元）"),
        _("占全国（或全省）同类行业出口比例（%）"),
        _("占当地出口总量比重（%）"),
        _("已纳入地方政府质量工作考核体系"),
        _("状态"),
        _("申请时间"),
        _("称号编号"),
        _("认定日期"),
        _("有效期至"),
        _("撤销原因（公告）"),
        _("更新时间"),
    ]

    def rows():
        for zone in zones:
            yield [
                zone.pk,
                zone.name,
                zone.get_level_display(),
                zone.applicant.display_name,
                zone.bureau.display_name,
                zone.industry,
                zone.enterprise_count,
                float(zone.export_value),
                float(zone.export_share),
                float(zone.local_share),
                _("是") if zone.in_quality_appraisal else _("否"),
                zone.get_state_display(),
                _when(zone.submitted_at),
                zone.number or "",
                _day(zone.designated_at),
                _day(zone.valid_until),
                zone.withdrawal_reason,
                _when(zone.updated_at),
            ]

    return headers, rows()


@job_kind("demonstration.zone_export", label=gettext_lazy("导出质量安全示范区名单 (CSV/XLSX)"))
def zone_export(job, progress) -> tuple[str, bytes]:
    """The zones the job's owner sees (checked again now: a job's parameters are data, not a
    permission), filtered like the worklist. Text typed by local governments (names,
    industries) is written as text, never as a formula (regions.jobs: CSV cells starting with
    = + - @ get an apostrophe; XLSX cells are values)."""
    owner = job.owner
    if not may_export(owner):
        raise NotPermitted(_("无权导出示范区名单。"))
    params = export_params(job.params)
    zones = selectors.zones_visible_to(user=owner)
    if params["state"]:
        zones = zones.filter(state=params["state"])
    if params["level"]:
        zones = zones.filter(level=params["level"])
    zones = zones.order_by("bureau_id", "-pk")
    total = zones.count() or 1
    headers, rows = zone_rows(zones.iterator(chunk_size=500))
    fmt = params["format"]
    filename = f"demonstration-zones-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
    if fmt == "csv":
        text = StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        write = writer.writerow
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = _sheet_title(_("质量安全示范区"))
        sheet.append([str(h) for h in headers])
        _bold_header(sheet)
        sheet.freeze_panes = "A2"
        write = sheet.append
    for number, row in enumerate(rows, 1):
        write([_csv_cell(value) for value in row] if fmt == "csv" else row)
        if number % PROGRESS_EVERY == 0:
            progress(min(95, 5 + 90 * number // total))
    if fmt == "csv":
        return filename, ("\ufeff" + text.getvalue()).encode("utf-8")
    return filename, _xlsx(book)
