"""Reporting snippets: for pages other apps render (the bureau's landing page), and the rank
change of the rankings page."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
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
