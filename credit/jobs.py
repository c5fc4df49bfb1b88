"""Background job kind of quality credit: the credit grades as CSV or XLSX, for HQ (every
enterprise) and bureaus (theirs: selectors.grades_visible_to), with the list's filters."""

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

FORMATS = ("csv", "xlsx")
EXPORT_ROLES = (Role.HQ, Role.BUREAU)
PROGRESS_EVERY = 500


def may_export(user) -> bool:
    return user.is_authenticated and user.role in EXPORT_ROLES


def export_params(data) -> dict:
    """The format and the list's filters; InvalidInput for a format other than CSV or XLSX."""
    fmt = data.get("format", "")
    if fmt not in FORMATS:
        raise InvalidInput(_("导出格式有误。"))
    return {"format": fmt, "grade": data.get("grade", ""), "q": data.get("q", "")}


def grade_rows(grades):
    headers = [
        _("统一社会信用代码"),
        _("企业名称"),
        _("辖区直属局"),
        _("信用等级"),
        _("信用分"),
        _("评价规则版本"),
        _("计算时间"),
    ]

    def rows():
        for grade in grades:
            yield [
                grade.uscc,
                grade.name,
                grade.bureau.display_name if grade.bureau else "",
                grade.get_grade_display(),
                grade.score,
                grade.rule.version,
                timezone.localtime(grade.computed_at).strftime("%Y-%m-%d %H:%M"),
            ]

    return headers, rows()


@job_kind("credit.grade_export", label=gettext_lazy("导出质量信用等级 (CSV/XLSX)"))
def grade_export(job, progress) -> tuple[str, bytes]:
    """The grades the job's owner sees now (a job's parameters are data, not a permission);
    names are written as text, never as a formula."""
    owner = job.owner
    if not may_export(owner):
        raise NotPermitted(_("无权导出质量信用等级。"))
    params = export_params(job.params)
    grades = selectors.grades_filtered(user=owner, grade=params["grade"], query=params["q"])
    total = grades.count() or 1
    headers, rows = grade_rows(grades.iterator(chunk_size=1000))
    fmt = params["format"]
    filename = f"credit-grades-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
    if fmt == "csv":
        text = StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        write = writer.writerow
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = _sheet_title(_("质量信用等级"))
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
