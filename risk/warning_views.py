"""Pages of 风险预警 (seed 004 §二.7–9): the list, the draft's form (HQ; a bureau in its own area
for grades Ⅲ and Ⅳ), the warning's page (grade by the standard it was graded by, scope, the
enterprises it names for those who may read them, measures, notifications and their
acknowledgement, history of raises and lowerings, the transitions and the assignment of a
measure the grade suits) and the bureau's inbox of 预警通报 with its acknowledgement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from ecoorigin.exceptions import DomainError
from ecoorigin.views import error_status, form_page, list_page

from . import selectors, services
from . import workflow as wf
from .forms import (
    CommentForm,
    GradeChangeForm,
    MeasureAssignForm,
    ReasonForm,
    WarningFilterForm,
    WarningForm,
    targets_text,
)
from .models import RiskSettings
from .programme import RISK_WARNINGS, grade_allowed
from .views import (
    filled,
    history_of,
    post_to_record,
    refused,
    risk_user,
    transition_forms,
    unit_user,
    warning_reader,
)
from .workflow import GRADE_ORDER, Conclusion, Grade, SignalState, WarningState

STATES = dict(WarningState.choices)
# The draft's fields as its form shows them: its own, and those naming another record.
DRAFT_FIELDS = ("title", "grade", "scope", "products", "description", "consumer_advice")
DRAFT_RELATIONS = ("scope_bureau", "scope_zone", "signal")
# The concluded signals a draft may rest on: the most recent, enough for a choice list.
SIGNAL_CHOICES = 200


def _warning(request, pk: int):
    warning_reader(request)
    return get_object_or_404(selectors.warnings_visible_to(user=request.user), pk=pk)


@login_required
def warning_list(request):
    """风险预警: what the user sees (HQ all; a bureau those it issues and those notified to it;
    an enterprise the issued ones that name it; the 京津冀 cooperation's quality authorities,
    认监委 and 标准委 those shared with it), newest first."""
    warning_reader(request)
    form = WarningFilterForm(request.GET or None)
    form.is_valid()
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    warnings = selectors.warnings_visible_to(user=request.user).filter(**filters)
    return render(
        request,
        "staff/risk/warning_list.html",
        {
            "tab": "warnings",
            "form": form,
            "page": list_page(warnings.order_by("-pk"), request.GET.get("page")),
            "may_draft": request.user.role in (Role.HQ, Role.BUREAU),
            "staff": selectors.is_staff_reader(request.user),
            "shared_reader": selectors.shares_warnings(request.user),
        },
    )


def _concluded(user):
    return selectors.signals_visible_to(user=user).filter(state=SignalState.CONCLUDED)


def _signals(user):
    return _concluded(user).order_by("-pk")[:SIGNAL_CHOICES]


def _draft_page(request, form, warning, status):
    return render(
        request,
        "staff/risk/warning_form.html",
        {
            "tab": "warnings",
            "form": form,
            "warning": warning,
            "standard": warning.standard if warning else selectors.standard_in_force(),
        },
        status=status,
    )


def _initial_from_signal(user, pk: str | None) -> dict:
    """A draft from a concluded signal (its page links here): its product, grade and advice."""
    # Anything but a short whole number is no signal (an id beyond any row is no query).
    given = pk or ""
    signal = (
        _concluded(user).filter(pk=int(given)).first()
        if given.isdigit() and len(given) <= 12
        else None
    )
    if signal is None:
        return {}
    initial = {
        "signal": signal.pk,
        "products": signal.product,
        "title": _("%(product)s质量安全风险预警") % {"product": signal.product},
        "description": signal.finding,
        "consumer_advice": signal.consumer_advice,
    }
    if signal.conclusion in Grade.values:
        initial["grade"] = signal.conclusion
    if signal.enterprise_name:
        initial["targets"] = ",".join(
            filter(None, [signal.enterprise_name, signal.enterprise_uscc])
        )
    return initial


@login_required
def warning_create(request):
    """拟定风险预警 (a draft, issued from its page)."""
    unit_user(request)
    user = request.user
    form = WarningForm(
        request.POST or None,
        initial=_initial_from_signal(user, request.GET.get("signal")),
        bureau=user.role == Role.BUREAU,
        signals=_signals(user),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.warning_create(actor=user, **data),
        success=_("预警草稿已保存，核对后请发布。"),
        then=lambda warning: redirect("risk:warning", pk=warning.pk),
        page=lambda status: _draft_page(request, form, None, status),
    )


def _own_draft(warning, user) -> bool:
    """A draft is its author unit's: a bureau's own, or HQ's."""
    if user.role == Role.BUREAU:
        return user.bureau_id == warning.issuing_bureau_id
    return user.role == Role.HQ and warning.issuing_bureau_id is None


@login_required
def warning_edit(request, pk: int):
    """The draft, its targets one a line; an issued warning is adjusted, never edited."""
    unit_user(request)
    warning = _warning(request, pk)
    user = request.user
    back = reverse("risk:warning", args=[warning.pk])
    if not _own_draft(warning, user):
        return refused(
            request, _("只有拟稿单位可以修改预警草稿。"), 403, back=back, back_label=str(warning)
        )
    if warning.state != WarningState.DRAFT:
        return refused(
            request,
            _("预警已发布，不能修改；请调整等级或解除。"),
            409,
            back=back,
            back_label=str(warning),
        )
    initial = {field: getattr(warning, field) for field in DRAFT_FIELDS}
    initial.update({field: getattr(warning, f"{field}_id") for field in DRAFT_RELATIONS})
    initial["targets"] = targets_text(warning)
    form = WarningForm(
        request.POST or None,
        initial=initial,
        bureau=user.role == Role.BUREAU,
        signals=_signals(user),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.warning_update(warning=warning, actor=user, **data),
        success=_("预警草稿已保存。"),
        then=lambda saved: redirect("risk:warning", pk=saved.pk),
        page=lambda status: _draft_page(request, form, warning, status),
    )


def _grades(warning, user, *, higher: bool) -> list[str]:
    """The grades the user may move the warning to: above or below its own."""
    current = GRADE_ORDER[warning.grade]
    return [
        grade
        for grade in Grade.values
        if (GRADE_ORDER[grade] < current if higher else GRADE_ORDER[grade] > current)
        and grade_allowed(user, grade)
    ]


def _builders(warning, user) -> dict:
    return {
        "issue": lambda data: CommentForm(data),
        "raise_grade": lambda data: GradeChangeForm(
            data, grades=_grades(warning, user, higher=True)
        ),
        "lower_grade": lambda data: GradeChangeForm(
            data, grades=_grades(warning, user, higher=False)
        ),
        "lift": lambda data: ReasonForm(data),
    }


@login_required
def warning_detail(request, pk: int):
    warning = _warning(request, pk)
    user = request.user
    forms = transition_forms(
        request, programme=RISK_WARNINGS, case=warning, builders=_builders(warning, user)
    )
    # A grade change with no grade to change to is not offered.
    for name in ("raise_grade", "lower_grade"):
        if name in forms and not forms[name].fields["grade"].choices:
            del forms[name]
    posted = request.POST.get("action") if request.method == "POST" else None
    assign_form = None
    if wf.is_issuer(warning, user) and warning.state == WarningState.ISSUED:
        assign_form = MeasureAssignForm(
            request.POST if posted == "assign" else None,
            entries=selectors.catalogue_for(grade=warning.grade),
            bureaus=selectors.bureaus_in_scope(warning=warning),
        )
    status = 200
    if request.method == "POST":
        extra = {}
        if assign_form is not None:
            extra["assign"] = (
                assign_form,
                lambda data: services.measure_assign(warning=warning, actor=user, **filled(data)),
                _("快速反应措施已部署。"),
            )
        outcome = post_to_record(
            request,
            programme=RISK_WARNINGS,
            case=warning,
            forms=forms,
            fire=lambda name, data: services.warning_transition(
                warning=warning, name=name, actor=user, **filled(data)
            ),
            extra=extra,
            then=lambda: redirect("risk:warning", pk=warning.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
        warning = _warning(request, pk)
    staff = selectors.is_staff_reader(user)
    pending = (
        selectors.notifications_for(user=user)
        .filter(warning=warning, acknowledged_at__isnull=True)
        .order_by("pk")
        .first()
        if user.role == Role.BUREAU
        else None
    )
    return render(
        request,
        "staff/risk/warning_detail.html",
        {
            "tab": "warnings",
            "warning": warning,
            "staff": staff,
            "criteria": warning.standard.criteria(),
            "targets": selectors.warning_targets(warning=warning, user=user),
            "measures": selectors.measures_visible_to(user=user)
            .filter(warning=warning)
            .order_by("due_on", "pk"),
            "notifications": selectors.warning_notifications(warning=warning) if staff else [],
            "pending": pending,
            "history": history_of(
                selectors.warning_history(warning=warning), wf.WARNING_RULES, STATES
            ),
            "grade_labels": dict(Grade.choices),
            "actions": [(name, RISK_WARNINGS.rules[name], form) for name, form in forms.items()],
            "assign_form": assign_form,
            "catalogue": selectors.catalogue_for(grade=warning.grade) if assign_form else [],
            "may_edit": warning.state == WarningState.DRAFT and _own_draft(warning, user),
            "settings": RiskSettings.current(),
            "no_risk": Conclusion.NO_RISK,
            "shared_reader": selectors.shares_warnings(user),
        },
        status=status,
    )


@login_required
def notification_list(request):
    """预警通报: the bureau's inbox (HQ reads every bureau's), `?pending=1` those to
    acknowledge, the earliest due first."""
    risk_user(request)
    user = request.user
    if not (user.role == Role.HQ or (user.role in selectors.STAFF_ROLES and user.bureau_id)):
        raise Http404
    pending = request.GET.get("pending") == "1"
    rows = selectors.notifications_for(user=user)
    if pending:
        rows = rows.filter(acknowledged_at__isnull=True).order_by("due_at", "pk")
    else:
        rows = rows.order_by("-created_at", "-pk")
    return render(
        request,
        "staff/risk/notification_list.html",
        {
            "tab": "notifications",
            "pending": pending,
            "page": list_page(rows, request.GET.get("page")),
            "settings": RiskSettings.current(),
            "may_acknowledge": user.role == Role.BUREAU,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def notification_acknowledge(request, pk: int):
    """签收 a notification of the user's bureau; then back where it was posted from."""
    risk_user(request)
    notification = get_object_or_404(selectors.notifications_for(user=request.user), pk=pk)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    back = back or reverse("risk:notifications")
    try:
        services.notification_acknowledge(notification=notification, actor=request.user)
    except DomainError as error:
        return refused(request, error.message, error_status(error), back=back, back_label=_("返回"))
    messages.success(request, _("已签收。"))
    return redirect(back)
