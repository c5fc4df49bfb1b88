"""Pages of quality credit and the blacklist: the staff's grade list and detail (HQ, bureaus),
the rule in force and its versions, the blacklist's worklist, proposal and decisions; the
enterprise's own credit page. Thin: they read through selectors, write through services."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.services import job_start
from casework.history import history_rows
from ecoorigin.exceptions import InvalidInput
from ecoorigin.views import action_page, form_page, job_started, list_page

from . import selectors, services
from . import workflow as wf
from .forms import GradeFilterForm, ListForm, ProposeForm, ReasonForm
from .jobs import export_params, may_export
from .programme import BLACKLIST
from .workflow import State

STATE_LABELS = dict(State.choices)
STAFF = (Role.HQ, Role.BUREAU)


def _staff(request) -> None:
    if request.user.role not in STAFF:
        raise Http404


def filtered_grades(user, data):
    """The grades `user` sees, filtered by the list's form (an invalid filter is shown as an
    error and ignored)."""
    form = GradeFilterForm(data or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    grades = selectors.grades_filtered(
        user=user, grade=filters.get("grade", ""), query=filters.get("q", "")
    )
    return form, grades


@login_required
def grade_list(request):
    """质量信用等级: the enterprises the user's role sees, worst first."""
    _staff(request)
    form, grades = filtered_grades(request.user, request.GET)
    return render(
        request,
        "staff/credit/grade_list.html",
        {
            "form": form,
            "page": list_page(grades, request.GET.get("page")),
            "may_export": may_export(request.user),
            "rule": selectors.rule_in_force(),
        },
    )


@login_required
def grade_detail(request, pk: int):
    _staff(request)
    grade = get_object_or_404(selectors.grades_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "staff/credit/grade_detail.html",
        {"grade": grade, "changes": selectors.grade_changes(grade=grade)},
    )


@login_required
def rule_list(request):
    """信用评价规则: the version in force and those it superseded (what every grade names)."""
    _staff(request)
    return render(request, "staff/credit/rules.html", {"rules": selectors.rules()})


@login_required
def own_credit(request):
    """The enterprise's own grade, its explanation and history, and its own listings."""
    if request.user.role != Role.ENTERPRISE:
        raise Http404
    grade = selectors.own_grade(user=request.user)
    return render(
        request,
        "enterprise/credit/own.html",
        {
            "grade": grade,
            "changes": selectors.grade_changes(grade=grade) if grade else [],
            "entries": selectors.entries_visible_to(user=request.user).order_by("-pk"),
        },
    )


# --- 黑名单 -----------------------------------------------------------------------------------


def history_of(entry) -> list[dict]:
    return history_rows(selectors.entry_history(entry=entry), wf.RULES, STATE_LABELS)


@login_required
def blacklist_list(request):
    """黑名单: HQ's worklist (proposals first), a bureau's own entries and every listed one."""
    _staff(request)
    state = request.GET.get("state", "")
    entries = selectors.worklist(user=request.user)
    if state in State.values:
        entries = entries.filter(state=state)
    return render(
        request,
        "staff/credit/blacklist_list.html",
        {
            "page": list_page(entries, request.GET.get("page")),
            "states": State.choices,
            "state": state,
            "may_propose": request.user.role == Role.BUREAU,
        },
    )


@login_required
def blacklist_propose(request):
    if request.user.role != Role.BUREAU:
        raise Http404
    form = ProposeForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.blacklist_propose(actor=request.user, **data),
        success=_("已提请总局决定列入黑名单。"),
        then=lambda entry: redirect("credit:blacklist_detail", pk=entry.pk),
        page=lambda status: render(
            request, "staff/credit/blacklist_form.html", {"form": form}, status=status
        ),
    )


@login_required
def blacklist_detail(request, pk: int):
    _staff(request)
    entry = get_object_or_404(selectors.entries_visible_to(user=request.user), pk=pk)
    actions = [
        (name, wf.RULES[name]) for name in BLACKLIST.transitions_for(case=entry, actor=request.user)
    ]
    return render(
        request,
        "staff/credit/blacklist_detail.html",
        {"entry": entry, "history": history_of(entry), "actions": actions},
    )


ACTION_FORMS = {"list": ListForm, "refuse": ReasonForm, "remove": ReasonForm}


@login_required
def blacklist_action(request, pk: int, name: str):
    """HQ's decision on a proposal (list, refuse) or the removal of a listing."""
    _staff(request)
    entry = get_object_or_404(selectors.entries_visible_to(user=request.user), pk=pk)
    if name not in ACTION_FORMS:
        raise Http404
    rule = wf.RULES[name]
    permitted = BLACKLIST.permitted(entry, name, request.user)
    form = ACTION_FORMS[name](request.POST or None) if permitted else None
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.blacklist_transition(
            entry=entry, name=name, actor=request.user, **data
        ),
        then=lambda entry: redirect("credit:blacklist_detail", pk=entry.pk),
        page=lambda status: render(
            request,
            "staff/credit/blacklist_action.html",
            {"entry": entry, "form": form, "rule": rule, "name": name},
            status=status,
        ),
    )


@login_required
@require_POST
def grade_export(request):
    """导出质量信用等级: the grades the user sees, filtered like the list, as a background job."""
    if not may_export(request.user):
        raise Http404
    try:
        params = export_params(request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    job = job_start(owner=request.user, kind="credit.grade_export", params=params)
    return job_started(request, job)
