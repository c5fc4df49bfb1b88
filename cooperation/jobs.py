"""The year-end report of the 京津冀 cooperation's action plans (seed 003 §四.(一) "年终向领导小组汇报
计划实施情况") as background jobs, PDF and XLSX: every plan of the year its owner sees (HQ: all
submitted or approved; a member: the published ones and its own), each with its milestones,
their progress, the overdue ones and the unit's year-end account."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.jobs import job_kind
from ecoorigin.exceptions import InvalidInput, NotPermitted
from regions.jobs import _bold_header, _sheet_title, _xlsx

from . import selectors

FORMATS = ("pdf", "xlsx")


def report_params(data) -> dict:
    """The year and the format; InvalidInput for anything else."""
    errors = {}
    year = data.get("year")
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is None or not 2017 <= year <= timezone.localdate().year + 1:
        errors["year"] = [_("请选择年度。")]
    fmt = data.get("format", "")
    if fmt not in FORMATS:
        errors["format"] = [_("导出格式有误。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    return {"year": year, "format": fmt}


def report_context(owner, year: int, progress) -> dict:
    """The plans of `year` that `owner` sees, each with its milestones, and the totals."""
    if not selectors.may_see_plans(owner):
        raise NotPermitted(_("无权查看京津冀合作年度行动计划。"))
    plans = list(selectors.plans_filtered(user=owner, year=year))
    today = timezone.localdate()
    entries = []
    for number, plan in enumerate(plans, 1):
        entries.append({"plan": plan, "milestones": selectors.plan_milestones(plan=plan)})
        progress(min(80, 10 + 70 * number // (len(plans) or 1)))
    return {
        "year": year,
        "today": today,
        "entries": entries,
        "totals": {
            "plans": len(plans),
            "milestones": sum(plan.milestone_count for plan in plans),
            "completed": sum(plan.completed_count for plan in plans),
            "overdue": sum(plan.overdue_count for plan in plans),
        },
    }


@job_kind(
    "cooperation.plan_report_pdf", label=gettext_lazy("导出京津冀合作年度行动计划实施情况 (PDF)")
)
def plan_report_pdf(job, progress) -> tuple[str, bytes]:
    from casework.pdf import render_pdf

    params = report_params({**job.params, "format": "pdf"})
    context = report_context(job.owner, params["year"], progress)
    content = render_pdf("pdf/cooperation_plans.html", context)
    return f"jjj-action-plans-{params['year']}.pdf", content


@job_kind(
    "cooperation.plan_report_xlsx", label=gettext_lazy("导出京津冀合作年度行动计划实施情况 (XLSX)")
)
def plan_report_xlsx(job, progress) -> tuple[str, bytes]:
    """A sheet of the plans (state, counts, year-end account) and one of every milestone."""
    params = report_params({**job.params, "format": "xlsx"})
    context = report_context(job.owner, params["year"], progress)
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("行动计划"))
    sheet.append(
        [
            _("计划单位"),
            _("年度"),
            _("状态"),
            _("节点数"),
            _("已完成"),
            _("逾期未完成"),
            _("计划概述"),
            _("年度实施情况"),
        ]
    )
    _bold_header(sheet)
    detail = book.create_sheet(_sheet_title(_("计划节点")))
    detail.append(
        [
            _("计划单位"),
            _("任务序号"),
            _("节点目标"),
            _("计划完成日期"),
            _("完成进度(%)"),
            _("完成日期"),
            _("逾期"),
            _("最新进展"),
        ]
    )
    _bold_header(detail)
    for entry in context["entries"]:
        plan = entry["plan"]
        sheet.append(
            [
                plan.unit_name,
                plan.year,
                plan.get_state_display(),
                plan.milestone_count,
                plan.completed_count,
                plan.overdue_count,
                plan.summary,
                plan.implementation,
            ]
        )
        for milestone in entry["milestones"]:
            if milestone.overdue:
                late = _("逾期未完成")
            elif milestone.completed_late:
                late = _("逾期完成")
            else:
                late = ""
            detail.append(
                [
                    plan.unit_name,
                    milestone.task.number,
                    milestone.title,
                    milestone.due_date,
                    milestone.percent,
                    milestone.completed_on,
                    late,
                    milestone.latest_report.text if milestone.latest_report else "",
                ]
            )
    for ws, widths in (
        (sheet, (30, 8, 16, 8, 8, 10, 40, 60)),
        (detail, (30, 8, 40, 14, 10, 14, 12, 60)),
    ):
        for column, width in zip("ABCDEFGH", widths, strict=False):
            ws.column_dimensions[column].width = width
    progress(95)
    return f"jjj-action-plans-{params['year']}.xlsx", _xlsx(book)
