"""Pages of the risk monitoring plans under /monitoring/ for HQ, the bureaus and their
inspectors: the plans (list, new, edit, detail with its items' progress, results and history,
the transitions), the plan's items, the samples' results and their corrections, the bureaus'
monitoring points and the results' export. Thin: they read through selectors, write through
services, and show a domain error on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.services import job_start
from casework.history import history_rows
from ecoorigin.exceptions import DomainError, InvalidInput
from ecoorigin.views import action_page, form_page, job_started, list_page

from . import selectors, services
from . import workflow as wf
from .forms import ItemForm, PlanFilterForm, PlanForm, PlanTransitionForm, PointForm, ResultForm
from .jobs import export_params
from .models import MonitoringPlan
from .programme import MONITORING_PLANS
from .workflow import Level, State

STATE_LABELS = dict(State.choices)


def _staff(request) -> None:
    """The programme's pages are for HQ, the bureaus and their inspectors only."""
    if request.user.role not in selectors.STAFF_ROLES:
        raise Http404


def _plan(request, pk: int) -> MonitoringPlan:
    _staff(request)
    return get_object_or_404(selectors.plans_visible_to(user=request.user), pk=pk)


def _may_edit(plan, user) -> bool:
    return wf.is_owner(plan, user) and plan.state == State.DRAFT


def history_of(plan) -> list[dict]:
    """流转记录: who, when, from → to, reason and comment, oldest first."""
    return history_rows(selectors.plan_history(plan=plan), wf.RULES, STATE_LABELS)


@login_required
def plan_list(request):
    """风险监测计划: the plans the user sees, filtered by level, state and year."""
    _staff(request)
    form = PlanFilterForm(request.GET or None)
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in ("", None)}
    plans = selectors.plans_visible_to(user=request.user).filter(**filters)
    return render(
        request,
        "staff/monitoring/plan_list.html",
        {
            "form": form,
            "page": list_page(plans, request.GET.get("page")),
            "may_create": request.user.role in (Role.HQ, Role.BUREAU),
        },
    )


@login_required
def plan_new(request):
    """HQ drafts the national plan; a bureau its local plan from a published national plan."""
    _staff(request)
    user = request.user
    if user.role == Role.HQ:
        form = PlanForm(request.POST or None, level=Level.NATIONAL)
    elif user.role == Role.BUREAU:
        form = PlanForm(
            request.POST or None, level=Level.LOCAL, national_plans=selectors.national_plans_open()
        )
    else:
        raise Http404
    return form_page(
        request,
        form,
        call=lambda data: services.plan_create(actor=user, **data),
        success=_("监测计划草稿已保存。"),
        then=lambda plan: redirect("monitoring:detail", pk=plan.pk),
        page=lambda status: render(
            request, "staff/monitoring/plan_form.html", {"form": form, "plan": None}, status=status
        ),
    )


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk)
    if not _may_edit(plan, request.user):
        return redirect("monitoring:detail", pk=plan.pk)
    form = PlanForm(
        request.POST or None,
        level=None,
        initial={field: getattr(plan, field) for field in services.PLAN_FIELDS},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.plan_update(plan=plan, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("monitoring:detail", pk=saved.pk),
        page=lambda status: render(
            request, "staff/monitoring/plan_form.html", {"form": form, "plan": plan}, status=status
        ),
    )


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    user = request.user
    results_open = selectors.results_open_to(plan, user)
    return render(
        request,
        "staff/monitoring/plan_detail.html",
        {
            "plan": plan,
            "items": list(selectors.plan_items(plan=plan)) if not plan.is_national else [],
            "local_plans": (
                selectors.plans_visible_to(user=user).filter(national_plan=plan)
                if plan.is_national
                else None
            ),
            "results_open": results_open,
            "results": list(selectors.plan_results(plan=plan)) if results_open else [],
            "summary": selectors.product_summary(plan=plan) if results_open else [],
            "actions": [
                (name, wf.RULES[name])
                for name in MONITORING_PLANS.transitions_for(case=plan, actor=user)
            ],
            "may_edit": _may_edit(plan, user),
            "may_sample": wf.is_plan_bureau_member(plan, user) and plan.state == State.PUBLISHED,
            "history": history_of(plan),
        },
    )


@login_required
def plan_action(request, pk: int, name: str):
    """One transition: a confirmation page with its reason, then the service."""
    plan = _plan(request, pk)
    if name not in MONITORING_PLANS.rules:
        raise Http404
    rule = MONITORING_PLANS.rules[name]
    form = (
        PlanTransitionForm(
            request.POST if request.method == "POST" else None, needs_reason=rule.needs_reason
        )
        if MONITORING_PLANS.permitted(plan, name, request.user)
        else None
    )
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.plan_transition(
            plan=plan, name=name, actor=request.user, **data
        ),
        then=lambda done: redirect("monitoring:detail", pk=done.pk),
        page=lambda status: render(
            request,
            "staff/monitoring/plan_action.html",
            {"plan": plan, "rule": rule, "form": form},
            status=status,
        ),
    )


def _points_of(plan):
    return selectors.points_in_use(bureau_id=plan.bureau_id)


@login_required
def item_new(request, pk: int):
    plan = _plan(request, pk)
    if not _may_edit(plan, request.user) or plan.is_national:
        raise Http404
    form = ItemForm(request.POST or None, points=_points_of(plan))
    return form_page(
        request,
        form,
        call=lambda data: services.item_create(plan=plan, actor=request.user, **data),
        success=_("监测项目已添加。"),
        then=lambda item: redirect("monitoring:detail", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/monitoring/item_form.html",
            {"form": form, "plan": plan, "item": None},
            status=status,
        ),
    )


@login_required
def item_edit(request, pk: int, item_id: int):
    plan = _plan(request, pk)
    if not _may_edit(plan, request.user):
        raise Http404
    item = get_object_or_404(plan.items, pk=item_id)
    form = ItemForm(
        request.POST or None,
        points=_points_of(plan),
        initial={
            "product": item.product,
            "point": item.point_id,
            "hazards": item.hazards,
            "quota": item.quota,
            "starts_on": item.starts_on,
            "ends_on": item.ends_on,
        },
    )
    return form_page(
        request,
        form,
        call=lambda data: services.item_update(item=item, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("monitoring:detail", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/monitoring/item_form.html",
            {"form": form, "plan": plan, "item": item},
            status=status,
        ),
    )


@login_required
@require_POST
def item_delete(request, pk: int, item_id: int):
    """A line comes off a draft plan."""
    plan = _plan(request, pk)
    item = get_object_or_404(plan.items, pk=item_id)
    try:
        services.item_delete(item=item, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("监测项目已删除。"))
    return redirect("monitoring:detail", pk=plan.pk)


@login_required
def result_new(request, pk: int):
    """录入抽样检测结果 under one of the plan's lines."""
    plan = _plan(request, pk)
    if not wf.is_plan_bureau_member(plan, request.user):
        raise Http404
    items = {item.pk: item for item in plan.items.select_related("point")}
    form = ResultForm(request.POST or None, items=items.values())

    def record(data):
        item = items[data.pop("item")]
        return services.result_record(item=item, actor=request.user, **data)

    return form_page(
        request,
        form,
        call=record,
        success=_("抽样检测结果已录入。"),
        then=lambda result: redirect("monitoring:detail", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/monitoring/result_form.html",
            {"form": form, "plan": plan, "result": None},
            status=status,
        ),
    )


@login_required
def result_correct(request, pk: int, result_id: int):
    """更正: a new record of the same sample that supersedes this one, which is kept."""
    plan = _plan(request, pk)
    if not wf.is_plan_bureau_member(plan, request.user):
        raise Http404
    result = get_object_or_404(selectors.plan_results(plan=plan), pk=result_id)
    form = ResultForm(
        request.POST or None,
        correcting=True,
        initial={field: getattr(result, field) for field in services.RESULT_FIELDS},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.result_correct(result=result, actor=request.user, **data),
        success=_("更正已录入，原记录保留。"),
        then=lambda corrected: redirect("monitoring:detail", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/monitoring/result_form.html",
            {"form": form, "plan": plan, "result": result},
            status=status,
        ),
    )


@login_required
@require_POST
def results_export(request, pk: int):
    """导出抽样检测结果 (CSV/XLSX) for whoever reads them in full."""
    plan = _plan(request, pk)
    if not selectors.results_open_to(plan, request.user):
        raise Http404
    try:
        params = export_params(plan.pk, request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    job = job_start(owner=request.user, kind="monitoring.results_export", params=params)
    return job_started(request, job)


@login_required
def point_list(request):
    """风险监测点: a bureau's own (HQ sees every bureau's)."""
    _staff(request)
    points = selectors.points_visible_to(user=request.user)
    return render(
        request,
        "staff/monitoring/point_list.html",
        {
            "page": list_page(points, request.GET.get("page")),
            "may_create": request.user.role == Role.BUREAU,
        },
    )


@login_required
def point_new(request):
    _staff(request)
    if request.user.role != Role.BUREAU:
        raise Http404
    form = PointForm(request.POST or None, initial={"active": True})
    return form_page(
        request,
        form,
        call=lambda data: services.point_create(actor=request.user, **data),
        success=_("监测点已设立。"),
        then=lambda point: redirect("monitoring:points"),
        page=lambda status: render(
            request,
            "staff/monitoring/point_form.html",
            {"form": form, "point": None},
            status=status,
        ),
    )


@login_required
def point_edit(request, point_id: int):
    _staff(request)
    point = get_object_or_404(selectors.points_visible_to(user=request.user), pk=point_id)
    if request.user.role != Role.BUREAU:
        raise Http404
    form = PointForm(
        request.POST or None,
        initial={field: getattr(point, field) for field in services.POINT_FIELDS},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.point_update(point=point, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("monitoring:points"),
        page=lambda status: render(
            request,
            "staff/monitoring/point_form.html",
            {"form": form, "point": point},
            status=status,
        ),
    )
