"""Integration tests: PostgreSQL, Redis and real Celery worker and beat processes.

They run only when the test database is PostgreSQL and CELERY_BROKER_URL is set, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoorigin \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m pytest tests/integration

A worker is started once per test session against the *test* database pytest-django created,
on a queue of its own (so a worker of another session or xdist process never takes our tasks);
tests start more workers and beats with `celery_processes` (processes.py).
"""

import uuid

import pytest
from django.conf import settings

from ecoorigin.celery import app as celery_app

from .processes import CeleryProcesses, start_worker


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
    worker = start_worker(name="session", base=base, media=media, queue=queue)
    previous_queue = celery_app.conf.task_default_queue
    # The router reads the default queue on every send: our tasks go to our worker.
    celery_app.conf.task_default_queue = queue
    try:
        yield media
    finally:
        celery_app.conf.task_default_queue = previous_queue
        worker.stop()


@pytest.fixture
def worker_media(celery_worker, settings):
    """The worker's MEDIA_ROOT, also this test's, so result files can be read back."""
    settings.MEDIA_ROOT = celery_worker
    return celery_worker


@pytest.fixture
def celery_processes(celery_worker, tmp_path):
    """More workers and beats for this test, by default on the session worker's queue and
    media directory; stopped when the test ends."""
    processes = CeleryProcesses(
        base=tmp_path, media=celery_worker, queue=celery_app.conf.task_default_queue
    )
    try:
        yield processes
    finally:
        processes.stop()
