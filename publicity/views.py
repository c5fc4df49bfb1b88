"""拟批准产品公示 pages (issue 20): the public notice page and objection form, the objector's
tracking page; HQ's batches, setting and decisions; the bureau's view on its cases' objections;
the enterprise's own products in a notice and the objections against them (substance only).
Thin: reads through the selectors (404 for what the user may not see), writes through the
services; a domain error is a message on the page with status 400, 403 or 409."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from casework.documents import download_page
from ecoorigin import ratelimit
from ecoorigin.exceptions import DomainError
from ecoorigin.middleware import public_page
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import error_status, form_page, list_page, show_error

from . import documents, selectors, services
from .forms import (
    BatchForm,
    BureauViewForm,
    DecisionForm,
    ObjectionForm,
    SettingForm,
    WithdrawForm,
)
from .models import NoticeBatch, ObjectionDocument, PublicityNotice


def _rows_with_outcome(entries):
    rows = list(entries)
    for entry in rows:
        entry.outcome = selectors.outcome_of(entry)
    return rows


# ---------------------------------------------------------------- public


@public_page
@require_GET
@reads_from_replica
def notices(request):
    """拟批准产品公示: the batches whose period runs, then the past ones."""
    return render(
        request,
        "public/publicity/notices.html",
        {
            "current": list(selectors.batches(current=True)),
            "page": list_page(selectors.batches(current=False), request.GET.get("page"), size=25),
            "setting": selectors.setting(),
        },
    )


@public_page
@require_GET
def batch(request, number: str):
    """One batch: each product with what the public may know, and its outcome."""
    found = get_object_or_404(NoticeBatch, number=number.strip().upper()[:32])
    return render(
        request,
        "public/publicity/batch.html",
        {"batch": found, "entries": _rows_with_outcome(selectors.entries_of(found))},
    )


@require_http_methods(["GET", "POST"])
def objection_new(request, number: str):
    """提出异议 (public, rate limited): against one product of a batch whose period runs."""
    found = get_object_or_404(NoticeBatch, number=number.strip().upper()[:32])
    entries = [e for e in selectors.entries_of(found) if e.withdrawn_at is None]
    if not found.is_open():
        messages.error(request, _("该批次公示期已结束，不再受理异议。"))
        return render(request, "public/publicity/objection_form.html", {"batch": found}, status=409)
    initial = {}
    if request.method == "GET" and request.GET.get("entry", "").isdigit():
        initial["entry"] = int(request.GET["entry"])
    bound = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ObjectionForm(*bound, entries=entries, initial=initial)
    status, wait = 200, 0
    if request.method == "POST":
        wait = ratelimit.hit(request, "objection")
        if wait:
            messages.error(request, ratelimit.message("objection", wait))
            form = ObjectionForm(entries=entries, initial=request.POST.dict())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    objection = services.objection_submit(
                        entry_id=data["entry"],
                        name=data["name"],
                        contact=data["contact"],
                        email=data["email"],
                        reasons=data["reasons"],
                    )
                    if data["attachment"] is not None:
                        documents.store(data["attachment"], objection=objection)
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(
                    request,
                    _("异议已收到。查询码：%(code)s，请妥善保存，凭查询码可查看处理结果。")
                    % {"code": objection.tracking_code},
                )
                return redirect("public_publicity:objection", code=objection.tracking_code)
        else:
            status = 400
    response = render(
        request,
        "public/publicity/objection_form.html",
        {"batch": found, "form": form},
        status=status,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_GET
def objection_lookup(request):
    code = request.GET.get("code", "").strip().upper()[:16]
    if code:
        return redirect("public_publicity:objection", code=code)
    return render(request, "public/publicity/objection_status.html", {"searched": False})


@require_GET
@ratelimit.rate_limited("objection-status")
def objection_status(request, code: str):
    """异议处理进度: the product, the status and HQ's decision with its reasons; never the
    objection's own text or contact (the code is all the reader proves)."""
    objection = selectors.objection_by_code(code=code)
    return render(
        request,
        "public/publicity/objection_status.html",
        {"code": code.strip().upper()[:16], "objection": objection, "searched": True},
        status=200 if objection else 404,
    )


# ---------------------------------------------------------------- staff


def _staff(request) -> None:
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


@login_required
def staff_batches(request):
    """公示批次 for HQ and bureaus, with the objections the user may see."""
    if request.user.role == Role.ENTERPRISE:
        return redirect("publicity:mine")
    _staff(request)
    objections = selectors.objections_visible_to(user=request.user)
    return render(
        request,
        "staff/publicity/batches.html",
        {
            "page": list_page(selectors.batches(), request.GET.get("page")),
            "open_objections": list(objections.filter(status="open")[:50]),
            "setting": selectors.setting(),
            "tab": "publicity",
        },
    )


@login_required
def batch_new(request):
    """发布公示 (HQ)."""
    if request.user.role != Role.HQ:
        raise Http404
    form = BatchForm(
        request.POST if request.method == "POST" else None,
        cases=selectors.publishable_cases(user=request.user),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.batch_publish(actor=request.user, **data),
        success=lambda made: _("公示已发布，公示期至 %(end)s。") % {"end": made.ends_on},
        then=lambda made: redirect("publicity:batch", pk=made.pk),
        page=lambda status: render(
            request,
            "staff/publicity/batch_new.html",
            {"form": form, "setting": selectors.setting(), "tab": "publicity"},
            status=status,
        ),
    )


@login_required
def setting(request):
    """公示设置 (HQ)."""
    if request.user.role != Role.HQ:
        raise Http404
    current = selectors.setting()
    form = SettingForm(
        request.POST if request.method == "POST" else None,
        initial={"period_days": current.period_days, "required": current.required},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.setting_update(actor=request.user, **data),
        success=_("公示设置已保存。"),
        then=lambda row: redirect("publicity:batches"),
        page=lambda status: render(
            request,
            "staff/publicity/setting.html",
            {"form": form, "tab": "publicity"},
            status=status,
        ),
    )


@login_required
def staff_batch(request, pk: int):
    """One batch for HQ and bureaus; HQ may withdraw a product (撤出公示)."""
    _staff(request)
    found = get_object_or_404(NoticeBatch, pk=pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if request.user.role != Role.HQ:
            raise Http404
        entry = get_object_or_404(found.entries, pk=request.POST.get("entry") or 0)
        if form.is_valid():
            try:
                services.entry_withdraw(
                    actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error_status(error)
            else:
                messages.success(request, _("已撤出公示。"))
                return redirect("publicity:batch", pk=found.pk)
        else:
            status = 400
    return render(
        request,
        "staff/publicity/batch.html",
        {
            "batch": found,
            "entries": _rows_with_outcome(selectors.entries_of(found)),
            "form": form,
            "tab": "publicity",
        },
        status=status,
    )


@login_required
def objections(request):
    """公示异议 the user may see; `?waiting=1` those waiting on the user (its to-do)."""
    _staff(request)
    waiting = request.GET.get("waiting") == "1"
    rows = (
        selectors.objections_awaiting(user=request.user)
        if waiting
        else selectors.objections_visible_to(user=request.user)
    )
    return render(
        request,
        "staff/publicity/objections.html",
        {"page": list_page(rows, request.GET.get("page")), "tab": "publicity", "waiting": waiting},
    )


@login_required
def objection(request, pk: int):
    """One objection: for HQ and the case's bureau everything (identity, evidence); the bureau's
    view and HQ's decision while it is open. The enterprise concerned: the substance only."""
    user = request.user
    found = get_object_or_404(selectors.objections_visible_to(user=user), pk=pk)
    identity = selectors.may_read_identity(user=user)
    action = request.POST.get("action") if request.method == "POST" else None
    view_form = BureauViewForm(
        request.POST if action == "view" else None, initial={"view": found.bureau_view}
    )
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    status = 200
    if request.method == "POST":
        form = {"view": view_form, "decide": decision_form}.get(action)
        if form is None:
            raise Http404
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            try:
                if action == "view":
                    services.objection_record_bureau_view(
                        actor=user, objection=found, view=data["view"]
                    )
                    done = _("直属局意见已记录。")
                else:
                    services.objection_decide(
                        actor=user,
                        objection=found,
                        upheld=data["outcome"] == "upheld",
                        reason=data["reason"],
                        consequence=data["consequence"],
                    )
                    done = _("异议已处理。")
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(request, done)
                return redirect("publicity:objection", pk=found.pk)
        found = get_object_or_404(selectors.objections_visible_to(user=user), pk=pk)
    is_open = found.status == "open"
    template = (
        "staff/publicity/objection.html" if identity else "enterprise/publicity/objection.html"
    )
    return render(
        request,
        template,
        {
            "objection": found,
            "documents": list(found.documents.all()) if identity else [],
            "view_form": view_form
            if is_open
            and user.role == Role.BUREAU
            and user.bureau_id == found.entry.application.bureau_id
            else None,
            "decision_form": decision_form if is_open and user.role == Role.HQ else None,
            "tab": "publicity",
        },
        status=status,
    )


@login_required
def document_download(request, pk: int):
    """An objection's evidence, for HQ and the case's bureau (404 for anyone else); logged."""
    document = get_object_or_404(ObjectionDocument, pk=pk)
    return download_page(request, document, document_open=documents.document_open)


# ---------------------------------------------------------------- enterprise


@login_required
def mine(request):
    """The enterprise's own products in a notice, the objections against them (substance only)
    and its notices."""
    if request.user.role != Role.ENTERPRISE:
        raise Http404
    return render(
        request,
        "enterprise/publicity/mine.html",
        {
            "entries": _rows_with_outcome(selectors.entries_of_enterprise(user=request.user)),
            "notices": list(
                PublicityNotice.objects.filter(enterprise_id=request.user.enterprise_id)[:50]
            ),
            "tab": "publicity",
        },
    )


@login_required
def notice(request, pk: int):
    found = get_object_or_404(PublicityNotice, pk=pk)
    if not found.addressed_to(request.user):
        raise Http404
    services.notice_mark_read(notice=found, actor=request.user)
    return render(request, "enterprise/publicity/notice.html", {"notice": found})
