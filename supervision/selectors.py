"""Reads of supervision, scoped; a draw's targets and teams are confidential until carried out."""

from django.db.models import Count, Min, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from regions.cooperation import (
    JOINT_CHECK_ZONE,
    PLACE_LABELS,
    PLACES,
    is_joint_check_zone,
    is_member,
)

from .models import (
    Complaint,
    DrawView,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    Interview,
    KeyWorkItem,
    KeyWorkProgress,
    PlanConsent,
    Proposal,
)
from .services import consent_bureaus, may_manage, plan_verify


def plans_visible_to(*, user) -> QuerySet[InspectionPlan]:
    """HQ: every plan. A bureau: its own plans and the zone plans of its zones (to consent;
    not their targets or teams: draw_targets_for). An inspector: the plans it was drawn for.
    Nobody else learns that a plan exists (事先不通知、不透露检查信息). A bureau whose staff an
    HQ plan drew learns only who and when (staff_dispatched_for), not the plan."""
    plans = InspectionPlan.objects.select_related(
        "created_by", "owner_bureau", "organising_zone", "withdrawn_by"
    )
    if not user.is_authenticated:
        return plans.none()
    if user.role == Role.HQ:
        return plans
    if user.role == Role.BUREAU:
        # Its own plans; after the inspection date also the plans that inspected its products.
        carried_out = plans.filter(
            planned_date__lt=timezone.localdate(), targets__application__bureau_id=user.bureau_id
        )
        zone_plans = plans.filter(organising_zone__memberships__bureau_id=user.bureau_id)
        return (plans.filter(owner_bureau_id=user.bureau_id) | zone_plans | carried_out).distinct()
    if user.role in (Role.INSPECTOR, Role.EXPERT):
        return plans.filter(targets__inspectors=user).distinct()
    return plans.none()


def draw_targets_for(*, user, plan: InspectionPlan) -> QuerySet[InspectionTarget]:
    """The drawn targets (with teams) `user` may see: all of them for the plan's managers, the
    ones they inspect for drawn inspectors; after the inspection date, also the targets in a
    bureau's own jurisdiction. Empty for everyone else."""
    targets = (
        InspectionTarget.objects.filter(plan=plan)
        .select_related("application__enterprise", "application__bureau", "inspection")
        .prefetch_related("inspectors")
    )
    if may_manage(plan=plan, user=user) or _joint_results_shared(plan, user):
        return targets
    if user.role in (Role.INSPECTOR, Role.EXPERT):
        return targets.filter(inspectors=user)
    if user.role == Role.BUREAU and timezone.localdate() > plan.planned_date:
        return targets.filter(application__bureau_id=user.bureau_id)
    return targets.none()


def _joint_results_shared(plan: InspectionPlan, user) -> bool:
    """A 京津冀 joint check's results go to every member of the cooperation once it has been
    carried out (after its inspection date), all of its targets (ADR 0037)."""
    return (
        plan.organising_zone_id is not None
        and timezone.localdate() > plan.planned_date
        and is_joint_check_zone(plan.organising_zone)
        and is_member(user)
    )


def joint_checks_visible_to(*, user) -> QuerySet[InspectionPlan]:
    """京津冀联动抽查 (seed 003 §三.27, ADR 0037): the 京津冀专区's zone plans drawn and carried
    out (not withdrawn, inspection date past), with their targets and recorded inspections
    counted, the latest first; for every member of the cooperation (regions.cooperation), none
    for anyone else. Before the inspection date the draw stays with its managers and the drawn
    inspectors (事先不通知、不透露检查信息)."""
    if not is_member(user):
        return InspectionPlan.objects.none()
    return (
        InspectionPlan.objects.filter(
            organising_zone__code=JOINT_CHECK_ZONE,
            drawn_at__isnull=False,
            withdrawn_at__isnull=True,
            planned_date__lt=timezone.localdate(),
        )
        .select_related("owner_bureau", "organising_zone")
        .annotate(
            target_count=Count("targets", distinct=True),
            inspected_count=Count("targets__inspection", distinct=True),
        )
        .order_by("-planned_date", "-pk")
    )


def joint_check_targets(*, plan: InspectionPlan) -> QuerySet[InspectionTarget]:
    """A joint check's targets (of a plan from joint_checks_visible_to) with their product,
    place, team (each member with its bureau) and recorded inspection, in drawn order."""
    return (
        InspectionTarget.objects.filter(plan=plan)
        .select_related("application__enterprise", "application__bureau", "inspection")
        .prefetch_related(
            Prefetch("inspectors", queryset=User.objects.select_related("bureau").order_by("pk"))
        )
        .order_by("position")
    )


def joint_check_results(*, plan: InspectionPlan) -> tuple[list[InspectionTarget], list[dict]]:
    """A joint check's targets (joint_check_targets) and each place's share of them
    (joint_check_by_place), as its page and API show them."""
    targets = list(joint_check_targets(plan=plan))
    return targets, joint_check_by_place(targets)


def joint_check_by_place(targets) -> list[dict]:
    """Each place's share of a joint check, in the seed's order: its name, the targets in
    its jurisdiction, how many were inspected, and the inspections by outcome."""
    rows = {code: _place_row(code, PLACE_LABELS[code]) for code in PLACES}
    for target in targets:
        bureau = target.application.bureau
        # A bureau that left the zone after the draw is shown under its own name.
        row = rows.setdefault(bureau.code, _place_row(bureau.code, bureau.display_name))
        row["targets"] += 1
        inspection = getattr(target, "inspection", None)
        if inspection is not None:
            row["inspected"] += 1
            row["outcomes"][inspection.outcome] = row["outcomes"].get(inspection.outcome, 0) + 1
    return [
        {
            **row,
            "by_outcome": [
                {"outcome": value, "label": label, "count": row["outcomes"].get(value, 0)}
                for value, label in Inspection.Outcome.choices
            ],
        }
        for row in rows.values()
    ]


def _place_row(code: str, label) -> dict:
    return {"code": code, "label": label, "targets": 0, "inspected": 0, "outcomes": {}}


def draw_verification_for(*, user, plan: InspectionPlan) -> dict:
    """The re-run of a revealed draw (services.plan_verify) as `user` may see it, for the verify
    page and API alike. The verdicts always judge the whole draw. The re-run targets are all of
    them for the plan's managers and, once the results are published, for everyone; before that
    only those draw_targets_for gives `user`, so verifying never shows more than the plan page.
    `complete` says whether `targets` is the whole re-run; each row keeps its `position` in it."""
    verification = plan_verify(plan=plan)
    targets = [
        {"position": position, **row}
        for position, row in enumerate(verification["targets"], start=1)
    ]
    if plan.published_at is not None or (
        user.is_authenticated and may_manage(plan=plan, user=user)
    ):
        return {**verification, "targets": targets, "complete": True}
    visible = (
        set(draw_targets_for(user=user, plan=plan).values_list("application_id", flat=True))
        if user.is_authenticated
        else set()
    )
    targets = [row for row in targets if row["case"] in visible]
    return {**verification, "targets": targets, "complete": False}


def plan_consents(*, user, plan: InspectionPlan) -> list[dict]:
    """A zone plan's consents as its lead and members see it (and HQ): each bureau whose
    consent it needs, with its record (None while it has not answered). Empty for a plan that
    is not a zone plan or that `user` may not see."""
    if plan.organising_zone_id is None:
        return []
    if not plans_visible_to(user=user).filter(pk=plan.pk).exists():
        return []
    records = {
        record.bureau_id: record
        for record in PlanConsent.objects.filter(plan=plan).select_related("actor")
    }
    return [
        {"bureau": bureau, "record": records.get(bureau.pk)} for bureau in consent_bureaus(plan)
    ]


def zone_plans_awaiting(*, user) -> QuerySet[InspectionPlan]:
    """The zone plans waiting for the consent of `user`'s bureau (not withdrawn, not yet
    committed, not answered by it); none for anyone but bureau users."""
    if not user.is_authenticated or user.role != Role.BUREAU:
        return InspectionPlan.objects.none()
    return (
        InspectionPlan.objects.filter(
            organising_zone__memberships__bureau_id=user.bureau_id,
            status=InspectionPlan.Status.PLANNED,
            withdrawn_at__isnull=True,
        )
        .exclude(owner_bureau_id=user.bureau_id)
        .exclude(consents__bureau_id=user.bureau_id)
        .select_related("owner_bureau", "organising_zone")
        .order_by("planned_date", "pk")
        .distinct()
    )


def staff_dispatched_for(*, user) -> QuerySet:
    """派员配合 (§10 "各直属局应按照通关司的计划安排,派员配合"): which of the user's bureau's
    staff were drawn for which plan it does not manage itself (HQ's plans, a zone's plans) and
    on what inspection date, one row (of the targets' teams) per person and plan, the last
    drawn first. Only the person, the plan's name and date: not the targets, nor the other
    members of the teams. HQ: every bureau's rows; a bureau: its own staff's; nobody else any."""
    through = InspectionTarget.inspectors.through.objects
    if not user.is_authenticated or user.role not in (Role.HQ, Role.BUREAU):
        return through.none()
    rows = through.all()
    if user.role == Role.BUREAU:
        rows = rows.filter(user__bureau_id=user.bureau_id).exclude(
            inspectiontarget__plan__owner_bureau_id=user.bureau_id
        )
    # One row per person and plan (a person may be on several of a plan's teams): the first.
    first = rows.values("inspectiontarget__plan_id", "user_id").annotate(first=Min("pk"))
    return (
        through.filter(pk__in=first.values("first"))
        .select_related("user__bureau", "inspectiontarget__plan")
        .order_by("-pk")
    )


def draw_view_log(*, user, plan: InspectionPlan, via: str) -> None:
    """Every view of a draw is logged."""
    DrawView.objects.create(plan=plan, user=user, via=via)


def my_inspection_targets(*, user) -> QuerySet[InspectionTarget]:
    """An inspector's tasks: the targets it was drawn for, newest plan first."""
    return (
        InspectionTarget.objects.filter(inspectors=user)
        .select_related("plan", "application__enterprise", "application__bureau", "inspection")
        .order_by("-plan__planned_date", "position")
    )


def proposals_open() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status=Proposal.Status.OPEN).select_related(
        "application__enterprise", "application__bureau", "proposed_by"
    )


def complaints_visible_to(*, user) -> QuerySet[Complaint]:
    """HQ all; a bureau the complaints routed to it."""
    complaints = Complaint.objects.select_related("application", "bureau", "handled_by")
    if user.role == Role.HQ:
        return complaints
    if user.role == Role.BUREAU:
        return complaints.filter(bureau_id=user.bureau_id)
    return complaints.none()


def _own_bureau_or_hq(records: QuerySet, user) -> QuerySet:
    """§18's records (ADR 0017): HQ every bureau's, a bureau account its own bureau's; nobody
    else, neither another bureau nor the lead of the bureau's zone."""
    if not user.is_authenticated:
        return records.none()
    if user.role == Role.HQ:
        return records
    if user.role == Role.BUREAU:
        return records.filter(bureau_id=user.bureau_id)
    return records.none()


def key_work_visible_to(*, user) -> QuerySet[KeyWorkItem]:
    """挂牌督办 items the user may see (_own_bureau_or_hq)."""
    items = KeyWorkItem.objects.select_related("bureau", "department", "opened_by")
    return _own_bureau_or_hq(items, user)


def interviews_visible_to(*, user) -> QuerySet[Interview]:
    """约谈 records the user may see (_own_bureau_or_hq)."""
    interviews = Interview.objects.select_related("bureau", "department", "item", "recorded_by")
    return _own_bureau_or_hq(interviews, user)


def key_work_progress(*, item: KeyWorkItem) -> QuerySet[KeyWorkProgress]:
    """An item's progress reports, oldest first (for whoever may see the item)."""
    return item.progress.select_related("reported_by").order_by("created_at", "pk")


def published_results() -> QuerySet[InspectionTarget]:
    """公开的抽查结果: inspected products and outcomes of published plans, nothing more."""
    return (
        InspectionTarget.objects.filter(plan__published_at__isnull=False)
        .select_related("plan", "application__enterprise", "application__bureau", "inspection")
        .order_by("-plan__published_at", "position")
    )


def pool_visible_to(*, user):
    """检查人员库: HQ the whole pool; a bureau its own staff. Others: nothing."""
    from .models import PoolMember

    members = PoolMember.objects.select_related("user", "bureau").prefetch_related("specialities")
    if user.role == Role.HQ:
        return members
    if user.role == Role.BUREAU:
        return members.filter(bureau_id=user.bureau_id)
    return members.none()


def pool_candidates_for(*, user):
    """Accounts a user may put in the pool: inspectors and experts (of its bureau)."""
    from accounts.models import User

    accounts = User.objects.filter(role__in=[Role.INSPECTOR, Role.EXPERT], is_active=True)
    if user.role == Role.BUREAU:
        return accounts.filter(bureau_id=user.bureau_id)
    return accounts if user.role == Role.HQ else accounts.none()
