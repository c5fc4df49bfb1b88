"""Celery tasks of the pilot-zone programme: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_pilot_zone_notice(notice_id: int) -> int:
    """Renders the notice's PDF and e-mails the local government's staff; each step once."""
    services.zone_notice_deliver(notice_id=notice_id)
    return notice_id
