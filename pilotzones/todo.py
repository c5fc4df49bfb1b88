"""国检试验区's waiting work (casework.todo), read through the programme's own scoped selectors:
the local government's applications returned for revision and its unread notices; the bureau's
applications to recommend (or return) and approved zones whose operator it registers; 通关司's
recommended zones whose acceptance it opens and zones whose working group has all answered, for
its decision; a member department's opinions still owed."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from . import workflow as wf
from .models import AcceptanceOpinion
from .workflow import State

NOTHING = Q(pk__in=[])


def _unanswered():
    return AcceptanceOpinion.objects.filter(zone=OuterRef("pk"), verdict="")


def _role_of(user) -> str:
    """ "government", "bureau", "lead", "member" or "" (nothing waits for the user here)."""
    if user.role == Role.GOVERNMENT and user.organisation_id is not None:
        return "government"
    if user.role == Role.BUREAU and user.bureau_id is not None:
        return "bureau"
    code = wf.department_code(user)
    if code == wf.LEAD_DEPARTMENT:
        return "lead"
    if code in wf.MEMBER_DEPARTMENTS:
        return "member"
    return ""


# What waits for whom, per kind of work: a filter of the zones the user sees.
def _owed_by(user) -> Q:
    return Q(state=State.ACCEPTANCE) & Q(
        Exists(
            AcceptanceOpinion.objects.filter(
                zone=OuterRef("pk"), department_id=user.organisation_id, verdict=""
            )
        )
    )


FILTERS = {
    "pilotzones.returned": lambda user: Q(state=State.RETURNED),
    "pilotzones.recommend": lambda user: Q(state=State.SUBMITTED),
    "pilotzones.operation": lambda user: Q(state=State.APPROVED),
    "pilotzones.acceptance": lambda user: Q(state=State.RECOMMENDED),
    "pilotzones.decide": lambda user: Q(state=State.ACCEPTANCE) & ~Q(Exists(_unanswered())),
    "pilotzones.opinions": _owed_by,
}
CODES = {
    "government": ("pilotzones.returned",),
    "bureau": ("pilotzones.recommend", "pilotzones.operation"),
    "lead": ("pilotzones.acceptance", "pilotzones.decide"),
    "member": ("pilotzones.opinions",),
}
LABELS = {
    "pilotzones.returned": lambda: _("试验区申请待修改后重新提交"),
    "pilotzones.recommend": lambda: _("试验区建设申请待推荐"),
    "pilotzones.operation": lambda: _("已批准试验区待登记运营企业"),
    "pilotzones.acceptance": lambda: _("试验区待组成验收工作组"),
    "pilotzones.decide": lambda: _("试验区验收待作出决定"),
    "pilotzones.opinions": lambda: _("试验区验收意见待填写"),
}
STATES = {
    "pilotzones.returned": State.RETURNED,
    "pilotzones.recommend": State.SUBMITTED,
    "pilotzones.operation": State.APPROVED,
    "pilotzones.acceptance": State.RECOMMENDED,
    "pilotzones.decide": State.ACCEPTANCE,
    "pilotzones.opinions": State.ACCEPTANCE,
}


def waiting_for(user) -> Q:
    """The zones that wait for `user`'s next step (all its kinds of work together)."""
    found = NOTHING
    for code in CODES.get(_role_of(user), ()):
        found |= FILTERS[code](user)
    return found


class PilotZonesTodo(TodoSource):
    code = "pilotzones"
    position = 35
    written_through = frozenset({"pilotzones"})
    context_names = {"unread_pilot_notices": "pilotzones.unread_notices"}

    def kinds(self, user) -> list[TodoKind]:
        zones = reverse("pilotzones:list")
        kinds = [
            TodoKind(
                code=code,
                label=LABELS[code](),
                nav="pilotzones",
                url=f"{zones}?state={STATES[code]}",
            )
            for code in CODES.get(_role_of(user), ())
        ]
        if user.role == Role.GOVERNMENT and user.organisation_id is not None:
            kinds.append(
                TodoKind(
                    code="pilotzones.unread_notices",
                    label=_("未读试验区通知书"),
                    nav="pilot_notices",
                    url=reverse("pilotzones:notices"),
                )
            )
        return kinds

    def counts(self, user) -> dict[str, int]:
        codes = CODES.get(_role_of(user), ())
        counts = {}
        if codes:
            found = (
                selectors.zones_visible_to(user=user)
                .order_by()
                .aggregate(
                    **{
                        code.split(".")[1]: Count("pk", filter=FILTERS[code](user))
                        for code in codes
                    }
                )
            )
            counts.update({f"pilotzones.{key}": n for key, n in found.items()})
        if user.role == Role.GOVERNMENT and user.organisation_id is not None:
            counts["pilotzones.unread_notices"] = (
                selectors.notices_for(user=user).filter(read_at__isnull=True).count()
            )
        return counts

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code in FILTERS:
            target = (
                "pilotzones:opinion" if kind.code == "pilotzones.opinions" else "pilotzones:detail"
            )
            zones = (
                selectors.zones_visible_to(user=user)
                .filter(FILTERS[kind.code](user))
                .order_by("updated_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=zone.name,
                    url=reverse(target, args=[zone.pk]),
                    detail=f"{zone.applicant.display_name} · {zone.get_state_display()}",
                )
                for zone in zones
            ]
        if kind.code == "pilotzones.unread_notices":
            notices = (
                selectors.notices_for(user=user)
                .filter(read_at__isnull=True)
                .order_by("created_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=notice.display_title,
                    url=reverse("pilotzones:notice", args=[notice.pk]),
                    detail=notice.zone.name,
                )
                for notice in notices
            ]
        return []


PILOT_ZONES_TODO = register(PilotZonesTodo())
