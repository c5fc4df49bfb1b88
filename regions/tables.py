"""The reporting tables as rows, for the CSV/XLSX exports: the year's summaries list, the bureau
and zone rankings with their breakdown, and the dashboard's indicators and flags. Each table
says who may export it; the export job checks it against the job's owner when it runs."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role

from . import figures
from .models import BureauYearFigures
from .selectors import (
    bureaus_in_scope,
    dashboard_flags,
    may_see_rankings,
    programme_table,
    ranking_view,
    summaries_visible_to,
)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yes(flag: bool) -> str:
    return _("是") if flag else ""


def _indicator_names() -> list[str]:
    return [name for _key, _label, names in figures.SECTIONS for name in names]


def summaries_table(user, year: int):
    names = _indicator_names()
    headers = [
        _("直属局代码"),
        _("直属局"),
        _("状态"),
        _("报送时间"),
        _("报送人"),
        _("逾期"),
        _("退回原因"),
    ] + [str(figures.INDICATORS[name][0]) for name in names]
    # Then the other programmes' figures (seed 001 §七.4); blank where a summary has none.
    programme_columns = [
        (p.code, name, _("%(programme)s：%(figure)s") % {"programme": p.label, "figure": label})
        for p in figures.reporting_programmes(year)
        for name, label in p.figure_labels(year=year).items()
    ]
    headers += [label for _code, _name, label in programme_columns]
    rows = []
    for summary in summaries_visible_to(user=user, year=year).order_by("bureau_id"):
        flat = {n: v for section in summary.figures.values() for n, v in section.items()}
        rows.append(
            [
                summary.bureau.code,
                summary.bureau.display_full_name,
                summary.get_status_display(),
                _when(summary.submitted_at),
                summary.submitted_by.username if summary.submitted_by else "",
                _yes(summary.late),
                summary.return_reason,
            ]
            + [flat.get(name, 0) for name in names]
            + [
                summary.programme_figures.get(code, {}).get(name, "")
                for code, name, _label in programme_columns
            ]
        )
    return headers, rows


def _weighted_indicators(entries) -> list[tuple[str, str]]:
    for entry in entries:
        # The stored label is in the language of the computation; use the reader's.
        return [
            (row["indicator"], figures.INDICATORS.get(row["indicator"], (row["label"],))[0])
            for row in entry.breakdown
        ]
    return []


def bureau_ranking_table(user, year: int):
    """直属局绩效排名: all 35 for HQ, or once published; before, a bureau's own row (ranking_view)."""
    entries = ranking_view(user=user, year=year, scope="bureau").entries
    indicators = _weighted_indicators(entries)
    headers = [
        _("全国排名"),
        _("上年排名"),
        _("直属局代码"),
        _("直属局"),
        _("得分"),
        _("片区内排名"),
        _("零保护产品"),
        _("权重版本"),
    ]
    for _name, label in indicators:
        headers += [
            _("%(indicator)s：原始值") % {"indicator": label},
            _("%(indicator)s：标准化") % {"indicator": label},
            _("%(indicator)s：权重") % {"indicator": label},
            _("%(indicator)s：得分") % {"indicator": label},
        ]
    rows = []
    for entry in entries:
        parts = {row["indicator"]: row for row in entry.breakdown}
        row = [
            entry.rank,
            entry.previous_rank or "",
            entry.bureau.code,
            entry.bureau.display_full_name,
            float(entry.score),
            "、".join(f"{code}:{rank}" for code, rank in sorted(entry.zone_ranks.items())),
            _yes(entry.zero_products),
            f"v{entry.ranking.weighting.version}",
        ]
        for name, _label in indicators:
            part = parts.get(name, {})
            row += [
                part.get("raw", ""),
                part.get("normalised", ""),
                part.get("weight", ""),
                float(part["contribution"]) if "contribution" in part else "",
            ]
        rows.append(row)
    return headers, rows


def zone_ranking_table(user, year: int):
    """片区绩效排名: the members' scores (各局得分) only where the full table may be seen."""
    headers = [_("排名"), _("上年排名"), _("片区代码"), _("片区"), _("得分"), _("各局得分")]
    rows = [
        [
            entry.rank,
            entry.previous_rank or "",
            entry.zone.code,
            entry.zone.display_name,
            float(entry.score),
            "、".join(f"{part['bureau']}:{part['score']}" for part in entry.breakdown),
        ]
        for entry in ranking_view(user=user, year=year, scope="zone").entries
    ]
    return headers, rows


def figures_table(user, year: int):
    names = list(figures.INDICATORS)
    headers = [_("直属局代码"), _("直属局"), _("统计时间")] + [
        str(figures.INDICATORS[name][0]) for name in names
    ]
    rows = [
        [f.bureau.code, f.bureau.display_full_name, _when(f.refreshed_at)]
        + [f.values.get(name, 0) for name in names]
        for f in BureauYearFigures.objects.filter(year=year)
        .select_related("bureau")
        .order_by("bureau_id")
    ]
    return headers, rows


def flags_table(user, year: int):
    headers = [
        _("直属局代码"),
        _("直属局"),
        _("零保护产品"),
        _("片区牵头单位未科研立项"),
        _("未组织宣讲"),
        _("年度总结逾期"),
        _("挂牌督办逾期事项"),
        _("逾期交办任务"),
    ]
    rows = [
        [
            flag["code"],
            flag["name"],
            _yes(flag["zero_products"]),
            "、".join(flag["research_zones"]),
            _yes(flag["needs_lecture"]),
            _yes(flag["late_summary"]),
            flag["overdue_items"] or "",
            flag["overdue_tasks"] or "",
        ]
        for flag in dashboard_flags(year)
    ]
    return headers, rows


def programmes_table(user, year: int):
    """各项目分局情况 as on HQ's dashboard: a column per programme and figure."""
    figures_rows = list(
        BureauYearFigures.objects.filter(year=year).values_list("bureau_id", "values")
    )
    table = programme_table(flags=dashboard_flags(year), figures_rows=figures_rows)
    headers = [_("直属局代码"), _("直属局")] + [
        _("%(programme)s：%(figure)s") % {"programme": group["label"], "figure": label}
        for group in table["groups"]
        for label in group["labels"]
    ]
    return headers, [[row["code"], row["name"], *row["cells"]] for row in table["rows"]]


def _is_hq(user) -> bool:
    return user.role == Role.HQ


def _sees_summaries(user) -> bool:
    return bureaus_in_scope(user=user).exists()


def _sees_rankings(user) -> bool:
    return may_see_rankings(user=user)


@dataclass(frozen=True)
class Table:
    label: object
    filename: str
    may_export: Callable
    build: Callable


TABLES = {
    "summaries": Table(
        gettext_lazy("年度总结报送情况"), "summaries", _sees_summaries, summaries_table
    ),
    "rankings_bureau": Table(
        gettext_lazy("直属局绩效排名"), "ranking-bureaus", _sees_rankings, bureau_ranking_table
    ),
    "rankings_zone": Table(
        gettext_lazy("片区绩效排名"), "ranking-zones", _sees_rankings, zone_ranking_table
    ),
    "figures": Table(gettext_lazy("直属局年度指标"), "figures", _is_hq, figures_table),
    "flags": Table(gettext_lazy("数据看板预警"), "flags", _is_hq, flags_table),
    "programmes": Table(gettext_lazy("各项目分局情况"), "programmes", _is_hq, programmes_table),
}


def may_export(table: str, user) -> bool:
    entry = TABLES.get(table)
    if entry is None or not user.is_authenticated:
        return False
    return entry.may_export(user)
