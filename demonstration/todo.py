"""出口工业产品质量安全示范区's waiting work (casework.todo), read through the programme's own
selectors: applications waiting for the user's next step (selectors.waiting_for: the local
government's drafts and returns, the bureau's recommendations and provincial assessments, HQ's
national assessments and designations), enterprises proposed for admission (the zone's bureau)
and nominated for the 示范企业 title (the zone's assessor), open events of the quality archive
(the bureau), last year's 年度建设情况报告 still owed (the bureau), the lottery numbers of the
plans HQ or a bureau manages, once drawn (nothing is drawn until they are entered), drawn
inspections to record, and the local government's unread notices."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from casework import draws
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from .models import ArchiveEvent, ZoneEnterprise
from .workflow import EnterpriseState, EventState, Level

DRAWN_ROLES = (Role.BUREAU, Role.INSPECTOR)
NUMBERS_DUE = draws.NumbersDue(
    "demonstration.lottery_numbers", gettext_lazy("示范区抽查计划待录入开奖号码"),
    nav="zone_inspections", urls=("demonstration:supervision", "demonstration:supervision_plan"),
    plans=selectors.zone_plans_visible_to,
)  # fmt: skip


def _zones_waiting(user):
    return selectors.zones_visible_to(user=user).filter(selectors.waiting_for(user=user))


def _assessed_here(user) -> Q:
    """Zones whose 示范企业 the user assesses: HQ national zones, a bureau its provincial ones
    (zones_visible_to gives a bureau only its own)."""
    return Q(zone__level=Level.NATIONAL if user.role == Role.HQ else Level.PROVINCIAL)


ENTERPRISE_FILTERS = {
    "demonstration.admissions": lambda user: Q(state=EnterpriseState.PROPOSED),
    "demonstration.titles": lambda user: (
        Q(state__in=[EnterpriseState.NOMINATED, EnterpriseState.ASSESSED]) & _assessed_here(user)
    ),
}


def _enterprises(user):
    return ZoneEnterprise.objects.filter(
        zone__in=selectors.zones_visible_to(user=user).values("pk")
    )


def _open_events(user):
    return ArchiveEvent.objects.filter(
        enterprise__zone__in=selectors.zones_visible_to(user=user).values("pk")
    ).exclude(state=EventState.CLOSED)


def _inspections(user):
    return selectors.my_zone_inspection_targets(user=user).filter(inspection__isnull=True)


def _report_year() -> int:
    return timezone.localdate().year - 1


class DemonstrationTodo(TodoSource):
    code = "demonstration"
    position = 30
    written_through = frozenset({"demonstration"})
    context_names = {"unread_zone_notices": "demonstration.unread_notices"}

    def kinds(self, user) -> list[TodoKind]:
        zones = reverse("demonstration:list")
        kinds = []
        if user.role in (Role.GOVERNMENT, Role.BUREAU, Role.HQ):
            kinds.append(
                TodoKind(
                    code="demonstration.zones",
                    label=_("示范区申请待处理"),
                    nav="demonstration",
                    url=zones,
                )
            )
        if user.role == Role.BUREAU:
            kinds.append(
                TodoKind(
                    code="demonstration.admissions",
                    label=_("入区企业待审核"),
                    nav="demonstration",
                    url=zones,
                )
            )
        if user.role in (Role.BUREAU, Role.HQ):
            kinds.append(
                TodoKind(
                    code="demonstration.titles",
                    label=_("示范企业待评估、授予"),
                    nav="demonstration",
                    url=zones,
                )
            )
        if user.role == Role.BUREAU:
            kinds += [
                TodoKind(
                    code="demonstration.archive",
                    label=_("质量档案事件待结案"),
                    nav="demonstration",
                    url=zones,
                ),
                TodoKind(
                    code="demonstration.reports",
                    label=_("%(year)s 年度建设情况报告待报送") % {"year": _report_year()},
                    nav="demonstration",
                    url=f"{reverse('demonstration:report_list')}?year={_report_year()}",
                ),
            ]
        if user.role in (Role.HQ, Role.BUREAU):
            kinds.append(NUMBERS_DUE.kind())
        if user.role in DRAWN_ROLES:
            kinds.append(
                TodoKind(
                    code="demonstration.inspections",
                    label=_("示范区检查结果待录入"),
                    nav="zone_inspections",
                    url=reverse("demonstration:supervision_mine"),
                    clock=_("检查日期"),
                )
            )
        if user.role == Role.GOVERNMENT and user.organisation_id is not None:
            kinds.append(
                TodoKind(
                    code="demonstration.unread_notices",
                    label=_("未读示范区通知书"),
                    nav="zone_notices",
                    url=reverse("demonstration:notices"),
                )
            )
        return kinds

    def counts(self, user) -> dict[str, int]:
        counts = {}
        if user.role == Role.BUREAU:
            # The applications waiting and the reports owed among the bureau's few zones: one
            # aggregate.
            found = (
                selectors.zones_visible_to(user=user)
                .order_by()
                .aggregate(
                    zones=Count("pk", filter=selectors.waiting_for(user=user)),
                    reports=Count("pk", filter=selectors.owing_report(_report_year())),
                )
            )
            counts.update({f"demonstration.{key}": n for key, n in found.items()})
        elif user.role in (Role.GOVERNMENT, Role.HQ):
            counts["demonstration.zones"] = _zones_waiting(user).count()
        if user.role in (Role.BUREAU, Role.HQ):
            codes = ["demonstration.titles"]
            bureau = user.role == Role.BUREAU
            if bureau:
                codes.insert(0, "demonstration.admissions")
            counted = {
                code.split(".")[1]: Count(
                    "pk", filter=ENTERPRISE_FILTERS[code](user), distinct=bureau
                )
                for code in codes
            }
            if bureau:
                # The open events of the quality archive (_open_events) are its zones'
                # enterprises': counted in the same aggregate, the enterprises joined to their
                # events (hence the distinct counts of the enterprises above).
                counted["archive"] = Count(
                    "archive_events", filter=~Q(archive_events__state=EventState.CLOSED)
                )
            found = _enterprises(user).aggregate(**counted)
            counts.update({f"demonstration.{key}": n for key, n in found.items()})
        if user.role in (Role.HQ, Role.BUREAU):
            counts[NUMBERS_DUE.code] = NUMBERS_DUE.count(user)
        if user.role in DRAWN_ROLES:
            counts["demonstration.inspections"] = _inspections(user).count()
        if user.role == Role.GOVERNMENT and user.organisation_id is not None:
            counts["demonstration.unread_notices"] = selectors.unread_notice_count(user=user)
        return counts

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code == "demonstration.zones":
            zones = _zones_waiting(user).order_by("pk")[:limit]
            return [
                TodoItem(
                    title=zone.name,
                    url=reverse("demonstration:detail", args=[zone.pk]),
                    detail=f"{zone.get_level_display()} · {zone.get_state_display()}",
                )
                for zone in zones
            ]
        if kind.code in ENTERPRISE_FILTERS:
            enterprises = (
                _enterprises(user)
                .filter(ENTERPRISE_FILTERS[kind.code](user))
                .select_related("zone")
                .order_by("updated_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=enterprise.name,
                    url=reverse(
                        "demonstration:enterprise_detail", args=[enterprise.zone_id, enterprise.pk]
                    ),
                    detail=f"{enterprise.zone.name} · {enterprise.get_state_display()}",
                )
                for enterprise in enterprises
            ]
        if kind.code == "demonstration.archive":
            events = (
                _open_events(user)
                .select_related("enterprise__zone")
                .order_by("occurred_on", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{event.enterprise.name} · {event.get_kind_display()}",
                    url=reverse(
                        "demonstration:archive_detail",
                        args=[event.enterprise.zone_id, event.pk],
                    ),
                    detail=f"{event.enterprise.zone.name} · {event.get_state_display()}",
                )
                for event in events
            ]
        if kind.code == "demonstration.reports":
            year = _report_year()
            return [
                TodoItem(
                    title=zone.name,
                    url=reverse("demonstration:report_edit", args=[zone.pk, year]),
                    detail=_("继续填写草稿") if zone.has_draft else _("填报"),
                )
                for zone in selectors.zones_owing_report(user=user, year=year)[:limit]
            ]
        if kind.code == NUMBERS_DUE.code:
            return NUMBERS_DUE.items(user, limit)
        if kind.code == "demonstration.inspections":
            # The plan and the target's number only: what it inspects is read on the record
            # page, where every view of a draw is logged.
            targets = _inspections(user).order_by("plan__planned_date", "plan_id", "position")
            return [
                TodoItem(
                    title=target.plan.name,
                    url=reverse("demonstration:supervision_record", args=[target.pk]),
                    due_date=target.plan.planned_date,
                    detail=_("检查对象 %(n)s") % {"n": target.position},
                )
                for target in targets[:limit]
            ]
        if kind.code == "demonstration.unread_notices":
            notices = (
                selectors.notices_visible_to(user=user)
                .filter(read_at__isnull=True)
                .order_by("created_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=notice.display_title,
                    url=reverse("demonstration:notice", args=[notice.pk]),
                    detail=notice.zone.name,
                )
                for notice in notices
            ]
        return []


DEMONSTRATION_TODO = register(DemonstrationTodo())
