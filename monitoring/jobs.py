"""Background job kind of the monitoring plans: a plan's sample results as CSV or XLSX, for
whoever reads them in full (HQ, the plan's bureau and its inspectors; other bureaus once the
results are published)."""

import csv
from io import StringIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.jobs import job_kind
from ecoorigin.exceptions import InvalidInput, NotPermitted
from regions.jobs import _bold_header, _csv_cell, _sheet_title, _xlsx

from . import selectors

FORMATS = ("csv", "xlsx")


def export_params(plan_id: int, data) -> dict:
    """The job's parameters: the plan and the format (InvalidInput for another format)."""
    fmt = data.get("format", "")
    if fmt not in FORMATS:
        raise InvalidInput(_("导出格式有误。"))
    return {"plan": plan_id, "format": fmt}


def result_rows(results):
    """(headers, rows) of a plan's records, corrections included and marked."""
    headers = [
        _("样品编号"), _("监测产品"), _("监测点"), _("抽样日期"), _("抽样地点"), _("企业名称"),
        _("统一社会信用代码"), _("检测机构"), _("检测结论"), _("不合格项目及危害"), _("备注"),
        _("录入人"), _("录入时间"), _("更正的记录"), _("更正理由"), _("已被更正"),
    ]  # fmt: skip

    def rows():
        for result in results:
            yield [
                result.sample_code,
                result.item.product,
                result.item.point.name,
                result.sampled_on.isoformat(),
                result.place,
                result.enterprise_name,
                result.credit_code,
                result.laboratory,
                str(result.get_verdict_display()),
                result.failed_items,
                result.notes,
                result.recorded_by.username,
                timezone.localtime(result.recorded_at).strftime("%Y-%m-%d %H:%M"),
                result.supersedes_id or "",
                result.correction_reason,
                _("是") if result.corrected else "",
            ]

    return headers, rows()


@job_kind("monitoring.results_export", label=gettext_lazy("导出抽样检测结果 (CSV/XLSX)"))
def results_export(job, progress) -> tuple[str, bytes]:
    """A plan's results for the job's owner, checked again now (a job's parameters are data,
    not a permission). Typed text is written as text, never as a formula (regions.jobs)."""
    owner = job.owner
    plan = selectors.plans_visible_to(user=owner).filter(pk=job.params.get("plan")).first()
    if plan is None or not selectors.results_open_to(plan, owner):
        raise NotPermitted(_("无权导出该计划的抽样检测结果。"))
    fmt = job.params.get("format")
    if fmt not in FORMATS:
        raise InvalidInput(_("导出格式有误。"))
    headers, rows = result_rows(selectors.plan_results(plan=plan))
    filename = f"monitoring-results-{plan.pk}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
    if fmt == "csv":
        text = StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_cell(value) for value in row])
        progress(95)
        return filename, ("\ufeff" + text.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("抽样检测结果"))
    sheet.append([str(h) for h in headers])
    _bold_header(sheet)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    progress(95)
    return filename, _xlsx(book)
