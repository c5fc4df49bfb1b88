"""The annual summaries' draft task on real Celery workers, PostgreSQL and Redis (see conftest.py):
two runs for the same year at the same time leave exactly one summary per bureau and year.

conftest.py's worker runs one task at a time (--pool=solo), so this module starts a second
worker on the same private queue: each takes one of the two tasks. To make them really overlap,
the test holds an exclusive lock on the summaries table until both tasks wait on it, then lets
them go together.

transaction=True: the workers are other processes and see only committed rows.
serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from regions.models import AnnualSummary, Bureau, BureauYearFigures, SummaryRound
from regions.tasks import draft_summaries

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2026
TASK_TIMEOUT = 120
LOCK_WAIT_TIMEOUT = 60


@pytest.fixture
def second_worker(celery_processes):
    """Another `celery worker` process on the test database and the same queue as conftest's."""
    return celery_processes.worker("second")


def _waiting_on(table: str) -> int:
    """How many other sessions wait for a lock on `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT pid) FROM pg_locks "
            "WHERE relation = %s::regclass AND NOT granted",
            [table],
        )
        return cursor.fetchone()[0]


def test_drafting_a_year_twice_at_once_leaves_one_summary_per_bureau(second_worker):
    table = AnnualSummary._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        first = draft_summaries.delay(YEAR)
        second = draft_summaries.delay(YEAR)
        deadline = time.monotonic() + LOCK_WAIT_TIMEOUT
        while _waiting_on(table) < 2:  # each worker has started its task and is blocked
            if time.monotonic() > deadline:
                pytest.fail("the two draft tasks did not both start within the time limit")
            time.sleep(0.1)
    # The lock is released here: both tasks go on at the same moment.

    created = [first.get(timeout=TASK_TIMEOUT), second.get(timeout=TASK_TIMEOUT)]

    assert sum(created) == 35, created  # every summary created once, by one task or the other
    summaries = AnnualSummary.objects.filter(year=YEAR)
    assert summaries.count() == Bureau.objects.count() == 35
    assert set(summaries.values("bureau").annotate(n=Count("pk")).values_list("n", flat=True)) == {
        1
    }
    assert not AnnualSummary.objects.exclude(year=YEAR).exists()
    assert BureauYearFigures.objects.filter(year=YEAR).count() == 35
    assert SummaryRound.objects.filter(year=YEAR).count() == 1

    # And once more, now that everything exists: nothing new.
    assert draft_summaries.delay(YEAR).get(timeout=TASK_TIMEOUT) == 0
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
