"""Case pages for signed-in users (bureau, HQ, agency and enterprise staff). Thin: they read
through selectors, write through services, and show a domain error as a message on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from ecoorigin import ratelimit
from ecoorigin.downloads import attachment, type_of
from ecoorigin.exceptions import DomainError
from ecoorigin.ratelimit import client_address
from ecoorigin.sorting import SortColumn, Sorting
from ecoorigin.views import action_page, error_status, list_page, post_and_return, show_error
from experts.selectors import roster

from . import (
    documents,
    feedback_views,
    initial_review,
    materials,
    materials_views,
    selectors,
    services,
)
from . import workflow as wf
from .forms import (
    ApplicationForm,
    DocumentForm,
    OfficerForm,
    RecoveryForm,
    RegistrationDecisionForm,
    RegistrationForm,
    ReviewForm,
    TransitionForm,
    WorklistFilterForm,
)
from .guidance_views import GuidanceRequestForm
from .models import EvaluationPlan, Notice, RecoveryRecord
from .workflow import State

# HQ's queues (SPEC §3): what waits for HQ's decision. Lazy: translated per request.
HQ_QUEUES = [
    ("approval", gettext_lazy("待批准实施评定"), [State.RECOMMENDED]),
    ("certification", gettext_lazy("待颁发证书"), [State.EVALUATED]),
    ("suspension", gettext_lazy("暂停保护 / 整改中"), [State.SUSPENDED]),
]


# The worklist's sortable columns (?sort=key, -key): each order is read along an index of the
# case table (Application.Meta.indexes), never a sort of every case the user sees. The
# deadline's goes most urgent first, cases without a running deadline last.
CASE_SORTS = [
    SortColumn("id", "#", ()),
    SortColumn("product", gettext_lazy("产品名称"), ("product_name",)),
    SortColumn("category", gettext_lazy("类别"), ("category_id",)),
    SortColumn("bureau", gettext_lazy("直属局"), ("bureau_id",)),
    SortColumn("due", gettext_lazy("状态 / 时限"), ("due_date",), nullable=("due_date",)),
    SortColumn("updated", gettext_lazy("更新时间"), ("updated_at",), first="desc"),
]


def audience(user) -> str:
    return "enterprise" if user.role == Role.ENTERPRISE else "staff"


def _case(request, pk: int, *, fetched=selectors.CASE_FETCHED):
    return get_object_or_404(selectors.cases_visible_to(user=request.user, fetched=fetched), pk=pk)


@login_required
def case_list(request):
    """工作台 / 案件列表: the user's cases with filters, counts by state and deadline badges."""
    if request.user.role not in (Role.BUREAU, Role.HQ, Role.AGENCY, Role.ENTERPRISE, Role.OFFICE):
        raise Http404
    # An enterprise's page shows no filters (enterprise/case_list.html): without a filter in the
    # address there is no form to build (its category choices are a query).
    form = (
        None
        if audience(request.user) == "enterprise" and not request.GET
        else WorklistFilterForm(request.GET or None, user=request.user)
    )
    # A filter that does not validate is shown as an error and ignored; the others still apply.
    if form is not None:
        form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    queue = request.GET.get("queue", "")
    states = filters.get("state") or next((s for k, _l, s in HQ_QUEUES if k == queue), None)
    cases = selectors.worklist(
        user=request.user,
        state=states,
        category=filters.get("category", ""),
        officer=filters.get("officer"),
        bureau=filters.get("bureau", ""),
        overdue=filters.get("overdue", False),
        query=filters.get("q", ""),
    )
    # The list's own order is the newest first; a header's sort replaces it.
    sorting = Sorting(CASE_SORTS, request.GET, default="-id")
    cases = sorting.apply(cases)
    counts = selectors.state_counts(user=request.user)
    page = list_page(selectors.worklist_values(cases, user=request.user), request.GET.get("page"))
    page["rows"] = selectors.worklist_rows(page["rows"], user=request.user)
    return render(
        request,
        f"{audience(request.user)}/case_list.html",
        {
            "form": form,
            "page": page,
            "counts": [(s, label, counts.get(s, 0)) for s, label in State.choices if counts.get(s)],
            "queues": [
                (key, label, sum(counts.get(s, 0) for s in states))
                for key, label, states in HQ_QUEUES
            ]
            if request.user.role == Role.HQ
            else [],
            "queue": queue,
            "today": timezone.localdate(),
            "query_string": request.GET.urlencode(),
            "sorting": sorting.headers,
            "sort": sorting.value,
            "urgent_url": sorting.url_for("due"),
            # Asked once, not per row: a bureau's own worklist has no bureau column.
            "show_bureau": request.user.role != Role.BUREAU or request.user.is_zone_lead,
        },
    )


@login_required
def case_detail(request, pk: int):
    user = request.user
    # The certificate is read below, and only for a certified case: no prefetch for the others.
    case = get_object_or_404(selectors.cases_visible_to(user=user, fetched=("officer",)), pk=pk)
    certified = case.state in wf.CERTIFIED_STATES
    # Read lazily, the certificate has its `application` (the case) set: its status costs no query.
    certificate = getattr(case, "certificate", None) if certified else None
    may_read = documents.may_read(case, user)
    kinds = documents.uploadable_kinds(case=case, user=user)
    actions = [
        (name, wf.RULES[name]) for name in selectors.transitions_available(case=case, user=user)
    ]
    # The enterprise's page shows no recovery record, review or guidance panel: none is read.
    staff = user.role != Role.ENTERPRISE
    recovery = (
        RecoveryRecord.objects.filter(application=case).first()
        if staff and case.state == State.REVOKED
        else None
    )
    is_bureau = wf.is_jurisdiction_bureau(case, user)
    return render(
        request,
        f"{audience(user)}/case_detail.html",
        {
            "case": case,
            "certificate": certificate,
            "history": selectors.case_history_shown(case=case),
            "documents": documents.documents_shown(case=case, user=user) if may_read else [],
            "may_read": may_read,
            "upload_form": DocumentForm(kinds=kinds) if kinds else None,
            "materials": (checklist := materials.checklist(case) if may_read else []),
            "materials_form": materials_views.upload_form_for(case, user, checklist)
            if checklist
            else None,
            "actions": actions,
            # 受理 from the case page itself: the officer (optional) and the button.
            "accept_form": TransitionForm(case=case, name="accept")
            if any(name == "accept" for name, _rule in actions)
            else None,
            "officer_form": OfficerForm(case=case, initial={"officer": case.officer_id})
            if is_bureau and case.officer_id
            else None,
            "review_form": ReviewForm()
            if is_bureau and case.state == State.SUSPENDED and case.rectification_submitted_at
            else None,
            "reviews": case.reviews.select_related("reviewer")
            if user.role in (Role.BUREAU, Role.HQ) and certified
            else [],
            "recovery": recovery,
            "recovery_form": RecoveryForm(
                initial={
                    "certificate_returned_at": recovery.certificate_returned_at,
                    "marks_recovered": recovery.marks_recovered,
                    "follow_up_checked_at": recovery.follow_up_checked_at,
                    "follow_up_note": recovery.follow_up_note,
                }
            )
            if recovery and is_bureau
            else None,
            "may_download_certificate": selectors.may_download_certificate(
                certificate=certificate, user=user
            )
            if certificate
            else False,
            # A draft staff see is one shared for 一对一指导: what the enterprise asked.
            "guidance_share": selectors.open_guidance_share(case=case)
            if staff and case.state == State.DRAFT
            else None,
            # 评定协助与反馈 (seed 000 §8): only once an agency evaluates, and for who may read.
            "evaluation_feedback": list(selectors.evaluation_feedback_for(case=case, user=user))
            if case.agency_id and selectors.may_read_evaluation_feedback(case=case, user=user)
            else None,
            "feedback_form": feedback_views.feedback_form_for(case, user),
            # 初审 (seed 000 §20): the rounds and opinions, for staff who may read them.
            "initial_reviews": list(initial_review.reviews_of(case=case, user=user))
            if user.role != Role.ENTERPRISE
            else [],
            "today": timezone.localdate(),
        },
    )


@login_required
def case_action(request, pk: int, name: str):
    """One transition: a confirmation page with the fields it needs, then the service."""
    case = _case(request, pk)
    if name not in wf.RULES or name == "expire":
        raise Http404
    if not services.transition_permission(name)(case, request.user):
        messages.error(request, _("您无权对该案件执行此操作。"))
        return redirect("cases:detail", pk=case.pk)
    # Bound on every POST: a transition whose fields are all optional may come with an empty body.
    form = TransitionForm(request.POST if request.method == "POST" else None, case=case, name=name)

    def page(status):
        plans = []
        if name == "choose_agency":
            # One row per agency: its newest valid plan for the category (the service's choice).
            newest = {}
            for plan in (
                EvaluationPlan.objects.valid_on(timezone.localdate())
                .filter(category_id=case.category_id)
                .select_related("agency")
                .order_by("agency__name", "-valid_from")
            ):
                newest.setdefault(plan.agency_id, plan)
            plans = list(newest.values())
        return render(
            request,
            f"{audience(request.user)}/case_action.html",
            {
                "case": case,
                "name": name,
                "rule": wf.RULES[name],
                "form": form,
                "plans": plans,
                # The committee's experts of the category (seed 000 §12), for the agency.
                "experts": roster(category=case.category) if name == "evaluate" else None,
            },
            status=status,
        )

    return action_page(
        request,
        form,
        rule=wf.RULES[name],
        fire=lambda **data: services.case_transition(
            case=case, name=name, actor=request.user, **data
        ),
        then=lambda done: redirect("cases:detail", pk=done.pk),
        page=page,
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    case = _case(request, pk)
    # Back to where the upload was made: the draft's edit page or the case page.
    back = (
        redirect("cases:edit", pk=case.pk)
        if request.POST.get("back") == "edit" and case.state in services.EDITABLE_STATES
        else redirect("cases:detail", pk=case.pk)
    )
    form = DocumentForm(
        request.POST, request.FILES, kinds=documents.uploadable_kinds(case=case, user=request.user)
    )
    return post_and_return(
        request,
        form,
        call=lambda data: documents.document_upload(
            case=case, actor=request.user, upload=data["file"], kind=data["kind"]
        ),
        success=_("材料已上传。"),
        back=back,
    )


@login_required
def document_download(request, pk: int, document_id: int):
    case = _case(request, pk)
    document = get_object_or_404(case.documents.all(), pk=document_id)
    try:
        handle = documents.document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
    except DomainError as error:
        raise Http404(error.message) from error
    return attachment(handle, document.original_name, document.content_type)


@login_required
def certificate_download(request, number: str):
    certificate = get_object_or_404(
        selectors.certificates_visible_to(user=request.user), number=number
    )
    if not selectors.may_download_certificate(certificate=certificate, user=request.user):
        raise Http404
    if not certificate.pdf:
        from .tasks import render_certificate_pdf

        render_certificate_pdf.delay(certificate.pk)
        messages.info(request, _("证书文件正在生成，请稍后刷新页面再下载。"))
        return redirect("cases:detail", pk=certificate.application_id)
    return attachment(certificate.pdf.open("rb"), f"{certificate.number}.pdf", "application/pdf")


@login_required
@require_POST
def officer_reassign(request, pk: int):
    case = _case(request, pk)
    return post_and_return(
        request,
        OfficerForm(request.POST, case=case),
        call=lambda data: services.case_reassign_officer(
            case=case, officer=data["officer"], actor=request.user
        ),
        success=_("承办人已变更。"),
        back=redirect("cases:detail", pk=case.pk),
    )


@login_required
@require_POST
def review_record(request, pk: int):
    case = _case(request, pk)
    return post_and_return(
        request,
        ReviewForm(request.POST),
        call=lambda data: services.rectification_review_record(
            case=case, actor=request.user, **data
        ),
        success=_("审核意见已记录，总局可据此决定恢复或撤销。"),
        back=redirect("cases:detail", pk=case.pk),
    )


@login_required
@require_POST
def recovery_record(request, pk: int):
    case = _case(request, pk)
    return post_and_return(
        request,
        RecoveryForm(request.POST),
        call=lambda data: services.recovery_update(case=case, actor=request.user, **data),
        success=_("收回记录已保存。"),
        back=redirect("cases:detail", pk=case.pk),
    )


# ---------------------------------------------------------------- enterprises


@require_http_methods(["GET", "POST"])
def register(request):
    """企业在线注册 (public). Every registration valid as typed gets the same answer, whether its
    user name or code is new to the portal or not; the outcome goes by e-mail (ADR 0003)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    status = 200
    wait = 0
    if request.method == "POST":
        wait = ratelimit.hit(request, "registration")
        if wait:
            # Over the limit: the form again as typed (unbound; password fields never show a
            # value), with the wait.
            messages.error(request, ratelimit.message("registration", wait))
            form = RegistrationForm(initial=request.POST.dict())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.enterprise_register(
                    username=data["username"],
                    password=data["password"],
                    email=data["email"],
                    name=data["name"],
                    uscc=data["uscc"],
                    bureau=data["bureau"],
                    licence=data["licence"],
                    address=data["address"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                )
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                return redirect("register_done")
        else:
            status = 400
    response = render(request, "public/register.html", {"form": form}, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_GET
def register_done(request):
    """The one answer to every registration: where its outcome is."""
    return render(request, "public/register_done.html")


@login_required
def enterprise_confirmations(request):
    """企业确认: registrations awaiting a decision. A bureau confirms or rejects those naming it;
    HQ sees the contested codes of every bureau and decides between their claims (ADR 0003)."""
    user = request.user
    if user.role not in (Role.BUREAU, Role.HQ):
        raise Http404
    status = 200
    if request.method == "POST":
        # A page of buttons, not a form shown again: an id or action that does not validate is
        # no such registration; a reason that does not, an error message.
        form = RegistrationDecisionForm(request.POST)
        valid = form.is_valid()
        if form.has_error("id") or form.has_error("action"):
            raise Http404
        enterprise = get_object_or_404(
            selectors.enterprises_decided_by(user=user), pk=form.cleaned_data["id"]
        )
        if not valid:
            messages.error(request, form.errors["reason"][0])
            status = 400
        else:
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            try:
                if action == "confirm":
                    services.enterprise_confirm(enterprise=enterprise, actor=user, reason=reason)
                else:
                    services.enterprise_reject(enterprise=enterprise, actor=user, reason=reason)
            except DomainError as error:
                messages.error(request, error.message)
                status = error_status(error)
            else:
                done = (
                    _("已确认企业：%(name)s") if action == "confirm" else _("已驳回注册：%(name)s")
                )
                messages.success(request, done % {"name": enterprise.name})
                return redirect("cases:enterprises")
    confirmed = None
    if user.role == Role.BUREAU:
        confirmed = (
            selectors.enterprises_decided_by(user=user)
            .filter(confirmed_at__isnull=False)
            .order_by("-confirmed_at", "-pk")[:100]
        )
    return render(
        request,
        "staff/enterprises.html",
        {"pending": list(selectors.registrations_pending(user=user)), "confirmed": confirmed},
        status=status,
    )


@login_required
@require_GET
def enterprise_licence(request, pk: int):
    """The business licence of a registration, for those who decide it."""
    enterprise = get_object_or_404(selectors.enterprises_decided_by(user=request.user), pk=pk)
    if not enterprise.licence:
        raise Http404
    content_type = type_of(enterprise.licence.name)  # stored under its content's extension
    return attachment(enterprise.licence.open("rb"), f"营业执照-{enterprise.uscc}", content_type)


def _enterprise_only(request):
    if request.user.role != Role.ENTERPRISE:
        raise Http404


@login_required
def case_new(request):
    """新建申请: the first step creates the draft; the edit page then autosaves it."""
    _enterprise_only(request)
    renewal_of = None
    if request.GET.get("renew"):
        if not request.GET["renew"].isdecimal():
            raise Http404
        renewal_of = get_object_or_404(
            selectors.cases_visible_to(user=request.user).filter(
                state__in=[State.PROTECTED, State.EXPIRED]
            ),
            pk=request.GET["renew"],
        )
    initial = (
        {
            "product_name": renewal_of.product_name,
            "category": renewal_of.category_id,
            "origin_place": renewal_of.origin_place,
            "description": renewal_of.description,
        }
        if renewal_of
        else None
    )
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user, renewal_of=renewal_of, **form.cleaned_data
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(request, _("申请草稿已保存，请上传申报材料后提交。"))
            return redirect("cases:edit", pk=case.pk)
    return render(
        request,
        "enterprise/case_form.html",
        {"form": form, "case": None, "renewal_of": renewal_of},
        status=400 if form.errors else 200,
    )


@login_required
def case_edit(request, pk: int):
    """The draft (or the case returned for correction), with autosave and uploads."""
    _enterprise_only(request)
    case = _case(request, pk, fetched=())  # a draft has no officer or certificate to show
    if case.state not in services.EDITABLE_STATES:
        return redirect("cases:detail", pk=case.pk)
    form = ApplicationForm(
        request.POST or None,
        initial={
            "product_name": case.product_name,
            "category": case.category_id,
            "origin_place": case.origin_place,
            "description": case.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.case_update(case=case, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, form, error)
        else:
            if request.POST.get("then") != "submit":
                messages.success(request, _("已保存。"))
                return redirect("cases:edit", pk=case.pk)
            # 保存并提交申报: the same transition as its own page, straight from the form.
            try:
                services.case_transition(case=saved, name="submit", actor=request.user)
            except DomainError as error:
                messages.error(
                    request, _("已保存，但未能提交申报：%(reason)s") % {"reason": error.message}
                )
                return redirect("cases:edit", pk=case.pk)
            messages.success(
                request, _("已完成：%(action)s。") % {"action": wf.RULES["submit"].label}
            )
            return redirect("cases:detail", pk=case.pk)
    kinds = documents.uploadable_kinds(case=case, user=request.user)
    return render(
        request,
        "enterprise/case_form.html",
        {
            "form": form,
            "case": case,
            "documents": documents.documents_shown(case=case, user=request.user),
            "may_read": True,
            "upload_form": DocumentForm(kinds=kinds) if kinds else None,
            "upload_back": "edit",
            # 申报材料清单: the items, done or missing, and a file input per item.
            "materials": (checklist := materials.checklist(case)),
            "materials_form": materials_views.upload_form_for(case, request.user, checklist),
            "may_submit": services.case_may_fire(case=case, name="submit", actor=request.user),
            "history": selectors.case_history_shown(case=case),
            "guidance_share": selectors.open_guidance_share(case=case)
            if case.state == State.DRAFT
            else None,
            "guidance_form": GuidanceRequestForm() if case.state == State.DRAFT else None,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def case_autosave(request, pk: int):
    """自动保存 of the draft form (JSON): saves what is valid, reports what is not."""
    _enterprise_only(request)
    case = _case(request, pk, fetched=())
    form = ApplicationForm(request.POST)
    form.is_valid()
    fields = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    try:
        services.case_update(case=case, actor=request.user, **fields)
    except DomainError as error:
        return JsonResponse({"detail": str(error.message)}, status=error_status(error))
    return JsonResponse(
        {
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "errors": {name: [str(m) for m in msgs] for name, msgs in form.errors.items()},
        }
    )


@login_required
def inbox(request):
    """收件箱: the enterprise's notices, unread first."""
    _enterprise_only(request)
    notices = (
        Notice.objects.filter(enterprise_id=request.user.enterprise_id)
        .select_related("application")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at")[:200]
    )
    return render(request, "enterprise/inbox.html", {"notices": notices})


@login_required
def notice_detail(request, pk: int):
    _enterprise_only(request)
    notice = get_object_or_404(
        Notice.objects.filter(enterprise_id=request.user.enterprise_id).select_related(
            "application"
        ),
        pk=pk,
    )
    services.notice_mark_read(notice=notice, actor=request.user)
    return render(request, "enterprise/notice.html", {"notice": notice})


@login_required
def notice_pdf(request, pk: int):
    _enterprise_only(request)
    notice = get_object_or_404(
        Notice.objects.filter(enterprise_id=request.user.enterprise_id), pk=pk
    )
    if not notice.pdf:
        from .tasks import deliver_notice

        deliver_notice.delay(notice.pk)
        messages.info(request, _("通知书文件正在生成，请稍后再试。"))
        return redirect("cases:notice", pk=notice.pk)
    services.notice_mark_read(notice=notice, actor=request.user)
    return attachment(notice.pdf.open("rb"), f"notice-{notice.pk}.pdf", "application/pdf")
