"""Waiting work of rectifications and follow-up inspections (casework.todo, ADR 0021): the
bureau's reports to review, its overdue rectifications (past the deadline, no report) and its
follow-up inspections to record; the enterprise's rectifications to report on. Read through the
scoped selectors."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import rectification_selectors as selectors
from .models import Rectification

REVIEW = "supervision.rectifications_review"
OVERDUE = "supervision.rectifications_overdue"
FOLLOW_UPS = "supervision.follow_ups"
SUBMIT = "supervision.rectifications_submit"


def _own(user):
    return selectors.rectifications_visible_to(user=user).filter(
        application__bureau_id=user.bureau_id
    )


def _overdue(user):
    return selectors.rectifications_overdue(_own(user), today=timezone.localdate())


class RectificationTodo(TodoSource):
    code = "supervision.rectifications"
    position = 21

    def kinds(self, user) -> list[TodoKind]:
        if user.role == Role.BUREAU:
            return [
                TodoKind(
                    code=REVIEW,
                    label=_("整改报告待审核"),
                    nav="supervision",
                    url=reverse("supervision:rectifications"),
                ),
                TodoKind(
                    code=OVERDUE,
                    label=_("逾期未整改"),
                    nav="supervision",
                    url=reverse("supervision:rectifications") + "?show=overdue",
                    clock=_("整改期限"),
                ),
                TodoKind(
                    code=FOLLOW_UPS,
                    label=_("跟进检查待录入"),
                    nav="supervision",
                    url=reverse("supervision:follow_ups"),
                    clock=_("检查时限"),
                ),
            ]
        if user.role == Role.ENTERPRISE:
            return [
                TodoKind(
                    code=SUBMIT,
                    label=_("责令整改待提交整改报告"),
                    nav="cases",
                    url=reverse("supervision:rectifications"),
                    clock=_("整改期限"),
                )
            ]
        return []

    def counts(self, user) -> dict[str, int]:
        if user.role == Role.BUREAU:
            # The reports to review and the overdue among the bureau's own, in one aggregate
            # (on the status index, as each alone).
            found = (
                _own(user)
                .filter(status__in=[Rectification.Status.SUBMITTED, Rectification.Status.OPEN])
                .order_by()
                .aggregate(
                    review=Count("pk", filter=selectors.TO_REVIEW),
                    overdue=Count("pk", filter=selectors.overdue(today=timezone.localdate())),
                )
            )
            return {
                REVIEW: found["review"],
                OVERDUE: found["overdue"],
                FOLLOW_UPS: selectors.follow_ups_to_record(user=user).count(),
            }
        if user.role == Role.ENTERPRISE:
            return {SUBMIT: selectors.rectifications_to_submit(user=user).count()}
        return {}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code in (REVIEW, OVERDUE, SUBMIT):
            rows = {
                REVIEW: lambda: selectors.rectifications_to_review(user=user).order_by(
                    "submitted_at", "pk"
                ),
                OVERDUE: lambda: _overdue(user).order_by("deadline", "pk"),
                SUBMIT: lambda: selectors.rectifications_to_submit(user=user).order_by(
                    "deadline", "pk"
                ),
            }[kind.code]()
            return [
                TodoItem(
                    title=row.application.product_name,
                    url=reverse("supervision:rectification", args=[row.pk]),
                    due_date=row.deadline,
                    detail=row.application.enterprise.name if user.role == Role.BUREAU else "",
                )
                for row in rows[:limit]
            ]
        if kind.code == FOLLOW_UPS:
            return [
                TodoItem(
                    title=row.application.product_name,
                    url=reverse("supervision:follow_up", args=[row.pk]),
                    due_date=row.due_date,
                    detail=row.application.enterprise.name,
                )
                for row in selectors.follow_ups_to_record(user=user).order_by("due_date", "pk")[
                    :limit
                ]
            ]
        return []


RECTIFICATION_TODO = register(RectificationTodo())
