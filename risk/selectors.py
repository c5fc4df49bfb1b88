"""Every read of 风险预警与快速反应, scoped to what the reader may see, written once for pages, API
and exports.

Signals: HQ reads all; a bureau's staff the signals routed to their bureau; an expert those
assigned to them; a reporter (an enterprise, an agency, an association) its own, without the
experts' opinions. Warnings: HQ all; a bureau those it issues and those whose scope takes it in,
once issued; an enterprise the issued warnings that name it; the public every issued or lifted
warning without the enterprises it names. Measures: HQ all; a bureau those it carries out and
those of the warnings it issued; an enterprise those against it. A failed product assessment is
public with its advice (§二.6), nothing else of a signal is."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from regions.cooperation import PLACES, is_member, place_of
from regions.models import Bureau, Zone

from .models import (
    AssessmentOpinion,
    EmergencyAcknowledgement,
    EmergencyHistory,
    EmergencyReport,
    MeasureCatalogueEntry,
    MeasureHistory,
    MeasureProgress,
    ResponseMeasure,
    RiskSignal,
    RiskWarning,
    SignalDocument,
    SignalHistory,
    WarningHistory,
    WarningNotification,
    WarningTarget,
)
from .workflow import (
    ACTIVE_MEASURE_STATES,
    EMERGENCY_NOTIFY_HOURS,
    Channel,
    EmergencyState,
    EmergencyStatus,
    Grade,
    Scope,
    SignalState,
    WarningState,
)

STAFF_ROLES = (Role.BUREAU, Role.INSPECTOR, Role.EXPERT)
PUBLIC_WARNING_STATES = (WarningState.ISSUED, WarningState.LIFTED)


def _uscc_of(user) -> str:
    enterprise = getattr(user, "enterprise", None) if user.enterprise_id else None
    return enterprise.uscc if enterprise is not None else ""


def is_staff_reader(user) -> bool:
    """HQ and bureau staff: they read the inside of the records they see."""
    return user.is_authenticated and (user.role == Role.HQ or user.role in STAFF_ROLES)


# --- 风险信息 ---------------------------------------------------------------------------------


def signals_visible_to(*, user) -> QuerySet[RiskSignal]:
    signals = RiskSignal.objects.select_related("bureau", "merged_into", "complaint")
    if not user.is_authenticated:
        return signals.none()
    if user.role == Role.HQ:
        return signals
    assigned = Q(
        Exists(AssessmentOpinion.objects.filter(signal=OuterRef("pk"), expert__account=user))
    )
    if user.role in STAFF_ROLES and user.bureau_id is not None:
        return signals.filter(Q(bureau_id=user.bureau_id) | assigned)
    if user.role == Role.ENTERPRISE and user.enterprise_id is not None:
        return signals.filter(reported_by__enterprise_id=user.enterprise_id)
    return signals.filter(Q(reported_by=user) | assigned)


def may_read_assessment(*, signal: RiskSignal, user) -> bool:
    """The experts' opinions and the finding are for the assessing unit and the experts: a
    reporter from outside sees the state and, once concluded, the conclusion and the advice."""
    if user.role == Role.HQ:
        return True
    # The bureau's clerks and inspectors; an expert account only for a signal assigned to it
    # (the committee's members read one another's opinions on what they assess together).
    if user.role in (Role.BUREAU, Role.INSPECTOR) and user.bureau_id == signal.bureau_id:
        return True
    return signal.opinions.filter(expert__account=user).exists()


def signal_history(*, signal: RiskSignal) -> QuerySet[SignalHistory]:
    return signal.history.select_related("actor").order_by("pk")


def signal_documents(*, signal: RiskSignal) -> QuerySet[SignalDocument]:
    return signal.documents.select_related("uploaded_by").order_by("pk")


def signal_opinions(*, signal: RiskSignal) -> QuerySet[AssessmentOpinion]:
    return signal.opinions.select_related("expert", "recorded_by").order_by("pk")


def opinion_awaiting(*, signal: RiskSignal, user) -> AssessmentOpinion | None:
    """The opinion `user` owes as the expert assigned, while the assessment is open."""
    if signal.state != SignalState.ASSESSING:
        return None
    return signal.opinions.filter(expert__account=user, recorded_at__isnull=True).first()


def signal_duplicates(*, signal: RiskSignal) -> QuerySet[RiskSignal]:
    return signal.duplicates.order_by("pk")


def public_assessments() -> QuerySet[RiskSignal]:
    """风险评估结果不合格的产品 (§二.6: 及时向社会公布，并提醒消费者)."""
    return RiskSignal.objects.filter(state=SignalState.CONCLUDED, failed_product=True).order_by(
        "-concluded_at", "-pk"
    )


# --- 风险预警 ---------------------------------------------------------------------------------


def bureaus_in_scope(*, warning: RiskWarning) -> QuerySet[Bureau]:
    """The bureaus a warning reaches: one, a zone's members, or all."""
    if warning.scope == Scope.BUREAU:
        return Bureau.objects.filter(pk=warning.scope_bureau_id)
    if warning.scope == Scope.ZONE:
        return Bureau.objects.filter(memberships__zone_id=warning.scope_zone_id).order_by("pk")
    return Bureau.objects.order_by("pk")


def warnings_visible_to(*, user) -> QuerySet[RiskWarning]:
    warnings = RiskWarning.objects.select_related(
        "issuing_bureau", "scope_bureau", "scope_zone", "standard"
    )
    if not user.is_authenticated:
        return public_warnings()
    if user.role == Role.HQ:
        return warnings
    if user.role in STAFF_ROLES and user.bureau_id is not None:
        notified = Exists(
            WarningNotification.objects.filter(warning=OuterRef("pk"), bureau_id=user.bureau_id)
        )
        return warnings.filter(Q(issuing_bureau_id=user.bureau_id) | Q(notified))
    if shares_warnings(user):
        return warnings.filter(shared_with_cooperation())
    uscc = _uscc_of(user) if user.role == Role.ENTERPRISE else ""
    if uscc:
        named = Exists(WarningTarget.objects.filter(warning=OuterRef("pk"), enterprise_uscc=uscc))
        return warnings.filter(Q(state__in=PUBLIC_WARNING_STATES) & Q(named))
    return warnings.none()


def public_warnings() -> QuerySet[RiskWarning]:
    return (
        RiskWarning.objects.filter(state__in=PUBLIC_WARNING_STATES)
        .select_related("issuing_bureau", "scope_bureau", "scope_zone")
        .order_by("-issued_at", "-pk")
    )


def warning_targets(*, warning: RiskWarning, user) -> QuerySet[WarningTarget]:
    targets = warning.targets.order_by("pk")
    if is_staff_reader(user) or shares_warnings(user):
        return targets
    uscc = _uscc_of(user) if user.is_authenticated and user.role == Role.ENTERPRISE else ""
    return targets.filter(enterprise_uscc=uscc) if uscc else targets.none()


def warning_history(*, warning: RiskWarning) -> QuerySet[WarningHistory]:
    return warning.history.select_related("actor").order_by("pk")


def warning_notifications(*, warning: RiskWarning) -> QuerySet[WarningNotification]:
    return warning.notifications.select_related("bureau", "acknowledged_by", "entry").order_by(
        "-entry_id", "bureau_id"
    )


def notifications_for(*, user) -> QuerySet[WarningNotification]:
    """A bureau's inbox of warnings (预警通报); HQ reads every bureau's."""
    rows = WarningNotification.objects.select_related("warning", "bureau", "entry")
    if not user.is_authenticated:
        return rows.none()
    if user.role == Role.HQ:
        return rows
    if user.role in STAFF_ROLES and user.bureau_id is not None:
        return rows.filter(bureau_id=user.bureau_id)
    return rows.none()


def standard_in_force():
    from .models import WarningStandard

    return WarningStandard.in_force()


def catalogue() -> list[MeasureCatalogueEntry]:
    return list(MeasureCatalogueEntry.objects.order_by("pk"))


def catalogue_for(*, grade: str) -> list[MeasureCatalogueEntry]:
    """The measures that suit a warning of `grade` (§二.9: 与风险预警等级相适应)."""
    return [entry for entry in catalogue() if entry.suits(grade)]


# --- 快速反应措施 ------------------------------------------------------------------------------


def measures_visible_to(*, user) -> QuerySet[ResponseMeasure]:
    measures = ResponseMeasure.objects.select_related(
        "warning", "warning__issuing_bureau", "responsible_bureau"
    )
    if not user.is_authenticated:
        return measures.none()
    if user.role == Role.HQ:
        return measures
    if user.role in STAFF_ROLES and user.bureau_id is not None:
        return measures.filter(
            Q(responsible_bureau_id=user.bureau_id) | Q(warning__issuing_bureau_id=user.bureau_id)
        )
    uscc = _uscc_of(user) if user.role == Role.ENTERPRISE else ""
    if uscc:
        return measures.filter(enterprise_uscc=uscc)
    return measures.none()


def measure_history(*, measure: ResponseMeasure) -> QuerySet[MeasureHistory]:
    return measure.history.select_related("actor").order_by("pk")


def measure_progress(*, measure: ResponseMeasure) -> QuerySet[MeasureProgress]:
    return measure.progress.select_related("reported_by").order_by("pk")


def overdue_measures(*, today: date | None = None, after_days: int = 0):
    """Active measures past their deadline by more than `after_days`, not yet escalated."""
    today = today or timezone.localdate()
    return ResponseMeasure.objects.filter(
        state__in=ACTIVE_MEASURE_STATES,
        escalated_at__isnull=True,
        due_on__lt=today - timedelta(days=after_days),
    ).order_by("due_on", "pk")


# --- 总览 (issue 17 point 8) --------------------------------------------------------------------


def overview(*, user) -> dict:
    """Active warnings by grade, open measures by due date, signals by channel and month: each
    a few grouped queries over what `user` sees."""
    today = timezone.localdate()
    warnings = warnings_visible_to(user=user).filter(state=WarningState.ISSUED)
    by_grade = dict(warnings.values_list("grade").annotate(n=Count("pk")).order_by())
    measures = measures_visible_to(user=user).filter(state__in=ACTIVE_MEASURE_STATES)
    buckets = measures.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        week=Count("pk", filter=Q(due_on__gte=today, due_on__lt=today + timedelta(days=7))),
        month=Count(
            "pk",
            filter=Q(due_on__gte=today + timedelta(days=7), due_on__lt=today + timedelta(days=30)),
        ),
        later=Count("pk", filter=Q(due_on__gte=today + timedelta(days=30))),
    )
    since = date(today.year - 1, today.month, 1)
    months = (
        signals_visible_to(user=user)
        .filter(reported_at__date__gte=since)
        .annotate(month=TruncMonth("reported_at"))
        .values_list("month", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, channel, n in months:
        by_month[month.strftime("%Y-%m")][channel] = n
    return {
        "warnings_by_grade": [
            (grade, label, by_grade.get(grade, 0)) for grade, label in Grade.choices
        ],
        "measures_by_due": [
            ("overdue", _("已逾期"), buckets["overdue"]),
            ("week", _("7 日内到期"), buckets["week"]),
            ("month", _("30 日内到期"), buckets["month"]),
            ("later", _("30 日后到期"), buckets["later"]),
        ],
        "channels": Channel.choices,
        "signals_by_month": sorted(by_month.items()),
    }


# --- 京津冀区域风险信息共享 (seed 003 §三.9, 26, 30) --------------------------------------------


def shares_warnings(user) -> bool:
    """The cooperation's members who see no warning as a bureau: the three places' quality
    authorities, 认监委 and 标准委. A warning whose scope covers the three places reaches them
    (§三.9: 区域风险信息共享), read only; the bureaus and HQ keep what they saw."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role in (Role.QUALITY_AUTHORITY, Role.HQ_DEPARTMENT)
        and is_member(user)
    )


def zones_covering_places() -> QuerySet[Zone]:
    """The zones whose members include all three places' bureaus (京津冀专区, 东北片区)."""
    return Zone.objects.annotate(
        places=Count("memberships", filter=Q(memberships__bureau__code__in=PLACES))
    ).filter(places=len(PLACES))


def shared_with_cooperation() -> Q:
    """The warnings the cooperation shares: issued (or issued and since lifted) and scoped to the
    country or to a zone covering the three places. A draft is nobody's but its author's."""
    return Q(state__in=PUBLIC_WARNING_STATES) & (
        Q(scope=Scope.NATIONAL)
        | Q(scope=Scope.ZONE, scope_zone__in=zones_covering_places().values("pk"))
    )


def shared_warnings(*, user) -> QuerySet[RiskWarning]:
    """What `user` sees of the shared warnings, newest first (the cooperation's page)."""
    return (
        warnings_visible_to(user=user)
        .filter(shared_with_cooperation())
        .order_by("-issued_at", "-pk")
    )


def emergencies_visible_to(*, user) -> QuerySet[EmergencyReport]:
    """HQ (卫生司 leads) reads every report; a place's bureau staff its bureau's own and those
    notified to it. Nobody else: the quality authorities, 认监委 and 标准委 take no part in
    §三.30 (ADR 0036)."""
    rows = EmergencyReport.objects.select_related("bureau", "recorded_by")
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if user.role == Role.HQ:
        return rows
    if user.role in (Role.BUREAU, Role.INSPECTOR) and place_of(user) is not None:
        notified = Exists(
            EmergencyAcknowledgement.objects.filter(report=OuterRef("pk"), bureau_id=user.bureau_id)
        )
        return rows.filter(Q(bureau_id=user.bureau_id) | Q(notified))
    return rows.none()


def emergency_overdue_q(now=None) -> Q:
    """Not notified, the six hours past (escalated by the sweep, or about to be)."""
    now = now or timezone.now()
    return Q(state=EmergencyState.RECORDED, learnt_at__lt=now - _notify_window())


def _notify_window() -> timedelta:
    return timedelta(hours=EMERGENCY_NOTIFY_HOURS)


def emergencies_with_status(rows: QuerySet[EmergencyReport], status: str):
    now = timezone.now()
    window = _notify_window()
    if status == EmergencyStatus.PENDING:
        return rows.filter(state=EmergencyState.RECORDED, learnt_at__gte=now - window)
    if status == EmergencyStatus.OVERDUE:
        return rows.filter(emergency_overdue_q(now))
    if status == EmergencyStatus.NOTIFIED:
        return rows.filter(state=EmergencyState.NOTIFIED, notified_at__lte=F("learnt_at") + window)
    if status == EmergencyStatus.NOTIFIED_LATE:
        return rows.filter(state=EmergencyState.NOTIFIED, notified_at__gt=F("learnt_at") + window)
    return rows


def emergencies_filtered(*, user, status: str = "", place: str = "") -> QuerySet[EmergencyReport]:
    rows = emergencies_visible_to(user=user)
    if place in PLACES:
        rows = rows.filter(bureau__code=place)
    return emergencies_with_status(rows, status).order_by("-learnt_at", "-pk")


def overdue_emergencies(*, now=None) -> QuerySet[EmergencyReport]:
    """What the sweep escalates: not notified, past six hours, not yet put before HQ."""
    return EmergencyReport.objects.filter(
        emergency_overdue_q(now), escalated_at__isnull=True
    ).order_by("learnt_at", "pk")


def escalated_emergencies() -> QuerySet[EmergencyReport]:
    """HQ's waiting work: escalated and still not notified."""
    return EmergencyReport.objects.filter(
        state=EmergencyState.RECORDED, escalated_at__isnull=False
    ).select_related("bureau")


def emergency_history(*, report: EmergencyReport) -> QuerySet[EmergencyHistory]:
    return report.history.select_related("actor").order_by("pk")


def emergency_acknowledgements(*, report: EmergencyReport) -> QuerySet[EmergencyAcknowledgement]:
    return report.acknowledgements.select_related("bureau", "acknowledged_by").order_by("bureau_id")


def acknowledgements_awaiting(*, user) -> QuerySet[EmergencyAcknowledgement]:
    """The notifications a bureau's head office has yet to confirm (收悉)."""
    rows = EmergencyAcknowledgement.objects.select_related("report", "report__bureau")
    if (
        not getattr(user, "is_authenticated", False)
        or user.role != Role.BUREAU
        or place_of(user) is None
    ):
        return rows.none()
    return rows.filter(bureau_id=user.bureau_id, acknowledged_at__isnull=True)


def acknowledgement_awaiting(*, report: EmergencyReport, user) -> EmergencyAcknowledgement | None:
    return acknowledgements_awaiting(user=user).filter(report=report).first()
