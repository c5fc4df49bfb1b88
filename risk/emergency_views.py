"""Pages of 京津冀区域风险信息共享 (seed 003 §三.9, 26, 30) under /cooperation/risk/, a tab of the
cooperation: the warnings whose scope covers the three places (every member reads them), and the
public-health emergencies a place's bureau records and notifies to the other places' bureaus
within six hours, with the clock (time left, or how late), the acknowledgements and the history;
HQ reads them all and finds the late ones (逾期未通报). Thin: reads through selectors, writes
through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.views import form_page, list_page
from regions.cooperation import is_member, place_of

from . import selectors, services
from . import workflow as wf
from .forms import EmergencyFilterForm, EmergencyForm, NotifyForm
from .programme import RISK_EMERGENCIES
from .views import history_of, post_to_record
from .workflow import EmergencyState, EmergencyStatus

STATES = dict(EmergencyState.choices)
# The shared warnings the page lists; the warnings' own list has the rest.
SHARED_SHOWN = 20


def _member(request) -> None:
    if not is_member(request.user):
        raise Http404


def reads_emergencies(user) -> bool:
    """HQ and the three places' bureau staff (§三.30's participants)."""
    return user.role == Role.HQ or (
        user.role in (Role.BUREAU, Role.INSPECTOR) and place_of(user) is not None
    )


@login_required
def index(request):
    """区域风险信息共享: the shared warnings, and the emergencies the user reads (`?status`,
    `?place`; HQ's 逾期未通报 is `?status=overdue`)."""
    _member(request)
    user = request.user
    form = EmergencyFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    emergencies = None
    if reads_emergencies(user):
        emergencies = list_page(
            selectors.emergencies_filtered(
                user=user, status=filters.get("status", ""), place=filters.get("place", "")
            ),
            request.GET.get("page"),
        )
    return render(
        request,
        "staff/risk/jjj_index.html",
        {
            "form": form,
            "page": emergencies,
            "warnings": selectors.shared_warnings(user=user)[:SHARED_SHOWN],
            "may_report": wf.may_report_emergency(user),
            "overdue": EmergencyStatus.OVERDUE,
            "hours": wf.EMERGENCY_NOTIFY_HOURS,
        },
    )


@login_required
def emergency_create(request):
    """登记突发公共卫生事件 (a place's bureau clerk)."""
    _member(request)
    if not wf.may_report_emergency(request.user):
        messages.error(request, services.refusal_to_report_emergency())
        return render(request, "staff/risk/jjj_emergency_form.html", {"form": None}, status=403)
    form = EmergencyForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.emergency_record(actor=request.user, **data),
        success=lambda report: (
            _("已登记 %(number)s，请在时限内通报其他成员。") % {"number": report.number}
        ),
        then=lambda report: redirect("cooperation_risk:emergency", pk=report.pk),
        page=lambda status: render(
            request,
            "staff/risk/jjj_emergency_form.html",
            {"form": form, "hours": wf.EMERGENCY_NOTIFY_HOURS},
            status=status,
        ),
    )


def _report(request, pk: int):
    _member(request)
    return get_object_or_404(selectors.emergencies_visible_to(user=request.user), pk=pk)


@login_required
def emergency_detail(request, pk: int):
    """The report, its clock, the other places' acknowledgements and the history; the reporting
    bureau notifies from here, a notified bureau confirms receipt."""
    report = _report(request, pk)
    user = request.user
    posted = request.POST.get("action") if request.method == "POST" else None
    names = RISK_EMERGENCIES.transitions_for(case=report, actor=user)
    if posted == "notify" and RISK_EMERGENCIES.permitted(report, "notify", user):
        names = ["notify"]  # bound even when the state moved on: the service answers 409
    forms = {}
    if "notify" in names:
        forms["notify"] = NotifyForm(request.POST if posted == "notify" else None)
        forms["notify"].auto_id = "id_notify_%s"
    awaiting = selectors.acknowledgement_awaiting(report=report, user=user)
    status = 200
    if request.method == "POST":
        extra = {}
        if awaiting is not None:
            extra["acknowledge"] = (
                None,
                lambda data: services.emergency_acknowledge(acknowledgement=awaiting, actor=user),
                _("已确认收悉。"),
            )
        outcome = post_to_record(
            request,
            programme=RISK_EMERGENCIES,
            case=report,
            forms=forms,
            fire=lambda name, data: services.emergency_transition(
                report=report, name=name, actor=user, **data
            ),
            extra=extra,
            then=lambda: redirect("cooperation_risk:emergency", pk=report.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
        report = _report(request, pk)
        awaiting = selectors.acknowledgement_awaiting(report=report, user=user)
    return render(
        request,
        "staff/risk/jjj_emergency_detail.html",
        {
            "report": report,
            "clock": report.clock,
            "acknowledgements": selectors.emergency_acknowledgements(report=report),
            "awaiting": awaiting,
            "history": history_of(
                selectors.emergency_history(report=report), wf.EMERGENCY_RULES, STATES
            ),
            "actions": [(name, RISK_EMERGENCIES.rules[name], form) for name, form in forms.items()],
            "staff": True,
            "hours": wf.EMERGENCY_NOTIFY_HOURS,
        },
        status=status,
    )
