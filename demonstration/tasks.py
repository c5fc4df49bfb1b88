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


@shared_task(acks_late=True)
def draw_zone_plan(plan_id: int) -> int:
    """Draws a zone plan once (its manager asked for it); a plan already drawn is left as it is."""
    services.zone_plan_draw(plan_id=plan_id)
    return plan_id
