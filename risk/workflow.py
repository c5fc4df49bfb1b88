"""风险预警与快速反应 (seed 004, 国发〔2017〕43号): the states and rules of its three cases.

A risk signal (风险信息, §二.2) comes from a channel the seed names, is assessed by members of the
expert committee (§二.5) and ends in a conclusion with a risk grade; a failed product assessment is
published with advice to consumers (§二.6). A graded warning (风险预警, §二.7–8) is issued by HQ or a
bureau within a scope, raised and lowered with reasons and lifted; every bureau in its scope is
notified and acknowledges. Rapid-response measures (快速反应措施, §二.9–10, 14) matched to the grade
are assigned to a responsible bureau with a deadline, reported on, evaluated and lifted."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule
from regions.cooperation import place_of


class Channel(models.TextChoices):
    """The channels of §二.2 (拓宽风险信息采集模式和采集渠道)."""

    LABORATORY = "laboratory", _("检验检测认证单位")
    PRODUCER = "producer", _("生产经营者报告")
    ACADEMIC = "academic", _("大专院校、科研院所")
    ASSOCIATION = "association", _("行业协会")
    COMPLAINT = "complaint", _("消费者投诉举报")
    MEDIA = "media", _("媒体与舆情")
    MONITORING = "monitoring", _("风险监测")
    INJURY = "injury", _("质量安全伤害、食源性疾病信息")
    OTHER = "other", pgettext_lazy("风险信息来源", "其他")


# The channels each reporter may use: the staff record those whose source has no account.
STAFF_CHANNELS = tuple(Channel.values)
CHANNELS_BY_ROLE = {
    Role.ENTERPRISE: (Channel.PRODUCER,),
    Role.AGENCY: (Channel.LABORATORY,),
    Role.ASSOCIATION: (Channel.ASSOCIATION,),
}


class Grade(models.TextChoices):
    """风险预警等级 (§二.7): I 级 (红色) is the most serious."""

    I = "I", _("Ⅰ级（红色）")  # noqa: E741
    II = "II", _("Ⅱ级（橙色）")
    III = "III", _("Ⅲ级（黄色）")
    IV = "IV", _("Ⅳ级（蓝色）")


GRADE_ORDER = {Grade.I: 1, Grade.II: 2, Grade.III: 3, Grade.IV: 4}
GRADE_COLOURS = {Grade.I: "red", Grade.II: "orange", Grade.III: "yellow", Grade.IV: "blue"}
# Grades a bureau may issue and adjust within its own scope; I and II are HQ's (ADR 0028).
BUREAU_GRADES = (Grade.III, Grade.IV)


def more_serious(a: str, b: str) -> bool:
    return GRADE_ORDER[a] < GRADE_ORDER[b]


class Conclusion(models.TextChoices):
    """评估结论: a grade of risk, or none found."""

    NO_RISK = "none", _("未发现风险")
    I = "I", _("Ⅰ级风险")  # noqa: E741
    II = "II", _("Ⅱ级风险")
    III = "III", _("Ⅲ级风险")
    IV = "IV", _("Ⅳ级风险")


class SignalState(models.TextChoices):
    REPORTED = "reported", _("待研判")
    ASSESSING = "assessing", _("评估中")
    CONCLUDED = "concluded", _("已评估")
    DISMISSED = "dismissed", pgettext_lazy("风险信息状态", "不予评估")
    MERGED = "merged", _("已合并")


OPEN_SIGNAL_STATES = (SignalState.REPORTED, SignalState.ASSESSING)


class Scope(models.TextChoices):
    """预警范围 (§二.8): one bureau's area, a zone, or the whole country."""

    BUREAU = "bureau", _("直属局关区")
    ZONE = "zone", _("片区")
    NATIONAL = "national", _("全国")


class WarningState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已发布")
    LIFTED = "lifted", _("已解除")


class MeasureKind(models.TextChoices):
    """一体化快速反应措施 (§二.9)."""

    LOWER_CREDIT = "lower_credit", _("降低信用等级")
    TRACE = "trace", _("追溯调查")
    RECALL = "recall", _("缺陷召回")
    TIGHTEN = "tighten", _("加严监管")
    RESTRICT_TRADE = "restrict_trade", _("限制或禁止进出口")
    SEAL = "seal", _("查封扣押")
    RETURN = "return", _("退运")
    SUSPEND_SALES = "suspend_sales", _("暂停销售")
    DESTROY = "destroy", _("销毁")


class MeasureState(models.TextChoices):
    ASSIGNED = "assigned", _("已部署")
    IN_PROGRESS = "in_progress", _("实施中")
    COMPLETED = "completed", pgettext_lazy("措施状态", "已完成")
    EVALUATED = "evaluated", _("已评价")
    LIFTED = "lifted", pgettext_lazy("措施状态", "已解除")


ACTIVE_MEASURE_STATES = (MeasureState.ASSIGNED, MeasureState.IN_PROGRESS)
UNLIFTED_MEASURE_STATES = (
    MeasureState.ASSIGNED,
    MeasureState.IN_PROGRESS,
    MeasureState.COMPLETED,
    MeasureState.EVALUATED,
)


class Effect(models.TextChoices):
    """风险预警效果评价 (§二.9)."""

    EFFECTIVE = "effective", _("风险已消除")
    PARTLY = "partly", _("风险降低")
    INEFFECTIVE = "ineffective", _("效果不明显")


# --- who may act ------------------------------------------------------------------------------


def is_hq(case, user) -> bool:
    return user.role == Role.HQ


def is_signal_unit(signal, user) -> bool:
    """HQ, or the bureau the signal was routed to: they study it, assess and conclude."""
    return user.role == Role.HQ or (user.role == Role.BUREAU and user.bureau_id == signal.bureau_id)


def is_issuer(warning, user) -> bool:
    """HQ, for every warning; a bureau, for the warnings it issues within its own area."""
    if user.role == Role.HQ:
        return True
    return (
        user.role == Role.BUREAU
        and warning.issuing_bureau_id is not None
        and user.bureau_id == warning.issuing_bureau_id
    )


def is_responsible_bureau(measure, user) -> bool:
    """The bureau a measure is assigned to: its head office staff start and complete it."""
    return user.role == Role.BUREAU and user.bureau_id == measure.responsible_bureau_id


def may_report_progress(measure, user) -> bool:
    """Progress comes from the responsible bureau, its inspectors in the field included."""
    return user.role in (Role.BUREAU, Role.INSPECTOR) and (
        user.bureau_id == measure.responsible_bureau_id
    )


def is_measure_issuer(measure, user) -> bool:
    """Who evaluates and lifts a measure: the issuer of its warning."""
    return is_issuer(measure.warning, user)


# --- conditions -------------------------------------------------------------------------------


def all_opinions_in(signal) -> bool:
    """The conclusion comes after every assigned expert has given an opinion."""
    return not signal.opinions.filter(recorded_at__isnull=True).exists()


SIGNAL_RULES: dict[str, Rule] = {
    "open_assessment": Rule(_("组织专家评估"), fields=("experts", "due_on")),
    "conclude": Rule(
        _("作出评估结论"),
        fields=("conclusion", "finding", "failed_product", "consumer_advice"),
    ),
    "dismiss": Rule(_("不予评估"), needs_reason=True),
    "merge": Rule(_("合并为重复信息"), needs_reason=True, fields=("into",)),
}

WARNING_RULES: dict[str, Rule] = {
    "issue": Rule(_("发布预警")),
    "raise_grade": Rule(_("提高预警等级"), needs_reason=True, fields=("grade",)),
    "lower_grade": Rule(_("降低预警等级"), needs_reason=True, fields=("grade",)),
    "lift": Rule(_("解除预警"), needs_reason=True),
}

MEASURE_RULES: dict[str, Rule] = {
    "start": Rule(_("开始实施")),
    "complete": Rule(_("报告完成"), fields=("result",)),
    "evaluate": Rule(_("评价措施效果"), fields=("effect", "evaluation")),
    "lift": Rule(_("解除措施"), needs_reason=True),
    # The system's: the warning is lifted or lowered below the grade the measure suits.
    "lift_with_warning": Rule(_("随预警解除")),
    # The system's: a measure past its deadline goes to the issuer (逾期督办).
    "escalate": Rule(_("逾期督办")),
}


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------
# 实现京津冀突发公共卫生事件应急处置情况在6小时内相互通报信息 (卫生司 leads; 通关司 and the three
# places' 出入境检验检疫部门 take part): a place's bureau records an emergency and notifies the
# other two places' bureaus within six hours on the wall clock of when it learnt of it; the
# system puts one not notified in time before HQ (ADR 0036).

# Six hours on the wall clock, nights and holidays included: an emergency does not wait for a
# working day (casework.deadlines counts working days; this clock does not).
EMERGENCY_NOTIFY_HOURS = 6


class EmergencyState(models.TextChoices):
    RECORDED = "recorded", _("待通报")
    NOTIFIED = "notified", _("已通报")


class EmergencyStatus(models.TextChoices):
    """What the clock says of a report (the list's filter and flag)."""

    PENDING = "pending", _("待通报（未逾期）")
    OVERDUE = "overdue", _("逾期未通报")
    NOTIFIED = "notified", _("按时通报")
    NOTIFIED_LATE = "notified_late", _("逾期通报")


def may_report_emergency(user) -> bool:
    """A head-office clerk of one of the three places' bureaus (出入境检验检疫部门)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.BUREAU
        and place_of(user) is not None
    )


def is_reporting_bureau(report, user) -> bool:
    """The bureau that recorded the emergency notifies the other members."""
    return may_report_emergency(user) and user.bureau_id == report.bureau_id


def notification_overdue(report) -> bool:
    """Escalated once: six hours are past and nobody has put it before HQ yet."""
    return report.escalated_at is None and timezone.now() > report.deadline


EMERGENCY_RULES: dict[str, Rule] = {
    "notify": Rule(_("通报其他成员"), fields=("handling",)),
    # The system's: six hours passed without the notification (逾期未通报，报总局).
    "escalate": Rule(_("逾期未通报，报总局")),
}
