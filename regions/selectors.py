"""Reads of the organisation data. `bureaus_in_scope` / `zones_in_scope` say, for any user, whose
data it may see; every later list (cases, supervision, summaries, rankings) is built on them.
`organisations_in_scope` does the same for the other organisations of SPEC §8."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from ecoorigin.names import pick

from .models import Bureau, BureauDepartment, Organisation, Zone, ZoneMembership


def bureaus_in_scope(*, user) -> QuerySet[Bureau]:
    """Bureaus whose cases and figures the user may see.

    HQ: all 35. A bureau user: its own bureau, plus, for a zone lead, every bureau of the zones
    it leads (read-only per-bureau data). Enterprises, agencies, inspectors and experts: none
    (they see their own records, or only the inspections they were drawn for).
    """
    if not user.is_authenticated:
        return Bureau.objects.none()
    if user.role == Role.HQ:
        return Bureau.objects.all()
    if user.role == Role.BUREAU:
        zone_members = ZoneMembership.objects.filter(zone_id__in=user.led_zone_ids)
        return Bureau.objects.filter(
            Q(pk=user.bureau_id) | Q(pk__in=zone_members.values("bureau_id"))
        )
    return Bureau.objects.none()


def zones_in_scope(*, user) -> QuerySet[Zone]:
    """Zones whose aggregates the user may see: HQ all; a bureau user the zones its bureau sits in."""
    if not user.is_authenticated:
        return Zone.objects.none()
    if user.role == Role.HQ:
        return Zone.objects.all()
    if user.role == Role.BUREAU:
        seats = ZoneMembership.objects.filter(bureau_id=user.bureau_id)
        return Zone.objects.filter(pk__in=seats.values("zone_id"))
    return Zone.objects.none()


def organisations_in_scope(*, user) -> QuerySet[Organisation]:
    """组织机构 the user may see: HQ all; a bureau user those in its bureau's jurisdiction (a zone
    lead too: organisations are registered per jurisdiction, not per zone); an organisation's
    staff its own organisation; everyone else none."""
    organisations = Organisation.objects.select_related("bureau", "parent")
    if not user.is_authenticated:
        return organisations.none()
    if user.role == Role.HQ:
        return organisations
    if user.role == Role.BUREAU:
        return organisations.filter(bureau_id=user.bureau_id)
    if user.organisation_id is not None:
        return organisations.filter(pk=user.organisation_id)
    return organisations.none()


def organisation_staff(*, organisation: Organisation) -> QuerySet:
    """The accounts of an organisation's staff, by user name."""
    return organisation.staff.order_by("username")


def departments_in_scope(*, user) -> QuerySet[BureauDepartment]:
    """内设机构 (seed 000 §18's 责任部门): HQ every bureau's; a bureau account its own bureau's (a
    zone lead too: a bureau's departments are its own business); everyone else none."""
    departments = BureauDepartment.objects.select_related("bureau")
    if not user.is_authenticated:
        return departments.none()
    if user.role == Role.HQ:
        return departments
    if user.role == Role.BUREAU:
        return departments.filter(bureau_id=user.bureau_id)
    return departments.none()


def zone_directory() -> QuerySet[Zone]:
    """Zones with their lead and member bureaus, in two queries whatever the size."""
    return Zone.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=ZoneMembership.objects.select_related("bureau").order_by("role", "pk"),
        )
    )


def bureau_directory() -> QuerySet[Bureau]:
    """Bureaus with their zone seats, in two queries whatever the size."""
    return Bureau.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=ZoneMembership.objects.select_related("zone").order_by("zone_id"),
        )
    )


def summaries_visible_to(*, user, year: int | None = None):
    """年度总结: a bureau its own, a zone lead also its zones' bureaus, HQ all."""
    from .models import AnnualSummary

    summaries = AnnualSummary.objects.select_related("bureau", "submitted_by")
    if year is not None:
        summaries = summaries.filter(year=year)
    return summaries.filter(bureau__in=bureaus_in_scope(user=user))


def may_see_rankings(*, user) -> bool:
    """HQ and bureaus see rankings; enterprises, agencies and inspectors do not."""
    return user.is_authenticated and user.role in (Role.HQ, Role.BUREAU)


def ranking_entries(*, ranking, scope: str):
    """Every entry of a ranking in one scope, unscoped: for ranking_view. Read by the ranking's
    id with only the scope's organisation joined (the ranking itself is already read)."""
    from .models import RankingEntry

    entries = RankingEntry.objects.filter(ranking_id=ranking.pk)
    if scope == "zone":
        return entries.filter(zone__isnull=False).select_related("zone").order_by("rank", "zone_id")
    return (
        entries.filter(bureau__isnull=False).select_related("bureau").order_by("rank", "bureau_id")
    )


@dataclass(frozen=True)
class RankingView:
    """What one user may see of a year's ranking in one scope (bureau or zone)."""

    ranking: object  # the year's Ranking, None when the year is not ranked
    entries: list
    full: bool  # the whole table: HQ always, a bureau once HQ has published it

    @property
    def published(self) -> bool:
        return self.ranking is not None and self.ranking.published_at is not None


_READ = object()


def ranking_view(
    *, user, year: int, scope: str, ranking=_READ, breakdown: bool = True
) -> RankingView:
    """绩效排名 as `user` may see it (seed 000 §19: 总局……对各直属局……进行排名; the ranking is
    HQ's to publish, 通报). The one scoping of rankings, used by the page, the API and the
    exports alike (ADR 0015):

    - HQ: every entry, published or not.
    - A bureau (a zone lead too: leading a zone gives no sight of its members' scores) before
      HQ publishes the year: its own entry (score, rank, zone ranks, breakdown) and the zones'
      aggregates (score and rank) without their per-bureau scores; after: everything.
    - Anyone else: nothing (the callers refuse them with may_see_rankings).

    Two queries: the year's ranking (unless the caller passes the one it read for the other
    scope), then its entries; without their `breakdown` (≈ 30 indicators each) unless asked."""
    from .models import Ranking

    if ranking is _READ:
        ranking = Ranking.objects.filter(year=year).select_related("weighting").first()
    if ranking is None or not may_see_rankings(user=user):
        return RankingView(ranking=ranking, entries=[], full=user.role == Role.HQ)
    full = user.role == Role.HQ or ranking.published_at is not None
    entries = ranking_entries(ranking=ranking, scope=scope)
    if not breakdown:
        entries = entries.defer("breakdown")
    if not full and scope == "bureau":
        entries = entries.filter(bureau_id=user.bureau_id)
    entries = list(entries)
    for entry in entries:
        entry.ranking = ranking  # one ranking row for all, not one per entry
        if not full and entry.zone_id is not None and breakdown:
            entry.breakdown = []  # the members' scores are the unpublished table
    return RankingView(ranking=ranking, entries=entries, full=full)


# ---------------------------------------------------------------- yearly activity minimums


@dataclass(frozen=True)
class ActivityFlag:
    """One bureau's yearly minimums (seed §14, §16): a zone lead files at least one research
    project a year (科研立项: "各片区的牵头单位应每年至少立项一次"), every bureau organises at
    least one lecture tour (宣讲).

    The research duty is the lead's, for the zone it leads: it is flagged per led zone
    (`zones_without_research`), never on a zone where the bureau is only a member. A project
    counts for a led zone when it was filed for that zone or for no zone."""

    bureau_id: int
    code: str
    name: str
    is_zone_lead: bool
    research_projects: int
    lectures: int
    led_zones: tuple = ()  # (zone id, zone name) of each zone the bureau leads
    zones_without_research: frozenset = frozenset()

    @property
    def needs_research(self) -> bool:
        return bool(self.zones_without_research)

    def needs_research_in(self, zone_id: int) -> bool:
        """The lead has no research project for `zone_id`; False where it is only a member."""
        return zone_id in self.zones_without_research

    @property
    def research_zone_names(self) -> list[str]:
        """The led zones without a research project this year."""
        return [name for pk, name in self.led_zones if pk in self.zones_without_research]

    @property
    def needs_lecture(self) -> bool:
        return self.lectures == 0

    @property
    def unmet(self) -> bool:
        return self.needs_research or self.needs_lecture


def activity_flags(year: int, *, bureau_ids=None) -> dict[int, ActivityFlag]:
    """Every bureau's (or the given bureaus') yearly minimums for `year`, by bureau id, in four
    queries whatever the number of bureaus, projects or lectures. Research projects count for
    the bureau that leads them (立项单位), and for the zone they were filed for (or, filed for
    no zone, for every zone the bureau leads); lectures for the bureau that held them."""
    from django.db.models import Count

    from .models import LectureTour, ResearchProject

    bureaus = Bureau.objects.order_by("pk")
    projects = ResearchProject.objects.filter(start_date__year=year)
    lectures = LectureTour.objects.filter(date__year=year)
    leads = ZoneMembership.objects.filter(role=ZoneMembership.Role.LEAD)
    if bureau_ids is not None:
        bureau_ids = list(bureau_ids)
        bureaus = bureaus.filter(pk__in=bureau_ids)
        projects = projects.filter(lead_bureau_id__in=bureau_ids)
        lectures = lectures.filter(bureau_id__in=bureau_ids)
        leads = leads.filter(bureau_id__in=bureau_ids)
    led: dict[int, list[tuple[int, str]]] = {}
    for bureau_id, zone_id, zone_name, zone_name_en in leads.order_by("zone_id").values_list(
        "bureau_id", "zone_id", "zone__name", "zone__name_en"
    ):
        led.setdefault(bureau_id, []).append((zone_id, pick(zone_name, zone_name_en)))
    project_counts: dict[int, int] = {}
    by_zone: dict[tuple[int, int | None], int] = {}
    for bureau_id, zone_id, n in (
        projects.values("lead_bureau_id", "zone_id")
        .annotate(n=Count("pk"))
        .values_list("lead_bureau_id", "zone_id", "n")
    ):
        project_counts[bureau_id] = project_counts.get(bureau_id, 0) + n
        by_zone[(bureau_id, zone_id)] = n
    lecture_counts = dict(
        lectures.values("bureau_id").annotate(n=Count("pk")).values_list("bureau_id", "n")
    )
    return {
        pk: ActivityFlag(
            bureau_id=pk,
            code=code,
            name=pick(name, name_en),
            is_zone_lead=pk in led,
            research_projects=project_counts.get(pk, 0),
            lectures=lecture_counts.get(pk, 0),
            led_zones=tuple(led.get(pk, ())),
            zones_without_research=frozenset(
                zone_id
                for zone_id, _name in led.get(pk, ())
                if not by_zone.get((pk, zone_id)) and not by_zone.get((pk, None))
            ),
        )
        for pk, code, name, name_en in bureaus.values_list("pk", "code", "name", "name_en")
    }


def activities_of(*, user, year: int):
    """科研立项, 宣讲 and 专报 of `year` that the user may see (bureaus_in_scope): research projects
    the bureaus in scope lead or join, lectures and reports they hold. Three queries plus one
    for the projects' member bureaus."""
    from .models import GovernmentReport, LectureTour, ResearchProject

    scope = bureaus_in_scope(user=user)
    projects = (
        ResearchProject.objects.filter(start_date__year=year)
        .filter(Q(lead_bureau__in=scope) | Q(member_bureaus__in=scope))
        .distinct()
        .select_related("lead_bureau", "zone")
        .prefetch_related("member_bureaus")
    )
    lectures = LectureTour.objects.filter(date__year=year, bureau__in=scope).select_related(
        "bureau"
    )
    reports = GovernmentReport.objects.filter(date__year=year, bureau__in=scope).select_related(
        "bureau"
    )
    return {"projects": projects, "lectures": lectures, "reports": reports}


def lectures_of_bureaus(*, year: int, bureau_ids) -> QuerySet:
    """宣讲活动 (seed §16 "各直属局每年应至少组织一次专家团在辖区内进行宣讲") of `year` held by the
    given bureaus (the caller passes those the user may see), by date, with their bureau: one
    query."""
    from .models import LectureTour

    return (
        LectureTour.objects.filter(date__year=year, bureau_id__in=list(bureau_ids))
        .select_related("bureau")
        .order_by("date", "pk")
    )


# ---------------------------------------------------------------- HQ dashboard (summary tables only)


def ranking_years() -> list[int]:
    from .models import Ranking

    return list(Ranking.objects.order_by("year").values_list("year", flat=True))


def dashboard_flags(
    year: int, *, figures_rows=None, bureau_entries=None, summary_rows=None, overdue_tasks=None
) -> list[dict]:
    """Per bureau, in bureau order, what needs HQ's attention in `year`: no valid protected
    product (seed §18), unmet activity minimums (§14, §16), a late summary (§17) and 挂牌督办
    items (§18) escalated as overdue and still open. Reads the summary tables (BureauYearFigures,
    RankingEntry, AnnualSummary), the activities and the 挂牌督办 items: a constant number of
    queries, never the case table. Pass rows already read to save their query. HQ's tasks past
    their time limit (§二.2, liaison.selectors.overdue_rows) count for the bureau they went to,
    or for the leads of the zone they went to."""
    from liaison.selectors import overdue_rows
    from supervision.models import KeyWorkItem

    from .models import AnnualSummary, BureauYearFigures, RankingEntry

    if figures_rows is None:
        figures_rows = list(
            BureauYearFigures.objects.filter(year=year).values_list("bureau_id", "values")
        )
    zero = {bureau_id: bool(values.get("zero_products")) for bureau_id, values in figures_rows}
    if bureau_entries is None:
        bureau_entries = RankingEntry.objects.filter(ranking__year=year, bureau__isnull=False).only(
            "bureau_id", "zero_products"
        )
    for entry in bureau_entries:
        zero.setdefault(entry.bureau_id, entry.zero_products)
    if summary_rows is None:
        summary_rows = AnnualSummary.objects.filter(year=year, late=True).values_list(
            "bureau_id", "status", "late"
        )
    late = {bureau_id for bureau_id, _status, is_late in summary_rows if is_late}
    overdue: dict[int, int] = {}
    for bureau_id in (
        KeyWorkItem.objects.filter(escalated_at__isnull=False)
        .exclude(status=KeyWorkItem.Status.CLOSED)
        .values_list("bureau_id", flat=True)
    ):
        overdue[bureau_id] = overdue.get(bureau_id, 0) + 1
    if overdue_tasks is None:
        overdue_tasks = overdue_rows()
    rows = []
    for flag in activity_flags(year).values():
        led = {zone_id for zone_id, _name in flag.led_zones}
        row = {
            "bureau_id": flag.bureau_id,
            "code": flag.code,
            "name": flag.name,
            "zero_products": zero.get(flag.bureau_id, False),
            "needs_research": flag.needs_research,
            # The zones it leads that lack one: the flag belongs to those, not to its seats.
            "research_zones": flag.research_zone_names,
            "needs_lecture": flag.needs_lecture,
            "late_summary": flag.bureau_id in late,
            "overdue_items": overdue.get(flag.bureau_id, 0),
            "overdue_tasks": sum(
                t["bureau_id"] == flag.bureau_id or t["zone_id"] in led for t in overdue_tasks
            ),
        }
        row["any"] = any(
            v for k, v in row.items() if k not in ("bureau_id", "code", "name", "research_zones")
        )
        rows.append(row)
    return rows


def dashboard(year: int) -> dict:
    """Everything HQ's 数据看板 shows for `year`, from the summary tables in a constant number
    of queries whatever the number of years, bureaus, cases or summaries."""
    from .models import AnnualSummary, BureauYearFigures, Ranking, RankingEntry, SummaryRound

    ranking = Ranking.objects.select_related("weighting").filter(year=year).first()
    entries = list(
        RankingEntry.objects.filter(ranking__year=year)
        .select_related("bureau", "zone")
        .defer("breakdown")  # ~30 indicators per entry, not shown here
        .order_by("rank", "bureau_id", "zone_id")
    )
    bureau_entries = [e for e in entries if e.bureau_id]
    zone_entries = [e for e in entries if e.zone_id]

    # Trend: every bureau's score and rank in every ranked year (one query, no breakdowns).
    history = (
        RankingEntry.objects.filter(bureau__isnull=False)
        .order_by("ranking__year", "bureau_id")
        .values_list(
            "ranking__year", "bureau__code", "bureau__name", "bureau__name_en", "score", "rank"
        )
    )
    years: list[int] = []
    series: dict[str, dict] = {}
    for entry_year, code, name, name_en, score, rank in history:
        if not years or years[-1] != entry_year:
            years.append(entry_year)
        line = series.setdefault(code, {"name": pick(name, name_en), "points": {}})
        line["points"][entry_year] = (float(score), rank)
    trend = {
        "years": years,
        "bureaus": [
            {
                "code": code,
                "name": line["name"],
                "scores": [line["points"].get(y, (None, None))[0] for y in years],
                "ranks": [line["points"].get(y, (None, None))[1] for y in years],
            }
            for code, line in series.items()
        ],
    }

    figures_rows = list(
        BureauYearFigures.objects.filter(year=year).values_list("bureau_id", "values")
    )
    summary_rows = list(
        AnnualSummary.objects.filter(year=year).values_list("bureau_id", "status", "late")
    )
    # HQ's tasks past their time limit (seed 000 §二.2): listed, and flagged per bureau.
    from liaison.selectors import overdue_rows

    overdue_tasks = overdue_rows()
    flags = dashboard_flags(
        year,
        figures_rows=figures_rows,
        bureau_entries=bureau_entries,
        summary_rows=summary_rows,
        overdue_tasks=overdue_tasks,
    )
    programmes = programme_table(flags=flags, figures_rows=figures_rows)
    named_zero = named_zero_progress(flags=flags, figures_rows=figures_rows)
    counts = {"total": 0, "submitted": 0, "returned": 0, "draft": 0, "late": 0}
    for _bureau_id, status, late in summary_rows:
        counts["total"] += 1
        counts[status] = counts.get(status, 0) + 1
        counts["late"] += 1 if late else 0
    return {
        "ranking": ranking,
        "bureau_entries": bureau_entries,
        "zone_entries": zone_entries,
        "trend": trend,
        "flags": flags,
        "flagged": [f for f in flags if f["any"]],
        "summary_counts": counts,
        "round": SummaryRound.objects.filter(year=year).first(),
        "figures_count": len(figures_rows),
        "programme_table": programmes,
        "named_zero": named_zero,
        "overdue_tasks": overdue_tasks,
    }


def named_zero_progress(*, flags: list[dict], figures_rows: list) -> dict:
    """§18 打破零保护产品 (seed 000 §18: 深圳局、辽宁局……宁夏局"应……尽快打破'零'保护产品的
    现状"): each of the 13 named bureaus, in the seed's order, with its valid protected products
    of the year (BureauYearFigures' `valid_protected`, the count behind `zero_products`; None
    when its figures are not counted yet) and whether it has broken the zero. From the rows
    already read: no query. Plain data (HQ's dashboard caches it)."""
    from .duties import ZERO_PRODUCT_BUREAUS

    values = dict(figures_rows)
    names = {flag["code"]: (flag["bureau_id"], flag["name"]) for flag in flags}
    rows = []
    for code in ZERO_PRODUCT_BUREAUS:
        if code not in names:  # a bureau HQ has since removed
            continue
        bureau_id, name = names[code]
        own = values.get(bureau_id)
        count = None if own is None else int(own.get("valid_protected", 0))
        rows.append({"code": code, "name": name, "valid_protected": count, "done": bool(count)})
    return {"rows": rows, "done": sum(r["done"] for r in rows), "total": len(rows)}


# Eco-origin's figures in the dashboard's table of programmes: from its summary table.
ECOORIGIN_FIGURES = ("valid_protected", "newly_protected")


def programme_table(*, flags: list[dict], figures_rows: list) -> dict:
    """各项目分局情况 (HQ's dashboard): per bureau, in the flags' order, eco-origin's figures of
    the year from the rows of BureauYearFigures already read, then each other programme's
    current figures from the registry (casework.programmes: Programme.figures_by_bureau, one
    query per programme that gives figures). `groups`: each programme's label and its figures'
    labels; `rows`: the bureau's code, name and numbers, in the groups' order."""
    from django.utils.translation import gettext_lazy

    from . import figures

    groups = [
        {
            "label": gettext_lazy("生态原产地产品保护"),
            "labels": [figures.INDICATORS[name][0] for name in ECOORIGIN_FIGURES],
        }
    ]
    others = []
    for programme in figures.reporting_programmes():
        labels = programme.figure_labels()
        groups.append({"label": programme.label, "labels": list(labels.values())})
        others.append((list(labels), programme.figures_by_bureau()))
    values = dict(figures_rows)
    rows = []
    for flag in flags:
        bureau = flag["bureau_id"]
        own = values.get(bureau, {})
        cells = [own.get(name, 0) for name in ECOORIGIN_FIGURES]
        for names, by_bureau in others:
            theirs = by_bureau.get(bureau, {})
            cells += [theirs.get(name, 0) for name in names]
        rows.append({"code": flag["code"], "name": flag["name"], "cells": cells})
    return {"groups": groups, "rows": rows}


# ---------------------------------------------------------------- 总局监督检查 (seed 000 §19)


def bureau_checks_visible_to(*, user) -> QuerySet:
    """总局监督检查 (seed 000 §19 "总局……对各局工作落实情况进行监督检查") the user may read: HQ
    every check, drafts included; a bureau account its own bureau's once HQ has issued them (a
    draft is HQ's working copy). Nobody else any: not another bureau, nor the lead of the
    bureau's zone (§二.2 gives a lead the organising of its zone's work, not HQ's supervision of
    its members), nor the bureau's inspectors and experts, enterprises, agencies, organisations."""
    from .models import BureauCheck

    checks = BureauCheck.objects.select_related(
        "bureau", "created_by", "issued_by", "reported_by", "closed_by"
    )
    if not user.is_authenticated:
        return checks.none()
    if user.role == Role.HQ:
        return checks
    if user.role == Role.BUREAU:
        return checks.filter(bureau_id=user.bureau_id).exclude(status=BureauCheck.Status.DRAFT)
    return checks.none()


def bureau_checks_awaiting_report(*, user) -> QuerySet:
    """Issued checks of the user's bureau that wait for its rectification report (open, or
    returned by HQ): a bureau's to-do."""
    from .models import BureauCheck

    if not user.is_authenticated or user.role != Role.BUREAU:
        return BureauCheck.objects.none()
    return bureau_checks_visible_to(user=user).filter(status__in=BureauCheck.AWAITING_BUREAU)


def bureau_checks_to_review(*, user) -> QuerySet:
    """Rectifications reported and waiting for HQ to close (销号) or return them: HQ's to-do."""
    from .models import BureauCheck

    if not user.is_authenticated or user.role != Role.HQ:
        return BureauCheck.objects.none()
    return bureau_checks_visible_to(user=user).filter(status=BureauCheck.Status.REPORTED)


def bureau_checks_overdue(checks: QuerySet, *, today=None) -> QuerySet:
    """Checks still waiting for the bureau's rectification after their deadline."""
    from .models import BureauCheck

    today = today or timezone.localdate()
    return checks.filter(status__in=BureauCheck.AWAITING_BUREAU, deadline__lt=today)


def bureau_check_counts(*, bureau_id: int) -> dict[str, int]:
    """HQ's checks of one bureau for its dashboard page, in one query: `open`, issued and not
    yet closed; `overdue`, waiting for the bureau's rectification past the deadline."""
    from django.db.models import Count

    from .models import BureauCheck

    awaiting = Q(status__in=BureauCheck.AWAITING_BUREAU)
    return BureauCheck.objects.filter(bureau_id=bureau_id).aggregate(
        open=Count(
            "pk", filter=~Q(status__in=[BureauCheck.Status.DRAFT, BureauCheck.Status.CLOSED])
        ),
        overdue=Count("pk", filter=awaiting & Q(deadline__lt=timezone.localdate())),
    )


def of_bureau(records: QuerySet, *, user, code: str) -> tuple[QuerySet, Bureau | None]:
    """HQ's `?bureau=<code>` on a register of bureaus' records (总局监督检查, 挂牌督办, 约谈):
    `records` of that bureau and the bureau, or none of them for a code that names no bureau.
    Others read their own bureau's records only: for them, and without a code, `records` as they
    are."""
    if user.role != Role.HQ or not code:
        return records, None
    bureau = Bureau.objects.filter(code=code).first()
    return (records.filter(bureau=bureau), bureau) if bureau else (records.none(), None)
