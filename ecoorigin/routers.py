"""Reports read the read replica (DATABASE_REPLICA_URL): the database router and its scope.

A read goes to the replica only inside an explicit scope (`reads_from_replica`, put on the
dashboards, the rankings, the exports and the public lists) and only until something is written
in that scope: from the first write on, every read of the scope is the primary's, so what was
just written is read back (read-after-write). Writes always go to the primary. Outside a scope,
or with no replica configured, every query is the primary's, as without this module.

Who is asking (sessions, accounts, API tokens, login lockouts) is always read from the primary:
a session or token created a moment ago on the primary may not have reached the replica, and
the user must not appear signed out. Writes to those tables (a job's progress, an audit entry)
therefore do not end a scope's replica reads either.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"accounts", "auth", "authtoken", "axes", "sessions"})


class _Scope:
    """One replica scope: whether it has written, and how deep it is paused (`on_primary`)."""

    __slots__ = ("paused", "written")

    def __init__(self) -> None:
        self.written = False
        self.paused = 0


_scope: ContextVar[_Scope | None] = ContextVar("replica_scope", default=None)


@contextmanager
def replica_scope() -> Iterator[None]:
    """Reads inside go to the replica until the first write. Nested scopes are one scope: an
    inner scope does not forget that the outer one has written."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set(_Scope())
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def on_primary() -> Iterator[None]:
    """Reads inside go to the primary even within a replica scope (the worklists' counts shown
    in a report page's header: a user's own write must show in them at once)."""
    scope = _scope.get()
    if scope is None:
        yield
        return
    scope.paused += 1
    try:
        yield
    finally:
        scope.paused -= 1


def reads_from_replica(view):
    """Decorator: the function (a page, a job) runs in a replica scope. On a view class (a DRF
    view), its `dispatch` does."""
    if isinstance(view, type):
        view.dispatch = reads_from_replica(view.dispatch)
        return view

    @functools.wraps(view)
    def in_scope(*args, **kwargs):
        with replica_scope():
            return view(*args, **kwargs)

    return in_scope


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """DATABASE_ROUTERS' one entry when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints) -> str:
        scope = _scope.get()
        if (
            scope is None
            or scope.written
            or scope.paused
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or not replica_configured()
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        scope = _scope.get()
        if scope is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            scope.written = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read from either relates to the other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY
