"""Reporting snippets: for pages other apps render (the bureau's landing page), and the rank
change of the rankings page."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Role

register = template.Library()


@register.inclusion_tag("staff/reporting/_year_work_card.html")
def year_work_card(user):
    """本年度工作: this year's activity minimums of the user's bureau, and the state of last
    year's annual summary. Six small queries; nothing for users without a bureau."""
    from ..models import AnnualSummary, GovernmentReport
    from ..selectors import activity_flags
    from ..services import due_moment

    if not user.is_authenticated or user.role != Role.BUREAU:
        return {"hidden": True}
    year = timezone.localdate().year
    summary = AnnualSummary.objects.filter(bureau_id=user.bureau_id, year=year - 1).first()
    return {
        "year": year,
        "summary_year": year - 1,
        "flag": activity_flags(year, bureau_ids=[user.bureau_id])[user.bureau_id],
        "reports": GovernmentReport.objects.filter(
            bureau_id=user.bureau_id, date__year=year
        ).count(),
        "summary": summary,
        "past_due": summary is not None
        and summary.status != AnnualSummary.Status.SUBMITTED
        and timezone.now() >= due_moment(year - 1),
    }


@register.filter
def rank_change(change: int | None) -> str:
    """较上年: a rank's change from last year as an arrow, its meaning in the title. A filter,
    not an included template: the rankings page shows one per row (40 includes cost it 2 ms)."""
    if change is None:
        return format_html('<span class="muted" title="{}">—</span>', _("上年无排名"))
    if change > 0:
        return format_html('<span class="delta up" title="{}">↑{}</span>', _("较上年上升"), change)
    if change < 0:
        return format_html(
            '<span class="delta down" title="{}">↓{}</span>', _("较上年下降"), -change
        )
    return format_html('<span class="delta same" title="{}">=</span>', _("与上年持平"))


# A code no bureau or zone has, to split a reversed URL around (codes are slugs).
_CODE_MARK = "code-mark-0"


@lru_cache(maxsize=8)
def _code_url(name: str, prefix: str, urlconf) -> tuple[str, str]:
    head, tail = reverse(name, args=[_CODE_MARK], urlconf=urlconf).split(_CODE_MARK)
    return head, tail


def _ranked_name(unit, dashboard: str, context) -> str:
    """A bureau's or zone's name in the reader's language; for HQ, a link to its dashboard of
    the year (`dashboard`: the URL's name)."""
    name = escape(unit.display_name)
    if not context.get("is_hq"):
        return name
    head, tail = _code_url(dashboard, get_script_prefix(), get_urlconf())
    year = localize(context.get("year"))
    return f'<a href="{head}{escape(unit.code)}{tail}?year={year}">{name}</a>'


@register.simple_tag(takes_context=True)
def bureau_ranking_rows(context, rows) -> str:
    """直属局排名's rows (staff/reporting/rankings.html), written here rather than as a
    `{% for %}` of the template: 35 rows of links, chips and numbers were most of the page's
    time. HQ's rows link each bureau's dashboard; the reader's own bureau is marked."""
    own = context.get("own_bureau")
    zero = _("零保护产品")
    see = _("查看")
    lines = []
    for row in rows:
        entry = row["entry"]
        name = _ranked_name(entry.bureau, "regions:dashboard_bureau", context)
        if entry.zero_products:
            name += f' <span class="badge overdue">{escape(zero)}</span>'
        chips = "".join(
            f'<span class="chip">{escape(zone)} {localize(rank)}</span>'
            for zone, rank in row["zone_ranks"]
        )
        mark = ' class="self"' if entry.bureau_id == own else ""
        lines.append(
            f"<tr{mark}>"
            f'<td class="num rank">{localize(entry.rank)}</td>'
            f"<td>{rank_change(row['change'])}</td>"
            f"<td>{name}</td>"
            f'<td class="num">{localize(entry.score)}</td>'
            f"<td>{chips}</td>"
            f"<td><details><summary>{escape(see)}</summary>{row['breakdown']}</details></td></tr>"
        )
    # Every value above is escaped, localized or a kept rendered table.
    return SafeString("\n".join(lines))  # nosec B703


@register.simple_tag(takes_context=True)
def zone_ranking_rows(context, rows) -> str:
    """片区排名's rows, for the reason of bureau_ranking_rows."""
    lines = []
    for row in rows:
        entry = row["entry"]
        name = _ranked_name(entry.zone, "regions:dashboard_zone", context)
        lines.append(
            f'<tr><td class="num rank">{localize(entry.rank)}</td>'
            f"<td>{rank_change(row['change'])}</td><td>{name}</td>"
            f'<td class="num">{localize(entry.score)}</td></tr>'
        )
    return SafeString("\n".join(lines))  # nosec B703
