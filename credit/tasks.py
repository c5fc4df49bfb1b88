"""Celery tasks of quality credit: ids (or codes) in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def recompute_grades(usccs: list[str]) -> int:
    """The grades of enterprises whose facts changed (casework.credit.credit_facts_changed)."""
    return services.credit_recompute(usccs=usccs)


@shared_task(acks_late=True)
def recompute_all() -> int:
    """Every grade: after a new rule version, and daily (facts age out of the rule's years)."""
    return services.credit_recompute_all()


@shared_task(acks_late=True)
def enforce_listing(entry_id: int) -> int:
    """强制退出 after a listing: each programme's proposals to HQ, once per entry."""
    return services.blacklist_enforce(entry_id=entry_id)


@shared_task(acks_late=True)
def sweep_credit() -> dict:
    """Daily: listings past their end date expire, then every grade is recomputed."""
    return {
        "expired": services.blacklist_expire_due(),
        "recomputed": services.credit_recompute_all(),
    }
