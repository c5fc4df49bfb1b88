"""Celery tasks of the cooperation's 年度行动计划: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def mail_plan_step(entry_id: int) -> int:
    """E-mails the other side of one step of a plan (HQ of a submission, the unit of a decision)."""
    return services.plan_step_mail(entry_id=entry_id)
