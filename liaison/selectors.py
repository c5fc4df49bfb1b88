"""Reads of HQ's tasks and the bureaus' reports, scoped to the reader, written once for pages, API,
downloads and the to-do.

Tasks (seed 000 §二.2): HQ sees every task. A bureau user sees the assignments addressed to its
bureau and those addressed to a zone its bureau sits in (the lead organises and reports, "各片区
的牵头单位……组织落实……完成总局交给的各项任务"; a member reads); never another addressee's.
Reports (§3, §5, §9, §16): a bureau's users see their bureau's, drafts included; HQ sees the
submitted ones of every bureau; nobody else sees any."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from regions.models import ZoneMembership

from .models import Assignment, Report, ReportReply, Task, TaskDocument, TaskUpdate

# ---------------------------------------------------------------- tasks


def assignments_visible_to(*, user) -> QuerySet[Assignment]:
    """承办 the user may read, with their task, zone and bureau."""
    assignments = Assignment.objects.select_related("task", "zone", "bureau")
    if not user.is_authenticated:
        return assignments.none()
    if user.role == Role.HQ:
        return assignments
    if user.role == Role.BUREAU:
        seats = ZoneMembership.objects.filter(bureau_id=user.bureau_id).values("zone_id")
        return assignments.filter(Q(bureau_id=user.bureau_id) | Q(zone_id__in=seats))
    return assignments.none()


def tasks_visible_to(*, user) -> QuerySet[Task]:
    """Tasks with at least one assignment the user may read."""
    if user.is_authenticated and user.role == Role.HQ:
        return Task.objects.all()
    return Task.objects.filter(pk__in=assignments_visible_to(user=user).values("task_id"))


def may_report(*, assignment: Assignment, user) -> bool:
    """The addressee reports: a bureau user of the addressed bureau, or, for a zone, of a bureau
    that leads the zone (derived, ADR 0002: user.led_zone_ids)."""
    if not user.is_authenticated or user.role != Role.BUREAU:
        return False
    if assignment.bureau_id is not None:
        return assignment.bureau_id == user.bureau_id
    return assignment.zone_id in user.led_zone_ids


def assignments_to_report(*, user) -> QuerySet[Assignment]:
    """Open assignments the user is the one to report on (its bureau's, its led zones')."""
    if not user.is_authenticated or user.role != Role.BUREAU:
        return Assignment.objects.none()
    return assignments_visible_to(user=user).filter(
        Q(bureau_id=user.bureau_id) | Q(zone_id__in=user.led_zone_ids),
        status=Assignment.Status.OPEN,
    )


def completions_to_accept(*, user) -> QuerySet[Assignment]:
    """Completions reported and waiting for HQ."""
    if not user.is_authenticated or user.role != Role.HQ:
        return Assignment.objects.none()
    return assignments_visible_to(user=user).filter(status=Assignment.Status.REPORTED)


def overdue(assignments: QuerySet[Assignment], *, today=None) -> QuerySet[Assignment]:
    """Not completed and past the task's time limit."""
    today = today or timezone.localdate()
    return assignments.filter(task__due_date__lt=today).exclude(status=Assignment.Status.COMPLETED)


def task_assignments(*, task: Task, user) -> list[Assignment]:
    """The task's assignments the user may read, each with its records and their files (three
    queries whatever their number)."""
    return list(
        assignments_visible_to(user=user)
        .filter(task=task)
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=TaskUpdate.objects.select_related("author").prefetch_related("documents"),
            )
        )
        .order_by("zone_id", "bureau_id")
    )


def overdue_rows() -> list[dict]:
    """Every overdue assignment as plain data (HQ's dashboard caches it), most overdue first:
    task, time limit, addressee (zone or bureau). One query."""
    from ecoorigin.names import pick

    rows = (
        overdue(Assignment.objects.all())
        .order_by("task__due_date", "task_id", "pk")
        .values_list(
            "task_id", "task__title", "task__due_date", "status", "zone_id", "zone__name",
            "zone__name_en", "bureau_id", "bureau__name", "bureau__name_en",
        )
    )  # fmt: skip
    return [
        {
            "task_id": task_id,
            "title": title,
            "due_date": due_date,
            "reported": status == Assignment.Status.REPORTED,
            "zone_id": zone_id,
            "bureau_id": bureau_id,
            "addressee": pick(zone_name, zone_name_en) if zone_id else pick(name, name_en),
        }
        for (
            task_id, title, due_date, status, zone_id, zone_name, zone_name_en, bureau_id, name,
            name_en,
        ) in rows
    ]  # fmt: skip


def document_assignment_visible(*, document: TaskDocument, user) -> bool:
    """Whoever may read the assignment the file was reported for."""
    return assignments_visible_to(user=user).filter(pk=document.update.assignment_id).exists()


# ---------------------------------------------------------------- reports


def reports_visible_to(*, user) -> QuerySet[Report]:
    """报送事项 the user may read: its bureau's (bureau users), the submitted ones (HQ)."""
    reports = Report.objects.select_related("bureau", "created_by", "submitted_by", "read_by")
    if not user.is_authenticated:
        return reports.none()
    if user.role == Role.HQ:
        return reports.filter(status=Report.Status.SUBMITTED)
    if user.role == Role.BUREAU:
        return reports.filter(bureau_id=user.bureau_id)
    return reports.none()


def may_write_report(*, report: Report, user) -> bool:
    """A bureau user of the report's bureau (it drafts, adds files and submits)."""
    return user.is_authenticated and user.role == Role.BUREAU and user.bureau_id == report.bureau_id


def reports_unread(*, user) -> QuerySet[Report]:
    """Submitted reports no HQ user has opened yet (HQ's to-do)."""
    if not user.is_authenticated or user.role != Role.HQ:
        return Report.objects.none()
    return reports_visible_to(user=user).filter(read_at__isnull=True)


def with_unread_replies(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Reports with a reply of HQ's their bureau has not read (a bureau's to-do)."""
    unread = ReportReply.objects.filter(report=OuterRef("pk"), read_at__isnull=True)
    return reports.filter(Exists(unread))
