"""Pages of what lies beside a pilot zone (seed 002 §三, §四.4, §五.3), for HQ, its departments,
the bureaus, the local governments and the zones' operators: innovation measures (创新措施, 报批
when beyond the rules) with HQ's 督查评估, commendations (通报表扬) and the replicable practice
(可复制推广经验) with where other bureaus adopted it. Thin: they read through the selectors (404
for what the viewer may not see), write through the services, and show a domain error on the
page with its status, nothing changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.history import history_rows
from ecoorigin.views import action_page, form_page, list_page

from . import selectors, services
from . import workflow as wf
from .programme import PILOT_MEASURES, PILOT_PRACTICES
from .record_forms import (
    AdoptionForm,
    AssessmentForm,
    CommendationForm,
    MeasureFilterForm,
    MeasureForm,
    MeasureTransitionForm,
    PracticeFilterForm,
    PracticeForm,
    PracticeTransitionForm,
)
from .workflow import Effect, MeasureState, PracticeState

# Who works with the zones (selectors.zones_visible_to): anyone else has no measure pages.
ROLES = (Role.HQ, Role.HQ_DEPARTMENT, Role.BUREAU, Role.GOVERNMENT, Role.OPERATOR)
MEASURE_STATES = dict(MeasureState.choices)
PRACTICE_STATES = dict(PracticeState.choices)
ASSESSABLE = (MeasureState.RUNNING, MeasureState.ENDED)
PRACTICE_EDITABLE = (PracticeState.DRAFT, PracticeState.RETURNED)


def _programme_user(request) -> None:
    if request.user.role not in ROLES:
        raise Http404


def _zone(request, pk: int):
    _programme_user(request)
    return get_object_or_404(selectors.zones_visible_to(user=request.user), pk=pk)


def _measure(request, measure_id: int):
    _programme_user(request)
    return get_object_or_404(selectors.measures_visible_to(user=request.user), pk=measure_id)


def _practice(request, practice_id: int):
    return get_object_or_404(selectors.practices_visible_to(user=request.user), pk=practice_id)


def _filtered(form) -> dict:
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}


def _refused(request, template: str, context: dict, message: str, status: int = 403):
    """The page without its form, saying why: nothing is done."""
    messages.error(request, message)
    return render(request, template, {**context, "form": None}, status=status)


def may_register_measures(zone, user) -> bool:
    """The zone's bureau or its local government, once the zone is approved."""
    return wf.may_register_measures(zone, user) and zone.state in wf.PUBLIC_STATES


def may_edit_measure(measure, user) -> bool:
    return wf.may_register_measures(measure.zone, user) and measure.state == MeasureState.REGISTERED


def may_adopt(practice, user) -> bool:
    """Another bureau than the source zone's, on a practice of the library."""
    return (
        user.role == Role.BUREAU
        and user.bureau_id is not None
        and user.bureau_id != practice.zone.bureau_id
        and practice.state == PracticeState.ACCEPTED
    )


def _transition_form(request, programme, case, name: str, form_class):
    """The rule of transition `name` (404 if `programme` has none) and its form for
    ecoorigin.views.action_page: bound on every POST, or None if the transition is not the
    user's to fire (403)."""
    if name not in programme.rules:
        raise Http404
    if not programme.permitted(case, name, request.user):
        return programme.rules[name], None
    data = request.POST if request.method == "POST" else None
    return programme.rules[name], form_class(data, name=name)


def _action(request, case, name, programme, form_class, *, template, back, fire):
    rule, form = _transition_form(request, programme, case, name, form_class)
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: fire(name=name, actor=request.user, **data),
        then=lambda done: redirect(back),
        page=lambda status: render(
            request,
            template,
            {
                "subject": case,
                "zone": case.zone,
                "back": {"url": back, "label": str(case)},
                "name": name,
                "rule": rule,
                "form": form,
            },
            status=status,
        ),
    )


# ---------------------------------------------------------------- 创新措施


@login_required
def measure_list(request):
    """创新措施: those of the zones the viewer sees; HQ and 通关司 find the 报批中 first."""
    _programme_user(request)
    user = request.user
    form = MeasureFilterForm(request.GET or None)
    filters = _filtered(form)
    measures = selectors.measures_visible_to(user=user)
    if "zone" in filters:
        filters["zone_id"] = filters.pop("zone")
    measures = measures.filter(**filters).order_by("-pk")
    decider = wf.is_hq_decider(None, user)
    return render(
        request,
        "staff/pilotzones/measure_list.html",
        {
            "form": form,
            "page": list_page(measures, request.GET.get("page")),
            "pending_count": selectors.measures_visible_to(user=user)
            .filter(state=MeasureState.PENDING_APPROVAL)
            .count()
            if decider
            else None,
            "zone": selectors.zones_visible_to(user=user).filter(pk=filters["zone_id"]).first()
            if "zone_id" in filters
            else None,
        },
    )


@login_required
def measure_new(request, pk: int):
    """登记创新措施: the zone's bureau or local government, on an approved zone."""
    zone = _zone(request, pk)
    user = request.user
    context = {"zone": zone, "measure": None}
    template = "staff/pilotzones/measure_form.html"
    if not (wf.is_jurisdiction_bureau(zone, user) or wf.is_applicant(zone, user)):
        return _refused(
            request, template, context, _("只有试验区的辖区直属局或地方政府可以登记创新措施。")
        )
    if zone.state not in wf.PUBLIC_STATES:
        return _refused(
            request, template, context, _("试验区批准建设后才能登记创新措施。"), status=409
        )
    form = MeasureForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.measure_create(zone=zone, actor=user, **data),
        success=_("创新措施已登记。"),
        then=lambda measure: redirect("pilotzones:measure_detail", measure_id=measure.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )


@login_required
def measure_edit(request, measure_id: int):
    """A registered measure, edited by the zone's bureau or government until reported or run."""
    measure = _measure(request, measure_id)
    user = request.user
    context = {"zone": measure.zone, "measure": measure}
    template = "staff/pilotzones/measure_form.html"
    if not (wf.is_jurisdiction_bureau(measure.zone, user) or wf.is_applicant(measure.zone, user)):
        return _refused(
            request, template, context, _("只有试验区的辖区直属局或地方政府可以修改创新措施。")
        )
    if measure.state != MeasureState.REGISTERED:
        return _refused(
            request, template, context, _("只有尚未报批或实施的措施可以修改。"), status=409
        )
    form = MeasureForm(
        request.POST or None,
        initial={field: getattr(measure, field) for field in services.MEASURE_FIELDS},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.measure_update(measure=measure, actor=user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("pilotzones:measure_detail", measure_id=saved.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )


@login_required
def measure_detail(request, measure_id: int):
    """A measure: its facts, history, 督查评估 and what the viewer may do."""
    measure = _measure(request, measure_id)
    user = request.user
    assessor = wf.is_hq_decider(measure, user) and measure.state in ASSESSABLE
    return render(
        request,
        "staff/pilotzones/measure_detail.html",
        {
            "measure": measure,
            "zone": measure.zone,
            "actions": [
                (name, wf.MEASURE_RULES[name])
                for name in PILOT_MEASURES.transitions_for(case=measure, actor=user)
            ],
            "may_edit": may_edit_measure(measure, user),
            "assessments": selectors.measure_assessments(measure=measure)[:200],
            # A measure found 成效显著 may earn its zone a commendation (§五.3).
            "may_commend": wf.is_hq_decider(measure, user)
            and measure.zone.state in wf.PUBLIC_STATES
            and measure.assessments.filter(effect=Effect.MARKED).exists(),
            "assessment_form": AssessmentForm() if assessor else None,
            "commendations": measure.commendations.order_by("-issued_on", "-pk")[:50],
            "history": history_rows(
                selectors.measure_history(measure=measure), wf.MEASURE_RULES, MEASURE_STATES
            ),
        },
    )


@login_required
def measure_action(request, measure_id: int, name: str):
    """One transition of a measure: 报批, 批准, 不予批准, 开始实施, 停止实施 (403 not the viewer's
    to fire, 409 not from this state, 400 bad input; nothing changed on any of them)."""
    measure = _measure(request, measure_id)
    return _action(
        request,
        measure,
        name,
        PILOT_MEASURES,
        MeasureTransitionForm,
        template="staff/pilotzones/measure_action.html",
        back=reverse("pilotzones:measure_detail", args=(measure.pk,)),
        fire=lambda **data: services.measure_transition(measure=measure, **data),
    )


@login_required
def measure_assess(request, measure_id: int):
    """督查评估: HQ or 通关司 records a running or ended measure's effect (final)."""
    measure = _measure(request, measure_id)
    user = request.user
    context = {"measure": measure, "zone": measure.zone}
    template = "staff/pilotzones/measure_assess.html"
    if not wf.is_hq_decider(measure, user):
        return _refused(request, template, context, _("只有总局可以对创新措施进行督查评估。"))
    form = AssessmentForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.measure_assess(
            measure=measure,
            actor=user,
            effect=data["effect"],
            findings=data["findings"],
            assessed_on=data.get("assessed_on"),
        ),
        success=_("督查评估已记录。"),
        then=lambda assessment: redirect("pilotzones:measure_detail", measure_id=measure.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )


# ---------------------------------------------------------------- 通报表扬


@login_required
def commendation_list(request):
    """通报表扬: every commendation HQ issued (public once issued)."""
    _programme_user(request)
    return render(
        request,
        "staff/pilotzones/commendation_list.html",
        {
            "page": list_page(selectors.public_commendations(), request.GET.get("page")),
            "decider": wf.is_hq_decider(None, request.user),
        },
    )


@login_required
def commendation_new(request, pk: int):
    """通报表扬 of a zone by HQ or 通关司, citing measures 督查评估 found 成效显著."""
    zone = _zone(request, pk)
    user = request.user
    context = {"zone": zone}
    template = "staff/pilotzones/commendation_form.html"
    if not wf.is_hq_decider(zone, user):
        return _refused(request, template, context, _("只有总局可以通报表扬试验区。"))
    measures = list(selectors.commendable_measures(zone=zone)[:500])
    form = CommendationForm(request.POST or None, measures=measures)
    return form_page(
        request,
        form,
        call=lambda data: services.commendation_issue(zone=zone, actor=user, **data),
        success=_("通报表扬已发布。"),
        then=lambda commendation: redirect("pilotzones:commendation_list"),
        page=lambda status: render(
            request, template, {**context, "form": form, "measures": measures}, status=status
        ),
    )


# ---------------------------------------------------------------- 可复制推广经验


@login_required
def practice_list(request):
    """可复制推广经验: the viewer's bureau's own (drafts too), those submitted to HQ, and the
    library."""
    user = request.user
    form = PracticeFilterForm(request.GET or None)
    filters = _filtered(form)
    if "zone" in filters:
        filters["zone_id"] = filters.pop("zone")
    practices = selectors.practices_visible_to(user=user).filter(**filters).order_by("-pk")
    decider = wf.is_hq_decider(None, user)
    return render(
        request,
        "staff/pilotzones/practice_list.html",
        {
            "form": form,
            "page": list_page(practices, request.GET.get("page")),
            "submitted_count": selectors.practices_visible_to(user=user)
            .filter(state=PracticeState.SUBMITTED)
            .count()
            if decider
            else None,
            "zone": selectors.zones_visible_to(user=user).filter(pk=filters["zone_id"]).first()
            if "zone_id" in filters
            else None,
        },
    )


def _practice_measures(zone):
    return zone.measures.order_by("pk")[:500]


@login_required
def practice_new(request, pk: int):
    """The zone's bureau drafts a practice drawn from an approved zone."""
    zone = _zone(request, pk)
    user = request.user
    context = {"zone": zone, "practice": None}
    template = "staff/pilotzones/practice_form.html"
    if not wf.is_jurisdiction_bureau(zone, user):
        return _refused(
            request, template, context, _("只有试验区的辖区直属局可以报送可复制推广经验。")
        )
    if zone.state not in wf.PUBLIC_STATES:
        return _refused(
            request, template, context, _("试验区批准建设后才能报送其经验。"), status=409
        )
    form = PracticeForm(request.POST or None, measures=_practice_measures(zone))
    return form_page(
        request,
        form,
        call=lambda data: services.practice_create(zone=zone, actor=user, **data),
        success=_("经验已保存为草稿，核对后报送总局。"),
        then=lambda practice: redirect("pilotzones:practice_detail", practice_id=practice.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )


@login_required
def practice_edit(request, practice_id: int):
    """The bureau edits its draft, or a practice HQ returned for revision."""
    practice = _practice(request, practice_id)
    user = request.user
    context = {"zone": practice.zone, "practice": practice}
    template = "staff/pilotzones/practice_form.html"
    if not wf.is_practice_bureau(practice, user):
        return _refused(request, template, context, _("只有报送的直属局可以修改经验。"))
    if practice.state not in PRACTICE_EDITABLE:
        return _refused(
            request, template, context, _("只有草稿或退回修改的经验可以修改。"), status=409
        )
    initial = {field: getattr(practice, field) for field in services.PRACTICE_FIELDS[:-1]}
    initial["measures"] = list(practice.measures.values_list("pk", flat=True))
    form = PracticeForm(
        request.POST or None, initial=initial, measures=_practice_measures(practice.zone)
    )
    return form_page(
        request,
        form,
        call=lambda data: services.practice_update(practice=practice, actor=user, **data),
        success=_("已保存。"),
        then=lambda saved: redirect("pilotzones:practice_detail", practice_id=saved.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )


@login_required
def practice_detail(request, practice_id: int):
    practice = _practice(request, practice_id)
    user = request.user
    history = history_rows(
        selectors.practice_history(practice=practice), wf.PRACTICE_RULES, PRACTICE_STATES
    )
    returned = next(
        (row["entry"] for row in reversed(history) if row["entry"].transition == "return"), None
    )
    return render(
        request,
        "staff/pilotzones/practice_detail.html",
        {
            "practice": practice,
            "zone": practice.zone,
            # The zone's measures it draws on, those the viewer sees.
            "measures": practice.measures.filter(
                zone__in=selectors.zones_visible_to(user=user).values("pk")
            ).order_by("pk")[:100],
            "actions": [
                (name, wf.PRACTICE_RULES[name])
                for name in PILOT_PRACTICES.transitions_for(case=practice, actor=user)
            ],
            "may_edit": wf.is_practice_bureau(practice, user)
            and practice.state in PRACTICE_EDITABLE,
            "returned": returned if practice.state == PracticeState.RETURNED else None,
            "adoptions": selectors.practice_adoptions(practice=practice)[:200],
            "adoption_form": AdoptionForm() if may_adopt(practice, user) else None,
            "history": history,
        },
    )


@login_required
def practice_action(request, practice_id: int, name: str):
    """One transition of a practice: 报送总局, 退回修改, 收入经验库, 撤出经验库."""
    practice = _practice(request, practice_id)
    return _action(
        request,
        practice,
        name,
        PILOT_PRACTICES,
        PracticeTransitionForm,
        template="staff/pilotzones/practice_action.html",
        back=reverse("pilotzones:practice_detail", args=(practice.pk,)),
        fire=lambda **data: services.practice_transition(practice=practice, **data),
    )


@login_required
def practice_adopt(request, practice_id: int):
    """复制推广: another bureau records where it adopted a practice of the library."""
    practice = _practice(request, practice_id)
    user = request.user
    context = {"practice": practice, "zone": practice.zone}
    template = "staff/pilotzones/practice_adopt.html"
    if user.role != Role.BUREAU or user.bureau_id == practice.zone.bureau_id:
        return _refused(
            request, template, context, _("只有经验来源地以外的直属局可以登记复制推广情况。")
        )
    if practice.state != PracticeState.ACCEPTED:
        return _refused(request, template, context, _("只能复制推广经验库中的经验。"), status=409)
    form = AdoptionForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.practice_adopt(
            practice=practice,
            actor=user,
            place=data["place"],
            note=data["note"],
            adopted_on=data.get("adopted_on"),
        ),
        success=_("复制推广情况已登记。"),
        then=lambda adoption: redirect("pilotzones:practice_detail", practice_id=practice.pk),
        page=lambda status: render(request, template, {**context, "form": form}, status=status),
    )
