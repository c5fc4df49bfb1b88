"""Every read of the risk monitoring plans, scoped to what the reader may see, written once for
pages, API and exports (docs/adr/0029-risk-monitoring-plans.md).

- A plan's text, items and points: HQ reads every plan; a bureau (its staff and inspectors) its
  own local plans in every state, and the national plans and other bureaus' local plans once
  published (发布实施: they are published to the system). Nobody else reads a plan.
- The samples' results: HQ and the plan's bureau (staff and inspectors) from the first one;
  anyone else, the public included, only once the plan's bureau published them, and then only
  what society is told: per product the samples, the failures and the pass rate, and of a failed
  sample its product, enterprise and failed items (never the notes or who recorded it)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Role

from .models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult
from .workflow import RUNNING_STATES, Level, State, Verdict

STAFF_ROLES = (Role.HQ, Role.BUREAU, Role.INSPECTOR)


def plans_visible_to(*, user) -> QuerySet[MonitoringPlan]:
    plans = MonitoringPlan.objects.select_related("bureau", "national_plan")
    if not user.is_authenticated:
        return plans.none()
    if user.role == Role.HQ:
        return plans
    if user.role in (Role.BUREAU, Role.INSPECTOR):
        return plans.filter(Q(bureau_id=user.bureau_id) | Q(state__in=RUNNING_STATES))
    return plans.none()


def results_open_to(plan: MonitoringPlan, user) -> bool:
    """Whether `user` reads the results of `plan` in full (HQ and the plan's bureau, from the
    first sample; other staff who see the plan, once the results are published)."""
    if not user.is_authenticated or user.role not in STAFF_ROLES:
        return False
    if user.role == Role.HQ or (plan.level == Level.LOCAL and plan.bureau_id == user.bureau_id):
        return True
    return plan.results_published_at is not None


def results_visible_to(*, user) -> QuerySet[SampleResult]:
    """Every record (corrected ones too) of the plans whose results `user` reads in full."""
    results = SampleResult.objects.select_related("plan", "plan__bureau", "item", "item__point")
    if not user.is_authenticated or user.role not in STAFF_ROLES:
        return results.none()
    if user.role == Role.HQ:
        return results
    return results.filter(
        Q(plan__bureau_id=user.bureau_id) | Q(plan__results_published_at__isnull=False)
    )


def current(results: QuerySet[SampleResult]) -> QuerySet[SampleResult]:
    """The newest record of each sample (one no correction superseded)."""
    return results.filter(superseded_by__isnull=True)


def with_corrected(results: QuerySet[SampleResult]) -> QuerySet[SampleResult]:
    """`corrected`: whether a later record superseded the row."""
    return results.annotate(
        corrected=Exists(SampleResult.objects.filter(supersedes_id=OuterRef("pk")))
    )


def plan_results(*, plan: MonitoringPlan) -> QuerySet[SampleResult]:
    """A plan's records, corrections beside what they corrected (the caller checked access)."""
    return with_corrected(
        plan.results.select_related("item", "item__point", "recorded_by")
    ).order_by("sample_code", "pk")


def plan_items(*, plan: MonitoringPlan) -> QuerySet[PlanItem]:
    """The plan's lines with their progress: samples taken (current records) and failed."""
    live = Q(results__superseded_by__isnull=True)
    return (
        plan.items.select_related("point")
        .annotate(
            sampled=Count("results", filter=live),
            failed=Count("results", filter=live & Q(results__verdict=Verdict.FAIL)),
        )
        .order_by("product", "pk")
    )


def product_summary(*, plan: MonitoringPlan) -> list[dict]:
    """Per product: samples, failed, pass rate (per cent, one decimal), from the current records."""
    rows = (
        current(plan.results.all())
        .values("item__product")
        .annotate(samples=Count("pk"), failed=Count("pk", filter=Q(verdict=Verdict.FAIL)))
        .order_by("item__product")
    )
    return [
        {
            "product": row["item__product"],
            "samples": row["samples"],
            "failed": row["failed"],
            "pass_rate": round(100 * (row["samples"] - row["failed"]) / row["samples"], 1),
        }
        for row in rows
    ]


def failed_samples(*, plan: MonitoringPlan) -> QuerySet[SampleResult]:
    return (
        current(plan.results.filter(verdict=Verdict.FAIL))
        .select_related("item")
        .order_by("item__product", "sample_code")
    )


def plan_history(*, plan: MonitoringPlan) -> QuerySet[PlanHistory]:
    return plan.history.select_related("actor").order_by("pk")


def national_plans_open() -> QuerySet[MonitoringPlan]:
    """The national plans a bureau may derive its local plan from: published, in force."""
    return MonitoringPlan.objects.filter(level=Level.NATIONAL, state=State.PUBLISHED).order_by(
        "-year"
    )


def points_visible_to(*, user) -> QuerySet[MonitoringPoint]:
    """HQ reads every bureau's points; a bureau's staff and inspectors their own bureau's."""
    points = MonitoringPoint.objects.select_related("bureau")
    if not user.is_authenticated:
        return points.none()
    if user.role == Role.HQ:
        return points
    if user.role in (Role.BUREAU, Role.INSPECTOR):
        return points.filter(bureau_id=user.bureau_id)
    return points.none()


def points_in_use(*, bureau_id: int) -> QuerySet[MonitoringPoint]:
    """The points a bureau's new plan lines may name."""
    return MonitoringPoint.objects.filter(bureau_id=bureau_id, active=True).order_by("name")


def public_plans() -> QuerySet[MonitoringPlan]:
    """质量安全监测结果 published to society: local plans whose bureau published the results."""
    return (
        MonitoringPlan.objects.filter(level=Level.LOCAL, results_published_at__isnull=False)
        .select_related("bureau")
        .order_by("-results_published_at", "-pk")
    )
