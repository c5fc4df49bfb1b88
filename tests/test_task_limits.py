"""Every task of the portal is acknowledged late (they are all idempotent), goes back to the
queue when its pool process dies, and is bounded by a soft and a hard time limit that the
visibility timeout outlasts (docs/adr/0011-task-faults.md)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from ecoorigin.celery import app

ROOT = Path(__file__).resolve().parent.parent
PORTAL_APPS = {"accounts", "applications", "regions", "supervision"}


def portal_tasks() -> list:
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if name.split(".")[0] in PORTAL_APPS]


def test_every_task_is_acknowledged_late_and_bounded_below_the_visibility_timeout():
    tasks = portal_tasks()
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert len(tasks) >= 13  # the discovery found them all
    for task in tasks:
        assert task.acks_late and task.reject_on_worker_lost, task.name
        assert 0 < task.soft_time_limit < task.time_limit, task.name
        assert task.time_limit <= settings.CELERY_TASK_TIME_LIMIT < visibility, task.name
    short = {task.name for task in tasks if task.time_limit < settings.CELERY_TASK_TIME_LIMIT}
    assert short == {
        "applications.tasks.render_certificate_pdf",
        "applications.tasks.deliver_notice",
        "regions.tasks.render_summary_pdf",
    }


def test_a_visibility_timeout_within_the_time_limit_is_refused(tmp_path):
    environment = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "CELERY_TASK_TIME_LIMIT": "60",
        "CELERY_VISIBILITY_TIMEOUT": "60",
    }
    run = subprocess.run(
        [sys.executable, "-c", "import ecoorigin.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT" in run.stderr
