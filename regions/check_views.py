"""总局监督检查 pages (seed 000 §19: "总局将各直属局生态原产地保护工作完成情况纳入绩效考核,……并对
各局工作落实情况进行监督检查"). HQ records a check of a bureau, corrects it while it is a draft,
issues it, and closes (销号) or returns the bureau's rectification; the checked bureau reads its
own issued checks and reports its rectification. Every other user has no such pages (404), a
zone lead included. Thin: reads through the selectors, writes through the services, a domain
error shown with its status."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from ecoorigin.views import form_page, list_page, post_action

from . import selectors, services
from .forms import (
    BureauCheckCloseForm,
    BureauCheckForm,
    BureauCheckReportForm,
    BureauCheckReturnForm,
)
from .models import Bureau, BureauCheck

FIELDS = ("bureau", "checked_on", "team", "scope", "findings", "requirements", "deadline")

# The list's filters: each with the roles that have it.
SHOW = {
    "open": (gettext_lazy("未销号"), (Role.HQ, Role.BUREAU)),
    "awaiting": (gettext_lazy("待报告整改情况"), (Role.BUREAU,)),
    "review": (gettext_lazy("待审核"), (Role.HQ,)),
    "overdue": (gettext_lazy("逾期"), (Role.HQ, Role.BUREAU)),
    "draft": (gettext_lazy("草稿"), (Role.HQ,)),
    "closed": (gettext_lazy("已销号"), (Role.HQ, Role.BUREAU)),
    "all": (gettext_lazy("全部"), (Role.HQ, Role.BUREAU)),
}


def _staff_only(request) -> None:
    """HQ and bureau accounts; for everyone else the pages do not exist."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


def _hq_only(request) -> None:
    """Recording and correcting a check: HQ's pages; nobody else's."""
    if not services.bureau_check_may_manage(user=request.user):
        raise Http404


@login_required
def check_list(request):
    """总局监督检查: HQ every check (drafts included, `?bureau=<code>` for one bureau); a bureau
    its own issued checks. Waiting ones by deadline, closed ones newest first."""
    _staff_only(request)
    user = request.user
    filters = {key: label for key, (label, roles) in SHOW.items() if user.role in roles}
    show = request.GET.get("show", "open")
    show = show if show in filters else "open"
    checks, bureau = selectors.of_bureau(
        selectors.bureau_checks_visible_to(user=user), user=user, code=request.GET.get("bureau", "")
    )
    if show == "open":
        checks = checks.exclude(status=BureauCheck.Status.CLOSED)
    elif show == "awaiting":
        checks = selectors.bureau_checks_awaiting_report(user=user)
    elif show == "review":
        checks = checks.filter(status=BureauCheck.Status.REPORTED)
    elif show == "overdue":
        checks = selectors.bureau_checks_overdue(checks)
    elif show in ("draft", "closed"):
        checks = checks.filter(status=show)
    order = ("-closed_at", "-pk") if show == "closed" else ("deadline", "pk")
    return render(
        request,
        "staff/checks/list.html",
        {
            "page": list_page(checks.order_by(*order), request.GET.get("page")),
            "filters": filters,
            "show": show,
            "bureau": bureau,
            "bureaus": Bureau.objects.all() if user.role == Role.HQ else None,
            "may_manage": services.bureau_check_may_manage(user=user),
            "today": timezone.localdate(),
        },
    )


@login_required
def check_new(request):
    """登记 a check of a bureau (HQ; `?bureau=<code>` chooses it): saved as a draft, issued from
    its page."""
    _hq_only(request)
    code = request.GET.get("bureau", "")
    form = BureauCheckForm(
        request.POST if request.method == "POST" else None,
        initial={"bureau": Bureau.objects.filter(code=code).first()} if code else None,
    )
    return form_page(
        request,
        form,
        call=lambda data: services.bureau_check_create(actor=request.user, **data),
        success=_("检查记录已保存为草稿，核对后下发给直属局。"),
        then=lambda check: redirect("regions:check", pk=check.pk),
        page=lambda status: render(
            request, "staff/checks/form.html", {"form": form}, status=status
        ),
    )


@login_required
def check_edit(request, pk: int):
    """Correct a draft (HQ); an issued check stands (409 on saving)."""
    _hq_only(request)
    check = get_object_or_404(selectors.bureau_checks_visible_to(user=request.user), pk=pk)
    if request.method != "POST" and check.status != BureauCheck.Status.DRAFT:
        messages.error(request, _("检查已下发，不能再修改。"))
        return redirect("regions:check", pk=check.pk)
    form = BureauCheckForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(check, name) for name in FIELDS},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.bureau_check_update(check=check, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("regions:check", pk=saved.pk),
        page=lambda status: render(
            request, "staff/checks/form.html", {"form": form, "check": check}, status=status
        ),
    )


# What each posted action needs: its form (None: a button), its service call and what says it
# is done.
ACTIONS = {
    "issue": (
        None,
        lambda check, user, data: services.bureau_check_issue(check=check, actor=user),
        gettext_lazy("已下发给直属局。"),
    ),
    "report": (
        BureauCheckReportForm,
        lambda check, user, data: services.bureau_check_report(check=check, actor=user, **data),
        gettext_lazy("整改情况已报告总局。"),
    ),
    "close": (
        BureauCheckCloseForm,
        lambda check, user, data: services.bureau_check_close(check=check, actor=user, **data),
        gettext_lazy("已销号。"),
    ),
    "return": (
        BureauCheckReturnForm,
        lambda check, user, data: services.bureau_check_return(check=check, actor=user, **data),
        gettext_lazy("已退回直属局补充整改。"),
    ),
}


@login_required
def check_detail(request, pk: int):
    """One check, with the forms of whoever acts next: HQ issues a draft and answers a reported
    rectification (销号 or 退回); the checked bureau reports its rectification while the check
    waits for it. Posted here (`action`); a refusal is shown with its status."""
    _staff_only(request)
    user = request.user
    check = get_object_or_404(selectors.bureau_checks_visible_to(user=user), pk=pk)
    posted = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: form_class(request.POST if posted == name else None)
        for name, (form_class, _call, _done) in ACTIONS.items()
        if form_class is not None
    }
    if check.status == BureauCheck.Status.RETURNED and posted != "report":
        forms["report"] = BureauCheckReportForm(initial={"rectification": check.rectification})
    status = 200
    if request.method == "POST":
        outcome = post_action(
            request,
            {
                name: (forms.get(name), partial(call, check, user), done)
                for name, (_form_class, call, done) in ACTIONS.items()
            },
            then=lambda: redirect("regions:check", pk=check.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
        check = selectors.bureau_checks_visible_to(user=user).get(pk=check.pk)
    manages = services.bureau_check_may_manage(user=user)
    awaiting = check.status in BureauCheck.AWAITING_BUREAU
    reported = check.status == BureauCheck.Status.REPORTED
    return render(
        request,
        "staff/checks/detail.html",
        {
            "check": check,
            "may_edit": manages and check.status == BureauCheck.Status.DRAFT,
            "report_form": forms["report"]
            if awaiting and services.bureau_check_is_checked_bureau(check=check, user=user)
            else None,
            "close_form": forms["close"] if manages and reported else None,
            "return_form": forms["return"] if manages and reported else None,
            "overdue": awaiting and check.deadline < timezone.localdate(),
            # The deadline binds the bureau only while it owes its report.
            "not_owed": not awaiting,
            "today": timezone.localdate(),
        },
        status=status,
    )
