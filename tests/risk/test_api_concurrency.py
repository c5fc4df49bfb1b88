"""Races through the risk API: two HQ officers lift the same warning at once (one wins, the other
gets 409, one history row and one round of notifications), and two clerks of the notified
bureau acknowledge the same notification at once (one acknowledgement stands). Needs PostgreSQL
(row locks); skipped on SQLite.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoorigin \
     .venv/bin/python -m pytest -p no:cacheprovider tests/risk/test_api_concurrency.py -n 0"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from rest_framework.test import APIClient

from risk.models import RiskWarning, WarningHistory, WarningNotification
from tests import factories

from .api_fixtures import NOTIFICATIONS, WARNINGS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")


def race(calls) -> list[int]:
    """Each (user, url, body) posted at once, each in its own thread and connection."""
    start = Barrier(len(calls))

    def one(call):
        user, url, body = call
        client = APIClient()
        client.force_authenticate(user)
        start.wait()
        try:
            return client.post(url, body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def test_two_officers_lifting_one_warning_at_once_lift_it_once(make_warning):
    warning = make_warning(by="hq")
    officers = [factories.hq(username=f"risk-race-hq-{n}") for n in range(2)]
    url = f"{WARNINGS}{warning.pk}/transitions/lift/"
    notified = WarningNotification.objects.count()

    codes = race([(officer, url, {"reason": "风险消除"}) for officer in officers])

    assert sorted(codes) == [200, 409]
    assert RiskWarning.objects.get(pk=warning.pk).state == "lifted"
    assert WarningHistory.objects.filter(warning=warning, transition="lift").count() == 1
    # One notification per bureau in scope for the lifting, not two.
    assert WarningNotification.objects.count() == 2 * notified


def test_two_clerks_acknowledging_at_once_acknowledge_once(make_warning):
    make_warning()
    clerks = [factories.bureau_staff("qinghai", username=f"risk-race-qh-{n}") for n in range(2)]
    row = WarningNotification.objects.get()
    url = f"{NOTIFICATIONS}{row.pk}/acknowledge/"

    codes = race([(clerk, url, {}) for clerk in clerks])

    assert sorted(codes) == [200, 409]
    row.refresh_from_db()
    assert row.acknowledged_by in clerks
