"""预警通报 and 逾期督办: who is told of a warning and of an overdue measure, in the portal (the
notification rows a bureau acknowledges, its to-do) and by e-mail once committed; likewise of a
京津冀 public-health emergency notified, or escalated to HQ."""

from datetime import timedelta

from django.utils import timezone

from .models import MeasureHistory, RiskSettings, WarningHistory, WarningNotification
from .selectors import bureaus_in_scope

NOTIFIED = ("issue", "raise_grade", "lower_grade", "lift")


def notify_scope(entry: WarningHistory) -> list:
    """One notification per bureau in the warning's scope for its issue, each change of grade
    and its lifting, due for acknowledgement within HQ's time limit; the e-mail on commit."""
    if entry.transition not in NOTIFIED:
        return []
    warning = entry.warning
    due_at = timezone.now() + timedelta(hours=RiskSettings.current().acknowledgement_hours)
    WarningNotification.objects.bulk_create(
        WarningNotification(
            warning=warning, entry=entry, bureau=bureau, grade=warning.grade, due_at=due_at
        )
        for bureau in bureaus_in_scope(warning=warning)
    )
    from . import tasks

    return [lambda: tasks.mail_warning_notifications.delay(entry.pk)]


def escalation_mail(entry: MeasureHistory) -> list:
    from . import tasks

    return [lambda: tasks.mail_measure_escalation.delay(entry.measure_id)]


def emergency_mail(entry) -> list:
    """A notified emergency is e-mailed to the other places' bureaus, an escalated one to HQ."""
    from . import tasks

    if entry.transition == "notify":
        return [lambda: tasks.mail_emergency_notified.delay(entry.report_id)]
    if entry.transition == "escalate":
        return [lambda: tasks.mail_emergency_escalation.delay(entry.report_id)]
    return []
