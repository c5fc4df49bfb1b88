"""Pages of the inspection pilot zone itself (seed 002 §五.2–3) for local governments, bureaus,
HQ, HQ's departments and the operating enterprises: the list, the government's construction
plan, the zone page with the working group's opinions and the transitions the user may fire,
the transition pages, a member department's opinion, the materials. Thin: they read through
selectors, write through services, and show a domain error on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from .forms import OpinionForm, ZoneDocumentForm, ZoneFilterForm, ZoneForm, ZoneTransitionForm
from .programme import PILOT_ZONES
from .workflow import State, Verdict

ROLES = (Role.GOVERNMENT, Role.BUREAU, Role.HQ, Role.HQ_DEPARTMENT, Role.OPERATOR)
STATE_LABELS = dict(State.choices)


def _programme_user(request) -> None:
    """The programme's pages are for the governments, bureaus, HQ, HQ's departments and the
    zone operators only."""
    if request.user.role not in ROLES:
        raise Http404


def _zone(request, pk: int):
    _programme_user(request)
    return get_object_or_404(selectors.zones_visible_to(user=request.user), pk=pk)


def _applicant(request) -> None:
    if request.user.role != Role.GOVERNMENT or request.user.organisation_id is None:
        raise Http404


def _may_edit(zone, user) -> bool:
    return wf.is_applicant(zone, user) and zone.state in services.EDITABLE_STATES


def history_of(zone) -> list[dict]:
    """流转记录: who, when, from → to, reason and comment, oldest first."""
    return history_rows(selectors.zone_history(zone=zone), wf.RULES, STATE_LABELS)


def plan_facts(zone) -> list[tuple]:
    """建设方案's facts as (label, value, long) in the order of the form."""
    facts = []
    for name in services.ZONE_FIELDS:
        if name == "name":
            continue
        field = zone._meta.get_field(name)
        facts.append(
            (field.verbose_name, getattr(zone, name), name in ("functions", "leading_body"))
        )
    return facts


def _upload_form(zone, user):
    kinds = services.zone_uploadable_kinds(zone=zone, user=user)
    return ZoneDocumentForm(kinds=kinds) if kinds else None


def _actions(zone, user) -> list[tuple]:
    return [(name, wf.RULES[name]) for name in PILOT_ZONES.transitions_for(case=zone, actor=user)]


@login_required
def zone_list(request):
    """国检试验区: the zones the user sees, those waiting for the user first."""
    _programme_user(request)
    user = request.user
    form = ZoneFilterForm(request.GET or None)
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    state = getattr(form, "cleaned_data", {}).get("state", "")
    zones = selectors.worklist(user=user)
    if state:
        zones = zones.filter(state=state)
    return render(
        request,
        "staff/pilotzones/zone_list.html",
        {"form": form, "page": list_page(zones, request.GET.get("page"))},
    )


@login_required
def zone_new(request):
    """申请建设: a local government's construction plan (草稿)."""
    _applicant(request)
    form = ZoneForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.zone_create(actor=request.user, **data),
        success=_("申请草稿已保存，请上传建设方案后提交。"),
        then=lambda zone: redirect("pilotzones:edit", pk=zone.pk),
        page=lambda status: render(
            request,
            "staff/pilotzones/zone_form.html",
            {"form": form, "zone": None},
            status=status,
        ),
    )


@login_required
def zone_edit(request, pk: int):
    """The draft, or the application returned for revision, with its materials."""
    zone = _zone(request, pk)
    if not _may_edit(zone, request.user):
        return redirect("pilotzones:detail", pk=zone.pk)
    form = ZoneForm(
        request.POST or None,
        initial={field: getattr(zone, field) for field in services.ZONE_FIELDS},
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
        then=lambda saved: redirect("pilotzones:edit", pk=saved.pk),
        page=lambda status: render(
            request,
            "staff/pilotzones/zone_form.html",
            {
                "form": form,
                "zone": zone,
                "returned": returned if zone.state == State.RETURNED else None,
                "documents": selectors.zone_documents(zone=zone),
                "upload_form": _upload_form(zone, request.user),
                "upload_back": "edit",
                "history": history,
                "may_submit": "submit"
                in PILOT_ZONES.transitions_for(case=zone, actor=request.user),
            },
            status=status,
        ),
    )


@login_required
def zone_detail(request, pk: int):
    zone = _zone(request, pk)
    user = request.user
    return render(
        request,
        "staff/pilotzones/zone_detail.html",
        {
            "zone": zone,
            "facts": plan_facts(zone),
            "opinions": list(selectors.zone_opinions(zone=zone)),
            "opinion_owed": selectors.opinion_awaiting(zone=zone, user=user),
            "documents": selectors.zone_documents(zone=zone),
            "upload_form": _upload_form(zone, user),
            "actions": _actions(zone, user),
            "may_edit": _may_edit(zone, user),
            "history": history_of(zone),
            # What lies beside the zone (_zone_records.html): the practice the user may read,
            # and whether HQ may commend the zone now (a measure found 成效显著).
            "practices": selectors.practices_visible_to(user=user).filter(zone=zone)[:50],
            "may_commend": zone.state in wf.PUBLIC_STATES
            and wf.is_hq_decider(zone, user)
            and selectors.commendable_measures(zone=zone).exists(),
        },
    )


def transition_form(request, zone, name: str):
    """The rule of transition `name` (404 if there is none) and its form for
    ecoorigin.views.action_page: bound on every POST, or None if the transition is not the
    user's to fire (403)."""
    if name not in PILOT_ZONES.rules:
        raise Http404
    rule = PILOT_ZONES.rules[name]
    if not PILOT_ZONES.permitted(zone, name, request.user):
        return rule, None, []
    opinions = list(selectors.zone_opinions(zone=zone)) if "responses" in rule.fields else []
    data = request.POST if request.method == "POST" else None
    form = ZoneTransitionForm(
        data,
        name=name,
        zone=zone,
        objections=[opinion for opinion in opinions if opinion.verdict == Verdict.OBJECT],
    )
    return rule, form, opinions


@login_required
def zone_action(request, pk: int, name: str):
    """One transition: a confirmation page with the fields it needs, then the service."""
    zone = _zone(request, pk)
    rule, form, opinions = transition_form(request, zone, name)
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.zone_transition(
            zone=zone, name=name, actor=request.user, **data
        ),
        then=lambda done: redirect("pilotzones:detail", pk=done.pk),
        page=lambda status: render(
            request,
            "staff/pilotzones/zone_action.html",
            {"zone": zone, "name": name, "rule": rule, "form": form, "opinions": opinions},
            status=status,
        ),
    )


@login_required
def opinion(request, pk: int):
    """验收意见: a member department records its verdict and opinion, once, while the
    acceptance is open."""
    zone = _zone(request, pk)
    user = request.user
    if wf.department_code(user) not in wf.MEMBER_DEPARTMENTS:
        raise Http404
    owed = selectors.opinion_awaiting(zone=zone, user=user)
    form = OpinionForm(request.POST or None) if owed is not None else None

    def page(status):
        return render(
            request,
            "staff/pilotzones/opinion_form.html",
            {"zone": zone, "form": form, "opinions": list(selectors.zone_opinions(zone=zone))},
            status=status,
        )

    if form is None:
        if zone.state != State.ACCEPTANCE:
            message = _("试验区不在验收中，不能填写验收意见。")
        else:
            message = _("贵司局已填写验收意见，不能再修改。")
        messages.error(request, message)
        return page(409)
    return form_page(
        request,
        form,
        call=lambda data: services.acceptance_opinion_record(zone=zone, actor=user, **data),
        success=_("验收意见已提交。"),
        then=lambda row: redirect("pilotzones:detail", pk=zone.pk),
        page=page,
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    zone = _zone(request, pk)
    back = (
        redirect("pilotzones:edit", pk=zone.pk)
        if request.POST.get("back") == "edit" and _may_edit(zone, request.user)
        else redirect("pilotzones:detail", pk=zone.pk)
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
    document = get_object_or_404(selectors.zone_documents(zone=zone), pk=document_id)
    try:
        handle = services.zone_document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
    except DomainError as error:
        raise Http404(error.message) from error
    return attachment(handle, document.original_name, document.content_type)
