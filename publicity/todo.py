"""公示异议's waiting work (casework.todo; issue 20, ADR 0023): the case's bureau records its
view on an open objection (直属局意见), then HQ decides it. Counted beside 案件工作台, whose
worklist links the notice pages. Read through the scoped selector; one query per kind."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors

VIEW = "publicity.objection_view"
DECISION = "publicity.objection_decision"


class PublicityTodo(TodoSource):
    code = "publicity"
    position = 15

    def kinds(self, user) -> list[TodoKind]:
        url = f"{reverse('publicity:objections')}?waiting=1"
        if user.role == Role.BUREAU:
            return [TodoKind(code=VIEW, label=_("公示异议待填写意见"), nav="cases", url=url)]
        if user.role == Role.HQ:
            return [TodoKind(code=DECISION, label=_("公示异议待处理"), nav="cases", url=url)]
        return []

    def counts(self, user) -> dict[str, int]:
        return {
            kind.code: selectors.objections_awaiting(user=user).count() for kind in self.kinds(user)
        }

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code not in (VIEW, DECISION):
            return []
        objections = selectors.objections_awaiting(user=user).order_by("received_at", "pk")
        return [
            TodoItem(
                title=f"{objection.entry.application.product_name} · {objection.tracking_code}",
                url=reverse("publicity:objection", args=[objection.pk]),
                detail=objection.entry.batch.number,
            )
            for objection in objections[:limit]
        ]


PUBLICITY_TODO = register(PublicityTodo())
