"""挂牌督办 and 约谈 pages (seed 000 §18: "各直属局要对重点工作明确时限,责任到人,实行挂牌督办制度。
对生态原产地工作开展不力,进展缓慢的,直属局领导要约谈责任部门领导,进行针对性工作指导,并将情况报
总局通关司"). A bureau sets, tracks and closes its own key work items and records its interviews,
and reports both to HQ; HQ reads every bureau's and may put items of its own on a bureau. Nobody
else sees any (404), a zone lead included (ADR 0017). Thin: reads through the selectors, writes
through the services, a domain error shown with its status."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.views import form_page, list_page, post_action
from regions.models import Bureau
from regions.selectors import departments_in_scope, of_bureau

from . import documents, selectors, services
from .forms import CloseForm, InterviewForm, KeyWorkForm, ProgressForm
from .models import KeyWorkItem

SHOW = ("open", "overdue", "closed", "all")


def _staff_only(request) -> None:
    """HQ and bureau accounts; for everyone else the pages do not exist."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


# ---------------------------------------------------------------- 挂牌督办


@login_required
def key_work_list(request):
    """挂牌督办事项: a bureau its own, HQ every bureau's; open ones by time limit."""
    _staff_only(request)
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    items, bureau = of_bureau(
        selectors.key_work_visible_to(user=request.user),
        user=request.user,
        code=request.GET.get("bureau", ""),
    )
    today = timezone.localdate()
    if show == "open":
        items = items.filter(status=KeyWorkItem.Status.OPEN).order_by("deadline", "pk")
    elif show == "overdue":
        items = items.filter(status=KeyWorkItem.Status.OPEN, deadline__lt=today).order_by(
            "deadline", "pk"
        )
    elif show == "closed":
        items = items.filter(status=KeyWorkItem.Status.CLOSED).order_by("-closed_at", "-pk")
    else:
        items = items.order_by("-created_at", "-pk")
    return render(
        request,
        "staff/supervision/key_work_list.html",
        {
            "page": list_page(items, request.GET.get("page")),
            "show": show,
            "bureau": bureau,
            "bureaus": Bureau.objects.all() if request.user.role == Role.HQ else None,
            "may_open": services.key_work_may_open(user=request.user),
            "today": today,
            "tab": "key_work",
        },
    )


@login_required
def key_work_new(request):
    """挂牌督办 a key work item: a bureau its own, HQ one of its own on a bureau (总局交办)."""
    _staff_only(request)
    user = request.user
    form = KeyWorkForm(request.POST if request.method == "POST" else None, user=user)
    return form_page(
        request,
        form,
        call=lambda data: services.key_work_open(actor=user, **data),
        success=lambda item: _("已挂牌督办：%(title)s。") % {"title": item.title},
        then=lambda item: redirect("supervision:key_work_item", pk=item.pk),
        page=lambda status: render(
            request,
            "staff/supervision/key_work_form.html",
            {
                "form": form,
                "no_departments": user.role == Role.BUREAU
                and not departments_in_scope(user=user).filter(is_active=True).exists(),
                "tab": "key_work",
            },
            status=status,
        ),
    )


def _progress(request, item, data):
    """A progress report and its files, as one write."""
    with transaction.atomic():
        services.key_work_progress_report(item=item, actor=request.user, text=data["text"])
        for checked in data["files"]:
            documents.store(checked, uploaded_by=request.user, item=item)


@login_required
def key_work_detail(request, pk: int):
    """One item with its progress: the bureau reports progress and reports the item to HQ;
    whoever may close it (the bureau its own, HQ its own) closes it (销号)."""
    _staff_only(request)
    item = get_object_or_404(selectors.key_work_visible_to(user=request.user), pk=pk)
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    progress_form = ProgressForm(
        request.POST if action == "progress" else None,
        request.FILES if action == "progress" else None,
    )
    close_form = CloseForm(request.POST if action == "close" else None)
    status = 200
    if request.method == "POST":
        outcome = post_action(
            request,
            {
                "progress": (
                    progress_form,
                    lambda data: _progress(request, item, data),
                    _("进展情况已报告。"),
                ),
                "close": (
                    close_form,
                    lambda data: services.key_work_close(item=item, actor=user, note=data["note"]),
                    _("已销号。"),
                ),
                "report": (
                    None,
                    lambda data: services.key_work_report(item=item, actor=user),
                    _("已报送通关司。"),
                ),
            },
            then=lambda: redirect("supervision:key_work_item", pk=item.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
    item = selectors.key_work_visible_to(user=user).get(pk=item.pk)
    is_open = item.status == KeyWorkItem.Status.OPEN
    return render(
        request,
        "staff/supervision/key_work_detail.html",
        {
            "item": item,
            "progress": selectors.key_work_progress(item=item),
            "documents": item.documents.all(),
            "interviews": selectors.interviews_visible_to(user=user).filter(item=item),
            "progress_form": progress_form
            if is_open and services.key_work_may_report_progress(item=item, user=user)
            else None,
            "close_form": close_form
            if is_open and services.key_work_may_close(item=item, user=user)
            else None,
            "may_report": services.may_report_to_hq(record=item, user=user),
            "today": timezone.localdate(),
            "tab": "key_work",
        },
        status=status,
    )


# ---------------------------------------------------------------- 约谈


@login_required
def interview_list(request):
    """约谈记录: a bureau its own, HQ every bureau's; newest first."""
    _staff_only(request)
    interviews, bureau = of_bureau(
        selectors.interviews_visible_to(user=request.user),
        user=request.user,
        code=request.GET.get("bureau", ""),
    )
    show = "unreported" if request.GET.get("show") == "unreported" else "all"
    if show == "unreported":
        interviews = interviews.filter(reported_at__isnull=True)
    return render(
        request,
        "staff/supervision/interview_list.html",
        {
            "page": list_page(interviews.order_by("-held_on", "-pk"), request.GET.get("page")),
            "show": show,
            "bureau": bureau,
            "bureaus": Bureau.objects.all() if request.user.role == Role.HQ else None,
            "may_record": request.user.role == Role.BUREAU,
            "tab": "interviews",
        },
    )


@login_required
def interview_new(request):
    """记录约谈: a bureau, of its own departments (HQ reads them; nobody else has the page)."""
    user = request.user
    if user.role != Role.BUREAU:
        raise Http404
    items = selectors.key_work_visible_to(user=user).filter(status=KeyWorkItem.Status.OPEN)
    initial = {"held_on": timezone.localdate()}
    if request.GET.get("item", "").isdigit():
        initial["item"] = items.filter(pk=int(request.GET["item"])).first()
    form = InterviewForm(
        request.POST if request.method == "POST" else None,
        user=user,
        items=items.order_by("deadline", "pk"),
        initial=initial,
    )
    return form_page(
        request,
        form,
        call=lambda data: services.interview_record(actor=user, **data),
        success=_("约谈情况已记录。请核对后报送通关司。"),
        then=lambda interview: redirect("supervision:interview", pk=interview.pk),
        page=lambda status: render(
            request,
            "staff/supervision/interview_form.html",
            {
                "form": form,
                "no_departments": not departments_in_scope(user=user)
                .filter(is_active=True)
                .exists(),
                "tab": "interviews",
            },
            status=status,
        ),
    )


@login_required
def interview_detail(request, pk: int):
    """One interview; the bureau reports it to HQ (报送通关司), once."""
    _staff_only(request)
    interview = get_object_or_404(selectors.interviews_visible_to(user=request.user), pk=pk)
    status = 200
    if request.method == "POST":
        outcome = post_action(
            request,
            {
                "report": (
                    None,
                    lambda data: services.interview_report(interview=interview, actor=request.user),
                    _("已报送通关司。"),
                )
            },
            then=lambda: redirect("supervision:interview", pk=interview.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
    return render(
        request,
        "staff/supervision/interview_detail.html",
        {
            "interview": interview,
            "may_report": services.may_report_to_hq(record=interview, user=request.user),
            "tab": "interviews",
        },
        status=status,
    )
