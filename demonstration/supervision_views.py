"""监督检查 of demonstration zones (seed 001 §七.3): HQ's and the bureaus' double-random plans over
zones or their enterprises, the draw (the candidate lists committed before a declared lottery
draws, then its numbers entered: casework.draws), the draw data's reveal, the verification, the publication, the drawn staff's inspections and the public results.
Thin, as eco-origin's supervision pages (supervision.views): reads through the selectors (404 for
what the user may not see), writes through the services, and a domain error becomes a message on
the page with status 400, 403 or 409. A draw's targets and teams are shown only as
selectors.zone_plan_targets_for allows."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from casework import draws
from ecoorigin.exceptions import DomainError
from ecoorigin.middleware import public_page
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import error_status, form_page, list_page

from . import selectors, services
from .models import DemonstrationZone, ZoneEnterprise, ZoneInspection, ZoneInspectionPlan
from .supervision_forms import ZoneInspectionForm, ZonePlanForm


def _staff_only(request) -> None:
    """HQ and bureau staff make and list plans; everyone else: the page does not exist."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


def _bound(request) -> tuple:
    """A form's data: bound on every POST, even an empty one (so that it says what is missing)."""
    return (request.POST,) if request.method == "POST" else (None,)


def _plan(request, pk: int) -> ZoneInspectionPlan:
    return get_object_or_404(selectors.zone_plans_visible_to(user=request.user), pk=pk)


def _by_zones(plan: ZoneInspectionPlan) -> bool:
    return plan.subject == ZoneInspectionPlan.Subject.ZONES


def _case_of(plan: ZoneInspectionPlan, target) -> int:
    """The id the draw knows a target by: its zone's, or its enterprise's."""
    return target.zone_id if _by_zones(plan) else target.enterprise_id


def _shortfall_lines(plan: ZoneInspectionPlan, targets) -> list[str]:
    """The draw's shortfalls in plain words (the managers see every target)."""
    return draws.shortfall_lines(
        plan,
        names={
            _case_of(plan, t): (t.zone if _by_zones(plan) else t.enterprise).name for t in targets
        },
        few_candidates=_(
            "候选对象不足：计划抽取 %(wanted)s 个检查对象，但范围内符合条件的对象只有 "
            "%(available)s 个，已全部抽取。"
        ),
        own_bureau=_("、被检示范区所在直属局人员"),
        no_candidates=_("范围内没有符合条件的检查对象，未抽取到检查对象。"),
    )


def _team_short(plan: ZoneInspectionPlan, targets) -> set[int]:
    """The targets whose team the draw could not fill."""
    short = draws.short_teams(plan)
    return {t.pk for t in targets if _case_of(plan, t) in short}


def _plan_page(request, plan: ZoneInspectionPlan, *, status: int = 200):
    """The plan page; also the answer, with the message and its status, to a refused action."""
    user = request.user
    manages = selectors.zone_plan_may_manage(plan=plan, user=user)
    targets = []
    if plan.drawn_at is not None:
        targets = list(
            selectors.zone_plan_targets_for(user=user, plan=plan).prefetch_related(
                "inspectors__bureau"
            )
        )
        if targets or manages:
            selectors.zone_draw_view_log(user=user, plan=plan, via="web")
    return render(
        request,
        "staff/demonstration/supervision/plan_detail.html",
        {
            "plan": plan,
            "manages": manages,
            "targets": targets,
            "team_short": _team_short(plan, targets) if manages else set(),
            "shortfalls": _shortfall_lines(plan, targets) if manages else [],
            **draws.page_actions(plan, manages=manages),
            "zone_ids": set(
                selectors.zones_visible_to(user=user)
                .filter(pk__in={t.zone_id for t in targets})
                .values_list("pk", flat=True)
            )
            if targets
            else set(),
        },
        status=status,
    )


# The steps a manager takes on a plan's page (casework.draws.PlanPages).
PAGES = draws.PlanPages(plan=_plan, page=_plan_page, url="demonstration:supervision_plan")


@login_required
def plan_list(request):
    """示范区双随机抽查计划: the plans the user may see, the latest inspection date first."""
    _staff_only(request)
    return render(
        request,
        "staff/demonstration/supervision/plan_list.html",
        {
            "page": list_page(
                selectors.zone_plans_visible_to(user=request.user), request.GET.get("page")
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
def plan_new(request):
    """制定抽查计划, declaring the lottery draw whose numbers will decide it (ADR 0009)."""
    _staff_only(request)
    form = ZonePlanForm(*_bound(request), user=request.user)
    return form_page(
        request,
        form,
        call=lambda data: services.zone_plan_create(
            actor=request.user, **form.plan_fields(), subject=data["subject"], level=data["level"]
        ),
        success=_(
            "抽查计划已制定。请在开奖日期之前封存候选名单，开奖后录入开奖号码即完成抽取；"
            "抽取结果在检查实施前保密。"
        ),
        then=lambda plan: redirect("demonstration:supervision_plan", pk=plan.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/supervision/plan_form.html",
            {"form": form},
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
    the declared lottery draws; a plan committed already is refused (409)."""
    return PAGES.step(
        request,
        pk,
        services.zone_plan_request_draw,
        _("候选名单已封存，承诺值已公布。开奖后须录入开奖号码，录入后才会抽取。"),
    )


@login_required
@require_POST
def plan_beacon(request, pk: int):
    """录入开奖号码 of a committed plan: the draw follows at once."""
    return PAGES.beacon(request, pk, services.zone_plan_beacon_enter)


@require_GET
def plan_published_data(request, pk: int):
    """抽取数据 (JSON) of a revealed draw (casework.draws.published_data)."""
    plan = get_object_or_404(ZoneInspectionPlan.objects.all(), pk=pk)
    user = request.user
    manages = selectors.zone_plan_may_manage(plan=plan, user=user)
    return draws.published_data(
        request, plan, manages=manages, log_view=selectors.zone_draw_view_log
    )


@login_required
@require_POST
def plan_reveal(request, pk: int):
    """公开种子, after the inspection date: anyone who may see the plan can then verify it."""
    return PAGES.step(
        request,
        pk,
        services.zone_plan_reveal,
        _("随机种子已公开，任何人均可重新运行抽取进行验证。"),
    )


@login_required
@require_POST
def plan_publish(request, pk: int):
    """公开检查结果 on the public page of the zones' inspection results."""
    return PAGES.step(
        request,
        pk,
        services.zone_plan_publish,
        _("检查结果已在“示范区抽查结果公示”页面公开。"),
    )


@require_GET
def plan_verify(request, pk: int):
    """验证抽取: re-run the draw from the stored snapshot and the revealed seed. Open to whoever
    may see the plan, and to the public once the seed is revealed and the results published;
    the re-run is shown as selectors.zone_plan_verification_for scopes it, and the teams only
    to those who see them on the plan."""
    plan = get_object_or_404(ZoneInspectionPlan.objects.all(), pk=pk)
    user = request.user
    sees_plan = (
        user.is_authenticated
        and selectors.zone_plans_visible_to(user=user).filter(pk=plan.pk).exists()
    )
    refusal = draws.verify_refusal(request, plan, sees_plan=lambda: sees_plan)
    if refusal is not None:
        return refusal
    context = {"plan": plan, "sees_plan": sees_plan}
    try:
        result = selectors.zone_plan_verification_for(
            user=user, plan=plan, verification=services.zone_plan_verify(plan=plan)
        )
    except DomainError as error:
        context["error"] = error.message
        return render(
            request, "public/zone_inspection_verify.html", context, status=error_status(error)
        )
    ids = [row["case"] for row in result["targets"]]
    if _by_zones(plan):
        names = DemonstrationZone.objects.select_related("bureau").in_bulk(ids)
    else:
        names = ZoneEnterprise.objects.select_related("zone__bureau").in_bulk(ids)
    teams = {}
    if user.is_authenticated:
        selectors.zone_draw_view_log(user=user, plan=plan, via="web")
        teams = {
            _case_of(plan, target): list(target.inspectors.all())
            for target in selectors.zone_plan_targets_for(user=user, plan=plan)
        }
    context.update(
        result=result,
        by_zones=_by_zones(plan),
        rows=draws.verification_rows(result, objects=names, teams=teams),
    )
    return render(request, "public/zone_inspection_verify.html", context)


# ---------------------------------------------------------------- the drawn staff's inspections


def _inspection_of(target):
    try:
        return target.inspection
    except ZoneInspection.DoesNotExist:
        return None


@login_required
def my_inspections(request):
    """检查任务: the zones and enterprises the user was drawn to inspect (bureau staff and
    inspectors, whom the draws pick)."""
    if request.user.role not in (Role.BUREAU, Role.INSPECTOR):
        raise Http404
    page = list_page(
        selectors.my_zone_inspection_targets(user=request.user).prefetch_related("inspectors"),
        request.GET.get("page"),
    )
    return render(
        request,
        "staff/demonstration/supervision/mine.html",
        {"page": page, "today": timezone.localdate()},
    )


@login_required
def inspection_record(request, target_id: int):
    """One drawn zone or enterprise: the team, and the record form (findings, outcome) from the
    inspection date on; once recorded, the record."""
    target = get_object_or_404(
        selectors.my_zone_inspection_targets(user=request.user).prefetch_related(
            "inspectors__bureau"
        ),
        pk=target_id,
    )
    selectors.zone_draw_view_log(user=request.user, plan=target.plan, via="web")
    form = ZoneInspectionForm(*_bound(request))
    return form_page(
        request,
        form,
        call=lambda data: services.zone_inspection_record(
            target=target, actor=request.user, findings=data["findings"], outcome=data["outcome"]
        ),
        success=_("检查结果已录入。"),
        then=lambda inspection: redirect("demonstration:supervision_record", target_id=target.pk),
        page=lambda status: render(
            request,
            "staff/demonstration/supervision/record.html",
            {
                "target": target,
                "inspection": _inspection_of(target),
                "form": form,
                "today": timezone.localdate(),
            },
            status=status,
        ),
    )


# ---------------------------------------------------------------- public


@public_page
@require_GET
@reads_from_replica
def public_results(request):
    """示范区抽查结果公示: the zones and enterprises of published plans and their outcomes; no
    findings, no inspectors."""
    return render(
        request,
        "public/zone_inspections.html",
        {"page": list_page(selectors.public_zone_inspection_results(), request.GET.get("page"))},
    )
