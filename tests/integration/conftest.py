"""Integration tests: PostgreSQL, Redis and a real Celery worker process.

They run only when the test database is PostgreSQL and CELERY_BROKER_URL is set, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoorigin \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m pytest tests/integration

The worker is started once per test session against the *test* database pytest-django created,
on a queue of its own (so a worker of another session or xdist process never takes our tasks).
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from ecoorigin.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60
WORKER_STOP_TIMEOUT = 15


def services_missing() -> str:
    """Why the integration tests cannot run here ("" when they can)."""
    reasons = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        reasons.append("the database is not PostgreSQL (set DATABASE_URL=postgres://...)")
    if not settings.CELERY_BROKER_URL:
        reasons.append("no broker (set CELERY_BROKER_URL=redis://...)")
    return "; ".join(reasons)


@pytest.fixture(autouse=True)
def _integration_services():
    """Skip, with the reason, before any database or worker is set up."""
    reason = services_missing()
    if reason:
        pytest.skip(f"integration tests need PostgreSQL and a Celery broker: {reason}")


def worker_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created (test_<name>[_gwN])."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    at = "@" if credentials else ""
    return f"postgres://{credentials}{at}{host}{port}/{quote(db['NAME'], safe='')}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WORKER_STOP_TIMEOUT)


@pytest.fixture(scope="session")
def celery_worker(request, tmp_path_factory):
    """A real `celery worker` process on the test database; yields its media directory.

    Tasks sent by this test process go to a queue only this worker consumes.
    """
    reason = services_missing()
    if reason:
        pytest.skip(f"integration tests need PostgreSQL and a Celery broker: {reason}")
    request.getfixturevalue("django_db_setup")

    base = tmp_path_factory.mktemp("celery-worker")
    media = base / "media"
    queue = f"integration-{uuid.uuid4().hex[:12]}"
    nodename = f"{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecoorigin.settings",
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "DATA_DIR": str(base / "data"),
        "MEDIA_ROOT": str(media),
    }
    log_path = base / "worker.log"
    log = log_path.open("w", encoding="utf-8")
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
    previous_queue = celery_app.conf.task_default_queue
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not celery_app.control.ping(destination=[nodename], timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"the Celery worker did not answer a ping within {WORKER_START_TIMEOUT} s "
                    f"(exit code {process.poll()}); its log:\n{log_path.read_text()[-4000:]}"
                )
        # The router reads the default queue on every send: our tasks go to our worker.
        celery_app.conf.task_default_queue = queue
        yield media
    finally:
        celery_app.conf.task_default_queue = previous_queue
        _stop(process)
        log.close()


@pytest.fixture
def worker_media(celery_worker, settings):
    """The worker's MEDIA_ROOT, also this test's, so result files can be read back."""
    settings.MEDIA_ROOT = celery_worker
    return celery_worker
