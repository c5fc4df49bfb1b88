"""The 京津冀 cooperation's waiting work (casework.todo): HQ's plans to review; a planning unit's
returned plans, its overdue milestones and, from December, its year-end account."""

from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from . import workflow as wf
from .models import ActionPlan
from .workflow import PlanState


def _year_end_due(user):
    """Approved plans of past years, and from December this year's, not yet reported on."""
    today = timezone.localdate()
    last_year_due = today.year if today.month >= wf.YEAR_END_MONTH else today.year - 1
    return selectors.own_plans(user).filter(state=PlanState.APPROVED, year__lte=last_year_due)


def _codes(user) -> tuple[str, ...]:
    if user.role == Role.HQ:
        return ("cooperation.review",)
    if wf.planning_unit(user) is not None:
        return ("cooperation.returned", "cooperation.overdue", "cooperation.year_end")
    return ()


LABELS = {
    "cooperation.review": lambda: _("京津冀合作年度行动计划待审议"),
    "cooperation.returned": lambda: _("退回修改的年度行动计划待重新报送"),
    "cooperation.overdue": lambda: _("年度行动计划逾期未完成的节点"),
    "cooperation.year_end": lambda: _("年度行动计划待汇报实施情况"),
}


def _url(code: str) -> str:
    plans = reverse("cooperation:plans")
    return {
        "cooperation.review": f"{plans}?state=submitted",
        "cooperation.returned": f"{plans}?state=returned",
        "cooperation.overdue": f"{plans}?overdue=1",
        "cooperation.year_end": f"{plans}?state=approved",
    }[code]


class CooperationTodo(TodoSource):
    code = "cooperation"
    position = 80

    def kinds(self, user) -> list[TodoKind]:
        return [
            TodoKind(
                code=code,
                label=LABELS[code](),
                nav="cooperation",
                url=_url(code),
                clock=_("计划完成日期") if code == "cooperation.overdue" else "",
            )
            for code in _codes(user)
        ]

    def _plans(self, user, code: str):
        if code == "cooperation.review":
            return selectors.plans_visible_to(user).filter(state=PlanState.SUBMITTED)
        if code == "cooperation.returned":
            return selectors.own_plans(user).filter(state=PlanState.RETURNED)
        return _year_end_due(user)

    def counts(self, user) -> dict[str, int]:
        """One query: HQ's plans to review, or the unit's returned plans, overdue milestones
        and year-end accounts due."""
        codes = _codes(user)
        if not codes:
            return {}
        if codes == ("cooperation.review",):
            return {"cooperation.review": self._plans(user, "cooperation.review").count()}
        today = timezone.localdate()
        last_year_due = today.year if today.month >= wf.YEAR_END_MONTH else today.year - 1
        found = (
            selectors.own_plans(user)
            .order_by()
            .aggregate(
                returned=Count("pk", filter=Q(state=PlanState.RETURNED), distinct=True),
                year_end=Count(
                    "pk",
                    filter=Q(state=PlanState.APPROVED, year__lte=last_year_due),
                    distinct=True,
                ),
                overdue=Count(
                    "milestones",
                    filter=Q(
                        state__in=wf.PUBLISHED_STATES,
                        milestones__completed_on__isnull=True,
                        milestones__due_date__lt=today,
                    ),
                ),
            )
        )
        return {f"cooperation.{key}": n for key, n in found.items()}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code == "cooperation.overdue":
            milestones = (
                selectors.own_overdue_milestones(user)
                .select_related("task")
                .order_by("due_date", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{m.task.number} · {m.title}",
                    url=reverse("cooperation:plan", args=[m.plan_id]),
                    due_date=m.due_date,
                    detail=f"{m.percent}%",
                )
                for m in milestones
            ]
        plans: list[ActionPlan] = list(self._plans(user, kind.code).order_by("year", "pk")[:limit])
        return [
            TodoItem(
                title=_("%(unit)s %(year)s 年度行动计划") % {"unit": p.unit_name, "year": p.year},
                url=reverse("cooperation:plan", args=[p.pk]),
                due_date=date(p.year, 12, 31) if kind.code == "cooperation.year_end" else None,
            )
            for p in plans
        ]


COOPERATION_TODO = register(CooperationTodo())
