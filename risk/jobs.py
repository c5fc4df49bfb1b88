"""Background job kinds of 风险预警与快速反应: the signals, warnings or measures a member of
staff sees, as CSV or XLSX (issue 17 point 9). The rows are read through the same scoped
selectors as the pages, again when the job runs (a job's parameters are data, not a
permission); typed text is written as text, never as a formula (regions.jobs)."""

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
from .workflow import MeasureState, SignalState, WarningState

FORMATS = ("csv", "xlsx")
STATES = {
    "signals": SignalState.values,
    "warnings": WarningState.values,
    "measures": MeasureState.values,
}


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_params(what: str, data) -> dict:
    """The job's parameters: which list, the format and the state shown (400 otherwise)."""
    fmt, state = data.get("format", ""), data.get("state", "")
    if what not in STATES or fmt not in FORMATS or (state and state not in STATES[what]):
        raise InvalidInput(_("导出格式有误。"))
    return {"list": what, "format": fmt, "state": state}


def signal_rows(user, state: str):
    signals = selectors.signals_visible_to(user=user).order_by("-pk")
    if state:
        signals = signals.filter(state=state)
    headers = [
        _("编号"), _("信息来源渠道"), _("信息来源"), _("产品"), _("涉及企业"),
        _("企业统一社会信用代码"), _("发生地"), _("承办直属局"), _("报告时间"), _("状态"),
        _("评估结论"), _("产品风险评估不合格"), _("评估完成时间"),
    ]  # fmt: skip
    rows = (
        [
            s.number,
            str(s.get_channel_display()),
            s.source,
            s.product,
            s.enterprise_name,
            s.enterprise_uscc,
            s.place,
            s.bureau.name,
            _when(s.reported_at),
            str(s.get_state_display()),
            str(s.get_conclusion_display()) if s.conclusion else "",
            _("是") if s.failed_product else "",
            _when(s.concluded_at),
        ]
        for s in signals.iterator(chunk_size=2000)
    )
    return _("风险信息"), headers, rows


def warning_rows(user, state: str):
    warnings = selectors.warnings_visible_to(user=user).order_by("-pk")
    if state:
        warnings = warnings.filter(state=state)
    headers = [
        _("预警编号"), _("预警标题"), _("预警等级"), _("预警范围"), _("发布单位"), _("涉及产品"),
        _("状态"), _("发布时间"), _("解除时间"),
    ]  # fmt: skip
    rows = (
        [
            w.number or "",
            w.title,
            str(w.get_grade_display()),
            w.scope_label,
            w.issuer_label,
            w.products,
            str(w.get_state_display()),
            _when(w.issued_at),
            _when(w.lifted_at),
        ]
        for w in warnings.iterator(chunk_size=2000)
    )
    return _("风险预警"), headers, rows


def measure_rows(user, state: str):
    measures = selectors.measures_visible_to(user=user).order_by("due_on", "pk")
    if state:
        measures = measures.filter(state=state)
    headers = [
        _("预警编号"), _("措施"), _("对象企业"), _("统一社会信用代码"), _("责任直属局"), _("完成期限"),
        _("状态"), _("涉及数量"), _("已召回数量"), _("计量单位"), _("效果评价"), _("逾期督办时间"),
    ]  # fmt: skip
    rows = (
        [
            m.warning.number or "",
            str(m.get_kind_display()),
            m.enterprise_name,
            m.enterprise_uscc,
            m.responsible_bureau.name,
            m.due_on.isoformat(),
            str(m.get_state_display()),
            str(m.quantity_concerned) if m.quantity_concerned is not None else "",
            str(m.quantity_recalled) if m.is_recall else "",
            m.quantity_unit,
            str(m.get_effect_display()) if m.effect else "",
            _when(m.escalated_at),
        ]
        for m in measures.iterator(chunk_size=2000)
    )
    return _("快速反应措施"), headers, rows


BUILDERS = {"signals": signal_rows, "warnings": warning_rows, "measures": measure_rows}


@job_kind("risk.export", label=gettext_lazy("导出风险信息、预警或措施 (CSV/XLSX)"))
def risk_export(job, progress) -> tuple[str, bytes]:
    owner = job.owner
    if not selectors.is_staff_reader(owner):
        raise NotPermitted(_("无权导出。"))
    what, fmt, state = (job.params.get(k, "") for k in ("list", "format", "state"))
    if what not in BUILDERS or fmt not in FORMATS:
        raise InvalidInput(_("导出格式有误。"))
    title, headers, rows = BUILDERS[what](owner, state)
    filename = f"risk-{what}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
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
    sheet.title = _sheet_title(title)
    sheet.append([str(h) for h in headers])
    _bold_header(sheet)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    progress(95)
    return filename, _xlsx(book)
