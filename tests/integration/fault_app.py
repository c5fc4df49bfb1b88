"""The project's Celery app with a pause at a known point of a task, for the fault tests: a
worker started with `-A tests.integration.fault_app` stops in the middle of a task and waits to be
killed there (test_faults.py).

FAULT_PAUSE_ON=app_label.Model  pause in the post_save of this model, inside the task's
                                transaction (its files written, its row not yet committed)
FAULT_PAUSE_AFTER=n             at the n-th save of it in the process (default 1)
FAULT_MARKER=path               written with the pid of the paused process; once it exists
                                nothing pauses any more, so the rerun goes through
"""

import itertools
import os
import time
from pathlib import Path

from django.db.models.signals import post_save

from ecoorigin.celery import app  # celery -A finds the app here

__all__ = ["app"]

saves = itertools.count(1)  # in this process: a pool process counts its own


def pause_once(**kwargs) -> None:
    marker = Path(os.environ["FAULT_MARKER"])
    if next(saves) < int(os.environ.get("FAULT_PAUSE_AFTER", "1")) or marker.exists():
        return
    # Written whole, then renamed: the test never reads half a pid.
    partial = marker.with_suffix(".partial")
    partial.write_text(str(os.getpid()))
    partial.rename(marker)
    while True:
        time.sleep(1)


if os.environ.get("FAULT_PAUSE_ON"):
    post_save.connect(pause_once, sender=os.environ["FAULT_PAUSE_ON"], weak=False)
