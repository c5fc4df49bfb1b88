"""Pages of a designated zone's enterprises (入区企业, 示范企业: seed 001 §三.5, §六.3) and of
their quality archive (质量档案与责任追溯, §六.6), for HQ, the zone's bureau and its local
government; anyone else gets 404. Thin, like the zone's pages: they read through selectors,
write through services and show a domain error on the page with its status."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.history import history_rows
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import DomainError
from ecoorigin.ratelimit import client_address
from ecoorigin.views import action_page, form_page, list_page, post_and_return

from . import selectors, services
from . import workflow as wf
from .forms import (
    ArchiveDocumentForm,
    ArchiveEventForm,
    ArchiveFilterForm,
    ArchiveTransitionForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    EnterpriseTransitionForm,
)
from .models import ZoneEnterprise
from .programme import DEMONSTRATION_ARCHIVE, DEMONSTRATION_ENTERPRISE
from .views import _zone, transition_form
from .workflow import EnterpriseState, EventState, State

ENTERPRISE_STATES = dict(EnterpriseState.choices)
EVENT_STATES = dict(EventState.choices)


def _filtered(form) -> dict:
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}


def _forbidden(request, template: str, context: dict):
    messages.error(request, _("您无权执行此操作。"))
    return render(request, template, {**context, "form": None}, status=403)


def _enterprise(request, pk: int, enterprise_id: int):
    zone = _zone(request, pk)
    enterprise = get_object_or_404(
        selectors.enterprises_of(zone=zone, user=request.user), pk=enterprise_id
    )
    return zone, enterprise


def _event(request, pk: int, event_id: int):
    zone = _zone(request, pk)
    event = get_object_or_404(selectors.archive_of(zone=zone, user=request.user), pk=event_id)
    return zone, event


def _action(request, zone, case, name, programme, form_class, *, back, fire, **form_kwargs):
    """The action page of an enterprise's or an archive event's transition (case_action.html),
    back to the case's page; `fire(name=, actor=, **fields)` is its service."""
    rule, form = transition_form(request, programme, case, name, form_class, **form_kwargs)
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: fire(name=name, actor=request.user, **data),
        then=lambda done: redirect(back),
        page=lambda status: render(
            request,
            "staff/demonstration/case_action.html",
            {
                "zone": zone,
                "subject": case,
                "state_display": case.get_state_display(),
                "back": {"url": back, "label": str(case)},
                "name": name,
                "rule": rule,
                "form": form,
            },
            status=status,
        ),
    )


# ---------------------------------------------------------------- 入区企业


@login_required
def enterprise_list(request, pk: int):
    """入区企业 of a zone: proposals, members, 示范企业 and those that left."""
    zone = _zone(request, pk)
    form = EnterpriseFilterForm(request.GET or None)
    enterprises = selectors.enterprises_of(zone=zone, user=request.user).filter(**_filtered(form))
    return render(
        request,
        "staff/demonstration/enterprise_list.html",
        {
            "zone": zone,
            "form": form,
            "page": list_page(enterprises, request.GET.get("page")),
            "may_propose": wf.is_applicant(zone, request.user) and zone.state == State.DESIGNATED,
        },
    )


@login_required
def enterprise_new(request, pk: int):
    """拟入区: the zone's local government proposes an enterprise for admission."""
    zone = _zone(request, pk)
    context = {"zone": zone, "heading": _("提出企业入区"), "back": "enterprises"}
    if not wf.is_applicant(zone, request.user):
        return _forbidden(request, "staff/demonstration/simple_form.html", context)
    form = EnterpriseForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.enterprise_propose(zone=zone, actor=request.user, **data),
        success=_("已提出入区，待辖区直属局审核。"),
        then=lambda enterprise: redirect(
            "demonstration:enterprise_detail", pk=zone.pk, enterprise_id=enterprise.pk
        ),
        page=lambda status: render(
            request,
            "staff/demonstration/simple_form.html",
            {**context, "form": form},
            status=status,
        ),
    )


@login_required
def enterprise_detail(request, pk: int, enterprise_id: int):
    zone, enterprise = _enterprise(request, pk, enterprise_id)
    user = request.user
    return render(
        request,
        "staff/demonstration/enterprise_detail.html",
        {
            "zone": zone,
            "enterprise": enterprise,
            "actions": [
                (name, wf.ENTERPRISE_RULES[name])
                for name in services.enterprise_transitions_for(enterprise=enterprise, user=user)
            ],
            "events": selectors.archive_of(zone=zone, user=user).filter(enterprise=enterprise)[
                :200
            ],
            "may_open_event": wf.is_jurisdiction_bureau(zone, user)
            and enterprise.state not in (EnterpriseState.PROPOSED, EnterpriseState.DECLINED),
            "history": history_rows(
                selectors.enterprise_history(enterprise=enterprise),
                wf.ENTERPRISE_RULES,
                ENTERPRISE_STATES,
            ),
        },
    )


@login_required
def enterprise_action(request, pk: int, enterprise_id: int, name: str):
    """One transition of an enterprise: a confirmation page with what it needs, then the
    service (403 not the viewer's to fire, 409 not from this state, 400 bad input)."""
    zone, enterprise = _enterprise(request, pk, enterprise_id)
    return _action(
        request,
        zone,
        enterprise,
        name,
        DEMONSTRATION_ENTERPRISE,
        EnterpriseTransitionForm,
        back=reverse("demonstration:enterprise_detail", args=(zone.pk, enterprise.pk)),
        fire=partial(services.enterprise_transition, enterprise=enterprise),
    )


# ---------------------------------------------------------------- 质量档案


@login_required
def archive_list(request, pk: int):
    """质量档案 of a zone's enterprises: every event, those still open first."""
    zone = _zone(request, pk)
    form = ArchiveFilterForm(request.GET or None)
    events = selectors.archive_of(zone=zone, user=request.user).filter(**_filtered(form))
    return render(
        request,
        "staff/demonstration/archive_list.html",
        {
            "zone": zone,
            "form": form,
            "page": list_page(events, request.GET.get("page")),
            "may_open": wf.is_jurisdiction_bureau(zone, request.user),
        },
    )


def _archive_members(zone):
    """The enterprises of a zone that have a quality file: admitted, still in or gone since."""
    return (
        ZoneEnterprise.objects.filter(zone=zone, admitted_at__isnull=False)
        .exclude(state__in=[EnterpriseState.PROPOSED, EnterpriseState.DECLINED])
        .order_by("name", "pk")
    )


@login_required
def archive_new(request, pk: int):
    """The zone's bureau opens an event in an enterprise's quality file."""
    zone = _zone(request, pk)
    context = {"zone": zone, "heading": _("建立质量档案事件"), "back": "archive"}
    if not wf.is_jurisdiction_bureau(zone, request.user):
        return _forbidden(request, "staff/demonstration/simple_form.html", context)
    initial = {}
    if (chosen := request.GET.get("enterprise", "")).isdigit():
        initial["enterprise"] = int(chosen)
    form = ArchiveEventForm(
        request.POST or None, initial=initial, enterprises=_archive_members(zone)[:2000]
    )
    return form_page(
        request,
        form,
        call=lambda data: services.event_open(zone=zone, actor=request.user, **data),
        success=_("质量档案事件已建立。"),
        then=lambda event: redirect("demonstration:archive_detail", pk=zone.pk, event_id=event.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/simple_form.html",
            {**context, "form": form},
            status=status,
        ),
    )


@login_required
def archive_detail(request, pk: int, event_id: int):
    zone, event = _event(request, pk, event_id)
    kinds = services.event_uploadable_kinds(event=event, user=request.user)
    return render(
        request,
        "staff/demonstration/archive_detail.html",
        {
            "zone": zone,
            "event": event,
            "actions": [
                (name, wf.ARCHIVE_RULES[name])
                for name in services.event_transitions_for(event=event, user=request.user)
            ],
            "documents": selectors.event_documents_of(event=event, user=request.user),
            "upload_form": ArchiveDocumentForm(kinds=kinds) if kinds else None,
            "history": history_rows(
                selectors.event_history(event=event), wf.ARCHIVE_RULES, EVENT_STATES
            ),
        },
    )


@login_required
@require_POST
def archive_document_upload(request, pk: int, event_id: int):
    """A material of the event, added by the zone's bureau (the service says which kind when);
    back on the event's page with what happened."""
    zone, event = _event(request, pk, event_id)
    form = ArchiveDocumentForm(
        request.POST,
        request.FILES,
        kinds=services.event_uploadable_kinds(event=event, user=request.user),
    )
    return post_and_return(
        request,
        form,
        call=lambda data: services.event_document_upload(
            event=event, actor=request.user, upload=data["file"], kind=data["kind"]
        ),
        success=_("材料已上传。"),
        back=redirect("demonstration:archive_detail", pk=zone.pk, event_id=event.pk),
    )


@login_required
def archive_document_download(request, pk: int, event_id: int, document_id: int):
    """A material as an attachment, for whoever sees the event; every read is logged."""
    _zone_shown, event = _event(request, pk, event_id)
    document = get_object_or_404(
        selectors.event_documents_of(event=event, user=request.user), pk=document_id
    )
    try:
        handle = services.event_document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
    except DomainError as error:
        raise Http404(error.message) from error
    return attachment(handle, document.original_name, document.content_type)


@login_required
def archive_action(request, pk: int, event_id: int, name: str):
    """One step of an archive event: investigate, classify, record the actions, close."""
    zone, event = _event(request, pk, event_id)
    return _action(
        request,
        zone,
        event,
        name,
        DEMONSTRATION_ARCHIVE,
        ArchiveTransitionForm,
        back=reverse("demonstration:archive_detail", args=(zone.pk, event.pk)),
        fire=partial(services.event_transition, event=event),
        cause=event.cause,
    )
