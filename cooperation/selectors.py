"""Reads of the cooperation's tasks and 年度行动计划, scoped to who may see them: the members
(regions.cooperation) and the HQ departments the seed names as responsible units.

A plan before approval is its unit's and the leading group's business: its unit sees it from
the first draft, HQ once it is submitted; every member sees it once approved (with its
milestones, their progress and the year-end account)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from regions.cooperation import is_member, place_of

from . import workflow as wf
from .models import ActionPlan, ActionPlanHistory, Milestone, ProgressReport, Task, Unit


def unit_codes_of(user) -> set[str]:
    """The units the user acts for: a place's bureau staff for 三地出入境检验检疫部门, its quality
    authority's for 三地质监部门, an HQ department's for itself (by its code)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.role == Role.HQ_DEPARTMENT and user.organisation_id:
        return set(Unit.objects.filter(code=user.organisation.code).values_list("code", flat=True))
    place = place_of(user)
    if place is None:
        return set()
    return {"jjj-quality" if user.role == Role.QUALITY_AUTHORITY else "jjj-ciq"}


def may_see_tasks(user) -> bool:
    return is_member(user) or bool(unit_codes_of(user))


def tasks_visible_to(user) -> QuerySet[Task]:
    if not may_see_tasks(user):
        return Task.objects.none()
    return Task.objects.prefetch_related(
        Prefetch("leads", queryset=Unit.objects.order_by("position", "pk")),
        Prefetch("participants", queryset=Unit.objects.order_by("position", "pk")),
    )


def tasks_filtered(
    *, user, section: int | None = None, unit: Unit | None = None, query: str = "", mine=False
) -> QuerySet[Task]:
    """The tasks `user` sees, by §三's heading, by a unit that leads or joins them, by words of
    their text, or only those of the user's own units."""
    tasks = tasks_visible_to(user)
    if section:
        tasks = tasks.filter(section=section)
    if unit is not None:
        tasks = tasks.filter(Q(leads=unit) | Q(participants=unit))
    if mine:
        codes = unit_codes_of(user)
        tasks = tasks.filter(Q(leads__code__in=codes) | Q(participants__code__in=codes))
    if query:
        tasks = tasks.filter(text__contains=query)
    return tasks.distinct().order_by("number")


def task_for(*, user, number: int) -> Task | None:
    return tasks_visible_to(user).filter(number=number).first()


def units() -> QuerySet[Unit]:
    return Unit.objects.order_by("position", "pk")


# --- 年度行动计划 ----------------------------------------------------------------------------------


def may_see_plans(user) -> bool:
    return may_see_tasks(user)


def _own_plans_q(user) -> Q | None:
    unit = wf.planning_unit(user)
    if unit is None:
        return None
    kind, row = unit
    return Q(bureau_id=row.pk) if kind == "bureau" else Q(organisation_id=row.pk)


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Published plans for every member; the unit's own in any state; HQ's from submission."""
    if not may_see_plans(user):
        return ActionPlan.objects.none()
    seen = Q(state__in=wf.PUBLISHED_STATES)
    if user.role == Role.HQ:
        seen |= ~Q(state=wf.PlanState.DRAFT)
    own = _own_plans_q(user)
    if own is not None:
        seen |= own
    return ActionPlan.objects.filter(seen).select_related("bureau", "organisation")


def with_progress(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Each plan with its milestones counted: all, completed, overdue (one query for a page)."""
    today = timezone.localdate()
    return plans.annotate(
        milestone_count=Count("milestones", distinct=True),
        completed_count=Count(
            "milestones", filter=Q(milestones__completed_on__isnull=False), distinct=True
        ),
        overdue_count=Count(
            "milestones",
            filter=Q(
                milestones__completed_on__isnull=True,
                milestones__due_date__lt=today,
                state__in=wf.PUBLISHED_STATES,
            ),
            distinct=True,
        ),
    )


def plans_filtered(*, user, year: int | None = None, state: str = "", overdue=False):
    plans = plans_visible_to(user)
    if year:
        plans = plans.filter(year=year)
    if state:
        plans = plans.filter(state=state)
    plans = with_progress(plans)
    if overdue:
        plans = plans.filter(overdue_count__gt=0)
    return plans.order_by("-year", "bureau_id", "organisation_id", "pk")


def plan_unit_codes(plan: ActionPlan) -> set[str]:
    """The task units (cooperation.Unit codes) the plan's unit acts for."""
    if plan.bureau_id:
        return {"jjj-ciq"}
    organisation = plan.organisation
    if organisation.kind == organisation.Kind.QUALITY_AUTHORITY:
        return {"jjj-quality"}
    return {organisation.code}


def plan_tasks(plan: ActionPlan):
    """The tasks the plan's unit leads or joins: those its milestones may be set on."""
    codes = plan_unit_codes(plan)
    return (
        Task.objects.filter(Q(leads__code__in=codes) | Q(participants__code__in=codes))
        .distinct()
        .order_by("number")
    )


def own_plans(user) -> QuerySet[ActionPlan]:
    """The plans of the user's planning unit, in any state."""
    own = _own_plans_q(user)
    if own is None:
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(own).select_related("bureau", "organisation")


def own_plan(*, user, year: int) -> ActionPlan | None:
    return own_plans(user).filter(year=year).first()


def plan_milestones(*, plan: ActionPlan) -> list[Milestone]:
    """The plan's milestones by task and date, each with its reports (newest last)."""
    milestones = list(
        Milestone.objects.filter(plan=plan)
        .select_related("task")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("reported_by").order_by("pk"),
            )
        )
        .order_by("task__number", "due_date", "pk")
    )
    for milestone in milestones:
        # The plan is already read: overdue asks for its state.
        milestone.plan = plan
    return milestones


def plan_history(*, plan: ActionPlan) -> QuerySet[ActionPlanHistory]:
    return ActionPlanHistory.objects.filter(plan=plan).select_related("actor").order_by("pk")


def milestones_visible_to(user) -> QuerySet[Milestone]:
    return Milestone.objects.filter(plan__in=plans_visible_to(user)).select_related(
        "plan", "plan__bureau", "plan__organisation", "task"
    )


def own_overdue_milestones(user) -> QuerySet[Milestone]:
    """Milestones of the unit's approved plans due before today and not completed."""
    return Milestone.objects.filter(
        plan__in=own_plans(user).filter(state__in=wf.PUBLISHED_STATES),
        completed_on__isnull=True,
        due_date__lt=timezone.localdate(),
    )


def plan_years(user) -> list[int]:
    """The years with plans the user sees, and this year and the next (to draft)."""
    this_year = timezone.localdate().year
    years = set(plans_visible_to(user).values_list("year", flat=True).distinct())
    return sorted(years | {this_year, this_year + 1}, reverse=True)
