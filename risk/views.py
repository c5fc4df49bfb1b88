"""What the pages of 风险预警与快速反应 share (signal_views, warning_views, measure_views): who has
the pages at all, a record's history, the transition forms posted to a record's page through the
case engine, a refusal shown with its status, and the overview (总览, issue 17 point 8) with its
charts drawn on the server as SVG beside their tables (the CSP allows no inline script)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.services import job_start
from casework.history import history_rows
from casework.overview import overview_panels
from ecoorigin.exceptions import InvalidInput
from ecoorigin.views import job_started, post_action

from . import selectors
from .jobs import export_params
from .workflow import GRADE_COLOURS, Grade

# Who works with risk information (selectors scope what each reads); anyone else has no pages.
ROLES = (
    Role.HQ,
    Role.BUREAU,
    Role.INSPECTOR,
    Role.EXPERT,
    Role.ENTERPRISE,
    Role.AGENCY,
    Role.ASSOCIATION,
)
# The units that issue warnings and direct measures: the overview and the drafting are theirs.
UNITS = (Role.HQ, Role.BUREAU)


def risk_user(request) -> None:
    if request.user.role not in ROLES:
        raise Http404


def warning_reader(request) -> None:
    """The warnings' pages: the roles above, and the 京津冀 cooperation's members who read the
    warnings shared with it (ADR 0036: the places' quality authorities, 认监委, 标准委)."""
    if request.user.role not in ROLES and not selectors.shares_warnings(request.user):
        raise Http404


def unit_user(request) -> None:
    if request.user.role not in UNITS:
        raise Http404


def filled(data: dict) -> dict:
    """The fields given: an empty one is left out, for the service's default."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _grade_change(data: dict) -> str:
    """A warning's raise or lowering as its history row records it: "Ⅲ级（黄色） → Ⅱ级（橙色）"."""
    grades = dict(Grade.choices)
    if data.get("from_grade") in grades and data.get("to_grade") in grades:
        return f"{grades[data['from_grade']]} → {grades[data['to_grade']]}"
    return ""


def history_of(entries, rules: dict, states: dict) -> list[dict]:
    """流转记录 rows: who, when, from → to (and a warning's grades), reason and comment, oldest
    first."""
    return [
        {**row, "grade_change": _grade_change(row["entry"].data or {})}
        for row in history_rows(entries, rules, states)
    ]


def refused(request, message, status: int, *, back: str, back_label: str):
    """A POST the service refused, on a page of its own with the status (403, 409)."""
    messages.error(request, message)
    return render(
        request,
        "staff/risk/refused.html",
        {"back": back, "back_label": back_label},
        status=status,
    )


def transition_forms(request, *, programme, case, builders: dict) -> dict:
    """The forms of the transitions the user may fire now (programme.transitions_for), bound
    when posted; a posted transition the user may fire but the state no longer allows gets its
    bound form too, so that the service answers 409 rather than the page 400."""
    posted = request.POST.get("action") if request.method == "POST" else None
    names = programme.transitions_for(case=case, actor=request.user)
    if (
        posted in programme.rules
        and posted not in names
        and programme.permitted(case, posted, request.user)
    ):
        names = [*names, posted]
    forms = {}
    for name in names:
        if name in builders:
            form = builders[name](request.POST if posted == name else None)
            # Several forms share field names (理由, 说明): each its own element ids.
            form.auto_id = f"id_{name}_%s"
            forms[name] = form
    return forms


def post_to_record(request, *, programme, case, forms: dict, fire, extra: dict, then):
    """A POST to a record's page: one of its transitions (through `fire(name, data)`, the
    service) or one of the `extra` actions (as ecoorigin.views.post_action). A transition the
    user may never fire is 403 before its form is read."""
    name = request.POST.get("action")
    if name in programme.rules and not programme.permitted(case, name, request.user):
        messages.error(request, _("您无权对该案件执行此操作。"))
        return 403
    actions = dict(extra)
    for rule_name, form in forms.items():
        rule = programme.rules[rule_name]
        actions[rule_name] = (
            form,
            partial(fire, rule_name),
            _("已完成：%(action)s。") % {"action": rule.label},
        )
    return post_action(request, actions, then=then)


# --- 总览 ---------------------------------------------------------------------------------------

CHART_WIDTH = 560
LABEL_WIDTH = 190
BAR_HEIGHT = 22
BAR_GAP = 8


def bar_chart(rows: list[tuple]) -> dict:
    """A horizontal bar chart as numbers for staff/risk/_bar_chart.html: rows of (label, value,
    css class), each bar's length in proportion to the largest value."""
    largest = max((value for _label, value, _css in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value, css) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = round(span * value / largest) if value else 0
        bars.append(
            {
                "label": label,
                "value": value,
                "css": css,
                "y": y,
                "text_y": y + BAR_HEIGHT - 6,
                "length": length,
                "value_x": LABEL_WIDTH + length + 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def signals_by_channel_and_month(data: dict) -> dict:
    """The months' rows (month, count per channel shown, total), the channels that have any,
    and the totals per channel and per month."""
    months = data["signals_by_month"]
    labels = dict(data["channels"])
    totals = {code: sum(counts.get(code, 0) for _m, counts in months) for code in labels}
    shown = [code for code in labels if totals[code]]
    return {
        "channels": [(code, labels[code]) for code in shown],
        "rows": [
            {
                "month": month,
                "counts": [counts.get(code, 0) for code in shown],
                "total": sum(counts.values()),
            }
            for month, counts in months
        ],
        "channel_totals": [(labels[code], totals[code]) for code in shown],
        "total": sum(totals.values()),
    }


@login_required
def overview(request):
    """总览: active warnings by grade, open measures by due date, signals by channel and month,
    each as a chart with its table, over what the user sees (HQ all, a bureau its own)."""
    unit_user(request)
    data = selectors.overview(user=request.user)
    signals = signals_by_channel_and_month(data)
    return render(
        request,
        "staff/risk/overview.html",
        {
            "tab": "overview",
            "warnings_by_grade": data["warnings_by_grade"],
            "warnings_chart": bar_chart(
                [(label, n, GRADE_COLOURS[grade]) for grade, label, n in data["warnings_by_grade"]]
            ),
            "warnings_total": sum(n for _g, _l, n in data["warnings_by_grade"]),
            "measures_by_due": data["measures_by_due"],
            "measures_chart": bar_chart(
                [(label, n, key) for key, label, n in data["measures_by_due"]]
            ),
            "measures_total": sum(n for _k, _l, n in data["measures_by_due"]),
            "signals": signals,
            "channel_chart": bar_chart(
                [(label, n, "channel") for label, n in signals["channel_totals"]]
            ),
            "month_chart": bar_chart(
                [(row["month"], row["total"], "month") for row in signals["rows"]]
            ),
            # What other programmes add (casework.overview): the credit grades' distribution.
            "panels": [
                {
                    "panel": panel,
                    "chart": bar_chart(panel.rows),
                    "total": sum(value for _label, value, _css in panel.rows),
                }
                for panel in overview_panels(user=request.user)
            ],
        },
    )


@login_required
@require_POST
def export(request, what: str):
    """导出 the signals, warnings or measures the member of staff sees (a background job), in the
    state the list shows."""
    if not selectors.is_staff_reader(request.user):
        raise Http404
    try:
        params = export_params(what, request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    job = job_start(owner=request.user, kind="risk.export", params=params)
    return job_started(request, job)
