"""Pages of the 京津冀 cooperation, for its members: the 42 重点任务 with their lead and
participating units, one task; the members' 年度行动计划 with their milestones, progress reports
and steps, and the year-end report as a background job. Thin: they read through selectors and
write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import job_start
from casework.history import history_rows
from ecoorigin.exceptions import InvalidInput
from ecoorigin.views import action_page, form_page, job_started, list_page, post_action
from regions.cooperation import is_member
from supervision import selectors as supervision_selectors

from . import selectors, services
from . import workflow as wf
from .forms import (
    ConfirmForm,
    ImplementationForm,
    MilestoneForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    ReturnForm,
    SummaryForm,
    TaskFilterForm,
)
from .jobs import report_params
from .programme import PLANS
from .workflow import PlanState


def _member(request) -> None:
    if not selectors.may_see_tasks(request.user):
        raise Http404


@login_required
def task_list(request):
    """重点任务: §三's 42 tasks by heading, filtered (an invalid filter is shown and ignored)."""
    _member(request)
    form = TaskFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    tasks = selectors.tasks_filtered(
        user=request.user,
        section=filters.get("section"),
        unit=filters.get("unit"),
        query=filters.get("q", ""),
        mine=filters.get("mine", False),
    )
    return render(
        request,
        "staff/cooperation/task_list.html",
        {"form": form, "tasks": tasks, "own_units": selectors.unit_codes_of(request.user)},
    )


@login_required
def task_detail(request, number: int):
    _member(request)
    task = selectors.task_for(user=request.user, number=number)
    if task is None:
        raise Http404
    return render(request, "staff/cooperation/task_detail.html", {"task": task})


# --- 年度行动计划 ----------------------------------------------------------------------------------

PLAN_STATE_LABELS = dict(PlanState.choices)
# The page of each step: its form, and the template's words.
STEP_FORMS = {
    "submit": ConfirmForm,
    "approve": ConfirmForm,
    "return": ReturnForm,
    "report": ImplementationForm,
}


def _plans_member(request) -> None:
    if not selectors.may_see_plans(request.user):
        raise Http404


def plan_history_of(plan) -> list[dict]:
    return history_rows(selectors.plan_history(plan=plan), wf.RULES, PLAN_STATE_LABELS)


@login_required
def plan_list(request):
    """年度行动计划: the plans the user sees by year and state, with their milestones counted
    (completed, overdue); the unit's own plan to draft; the year-end report to export."""
    _plans_member(request)
    years = selectors.plan_years(request.user)
    form = PlanFilterForm(request.GET or None, years=years)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    year = filters.get("year")
    plans = selectors.plans_filtered(
        user=request.user,
        year=year,
        state=filters.get("state", ""),
        overdue=filters.get("overdue", False),
    )
    unit = wf.planning_unit(request.user)
    drafted = set(selectors.own_plans(request.user).values_list("year", flat=True))
    this_year = timezone.localdate().year
    return render(
        request,
        "staff/cooperation/plan_list.html",
        {
            "form": form,
            "plans": plans,
            "may_plan": unit is not None,
            "years_to_draft": [y for y in (this_year, this_year + 1) if y not in drafted],
            "export_year": year or this_year,
        },
    )


@login_required
def plan_new(request):
    """起草年度行动计划 for this year or the next."""
    _plans_member(request)
    if wf.planning_unit(request.user) is None:
        messages.error(request, services.refusal_to_plan())
        return render(request, "staff/cooperation/plan_form.html", {"form": None}, status=403)
    this_year = timezone.localdate().year
    form = PlanForm(
        request.POST or None,
        years=(this_year, this_year + 1),
        initial={"year": request.GET.get("year", this_year)},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.plan_create(actor=request.user, **data),
        success=lambda plan: _("已起草 %(year)s 年度行动计划。") % {"year": plan.year},
        then=lambda plan: redirect("cooperation:plan", pk=plan.pk),
        page=lambda status: render(
            request, "staff/cooperation/plan_form.html", {"form": form}, status=status
        ),
    )


@login_required
def plan_detail(request, pk: int):
    """One plan: its milestones by task with their progress and reports, the unit's forms while
    it may edit or report, the steps the user may take, the history. A POST names one of the
    unit's actions (change the outline, add or remove a milestone, report progress)."""
    _plans_member(request)
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    milestones = selectors.plan_milestones(plan=plan)
    own = wf.is_plan_unit(plan, request.user)
    editing = own and plan.editable
    reporting = own and plan.state == PlanState.APPROVED
    tasks = list(selectors.plan_tasks(plan)) if editing else []
    post = request.POST if request.method == "POST" else None
    posted = request.POST.get("action") if post is not None else None

    def bound(action):
        # Only the form that was posted is bound: the others show empty, without errors.
        return post if posted == action else None

    summary_form = (
        SummaryForm(bound("summary"), initial={"summary": plan.summary}) if editing else None
    )
    milestone_form = MilestoneForm(bound("add"), tasks=tasks) if editing else None
    progress_form = ProgressForm(bound("progress")) if reporting else None
    by_id = {m.pk: m for m in milestones}
    status = 200
    if post is not None:

        def chosen():
            try:
                return by_id[int(request.POST.get("milestone", ""))]
            except (KeyError, ValueError):
                raise InvalidInput(_("请选择计划节点。")) from None

        actions = {}
        if editing:
            actions["summary"] = (
                summary_form,
                lambda data: services.plan_change(plan=plan, actor=request.user, **data),
                _("已保存计划概述。"),
            )
            actions["add"] = (
                milestone_form,
                lambda data: services.milestone_add(plan=plan, actor=request.user, **data),
                _("已增加计划节点。"),
            )
            actions["remove"] = (
                None,
                lambda data: services.milestone_remove(milestone=chosen(), actor=request.user),
                _("已删除计划节点。"),
            )
        if reporting:
            actions["progress"] = (
                progress_form,
                lambda data: services.progress_report(
                    milestone=chosen(), actor=request.user, **data
                ),
                _("已报告进展。"),
            )
        status = post_action(
            request, actions, then=lambda: redirect("cooperation:plan", pk=plan.pk)
        )
        if not isinstance(status, int):
            return status
    steps = [
        (name, wf.RULES[name]) for name in PLANS.transitions_for(case=plan, actor=request.user)
    ]
    return render(
        request,
        "staff/cooperation/plan_detail.html",
        {
            "plan": plan,
            "milestones": milestones,
            "own": own,
            "editing": editing,
            "reporting": reporting,
            "summary_form": summary_form,
            "milestone_form": milestone_form,
            "progress_form": progress_form,
            "progress_for": request.POST.get("milestone", "") if posted == "progress" else "",
            "steps": steps,
            "history": plan_history_of(plan),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def plan_step(request, pk: int, name: str):
    """One step of a plan (报送, 审议通过, 退回修改, 汇报年度实施情况): a confirmation page with the
    fields the step needs."""
    _plans_member(request)
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    if name not in STEP_FORMS:
        raise Http404
    rule = wf.RULES[name]
    permitted = PLANS.permitted(plan, name, request.user)
    # A step without fields posts an empty body: bound all the same.
    data = request.POST if request.method == "POST" else None
    form = STEP_FORMS[name](data) if permitted else None
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.plan_transition(
            plan=plan, name=name, actor=request.user, **data
        ),
        then=lambda plan: redirect("cooperation:plan", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/cooperation/plan_step.html",
            {"plan": plan, "form": form, "rule": rule, "name": name},
            status=status,
        ),
    )


@login_required
@require_POST
def plan_report_export(request):
    """导出年度行动计划实施情况 (PDF or XLSX) for a year, as a background job."""
    _plans_member(request)
    try:
        params = report_params(request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    kind = f"cooperation.plan_report_{params['format']}"
    job = job_start(owner=request.user, kind=kind, params={"year": params["year"]})
    return job_started(request, job)


# --- 联动抽查 ------------------------------------------------------------------------------------


def _joint_checks_member(request) -> None:
    if not is_member(request.user):
        raise Http404


@login_required
def joint_check_list(request):
    """联动抽查 (§三.27): the 京津冀 joint spot checks carried out, the latest first, each with
    its targets and recorded inspections counted (ADR 0037)."""
    _joint_checks_member(request)
    plans = supervision_selectors.joint_checks_visible_to(user=request.user)
    return render(
        request,
        "staff/cooperation/joint_check_list.html",
        {"page": list_page(plans, request.GET.get("page"))},
    )


@login_required
def joint_check_detail(request, pk: int):
    """One joint check's results for every member: each place's share by outcome, and every
    target with its mixed team and inspection."""
    _joint_checks_member(request)
    plan = get_object_or_404(
        supervision_selectors.joint_checks_visible_to(user=request.user), pk=pk
    )
    targets, places = supervision_selectors.joint_check_results(plan=plan)
    return render(
        request,
        "staff/cooperation/joint_check_detail.html",
        {"plan": plan, "targets": targets, "places": places},
    )
