"""Waiting work (待办): what a signed-in user has to do next, gathered from every part of the
portal for the landing page (each kind with its count and its most urgent items) and for the
navigation (a count beside each entry).

A part of the portal that knows some waiting work (a programme, its supervision) registers a
`TodoSource` from its AppConfig.ready(), as programmes register themselves
(casework.programmes): the kernel imports none of them. A source reads only through its own
selectors, scoped to what the user may see, and only what the user is the one to act on.

Cost: a source's `counts` is a constant number of queries whatever the data; each source's counts
are kept per user for CACHE_SECONDS (the navigation shows them on every page), dropped when that
user writes (casework.middleware.ForgetTodoCountsOnWrite, `forget`) and recomputed by the landing
page, which lists the work itself. Another user's write shows within CACHE_SECONDS. A source that
names the URL namespaces its counts are written through (`written_through`) keeps its counts
across the user's writes elsewhere: a clerk's 受理 counts the cases afresh, not the dozen other
sources' work as well (two thirds of the writing clerk's next page, docs/performance.md).
"""

import time
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise

from ecoorigin.routers import on_primary

from .deadlines import working_days_left

CACHE_SECONDS = 30
# The most urgent items of each kind shown on the landing page.
ITEMS_SHOWN = 5


@dataclass(frozen=True)
class TodoKind:
    """A kind of waiting work: `code` unique across sources ("ecoorigin.acceptance"); `nav`
    the navigation entry whose count includes it (base.html: "cases", "enterprises", "inbox",
    "supervision", "inspections", "demonstration", "zone_notices", "zone_inspections",
    "liaison", "checks", "dashboard"); `url` the worklist filtered to it; `clock` what its
    deadline is, if it has one."""

    code: str
    label: str | Promise
    nav: str
    url: str
    clock: str | Promise = ""


@dataclass(frozen=True)
class TodoItem:
    """One piece of waiting work: what it is, where it is done, its deadline if any."""

    title: str
    url: str
    due_date: date | None = None
    detail: str = ""


class TodoSource:
    """What one part of the portal says of its waiting work. Subclass and `register` one;
    `position` orders the sources' kinds on the landing page."""

    code: str
    position: int = 100
    # Template variables that hold a kind's count on every page, by kind code
    # ({"unread_notices": "ecoorigin.unread_notices"}): 0 for a user without the kind.
    context_names: dict[str, str] = {}
    # The URL namespaces of the pages through which the user's own writes may change these counts
    # ("demonstration"): after a write elsewhere they are kept. Empty: dropped after any write.
    written_through: frozenset[str] = frozenset()

    def kinds(self, user) -> list[TodoKind]:
        """The kinds of work `user` may have here (its role decides; no query)."""
        return []

    def counts(self, user) -> dict[str, int]:
        """How many of each of kinds(user) wait, by code: a constant number of queries."""
        return {}

    def items(self, user, kind: TodoKind, limit: int) -> list[TodoItem]:
        """The `limit` most urgent of `kind` (earliest deadline first, then the oldest): one
        query, or a few, whatever the number waiting."""
        return []


_SOURCES: dict[str, TodoSource] = {}


def register(source: TodoSource) -> TodoSource:
    if source.code in _SOURCES and _SOURCES[source.code] is not source:
        raise ValueError(f"to-do source {source.code!r} is registered twice")
    _SOURCES[source.code] = source
    return source


def sources() -> list[TodoSource]:
    return sorted(_SOURCES.values(), key=lambda source: source.position)


def kinds_for(user) -> list[tuple[TodoSource, TodoKind]]:
    if not user.is_authenticated:
        return []
    return [(source, kind) for source in sources() for kind in source.kinds(user)]


# ---------------------------------------------------------------- counts


def _key(user) -> str:
    return f"todo:counts:v2:{user.pk}"


def forget(user, *, namespace: str | None = None) -> None:
    """Drop `user`'s kept counts after their own write, so that the next page counts afresh what
    it changed: with the `namespace` of the page written through, only the sources whose counts
    it may change (`written_through`); without, every source's."""
    if user is None or not user.is_authenticated:
        return
    if namespace is None:
        cache.delete(_key(user))
        return
    kept = cache.get(_key(user))
    if kept:
        for source in sources():
            if not source.written_through or namespace in source.written_through:
                kept.pop(source.code, None)
        cache.set(_key(user), kept, CACHE_SECONDS)


# In a user's kept counts, beside each source's: the codes of the sources that have kinds for the
# user, found when they were last counted, so that a page with every count kept works out no kinds
# (a dozen objects per source, and a query for a 京津冀 bureau's).
_THEIRS = "*"


def _kept_counts(user, *, fresh: bool) -> tuple[dict[str, int], bool]:
    """The counts of every source of `user`'s, by kind code, and whether all were counted now:
    kept per source (when counted, what), a source counted again when missing or older than
    CACHE_SECONDS."""
    kept = {} if fresh else cache.get(_key(user)) or {}
    now = time.time()
    theirs = kept.get(_THEIRS)
    if theirs is not None and all(
        code in kept and now - kept[code][0] < CACHE_SECONDS for code in theirs
    ):
        counts: dict[str, int] = {}
        for code in theirs:
            counts.update(kept[code][1])
        return counts, False
    counts = {}
    counted_all = True
    theirs = []
    # From the primary even in a report page that reads the replica: the counts are kept, and
    # must show the user's write of a moment ago (ecoorigin.routers).
    with on_primary():
        for source in sources():
            if not source.kinds(user):
                continue
            theirs.append(source.code)
            entry = kept.get(source.code)
            if entry is None or now - entry[0] >= CACHE_SECONDS:
                entry = kept[source.code] = (now, source.counts(user))
            else:
                counted_all = False
            counts.update(entry[1])
    kept[_THEIRS] = theirs
    cache.set(_key(user), kept, CACHE_SECONDS)
    return counts, counted_all


def counts_for(user, *, fresh: bool = False, request=None) -> dict[str, int]:
    """How much of each kind of work waits for `user`, by kind code (kinds with none: 0): kept
    for CACHE_SECONDS, or with `fresh` counted now. Given the `request`, read once for it: its
    navigation and its landing page show the same counts."""
    if not user.is_authenticated:
        return {}
    held = getattr(request, "_todo_counts", None)
    if held is not None and (held[1] or not fresh):
        return held[0]
    counts, counted = _kept_counts(user, fresh=fresh)
    if request is not None:
        request._todo_counts = (counts, counted)
    return counts


@dataclass
class NavCount:
    """The count beside one navigation entry: the total and what it is made of."""

    total: int = 0
    parts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " · ".join(f"{label} {n}" for label, n in self.parts)


def navigation(user, *, kinds=None, counts=None) -> dict[str, NavCount]:
    """Per navigation entry, the waiting work it leads to (entries with none are absent)."""
    counts = counts_for(user) if counts is None else counts
    entries: dict[str, NavCount] = {}
    for _source, kind in kinds_for(user) if kinds is None else kinds:
        n = counts.get(kind.code, 0)
        if n:
            entry = entries.setdefault(kind.nav, NavCount())
            entry.total += n
            entry.parts.append((str(kind.label), n))
    return entries


# ---------------------------------------------------------------- the landing page


@dataclass
class TodoRow:
    item: TodoItem
    days_left: int | None  # working days; negative: overdue by that many

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


@dataclass
class Todo:
    kind: TodoKind
    count: int
    rows: list[TodoRow]

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)


def todo_list(user, *, limit: int = ITEMS_SHOWN, request=None) -> dict:
    """The landing page's to-do: `todos`, each kind with work waiting (its count and its
    `limit` most urgent items with the working days left), `idle`, the labels of the user's
    kinds with none, and `total`. Counts afresh (and keeps them for the navigation); a query
    per kind with work waiting and one for the working-day calendar."""
    counts = counts_for(user, fresh=True, request=request)
    today = timezone.localdate()
    waiting, idle = [], []
    for source, kind in kinds_for(user):
        n = counts.get(kind.code, 0)
        if n:
            waiting.append((kind, n, source.items(user, kind, limit)))
        else:
            idle.append(kind.label)
    left = working_days_left(
        (item.due_date for _kind, _n, items in waiting for item in items), today=today
    )
    todos = [
        Todo(
            kind=kind,
            count=n,
            rows=[TodoRow(item=item, days_left=left.get(item.due_date)) for item in items],
        )
        for kind, n, items in waiting
    ]
    return {"todos": todos, "idle": idle, "total": sum(todo.count for todo in todos)}
