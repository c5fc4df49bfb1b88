"""总局交办与报送's waiting work (casework.todo). HQ: reports submitted and not yet read,
completions to accept or return. A bureau: the open tasks it reports on (its own, and its led
zones'; a member does not act for its zone), by time limit; HQ's replies it has not read. Read
through the scoped selectors; two queries per user."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors


def _replied(user):
    """The user's bureau's reports with a reply of HQ's it has not read."""
    return selectors.with_unread_replies(selectors.reports_visible_to(user=user))


class LiaisonTodo(TodoSource):
    code = "liaison"
    position = 40
    written_through = frozenset({"liaison"})

    def kinds(self, user) -> list[TodoKind]:
        tasks, reports = reverse("liaison:tasks"), reverse("liaison:reports")
        if user.role == Role.HQ:
            return [
                TodoKind(
                    code="liaison.completions",
                    label=_("交办任务完成待验收"),
                    nav="liaison",
                    url=f"{tasks}?show=reported",
                    clock=_("完成时限"),
                ),
                TodoKind(
                    code="liaison.unread",
                    label=_("直属局报送事项待阅"),
                    nav="liaison",
                    url=f"{reports}?show=unread",
                ),
            ]
        if user.role == Role.BUREAU:
            return [
                TodoKind(
                    code="liaison.tasks",
                    label=_("总局交办任务待办理"),
                    nav="liaison",
                    url=f"{tasks}?show=mine",
                    clock=_("完成时限"),
                ),
                TodoKind(
                    code="liaison.replies",
                    label=_("总局回复待阅"),
                    nav="liaison",
                    url=f"{reports}?show=replied",
                ),
            ]
        return []

    def counts(self, user) -> dict[str, int]:
        if user.role == Role.HQ:
            return {
                "liaison.completions": selectors.completions_to_accept(user=user).count(),
                "liaison.unread": selectors.reports_unread(user=user).count(),
            }
        if user.role == Role.BUREAU:
            return {
                "liaison.tasks": selectors.assignments_to_report(user=user).count(),
                "liaison.replies": _replied(user).count(),
            }
        return {}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code in ("liaison.completions", "liaison.tasks"):
            assignments = (
                selectors.completions_to_accept(user=user)
                if kind.code == "liaison.completions"
                else selectors.assignments_to_report(user=user)
            )
            return [
                TodoItem(
                    title=assignment.task.title,
                    url=reverse("liaison:task", args=[assignment.task_id]),
                    due_date=assignment.task.due_date,
                    detail=assignment.addressee_name,
                )
                for assignment in assignments.order_by("task__due_date", "pk")[:limit]
            ]
        if kind.code == "liaison.unread":
            reports = selectors.reports_unread(user=user).order_by("submitted_at", "pk")
            return [
                TodoItem(
                    title=report.title,
                    url=reverse("liaison:report", args=[report.pk]),
                    detail=f"{report.get_kind_display()} · {report.bureau.display_name}",
                )
                for report in reports[:limit]
            ]
        if kind.code == "liaison.replies":
            return [
                TodoItem(
                    title=report.title,
                    url=reverse("liaison:report", args=[report.pk]),
                    detail=report.get_kind_display(),
                )
                for report in _replied(user).order_by("submitted_at", "pk")[:limit]
            ]
        return []


LIAISON_TODO = register(LiaisonTodo())
