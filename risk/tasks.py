"""Celery tasks of 风险预警与快速反应: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def mail_warning_notifications(entry_id: int) -> int:
    """E-mails each bureau notified by one history row of a warning, each bureau once."""
    return services.warning_notifications_mail(entry_id=entry_id)


@shared_task(acks_late=True)
def mail_measure_escalation(measure_id: int) -> int:
    """E-mails the issuer of an overdue measure's warning, once per escalation."""
    services.measure_escalation_mail(measure_id=measure_id)
    return measure_id


@shared_task(acks_late=True)
def mail_emergency_notified(report_id: int) -> int:
    """E-mails the other places' bureaus a notified 京津冀 public-health emergency, once."""
    return services.emergency_notified_mail(report_id=report_id)


@shared_task(acks_late=True)
def mail_emergency_escalation(report_id: int) -> int:
    """E-mails HQ an emergency not notified within six hours, once."""
    return services.emergency_escalation_mail(report_id=report_id)


@shared_task(acks_late=True)
def escalate_overdue_measures() -> int:
    """The daily sweep (逾期督办): measures past their deadline go to their warning's issuer."""
    return services.measures_escalate_overdue()


@shared_task(acks_late=True)
def escalate_overdue_emergencies() -> int:
    """Every few minutes (the six hours run on the wall clock): 京津冀 public-health emergencies
    not notified in time go before HQ, each once."""
    return services.emergencies_escalate_overdue()
