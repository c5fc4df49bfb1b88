"""Copies kept in the shared cache, forgotten when what they copy changes.

A change forgets the copy twice: now, so that the writer's own next read sees it, and again once
its transaction commits, since a request in between read the rows as they were before the commit
and may have kept them again.
"""

from collections.abc import Callable

from django.db import transaction


def forget_now_and_on_commit(forget: Callable[[], None]) -> None:
    """Call `forget` now and on commit; queued once per transaction for the same callable,
    however many rows the transaction writes."""
    forget()
    connection = transaction.get_connection()
    if not any(func is forget for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(forget)
