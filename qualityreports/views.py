"""Pages of 京津冀区域质量状况分析报告, under /cooperation/quality-reports/: the three places'
reports of a year side by side with the reports one may read, a report with its history, the
draft and edit forms, 报送 and HQ's 退回修改. Thin: reads through selectors, writes through
services; 404 for anyone outside the cooperation and for a report one may not see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from accounts.services import job_start
from casework.history import history_rows
from ecoorigin.exceptions import InvalidInput
from ecoorigin.views import action_page, form_page, job_started, list_page
from regions.cooperation import is_member

from . import selectors, services
from . import workflow as wf
from .figures import FIGURES, SECTIONS
from .forms import ListForm, NewReportForm, ReportForm, ReturnForm, SubmitForm, YearForm
from .jobs import export_params
from .programme import QUALITY_REPORTS
from .workflow import EDITABLE_STATES, State, is_filing_place, may_draft

STATE_LABELS = dict(State.choices)
FIELD_LABELS = {**{figure.key: figure.label for figure in FIGURES}, **SECTIONS}


def _member(request) -> None:
    if not is_member(request.user):
        raise Http404


def _visible(request, pk: int):
    _member(request)
    return get_object_or_404(selectors.reports_visible_to(user=request.user), pk=pk)


def history_of(report) -> list[dict]:
    return history_rows(selectors.report_history(report=report), wf.RULES, STATE_LABELS)


def missing_labels(report) -> list:
    return [FIELD_LABELS[key] for key in report.missing()]


@login_required
def report_index(request):
    """区域质量状况分析报告: a year's reports side by side (the places as columns, each figure a
    row), and below the reports the user may read."""
    _member(request)
    # Bound only when a year is asked for: the list's filters alone keep the default year.
    year_form = YearForm(request.GET if "year" in request.GET else None)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else selectors.default_year()
    list_form = ListForm(request.GET or None)
    list_form.is_valid()
    filters = getattr(list_form, "cleaned_data", {})
    reports = selectors.reports_filtered(
        user=request.user, place=filters.get("place", ""), state=filters.get("state", "")
    )
    return render(
        request,
        "staff/qualityreports/index.html",
        {
            "comparison": selectors.comparison(user=request.user, year=year),
            "year_form": year_form,
            "list_form": list_form,
            "page": list_page(reports, request.GET.get("page")),
            "may_draft": may_draft(request.user),
        },
    )


@login_required
def report_new(request):
    _member(request)
    if not may_draft(request.user):
        messages.error(request, services.refusal_to_draft())
        return render(request, "staff/qualityreports/form.html", {"form": None}, status=403)
    form = NewReportForm(request.POST or None, initial={"year": selectors.default_year()})
    return form_page(
        request,
        form,
        call=lambda data: services.report_create(actor=request.user, **data),
        success=lambda report: _("已起草 %(report)s 质量状况分析报告。") % {"report": report},
        then=lambda report: redirect("qualityreports:detail", pk=report.pk),
        page=lambda status: render(
            request, "staff/qualityreports/form.html", {"form": form}, status=status
        ),
    )


@login_required
def report_detail(request, pk: int):
    report = _visible(request, pk)
    # What the state allows the user, conditions aside: an incomplete draft still offers 报送,
    # whose page says what is missing.
    actions = [
        (name, rule)
        for name, rule in wf.RULES.items()
        if QUALITY_REPORTS.permitted(report, name, request.user)
        and can_proceed(getattr(report, QUALITY_REPORTS.method_name(name)), check_conditions=False)
    ]
    editable = report.state in EDITABLE_STATES and is_filing_place(report, request.user)
    return render(
        request,
        "staff/qualityreports/detail.html",
        {
            "report": report,
            "figures": [(figure, getattr(report, figure.key)) for figure in FIGURES],
            "sections": [(label, getattr(report, key)) for key, label in SECTIONS.items()],
            "history": history_of(report),
            "actions": actions,
            "editable": editable,
            "missing": missing_labels(report) if editable else [],
        },
    )


@login_required
def report_edit(request, pk: int):
    report = _visible(request, pk)
    context = {"report": report}
    if not is_filing_place(report, request.user):
        messages.error(request, _("只有报送地的直属局和质监部门可以修改本报告。"))
        return render(
            request, "staff/qualityreports/form.html", {**context, "form": None}, status=403
        )
    if report.state not in EDITABLE_STATES:
        messages.error(request, _("报告已报送，不能再修改。"))
        return render(
            request, "staff/qualityreports/form.html", {**context, "form": None}, status=409
        )
    form = ReportForm(
        request.POST or None,
        initial={
            **report.figure_values(),
            **{key: getattr(report, key) for key in SECTIONS},
        },
    )
    return form_page(
        request,
        form,
        call=lambda data: services.report_update(report=report, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda report: redirect("qualityreports:detail", pk=report.pk),
        page=lambda status: render(
            request, "staff/qualityreports/form.html", {**context, "form": form}, status=status
        ),
    )


def _submit(report, actor):
    """报送; an incomplete report's refusal as one sentence naming what is missing (the form
    has no fields to put the messages on)."""
    try:
        return services.report_submit(report=report, actor=actor)
    except InvalidInput as error:
        if not error.field_errors:
            raise
        names = "、".join(str(FIELD_LABELS.get(key, key)) for key in error.field_errors)
        raise InvalidInput(
            _("报告尚未填写完整，不能报送。请先填写：%(names)s。") % {"names": names}
        ) from None


@login_required
def report_submit(request, pk: int):
    report = _visible(request, pk)
    permitted = QUALITY_REPORTS.permitted(report, "submit", request.user)
    form = SubmitForm(request.POST if request.method == "POST" else None) if permitted else None
    return action_page(
        request,
        form,
        rule=wf.RULES["submit"],
        fire=lambda **data: _submit(report, request.user),
        then=lambda report: redirect("qualityreports:detail", pk=report.pk),
        page=lambda status: render(
            request,
            "staff/qualityreports/action.html",
            {
                "report": report,
                "form": form,
                "rule": wf.RULES["submit"],
                "name": "submit",
                "missing": missing_labels(report),
            },
            status=status,
        ),
    )


@login_required
def report_return(request, pk: int):
    report = _visible(request, pk)
    permitted = QUALITY_REPORTS.permitted(report, "return", request.user)
    form = ReturnForm(request.POST if request.method == "POST" else None) if permitted else None
    return action_page(
        request,
        form,
        rule=wf.RULES["return"],
        fire=lambda **data: services.report_return(
            report=report, actor=request.user, reason=data.get("reason", "")
        ),
        then=lambda report: redirect("qualityreports:detail", pk=report.pk),
        page=lambda status: render(
            request,
            "staff/qualityreports/action.html",
            {"report": report, "form": form, "rule": wf.RULES["return"], "name": "return"},
            status=status,
        ),
    )


@login_required
@require_POST
def comparison_export(request):
    """导出: the year's comparison as XLSX, a background job of the member who asks."""
    _member(request)
    try:
        params = export_params(request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.field_errors["year"][0])
    job = job_start(owner=request.user, kind="qualityreports.comparison_xlsx", params=params)
    return job_started(request, job)
