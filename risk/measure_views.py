"""Pages of 快速反应措施 (seed 004 §二.9–10, 14): the list by deadline with its filters and
to-do, and the measure's page (a recall's quantity recalled against the quantity concerned,
progress reports, the evaluation, history, and the forms of whoever acts next)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoorigin.views import list_page

from . import selectors, services
from . import workflow as wf
from .forms import (
    CommentForm,
    CompleteForm,
    EvaluateForm,
    MeasureFilterForm,
    ProgressForm,
    ReasonForm,
)
from .programme import RISK_MEASURES
from .todo import MEASURE_FILTERS
from .views import filled, history_of, post_to_record, risk_user, transition_forms
from .workflow import ACTIVE_MEASURE_STATES, MeasureState

STATES = dict(MeasureState.choices)


def _measure(request, pk: int):
    risk_user(request)
    return get_object_or_404(selectors.measures_visible_to(user=request.user), pk=pk)


@login_required
def measure_list(request):
    """快速反应措施 the user sees, the earliest deadline first; `?todo=carry_out|evaluate|
    escalated` is the to-do's worklist, `?overdue=on` those past their deadline."""
    risk_user(request)
    user = request.user
    form = MeasureFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    measures = selectors.measures_visible_to(user=user)
    if filters.get("state"):
        measures = measures.filter(state=filters["state"])
    if filters.get("kind"):
        measures = measures.filter(kind=filters["kind"])
    if filters.get("overdue"):
        measures = measures.filter(
            Q(state__in=ACTIVE_MEASURE_STATES) & Q(due_on__lt=timezone.localdate())
        )
    if filters.get("todo"):
        measures = measures.filter(MEASURE_FILTERS[f"risk.{filters['todo']}"](user))
    return render(
        request,
        "staff/risk/measure_list.html",
        {
            "tab": "measures",
            "form": form,
            "page": list_page(measures.order_by("due_on", "pk"), request.GET.get("page")),
            "staff": selectors.is_staff_reader(user),
        },
    )


BUILDERS = {
    "start": lambda data: CommentForm(data),
    "complete": lambda data: CompleteForm(data),
    "evaluate": lambda data: EvaluateForm(data),
    "lift": lambda data: ReasonForm(data),
}


@login_required
def measure_detail(request, pk: int):
    measure = _measure(request, pk)
    user = request.user
    forms = transition_forms(request, programme=RISK_MEASURES, case=measure, builders=BUILDERS)
    posted = request.POST.get("action") if request.method == "POST" else None
    progress_form = (
        ProgressForm(request.POST if posted == "progress" else None, recall=measure.is_recall)
        if wf.may_report_progress(measure, user) and measure.state in ACTIVE_MEASURE_STATES
        else None
    )
    status = 200
    if request.method == "POST":
        extra = {}
        if progress_form is not None:
            extra["progress"] = (
                progress_form,
                lambda data: services.measure_progress_report(
                    measure=measure, actor=user, **filled(data)
                ),
                _("进展情况已报告。"),
            )
        outcome = post_to_record(
            request,
            programme=RISK_MEASURES,
            case=measure,
            forms=forms,
            fire=lambda name, data: services.measure_transition(
                measure=measure, name=name, actor=user, **filled(data)
            ),
            extra=extra,
            then=lambda: redirect("risk:measure", pk=measure.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
        measure = _measure(request, pk)
    staff = selectors.is_staff_reader(user)
    return render(
        request,
        "staff/risk/measure_detail.html",
        {
            "tab": "measures",
            "measure": measure,
            "staff": staff,
            "progress": selectors.measure_progress(measure=measure) if staff else [],
            "history": history_of(
                selectors.measure_history(measure=measure), wf.MEASURE_RULES, STATES
            )
            if staff
            else [],
            "actions": [(name, RISK_MEASURES.rules[name], form) for name, form in forms.items()],
            "progress_form": progress_form,
        },
        status=status,
    )
