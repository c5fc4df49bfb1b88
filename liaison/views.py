"""总局交办与报送 pages, for HQ and bureau staff (everyone else: the pages do not exist). Thin:
reads through the selectors (404 for what the user may not see), writes through the services; a
domain error is a message on the page with its status (400, 403, 409)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from casework.documents import download_page
from ecoorigin.sorting import SortColumn, Sorting
from ecoorigin.views import form_page, list_page, post_and_return
from regions.models import ZoneMembership

from . import documents, selectors, services
from .forms import AcceptForm, FilesForm, ReplyForm, ReportForm, ReturnForm, TaskForm, UpdateForm
from .models import Assignment, Report, ReportDocument, TaskDocument


def _staff_only(request) -> None:
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


def _bound(request, *, files: bool = False) -> tuple:
    """A form's data: bound on every POST, even an empty one (so that it says what is missing)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


# ---------------------------------------------------------------- 交办任务


# The task list's sortable columns (?sort=key, -key); its own order is the time limit.
TASK_SORTS = [
    SortColumn("task", gettext_lazy("任务名称"), ("task__title",)),
    SortColumn("addressee", gettext_lazy("承办单位"), ("zone_id", "bureau_id"),
               nullable=("zone_id", "bureau_id")),
    SortColumn("due", gettext_lazy("完成时限"), ("task__due_date",)),
    SortColumn("status", gettext_lazy("状态"), ("status",)),
    SortColumn("updated", gettext_lazy("更新时间"), ("updated_at",), first="desc"),
]  # fmt: skip

TASK_FILTERS = {
    "open": gettext_lazy("未完成"),
    "overdue": gettext_lazy("逾期"),
    "reported": gettext_lazy("待验收"),
    "mine": gettext_lazy("本局待办"),
    "all": gettext_lazy("全部"),
}


@login_required
def task_list(request):
    """交办任务: one row per addressee the user may see (HQ all; a bureau its own and its zones'),
    open ones by time limit first."""
    _staff_only(request)
    user = request.user
    filters = {
        key: label
        for key, label in TASK_FILTERS.items()
        if not (key == "mine" and user.role != Role.BUREAU)
        and not (key == "reported" and user.role != Role.HQ)
    }
    show = request.GET.get("show", "open")
    show = show if show in filters else "open"
    assignments = selectors.assignments_visible_to(user=user)
    if show == "open":
        assignments = assignments.exclude(status=Assignment.Status.COMPLETED)
    elif show == "overdue":
        assignments = selectors.overdue(assignments)
    elif show == "reported":
        assignments = selectors.completions_to_accept(user=user)
    elif show == "mine":
        assignments = selectors.assignments_to_report(user=user)
    sorting = Sorting(TASK_SORTS, request.GET, default="due")
    assignments = sorting.apply(assignments.order_by("task__due_date", "pk"))
    return render(
        request,
        "staff/liaison/task_list.html",
        {
            "page": list_page(assignments, request.GET.get("page")),
            "filters": filters,
            "show": show,
            "sorting": sorting.headers,
            "sort": sorting.value,
            "today": timezone.localdate(),
            "tab": "tasks",
        },
    )


@login_required
def task_new(request):
    """交办任务 (HQ only)."""
    if request.user.role != Role.HQ:
        raise Http404
    form = TaskForm(*_bound(request))
    return form_page(
        request,
        form,
        call=lambda data: services.task_assign(
            actor=request.user,
            title=data["title"],
            requirements=data["requirements"],
            due_date=data["due_date"],
            zones=data["zones"],
            bureaus=data["bureaus"],
        ),
        success=_("任务已交办。"),
        then=lambda task: redirect("liaison:task", pk=task.pk),
        page=lambda status: render(
            request, "staff/liaison/task_form.html", {"form": form, "tab": "tasks"}, status=status
        ),
    )


@login_required
def task_detail(request, pk: int):
    """One task: its requirements and, for each addressee the user may see, where it stands and
    its records with their files; the forms of whoever acts next."""
    _staff_only(request)
    user = request.user
    task = get_object_or_404(
        selectors.tasks_visible_to(user=user).select_related("created_by"), pk=pk
    )
    assignments = selectors.task_assignments(task=task, user=user)
    zone_ids = [a.zone_id for a in assignments if a.zone_id]
    leads: dict[int, list[str]] = {}
    for seat in ZoneMembership.objects.filter(
        zone_id__in=zone_ids, role=ZoneMembership.Role.LEAD
    ).select_related("bureau"):
        leads.setdefault(seat.zone_id, []).append(seat.bureau.display_name)
    rows = []
    for assignment in assignments:
        reports = assignment.status == Assignment.Status.OPEN and selectors.may_report(
            assignment=assignment, user=user
        )
        decides = user.role == Role.HQ and assignment.status == Assignment.Status.REPORTED
        rows.append(
            {
                "assignment": assignment,
                "leads": leads.get(assignment.zone_id, []),
                "update_form": UpdateForm(prefix=f"a{assignment.pk}") if reports else None,
                "accept_form": AcceptForm(prefix=f"a{assignment.pk}") if decides else None,
                "return_form": ReturnForm(prefix=f"a{assignment.pk}") if decides else None,
            }
        )
    return render(
        request,
        "staff/liaison/task_detail.html",
        {"task": task, "rows": rows, "today": timezone.localdate(), "tab": "tasks"},
    )


def _assignment(request, pk: int) -> Assignment:
    _staff_only(request)
    return get_object_or_404(selectors.assignments_visible_to(user=request.user), pk=pk)


def _back_to(assignment: Assignment):
    return redirect(reverse("liaison:task", args=[assignment.task_id]) + f"#a{assignment.pk}")


@login_required
@require_POST
def assignment_report(request, pk: int):
    """进展报告 / 完成报告 with files, posted from the task's page."""
    assignment = _assignment(request, pk)
    form = UpdateForm(request.POST, request.FILES, prefix=f"a{assignment.pk}")
    return post_and_return(
        request,
        form,
        call=lambda data: services.assignment_report(
            assignment=assignment,
            actor=request.user,
            kind=data["kind"],
            text=data["text"],
            files=data["files"],
        ),
        success=_("办理情况已报告。"),
        back=_back_to(assignment),
    )


@login_required
@require_POST
def assignment_accept(request, pk: int):
    assignment = _assignment(request, pk)
    return post_and_return(
        request,
        AcceptForm(request.POST, prefix=f"a{assignment.pk}"),
        call=lambda data: services.assignment_accept(
            assignment=assignment, actor=request.user, note=data["note"]
        ),
        success=_("已验收。"),
        back=_back_to(assignment),
    )


@login_required
@require_POST
def assignment_return(request, pk: int):
    assignment = _assignment(request, pk)
    return post_and_return(
        request,
        ReturnForm(request.POST, prefix=f"a{assignment.pk}"),
        call=lambda data: services.assignment_return(
            assignment=assignment, actor=request.user, reason=data["reason"]
        ),
        success=_("已退回承办单位。"),
        back=_back_to(assignment),
    )


# ---------------------------------------------------------------- 报送事项

REPORT_SORTS = [
    SortColumn("title", gettext_lazy("标题"), ("title",)),
    SortColumn("kind", gettext_lazy("类别"), ("kind",)),
    SortColumn("bureau", gettext_lazy("直属局"), ("bureau_id",)),
    SortColumn("submitted", gettext_lazy("报送时间"), ("submitted_at",), first="desc",
               nullable=("submitted_at",)),
]  # fmt: skip

REPORT_FILTERS = {
    "all": gettext_lazy("全部"),
    "unread": gettext_lazy("未阅"),
    "draft": gettext_lazy("草稿"),
    "replied": gettext_lazy("有新回复"),
}


@login_required
def report_list(request):
    """报送事项: HQ every bureau's submitted reports (unread first on request); a bureau its own,
    drafts included."""
    _staff_only(request)
    user = request.user
    filters = {
        key: label
        for key, label in REPORT_FILTERS.items()
        if key == "all" or (key == "unread") == (user.role == Role.HQ)
    }
    show = request.GET.get("show", "all")
    show = show if show in filters else "all"
    reports = selectors.reports_visible_to(user=user)
    if show == "unread":
        reports = selectors.reports_unread(user=user)
    elif show == "draft":
        reports = reports.filter(status=Report.Status.DRAFT)
    elif show == "replied":
        reports = selectors.with_unread_replies(reports)
    sorting = Sorting(REPORT_SORTS, request.GET)
    reports = sorting.apply(
        reports.order_by(F("submitted_at").desc(nulls_first=True), "-created_at", "-pk")
    )
    return render(
        request,
        "staff/liaison/report_list.html",
        {
            "page": list_page(reports, request.GET.get("page")),
            "filters": filters,
            "show": show,
            "sorting": sorting.headers,
            "sort": sorting.value,
            "tab": "reports",
        },
    )


@login_required
def report_new(request):
    """A bureau drafts a report with its files; "报送" submits it at once."""
    if request.user.role != Role.BUREAU:
        raise Http404
    form = ReportForm(*_bound(request, files=True))
    submit = request.POST.get("action") == "submit"

    def create(data):
        report = services.report_create(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            files=data["files"],
        )
        return services.report_submit(report=report, actor=request.user) if submit else report

    return form_page(
        request,
        form,
        call=create,
        success=_("已报送通关司。") if submit else _("草稿已保存；报送前总局看不到。"),
        then=lambda report: redirect("liaison:report", pk=report.pk),
        page=lambda status: render(
            request,
            "staff/liaison/report_form.html",
            {"form": form, "report": None, "tab": "reports"},
            status=status,
        ),
    )


def _report(request, pk: int) -> Report:
    _staff_only(request)
    return get_object_or_404(selectors.reports_visible_to(user=request.user), pk=pk)


@login_required
def report_detail(request, pk: int):
    """One report and what happened to it. An HQ user opening it records the read receipt (the
    first one only); a user of its bureau reads HQ's replies."""
    report = _report(request, pk)
    user = request.user
    report = services.report_mark_read(report=report, actor=user)
    editable = selectors.may_write_report(report=report, user=user) and (
        report.status == Report.Status.DRAFT
    )
    return render(
        request,
        "staff/liaison/report_detail.html",
        {
            "report": report,
            "documents": report.documents.select_related("uploaded_by"),
            "replies": report.replies.select_related("author"),
            "files_form": FilesForm() if editable else None,
            "editable": editable,
            "reply_form": ReplyForm()
            if user.role == Role.HQ and report.status == Report.Status.SUBMITTED
            else None,
            "tab": "reports",
        },
    )


@login_required
def report_edit(request, pk: int):
    """The bureau edits its draft."""
    report = _report(request, pk)
    if not selectors.may_write_report(report=report, user=request.user):
        raise Http404
    initial = {"kind": report.kind, "title": report.title, "body": report.body}
    form = ReportForm(*_bound(request), initial=initial, with_files=False)
    return form_page(
        request,
        form,
        call=lambda data: services.report_update(
            report=report,
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
        ),
        success=_("草稿已保存。"),
        then=lambda saved: redirect("liaison:report", pk=saved.pk),
        page=lambda status: render(
            request,
            "staff/liaison/report_form.html",
            {"form": form, "report": report, "tab": "reports"},
            status=status,
        ),
    )


@login_required
@require_POST
def report_files(request, pk: int):
    report = _report(request, pk)
    return post_and_return(
        request,
        FilesForm(request.POST, request.FILES),
        call=lambda data: services.report_documents_add(
            report=report, actor=request.user, files=data["files"]
        ),
        success=_("材料已上传。"),
        back=redirect("liaison:report", pk=report.pk),
    )


@login_required
@require_POST
def report_submit(request, pk: int):
    report = _report(request, pk)
    return post_and_return(
        request,
        forms.Form(request.POST),
        call=lambda data: services.report_submit(report=report, actor=request.user),
        success=_("已报送通关司。"),
        back=redirect("liaison:report", pk=report.pk),
    )


@login_required
@require_POST
def report_reply(request, pk: int):
    report = _report(request, pk)
    return post_and_return(
        request,
        ReplyForm(request.POST),
        call=lambda data: services.report_reply(
            report=report, actor=request.user, text=data["text"]
        ),
        success=_("已回复。"),
        back=redirect("liaison:report", pk=report.pk),
    )


# ---------------------------------------------------------------- files


def _download(request, document):
    """A file, for whoever may read what it belongs to (404 for anyone else); logged."""
    return download_page(request, document, document_open=documents.document_open)


@login_required
def task_document(request, pk: int):
    return _download(
        request, get_object_or_404(TaskDocument.objects.select_related("update"), pk=pk)
    )


@login_required
def report_document(request, pk: int):
    return _download(request, get_object_or_404(ReportDocument, pk=pk))
