"""Real Celery processes for the integration tests: workers and beats started by the tests on the
test database pytest-django created, each on a queue the test chooses and with a log file that
failure messages quote."""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from ecoorigin.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60
STOP_TIMEOUT = 15


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


@dataclass
class CeleryProcess:
    """A `celery worker` or `celery beat` process and its log."""

    name: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def log(self, tail: int = 4000) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return f"--- {self.name} (exit code {self.process.poll()}):\n{text[-tail:]}"

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, like a crash or the OOM killer."""
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()


def _start(
    kind: str,
    arguments: list[str],
    *,
    name: str,
    base: Path,
    media: Path,
    queue: str,
    app: str,
    env: dict[str, str],
) -> CeleryProcess:
    base.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecoorigin.settings",
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        # The primary only: a replica's copy of a test's rows may lag behind its commit.
        "DATABASE_REPLICA_URL": "",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATA_DIR": str(base / f"{name}-data"),
        "MEDIA_ROOT": str(media),
        **env,
    }
    log_path = base / f"{name}.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, kind, "--loglevel=INFO", *arguments],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return CeleryProcess(name=name, process=process, log_path=log_path)


def start_worker(
    *,
    name: str,
    base: Path,
    media: Path,
    queue: str,
    pool: str = "solo",
    app: str = "ecoorigin",
    env: dict[str, str] | None = None,
) -> CeleryProcess:
    """A worker consuming only `queue`, one task at a time; returns once it answers a ping."""
    nodename = f"{name}-{uuid.uuid4().hex[:8]}@localhost"
    worker = _start(
        "worker",
        [
            f"--pool={pool}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={nodename}",
            f"--queues={queue}",
        ],
        name=name,
        base=base,
        media=media,
        queue=queue,
        app=app,
        env=env or {},
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not celery_app.control.ping(destination=[nodename], timeout=1):
        if not worker.running() or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(
                f"the Celery worker {name} did not answer a ping within {START_TIMEOUT} s\n"
                + worker.log()
            )
    return worker


def start_beat(
    *, name: str, base: Path, media: Path, queue: str, env: dict[str, str] | None = None
) -> CeleryProcess:
    """A beat (the settings' DatabaseScheduler) sending to `queue`; returns at once, so that
    several can start together."""
    return _start(
        "beat",
        ["--max-interval=1", f"--pidfile={base / f'{name}.pid'}"],
        name=name,
        base=base,
        media=media,
        queue=queue,
        app="ecoorigin",
        env=env or {},
    )


class CeleryProcesses:
    """Workers and beats of one test, on the test's queue (the session worker's by default);
    all stopped when the test ends."""

    def __init__(self, *, base: Path, media: Path, queue: str):
        self.base, self.media, self.queue = base, media, queue
        self.started: list[CeleryProcess] = []

    def worker(self, name: str, **options) -> CeleryProcess:
        options = {"base": self.base, "media": self.media, "queue": self.queue, **options}
        self.started.append(start_worker(name=name, **options))
        return self.started[-1]

    def beat(self, name: str, **options) -> CeleryProcess:
        options = {"base": self.base, "media": self.media, "queue": self.queue, **options}
        self.started.append(start_beat(name=name, **options))
        return self.started[-1]

    def logs(self) -> str:
        """Every process's log tail, for failure messages."""
        return "\n".join(process.log() for process in self.started)

    def stop(self) -> None:
        for process in self.started:
            process.stop()
