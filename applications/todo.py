"""生态原产地产品保护's waiting work (casework.todo): what each role has to do next on the
protection cases. Read through the scoped selectors, and only what the user is the one to act
on: a bureau's own jurisdiction (a zone lead reads its zone, but acts only on its own cases),
HQ's decisions, an agency's evaluations, an enterprise's next steps."""

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from .models import CaseCount, CaseHistory, Notice, RectificationReview
from .workflow import State


def _returned_before():
    """The case was returned for correction before: its submission is a 补正 reply."""
    return Exists(CaseHistory.objects.filter(application=OuterRef("pk"), transition="return"))


def _reviewed():
    """The bureau has reviewed the rectification submitted last."""
    return Exists(
        RectificationReview.objects.filter(
            application=OuterRef("pk"), created_at__gte=OuterRef("rectification_submitted_at")
        )
    )


# What each kind is, among the cases the user acts on (its aggregate filter and its items).
FILTERS = {
    "ecoorigin.acceptance": lambda: Q(state=State.SUBMITTED) & ~Q(_returned_before()),
    "ecoorigin.correction_replies": lambda: Q(state=State.SUBMITTED) & Q(_returned_before()),
    "ecoorigin.pre_evaluation": lambda: Q(state=State.ACCEPTED),
    "ecoorigin.recommendation": lambda: Q(state=State.PRE_EVALUATED),
    "ecoorigin.rectification_review": lambda: (
        Q(state=State.SUSPENDED, rectification_submitted_at__isnull=False) & ~Q(_reviewed())
    ),
    "ecoorigin.approval": lambda: Q(state=State.RECOMMENDED),
    "ecoorigin.certification": lambda: Q(state=State.EVALUATED),
    "ecoorigin.rectification_decision": lambda: Q(
        state=State.SUSPENDED, rectification_submitted_at__isnull=False
    ),
    "ecoorigin.evaluation": lambda: Q(state=State.EVALUATING),
    "ecoorigin.drafts": lambda: Q(state=State.DRAFT),
    "ecoorigin.correction": lambda: Q(state=State.RETURNED),
    "ecoorigin.choose_agency": lambda: Q(state=State.APPROVED),
    "ecoorigin.rectification": lambda: Q(
        state=State.SUSPENDED, rectification_submitted_at__isnull=True
    ),
}
# Each role's kinds among FILTERS, in the order of the work.
ROLE_KINDS = {
    Role.BUREAU: [
        "ecoorigin.acceptance",
        "ecoorigin.correction_replies",
        "ecoorigin.pre_evaluation",
        "ecoorigin.recommendation",
        "ecoorigin.rectification_review",
    ],
    Role.HQ: ["ecoorigin.approval", "ecoorigin.certification", "ecoorigin.rectification_decision"],
    Role.AGENCY: ["ecoorigin.evaluation"],
    Role.ENTERPRISE: [
        "ecoorigin.correction",
        "ecoorigin.rectification",
        "ecoorigin.choose_agency",
        "ecoorigin.drafts",
    ],
}


def _cases(user):
    """The cases `user` acts on: a bureau's own jurisdiction, the rest as they see them."""
    cases = selectors.cases_visible_to(user=user, joined=("enterprise",), fetched=())
    if user.role == Role.BUREAU:
        cases = cases.filter(bureau_id=user.bureau_id)
    return cases


def _count(user, kind: str) -> int:
    return _cases(user).filter(FILTERS[f"ecoorigin.{kind}"]()).order_by().count()


def _among(user, states: list[str], kinds: list[str]) -> dict[str, int]:
    """The count of each of `kinds` among the user's cases in `states`: one aggregate, on the
    (bureau, state) index as each count alone would be."""
    found = (
        _cases(user)
        .filter(state__in=states)
        .order_by()
        .aggregate(**{kind: Count("pk", filter=FILTERS[f"ecoorigin.{kind}"]()) for kind in kinds})
    )
    return {f"ecoorigin.{kind}": n for kind, n in found.items()}


def _summary(bureau_id: int | None, states: list[str]) -> dict[str, int]:
    """Cases by state from the per-bureau summary kept by triggers (CaseCount: never the
    million cases), of one bureau or (None) of all."""
    counts = CaseCount.objects.filter(state__in=states)
    if bureau_id is not None:
        counts = counts.filter(bureau_id=bureau_id)
    rows = counts.values("state").annotate(total=Sum("n")).values_list("state", "total")
    return dict(rows)


class EcoOriginTodo(TodoSource):
    code = "ecoorigin"
    position = 10
    context_names = {
        "pending_enterprises": "ecoorigin.registrations",
        "unread_notices": "ecoorigin.unread_notices",
    }

    def kinds(self, user) -> list[TodoKind]:
        cases = reverse("cases:list")
        acceptance_clock = _("受理时限：提交后 %(days)s 个工作日") % {
            "days": settings.ACCEPTANCE_WORKING_DAYS
        }
        every = {
            "ecoorigin.acceptance": (
                _("待受理"),
                f"{cases}?state=submitted&sort=due",
                acceptance_clock,
            ),
            "ecoorigin.correction_replies": (
                _("补正后重新申报"),
                f"{cases}?state=submitted&sort=due",
                _("受理时限：补正前剩余的工作日"),
            ),
            "ecoorigin.pre_evaluation": (_("待初评"), f"{cases}?state=accepted", ""),
            "ecoorigin.recommendation": (_("待推荐上报"), f"{cases}?state=pre_evaluated", ""),
            "ecoorigin.rectification_review": (
                _("整改待审核"),
                f"{cases}?state=suspended&sort=due",
                _("整改期限"),
            ),
            "ecoorigin.approval": (_("待批准实施评定"), f"{cases}?queue=approval", ""),
            "ecoorigin.certification": (_("待颁发证书"), f"{cases}?queue=certification", ""),
            "ecoorigin.rectification_decision": (
                _("整改待决定"),
                f"{cases}?queue=suspension&sort=due",
                _("整改期限"),
            ),
            "ecoorigin.evaluation": (_("待录入评定结果"), f"{cases}?state=evaluating", ""),
            "ecoorigin.correction": (
                _("待补正"),
                f"{cases}?state=returned&sort=due",
                _("补正答复时限：退回后 %(days)s 个工作日")
                % {"days": settings.CORRECTION_WORKING_DAYS},
            ),
            "ecoorigin.rectification": (
                _("待提交整改报告"),
                f"{cases}?state=suspended&sort=due",
                _("整改期限"),
            ),
            "ecoorigin.choose_agency": (_("待选择评定机构"), f"{cases}?state=approved", ""),
            "ecoorigin.drafts": (_("草稿待提交"), f"{cases}?state=draft", ""),
        }
        kinds = [
            TodoKind(code=code, label=label, nav="cases", url=url, clock=clock)
            for code in ROLE_KINDS.get(user.role, [])
            for label, url, clock in [every[code]]
        ]
        if user.role == Role.BUREAU:
            kinds.append(
                TodoKind(
                    code="ecoorigin.registrations",
                    label=_("企业注册待确认"),
                    nav="enterprises",
                    url=reverse("cases:enterprises"),
                )
            )
        if user.role == Role.ENTERPRISE:
            kinds.append(
                TodoKind(
                    code="ecoorigin.unread_notices",
                    label=_("未读通知书"),
                    nav="inbox",
                    url=reverse("cases:inbox"),
                )
            )
        return kinds

    def counts(self, user) -> dict[str, int]:
        if user.role == Role.HQ:
            counts = _summary(None, [State.RECOMMENDED, State.EVALUATED])
            counts = {
                "ecoorigin.approval": counts.get(State.RECOMMENDED, 0),
                "ecoorigin.certification": counts.get(State.EVALUATED, 0),
                "ecoorigin.rectification_decision": _count(user, "rectification_decision"),
            }
        elif user.role == Role.BUREAU:
            # The cases by state from the summary; what it cannot tell apart (补正 replies
            # among the submissions, rectifications not yet reviewed) from the few cases in
            # those states.
            by_state = _summary(
                user.bureau_id, [State.SUBMITTED, State.ACCEPTED, State.PRE_EVALUATED]
            )
            among = _among(
                user,
                [State.SUBMITTED, State.SUSPENDED],
                ["correction_replies", "rectification_review"],
            )
            counts = {
                **among,
                "ecoorigin.acceptance": (
                    by_state.get(State.SUBMITTED, 0) - among["ecoorigin.correction_replies"]
                ),
                "ecoorigin.pre_evaluation": by_state.get(State.ACCEPTED, 0),
                "ecoorigin.recommendation": by_state.get(State.PRE_EVALUATED, 0),
                "ecoorigin.registrations": selectors.enterprises_decided_by(user=user)
                .filter(confirmed_at__isnull=True, rejected_at__isnull=True)
                .count(),
            }
        elif user.role in (Role.AGENCY, Role.ENTERPRISE):
            # An enterprise's own cases, an agency's under evaluation: one aggregate.
            codes = ROLE_KINDS[user.role]
            cases = _cases(user)
            if user.role == Role.AGENCY:
                cases = cases.filter(state=State.EVALUATING)  # on the (agency, state) index
            found = cases.order_by().aggregate(
                **{code.split(".")[1]: Count("pk", filter=FILTERS[code]()) for code in codes}
            )
            counts = {f"ecoorigin.{key}": n for key, n in found.items()}
        else:
            counts = {}
        if user.role == Role.ENTERPRISE:
            counts["ecoorigin.unread_notices"] = Notice.objects.filter(
                enterprise_id=user.enterprise_id, read_at__isnull=True
            ).count()
        return counts

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code == "ecoorigin.registrations":
            pending = (
                selectors.enterprises_decided_by(user=user)
                .filter(confirmed_at__isnull=True, rejected_at__isnull=True)
                .order_by("created_at", "pk")[:limit]
            )
            return [
                TodoItem(title=enterprise.name, url=kind.url, detail=enterprise.uscc)
                for enterprise in pending
            ]
        if kind.code == "ecoorigin.unread_notices":
            notices = (
                Notice.objects.filter(enterprise_id=user.enterprise_id, read_at__isnull=True)
                .select_related("application")
                .order_by("created_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=notice.display_title,
                    url=reverse("cases:notice", args=[notice.pk]),
                    detail=notice.application.product_name,
                )
                for notice in notices
            ]
        cases = (
            _cases(user)
            .filter(FILTERS[kind.code]())
            .order_by(F("due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            TodoItem(
                title=case.product_name,
                url=reverse("cases:detail", args=[case.pk]),
                due_date=case.due_date,
                detail=case.enterprise.name,
            )
            for case in cases
        ]


ECO_ORIGIN_TODO = register(EcoOriginTodo())
