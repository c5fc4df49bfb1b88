"""Celery tasks of the case engine. Each takes ids, is idempotent and is queued on commit."""

from celery import shared_task
from django.core.mail import EmailMessage

from . import services


@shared_task(acks_late=True)
def render_certificate_pdf(certificate_id: int) -> int:
    """Renders (once) the certificate's PDF."""
    services.certificate_render_pdf(certificate_id=certificate_id)
    return certificate_id


@shared_task(acks_late=True)
def deliver_notice(notice_id: int) -> int:
    """Renders the notice's PDF and e-mails the enterprise; each step happens once."""
    services.notice_deliver(notice_id=notice_id)
    return notice_id


@shared_task(acks_late=True)
def email_registrant(address: str, subject: str, body: str) -> None:
    """The outcome of an online registration, or its rejection, which no page shows (ADR 0003).
    The text comes with the task: a registration under a taken user name leaves no row to read
    it from. Sent again if a worker dies just after sending (ADR 0011)."""
    EmailMessage(subject=subject, body=body, to=[address]).send()


@shared_task(acks_late=True)
def sweep_deadlines() -> dict:
    """Daily: escalate overdue rectification to HQ, expire certificates past their validity."""
    return {
        "escalated": services.cases_escalate_overdue_rectification(),
        "expired": services.cases_expire_certificates(),
    }
