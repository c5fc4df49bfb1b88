"""The e-mails of a 京津冀 public-health emergency (seed 003 §三.30, ADR 0036): a notified report
goes to the head-office clerks of the other two places' bureaus (the ones who confirm 收悉 and
can open it), an escalated one to HQ; each once, however often its task runs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from risk import services, tasks
from tests import factories

from .jjj_fixtures import *  # noqa: F403  (actors, record …)
from .jjj_fixtures import HANDLING

SH = ZoneInfo("Asia/Shanghai")
LEARNT = datetime(2026, 11, 14, 22, 0, tzinfo=SH)


def at(delta: timedelta):
    return time_machine.travel(LEARNT + delta, tick=False)


@pytest.fixture
def addressed(actors):
    """Everyone of the matrix gets an address, name@example.cn; and a Beijing clerk without
    one, an inactive Beijing clerk, an inactive HQ account, a Hebei inspector."""
    for name, user in actors.items():
        user.email = f"{name}@example.cn"
        user.save(update_fields=["email"])
    factories.bureau_staff("beijing", username="jm-bj-nomail", email="")
    factories.bureau_staff(
        "beijing", username="jm-bj-gone", email="gone@example.cn", is_active=False
    )
    factories.hq(username="jm-hq-gone", email="hq-gone@example.cn", is_active=False)
    factories.inspector("hebei", username="jm-he-insp", email="he-insp@example.cn")
    return actors


@pytest.fixture
def report(record, addressed):
    with at(timedelta(minutes=10)):
        return record(occurred_at=LEARNT - timedelta(hours=1), learnt_at=LEARNT)


def notify(report, actors):
    return services.emergency_transition(
        report=report, name="notify", actor=actors["tianjin_bureau"], handling=HANDLING
    )


def recipients(subject_part: str) -> list[list[str]]:
    return [sorted(m.to) for m in mail.outbox if subject_part in m.subject]


def test_notified_report_is_mailed_to_the_other_places_bureau_clerks(
    report, addressed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with at(timedelta(hours=2)), django_capture_on_commit_callbacks(execute=True):
        notify(report, addressed)
    # Not the notifying place, not the inspectors, the quality authorities (no part in §三.30:
    # they cannot open the report), 认监委, 标准委, HQ or outsiders (江苏); not an inactive
    # account nor one without an address.
    assert recipients(report.number) == [["beijing_bureau@example.cn", "hebei_bureau@example.cn"]]
    message = mail.outbox[0]
    assert message.subject == f"【京津冀突发公共卫生事件通报】{report.number} {report.title}"
    body = message.body
    assert report.title in body and report.location in body and HANDLING in body
    assert "天津" in body  # the notifying bureau
    assert "发生时间：2026-11-14 21:00（北京时间）" in body
    assert "获知时间：2026-11-14 22:00（北京时间）" in body
    assert body.rstrip().endswith(f"/cooperation/risk/emergencies/{report.pk}/")
    assert report.description not in body
    report.refresh_from_db()
    assert report.notified_emailed_at == LEARNT + timedelta(hours=2)


def test_the_notification_mail_goes_once_however_often_its_task_runs(
    report, addressed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with at(timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        notify(report, addressed)
    assert len(mail.outbox) == 1
    assert tasks.mail_emergency_notified.delay(report.pk).get() == 0
    assert tasks.mail_emergency_notified(report.pk) == 0
    assert len(mail.outbox) == 1


def test_a_recorded_report_is_not_mailed(report, addressed):
    """The task for a report not (yet) notified sends nothing and marks nothing."""
    mail.outbox.clear()
    assert tasks.mail_emergency_notified(report.pk) == 0
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.notified_emailed_at is None


def test_the_mail_is_in_the_portals_language_whoever_notifies(
    report, addressed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with (
        translation.override("en"),
        at(timedelta(hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(report, addressed)
    assert mail.outbox[0].subject.startswith("【京津冀突发公共卫生事件通报】")


def test_an_escalated_report_is_mailed_to_hq_once(
    report, addressed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with at(timedelta(hours=6, minutes=1)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.escalate_overdue_emergencies() == 1
        assert tasks.escalate_overdue_emergencies() == 0
    assert tasks.mail_emergency_escalation(report.pk) == 0  # a retried task: nothing again
    assert recipients("逾期未通报") == [["hq@example.cn"]]
    body = mail.outbox[0].body
    assert report.number in body and report.title in body
    assert "通报期限：2026-11-15 04:00（北京时间）" in body
    assert f"/cooperation/risk/emergencies/{report.pk}/" in body
    report.refresh_from_db()
    assert report.escalation_emailed_at is not None
    # Notified late afterwards: the other places are mailed then, HQ not again.
    with at(timedelta(hours=7)), django_capture_on_commit_callbacks(execute=True):
        notify(report, addressed)
    assert recipients("逾期未通报") == [["hq@example.cn"]]
    assert recipients("突发公共卫生事件通报】") == [
        ["beijing_bureau@example.cn", "hebei_bureau@example.cn"]
    ]


def test_a_report_notified_in_time_sends_hq_nothing(
    report, addressed, django_capture_on_commit_callbacks
):
    with at(timedelta(hours=1)):
        notify(report, addressed)
    mail.outbox.clear()
    with at(timedelta(hours=9)), django_capture_on_commit_callbacks(execute=True):
        assert services.emergencies_escalate_overdue() == 0
    assert tasks.mail_emergency_escalation(report.pk) == 0
    assert mail.outbox == []
