"""What 风险预警与快速反应 tells the rest of the portal. The quality credit rule (casework.credit,
§二.11: 将企业质量安全责任落实情况及风险消减义务履行情况纳入质量信用管理): each issued warning that names an enterprise, at
the most serious grade it reached (ended when lifted), and each rapid-response measure against it
(a recall as its own kind; ended when lifted); and a weighted double-random draw, the factor of
an enterprise named by an active warning (casework.weighting)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from casework.credit import CreditFact, notify_credit_facts_changed, register_credit_source
from casework.weighting import register_risk_factor

from .models import ResponseMeasure, WarningHistory, WarningTarget
from .workflow import GRADE_ORDER, Grade, MeasureKind, WarningState


def _day(moment):
    return timezone.localdate(moment) if moment else None


def risk_facts(*, usccs: list[str]) -> list[CreditFact]:
    targets = list(
        WarningTarget.objects.filter(
            enterprise_uscc__in=usccs,
            warning__state__in=(WarningState.ISSUED, WarningState.LIFTED),
        ).values_list(
            "enterprise_uscc",
            "warning_id",
            "warning__number",
            "warning__grade",
            "warning__issued_at",
            "warning__lifted_at",
        )
    )
    raised: dict[int, list[str]] = {}
    for warning_id, data in WarningHistory.objects.filter(
        warning_id__in={t[1] for t in targets}, transition="raise_grade"
    ).values_list("warning_id", "data"):
        raised.setdefault(warning_id, []).append(data.get("to_grade"))
    facts = []
    for uscc, warning_id, number, grade, issued_at, lifted_at in targets:
        grades = [g for g in [grade, *raised.get(warning_id, [])] if g in GRADE_ORDER]
        worst = min(grades, key=GRADE_ORDER.get)
        facts.append(
            CreditFact(
                uscc=uscc,
                kind=f"warning_{worst.lower()}",
                label=gettext_lazy("被列入风险预警（%(grade)s）") % {"grade": Grade(worst).label},
                occurred_on=_day(issued_at),
                source="risk_warning",
                reference=number or "",
                ended_on=_day(lifted_at),
            )
        )
    for uscc, kind, label, number, assigned_at, lifted_at in ResponseMeasure.objects.filter(
        enterprise_uscc__in=usccs
    ).values_list("enterprise_uscc", "kind", "kind", "warning__number", "assigned_at", "lifted_at"):
        facts.append(
            CreditFact(
                uscc=uscc,
                kind="recall" if kind == MeasureKind.RECALL else "measure",
                label=gettext_lazy("被采取快速反应措施：%(kind)s")
                % {"kind": MeasureKind(label).label},
                occurred_on=_day(assigned_at),
                source="risk_measure",
                reference=number or "",
                ended_on=_day(lifted_at),
            )
        )
    return facts


def warning_usccs(warning) -> list[str]:
    return list(
        warning.targets.exclude(enterprise_uscc="").values_list("enterprise_uscc", flat=True)
    )


def facts_changed(*, usccs: list[str]) -> None:
    notify_credit_facts_changed(usccs=usccs)


register_credit_source(risk_facts)


# Risk-based supervision (casework.weighting): an enterprise named by an active warning weighs
# more in a weighted double-random draw, the more serious the warning the more (ADR 0009).
WARNING_FACTORS = {Grade.I: 5, Grade.II: 4, Grade.III: 3, Grade.IV: 2}


def warning_factors(*, usccs: list[str]) -> dict[str, tuple[int, str]]:
    worst: dict[str, str] = {}
    for uscc, grade in WarningTarget.objects.filter(
        enterprise_uscc__in=usccs, warning__state=WarningState.ISSUED
    ).values_list("enterprise_uscc", "warning__grade"):
        if uscc not in worst or GRADE_ORDER[grade] < GRADE_ORDER[worst[uscc]]:
            worst[uscc] = grade
    return {
        uscc: (WARNING_FACTORS[grade], str(Grade(grade).label)) for uscc, grade in worst.items()
    }


register_risk_factor(warning_factors)
