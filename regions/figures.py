"""A bureau's figures for a year, computed from the data in one grouped query per indicator:
the source of the annual summaries' seven sections and of the ranking's indicators."""

from collections import defaultdict
from datetime import date, datetime, time

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application, CaseHistory, RecoveryRecord
from applications.workflow import State

# Indicator: (label, whether a larger figure is better). The ranking normalises by this.
INDICATORS = {
    "cases_submitted": (_("申报受理：收到申报"), True),
    "cases_accepted": (_("受理申报"), True),
    "cases_returned": (pgettext_lazy("指标", "退回补正"), True),
    "cases_refused": (pgettext_lazy("指标", "不予受理"), True),
    "evaluations_approved": (pgettext_lazy("指标", "批准实施评定"), True),
    "evaluations_completed": (_("完成评定"), True),
    "evaluations_passed": (_("评定通过"), True),
    "newly_protected": (_("新增保护产品"), True),
    "inspections_done": (_("完成监督检查"), True),
    "complaints_received": (_("收到投诉举报"), True),
    "complaints_closed": (_("办结投诉举报"), True),
    "complaint_handling_days": (_("投诉举报平均办理天数"), False),
    "suspensions": (pgettext_lazy("指标", "暂停保护"), True),
    "rectifications_closed": (_("整改完成并恢复保护"), True),
    "rectifications_overdue": (_("逾期未整改"), False),
    "revoked": (pgettext_lazy("指标", "撤销保护"), True),
    "expired": (_("到期退出"), True),
    "exits_handled": (_("退出处理（撤销与到期）"), True),
    "recoveries_completed": (_("完成证书与标志收回"), True),
    "research_projects": (_("科研立项"), True),
    "lectures": (_("宣讲活动"), True),
    "lecture_audience": (_("宣讲听众人数"), True),
    "government_reports": (_("向地方政府专报"), True),
    "accountability_overdue": (_("挂牌督办逾期事项"), False),
    "summary_on_time": (_("年度总结按时报送"), True),
    "valid_protected": (_("有效保护产品"), True),
    "zero_products": (_("零保护产品"), False),
}

# The seven sections of seed §17, each with the figures it shows.
SECTIONS = [
    ("intake", _("受理申报"), ["cases_submitted", "cases_accepted", "cases_returned", "cases_refused"]),
    ("evaluation", _("组织评定"),
     ["evaluations_approved", "evaluations_completed", "evaluations_passed", "newly_protected"]),
    ("supervision", _("实施监管"),
     ["inspections_done", "complaints_received", "complaints_closed", "complaint_handling_days"]),
    ("rectification", _("整改结果"), ["suspensions", "rectifications_closed", "rectifications_overdue"]),
    ("exit", _("产品退出"), ["revoked", "expired", "exits_handled", "recoveries_completed"]),
    ("research", _("科学研究"), ["research_projects"]),
    ("outreach", _("巡讲宣贯"), ["lectures", "lecture_audience", "government_reports"]),
]  # fmt: skip


def year_span(year: int) -> tuple[datetime, datetime]:
    """The year in Beijing time, as aware datetimes [start, end)."""
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz),
    )


def compute(year: int) -> dict[int, dict[str, float]]:
    """Every indicator for every bureau in `year` (bureaus with nothing get zeros)."""
    from regions.models import AnnualSummary, Bureau, GovernmentReport, LectureTour, ResearchProject
    from supervision.models import Complaint, Inspection, KeyWorkItem

    start, end = year_span(year)
    values: dict[int, dict[str, float]] = defaultdict(dict)

    history = CaseHistory.objects.filter(created_at__gte=start, created_at__lt=end)
    transitions = {
        "cases_submitted": Q(transition="submit"),
        "cases_accepted": Q(transition="accept"),
        "cases_returned": Q(transition="return"),
        "cases_refused": Q(transition="refuse"),
        "evaluations_approved": Q(transition="approve"),
        "evaluations_completed": Q(transition="evaluate"),
        "evaluations_passed": Q(transition="evaluate", to_state=State.EVALUATED),
        "newly_protected": Q(transition="certify"),
        "suspensions": Q(transition="suspend"),
        "rectifications_closed": Q(transition="reinstate"),
        "revoked": Q(transition="revoke"),
        "expired": Q(transition="expire"),
    }
    rows = history.values("application__bureau_id").annotate(
        **{name: Count("pk", filter=condition) for name, condition in transitions.items()}
    )
    for row in rows:
        bureau = row.pop("application__bureau_id")
        values[bureau].update(row)

    def count(name: str, queryset, bureau_field: str) -> None:
        """values[bureau][name] = number of rows of `queryset` per bureau (one query)."""
        rows = queryset.values(bureau_field).annotate(n=Count("pk")).values_list(bureau_field, "n")
        for bureau, n in rows:
            values[bureau][name] = n

    count(
        "rectifications_overdue",
        Application.objects.filter(escalated_at__gte=start, escalated_at__lt=end),
        "bureau_id",
    )
    count(
        "recoveries_completed",
        RecoveryRecord.objects.filter(completed_at__gte=start, completed_at__lt=end),
        "application__bureau_id",
    )
    count(
        "inspections_done",
        Inspection.objects.filter(recorded_at__gte=start, recorded_at__lt=end),
        "target__application__bureau_id",
    )
    count(
        "complaints_received",
        Complaint.objects.filter(received_at__gte=start, received_at__lt=end),
        "bureau_id",
    )
    closed = Complaint.objects.filter(closed_at__gte=start, closed_at__lt=end)
    count("complaints_closed", closed, "bureau_id")
    for bureau, duration in (
        closed.values("bureau_id")
        .annotate(d=Avg(F("closed_at") - F("received_at")))
        .values_list("bureau_id", "d")
    ):
        values[bureau]["complaint_handling_days"] = round(duration.total_seconds() / 86400, 1)
    projects = ResearchProject.objects.filter(start_date__year=year)
    for bureau, n in (
        projects.values("lead_bureau_id").annotate(n=Count("pk")).values_list("lead_bureau_id", "n")
    ):
        values[bureau]["research_projects"] = values[bureau].get("research_projects", 0) + n
    for bureau, n in (
        projects.values("member_bureaus").annotate(n=Count("pk")).values_list("member_bureaus", "n")
    ):
        if bureau is not None:
            values[bureau]["research_projects"] = values[bureau].get("research_projects", 0) + n
    lectures = LectureTour.objects.filter(date__year=year).values("bureau_id")
    for bureau, n, audience in lectures.annotate(
        n=Count("pk"), audience=Sum("audience_size")
    ).values_list("bureau_id", "n", "audience"):
        values[bureau].update(lectures=n, lecture_audience=audience or 0)
    count("government_reports", GovernmentReport.objects.filter(date__year=year), "bureau_id")
    count(
        "accountability_overdue",
        KeyWorkItem.objects.filter(deadline__year=year, escalated_at__isnull=False),
        "bureau_id",
    )
    count(
        "summary_on_time",
        AnnualSummary.objects.filter(year=year, submitted_at__isnull=False, late=False),
        "bureau_id",
    )
    count("valid_protected", Application.objects.filter(state=State.PROTECTED), "bureau_id")

    result = {}
    for bureau in Bureau.objects.values_list("pk", flat=True):
        row = {name: values[bureau].get(name, 0) for name in INDICATORS}
        row["exits_handled"] = row["revoked"] + row["expired"]
        row["zero_products"] = 1 if row["valid_protected"] == 0 else 0
        result[bureau] = row
    return result


# ---------------------------------------------------------------- the other programmes

# Beside the seven sections, a bureau's summary reports the other programmes of its jurisdiction
# (seed 001 §七.4 总结报告: its demonstration zones), each with the figures the programme gives
# (casework.programmes.Programme.figure_labels / figures_by_bureau with the year), computed from
# the data like the seven and kept apart from them (AnnualSummary.programme_figures). Figures
# only: the bureau's narrative stays in the seven sections.
# A part of the portal that is no programme may report figures the same way: an object with
# `code`, `label`, `figure_labels(year=)` and `figures_by_bureau(year=)`, registered here from
# its AppConfig.ready() (liaison: HQ's tasks and the reports to 通关司, ADR 0018). With no year
# it gives no figures, so it stays off the dashboard's table of programmes.
_SOURCES: dict[str, object] = {}


def register_source(source):
    """Report `source`'s figures in the bureaus' annual summaries, after the programmes'."""
    if _SOURCES.get(source.code, source) is not source:
        raise ValueError(f"summary source {source.code!r} is registered twice")
    _SOURCES[source.code] = source
    return source


def _reporters() -> list:
    from casework.programmes import programmes

    return [*programmes(), *_SOURCES.values()]


def reporting_programmes(year: int | None = None) -> list:
    """The registered programmes (then the other sources) that give figures per bureau, in
    registration order."""
    return [p for p in _reporters() if p.figure_labels(year=year)]


def programme_figures(year: int) -> dict[int, dict[str, dict[str, int]]]:
    """Per bureau id (every bureau), per programme code, its figures for `year` (zeros where it
    has none). The programmes' own queries: one or two each."""
    from regions.models import Bureau

    computed = [
        (p.code, list(p.figure_labels(year=year)), p.figures_by_bureau(year=year))
        for p in reporting_programmes(year)
    ]
    return {
        bureau: {
            code: {name: values.get(bureau, {}).get(name, 0) for name in names}
            for code, names, values in computed
        }
        for bureau in Bureau.objects.values_list("pk", flat=True)
    }


def programme_sections(stored: dict, year: int) -> list[dict]:
    """Stored programme figures ({code: {name: value}}) as sections with labels, in registration
    order; a programme no longer registered keeps its figures under their names."""
    known = {p.code: p for p in _reporters()}
    order = [code for code in known if code in stored] + [c for c in stored if c not in known]
    sections = []
    for code in order:
        programme = known.get(code)
        labels = programme.figure_labels(year=year) if programme else {}
        # In the programme's order (PostgreSQL's jsonb keeps no key order).
        names = [n for n in labels if n in stored[code]]
        names += sorted(n for n in stored[code] if n not in labels)
        sections.append(
            {
                "key": code,
                "label": programme.label if programme else code,
                "figures": [(labels.get(name, name), stored[code][name]) for name in names],
            }
        )
    return sections
