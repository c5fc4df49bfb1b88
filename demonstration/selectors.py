"""Every read of demonstration zones, scoped to what the reader may see."""

from datetime import date, datetime, time

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import (
    ArchiveEvent,
    ArchiveEventDocument,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneDocument,
    ZoneDrawView,
    ZoneEnterprise,
    ZoneHistory,
    ZoneInspection,
    ZoneInspectionPlan,
    ZoneInspectionTarget,
    ZoneNotice,
    ZoneYearReport,
)
from .workflow import EnterpriseState, Level, State

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
    """A public zone by its title's number, as 示范区名录 shows it, with the date its title was
    withdrawn (`withdrawn_at`, announced with the reason) and that of each 示范企业's title."""
    zone_withdrawn = ZoneHistory.objects.filter(
        zone=OuterRef("pk"), transition="withdraw_title"
    ).order_by("-pk")
    title_lost = EnterpriseHistory.objects.filter(
        enterprise=OuterRef("pk"), transition__in=["withdraw_title", "end_title"]
    ).order_by("-pk")
    enterprises = public_enterprises().annotate(
        withdrawn_at=Subquery(title_lost.values("created_at")[:1])
    )
    return (
        DemonstrationZone.objects.filter(state__in=PUBLIC_STATES, number=number)
        .select_related("applicant", "bureau")
        .annotate(withdrawn_at=Subquery(zone_withdrawn.values("created_at")[:1]))
        .prefetch_related(
            Prefetch("enterprises", queryset=enterprises, to_attr="titled_enterprises")
        )
        .first()
    )


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


def event_documents_of(*, event: ArchiveEvent, user) -> QuerySet[ArchiveEventDocument]:
    """质量档案事件材料, for whoever sees the event (archive_of): HQ, the zone's bureau and its
    local government; nobody else any."""
    if not archive_of(zone=event.enterprise.zone, user=user).filter(pk=event.pk).exists():
        return ArchiveEventDocument.objects.none()
    return event.documents.select_related("uploaded_by").order_by("pk")


def public_enterprises() -> QuerySet[ZoneEnterprise]:
    """示范企业 as announced: those that were granted the title (held, withdrawn or left the
    zone since), never a proposal, an admission or an assessment."""
    return ZoneEnterprise.objects.filter(number__isnull=False).order_by("granted_at", "pk")


# ---------------------------------------------------------------- notices


def notices_visible_to(*, user) -> QuerySet[ZoneNotice]:
    """通知书 to a local government: its staff read them; nobody else does, not even the bureau
    or HQ that decided (as eco-origin's notices are the enterprise's alone: the decision itself
    is in the case's history, which they see)."""
    notices = ZoneNotice.objects.select_related("zone", "enterprise")
    if not user.is_authenticated or user.role != Role.GOVERNMENT or user.organisation_id is None:
        return notices.none()
    return notices.filter(organisation_id=user.organisation_id)


def notice_inbox(*, user) -> QuerySet[ZoneNotice]:
    """The government's inbox: unread first, then the newest."""
    return notices_visible_to(user=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def unread_notice_count(*, user) -> int:
    return notices_visible_to(user=user).filter(read_at__isnull=True).count()


# ---------------------------------------------------------------- reporting (seed 001 §七.4)
# Read by the programme's reporting hooks (casework.programmes.Programme.figures_by_bureau):
# HQ's dashboard (the current figures) and the bureaus' annual summaries (a year's).

IN_PROGRESS = (State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.ASSESSING, State.ASSESSED)

ZONE_FIGURES = {
    "national": _("国家级示范区"),
    "provincial": _("省级示范区"),
    "in_progress": _("在办申请"),
    "withdrawn": _("称号已撤销"),
    # Last year's 年度建设情况报告: submitted, and owed (zones whose title ran in that year).
    "reports_submitted": _("上年度报告已报送"),
    "reports_due": _("上年度报告应报送"),
}
ZONE_YEAR_FIGURES = {
    "national": _("国家级示范区（有效）"),
    "provincial": _("省级示范区（有效）"),
    "designated": _("本年度新认定示范区"),
    "withdrawn": _("本年度撤销称号"),
    "reports_submitted": _("年度建设情况报告已报送"),
    "reports_due": _("年度建设情况报告应报送"),
}


def _valid_on(day: date) -> Q:
    """Titled by `day` and still in its term then (designated_at and valid_until are set
    together; a title without a term counts as running)."""
    return Q(designated_at__lte=day) & (Q(valid_until__gte=day) | Q(valid_until__isnull=True))


def _report_counts(year: int) -> dict[str, Count]:
    """The year's 年度建设情况报告 as aggregates of a query of zones: those submitted, and those
    due (the zones whose title ran in the year)."""
    submitted = ZoneYearReport.objects.filter(
        zone=OuterRef("pk"), year=year, status=ZoneYearReport.Status.SUBMITTED
    )
    return {
        "reports_submitted": Count("pk", filter=Q(Exists(submitted))),
        "reports_due": Count("pk", filter=designated_during(year)),
    }


def zone_counts_by_bureau() -> dict[int, dict[str, int]]:
    """Per bureau id, its zones now (ZONE_FIGURES): valid national and provincial titles,
    applications under way (submitted … assessed), withdrawn titles, and last year's
    年度建设情况报告 submitted and due. One grouped query; bureaus without zones are absent."""
    designated = Q(state=State.DESIGNATED) & _valid_on(timezone.localdate())
    last_year = timezone.localdate().year - 1
    rows = (
        DemonstrationZone.objects.order_by()
        .values("bureau_id")
        .annotate(
            national=Count("pk", filter=designated & Q(level=Level.NATIONAL)),
            provincial=Count("pk", filter=designated & Q(level=Level.PROVINCIAL)),
            in_progress=Count("pk", filter=Q(state__in=IN_PROGRESS)),
            withdrawn=Count("pk", filter=Q(state=State.WITHDRAWN)),
            **_report_counts(last_year),
        )
    )
    return {row.pop("bureau_id"): row for row in rows}


def zone_year_counts_by_bureau(year: int) -> dict[int, dict[str, int]]:
    """Per bureau id, what its annual summary reports of its zones for `year`
    (ZONE_YEAR_FIGURES): national and provincial titles valid at the year's end (today, for the
    year under way), titles designated in the year and titles withdrawn in it (Beijing time), and
    the year's 年度建设情况报告 submitted and due. Two grouped queries: the zones, and the
    withdrawals (a title withdrawn after the year's end still ran at it). Bureaus without zones
    are absent."""
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
            **_report_counts(year),
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


# ---------------------------------------------------------------- 监督检查 (§七.3): 双随机抽查


def zone_plan_may_manage(*, plan: ZoneInspectionPlan, user) -> bool:
    """HQ manages HQ's plans; a bureau its own."""
    if not user.is_authenticated:
        return False
    if plan.owner_bureau_id is None:
        return user.role == Role.HQ
    return user.role == Role.BUREAU and user.bureau_id == plan.owner_bureau_id


def zone_plans_visible_to(*, user) -> QuerySet[ZoneInspectionPlan]:
    """HQ: every plan. A bureau: its own plans and, after the inspection date, the plans that
    inspected its zones. Anyone drawn: the plans they were drawn for. Nobody else learns that a
    plan exists before it is carried out (事先不通知、不透露检查信息, seed 000 §10)."""
    plans = ZoneInspectionPlan.objects.select_related("created_by", "owner_bureau")
    if not user.is_authenticated:
        return plans.none()
    if user.role == Role.HQ:
        return plans
    drawn = plans.filter(targets__inspectors=user)
    if user.role == Role.BUREAU:
        carried_out = plans.filter(
            planned_date__lt=timezone.localdate(), targets__zone__bureau_id=user.bureau_id
        )
        return (plans.filter(owner_bureau_id=user.bureau_id) | carried_out | drawn).distinct()
    if user.role == Role.INSPECTOR:
        return drawn.distinct()
    return plans.none()


def zone_plan_targets_for(*, user, plan: ZoneInspectionPlan) -> QuerySet[ZoneInspectionTarget]:
    """The drawn targets (with teams) `user` may see of a plan it sees: all of them for the
    plan's managers and once the results are published; before that a drawn person's own, and
    after the inspection date a bureau's zones'."""
    targets = (
        ZoneInspectionTarget.objects.filter(plan=plan)
        .select_related("zone__bureau", "enterprise", "inspection")
        .prefetch_related("inspectors")
    )
    if not user.is_authenticated:
        return targets.none()
    if zone_plan_may_manage(plan=plan, user=user) or (
        plan.published_at is not None and zone_plans_visible_to(user=user).filter(pk=plan.pk)
    ):
        return targets
    mine = Q(inspectors=user)
    if user.role == Role.BUREAU and timezone.localdate() > plan.planned_date:
        mine |= Q(zone__bureau_id=user.bureau_id)
    return targets.filter(mine).distinct()


def zone_plan_verification_for(*, user, plan: ZoneInspectionPlan, verification: dict) -> dict:
    """A revealed draw's re-run as `user` may see it: the verdicts judge the whole draw; the
    re-run's targets are all of them for the managers and once published, otherwise only those
    zone_plan_targets_for gives `user` (`complete` says which)."""
    rows = [
        {"position": position, **row}
        for position, row in enumerate(verification["targets"], start=1)
    ]
    if plan.published_at is not None or zone_plan_may_manage(plan=plan, user=user):
        return {**verification, "targets": rows, "complete": True}
    column = "zone_id" if plan.subject == ZoneInspectionPlan.Subject.ZONES else "enterprise_id"
    visible = set(zone_plan_targets_for(user=user, plan=plan).values_list(column, flat=True))
    return {
        **verification,
        "targets": [row for row in rows if row["case"] in visible],
        "complete": False,
    }


def zone_draw_view_log(*, user, plan: ZoneInspectionPlan, via: str) -> None:
    """Every view of a zone draw's targets or teams is logged (保密 until the inspection)."""
    ZoneDrawView.objects.create(plan=plan, user=user, via=via)


def my_zone_inspection_targets(*, user) -> QuerySet[ZoneInspectionTarget]:
    """A drawn person's inspections to carry out or done, newest plan first."""
    if not user.is_authenticated:
        return ZoneInspectionTarget.objects.none()
    return (
        ZoneInspectionTarget.objects.filter(inspectors=user)
        .select_related("plan", "zone__bureau", "enterprise", "inspection")
        .order_by("-plan__planned_date", "position")
    )


def zone_inspection_results(*, zone: DemonstrationZone) -> QuerySet[ZoneInspectionTarget]:
    """The published inspections of a zone and its enterprises, for whoever sees the zone (its
    government among them: the results are public once published)."""
    return (
        ZoneInspectionTarget.objects.filter(zone=zone, plan__published_at__isnull=False)
        .select_related("plan", "enterprise", "inspection")
        .order_by("-plan__planned_date", "position")
    )


def public_zone_inspection_results() -> QuerySet[ZoneInspectionTarget]:
    """抽查结果公开: the targets of published plans, with their outcome, nothing confidential (no
    findings, no team)."""
    return (
        ZoneInspectionTarget.objects.filter(plan__published_at__isnull=False)
        .select_related("plan", "zone", "enterprise", "inspection")
        .order_by("-plan__planned_date", "plan_id", "position")
    )


def zone_withdrawal_proposals(*, user) -> QuerySet[ZoneInspection]:
    """Inspections proposing to withdraw a title that is still valid, for the title's assessor,
    who decides through the engine: HQ for national zones and their 示范企业, the bureau for its
    provincial zones and theirs."""
    proposals = ZoneInspection.objects.filter(
        outcome=ZoneInspection.Outcome.PROPOSE_WITHDRAWAL
    ).select_related("target__zone", "target__enterprise", "target__plan")
    valid = Q(target__enterprise__isnull=True, target__zone__state=State.DESIGNATED) | Q(
        target__enterprise__isnull=False, target__enterprise__state=EnterpriseState.GRANTED
    )
    if not user.is_authenticated:
        return proposals.none()
    if user.role == Role.HQ:
        return proposals.filter(valid, target__zone__level=Level.NATIONAL)
    if user.role == Role.BUREAU:
        return proposals.filter(
            valid, target__zone__level=Level.PROVINCIAL, target__zone__bureau_id=user.bureau_id
        )
    return proposals.none()


# ---------------------------------------------------------------- 年度建设情况报告 (§七.4)


def designated_during(year: int) -> Q:
    """The zones whose title ran on some day of `year` (Beijing time), and so owe that year's
    年度建设情况报告: designated by the year's end, the term not over before it began, and not
    withdrawn before it began. A filter of DemonstrationZone."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz)
    withdrawn_before = ZoneHistory.objects.filter(
        zone=OuterRef("pk"), transition="withdraw_title", created_at__lt=start
    )
    return (
        Q(state__in=PUBLIC_STATES, designated_at__lte=date(year, 12, 31))
        & (Q(valid_until__gte=date(year, 1, 1)) | Q(valid_until__isnull=True))
        & ~Q(Exists(withdrawn_before))
    )


def zone_owes_report(*, zone: DemonstrationZone, year: int) -> bool:
    """Whether `zone` is to be reported on for `year`: its title ran then, and the year has
    begun."""
    if year > timezone.localdate().year:
        return False
    return DemonstrationZone.objects.filter(designated_during(year), pk=zone.pk).exists()


def year_reports_visible_to(*, user) -> QuerySet[ZoneYearReport]:
    """年度建设情况报告: HQ reads every report; a bureau its zones' reports, drafts included (it
    writes them); a local government the submitted reports of its own zones (§七.4: 向各级政府
    报送示范区建设情况). Nobody else reads any."""
    reports = ZoneYearReport.objects.select_related(
        "zone__bureau", "zone__applicant", "created_by", "submitted_by"
    )
    if not user.is_authenticated:
        return reports.none()
    if user.role == Role.HQ:
        return reports
    if user.role == Role.BUREAU:
        return reports.filter(zone__bureau_id=user.bureau_id)
    if user.role == Role.GOVERNMENT and user.organisation_id is not None:
        return reports.filter(
            zone__applicant_id=user.organisation_id, status=ZoneYearReport.Status.SUBMITTED
        )
    return reports.none()


def year_reports(*, user, year: int | None = None, status: str = "") -> QuerySet[ZoneYearReport]:
    """The reports `user` reads, the newest year first, filtered by year and status."""
    reports = year_reports_visible_to(user=user)
    if year:
        reports = reports.filter(year=year)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-year", "zone__name", "pk")


def owing_report(year: int) -> Q:
    """The zones that owe `year`'s report and have not submitted it. A filter of
    DemonstrationZone."""
    submitted = ZoneYearReport.objects.filter(
        zone=OuterRef("pk"), year=year, status=ZoneYearReport.Status.SUBMITTED
    )
    return designated_during(year) & ~Q(Exists(submitted))


def zones_owing_report(*, user, year: int) -> QuerySet[DemonstrationZone]:
    """The zones `user` sees that owe `year`'s report and have not submitted it (`has_draft`:
    one is being written), by name."""
    reports = ZoneYearReport.objects.filter(zone=OuterRef("pk"), year=year)
    return (
        zones_visible_to(user=user)
        .filter(owing_report(year))
        .annotate(has_draft=Exists(reports))
        .order_by("name", "pk")
    )


def zone_record_counts(*, zone: DemonstrationZone, year: int) -> dict[str, int]:
    """What the portal's records say of `zone` in `year`, for its report: the 示范企业 holding
    the title at the year's end (today, for the year under way) and the events of the quality
    archive that occurred in the year. Two counts."""
    tz = timezone.get_default_timezone()
    end_moment = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz)
    end = min(date(year, 12, 31), timezone.localdate())
    lost = EnterpriseHistory.objects.filter(
        enterprise=OuterRef("pk"),
        transition__in=["withdraw_title", "end_title"],
        created_at__lt=end_moment,
    )
    titled = (
        ZoneEnterprise.objects.filter(zone=zone, number__isnull=False, granted_at__lte=end)
        .exclude(exited_at__lt=end_moment)
        .exclude(Exists(lost))
    )
    events = ArchiveEvent.objects.filter(enterprise__zone=zone, occurred_on__year=year)
    return {"titled_enterprises": titled.count(), "quality_events": events.count()}


def report_year_owed(*, zone: DemonstrationZone, user) -> int | None:
    """Last year, if `user` writes the zone's reports (its bureau) and the zone owes last year's
    report and it has not been started; otherwise None."""
    year = timezone.localdate().year - 1
    if (
        zone.designated_at is None
        or not user.is_authenticated
        or user.role != Role.BUREAU
        or user.bureau_id != zone.bureau_id
        or ZoneYearReport.objects.filter(zone=zone, year=year).exists()
    ):
        return None
    return year if zone_owes_report(zone=zone, year=year) else None
