"""风险预警's waiting work (casework.todo), read through the app's scoped selectors: a bureau's
signals to study and assessments to conclude, its warnings to acknowledge, the measures it
carries out and those of its warnings to evaluate; HQ's the same for what it issues and every
escalated measure; an expert's opinions owed."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.todo import TodoItem, TodoKind, TodoSource, register

from . import selectors
from .models import AssessmentOpinion
from .workflow import (
    ACTIVE_MEASURE_STATES,
    EmergencyState,
    MeasureState,
    SignalState,
    may_report_emergency,
)


def _pending_opinions():
    return AssessmentOpinion.objects.filter(signal=OuterRef("pk"), recorded_at__isnull=True)


def _unit(user) -> str:
    """ "hq", "bureau" or "" (no signal, warning or measure waits for the user's unit)."""
    if user.role == Role.HQ:
        return "hq"
    if user.role == Role.BUREAU and user.bureau_id is not None:
        return "bureau"
    return ""


def _issued_by(user) -> Q:
    if user.role == Role.HQ:
        return Q(warning__issuing_bureau__isnull=True)
    return Q(warning__issuing_bureau_id=user.bureau_id)


SIGNAL_FILTERS = {
    "risk.study": lambda user: (
        Q(state=SignalState.REPORTED)
        & (Q(bureau_id=user.bureau_id) if user.role == Role.BUREAU else Q())
    ),
    "risk.conclude": lambda user: (
        Q(state=SignalState.ASSESSING)
        & ~Q(Exists(_pending_opinions()))
        & (Q(bureau_id=user.bureau_id) if user.role == Role.BUREAU else Q())
    ),
}


def _own_signals(user):
    """The signals the user sees, a bureau's narrowed to its own (what every kind counts): on
    the bureau's index rather than a scan of every signal for the assigned-expert branch."""
    signals = selectors.signals_visible_to(user=user)
    if user.role == Role.BUREAU:
        signals = signals.filter(bureau_id=user.bureau_id)
    return signals


MEASURE_FILTERS = {
    "risk.carry_out": lambda user: Q(
        state__in=ACTIVE_MEASURE_STATES, responsible_bureau_id=user.bureau_id
    ),
    "risk.evaluate": lambda user: Q(state=MeasureState.COMPLETED) & _issued_by(user),
    "risk.escalated": lambda user: (
        Q(state__in=ACTIVE_MEASURE_STATES, escalated_at__isnull=False) & _issued_by(user)
    ),
}
LABELS = {
    "risk.study": lambda: _("风险信息待研判"),
    "risk.conclude": lambda: _("专家意见已齐，待作出评估结论"),
    "risk.acknowledge": lambda: _("风险预警通报待签收"),
    "risk.carry_out": lambda: _("快速反应措施待实施"),
    "risk.evaluate": lambda: _("已完成措施待评价效果"),
    "risk.escalated": lambda: _("逾期措施待督办"),
    "risk.opinions": lambda: _("风险评估专家意见待提出"),
}
CODES = {
    "hq": ("risk.study", "risk.conclude", "risk.evaluate", "risk.escalated"),
    "bureau": (
        "risk.acknowledge",
        "risk.study",
        "risk.conclude",
        "risk.carry_out",
        "risk.evaluate",
        "risk.escalated",
    ),
}


def _codes(user) -> tuple[str, ...]:
    codes = CODES.get(_unit(user), ())
    # Committee members sign in as experts or inspectors (experts.Expert.account).
    if user.role in (Role.EXPERT, Role.INSPECTOR):
        codes = (*codes, "risk.opinions")
    return codes


def _url(code: str) -> str:
    if code == "risk.acknowledge":
        return reverse("risk:notifications") + "?pending=1"
    if code in MEASURE_FILTERS:
        return reverse("risk:measures") + f"?todo={code.split('.')[1]}"
    return reverse("risk:signals") + f"?todo={code.split('.')[1]}"


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------
# HQ's escalated reports (逾期未通报); a place's bureau its own reports to notify, with the six
# hours' deadline, and the notifications it has to confirm. Kinds of RiskTodo (the sources'
# order is fixed), kept apart here.

EMERGENCY_LABELS = {
    "risk.emergency_overdue": lambda: _("突发公共卫生事件逾期未通报"),
    "risk.emergency_notify": lambda: _("突发公共卫生事件待通报其他成员"),
    "risk.emergency_acknowledge": lambda: _("突发公共卫生事件通报待确认收悉"),
}


def _emergency_codes(user) -> tuple[str, ...]:
    if user.role == Role.HQ:
        return ("risk.emergency_overdue",)
    if may_report_emergency(user):
        return ("risk.emergency_notify", "risk.emergency_acknowledge")
    return ()


def _emergency_kinds(user) -> list[TodoKind]:
    index = reverse("cooperation_risk:index")
    urls = {
        "risk.emergency_overdue": f"{index}?status=overdue",
        "risk.emergency_notify": f"{index}?status=pending",
        "risk.emergency_acknowledge": index,
    }
    return [
        TodoKind(
            code=code,
            label=EMERGENCY_LABELS[code](),
            nav="supervision",
            url=urls[code],
            clock=_("通报时限") if code != "risk.emergency_acknowledge" else "",
        )
        for code in _emergency_codes(user)
    ]


def _emergency_reports(user, code: str):
    if code == "risk.emergency_overdue":
        return selectors.escalated_emergencies()
    return selectors.emergencies_visible_to(user=user).filter(
        bureau_id=user.bureau_id, state=EmergencyState.RECORDED
    )


def _emergency_counts(user) -> dict[str, int]:
    counts = {}
    for code in _emergency_codes(user):
        if code == "risk.emergency_acknowledge":
            counts[code] = selectors.acknowledgements_awaiting(user=user).count()
        else:
            counts[code] = _emergency_reports(user, code).count()
    return counts


def _emergency_items(user, kind: TodoKind, limit: int) -> list[TodoItem]:
    if kind.code == "risk.emergency_acknowledge":
        rows = selectors.acknowledgements_awaiting(user=user).order_by("created_at", "pk")
        return [
            TodoItem(
                title=f"{row.report.number} {row.report.title}",
                url=reverse("cooperation_risk:emergency", args=[row.report_id]),
                detail=row.report.bureau.name,
            )
            for row in rows[:limit]
        ]
    reports = _emergency_reports(user, kind.code).order_by("learnt_at", "pk")[:limit]
    return [
        TodoItem(
            title=f"{report.number} {report.title}",
            url=reverse("cooperation_risk:emergency", args=[report.pk]),
            due_date=timezone.localtime(report.deadline).date(),
            detail=report.bureau.name,
        )
        for report in reports
    ]


class RiskTodo(TodoSource):
    code = "risk"
    position = 38
    written_through = frozenset({"risk", "cooperation_risk"})

    def kinds(self, user) -> list[TodoKind]:
        return [
            TodoKind(
                code=code,
                label=LABELS[code](),
                # HQ and the bureaus find seed 004 under 事中事后监管; the others have 风险预警.
                nav="supervision" if user.role in (Role.HQ, Role.BUREAU) else "risk",
                url=_url(code),
                clock=_("完成期限") if code in MEASURE_FILTERS else "",
            )
            for code in _codes(user)
        ] + _emergency_kinds(user)

    def counts(self, user) -> dict[str, int]:
        codes = _codes(user)
        counts: dict[str, int] = _emergency_counts(user)
        signal_codes = [c for c in codes if c in SIGNAL_FILTERS]
        if signal_codes:
            found = (
                _own_signals(user)
                .order_by()
                .aggregate(
                    **{
                        c.split(".")[1]: Count("pk", filter=SIGNAL_FILTERS[c](user))
                        for c in signal_codes
                    }
                )
            )
            counts.update({f"risk.{key}": n for key, n in found.items()})
        measure_codes = [c for c in codes if c in MEASURE_FILTERS]
        if measure_codes:
            found = (
                selectors.measures_visible_to(user=user)
                .order_by()
                .aggregate(
                    **{
                        c.split(".")[1]: Count("pk", filter=MEASURE_FILTERS[c](user))
                        for c in measure_codes
                    }
                )
            )
            counts.update({f"risk.{key}": n for key, n in found.items()})
        if "risk.acknowledge" in codes:
            counts["risk.acknowledge"] = (
                selectors.notifications_for(user=user).filter(acknowledged_at__isnull=True).count()
            )
        if "risk.opinions" in codes:
            counts["risk.opinions"] = AssessmentOpinion.objects.filter(
                expert__account=user,
                recorded_at__isnull=True,
                signal__state=SignalState.ASSESSING,
            ).count()
        return counts

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        if kind.code in EMERGENCY_LABELS:
            return _emergency_items(user, kind, limit)
        if kind.code in SIGNAL_FILTERS:
            signals = (
                selectors.signals_visible_to(user=user)
                .filter(SIGNAL_FILTERS[kind.code](user))
                .order_by("assessment_due_on", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{signal.number} {signal.product}",
                    url=reverse("risk:signal", args=[signal.pk]),
                    due_date=signal.assessment_due_on,
                    detail=signal.get_channel_display(),
                )
                for signal in signals
            ]
        if kind.code in MEASURE_FILTERS:
            measures = (
                selectors.measures_visible_to(user=user)
                .filter(MEASURE_FILTERS[kind.code](user))
                .order_by("due_on", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{measure.warning.number} · {measure.get_kind_display()}",
                    url=reverse("risk:measure", args=[measure.pk]),
                    due_date=measure.due_on,
                    detail=measure.responsible_bureau.name,
                )
                for measure in measures
            ]
        if kind.code == "risk.acknowledge":
            rows = (
                selectors.notifications_for(user=user)
                .filter(acknowledged_at__isnull=True)
                .order_by("due_at", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{row.warning.number} {row.warning.title}",
                    url=reverse("risk:warning", args=[row.warning_id]),
                    due_date=row.due_at.date(),
                    detail=row.get_grade_display(),
                )
                for row in rows
            ]
        if kind.code == "risk.opinions":
            opinions = (
                AssessmentOpinion.objects.filter(
                    expert__account=user,
                    recorded_at__isnull=True,
                    signal__state=SignalState.ASSESSING,
                )
                .select_related("signal")
                .order_by("signal__assessment_due_on", "pk")[:limit]
            )
            return [
                TodoItem(
                    title=f"{o.signal.number} {o.signal.product}",
                    url=reverse("risk:signal", args=[o.signal_id]),
                    due_date=o.signal.assessment_due_on,
                )
                for o in opinions
            ]
        return []


RISK_TODO = register(RiskTodo())
