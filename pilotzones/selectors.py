"""Every read of the inspection pilot zones, scoped to what the reader may see, written once for
pages, API and exports. An application is the local government's own until it submits it; the
bureau of its jurisdiction and HQ see it from then on, HQ's departments once it is recommended
to HQ (the working group's business), the operating enterprise the zone it runs. The public sees
the approved zones, their running measures, the commendations and the library of practice."""

from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PilotZoneDocument,
    PilotZoneNotice,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    SupervisionVisit,
    ZoneHistory,
)
from .workflow import PUBLIC_STATES, MeasureState, PracticeState, State

# What HQ's departments see: the zones that have come to HQ.
AT_HQ = (
    State.RECOMMENDED,
    State.ACCEPTANCE,
    State.APPROVED,
    State.NOT_APPROVED,
    State.OPERATING,
)
IN_PROGRESS = (State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.ACCEPTANCE)
PUBLIC_MEASURE_STATES = (MeasureState.RUNNING, MeasureState.ENDED)


def zones_visible_to(*, user) -> QuerySet[PilotZone]:
    zones = PilotZone.objects.select_related("applicant", "bureau", "operator")
    if not user.is_authenticated:
        return zones.none()
    if user.role == Role.GOVERNMENT:
        return zones.filter(applicant_id=user.organisation_id)
    if user.role == Role.HQ:
        return zones.exclude(state=State.DRAFT)
    if user.role == Role.BUREAU:
        return zones.filter(bureau_id=user.bureau_id).exclude(state=State.DRAFT)
    if user.role == Role.HQ_DEPARTMENT:
        return zones.filter(state__in=AT_HQ)
    if user.role == Role.OPERATOR:
        return zones.filter(operator_id=user.organisation_id, state=State.OPERATING)
    return zones.none()


def worklist(*, user) -> QuerySet[PilotZone]:
    """The zones `user` sees, those waiting for the user's next step first (`waiting`)."""
    from .todo import waiting_for

    return (
        zones_visible_to(user=user)
        .annotate(
            waiting=Case(
                When(waiting_for(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-waiting", "-pk")
    )


def zone_history(*, zone: PilotZone) -> QuerySet[ZoneHistory]:
    return zone.history.select_related("actor").order_by("pk")


def zone_documents(*, zone: PilotZone) -> QuerySet[PilotZoneDocument]:
    """The zone's materials, for whoever may see the zone (the caller has checked that)."""
    return zone.documents.select_related("uploaded_by").order_by("pk")


def zone_opinions(*, zone: PilotZone) -> QuerySet[AcceptanceOpinion]:
    """The working group's opinions, each member department's, answered or not."""
    return zone.acceptance_opinions.select_related("department", "recorded_by").order_by("pk")


def opinion_awaiting(*, zone: PilotZone, user) -> AcceptanceOpinion | None:
    """The opinion `user`'s department still owes on `zone`, if any."""
    if user.role != Role.HQ_DEPARTMENT or zone.state != State.ACCEPTANCE:
        return None
    return zone.acceptance_opinions.filter(department_id=user.organisation_id, verdict="").first()


def supervision_visits(*, zone: PilotZone) -> QuerySet[SupervisionVisit]:
    """日常监督管理 of a zone, for whoever sees the zone (the caller has checked that); not
    public."""
    return zone.supervision_visits.select_related("recorded_by")


def public_zones() -> QuerySet[PilotZone]:
    """国检试验区名录: approved zones, with their commendations."""
    return (
        PilotZone.objects.filter(state__in=PUBLIC_STATES)
        .select_related("applicant", "bureau", "operator")
        .prefetch_related(
            Prefetch("commendations", queryset=Commendation.objects.order_by("-issued_on"))
        )
        .order_by("-approved_at", "-pk")
    )


def public_register() -> QuerySet[PilotZone]:
    """国检试验区名录 with each zone's measures in force or ended (`public_measures`)."""
    running = InnovationMeasure.objects.filter(state__in=PUBLIC_MEASURE_STATES).order_by("pk")
    return public_zones().prefetch_related(
        Prefetch("measures", queryset=running, to_attr="public_measures")
    )


def measures_visible_to(*, user) -> QuerySet[InnovationMeasure]:
    """A measure is seen by whoever sees its zone."""
    visible = zones_visible_to(user=user).values("pk")
    return InnovationMeasure.objects.filter(zone__in=visible).select_related("zone", "zone__bureau")


def measure_history(*, measure: InnovationMeasure) -> QuerySet[MeasureHistory]:
    return measure.history.select_related("actor").order_by("pk")


def measure_assessments(*, measure: InnovationMeasure) -> QuerySet[MeasureAssessment]:
    """督查评估 of a measure: for whoever sees the measure (HQ, the zone's bureau and
    government); not public."""
    return measure.assessments.select_related("assessed_by")


def public_measures(*, zone: PilotZone) -> QuerySet[InnovationMeasure]:
    return zone.measures.filter(state__in=PUBLIC_MEASURE_STATES).order_by("pk")


def commendable_measures(*, zone: PilotZone) -> QuerySet[InnovationMeasure]:
    """The zone's measures 督查评估 found 成效显著: what a commendation may cite."""
    marked = MeasureAssessment.objects.filter(measure=OuterRef("pk"), effect="marked")
    return zone.measures.filter(Exists(marked)).order_by("pk")


def public_commendations() -> QuerySet[Commendation]:
    return (
        Commendation.objects.select_related("zone", "zone__bureau")
        .prefetch_related("measures")
        .order_by("-issued_on", "-pk")
    )


def practices_visible_to(*, user) -> QuerySet[ReplicablePractice]:
    """HQ and its departments: every practice submitted at least once; a bureau: its own zones'
    (drafts too) and the library; anyone else signed in: the library."""
    practices = ReplicablePractice.objects.select_related("zone", "zone__bureau")
    if not user.is_authenticated:
        return practices.none()
    library = Q(state=PracticeState.ACCEPTED)
    if user.role in (Role.HQ, Role.HQ_DEPARTMENT):
        return practices.exclude(state=PracticeState.DRAFT)
    if user.role == Role.BUREAU:
        return practices.filter(library | Q(zone__bureau_id=user.bureau_id))
    if user.role == Role.GOVERNMENT:
        return practices.filter(
            library | (Q(zone__applicant_id=user.organisation_id) & ~Q(state=PracticeState.DRAFT))
        )
    return practices.filter(library)


def practice_history(*, practice: ReplicablePractice) -> QuerySet[PracticeHistory]:
    return practice.history.select_related("actor").order_by("pk")


def practice_library(
    *, q: str = "", innovation: str = "", bureau: int | None = None
) -> QuerySet[ReplicablePractice]:
    """可复制推广经验库 (public): accepted practices, searchable by words in their title, summary
    and content or the zone's name, by kind of innovation and by the source zone's bureau; each
    with the number of places that adopted it."""
    practices = (
        ReplicablePractice.objects.filter(state=PracticeState.ACCEPTED)
        .select_related("zone", "zone__bureau")
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-accepted_at", "-pk")
    )
    for word in q.split()[:5]:
        practices = practices.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(content__icontains=word)
            | Q(zone__name__icontains=word)
        )
    if innovation:
        practices = practices.filter(innovation=innovation)
    if bureau:
        practices = practices.filter(zone__bureau_id=bureau)
    return practices


def practice_adoptions(*, practice: ReplicablePractice) -> QuerySet[PracticeAdoption]:
    return practice.adoptions.select_related("bureau").order_by("-adopted_on", "-pk")


def notices_for(*, user) -> QuerySet[PilotZoneNotice]:
    """The local government's inbox of 试验区通知书."""
    if not user.is_authenticated or user.role != Role.GOVERNMENT:
        return PilotZoneNotice.objects.none()
    return PilotZoneNotice.objects.filter(organisation_id=user.organisation_id).select_related(
        "zone"
    )


# Reporting: the programme's figures per bureau (casework.programmes.Programme).
ZONE_FIGURES = {
    "in_progress": _("在办建设申请"),
    "approved": _("已批准建设"),
    "operating": _("运行中"),
    "practices": _("入库经验"),
}
ZONE_YEAR_FIGURES = {
    "approved": _("本年度批准建设"),
    "operating": _("年末运行中"),
    "practices": _("本年度入库经验"),
    "adoptions": _("本年度复制推广"),
}


def _merge(*groups: dict[int, dict[str, int]], labels: dict) -> dict[int, dict[str, int]]:
    merged: dict[int, dict[str, int]] = {}
    for group in groups:
        for bureau_id, figures in group.items():
            merged.setdefault(bureau_id, dict.fromkeys(labels, 0)).update(figures)
    return merged


def zone_counts_by_bureau() -> dict[int, dict[str, int]]:
    """Per bureau id, its zones now (ZONE_FIGURES) and its zones' practices in the library. One
    grouped query (the zones joined to their practices, each counted once); bureaus without
    zones are absent."""
    rows = (
        PilotZone.objects.order_by()
        .values("bureau_id")
        .annotate(
            in_progress=Count("pk", filter=Q(state__in=IN_PROGRESS), distinct=True),
            approved=Count("pk", filter=Q(state=State.APPROVED), distinct=True),
            operating=Count("pk", filter=Q(state=State.OPERATING), distinct=True),
            practices=Count(
                "practices", filter=Q(practices__state=PracticeState.ACCEPTED), distinct=True
            ),
        )
    )
    return {row.pop("bureau_id"): row for row in rows}


def zone_year_counts_by_bureau(year: int) -> dict[int, dict[str, int]]:
    """Per bureau id, what its annual summary reports of the programme for `year`: zones
    approved in the year, zones operating (now, for the year under way: operation has no end),
    practices of its zones accepted in the year, and adoptions it recorded in the year. Two
    grouped queries: its zones with their practices, and its adoptions."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    zones = (
        PilotZone.objects.order_by()
        .values("bureau_id")
        .annotate(
            approved=Count("pk", filter=Q(approved_at__range=(start, end)), distinct=True),
            operating=Count(
                "pk",
                filter=Q(state=State.OPERATING, operation_started_on__lte=end),
                distinct=True,
            ),
            practices=Count(
                "practices", filter=Q(practices__accepted_at__range=(start, end)), distinct=True
            ),
        )
    )
    adoptions = (
        PracticeAdoption.objects.filter(adopted_on__range=(start, end))
        .order_by()
        .values("bureau_id")
        .annotate(adoptions=Count("pk"))
    )
    return _merge(
        {row.pop("bureau_id"): row for row in zones},
        {row.pop("bureau_id"): row for row in adoptions},
        labels=ZONE_YEAR_FIGURES,
    )
