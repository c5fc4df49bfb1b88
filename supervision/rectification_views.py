"""Pages of rectifications (整改) and follow-up inspections (跟进检查), ADR 0021: staff (HQ, the
bureau) and the enterprise of the case, each its own template; reads through the scoped
selectors (404 for what the user may not see), writes through the services, a domain error a
message on the page with its status (400, 403, 409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applications import selectors as case_selectors
from ecoorigin.exceptions import DomainError
from ecoorigin.views import error_status, list_page, show_error

from . import documents
from . import rectification_selectors as selectors
from . import rectification_services as services
from .models import FollowUpInspection, Rectification
from .rectification_forms import (
    FollowUpRecordForm,
    RectificationReviewForm,
    RectificationSubmitForm,
)

READERS = (Role.HQ, Role.BUREAU, Role.ENTERPRISE)


def _template(user, name: str) -> str:
    """The page by audience: templates/enterprise/ or templates/staff/supervision/."""
    return f"enterprise/{name}" if user.role == Role.ENTERPRISE else f"staff/supervision/{name}"


def _readers_only(request) -> None:
    if request.user.role not in READERS:
        raise Http404


@login_required
def rectification_list(request):
    """整改: HQ all, a bureau its jurisdiction's, the enterprise its own; open ones by deadline
    (`?show=overdue`, `closed`, `all`)."""
    _readers_only(request)
    show = request.GET.get("show", "open")
    rows = selectors.rectifications_visible_to(user=request.user)
    today = timezone.localdate()
    if show == "overdue":
        rows = selectors.rectifications_overdue(rows, today=today).order_by("deadline", "pk")
    elif show == "closed":
        rows = rows.filter(status=Rectification.Status.CLOSED).order_by("-closed_at", "-pk")
    elif show == "all":
        rows = rows.order_by("-opened_at", "-pk")
    else:
        show = "open"
        rows = rows.exclude(status=Rectification.Status.CLOSED).order_by("deadline", "pk")
    return render(
        request,
        _template(request.user, "rectification_list.html"),
        {
            "page": list_page(rows, request.GET.get("page")),
            "show": show,
            "today": today,
            "tab": "rectifications",
        },
    )


@login_required
def rectification_detail(request, pk: int):
    """One rectification: requirements, deadline, report, review, history; the enterprise's
    report form while open, the bureau's review form while a report waits."""
    _readers_only(request)
    user = request.user
    rectification = get_object_or_404(
        selectors.rectifications_visible_to(user=user).select_related(
            "inspection__target__plan", "complaint", "follow_up", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    submitting = (
        services.may_submit(rectification=rectification, user=user)
        and rectification.status == Rectification.Status.OPEN
    )
    reviewing = (
        services.may_review(rectification=rectification, user=user)
        and rectification.status == Rectification.Status.SUBMITTED
    )
    submit_form = RectificationSubmitForm(
        request.POST if request.method == "POST" and submitting else None,
        request.FILES if request.method == "POST" and submitting else None,
    )
    review_form = RectificationReviewForm(
        request.POST if request.method == "POST" and reviewing else None
    )
    status = 200
    if request.method == "POST":
        status, done = _post(
            request, rectification, submitting, reviewing, submit_form, review_form
        )
        if done:
            return redirect("supervision:rectification", pk=rectification.pk)
        rectification = selectors.rectifications_visible_to(user=user).get(pk=pk)
    return render(
        request,
        _template(user, "rectification_detail.html"),
        {
            "rectification": rectification,
            "case_visible": case_selectors.cases_visible_to(user=user)
            .filter(pk=rectification.application_id)
            .exists(),
            "events": selectors.rectification_events(rectification=rectification),
            "documents": rectification.documents.all(),
            "notices": selectors.rectification_notices(rectification=rectification, user=user),
            "submit_form": submit_form if submitting else None,
            "review_form": review_form if reviewing else None,
            "overdue": rectification.is_overdue(timezone.localdate()),
            "today": timezone.localdate(),
            "tab": "rectifications",
        },
        status=status,
    )


def _post(request, rectification, submitting, reviewing, submit_form, review_form):
    """(status, done) of a POST to a rectification's page."""
    user = request.user
    # A review names its decision; anything else is a report.
    wants_review = "decision" in request.POST
    if not (reviewing if wants_review else submitting):
        may = (services.may_review if wants_review else services.may_submit)(
            rectification=rectification, user=user
        )
        messages.error(
            request,
            _("当前状态不允许此操作，或已被他人处理。") if may else _("您无权执行此操作。"),
        )
        return (409 if may else 403), False
    form = review_form if wants_review else submit_form
    if not form.is_valid():
        return 400, False
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if not wants_review:
                services.rectification_submit(
                    rectification=rectification, actor=user, report=data["report"]
                )
                for checked in data["files"]:
                    documents.store(checked, uploaded_by=user, rectification=rectification)
                done = _("整改报告已提交，等待直属局审核。")
            else:
                accept = data["decision"] == "accept"
                services.rectification_review(
                    rectification=rectification,
                    actor=user,
                    accept=accept,
                    reason=data["reason"],
                    deadline=data["deadline"],
                )
                done = _("整改审核通过，已结束。") if accept else _("已退回企业重新整改。")
    except DomainError as error:
        show_error(request, form, error)
        return error_status(error), False
    messages.success(request, done)
    return 200, True


@login_required
def follow_up_list(request):
    """跟进检查: HQ all, a bureau those assigned to it; open ones by due date."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404
    show = request.GET.get("show", "open")
    rows = selectors.follow_ups_visible_to(user=request.user)
    if show == "all":
        rows = rows.order_by("-opened_at", "-pk")
    else:
        show = "open"
        rows = rows.filter(status=FollowUpInspection.Status.OPEN).order_by("due_date", "pk")
    return render(
        request,
        "staff/supervision/follow_up_list.html",
        {
            "page": list_page(rows, request.GET.get("page")),
            "show": show,
            "today": timezone.localdate(),
            "tab": "follow_ups",
        },
    )


@login_required
def follow_up_detail(request, pk: int):
    """One follow-up inspection, and the assigned bureau's record form (the inspection
    outcomes). The enterprise sees its own once recorded, without the complaint."""
    _readers_only(request)
    user = request.user
    follow_up = get_object_or_404(
        selectors.follow_ups_visible_to(user=user).select_related("recorded_by", "opened_by"),
        pk=pk,
    )
    may_record = (
        services.may_record_follow_up(follow_up=follow_up, user=user)
        and follow_up.status == FollowUpInspection.Status.OPEN
    )
    form = FollowUpRecordForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    status = 200
    if request.method == "POST":
        if not services.may_record_follow_up(follow_up=follow_up, user=user):
            messages.error(request, _("只有承办直属局可以录入跟进检查结果。"))
            status = 403
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.follow_up_record(
                        follow_up=follow_up,
                        actor=user,
                        findings=data["findings"],
                        outcome=data["outcome"],
                        requirements=data["requirements"],
                        rectification_deadline=data["rectification_deadline"],
                    )
                    for checked in data["files"]:
                        documents.store(checked, uploaded_by=user, follow_up=follow_up)
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(request, _("跟进检查结果已录入。"))
                return redirect("supervision:follow_up", pk=follow_up.pk)
        else:
            status = 400
        follow_up = selectors.follow_ups_visible_to(user=user).get(pk=pk)
    return render(
        request,
        _template(user, "follow_up_detail.html"),
        {
            "follow_up": follow_up,
            "case_visible": case_selectors.cases_visible_to(user=user)
            .filter(pk=follow_up.application_id)
            .exists(),
            "documents": follow_up.documents.all(),
            "rectifications": follow_up.rectifications.all(),
            "proposals": follow_up.proposals.all() if user.role != Role.ENTERPRISE else [],
            "form": form if may_record else None,
            "today": timezone.localdate(),
            "tab": "follow_ups",
        },
        status=status,
    )
