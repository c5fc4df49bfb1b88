"""Celery tasks of the demonstration-zone programme: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def render_title_pdf(zone_id: int) -> int:
    """Renders (once) the title certificate of a designated zone."""
    services.zone_title_render_pdf(zone_id=zone_id)
    return zone_id


@shared_task(acks_late=True)
def deliver_zone_notice(notice_id: int) -> int:
    """Renders the notice's PDF and e-mails the local government's staff; each step once."""
    services.zone_notice_deliver(notice_id=notice_id)
    return notice_id
