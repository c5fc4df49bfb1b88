"""Every read of demonstration zones, scoped to what the reader may see."""

from datetime import date, datetime, time

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import (
    ArchiveEvent,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneDocument,
    ZoneEnterprise,
    ZoneHistory,
)
from .workflow import Level, State

PUBLIC_STATES = (State.DESIGNATED, State.WITHDRAWN)


def zones_visible_to(*, user) -> QuerySet[DemonstrationZone]:
    """HQ: every zone; a bureau: the zones in its jurisdiction; a local government's staff: its
    own applications. Nobody else sees an application before it is public."""
    zones = DemonstrationZone.objects.select_related("applicant", "bureau")
    if not user.is_authenticated:
        return zones.none()
    if user.role == Role.HQ:
        return zones
    if user.role == Role.BUREAU:
        return zones.filter(bureau_id=user.bureau_id)
    if user.role == Role.GOVERNMENT:
        return zones.filter(applicant_id=user.organisation_id)
    return zones.none()


def public_zones() -> QuerySet[DemonstrationZone]:
    """示范区名录: designated zones and withdrawn titles with the reason; nothing confidential."""
    return (
        DemonstrationZone.objects.filter(state__in=PUBLIC_STATES)
        .select_related("applicant", "bureau")
        .prefetch_related(
            Prefetch("enterprises", queryset=public_enterprises(), to_attr="titled_enterprises")
        )
        .order_by("-designated_at", "-pk")
    )


def zone_for_verification(*, number: str) -> DemonstrationZone | None:
    return public_zones().filter(number=number).first()


def documents_of(*, zone: DemonstrationZone, user) -> QuerySet[ZoneDocument]:
    if not zones_visible_to(user=user).filter(pk=zone.pk).exists():
        return ZoneDocument.objects.none()
    return zone.documents.select_related("uploaded_by")


def waiting_for(*, user) -> Q:
    """The zones that wait for `user`'s next step: a local government's drafts and applications
    returned for revision; a bureau's applications to recommend (or return) and the provincial
    zones it assesses; HQ's recommended, assessing and assessed national zones."""
    if user.role == Role.GOVERNMENT:
        return Q(state__in=[State.DRAFT, State.RETURNED])
    if user.role == Role.BUREAU:
        return Q(state=State.SUBMITTED) | Q(
            level=Level.PROVINCIAL, state__in=[State.ASSESSING, State.ASSESSED]
        )
    if user.role == Role.HQ:
        return Q(
            level=Level.NATIONAL,
            state__in=[State.RECOMMENDED, State.ASSESSING, State.ASSESSED],
        )
    return Q(pk__in=[])


def worklist(*, user, state: str = "", level: str = "") -> QuerySet[DemonstrationZone]:
    """The zones `user` sees, those waiting for them first (`waiting`), then the newest first."""
    zones = zones_visible_to(user=user)
    if state:
        zones = zones.filter(state=state)
    if level:
        zones = zones.filter(level=level)
    return zones.annotate(
        waiting=Case(
            When(waiting_for(user=user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-waiting", "-pk")


def standards_visible_to(*, user) -> QuerySet[AssessmentStandard]:
    """省级示范区评估标准: a bureau's own versions; HQ every bureau's; a local government the
    standards of its bureau, which it applies against (§七.2: the bureau publishes them)."""
    standards = AssessmentStandard.objects.select_related("bureau", "published_by")
    if not user.is_authenticated:
        return standards.none()
    if user.role == Role.HQ:
        return standards.order_by("bureau_id", "-version")
    if user.role == Role.BUREAU:
        return standards.filter(bureau_id=user.bureau_id).order_by("-version")
    if user.role == Role.GOVERNMENT and user.organisation_id is not None:
        return standards.filter(bureau__organisations=user.organisation_id).order_by("-version")
    return standards.none()


def zone_history(*, zone: DemonstrationZone) -> QuerySet[ZoneHistory]:
    """流转记录 of a zone the reader sees, oldest first."""
    return zone.history.select_related("actor").order_by("pk")


# ---------------------------------------------------------------- enterprises and archives


def _sees(zone: DemonstrationZone, user) -> bool:
    return zones_visible_to(user=user).filter(pk=zone.pk).exists()


def enterprises_of(*, zone: DemonstrationZone, user) -> QuerySet[ZoneEnterprise]:
    """入区企业 of a zone (proposals and those that left included), for whoever sees the zone:
    HQ, its bureau and its local government."""
    if not _sees(zone, user):
        return ZoneEnterprise.objects.none()
    return (
        ZoneEnterprise.objects.filter(zone=zone)
        .select_related("zone", "proposed_by", "admitted_by", "exited_by")
        .order_by("-pk")
    )


def enterprise_history(*, enterprise: ZoneEnterprise) -> QuerySet[EnterpriseHistory]:
    return enterprise.history.select_related("actor").order_by("pk")


def archive_of(*, zone: DemonstrationZone, user) -> QuerySet[ArchiveEvent]:
    """质量档案 of a zone's enterprises: HQ sees every zone's, the zone's bureau and its local
    government theirs; nobody else any."""
    if not _sees(zone, user):
        return ArchiveEvent.objects.none()
    return (
        ArchiveEvent.objects.filter(enterprise__zone=zone)
        .select_related("enterprise__zone", "opened_by")
        .order_by("-pk")
    )


def event_history(*, event: ArchiveEvent):
    return event.history.select_related("actor").order_by("pk")


def public_enterprises() -> QuerySet[ZoneEnterprise]:
    """示范企业 as announced: those that were granted the title (held, withdrawn or left the
    zone since), never a proposal, an admission or an assessment."""
    return ZoneEnterprise.objects.filter(number__isnull=False).order_by("granted_at", "pk")


# ---------------------------------------------------------------- reporting (seed 001 §七.4)
# Read by the programme's reporting hooks (casework.programmes.Programme.figures_by_bureau):
# HQ's dashboard (the current figures) and the bureaus' annual summaries (a year's).

IN_PROGRESS = (State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.ASSESSING, State.ASSESSED)

ZONE_FIGURES = {
    "national": _("国家级示范区"),
    "provincial": _("省级示范区"),
    "in_progress": _("在办申请"),
    "withdrawn": _("称号已撤销"),
}
ZONE_YEAR_FIGURES = {
    "national": _("国家级示范区（有效）"),
    "provincial": _("省级示范区（有效）"),
    "designated": _("本年度新认定示范区"),
    "withdrawn": _("本年度撤销称号"),
}


def _valid_on(day: date) -> Q:
    """Titled by `day` and still in its term then (designated_at and valid_until are set
    together; a title without a term counts as running)."""
    return Q(designated_at__lte=day) & (Q(valid_until__gte=day) | Q(valid_until__isnull=True))


def zone_counts_by_bureau() -> dict[int, dict[str, int]]:
    """Per bureau id, its zones now (ZONE_FIGURES): valid national and provincial titles,
    applications under way (submitted … assessed) and withdrawn titles. One grouped query;
    bureaus without zones are absent."""
    designated = Q(state=State.DESIGNATED) & _valid_on(timezone.localdate())
    rows = (
        DemonstrationZone.objects.order_by()
        .values("bureau_id")
        .annotate(
            national=Count("pk", filter=designated & Q(level=Level.NATIONAL)),
            provincial=Count("pk", filter=designated & Q(level=Level.PROVINCIAL)),
            in_progress=Count("pk", filter=Q(state__in=IN_PROGRESS)),
            withdrawn=Count("pk", filter=Q(state=State.WITHDRAWN)),
        )
    )
    return {row.pop("bureau_id"): row for row in rows}


def zone_year_counts_by_bureau(year: int) -> dict[int, dict[str, int]]:
    """Per bureau id, what its annual summary reports of its zones for `year`
    (ZONE_YEAR_FIGURES): national and provincial titles valid at the year's end (today, for the
    year under way), titles designated in the year and titles withdrawn in it (Beijing time).
    Two grouped queries: the zones, and the withdrawals (a title withdrawn after the year's end
    still ran at it). Bureaus without zones are absent."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz)
    end_moment = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz)
    end = min(date(year, 12, 31), timezone.localdate())
    valid = Q(state=State.DESIGNATED) & _valid_on(end)
    rows = (
        DemonstrationZone.objects.order_by()
        .values("bureau_id")
        .annotate(
            national=Count("pk", filter=valid & Q(level=Level.NATIONAL)),
            provincial=Count("pk", filter=valid & Q(level=Level.PROVINCIAL)),
            designated=Count(
                "pk", filter=Q(designated_at__gte=date(year, 1, 1), designated_at__lte=end)
            ),
        )
    )
    counts = {row.pop("bureau_id"): {**row, "withdrawn": 0} for row in rows}
    ran_at_end = Q(created_at__gte=end_moment) & Q(
        zone__designated_at__lte=end, zone__valid_until__gte=end
    )
    withdrawals = (
        ZoneHistory.objects.filter(transition="withdraw_title", created_at__gte=start)
        .order_by()
        .values("zone__bureau_id")
        .annotate(
            withdrawn=Count("pk", filter=Q(created_at__lt=end_moment)),
            national=Count("pk", filter=ran_at_end & Q(zone__level=Level.NATIONAL)),
            provincial=Count("pk", filter=ran_at_end & Q(zone__level=Level.PROVINCIAL)),
        )
    )
    for row in withdrawals:
        bureau = counts.setdefault(row["zone__bureau_id"], dict.fromkeys(ZONE_YEAR_FIGURES, 0))
        for name in ("withdrawn", "national", "provincial"):
            bureau[name] += row[name]
    return counts
