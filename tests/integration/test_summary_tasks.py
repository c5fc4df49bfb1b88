"""The annual summaries' draft task on real Celery workers, PostgreSQL and Redis (see conftest.py):
two runs for the same year at the same time leave exactly one summary per bureau and year.

conftest.py's worker runs one task at a time (--pool=solo), so this module starts a second
worker on the same private queue: each takes one of the two tasks. To make them really overlap,
the test holds an exclusive lock on the summaries table until both tasks wait on it, then lets
them go together.

transaction=True: the workers are other processes and see only committed rows.
serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from ecoorigin.celery import app as celery_app
from regions.models import AnnualSummary, Bureau, BureauYearFigures, SummaryRound
from regions.tasks import draft_summaries
from tests.integration.conftest import ROOT, WORKER_START_TIMEOUT, worker_database_url

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2026
TASK_TIMEOUT = 120
LOCK_WAIT_TIMEOUT = 60


@pytest.fixture
def second_worker(celery_worker, tmp_path):
    """Another `celery worker` process on the test database and the same queue as conftest's."""
    queue = celery_app.conf.task_default_queue  # conftest's private queue, set by celery_worker
    nodename = f"second-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecoorigin.settings",
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "DATA_DIR": str(tmp_path / "data"),
        "MEDIA_ROOT": str(celery_worker),
    }
    log_path = tmp_path / "second-worker.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ecoorigin",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                f"--hostname={nodename}",
                f"--queues={queue}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + WORKER_START_TIMEOUT
            while not celery_app.control.ping(destination=[nodename], timeout=1):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"the second worker did not answer a ping (exit code {process.poll()}); "
                        f"its log:\n{log_path.read_text()[-4000:]}"
                    )
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=15)


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
