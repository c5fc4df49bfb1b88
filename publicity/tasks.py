"""Deferred work of the public notice: the enterprise's notices (PDF and e-mail, each once)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_notice(notice_id: int) -> int:
    services.notice_deliver(notice_id=notice_id)
    return notice_id
