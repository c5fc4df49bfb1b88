"""事中事后监管's waiting work (casework.todo): complaints to handle and 约谈/督办 to answer (the
bureau they are routed to), answered items to close (HQ, or whoever opened them), proposals to
decide (HQ), inspections to record (the drawn inspectors). Read through the scoped selectors."""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from .models import AccountabilityItem, Complaint

INSPECTING_ROLES = (Role.INSPECTOR, Role.EXPERT)


def _complaints(user):
    """Open complaints routed to the user's own bureau (a bureau handles its own only)."""
    return (
        selectors.complaints_visible_to(user=user)
        .filter(bureau_id=user.bureau_id)
        .exclude(status=Complaint.Status.CLOSED)
    )


def _items_to_answer(user):
    return selectors.accountability_visible_to(user=user).filter(
        bureau_id=user.bureau_id, status=AccountabilityItem.Status.OPEN
    )


def _items_to_close(user):
    """Answered items the user may close: HQ any, anyone else those it opened."""
    items = selectors.accountability_visible_to(user=user).filter(
        status=AccountabilityItem.Status.ANSWERED
    )
    return items if user.role == Role.HQ else items.filter(opened_by=user)


def _inspections(user):
    return selectors.my_inspection_targets(user=user).filter(inspection__isnull=True)


class SupervisionTodo(TodoSource):
    code = "supervision"
    position = 20

    def kinds(self, user) -> list[TodoKind]:
        kinds = []
        if user.role == Role.BUREAU:
            kinds += [
                TodoKind(
                    code="supervision.complaints",
                    label=_("投诉举报待办理"),
                    nav="supervision",
                    url=reverse("supervision:complaints"),
                    clock=_("办理时限：收到后 %(days)s 个工作日")
                    % {"days": settings.COMPLAINT_WORKING_DAYS},
                ),
                TodoKind(
                    code="supervision.accountability",
                    label=_("约谈、挂牌督办待报送整改措施"),
                    nav="supervision",
                    url=reverse("supervision:accountability"),
                    clock=_("完成时限"),
                ),
            ]
        if user.role == Role.HQ:
            kinds.append(
                TodoKind(
                    code="supervision.proposals",
                    label=_("处理建议待决定"),
                    nav="supervision",
                    url=reverse("supervision:proposals"),
                )
            )
        if user.role == Role.HQ or user.is_zone_lead:
            kinds.append(
                TodoKind(
                    code="supervision.accountability_close",
                    label=_("整改措施已报送待销号"),
                    nav="supervision",
                    url=reverse("supervision:accountability"),
                    clock=_("完成时限"),
                )
            )
        if user.role in INSPECTING_ROLES:
            kinds.append(
                TodoKind(
                    code="supervision.inspections",
                    label=_("检查结果待录入"),
                    nav="inspections",
                    url=reverse("supervision:tasks"),
                    clock=_("检查日期"),
                )
            )
        return kinds

    def counts(self, user) -> dict[str, int]:
        counts = {}
        if user.role == Role.BUREAU:
            counts["supervision.complaints"] = _complaints(user).count()
            items = selectors.accountability_visible_to(user=user).aggregate(
                answer=Count(
                    "pk",
                    filter=Q(bureau_id=user.bureau_id, status=AccountabilityItem.Status.OPEN),
                ),
                close=Count(
                    "pk", filter=Q(status=AccountabilityItem.Status.ANSWERED, opened_by=user)
                ),
            )
            counts["supervision.accountability"] = items["answer"]
            if user.is_zone_lead:
                counts["supervision.accountability_close"] = items["close"]
        if user.role == Role.HQ:
            counts["supervision.proposals"] = selectors.proposals_open().count()
            counts["supervision.accountability_close"] = _items_to_close(user).count()
        if user.role in INSPECTING_ROLES:
            counts["supervision.inspections"] = _inspections(user).count()
        return counts

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code == "supervision.complaints":
            return [
                TodoItem(
                    title=complaint.product_text or complaint.certificate_number or "—",
                    url=reverse("supervision:complaint", args=[complaint.pk]),
                    due_date=complaint.due_date,
                    detail=complaint.tracking_code,
                )
                for complaint in _complaints(user).order_by("due_date", "pk")[:limit]
            ]
        if kind.code in ("supervision.accountability", "supervision.accountability_close"):
            answer = kind.code == "supervision.accountability"
            items = _items_to_answer(user) if answer else _items_to_close(user)
            return [
                TodoItem(
                    title=f"{item.get_kind_display()} · {item.bureau.display_name}",
                    url=reverse("supervision:item", args=[item.pk]),
                    due_date=item.deadline,
                    detail=item.responsible_person,
                )
                for item in items.order_by("deadline", "pk")[:limit]
            ]
        if kind.code == "supervision.proposals":
            proposals = selectors.proposals_open().order_by("created_at", "pk")[:limit]
            return [
                TodoItem(
                    title=proposal.application.product_name,
                    url=reverse("supervision:proposal", args=[proposal.pk]),
                    detail=f"{proposal.get_kind_display()} · {proposal.application.bureau.display_name}",
                )
                for proposal in proposals
            ]
        if kind.code == "supervision.inspections":
            # The plan and the target's number only: what and whom it inspects is read on the
            # task's page, where every view of a draw is logged.
            targets = _inspections(user).order_by("plan__planned_date", "plan_id", "position")
            return [
                TodoItem(
                    title=target.plan.name,
                    url=reverse("supervision:task", args=[target.pk]),
                    due_date=target.plan.planned_date,
                    detail=_("检查对象 %(n)s") % {"n": target.position},
                )
                for target in targets[:limit]
            ]
        return []


SUPERVISION_TODO = register(SupervisionTodo())
