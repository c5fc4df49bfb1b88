"""Copies kept in the shared cache, forgotten when what they copy changes.

A change forgets the copy twice: now, so that the writer's own next read sees it, and again once
its transaction commits, since a request in between read the rows as they were before the commit
and may have kept them again.
"""

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def forget_now_and_on_commit(forget: Callable[[], None]) -> None:
    """Call `forget` now and on commit; queued once per transaction for the same callable,
    however many rows the transaction writes."""
    forget()
    connection = transaction.get_connection()
    if not any(func is forget for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(forget)


class KeptTable:
    """A small table's rows kept as one value of the shared cache under `key`: read by `read`
    on a miss, forgotten by any save or delete of `models` (now and on commit). Writes that
    bypass the signals (queryset.update, bulk_create, COPY) show within `seconds`."""

    def __init__(self, key: str, read: Callable[[], Any], *, seconds: int, models: list[str]):
        self.key, self.read, self.seconds, self.models = key, read, seconds, models
        # One bound method, so that a transaction queues it once however many rows it writes.
        self.forget = self._forget

    def get(self) -> Any:
        value = cache.get(self.key)
        if value is None:
            value = self.read()
            cache.set(self.key, value, self.seconds)
        return value

    def _forget(self) -> None:
        cache.delete(self.key)

    def _changed(self, sender, **_kwargs) -> None:
        forget_now_and_on_commit(self.forget)

    def connect(self) -> None:
        """From the owning app's ready(), in every process."""
        for label in self.models:
            model = apps.get_model(label)
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    self._changed, sender=model, dispatch_uid=f"kept:{self.key}:{label}:{name}"
                )
