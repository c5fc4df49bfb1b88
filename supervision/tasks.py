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
