"""A bureau's work with HQ in its annual summary (seed 000 §17 "开展年度工作总结"): the tasks HQ
assigned it that it completed in the year and those it let run past their time limit (§二.2), and
what it reported to 通关司 in the year, by kind (§3, §5, §9, §16). Registered with the summaries'
figures (regions.figures.register_source): computed with the seven sections, stored beside them
(AnnualSummary.programme_figures["liaison"]), on the summary's page, PDF and export."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.figures import register_source, year_span
from regions.models import ZoneMembership

from .models import Assignment, Report

REPORT_FIGURES = {kind: f"reports_{kind}" for kind in Report.Kind.values}

LABELS = {
    "tasks_completed": _("完成总局交办任务"),
    "tasks_overdue": _("总局交办任务逾期"),
    REPORT_FIGURES[Report.Kind.CLUE]: _("报送监管中发现的线索"),
    REPORT_FIGURES[Report.Kind.SPECIAL]: _("向总局报送工作专报"),
    REPORT_FIGURES[Report.Kind.LOCAL_POLICY]: _("报送地方政府支持意见和优惠政策"),
    REPORT_FIGURES[Report.Kind.GOING_GLOBAL]: _("报送“走出去”成功经验"),
}


class LiaisonFigures:
    """Per bureau and year: `tasks_completed`, assignments HQ accepted in the year; `tasks_overdue`,
    assignments whose time limit fell in the year, has passed, and was not met (completed later,
    or not yet); `reports_<kind>`, reports submitted in the year. A zone's assignment counts for
    the bureaus that lead the zone (they organise it and report for it, §二.2). Three queries."""

    code = "liaison"
    label = _("总局交办任务与报送事项")

    def figure_labels(self, *, year: int | None = None) -> dict:
        return LABELS if year is not None else {}

    def figures_by_bureau(self, *, year: int | None = None) -> dict[int, dict[str, int]]:
        if year is None:
            return {}
        start, end = year_span(year)
        today = timezone.localdate()
        leads: dict[int, list[int]] = {}
        for zone_id, bureau_id in ZoneMembership.objects.filter(
            role=ZoneMembership.Role.LEAD
        ).values_list("zone_id", "bureau_id"):
            leads.setdefault(zone_id, []).append(bureau_id)
        values: dict[int, dict[str, int]] = {}

        def add(bureaus, name: str, n: int = 1) -> None:
            for bureau in bureaus:
                row = values.setdefault(bureau, {})
                row[name] = row.get(name, 0) + n

        for bureau_id, zone_id, completed_at, due_date in Assignment.objects.filter(
            Q(completed_at__gte=start, completed_at__lt=end) | Q(task__due_date__year=year)
        ).values_list("bureau_id", "zone_id", "completed_at", "task__due_date"):
            bureaus = [bureau_id] if bureau_id else leads.get(zone_id, [])
            if completed_at is not None and start <= completed_at < end:
                add(bureaus, "tasks_completed")
            done_on = timezone.localdate(completed_at) if completed_at else None
            if (
                due_date.year == year
                and due_date < today
                and (done_on is None or done_on > due_date)
            ):
                add(bureaus, "tasks_overdue")
        for bureau_id, kind, n in (
            Report.objects.filter(
                status=Report.Status.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end
            )
            .values("bureau_id", "kind")
            .annotate(n=Count("pk"))
            .values_list("bureau_id", "kind", "n")
        ):
            add([bureau_id], REPORT_FIGURES[kind], n)
        return values


LIAISON_FIGURES = register_source(LiaisonFigures())
