"""总局监督检查's waiting work (casework.todo), seed 000 §19 "总局……对各局工作落实情况进行监督
检查": a bureau's issued checks that wait for its rectification report (open, or returned by HQ),
by deadline, the overdue ones first; HQ's reported rectifications to close (销号) or return,
oldest report first. The bureau's navigation counts them under its entry (nav "checks"); HQ's
has no such entry (its line is full): HQ reaches the checks from its dashboard, whose entry
counts them (nav "dashboard"), and its to-do. Read through the scoped selectors; one query per
kind."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors


class ChecksTodo(TodoSource):
    code = "regions.checks"
    position = 45
    written_through = frozenset({"regions"})

    def kinds(self, user) -> list[TodoKind]:
        checks = reverse("regions:checks")
        if user.role == Role.BUREAU:
            return [
                TodoKind(
                    code="regions.checks_to_report",
                    label=_("总局监督检查待报告整改情况"),
                    nav="checks",
                    url=f"{checks}?show=awaiting",
                    clock=_("整改期限"),
                )
            ]
        if user.role == Role.HQ:
            return [
                TodoKind(
                    code="regions.checks_to_review",
                    label=_("直属局整改情况待审核销号"),
                    nav="dashboard",
                    url=f"{checks}?show=review",
                )
            ]
        return []

    def _checks(self, user, code: str):
        if code == "regions.checks_to_report":
            return selectors.bureau_checks_awaiting_report(user=user)
        return selectors.bureau_checks_to_review(user=user)

    def counts(self, user) -> dict[str, int]:
        return {kind.code: self._checks(user, kind.code).count() for kind in self.kinds(user)}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        bureau = kind.code == "regions.checks_to_report"
        order = ("deadline", "pk") if bureau else ("reported_at", "pk")
        return [
            TodoItem(
                title=check.findings[:60]
                if bureau
                else f"{check.bureau.display_name} · {check.findings[:60]}",
                url=reverse("regions:check", args=[check.pk]),
                # The deadline is the bureau's; HQ answers a report without one.
                due_date=check.deadline if bureau else None,
                detail=_("检查日期 %(date)s") % {"date": check.checked_on.isoformat()},
            )
            for check in self._checks(user, kind.code).order_by(*order)[:limit]
        ]


CHECKS_TODO = register(ChecksTodo())
