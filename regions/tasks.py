"""The yearly round of annual summaries and the rankings, as idempotent Celery tasks keyed by
year. The schedule (CELERY_BEAT_SCHEDULE) drafts on 1月1日, reminds on 1月2–4日 and closes on
1月5日, Beijing time; each task works on the year that has just ended."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from . import services


def _past_year(year: int | None) -> int:
    return year or timezone.localdate().year - 1


def drafting_key(year: int) -> str:
    """Cache key set by the page that queues a drafting run and cleared when the run ends, so
    the summaries page can say it is running (the cache is shared with the worker)."""
    return f"regions:summaries-drafting:{year}"


@shared_task(acks_late=True)
def draft_summaries(year: int | None = None) -> int:
    year = _past_year(year)
    try:
        return services.summaries_draft(year=year)
    finally:
        cache.delete(drafting_key(year))


@shared_task(acks_late=True)
def remind_summaries(year: int | None = None) -> int:
    return services.summaries_remind(year=_past_year(year))


@shared_task(acks_late=True)
def close_summary_round(year: int | None = None) -> int:
    from .models import Ranking

    year = _past_year(year)
    services.round_close(year=year)
    # A retry re-ranks with the weighting the year was first ranked with: ranking a past year
    # with a newer version is HQ's deliberate act (docs/ranking.md), not a side effect.
    ranked = Ranking.objects.filter(year=year).select_related("weighting").first()
    if ranked is None or ranked.published_at is None:  # a published year is final (ADR 0015)
        services.ranking_compute(year=year, weighting=ranked.weighting if ranked else None)
    return year


@shared_task(acks_late=True)
def refresh_figures(year: int | None = None) -> int:
    """Nightly: this year's figures (dashboard) stay current."""
    year = year or timezone.localdate().year
    services.figures_refresh(year=year)
    return year


@shared_task(acks_late=True)
def render_summary_pdf(summary_id: int) -> int:
    services.summary_render_pdf(summary_id=summary_id)
    return summary_id


@shared_task(acks_late=True)
def compute_ranking(year: int) -> int:
    """绩效排名 of `year`, recomputed on HQ's request (重新计算排名): idempotent, keyed by year."""
    from ecoorigin.exceptions import Conflict

    try:
        services.ranking_compute(year=year)
    except Conflict:  # published since it was queued: the published table stands (ADR 0015)
        pass
    finally:
        cache.delete(ranking_key(year))
    return year


def ranking_key(year: int) -> str:
    """Set by the page that queues compute_ranking, cleared when it ends (see drafting_key)."""
    return f"regions:ranking-computing:{year}"
