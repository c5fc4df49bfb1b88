"""风险预警与快速反应 as programmes of the case engine (casework): the risk signal, the graded
warning and the rapid-response measure. The kernel checks the caller, locks the case and writes
the history (docs/programmes.md); this module says what only seed 004 knows: the experts an
assessment draws or names, the conclusion and its advice to consumers, the warning's numbers and
the grades a bureau may give, the notifications of the bureaus in scope, and the measures that
end with the warning."""

import secrets
from datetime import date, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from casework.numbering import next_number
from casework.programmes import Programme, programme, register
from experts.models import Expert
from regions.cooperation import PLACES
from regions.models import Bureau

from . import workflow as wf
from .models import (
    AssessmentOpinion,
    EmergencyAcknowledgement,
    EmergencyHistory,
    EmergencyReport,
    MeasureCatalogueEntry,
    MeasureHistory,
    ResponseMeasure,
    RiskSettings,
    RiskSignal,
    RiskWarning,
    SignalHistory,
    WarningHistory,
)
from .workflow import Conclusion, Effect, Grade, SignalState

MAX_EXPERTS = 15


def signal_number(year: int) -> str:
    """风险信息编号: FX-2026-000001, one running number a year."""
    return f"FX-{year}-{next_number(f'risk:signal:{year}'):06d}"


def warning_number(year: int) -> str:
    """预警编号: YJ-2026-0001, one running number a year, given when the warning is issued."""
    return f"YJ-{year}-{next_number(f'risk:warning:{year}'):04d}"


def _text(data: dict, field: str, message, errors: dict) -> str:
    value = data.get(field)
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        errors[field] = [message]
    return value


def future_date(value, field: str, default: date) -> date:
    """A date from the body (a date, or ISO text), `default` when absent; not in the past."""
    if value in (None, ""):
        return default
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise InvalidTransitionInput(field_errors={field: [_("请填写有效的日期。")]})
    if value < timezone.localdate():
        raise InvalidTransitionInput(field_errors={field: [_("期限不能早于今天。")]})
    return value


def _ids(value) -> list[int] | None:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        return None
    ids = []
    for item in value:
        if isinstance(item, bool):
            return None
        try:
            ids.append(int(item))
        except (TypeError, ValueError):
            return None
    return ids


def grade_allowed(actor, grade: str) -> bool:
    """Grades Ⅰ and Ⅱ are HQ's to give (ADR 0028); a bureau gives Ⅲ and Ⅳ."""
    return actor.role == "hq" or grade in wf.BUREAU_GRADES


class RiskSignals(Programme):
    """风险信息: reported, assessed by experts and concluded, dismissed, or merged."""

    code = "risk_signal"
    label = gettext_lazy("风险信息")
    case_model = RiskSignal
    history_model = SignalHistory
    history_case_field = "signal"
    rules = wf.SIGNAL_RULES
    lock_related = ("bureau",)

    def condition_refused(self, case, name):
        if name == "conclude":
            return TransitionNotAllowed(_("尚有评估专家未提出意见，暂不能作出结论。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "open_assessment":
            return self._assessment(case, data)
        if name == "conclude":
            return self._conclusion(data)
        if name == "merge":
            into = self._merge_target(case, actor, data.get("into"))
            return {"into": into}, {"into": into.number}
        return {}, {}

    @staticmethod
    def _assessment(case, data) -> tuple[dict, dict]:
        """The experts: named from the committee (`experts`), drawn at random from it (`draw`:
        how many), or both; the deadline from HQ's setting unless given."""
        chosen = _ids(data.get("experts"))
        draw = data.get("draw", 0)
        errors = {}
        if chosen is None:
            errors["experts"] = [_("请选择专家委员会委员。")]
            chosen = []
        if draw in (None, ""):
            draw = 0
        if isinstance(draw, bool) or not isinstance(draw, int | str):
            errors["draw"] = [_("请填写随机抽取的人数。")]
            draw = 0
        else:
            try:
                draw = int(draw)
            except ValueError:
                errors["draw"] = [_("请填写随机抽取的人数。")]
                draw = 0
        if not 0 <= draw <= MAX_EXPERTS:
            errors["draw"] = [_("随机抽取人数应在 0 至 %(n)s 之间。") % {"n": MAX_EXPERTS}]
        admitted = Expert.objects.filter(status=Expert.Status.ADMITTED)
        named = list(admitted.filter(pk__in=chosen).order_by("pk"))
        if len(named) != len(set(chosen)):
            errors["experts"] = [_("所选专家不在专家委员会中。")]
        if errors:
            raise InvalidTransitionInput(field_errors=errors)
        drawn = []
        if draw:
            pool = list(
                admitted.exclude(pk__in=[e.pk for e in named])
                .order_by("pk")
                .values_list("pk", "products")
            )
            # Those whose products name the signal's product are drawn first (§二.5: 专业化).
            matching = [pk for pk, products in pool if case.product in products]
            others = [pk for pk, products in pool if case.product not in products]
            rng = secrets.SystemRandom()
            drawn = rng.sample(matching, min(draw, len(matching)))
            if len(drawn) < draw:
                drawn += rng.sample(others, min(draw - len(drawn), len(others)))
            if len(drawn) < draw:
                raise InvalidTransitionInput(
                    field_errors={"draw": [_("专家委员会可抽取的委员不足。")]}
                )
        if not named and not drawn:
            raise InvalidTransitionInput(
                field_errors={"experts": [_("请至少选择或抽取一名专家委员会委员。")]}
            )
        if len(named) + len(drawn) > MAX_EXPERTS:
            raise InvalidTransitionInput(
                field_errors={"experts": [_("评估专家不能超过 %(n)s 名。") % {"n": MAX_EXPERTS}]}
            )
        default = timezone.localdate() + timedelta(days=RiskSettings.current().assessment_days)
        due_on = future_date(data.get("due_on"), "due_on", default)
        return {"due_on": due_on}, {
            "experts": [e.pk for e in named],
            "drawn": sorted(drawn),
            "due_on": due_on.isoformat(),
        }

    @staticmethod
    def _conclusion(data) -> tuple[dict, dict]:
        errors = {}
        conclusion = data.get("conclusion")
        if conclusion not in Conclusion.values:
            errors["conclusion"] = [_("请选择评估结论。")]
        finding = _text(data, "finding", _("请填写评估意见。"), errors)
        failed = data.get("failed_product", False)
        if not isinstance(failed, bool):
            errors["failed_product"] = [_("请选择是或否。")]
            failed = False
        advice = data.get("consumer_advice") or ""
        advice = advice.strip() if isinstance(advice, str) else ""
        if failed and not advice:
            errors["consumer_advice"] = [
                _("评估不合格的产品须向社会公布并提示消费者，请填写消费提示。")
            ]
        if failed and conclusion == Conclusion.NO_RISK:
            errors["failed_product"] = [_("未发现风险的，不能判定产品评估不合格。")]
        if errors:
            raise InvalidTransitionInput(field_errors=errors)
        arguments = {
            "conclusion": conclusion,
            "finding": finding,
            "failed_product": failed,
            "consumer_advice": advice,
        }
        return arguments, {"conclusion": conclusion, "failed_product": failed}

    @staticmethod
    def _merge_target(case, actor, given) -> RiskSignal:
        """The signal `case` repeats: by number, one the actor handles, still standing."""
        number = given.strip() if isinstance(given, str) else ""
        target = (
            RiskSignal.objects.select_related("bureau").filter(number=number).first()
            if number
            else None
        )
        if (
            target is None
            or target.pk == case.pk
            or not wf.is_signal_unit(target, actor)
            or target.state in (SignalState.MERGED, SignalState.DISMISSED)
        ):
            raise InvalidTransitionInput(
                field_errors={
                    "into": [_("请填写本单位承办、尚在处理或已评估的另一条风险信息编号。")]
                }
            )
        return target

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """Opening the assessment lays one opinion row per expert."""
        if name == "open_assessment":
            drawn = set(record["drawn"])
            AssessmentOpinion.objects.bulk_create(
                AssessmentOpinion(signal=case, expert_id=pk, drawn=pk in drawn)
                for pk in sorted([*record["experts"], *record["drawn"]])
            )
        return []


RISK_SIGNALS = register(RiskSignals())


class RiskWarnings(Programme):
    """风险预警: issued, raised and lowered with reasons, lifted; its scope is notified."""

    code = "risk_warning"
    label = gettext_lazy("风险预警")
    case_model = RiskWarning
    history_model = WarningHistory
    history_case_field = "warning"
    rules = wf.WARNING_RULES
    lock_related = ("issuing_bureau", "scope_bureau", "scope_zone", "standard")

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "issue":
            if not grade_allowed(actor, case.grade):
                raise InvalidTransitionInput(
                    field_errors={"grade": [_("Ⅰ级、Ⅱ级预警由总局发布，请报总局。")]}
                )
            number = warning_number(timezone.localdate().year)
            return {"number": number}, {"number": number, "grade": case.grade}
        if name in ("raise_grade", "lower_grade"):
            grade = data.get("grade")
            if grade not in Grade.values:
                raise InvalidTransitionInput(field_errors={"grade": [_("请选择预警等级。")]})
            higher = wf.more_serious(grade, case.grade)
            if (name == "raise_grade") != higher or grade == case.grade:
                message = (
                    _("请选择高于当前等级的预警等级。")
                    if name == "raise_grade"
                    else _("请选择低于当前等级的预警等级。")
                )
                raise InvalidTransitionInput(field_errors={"grade": [message]})
            if not grade_allowed(actor, grade):
                raise InvalidTransitionInput(
                    field_errors={"grade": [_("Ⅰ级、Ⅱ级预警由总局发布，请报总局。")]}
                )
            return {"grade": grade}, {"from_grade": case.grade, "to_grade": grade}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """The enterprises it names have their credit recomputed (§二.11). Lowering the warning
        lifts the measures its new grade no longer suits; lifting it lifts them all (§二.9: 动态
        调整风险等级直至解除相关措施). Locks: warning, then measures."""
        from .credit_facts import facts_changed, warning_usccs

        facts_changed(usccs=warning_usccs(case))
        if name not in ("lower_grade", "lift"):
            return []
        measures = ResponseMeasure.objects.filter(
            warning=case, state__in=wf.UNLIFTED_MEASURE_STATES
        ).order_by("pk")
        if name == "lower_grade":
            suited = {
                entry.kind
                for entry in MeasureCatalogueEntry.objects.all()
                if entry.suits(case.grade)
            }
            measures = measures.exclude(kind__in=suited)
        from casework.services import case_transition

        lifted = []
        for measure in measures:
            case_transition(
                programme=programme("risk_measure"),
                case=measure,
                name="lift_with_warning",
                actor=None,
                comment=str(record.get("number") or case.number),
            )
            lifted.append(measure.pk)
        record["measures_lifted"] = lifted
        return []

    def on_recorded(self, entry) -> list:
        """Every bureau in scope is notified (inbox and e-mail) and acknowledges."""
        from . import notifications

        return notifications.notify_scope(entry)


RISK_WARNINGS = register(RiskWarnings())


class RiskMeasures(Programme):
    """快速反应措施: assigned, started, completed, evaluated and lifted."""

    code = "risk_measure"
    label = gettext_lazy("快速反应措施")
    case_model = ResponseMeasure
    history_model = MeasureHistory
    history_case_field = "measure"
    rules = wf.MEASURE_RULES
    lock_related = ("warning", "responsible_bureau")

    def prepare(self, name, case, actor, *, comment, **data):
        errors = {}
        if name == "complete":
            result = _text(data, "result", _("请填写措施完成情况。"), errors)
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            record = {}
            if case.is_recall:
                record = {
                    "quantity_recalled": str(case.quantity_recalled),
                    "quantity_concerned": str(case.quantity_concerned),
                }
            return {"result": result}, record
        if name == "evaluate":
            effect = data.get("effect")
            if effect not in Effect.values:
                errors["effect"] = [_("请选择效果评价。")]
            evaluation = _text(data, "evaluation", _("请填写评价意见。"), errors)
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            return {"effect": effect, "evaluation": evaluation}, {"effect": effect}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """A measure lifted ends its credit fact (§二.11)."""
        if name in ("lift", "lift_with_warning") and case.enterprise_uscc:
            from .credit_facts import facts_changed

            facts_changed(usccs=[case.enterprise_uscc])
        return []

    def on_recorded(self, entry) -> list:
        """An escalated measure is put before its warning's issuer (inbox and e-mail)."""
        if entry.transition != "escalate":
            return []
        from . import notifications

        return notifications.escalation_mail(entry)


RISK_MEASURES = register(RiskMeasures())


def emergency_number(year: int) -> str:
    """突发公共卫生事件通报编号: JJJWS-2026-0001, one running number a year."""
    return f"JJJWS-{year}-{next_number(f'risk:emergency:{year}'):04d}"


class RiskEmergencies(Programme):
    """京津冀突发公共卫生事件通报 (seed 003 §三.30): recorded, notified to the other places' bureaus
    within six hours; escalated to HQ by the system when the six hours pass first."""

    code = "risk_emergency"
    label = gettext_lazy("突发公共卫生事件通报")
    case_model = EmergencyReport
    history_model = EmergencyHistory
    history_case_field = "report"
    rules = wf.EMERGENCY_RULES
    lock_related = ("bureau",)

    def condition_refused(self, case, name):
        # Only the sweep escalates, and only once: a second sweep meets an escalated report.
        return TransitionNotAllowed(_("该通报未逾期或已报总局。"))

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "notify":
            errors = {}
            handling = _text(data, "handling", _("请填写应急处置情况。"), errors)
            if len(handling) > 10_000:
                errors["handling"] = [_("不能超过 %(limit)s 个字。") % {"limit": 10_000}]
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            late = timezone.now() > case.deadline
            return {"handling": handling}, {"late": late}
        if name == "escalate":
            return {}, {"deadline": case.deadline.isoformat()}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """Notifying lays one acknowledgement per other place's bureau (卫生司 leads; the three
        places' 出入境检验检疫部门 take part: ADR 0036)."""
        if name == "notify":
            others = Bureau.objects.filter(code__in=PLACES).exclude(pk=case.bureau_id)
            EmergencyAcknowledgement.objects.bulk_create(
                EmergencyAcknowledgement(report=case, bureau=bureau)
                for bureau in others.order_by("pk")
            )
            record["notified"] = sorted(others.values_list("code", flat=True))
        return []

    def on_recorded(self, entry) -> list:
        """Notified: the other places' bureaus are e-mailed; escalated: HQ is (ADR 0036)."""
        from . import notifications

        return notifications.emergency_mail(entry)


RISK_EMERGENCIES = register(RiskEmergencies())
