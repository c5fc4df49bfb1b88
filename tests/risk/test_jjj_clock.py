"""The six-hour clock of a 京津冀 public-health emergency (seed 003 §三.30): wall-clock hours from
when the place learnt of it, the sweep that escalates a report not notified in time (once, however
often it runs), what HQ's to-do and list show, and the input the clock refuses."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ecoorigin.exceptions import InvalidInput
from risk import selectors, services, tasks
from risk.models import EmergencyHistory
from risk.todo import RISK_TODO
from risk.workflow import EmergencyState, EmergencyStatus

from .jjj_fixtures import *  # noqa: F403  (actors, record …)
from .jjj_fixtures import HANDLING, emergency_body

SH = ZoneInfo("Asia/Shanghai")
# A Saturday night: the clock does not wait for a working day.
LEARNT = datetime(2026, 11, 14, 22, 0, tzinfo=SH)


def emergency_counts(user) -> dict[str, int]:
    counts = RISK_TODO.counts(user)
    return {code: n for code, n in counts.items() if code.startswith("risk.emergency_")}


def overdue_count(user) -> int:
    return emergency_counts(user)["risk.emergency_overdue"]


def at(delta: timedelta):
    return time_machine.travel(LEARNT + delta, tick=False)


@pytest.fixture
def report(record):
    with at(timedelta(minutes=10)):
        return record(occurred_at=LEARNT - timedelta(hours=1), learnt_at=LEARNT)


def test_five_hours_fifty_nine_is_not_late(report, actors):
    with at(timedelta(hours=5, minutes=59)):
        assert services.emergencies_escalate_overdue() == 0
        report.refresh_from_db()
        assert report.escalated_at is None and not report.late
        assert report.clock == {"late": False, "hours": 0, "minutes": 1, "running": True}
        assert report.status == EmergencyStatus.PENDING
        assert overdue_count(actors["hq"]) == 0


def test_six_hours_one_is_escalated_by_the_sweep_once(report, actors):
    with at(timedelta(hours=6, minutes=1)):
        assert tasks.escalate_overdue_emergencies() == 1
        report.refresh_from_db()
        assert report.escalated_at == LEARNT + timedelta(hours=6, minutes=1)
        assert report.state == EmergencyState.RECORDED
        assert report.clock == {"late": True, "hours": 0, "minutes": 1, "running": True}
        assert report.status == EmergencyStatus.OVERDUE
        entry = EmergencyHistory.objects.get(report=report)
        assert (entry.transition, entry.actor) == ("escalate", None)
        # HQ has it among its waiting work and in the list's 逾期未通报.
        assert overdue_count(actors["hq"]) == 1
        overdue = selectors.emergencies_filtered(user=actors["hq"], status=EmergencyStatus.OVERDUE)
        assert list(overdue) == [report]
    with at(timedelta(hours=6, minutes=6)):
        assert services.emergencies_escalate_overdue() == 0  # the next run: nothing new
    with at(timedelta(days=2)):
        assert services.emergencies_escalate_overdue() == 0
    assert EmergencyHistory.objects.filter(report=report).count() == 1


def test_notified_after_escalation_is_late(report, actors):
    with at(timedelta(hours=6, minutes=1)):
        services.emergencies_escalate_overdue()
    with at(timedelta(hours=7, minutes=30)):
        done = services.emergency_transition(
            report=report, name="notify", actor=actors["tianjin_bureau"], handling=HANDLING
        )
        assert done.status == EmergencyStatus.NOTIFIED_LATE
        assert done.clock == {"late": True, "hours": 1, "minutes": 30, "running": False}
        assert done.history.get(transition="notify").data["late"] is True
        assert overdue_count(actors["hq"]) == 0
        late = selectors.emergencies_filtered(
            user=actors["hq"], status=EmergencyStatus.NOTIFIED_LATE
        )
        assert list(late) == [done]


def test_notified_in_time(report, actors):
    with at(timedelta(hours=2, minutes=15)):
        done = services.emergency_transition(
            report=report, name="notify", actor=actors["tianjin_bureau"], handling=HANDLING
        )
    with at(timedelta(hours=9)):
        assert services.emergencies_escalate_overdue() == 0
        done.refresh_from_db()
        assert done.status == EmergencyStatus.NOTIFIED and done.escalated_at is None
        assert done.clock == {"late": False, "hours": 3, "minutes": 45, "running": False}
        in_time = selectors.emergencies_filtered(user=actors["hq"], status=EmergencyStatus.NOTIFIED)
        assert list(in_time) == [done]


def test_the_bureaus_to_do(report, actors):
    tianjin, hebei = actors["tianjin_bureau"], actors["hebei_bureau"]
    with at(timedelta(hours=1)):
        assert emergency_counts(tianjin) == {
            "risk.emergency_notify": 1,
            "risk.emergency_acknowledge": 0,
        }
        services.emergency_transition(
            report=report, name="notify", actor=tianjin, handling=HANDLING
        )
        assert emergency_counts(tianjin)["risk.emergency_notify"] == 0
        assert emergency_counts(hebei) == {
            "risk.emergency_notify": 0,
            "risk.emergency_acknowledge": 1,
        }
        kind = next(k for k in RISK_TODO.kinds(hebei) if k.code == "risk.emergency_acknowledge")
        items = RISK_TODO.items(hebei, kind, 5)
        assert [item.title for item in items] == [f"{report.number} {report.title}"]
        kind = next(k for k in RISK_TODO.kinds(actors["hq"]) if k.code == "risk.emergency_overdue")
        assert kind.url == "/cooperation/risk/?status=overdue"
    assert RISK_TODO.kinds(actors["hebei_authority"]) == []
    assert RISK_TODO.kinds(actors["renjianwei"]) == []
    # Another place's inspector, and a bureau outside the three places, have none of it.
    for name in ("beijing_inspector", "jiangsu_bureau"):
        assert not emergency_counts(actors[name])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"learnt_at": LEARNT + timedelta(minutes=1)}, "learnt_at"),  # ahead of now
        ({"occurred_at": LEARNT - timedelta(minutes=10)}, "occurred_at"),  # after learnt
        ({"learnt_at": LEARNT - timedelta(days=366)}, "learnt_at"),  # beyond a year
        ({"learnt_at": "yesterday"}, "learnt_at"),
        ({"occurred_at": None}, "occurred_at"),
        ({"title": "   "}, "title"),
    ],
)
def test_what_the_clock_refuses(actors, overrides, field):
    with at(timedelta()):
        body = emergency_body(now=LEARNT, **overrides)
        with pytest.raises(InvalidInput) as refused:
            services.emergency_record(actor=actors["tianjin_bureau"], **body)
    assert field in refused.value.field_errors


def test_learnt_now_is_accepted(actors):
    with at(timedelta()):
        report = services.emergency_record(
            actor=actors["hebei_bureau"], **emergency_body(now=LEARNT, learnt_at=LEARNT)
        )
    assert report.deadline == LEARNT + timedelta(hours=6)
