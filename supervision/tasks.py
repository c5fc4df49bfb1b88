"""Celery tasks of supervision: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def draw_due_plans() -> int:
    """定时抽取: commits the candidate lists of the plans whose time has come."""
    return services.plans_draw_due()


@shared_task(acks_late=True)
def sweep_supervision() -> dict:
    return {"published": services.plans_publish_due(), **services.overdue_escalate()}


@shared_task(acks_late=True)
def deliver_rectification_notice(notice_id: int) -> int:
    """责令整改通知书: renders its PDF and e-mails the enterprise, each once (ADR 0021)."""
    from casework.notices import notice_deliver

    from .models import RectificationNotice

    notice_deliver(
        model=RectificationNotice,
        notice_id=notice_id,
        related=("enterprise", "rectification__application__bureau"),
    )
    return notice_id
