"""事中事后监管's waiting work (casework.todo): complaints to handle (the bureau they are routed
to); a bureau's open 挂牌督办 items (overdue first) and what it has still to report to HQ (§18
"并将情况报总局通关司"); HQ's own items (总局交办) whose bureau has reported progress, to close;
proposals to decide (HQ); the lottery numbers of the plans HQ or a bureau manages, once drawn
(nothing is drawn until they are entered); inspections to record (the drawn inspectors). Read
through the scoped selectors."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from casework import draws
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from .models import Complaint, KeyWorkItem, KeyWorkProgress

INSPECTING_ROLES = (Role.INSPECTOR, Role.EXPERT)
NUMBERS_DUE = draws.NumbersDue(
    "supervision.lottery_numbers", gettext_lazy("抽查计划待录入开奖号码"), nav="supervision",
    urls=("supervision:plans", "supervision:plan"), plans=selectors.plans_visible_to,
)  # fmt: skip


def _complaints(user):
    """Open complaints routed to the user's own bureau (a bureau handles its own only)."""
    return (
        selectors.complaints_visible_to(user=user)
        .filter(bureau_id=user.bureau_id)
        .exclude(status=Complaint.Status.CLOSED)
    )


# The bureau's open 挂牌督办 items, its own and those HQ put on it.
OPEN_ITEMS = Q(status=KeyWorkItem.Status.OPEN)
# The items the bureau set and has not reported to HQ.
UNREPORTED_ITEMS = Q(origin=KeyWorkItem.Origin.BUREAU, reported_at__isnull=True)


def _open_items(user):
    return selectors.key_work_visible_to(user=user).filter(OPEN_ITEMS)


def _unreported_interviews(user):
    return selectors.interviews_visible_to(user=user).filter(reported_at__isnull=True)


def _unreported(user):
    """What the bureau set or recorded and has not reported to HQ: items, interviews."""
    items = selectors.key_work_visible_to(user=user).filter(UNREPORTED_ITEMS)
    return items, _unreported_interviews(user)


def _items_to_close(user):
    """HQ's own items (总局交办), open, whose bureau has reported progress."""
    return selectors.key_work_visible_to(user=user).filter(
        Exists(KeyWorkProgress.objects.filter(item=OuterRef("pk"))),
        origin=KeyWorkItem.Origin.HQ,
        status=KeyWorkItem.Status.OPEN,
    )


def _inspections(user):
    return selectors.my_inspection_targets(user=user).filter(inspection__isnull=True)


class SupervisionTodo(TodoSource):
    code = "supervision"
    position = 20
    # Complaints are also taken up by risk studies, pool members named from the experts pages.
    written_through = frozenset({"supervision", "risk", "cooperation_risk", "experts"})

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
                    code="supervision.key_work",
                    label=_("挂牌督办的重点工作"),
                    nav="supervision",
                    url=reverse("supervision:key_work"),
                    clock=_("完成时限"),
                ),
                TodoKind(
                    code="supervision.report_to_hq",
                    label=_("督办、约谈情况待报送通关司"),
                    nav="supervision",
                    url=reverse("supervision:interviews") + "?show=unreported",
                ),
                TodoKind(
                    code="supervision.zone_plan_consent",
                    label=_("片区抽查计划待本局表示意见"),
                    nav="supervision",
                    url=reverse("supervision:dispatched"),
                    clock=_("检查日期"),
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
        if user.role == Role.HQ:
            kinds.append(
                TodoKind(
                    code="supervision.key_work_close",
                    label=_("总局交办事项已报告进展待销号"),
                    nav="supervision",
                    url=reverse("supervision:key_work"),
                    clock=_("完成时限"),
                )
            )
        if user.role in (Role.HQ, Role.BUREAU):
            kinds.append(NUMBERS_DUE.kind())
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
            # The open items and the unreported ones in one aggregate (a bureau's few items).
            items = (
                selectors.key_work_visible_to(user=user)
                .order_by()
                .aggregate(
                    open=Count("pk", filter=OPEN_ITEMS),
                    unreported=Count("pk", filter=UNREPORTED_ITEMS),
                )
            )
            counts["supervision.key_work"] = items["open"]
            counts["supervision.report_to_hq"] = (
                items["unreported"] + _unreported_interviews(user).count()
            )
            counts["supervision.zone_plan_consent"] = selectors.zone_plans_awaiting(
                user=user
            ).count()
        if user.role == Role.HQ:
            counts["supervision.proposals"] = selectors.proposals_open().count()
            counts["supervision.key_work_close"] = _items_to_close(user).count()
        if user.role in (Role.HQ, Role.BUREAU):
            counts[NUMBERS_DUE.code] = NUMBERS_DUE.count(user)
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
        if kind.code in ("supervision.key_work", "supervision.key_work_close"):
            items = (
                _open_items(user) if kind.code == "supervision.key_work" else _items_to_close(user)
            )
            return [
                TodoItem(
                    title=item.title
                    if user.role == Role.BUREAU
                    else f"{item.bureau.display_name} · {item.title}",
                    url=reverse("supervision:key_work_item", args=[item.pk]),
                    due_date=item.deadline,
                    detail=f"{item.department.display_name if item.department else ''} "
                    f"{item.responsible_person}".strip(),
                )
                for item in items.order_by("deadline", "pk")[:limit]
            ]
        if kind.code == "supervision.report_to_hq":
            items, interviews = _unreported(user)
            rows = [
                (item.created_at, TodoItem(
                    title=item.title,
                    url=reverse("supervision:key_work_item", args=[item.pk]),
                    detail=_("挂牌督办"),
                ))
                for item in items.order_by("created_at", "pk")[:limit]
            ] + [
                (interview.recorded_at, TodoItem(
                    title=interview.department.display_name,
                    url=reverse("supervision:interview", args=[interview.pk]),
                    detail=_("约谈 %(date)s") % {"date": interview.held_on.isoformat()},
                ))
                for interview in interviews.order_by("recorded_at", "pk")[:limit]
            ]  # fmt: skip
            return [row for _at, row in sorted(rows, key=lambda pair: pair[0])[:limit]]
        if kind.code == "supervision.zone_plan_consent":
            return [
                TodoItem(
                    title=plan.name,
                    url=reverse("supervision:plan", args=[plan.pk]) + "#consents",
                    due_date=plan.planned_date,
                    detail=plan.organising_zone.display_name,
                )
                for plan in selectors.zone_plans_awaiting(user=user)[:limit]
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
        if kind.code == NUMBERS_DUE.code:
            return NUMBERS_DUE.items(user, limit)
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
