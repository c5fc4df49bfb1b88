"""年度行动计划 (seed 003 §四.(一)): "领导小组各成员单位每年提出行动计划，报领导小组审议通过后实施，
年终向领导小组汇报计划实施情况" — who plans, who approves, and the states a plan goes through.

A planning unit is a member unit that carries tasks of §三: a place's bureau (for 京津冀三地出入境
检验检疫部门), a place's quality authority (for 三地质监部门) or an HQ department the seed names as a
unit. Its clerks draft the plan (milestones per task it leads or joins) and submit it; HQ, as the
leading group's office, approves it or returns it with a reason; the unit reports progress on its
milestones through the year and, from December, its year-end account of the plan's
implementation."""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.workflow import Rule
from regions.cooperation import place_of

# The month from which a plan's year-end account (年终汇报) may be given.
YEAR_END_MONTH = 12


class PlanState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("已报领导小组审议")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审议通过，实施中")
    REPORTED = "reported", _("已汇报实施情况")


EDITABLE_STATES = (PlanState.DRAFT, PlanState.RETURNED)
# Approved plans are published to every member; their milestones run and may fall overdue.
PUBLISHED_STATES = (PlanState.APPROVED, PlanState.REPORTED)


def planning_unit(user) -> tuple[str, object] | None:
    """("bureau", Bureau) or ("organisation", Organisation): the unit whose plans `user` drafts,
    submits and reports on; None for anyone else. A place's bureau clerks and quality authority
    staff, and the staff of an HQ department the seed names as a unit."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.role == Role.BUREAU and place_of(user) is not None:
        return "bureau", user.bureau
    if user.role == Role.QUALITY_AUTHORITY and place_of(user) is not None:
        return "organisation", user.organisation
    if user.role == Role.HQ_DEPARTMENT and user.organisation_id:
        from .models import Unit

        if Unit.objects.filter(code=user.organisation.code).exists():
            return "organisation", user.organisation
    return None


def is_plan_unit(plan, user) -> bool:
    unit = planning_unit(user)
    if unit is None:
        return False
    kind, row = unit
    return (plan.bureau_id if kind == "bureau" else plan.organisation_id) == row.pk


def is_leading_group(plan, user) -> bool:
    """HQ acts as the leading group's office (领导小组办公室)."""
    return getattr(user, "is_authenticated", False) and user.role == Role.HQ


def has_milestones(plan) -> bool:
    return plan.milestones.exists()


def year_end_reached(plan) -> bool:
    return timezone.localdate() >= date(plan.year, YEAR_END_MONTH, 1)


RULES: dict[str, Rule] = {
    "submit": Rule(_("报领导小组审议")),
    "approve": Rule(_("审议通过")),
    "return": Rule(_("退回修改"), needs_reason=True),
    "report": Rule(_("汇报年度实施情况"), fields=("implementation",)),
}
# "return" is a Python keyword: the model's method is return_plan.
METHOD_NAMES: dict[str, str] = {"return": "return_plan"}
