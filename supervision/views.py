"""事中事后监管 pages (SPEC §4): double-random plans and their verifiable draws, inspectors' tasks,
HQ's proposal queue, complaints (public form and the bureau's handling) and the supervision
worklist (挂牌督办 and 约谈 have their pages in key_work_views). Thin, as the case pages: reads through the selectors (404 for what the user
may not see), writes through the services, and a domain error becomes a message on the page
with status 400, 403 or 409. A draw's targets and teams are shown only as
selectors.draw_targets_for allows, and every view of them is logged."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from applications import selectors as case_selectors
from applications.models import Application, RecoveryRecord
from applications.workflow import DueKind, State
from casework import draws
from casework.documents import download_page
from ecoorigin import ratelimit
from ecoorigin.exceptions import DomainError
from ecoorigin.middleware import public_page
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import error_status, form_page, list_page, show_error

from . import documents, selectors, services
from .forms import (
    ComplaintForm,
    ComplaintHandleForm,
    DecisionForm,
    InspectionForm,
    PlanForm,
    PoolMemberForm,
    ProposeForm,
)
from .models import (
    Complaint,
    FollowUpInspection,
    Inspection,
    InspectionPlan,
    KeyWorkItem,
    Proposal,
    SupervisionDocument,
)

# The worklist shows this many items of each kind, then links to the full list.
WORKLIST_LIMIT = 50
# A complaint is "due soon" this many days before its deadline.
DUE_SOON_DAYS = 3


def _staff_only(request) -> None:
    """HQ and bureau staff (zone leads included); everyone else: the page does not exist."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


def _hq_only(request) -> None:
    if request.user.role != Role.HQ:
        raise Http404


def _inspector_only(request) -> None:
    if request.user.role not in (Role.INSPECTOR, Role.EXPERT):
        raise Http404


def _bound(request, *, files: bool = False) -> tuple:
    """A form's data: bound on every POST, even an empty one (so that it says what is missing)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _first(queryset, limit: int = WORKLIST_LIMIT) -> dict:
    """The first `limit` rows and whether there are more, without COUNT(*)."""
    rows = list(queryset[: limit + 1])
    return {"rows": rows[:limit], "more": len(rows) > limit}


# ---------------------------------------------------------------- worklist


@login_required
def home(request):
    """监管工作台: what waits for supervision in the user's scope, overdue first."""
    _staff_only(request)
    user = request.user
    cases = case_selectors.cases_visible_to(user=user)
    suspended = cases.filter(state=State.SUSPENDED, due_kind=DueKind.RECTIFICATION).order_by(
        F("due_date").asc(nulls_last=True), "pk"
    )
    recoveries = (
        RecoveryRecord.objects.filter(
            completed_at__isnull=True,
            application__in=cases.filter(state=State.REVOKED).values("pk"),
        )
        .select_related(
            "application__enterprise", "application__bureau", "application__certificate"
        )
        .order_by("opened_at", "pk")
    )
    complaints = (
        selectors.complaints_visible_to(user=user)
        .exclude(status=Complaint.Status.CLOSED)
        .order_by("due_date", "pk")
    )
    items = (
        selectors.key_work_visible_to(user=user)
        .filter(status=KeyWorkItem.Status.OPEN)
        .order_by("deadline", "pk")
    )
    return render(
        request,
        "staff/supervision/home.html",
        {
            "suspended": _first(suspended),
            "recoveries": _first(recoveries),
            "complaints": _first(complaints),
            "items": _first(items),
            "open_proposals": selectors.proposals_open().count() if user.role == Role.HQ else None,
            "today": timezone.localdate(),
            "soon": timezone.localdate() + timedelta(days=DUE_SOON_DAYS),
            "tab": "home",
        },
    )


# ---------------------------------------------------------------- plans and draws


def _plan(request, pk: int) -> InspectionPlan:
    return get_object_or_404(
        selectors.plans_visible_to(user=request.user).prefetch_related(
            "zones", "bureaus", "categories"
        ),
        pk=pk,
    )


def _shortfall_lines(plan: InspectionPlan, targets) -> list[str]:
    """The draw's shortfalls in plain words."""
    return draws.shortfall_lines(
        plan,
        names={t.application_id: t.application.product_name for t in targets},
        few_candidates=_(
            "候选对象不足：计划抽取 %(wanted)s 个检查对象，但范围内的有效保护产品只有 "
            "%(available)s 个，已全部抽取。"
        ),
        own_bureau=_("、被检对象所在直属局人员"),
        no_candidates=_("范围内没有符合条件的有效保护产品，未抽取到检查对象。"),
    )


def _plan_page(request, plan: InspectionPlan, *, status: int = 200):
    """The plan page; also the answer, with the message and its status, to a refused action."""
    from .zone_plan_views import zone_plan_context  # it reads this module's _plan

    user = request.user
    manages = services.may_manage(plan=plan, user=user)
    targets = []
    if plan.drawn_at is not None:
        targets = list(
            selectors.draw_targets_for(user=user, plan=plan).prefetch_related("inspectors__bureau")
        )
        if targets or manages:
            selectors.draw_view_log(user=user, plan=plan, via="web")
    return render(
        request,
        "staff/supervision/plan_detail.html",
        {
            "plan": plan,
            "manages": manages,
            "targets": targets,
            "team_short": draws.short_teams(plan),
            "shortfalls": _shortfall_lines(plan, targets) if manages else [],
            **draws.page_actions(plan, manages=manages, scheduled_at=plan.draw_at),
            "case_ids": set(
                case_selectors.cases_visible_to(user=user)
                .filter(pk__in=[t.application_id for t in targets])
                .values_list("pk", flat=True)
            )
            if targets
            else set(),
            "tab": "plans",
            **zone_plan_context(request, plan),
        },
        status=status,
    )


# The steps a manager takes on a plan's page (casework.draws.PlanPages).
PAGES = draws.PlanPages(plan=_plan, page=_plan_page, url="supervision:plan")


@login_required
def plan_list(request):
    """抽查计划: the plans the user may see (HQ all, a bureau its own), newest date first."""
    _staff_only(request)
    plans = selectors.plans_visible_to(user=request.user).prefetch_related(
        "zones", "bureaus", "categories"
    )
    return render(
        request,
        "staff/supervision/plan_list.html",
        {
            "page": list_page(plans, request.GET.get("page")),
            "today": timezone.localdate(),
            "tab": "plans",
            "leads_zone": services.zones_led_by(user=request.user).exists(),
        },
    )


@login_required
def plan_new(request):
    """制定抽查计划, declaring the lottery draw whose numbers will decide it (ADR 0009)."""
    _staff_only(request)
    form = PlanForm(*_bound(request), user=request.user)
    return form_page(
        request,
        form,
        call=lambda data: services.plan_create(
            actor=request.user,
            **form.plan_fields(),
            zones=list(data.get("zones") or []),
            bureaus=list(data.get("bureaus") or []),
            categories=list(data["categories"]),
            draw_at=data["draw_at"],
        ),
        success=_(
            "抽查计划已制定。请在开奖日期之前封存候选名单，开奖后录入开奖号码即完成抽取；"
            "抽取结果在检查实施前保密。"
        ),
        then=lambda plan: redirect("supervision:plan", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/supervision/plan_form.html",
            {"form": form, "tab": "plans"},
            status=status,
        ),
    )


@login_required
def plan_detail(request, pk: int):
    return _plan_page(request, _plan(request, pk))


@login_required
@require_POST
def plan_draw(request, pk: int):
    """抽取's first step: the candidate lists committed (封存) and their hash published, before
    the declared lottery draws; a plan is never committed twice."""
    return PAGES.step(
        request,
        pk,
        lambda plan, actor: services.plan_draw(plan_id=plan.pk, actor=actor),
        _("候选名单已封存，承诺值已公布。开奖后须录入开奖号码，录入后才会抽取。"),
    )


@login_required
@require_POST
def plan_beacon(request, pk: int):
    """录入开奖号码 of a committed plan: the draw follows at once."""
    return PAGES.beacon(request, pk, services.plan_beacon_enter)


@login_required
@require_POST
def plan_reveal(request, pk: int):
    """公开种子, after the inspection date: anyone who may see the plan can then verify it."""
    return PAGES.step(
        request, pk, services.plan_reveal, _("随机种子已公开，任何人均可重新运行抽取进行验证。")
    )


@login_required
@require_POST
def plan_publish(request, pk: int):
    """公开检查结果 on the public inspections page."""
    return PAGES.step(request, pk, services.plan_publish, _("检查结果已在“抽查结果公示”页面公开。"))


@require_GET
def plan_published_data(request, pk: int):
    """抽取数据 (JSON) of a revealed draw (casework.draws.published_data)."""
    plan = get_object_or_404(InspectionPlan.objects.all(), pk=pk)
    user = request.user
    manages = user.is_authenticated and services.may_manage(plan=plan, user=user)
    return draws.published_data(request, plan, manages=manages, log_view=selectors.draw_view_log)


@require_GET
def plan_verify(request, pk: int):
    """验证抽取: re-run the draw from the stored snapshot and the revealed seed. Open to whoever
    may see the plan, and to the public once the seed is revealed and the results published;
    the re-run is shown as selectors.draw_verification_for scopes it."""
    plan = get_object_or_404(InspectionPlan.objects.all(), pk=pk)
    user = request.user
    sees_plan = selectors.plans_visible_to(user=user).filter(pk=plan.pk).exists
    refusal = draws.verify_refusal(request, plan, sees_plan=sees_plan)
    if refusal is not None:
        return refusal
    context = {"plan": plan, "tab": "plans"}
    try:
        result = selectors.draw_verification_for(user=user, plan=plan)
    except DomainError as error:
        context["error"] = error.message
        return render(request, "public/inspection_verify.html", context, status=error_status(error))
    cases = Application.objects.select_related("enterprise", "bureau").in_bulk(
        [row["case"] for row in result["targets"]]
    )
    teams = {}
    if user.is_authenticated:
        selectors.draw_view_log(user=user, plan=plan, via="web")
        teams = {
            target.application_id: list(target.inspectors.all())
            for target in selectors.draw_targets_for(user=user, plan=plan).prefetch_related(
                "inspectors__bureau"
            )
        }
    context.update(result=result, rows=draws.verification_rows(result, objects=cases, teams=teams))
    return render(request, "public/inspection_verify.html", context)


# ---------------------------------------------------------------- inspectors' tasks


def _inspection_of(target):
    try:
        return target.inspection
    except Inspection.DoesNotExist:
        return None


@login_required
def task_list(request):
    """检查任务: the targets the inspector was drawn for (and only those)."""
    _inspector_only(request)
    page = list_page(
        selectors.my_inspection_targets(user=request.user).prefetch_related("inspectors__bureau"),
        request.GET.get("page"),
    )
    for plan in {target.plan_id: target.plan for target in page["rows"]}.values():
        selectors.draw_view_log(user=request.user, plan=plan, via="web")
    return render(
        request,
        "staff/supervision/tasks.html",
        {"page": page, "today": timezone.localdate()},
    )


@login_required
def task_detail(request, pk: int):
    """One target: the team, and the record form (findings, outcome, photos and documents)."""
    _inspector_only(request)
    target = get_object_or_404(
        selectors.my_inspection_targets(user=request.user).prefetch_related("inspectors__bureau"),
        pk=pk,
    )
    inspection = _inspection_of(target)
    form = InspectionForm(*_bound(request, files=True))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    inspection = services.inspection_record(
                        target=target,
                        actor=request.user,
                        findings=data["findings"],
                        outcome=data["outcome"],
                        requirements=data["requirements"],
                        rectification_deadline=data["rectification_deadline"],
                    )
                    for checked in data["files"]:
                        documents.store(checked, uploaded_by=request.user, inspection=inspection)
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
                inspection = _inspection_of(target)
            else:
                messages.success(request, _("检查结果已录入。"))
                if inspection.proposals.exists():
                    messages.info(request, _("处理建议已提交总局决定。"))
                if inspection.rectifications.exists():
                    messages.info(request, _("已责令企业限期整改，并通知企业。"))
                return redirect("supervision:task", pk=target.pk)
        else:
            status = 400
    selectors.draw_view_log(user=request.user, plan=target.plan, via="web")
    return render(
        request,
        "staff/supervision/task_detail.html",
        {
            "target": target,
            "inspection": inspection,
            "documents": inspection.documents.all() if inspection else [],
            "rectifications": inspection.rectifications.all() if inspection else [],
            "form": form,
            "today": timezone.localdate(),
        },
        status=status,
    )


# ---------------------------------------------------------------- proposals


@login_required
def proposal_list(request):
    """总局待决定的处理建议 (暂停/撤销), oldest first."""
    _hq_only(request)
    proposals = (
        selectors.proposals_open()
        .select_related("inspection__target__plan", "complaint", "application__certificate")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "staff/supervision/proposals.html",
        {"page": list_page(proposals, request.GET.get("page")), "tab": "proposals"},
    )


@login_required
def proposal_detail(request, pk: int):
    """One proposal, and HQ's decision: accepting fires the case's suspend or revoke."""
    _hq_only(request)
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "application__enterprise",
            "application__bureau",
            "application__certificate",
            "proposed_by",
            "decided_by",
            "inspection__target__plan",
            "complaint",
        ),
        pk=pk,
    )
    form = DecisionForm(*_bound(request), proposal=proposal)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.proposal_decide(
                    proposal=proposal,
                    actor=request.user,
                    accept=data["decision"] == "accept",
                    note=data["note"].strip(),
                    deadline=data.get("deadline"),
                )
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
                proposal.refresh_from_db()
            else:
                messages.success(
                    request,
                    _("已采纳：%(kind)s，案件状态已变更。") % {"kind": proposal.get_kind_display()}
                    if data["decision"] == "accept"
                    else _("已决定不采纳该建议。"),
                )
                return redirect("supervision:proposals")
        else:
            status = 400
    return render(
        request,
        "staff/supervision/proposal_detail.html",
        {"proposal": proposal, "form": form, "tab": "proposals"},
        status=status,
    )


@login_required
def propose(request, case_id: int):
    """The jurisdiction bureau proposes to HQ to suspend or revoke a protected product."""
    case = get_object_or_404(case_selectors.cases_visible_to(user=request.user), pk=case_id)
    user = request.user
    form = ProposeForm(*_bound(request))
    refusal = None
    if user.role != Role.BUREAU or user.bureau_id != case.bureau_id:
        refusal, status = _("只有辖区直属局可以提出处理建议。"), 403
    elif case.state != State.PROTECTED:
        refusal, status = _("只有处于保护期内的产品可以提出暂停或撤销保护的建议。"), 409

    def page(status):
        return render(
            request,
            "staff/supervision/propose.html",
            {
                "case": case,
                "form": None if refusal else form,
                "open_proposals": Proposal.objects.filter(
                    application=case, status=Proposal.Status.OPEN
                ).select_related("proposed_by"),
            },
            status=status,
        )

    if refusal:
        messages.error(request, refusal)
        return page(status)
    return form_page(
        request,
        form,
        call=lambda data: services.proposal_create(
            application=case, actor=user, kind=data["kind"], reason=data["reason"]
        ),
        success=_("处理建议已提交总局决定。"),
        then=lambda proposal: redirect("cases:detail", pk=case.pk),
        page=page,
    )


# ---------------------------------------------------------------- complaints (bureaus, HQ)


@login_required
def complaint_list(request):
    """投诉举报: routed to the bureau (HQ sees all); open ones by deadline."""
    _staff_only(request)
    show = request.GET.get("show", "open")
    complaints = selectors.complaints_visible_to(user=request.user)
    if show == "closed":
        complaints = complaints.filter(status=Complaint.Status.CLOSED).order_by("-closed_at", "-pk")
    elif show == "all":
        complaints = complaints.order_by("-received_at", "-pk")
    else:
        show = "open"
        complaints = complaints.exclude(status=Complaint.Status.CLOSED).order_by("due_date", "pk")
    return render(
        request,
        "staff/supervision/complaint_list.html",
        {
            "page": list_page(complaints, request.GET.get("page")),
            "show": show,
            "today": timezone.localdate(),
            "soon": timezone.localdate() + timedelta(days=DUE_SOON_DAYS),
            "tab": "complaints",
        },
    )


@login_required
def complaint_detail(request, pk: int):
    """One complaint, and the handling bureau's form (办结)."""
    _staff_only(request)
    complaint = get_object_or_404(selectors.complaints_visible_to(user=request.user), pk=pk)
    user = request.user
    may_handle = (
        user.role == Role.BUREAU
        and user.bureau_id == complaint.bureau_id
        and complaint.status != Complaint.Status.CLOSED
    )
    form = ComplaintHandleForm(*_bound(request))

    def page(status):
        case_visible = (
            complaint.application_id is not None
            and case_selectors.cases_visible_to(user=user)
            .filter(pk=complaint.application_id)
            .exists()
        )
        return render(
            request,
            "staff/supervision/complaint_detail.html",
            {
                "complaint": complaint,
                "documents": complaint.documents.all(),
                "proposals": complaint.proposals.all(),
                "rectifications": complaint.rectifications.all(),
                "follow_up": FollowUpInspection.objects.filter(complaint=complaint).first(),
                "form": form if may_handle else None,
                "case_visible": case_visible,
                "today": timezone.localdate(),
                "tab": "complaints",
            },
            status=status,
        )

    return form_page(
        request,
        form,
        call=lambda data: services.complaint_handle(
            complaint=complaint,
            actor=user,
            outcome=data["outcome"],
            resolution=data["resolution"],
            proposal_kind=data["proposal_kind"],
            requirements=data["requirements"],
            rectification_deadline=data["rectification_deadline"],
            follow_up_due=data["follow_up_due"],
        ),
        success=_("投诉举报已办结。"),
        then=lambda handled: redirect("supervision:complaint", pk=complaint.pk),
        page=page,
    )


# ---------------------------------------------------------------- documents


@login_required
def document_download(request, pk: int):
    """A photo or document, for whoever may see what it belongs to (404 for anyone else); every
    read is logged."""
    document = get_object_or_404(
        SupervisionDocument.objects.select_related("inspection__target__plan"), pk=pk
    )
    return download_page(request, document, document_open=documents.document_open)


# ---------------------------------------------------------------- public pages


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """投诉举报 (public): routed to the bureau of the product; answers with a tracking code.
    `?certificate=<number>` (the verification page's "举报该产品") fills in the number."""
    initial = {}
    if request.method == "GET" and request.GET.get("certificate", "").strip():
        initial["certificate_number"] = request.GET["certificate"].strip().upper()[:64]
    form = ComplaintForm(*_bound(request, files=True), initial=initial)
    status = 200
    wait = 0
    if request.method == "POST":
        wait = ratelimit.hit(request, "complaint")
        if wait:
            # Over the limit (shared with the API): the form again, as typed (unbound, so
            # without field errors; keys that are no field are ignored), with the wait.
            messages.error(request, ratelimit.message("complaint", wait))
            form = ComplaintForm(initial=request.POST.dict())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    complaint = services.complaint_submit(
                        content=data["content"],
                        certificate_number=data["certificate_number"],
                        product_text=data["product_text"],
                        bureau=data["bureau"],
                        contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"],
                        contact_email=data["contact_email"],
                    )
                    if data["attachment"] is not None:
                        documents.store(data["attachment"], complaint=complaint)
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(
                    request,
                    _(
                        "投诉举报已受理，已转%(bureau)s办理。查询码：%(code)s，请妥善保存，"
                        "凭查询码可查看办理进度。"
                    )
                    % {
                        "bureau": complaint.bureau.display_full_name,
                        "code": complaint.tracking_code,
                    },
                )
                return redirect("public_supervision:complaint", code=complaint.tracking_code)
        else:
            status = 400
    response = render(request, "public/complaint_form.html", {"form": form}, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_GET
def complaint_lookup(request):
    """The tracking-code form; a code typed in goes to its status page."""
    code = request.GET.get("code", "").strip().upper()[:16]
    if code:
        return redirect("public_supervision:complaint", code=code)
    return render(request, "public/complaint_status.html", {"code": "", "searched": False})


@require_GET
@ratelimit.rate_limited("complaint-status")
def complaint_status(request, code: str):
    """办理进度: status, dates and outcome only; never the content, contact or resolution."""
    code = code.strip().upper()[:16]
    complaint = (
        Complaint.objects.filter(tracking_code=code)
        .only("tracking_code", "status", "received_at", "due_date", "closed_at", "outcome")
        .first()
    )
    return render(
        request,
        "public/complaint_status.html",
        {"code": code, "complaint": complaint, "searched": True},
        status=200 if complaint else 404,
    )


@public_page
@require_GET
@reads_from_replica
def inspections(request):
    """抽查结果公示: inspected products and outcomes of published plans; no inspectors, no
    findings."""
    return render(
        request,
        "public/inspections.html",
        {"page": list_page(selectors.published_results(), request.GET.get("page"))},
    )


# ---------------------------------------------------------------- inspector pool


@login_required
def pool(request):
    """检查人员库: HQ maintains the whole pool, a bureau its own inspectors and experts."""
    _staff_only(request)
    candidates = selectors.pool_candidates_for(user=request.user).select_related("bureau")
    member = None
    if request.GET.get("user", "").isdigit():
        member = (
            selectors.pool_visible_to(user=request.user)
            .filter(user_id=int(request.GET["user"]))
            .first()
        )
    initial = (
        {
            "user": member.user_id,
            "kind": member.kind,
            "specialities": list(member.specialities.all()),
            "available": member.available,
            "note": member.note,
        }
        if member
        else None
    )
    form = PoolMemberForm(*_bound(request), candidates=candidates, initial=initial)
    return form_page(
        request,
        form,
        call=lambda data: services.pool_member_save(actor=request.user, **data),
        success=_("检查人员库已更新。"),
        then=lambda saved: redirect("supervision:pool"),
        page=lambda status: render(
            request,
            "staff/supervision/pool.html",
            {
                "members": selectors.pool_visible_to(user=request.user).order_by(
                    "bureau_id", "user__username"
                ),
                "form": form,
                "editing": member,
                "tab": "pool",
            },
            status=status,
        ),
    )
