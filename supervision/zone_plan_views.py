"""片区计划 and 派员配合 pages (seed 000 §10, §二.2; ADR 0020): the lead bureau makes a plan for
its zone and sees its members' consents, a member bureau consents (同意) or refuses (不同意),
the lead withdraws (撤回); a bureau sees which of its staff were drawn for plans it does not
manage, and when, without their targets or teams. Thin: reads through the selectors (404 for
what the user may not see), writes through the services, a refused step answers on the plan's
page with its status (400, 403, 409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from ecoorigin.exceptions import DomainError
from ecoorigin.views import error_status, form_page, list_page

from . import selectors, services
from .models import InspectionPlan
from .views import _plan, _plan_page
from .zone_plan_forms import ConsentForm, WithdrawForm, ZonePlanForm


def zone_plan_context(request, plan: InspectionPlan) -> dict:
    """What a plan's page adds for a zone plan: the consents, and the forms the user may use
    (a member bureau awaiting its answer: consent; the lead: withdraw)."""
    if plan.organising_zone_id is None:
        return {}
    user = request.user
    consents = selectors.plan_consents(user=user, plan=plan)
    open_plan = plan.withdrawn_at is None and plan.status == InspectionPlan.Status.PLANNED
    awaiting = open_plan and any(
        row["bureau"].pk == user.bureau_id and row["record"] is None for row in consents
    )
    missing = [row["bureau"] for row in consents if row["record"] is None]
    refused = any(row["record"] and row["record"].decision == "refuse" for row in consents)
    blocked = plan.withdrawn_at is not None or refused or bool(missing)
    return {
        # Not offered until every member bureau has consented (the service says 409 anyway).
        **({"may_draw": False} if blocked else {}),
        "zone_plan": True,
        "consents": consents,
        "consents_missing": missing,
        "consent_form": ConsentForm() if awaiting else None,
        "withdraw_form": WithdrawForm()
        if open_plan and services.may_manage(plan=plan, user=user)
        else None,
    }


@login_required
def zone_plan_new(request):
    """制定片区抽查计划: a lead bureau (牵头单位) for its zone; anyone else finds no page."""
    if request.user.role != Role.BUREAU or not services.zones_led_by(user=request.user).exists():
        raise Http404
    form = ZonePlanForm(*((request.POST,) if request.method == "POST" else ()), user=request.user)
    return form_page(
        request,
        form,
        call=lambda data: services.plan_create(
            actor=request.user,
            **form.plan_fields(),
            zone=data["organising_zone"],
            categories=list(data["categories"]),
            draw_at=data["draw_at"],
        ),
        success=_("片区抽查计划已制定，待片区各成员单位同意后才能封存候选名单、抽取。"),
        then=lambda plan: redirect("supervision:plan", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/supervision/zone_plan_form.html",
            {"form": form, "tab": "plans"},
            status=status,
        ),
    )


@login_required
@require_POST
def plan_consent(request, pk: int):
    """同意 or 不同意 of a zone plan by a member bureau (the button pressed says which)."""
    plan = _plan(request, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求未能完成。"))
        return _plan_page(request, plan, status=400)
    try:
        services.plan_consent_record(
            plan=plan,
            actor=request.user,
            consent=form.cleaned_data["decision"] == "consent",
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        for field_messages in error.field_errors.values():
            for message in field_messages:
                messages.error(request, message)
        if not error.field_errors:
            messages.error(request, error.message)
        return _plan_page(request, plan, status=error_status(error))
    messages.success(request, _("本单位的意见已记录。"))
    return redirect("supervision:plan", pk=plan.pk)


@login_required
@require_POST
def plan_withdraw(request, pk: int):
    """撤回 a zone plan, by its lead, with the reason."""
    plan = _plan(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤回理由。"))
        return _plan_page(request, plan, status=400)
    try:
        services.plan_withdraw(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
        return _plan_page(request, plan, status=error_status(error))
    messages.success(request, _("片区抽查计划已撤回。"))
    return redirect("supervision:plan", pk=plan.pk)


@login_required
def dispatched_staff(request):
    """派员配合: which of the bureau's staff were drawn for HQ's and zones' plans, and when."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404
    return render(
        request,
        "staff/supervision/dispatched.html",
        {
            "page": list_page(
                selectors.staff_dispatched_for(user=request.user), request.GET.get("page")
            ),
            "awaiting": list(selectors.zone_plans_awaiting(user=request.user)[:50]),
            "tab": "dispatched",
        },
    )
