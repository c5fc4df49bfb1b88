"""Running numbers for titles and certificates: one per key, handed out inside the caller's
transaction with the sequence row locked, so a number is never given twice, and a transaction
that rolls back gives its number back."""

from django.db import transaction

from .models import NumberSequence


def next_number(key: str) -> int:
    """The next number under `key` (1 for a new key). Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number needs the caller's transaction")
    NumberSequence.objects.get_or_create(key=key)
    sequence = NumberSequence.objects.select_for_update().get(key=key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
