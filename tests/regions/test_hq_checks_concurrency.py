"""Races on HQ's supervision check of a bureau (seed 000 §19): two HQ users answer the same
reported rectification at once (one closes, one returns), and the bureau's report is sent twice
at once. One wins; the other gets 409; nothing is written twice. Needs PostgreSQL (row locks);
skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from regions import services
from regions.models import Bureau, BureauCheck
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")


def _race(callers, call):
    start = Barrier(len(callers))

    def run(caller):
        start.wait()
        try:
            return call(caller)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        return list(pool.map(run, callers))


def _post(user, url, body):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, body, format="json").status_code


@pytest.fixture
def issued():
    hq = factories.hq(username="race-hq")
    today = timezone.localdate()
    check = services.bureau_check_create(
        actor=hq,
        bureau=Bureau.objects.get(code="jiangsu"),
        checked_on=today - timedelta(days=2),
        team="总局通关司 检查组",
        scope="工作落实情况",
        findings="监管台账不全。",
        requirements="补齐台账。",
        deadline=today + timedelta(days=15),
    )
    return services.bureau_check_issue(check=check, actor=hq)


def _updates(check, status_change) -> int:
    return sum(
        entry == status_change
        for entry in AuditEntry.objects.filter(
            object_type="regions.bureaucheck", object_id=str(check.pk)
        ).values_list("changes__status", flat=True)
    )


def test_a_close_and_a_return_at_once_answer_once(issued):
    clerk = factories.bureau_staff("jiangsu", username="race-jiangsu")
    services.bureau_check_report(check=issued, actor=clerk, rectification="已补齐。")
    deciders = [factories.hq(username="race-hq-a"), factories.hq(username="race-hq-b")]
    base = f"/api/v1/bureau-checks/{issued.pk}"
    calls = {
        deciders[0]: (f"{base}/close/", {"note": "同意销号"}),
        deciders[1]: (f"{base}/return/", {"note": "不到位"}),
    }
    codes = _race(deciders, lambda user: _post(user, *calls[user]))

    assert sorted(codes) == [200, 409]
    check = BureauCheck.objects.get(pk=issued.pk)
    assert check.status in ("closed", "returned")
    answers = _updates(check, ["reported", "closed"]) + _updates(check, ["reported", "returned"])
    assert answers == 1


def test_a_report_sent_twice_at_once_is_recorded_once(issued):
    clerks = [
        factories.bureau_staff("jiangsu", username="race-jiangsu-a"),
        factories.bureau_staff("jiangsu", username="race-jiangsu-b"),
    ]
    url = f"/api/v1/bureau-checks/{issued.pk}/report/"
    codes = _race(
        clerks, lambda user: _post(user, url, {"rectification": f"{user.username} 已整改"})
    )

    assert sorted(codes) == [200, 409]
    check = BureauCheck.objects.get(pk=issued.pk)
    assert check.status == "reported" and check.reported_by.username in check.rectification
    assert _updates(check, ["open", "reported"]) == 1
