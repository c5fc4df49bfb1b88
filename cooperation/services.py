"""Every write of the cooperation's 年度行动计划 (seed 003 §四.(一)): a planning unit drafts its
plan and its milestones on the tasks it carries, submits it, and reports progress once the
leading group has approved it; the plan's steps go through the case engine
(casework.services.case_transition). The unit is the actor's, never input."""

from datetime import date

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import services as casework
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.text import one_line
from ecoorigin.validators import checked_date

from . import workflow as wf
from .models import ActionPlan, ActionPlanHistory, Milestone, ProgressReport, Task
from .programme import PLANS
from .selectors import plan_tasks
from .workflow import PlanState, planning_unit

SUMMARY_LIMIT = 4000
TITLE_LIMIT = 200
REPORT_LIMIT = 4000
# A plan is drafted for this year or the next (the leading group meets each year ahead).
PLAN_YEARS_AHEAD = 1


def refusal_to_plan() -> str:
    return _("只有承担京津冀合作重点任务的成员单位可以起草年度行动计划。")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _limited(values: dict, field: str, limit: int, errors: dict, *, required: bool) -> str:
    text = _text(values.get(field))
    if required and not text:
        errors[field] = [_("此项为必填项。")]
    elif len(text) > limit:
        errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
    return text


def plan_create(*, actor: User, year, summary: str = "") -> ActionPlan:
    """起草年度行动计划: the actor's unit's plan for `year` (this year or the next), one a year."""
    unit = planning_unit(actor)
    if unit is None:
        raise NotPermitted(refusal_to_plan())
    errors: dict[str, list] = {}
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not this_year <= year <= this_year + PLAN_YEARS_AHEAD:
        errors["year"] = [
            _("年度应为 %(first)s 或 %(last)s 年。")
            % {"first": this_year, "last": this_year + PLAN_YEARS_AHEAD}
        ]
    text = _limited({"summary": summary}, "summary", SUMMARY_LIMIT, errors, required=False)
    if errors:
        raise InvalidInput(field_errors=errors)
    kind, row = unit
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(
                year=year,
                bureau=row if kind == "bureau" else None,
                organisation=row if kind == "organisation" else None,
                summary=text,
                drafted_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                instance=plan,
                changes={"year": year},
                source="web",
            )
    except IntegrityError:
        raise Conflict(_("本单位 %(year)s 年度行动计划已经起草。") % {"year": year}) from None
    return plan


def _locked_editable(plan: ActionPlan, actor: User) -> ActionPlan:
    """The plan locked, if the actor's unit owns it (403) and it is still a draft (409)."""
    if not wf.is_plan_unit(plan, actor):
        raise NotPermitted(_("只有计划单位可以修改本计划。"))
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.editable:
        raise Conflict(_("计划已报送审议，不能再修改；退回后可以修改。"))
    return locked


def plan_change(*, plan: ActionPlan, actor: User, summary: str) -> ActionPlan:
    """修改计划概述 while the plan is a draft or returned."""
    errors: dict[str, list] = {}
    text = _limited({"summary": summary}, "summary", SUMMARY_LIMIT, errors, required=False)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        locked = _locked_editable(plan, actor)
        locked.summary = text
        locked.save(update_fields=["summary"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            instance=locked,
            changes={"summary": text[:200]},
            source="web",
        )
    return locked


def milestone_add(*, plan: ActionPlan, actor: User, task, title: str, due_date) -> Milestone:
    """增加计划节点: a milestone on a task the unit leads or joins, due within the plan's year."""
    if not wf.is_plan_unit(plan, actor):
        raise NotPermitted(_("只有计划单位可以修改本计划。"))
    errors: dict[str, list] = {}
    number = task.number if isinstance(task, Task) else task
    found = None
    if isinstance(number, int) and not isinstance(number, bool):
        found = plan_tasks(plan).filter(number=number).first()
    if found is None:
        errors["task"] = [_("请选择本单位牵头或参加的重点任务。")]
    text = _limited({"title": title}, "title", TITLE_LIMIT, errors, required=True)
    due = checked_date(due_date, "due_date", errors, required=True)
    if due is not None and due.year != plan.year:
        errors["due_date"] = [_("计划完成日期应在 %(year)s 年内。") % {"year": plan.year}]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        locked = _locked_editable(plan, actor)
        milestone = Milestone.objects.create(plan=locked, task=found, title=text, due_date=due)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=milestone,
            changes={"plan": locked.pk, "task": found.number, "due_date": due.isoformat()},
            source="web",
        )
    return milestone


def milestone_remove(*, milestone: Milestone, actor: User) -> None:
    """删除计划节点 while its plan is a draft or returned."""
    with transaction.atomic():
        _locked_editable(milestone.plan, actor)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            instance=milestone,
            changes={"plan": milestone.plan_id, "task": milestone.task.number},
            source="web",
        )
        Milestone.objects.filter(pk=milestone.pk).delete()


def progress_report(
    *, milestone: Milestone, actor: User, percent, text: str, completed_on=None
) -> ProgressReport:
    """报告进展: the unit's account of a milestone of its approved plan. Progress never goes
    back; 100 % completes the milestone on the date given (not in the future), and a completed
    milestone takes no more reports."""
    if not wf.is_plan_unit(milestone.plan, actor):
        raise NotPermitted(_("只有计划单位可以报告进展。"))
    errors: dict[str, list] = {}
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        errors["percent"] = [_("完成进度应为 0 到 100 之间的整数。")]
        percent = None
    body = _limited({"text": text}, "text", REPORT_LIMIT, errors, required=True)
    today = timezone.localdate()
    done = None
    if percent == 100:
        done = checked_date(completed_on or today, "completed_on", errors, required=True)
        if done is not None and done > today:
            errors["completed_on"] = [_("完成日期不能晚于今天。")]
        elif done is not None and done < date(milestone.plan.year, 1, 1):
            errors["completed_on"] = [
                _("完成日期应在 %(year)s 年内或之后。") % {"year": milestone.plan.year}
            ]
    elif completed_on not in (None, ""):
        errors["completed_on"] = [_("完成进度为 100% 时才填写完成日期。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=milestone.plan_id)
        if plan.state != PlanState.APPROVED:
            raise Conflict(_("计划审议通过后、汇报年度实施情况前，才能报告进展。"))
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.completed_on is not None:
            raise Conflict(_("该节点已完成，不再报告进展。"))
        if percent < locked.percent:
            raise InvalidInput(
                field_errors={
                    "percent": [
                        _("完成进度不能低于上次报告的 %(percent)s%%。")
                        % {"percent": locked.percent}
                    ]
                }
            )
        report = ProgressReport.objects.create(
            milestone=locked, reported_by=actor, percent=percent, text=body, completed_on=done
        )
        locked.percent = percent
        locked.completed_on = done
        locked.last_reported_at = report.reported_at
        locked.save(update_fields=["percent", "completed_on", "last_reported_at"])
    return report


def plan_transition(*, plan: ActionPlan, name: str, actor: User | None, reason: str = "", **data):
    """Fire `name` (submit, approve, return, report) through the case engine."""
    return casework.case_transition(
        programme=PLANS, case=plan, name=name, actor=actor, reason=reason, **data
    )


# --- Mail of a plan's steps ----------------------------------------------------------------------


def _unit_addresses(plan: ActionPlan) -> list[str]:
    users = User.objects.filter(is_active=True).exclude(email="")
    if plan.bureau_id:
        users = users.filter(bureau_id=plan.bureau_id, role=Role.BUREAU)
    else:
        users = users.filter(
            organisation_id=plan.organisation_id,
            role__in=(Role.QUALITY_AUTHORITY, Role.HQ_DEPARTMENT),
        )
    return list(users.order_by("pk").values_list("email", flat=True))


def _leading_group_addresses() -> list[str]:
    return list(
        User.objects.filter(is_active=True, role=Role.HQ)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def plan_step_mail(*, entry_id: int) -> int:
    """E-mails the other side of one step of a plan: HQ of a submission and of a year-end
    account, the unit of an approval or a return (with the reason). Returns how many addresses
    were written to; a step whose mail went out (marked in the cache) is not mailed again."""
    from django.core.cache import cache

    entry = ActionPlanHistory.objects.select_related("plan").filter(pk=entry_id).first()
    if entry is None or not cache.add(f"cooperation:plan-mail:{entry_id}", 1, 60 * 60 * 24 * 30):
        return 0
    plan = entry.plan
    to_unit = entry.transition in ("approve", "return")
    recipients = _unit_addresses(plan) if to_unit else _leading_group_addresses()
    if not recipients:
        return 0
    subject = _("【京津冀合作】%(unit)s %(year)s 年度行动计划：%(step)s") % {
        "unit": plan.unit_name,
        "year": plan.year,
        "step": wf.RULES[entry.transition].label,
    }
    body = _("%(unit)s %(year)s 年度行动计划：%(step)s。\n%(reason)s请登录门户查看。") % {
        "unit": plan.unit_name,
        "year": plan.year,
        "step": wf.RULES[entry.transition].label,
        "reason": _("理由：%(reason)s\n") % {"reason": entry.reason} if entry.reason else "",
    }
    EmailMessage(subject=one_line(subject), body=body, to=recipients).send()
    return len(recipients)
