"""Celery tasks of 互查互评: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def mail_reviewer_assignments(round_id: int) -> int:
    """E-mails each reviewer of a round's assignment the case files drawn for them, once."""
    return services.assignment_mail(round_id=round_id)
