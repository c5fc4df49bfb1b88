"""专家委员会's waiting work (casework.todo), seed 000 §12 "推荐系统内相关领域的专家……建立起全国质检
系统生态原产地产品专家委员会": HQ's recommendations from the bureaus that wait for its decision
(admit or decline), oldest first. Counted under HQ's 事中事后监管 entry, whose pages hold the
committee's. Read through the scoped selector; one query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors


class ExpertsTodo(TodoSource):
    code = "experts"
    position = 48

    def kinds(self, user) -> list[TodoKind]:
        if user.role != Role.HQ:
            return []
        return [
            TodoKind(
                code="experts.recommended",
                label=_("直属局推荐专家待审核"),
                nav="supervision",
                url=f"{reverse('experts:recommendations')}?status=recommended",
            )
        ]

    def counts(self, user) -> dict[str, int]:
        if user.role != Role.HQ:
            return {}
        return {"experts.recommended": selectors.recommendations_to_decide(user=user).count()}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code != "experts.recommended":
            return []
        experts = selectors.recommendations_to_decide(user=user).order_by("recommended_at", "pk")
        return [
            TodoItem(
                title=f"{expert.name} · {expert.organisation}",
                url=reverse("experts:detail", args=[expert.pk]),
                detail=f"{expert.bureau.display_name} · {expert.speciality.display_name}",
            )
            for expert in experts[:limit]
        ]


EXPERTS_TODO = register(ExpertsTodo())
