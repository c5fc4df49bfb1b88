"""Background job kinds of the regions app."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.jobs import job_kind

from .selectors import bureau_directory, zone_directory


@job_kind("regions.directory_export", label=gettext_lazy("导出直属局与片区名录"))
def directory_export(job, progress) -> tuple[str, bytes]:
    """直属局与片区名录 (XLSX): one sheet of zones and their seats, one of bureaus."""
    book = Workbook()
    zones_sheet = book.active
    zones_sheet.title = _("片区")
    zones_sheet.append([_("片区代码"), _("片区名称"), _("类别"), _("牵头单位"), _("成员单位")])
    separator = pgettext("列举分隔符", "、")
    for zone in zone_directory():
        seats = list(zone.memberships.all())
        zones_sheet.append(
            [
                zone.code,
                zone.display_name,
                zone.get_kind_display(),
                separator.join(s.bureau.display_name for s in seats if s.role == "lead"),
                separator.join(s.bureau.display_name for s in seats if s.role == "member"),
            ]
        )
    progress(50)
    bureaus_sheet = book.create_sheet(_("直属局"))
    bureaus_sheet.append([_("代码"), _("简称"), _("全称"), _("所在片区")])
    for bureau in bureau_directory():
        bureaus_sheet.append(
            [
                bureau.code,
                bureau.display_name,
                bureau.display_full_name,
                separator.join(
                    f"{m.zone.display_name}({m.get_role_display()})"
                    for m in bureau.memberships.all()
                ),
            ]
        )
    for sheet in (zones_sheet, bureaus_sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = BytesIO()
    book.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"directory-{stamp}.xlsx", buffer.getvalue()


# ---------------------------------------------------------------- reporting exports
#
# Every export checks, when it runs, that the job's owner may still read what it exports: the
# page that started it checked too, but a job's parameters are data, not a permission.


def _owner_summary(job):
    from ecoorigin.exceptions import NotPermitted

    from .selectors import summaries_visible_to

    summary = summaries_visible_to(user=job.owner).filter(pk=job.params.get("summary_id")).first()
    if summary is None:
        raise NotPermitted(_("无权导出该年度总结。"))
    return summary


def _require_hq(job):
    from accounts.models import Role
    from ecoorigin.exceptions import NotPermitted

    if job.owner.role != Role.HQ:
        raise NotPermitted(_("只有总局可以导出全国汇总。"))


def _bold_header(sheet, row: int = 1) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _xlsx(book) -> bytes:
    # Text typed by users (narratives, plans, return reasons) that begins with "=" would become
    # a formula in Excel (formula injection): every cell is a value, the portal writes no
    # formulas.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# What spreadsheet programs read as the start of a formula in a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A CSV cell that Excel shows as text: a leading apostrophe before a formula start."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet_title(text) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return "".join(ch for ch in str(text) if ch not in "[]:*?/\\")[:31]


@job_kind("regions.summary_pdf", label=gettext_lazy("导出年度工作总结 (PDF)"))
def summary_pdf(job, progress) -> tuple[str, bytes]:
    """The summary's PDF as rendered by the Celery task from its current content."""
    from .services import summary_render_pdf

    summary = _owner_summary(job)
    progress(10)
    summary_render_pdf(summary_id=summary.pk)
    summary.refresh_from_db(fields=["pdf"])
    progress(90)
    with summary.pdf.open("rb") as handle:
        content = handle.read()
    return f"summary-{summary.bureau.code}-{summary.year}.pdf", content


@job_kind("regions.summary_xlsx", label=gettext_lazy("导出年度工作总结 (XLSX)"))
def summary_xlsx(job, progress) -> tuple[str, bytes]:
    """One sheet with the seven sections (figures and narrative) and next year's plan."""
    from .services import summary_context

    summary = _owner_summary(job)
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("%(year)s年度工作总结") % {"year": summary.year})
    sheet.append([summary.bureau.display_full_name, _("%(year)s年度") % {"year": summary.year}])
    sheet.append(
        [
            _("状态"),
            summary.get_status_display(),
            _("逾期") if summary.late else "",
            timezone.localtime(summary.submitted_at).strftime("%Y-%m-%d %H:%M")
            if summary.submitted_at
            else "",
        ]
    )
    sheet.append([])
    sheet.append([_("部分"), _("指标"), _("数值"), _("工作情况")])
    header_row = sheet.max_row
    progress(30)
    context = summary_context(summary)
    for number, section in enumerate(context["sections"], 1):
        label = f"{number}. {section['label']}"
        for index, (name, value) in enumerate(section["figures"]):
            sheet.append([label, str(name), value, section["narrative"] if index == 0 else ""])
    # The other programmes of the bureau's jurisdiction: figures only.
    for number, section in enumerate(context["programme_sections"], len(context["sections"]) + 1):
        for name, value in section["figures"]:
            sheet.append([f"{number}. {section['label']}", str(name), value, ""])
    sheet.append([_("下一年度工作计划"), "", "", summary.next_year_plan])
    _bold_header(sheet, header_row)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["D"].width = 80
    progress(90)
    return f"summary-{summary.bureau.code}-{summary.year}.xlsx", _xlsx(book)


def rollup_context(year: int) -> dict:
    """The closed round's national roll-up with labels, and every bureau's status."""
    from ecoorigin.exceptions import Conflict

    from . import figures
    from .models import AnnualSummary, SummaryRound

    round_ = SummaryRound.objects.filter(year=year, closed_at__isnull=False).first()
    if round_ is None:
        raise Conflict(_("%(year)s 年度总结尚未截止汇总。") % {"year": year})
    totals = round_.rollup.get("sections", {})
    sections = [
        {
            "key": key,
            "label": label,
            "figures": [
                (figures.INDICATORS[name][0], totals.get(key, {}).get(name, 0)) for name in names
            ],
        }
        for key, label, names in figures.SECTIONS
    ]
    programme_sections = figures.programme_sections(round_.rollup.get("programmes", {}), year)
    summaries = (
        AnnualSummary.objects.filter(year=year).select_related("bureau").order_by("bureau_id")
    )
    return {
        "year": year,
        "round": round_,
        "sections": sections,
        "programme_sections": programme_sections,
        "summaries": summaries,
    }


@job_kind("regions.rollup_pdf", label=gettext_lazy("导出年度总结全国汇总 (PDF)"))
def rollup_pdf(job, progress) -> tuple[str, bytes]:
    from casework.pdf import render_pdf

    _require_hq(job)
    context = rollup_context(int(job.params["year"]))
    progress(20)
    content = render_pdf("pdf/rollup.html", {**context, "summaries": list(context["summaries"])})
    return f"rollup-{context['year']}.pdf", content


@job_kind("regions.rollup_xlsx", label=gettext_lazy("导出年度总结全国汇总 (XLSX)"))
def rollup_xlsx(job, progress) -> tuple[str, bytes]:
    _require_hq(job)
    context = rollup_context(int(job.params["year"]))
    rollup = context["round"].rollup
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("全国汇总"))
    sheet.append([_("%(year)s年度生态原产地产品保护工作总结 全国汇总") % {"year": context["year"]}])
    sheet.append([_("直属局"), rollup.get("bureaus", 0), _("已报送"), rollup.get("submitted", 0)])
    sheet.append([])
    sheet.append([_("部分"), _("指标"), _("全国合计")])
    header_row = sheet.max_row
    for number, section in enumerate(context["sections"] + context["programme_sections"], 1):
        for name, value in section["figures"]:
            sheet.append([f"{number}. {section['label']}", str(name), value])
    _bold_header(sheet, header_row)
    progress(50)
    status_sheet = book.create_sheet(_sheet_title(_("各局报送情况")))
    status_sheet.append([_("直属局代码"), _("直属局"), _("状态"), _("报送时间"), _("逾期")])
    for summary in context["summaries"]:
        status_sheet.append(
            [
                summary.bureau.code,
                summary.bureau.display_full_name,
                summary.get_status_display(),
                timezone.localtime(summary.submitted_at).strftime("%Y-%m-%d %H:%M")
                if summary.submitted_at
                else "",
                _("是") if summary.late else "",
            ]
        )
    _bold_header(status_sheet)
    for ws, widths in ((sheet, (18, 30, 12)), (status_sheet, (14, 30, 12, 18, 8))):
        for column, width in zip("ABCDE", widths, strict=False):
            ws.column_dimensions[column].width = width
    return f"rollup-{context['year']}.xlsx", _xlsx(book)


@job_kind("regions.table_export", label=gettext_lazy("导出报表 (CSV/XLSX)"))
def table_export(job, progress) -> tuple[str, bytes]:
    """Any reporting table (regions.tables.TABLES) of a year, as CSV (UTF-8 with BOM, so that
    Excel reads the Chinese) or XLSX."""
    import csv
    from io import StringIO

    from ecoorigin.exceptions import InvalidInput, NotPermitted

    from .tables import TABLES, may_export

    name, year, fmt = job.params.get("table"), job.params.get("year"), job.params.get("format")
    if name not in TABLES or fmt not in ("csv", "xlsx") or not isinstance(year, int):
        raise InvalidInput(_("导出参数有误。"))
    if not may_export(name, job.owner):
        raise NotPermitted(_("无权导出该报表。"))
    table = TABLES[name]
    headers, rows = table.build(job.owner, year)
    progress(60)
    filename = f"{table.filename}-{year}.{fmt}"
    if fmt == "csv":
        text = StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
        return filename, ("\ufeff" + text.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(f"{table.label} {year}")
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append(row)
    _bold_header(sheet)
    sheet.freeze_panes = "A2"
    return filename, _xlsx(book)
