"""HQ's 数据看板 from the cache: the page's context is built once per generation and served from
the cache until a write to one of the tables it reads commits (docs/adr/0014).

The dashboard reads a dozen small tables (rankings, year figures, summaries, activities,
挂牌督办 items, each programme's figure models) that change a few times a day, yet it is
HQ's most visited page. A generation number in the cache is bumped, on commit, by any save or
delete of those models; the context is cached per year, language, day (titles lapse at midnight)
and generation. Writes that bypass the model's signals (queryset.update, bulk_create) are caught
by the bounded lifetime, CACHE_SECONDS: the writers of the dashboard's tables that use them also
save a row that is watched (a ranking's entries come with its Ranking row).
"""

import functools
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from ecoorigin.kept import forget_now_and_on_commit
from ecoorigin.routers import on_primary

CACHE_SECONDS = 300
GENERATION_KEY = "regions:dashboard:generation"

# The tables regions.selectors.dashboard reads, beside the programmes' figure_models.
WATCHED = (
    "regions.Bureau",
    "regions.Zone",
    "regions.ZoneMembership",
    "regions.RankingWeighting",
    "regions.Ranking",
    "regions.RankingEntry",
    "regions.BureauYearFigures",
    "regions.AnnualSummary",
    "regions.SummaryRound",
    "regions.ResearchProject",
    "regions.LectureTour",
    "supervision.KeyWorkItem",
    "liaison.Task",
    "liaison.Assignment",
)


def generation() -> int:
    return cache.get(GENERATION_KEY) or 0


def bump() -> None:
    """A watched table changed: every cached dashboard is stale. Now, for the writer's own next
    read, and again on commit, since a page built meanwhile read the data before it."""
    forget_now_and_on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), None)


@functools.cache
def watched_labels() -> frozenset[str]:
    """Read at the first save, when every programme has registered."""
    from casework.programmes import programmes

    labels = set(WATCHED)
    for programme in programmes():
        labels.update(programme.figure_models)
    return frozenset(labels)


def _changed(sender, **_kwargs) -> None:
    if sender._meta.label in watched_labels():
        bump()


def connect() -> None:
    """From RegionsConfig.ready, in every process (web, worker, beat). One receiver for every
    model: the programmes register after this app is ready."""
    post_save.connect(_changed, dispatch_uid="regions-dashboard-save")
    post_delete.connect(_changed, dispatch_uid="regions-dashboard-delete")


def dashboard_context(year: int, build: Callable[[int], dict]) -> dict:
    """build(year)'s result (plain data only: it is pickled), from the cache when fresh."""
    key = (
        f"regions:dashboard:{year}:{get_language()}:{timezone.localdate().isoformat()}"
        f":{generation()}"
    )
    context = cache.get(key)
    if context is None:
        # From the primary even under the replica's scope (ecoorigin.routers): a replica a few
        # milliseconds behind the commit that bumped the generation would be kept as current.
        with on_primary():
            context = build(year)
        cache.set(key, context, CACHE_SECONDS)
    return context
