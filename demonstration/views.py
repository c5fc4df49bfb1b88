"""Pages of the demonstration-zone programme for HQ, bureaus and local governments (seed 001
§七): the worklist, the application and its self-assessment, the zone page with its actions,
the action pages, materials, the title certificate and the bureaus' provincial standards. Thin:
they read through selectors, write through services, and show a domain error on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, TextField
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from casework.history import history_rows
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import DomainError
from ecoorigin.ratelimit import client_address
from ecoorigin.views import action_page, form_page, list_page, post_and_return

from . import selectors, services
from . import workflow as wf
from .forms import StandardForm, ZoneDocumentForm, ZoneFilterForm, ZoneForm, ZoneTransitionForm
from .models import DemonstrationZone, ZoneAssessment
from .programme import DEMONSTRATION
from .tasks import render_title_pdf
from .workflow import State

ROLES = (Role.HQ, Role.BUREAU, Role.GOVERNMENT)
STATE_LABELS = dict(State.choices)


def _programme_user(request) -> None:
    """The programme's pages are for HQ, bureaus and local governments only."""
    if request.user.role not in ROLES:
        raise Http404


def _zone(request, pk: int):
    _programme_user(request)
    return get_object_or_404(
        selectors.zones_visible_to(user=request.user).select_related("standard"), pk=pk
    )


def _applicant(request) -> None:
    if request.user.role != Role.GOVERNMENT or request.user.organisation_id is None:
        raise Http404


def history_of(zone) -> list[dict]:
    """流转记录: who, when, from → to, reason and comment, oldest first."""
    return history_rows(selectors.zone_history(zone=zone), wf.RULES, STATE_LABELS)


def self_assessment_of(zone) -> list[tuple]:
    """The §四 self-assessment as (heading, [(label, value, kind)]) per condition, in the order
    of the application form."""
    groups = []
    for heading, names in ZoneForm.GROUPS:
        rows = []
        for name in names:
            if name in ("level", "name"):
                continue
            field = DemonstrationZone._meta.get_field(name)
            kind = (
                "bool"
                if isinstance(field, BooleanField)
                else "long"
                if isinstance(field, TextField)
                else "text"
            )
            rows.append((field.verbose_name, getattr(zone, name), kind))
        groups.append((heading, rows))
    return groups


def _upload_form(zone, user):
    kinds = services.zone_uploadable_kinds(zone=zone, user=user)
    return ZoneDocumentForm(kinds=kinds) if kinds else None


@login_required
def zone_list(request):
    """示范区工作台: the zones the user sees, those waiting for the user first."""
    _programme_user(request)
    form = ZoneFilterForm(request.GET or None)
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    zones = selectors.worklist(
        user=request.user, state=filters.get("state", ""), level=filters.get("level", "")
    )
    return render(
        request,
        "staff/demonstration/zone_list.html",
        {
            "form": form,
            "page": list_page(zones, request.GET.get("page")),
            "waiting_count": selectors.zones_visible_to(user=request.user)
            .filter(selectors.waiting_for(user=request.user))
            .count(),
            # 监督检查 (§七.3): inspections proposing to withdraw a title the user may withdraw.
            "withdrawal_proposals": selectors.zone_withdrawal_proposals(user=request.user)[:50],
        },
    )


@login_required
def zone_new(request):
    """新建申请: a local government's application with its §四 self-assessment (草稿)."""
    _applicant(request)
    form = ZoneForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.zone_create(actor=request.user, **data),
        success=_("申请草稿已保存，请上传申请材料后提交。"),
        then=lambda zone: redirect("demonstration:edit", pk=zone.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/zone_form.html",
            {"form": form, "zone": None},
            status=status,
        ),
    )


@login_required
def zone_edit(request, pk: int):
    """The draft, or the application returned for revision, with its materials."""
    zone = _zone(request, pk)
    if not wf.is_applicant(zone, request.user) or zone.state not in services.EDITABLE_STATES:
        return redirect("demonstration:detail", pk=zone.pk)
    form = ZoneForm(
        request.POST or None,
        with_level=False,
        initial={field: getattr(zone, field) for field in services.EDITABLE_FIELDS},
    )
    history = history_of(zone)
    returned = next(
        (row["entry"] for row in reversed(history) if row["entry"].transition == "return"), None
    )
    return form_page(
        request,
        form,
        call=lambda data: services.zone_update(zone=zone, actor=request.user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("demonstration:edit", pk=saved.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/zone_form.html",
            {
                "form": form,
                "zone": zone,
                "returned": returned if zone.state == State.RETURNED else None,
                "documents": selectors.documents_of(zone=zone, user=request.user),
                "upload_form": _upload_form(zone, request.user),
                "upload_back": "edit",
                "history": history,
            },
            status=status,
        ),
    )


@login_required
def zone_detail(request, pk: int):
    zone = _zone(request, pk)
    user = request.user
    assessment = ZoneAssessment.objects.filter(zone=zone).select_related("organised_by").first()
    return render(
        request,
        "staff/demonstration/zone_detail.html",
        {
            "zone": zone,
            "self_assessment": self_assessment_of(zone),
            "assessment": assessment,
            "scores": [
                (label, getattr(assessment, f"score_{code}")) for code, label in wf.CONDITIONS
            ]
            if assessment
            else [],
            "condition_max": wf.CONDITION_MAX,
            "documents": selectors.documents_of(zone=zone, user=user),
            "upload_form": _upload_form(zone, user),
            "actions": [
                (name, wf.RULES[name])
                for name in services.zone_transitions_for(zone=zone, user=user)
            ],
            "may_edit": wf.is_applicant(zone, user) and zone.state in services.EDITABLE_STATES,
            "history": history_of(zone),
            # 年度建设情况报告 (§七.4): those the user reads, and last year's to write if owed.
            "year_reports": selectors.year_reports(user=user).filter(zone=zone)[:50],
            "report_year_owed": selectors.report_year_owed(zone=zone, user=user),
            # 监督检查 (§七.3): the published outcomes of its and its enterprises' inspections.
            "inspection_results": selectors.zone_inspection_results(zone=zone)[:50],
        },
    )


def transition_form(request, programme, case, name: str, form_class, **form_kwargs):
    """The rule of transition `name` (404 if `programme` has none) and its form for
    ecoorigin.views.action_page: bound on every POST, or None if the transition is not the
    user's to fire (403)."""
    if name not in programme.rules:
        raise Http404
    if not programme.permitted(case, name, request.user):
        return programme.rules[name], None
    data = request.POST if request.method == "POST" else None
    return programme.rules[name], form_class(data, name=name, **form_kwargs)


@login_required
def zone_action(request, pk: int, name: str):
    """One transition: a confirmation page with the fields it needs, then the service."""
    zone = _zone(request, pk)
    rule, form = transition_form(request, DEMONSTRATION, zone, name, ZoneTransitionForm)
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.zone_transition(
            zone=zone, name=name, actor=request.user, **data
        ),
        then=lambda done: redirect("demonstration:detail", pk=done.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/zone_action.html",
            {"zone": zone, "name": name, "rule": rule, "form": form},
            status=status,
        ),
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    zone = _zone(request, pk)
    back = (
        redirect("demonstration:edit", pk=zone.pk)
        if request.POST.get("back") == "edit"
        and wf.is_applicant(zone, request.user)
        and zone.state in services.EDITABLE_STATES
        else redirect("demonstration:detail", pk=zone.pk)
    )
    form = ZoneDocumentForm(
        request.POST,
        request.FILES,
        kinds=services.zone_uploadable_kinds(zone=zone, user=request.user),
    )
    return post_and_return(
        request,
        form,
        call=lambda data: services.zone_document_upload(
            zone=zone, actor=request.user, upload=data["file"], kind=data["kind"]
        ),
        success=_("材料已上传。"),
        back=back,
    )


@login_required
def document_download(request, pk: int, document_id: int):
    zone = _zone(request, pk)
    document = get_object_or_404(
        selectors.documents_of(zone=zone, user=request.user), pk=document_id
    )
    try:
        handle = services.zone_document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
    except DomainError as error:
        raise Http404(error.message) from error
    return attachment(handle, document.original_name, document.content_type)


@login_required
def title_pdf(request, pk: int):
    """称号证书 (PDF), once rendered after the designation."""
    zone = _zone(request, pk)
    if zone.number is None:
        raise Http404
    if not zone.certificate_pdf:
        render_title_pdf.delay(zone.pk)
        messages.info(request, _("证书文件正在生成，请稍后刷新页面再下载。"))
        return redirect("demonstration:detail", pk=zone.pk)
    return attachment(zone.certificate_pdf.open("rb"), f"{zone.number}.pdf", "application/pdf")


@login_required
def standards(request):
    """省级示范区评估标准: a bureau publishes a new version and sees its own; HQ reads them all."""
    user = request.user
    if user.role not in (Role.BUREAU, Role.HQ):
        raise Http404
    form = StandardForm(request.POST or None) if user.role == Role.BUREAU else None
    if form is None and request.method == "POST":
        raise Http404

    def page(status):
        return render(
            request,
            "staff/demonstration/standards.html",
            {"form": form, "standards": selectors.standards_visible_to(user=user)[:200]},
            status=status,
        )

    if form is None:
        return page(200)
    return form_page(
        request,
        form,
        call=lambda data: services.standard_publish(actor=user, **data),
        success=lambda standard: (
            _("已发布评估标准第 %(version)s 版。") % {"version": standard.version}
        ),
        then=lambda standard: redirect("demonstration:standards"),
        page=page,
    )
