"""Deadlines in working days on the Chinese calendar, HQ's 调休 overrides, the paused clock,
and the daily sweep (escalation of overdue rectification, expiry), each run twice."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEntry
from applications.models import Application, CaseHistory
from applications.services import case_transition
from applications.tasks import sweep_deadlines
from casework.deadlines import add_working_days, working_days_between
from casework.models import WorkingDayOverride
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db


def test_national_day_week_is_not_counted():
    # 2026-09-30 (Wed) + 1 working day skips 国庆 (10-01…10-07) and lands on 10-08.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_an_announced_working_weekend_counts():
    # 2026-10-10 is a 调休 working Saturday in the State Council's 2026 schedule.
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_hq_override_for_a_year_the_package_does_not_know():
    friday = date(2027, 5, 7)
    assert add_working_days(friday, 1) == date(2027, 5, 10)  # weekends only, by default
    WorkingDayOverride.objects.create(date=date(2027, 5, 8), is_working_day=True, note="调休")
    WorkingDayOverride.objects.create(date=date(2027, 5, 10), is_working_day=False, note="假期")
    assert add_working_days(friday, 1) == date(2027, 5, 8)
    assert add_working_days(friday, 2) == date(2027, 5, 11)


def test_working_days_between():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == 0


@pytest.fixture
def people():
    return {
        "bureau": factories.bureau_staff("beijing", username="dl-clerk"),
        "hq": factories.hq(username="dl-hq"),
    }


@time_machine.travel(date(2026, 11, 23), tick=False)  # a Monday
def test_acceptance_clock_pauses_while_the_case_is_back_with_the_applicant(settings, people):
    settings.ACCEPTANCE_WORKING_DAYS = 5
    case = ApplicationFactory()
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise, username="dl-owner")
    case = case_transition(case=case, name="submit", actor=owner)
    assert (case.due_kind, case.due_date) == ("acceptance", date(2026, 11, 30))
    with time_machine.travel(date(2026, 11, 25), tick=False):  # two working days used
        case = case_transition(case=case, name="return", actor=people["bureau"], reason="补正")
        assert case.due_kind == "correction"
        assert case.paused_working_days == 3
    with time_machine.travel(date(2026, 12, 7), tick=False):  # Monday: the rest resumes
        case = case_transition(case=case, name="submit", actor=owner)
        assert (case.due_kind, case.due_date) == ("acceptance", date(2026, 12, 10))
        case = case_transition(case=case, name="accept", actor=people["bureau"])
        assert case.due_date is None


def _protected_case(people, *, valid_days=365):
    plan = PlanFactory()
    case = ApplicationFactory()
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise)
    agency = factories.agency_staff(plan.agency)
    for actor, name, body in [
        (owner, "submit", {}),
        (people["bureau"], "accept", {}),
        (people["bureau"], "pre_evaluate", {}),
        (people["bureau"], "recommend", {}),
        (people["hq"], "approve", {}),
        (owner, "choose_agency", {"agency": plan.agency}),
        (agency, "evaluate", {"score": 90}),
        (people["hq"], "certify", {}),
    ]:
        case = case_transition(case=case, name=name, actor=actor, **body)
    return case


def test_overdue_rectification_is_escalated_once(people):
    case = _protected_case(people)
    deadline = timezone.localdate() + timedelta(days=10)
    case_transition(case=case, name="suspend", actor=people["hq"], reason="抽查", deadline=deadline)
    assert sweep_deadlines() == {"escalated": 0, "expired": 0}
    with time_machine.travel(deadline + timedelta(days=1)):
        assert sweep_deadlines() == {"escalated": 1, "expired": 0}
        assert sweep_deadlines() == {"escalated": 0, "expired": 0}
    case = Application.objects.get(pk=case.pk)
    assert case.escalated_at is not None
    assert AuditEntry.objects.filter(object_id=str(case.pk), source="sweep").count() == 1


def test_certificates_expire_at_the_end_of_validity_once(people):
    case = _protected_case(people)
    valid_until = case.certificate.valid_until
    with time_machine.travel(valid_until):
        assert sweep_deadlines()["expired"] == 0
    with time_machine.travel(valid_until + timedelta(days=1)):
        assert sweep_deadlines()["expired"] == 1
        assert sweep_deadlines()["expired"] == 0
    case = Application.objects.get(pk=case.pk)
    assert case.state == "expired"
    entry = CaseHistory.objects.filter(application=case).last()
    assert (entry.transition, entry.actor) == ("expire", None)
    assert case.certificate.status == "expired"
