"""Faults on real processes, PostgreSQL and Redis (docs/adr/0011-task-faults.md): a worker killed
with SIGKILL in the middle of a task, and two beats started at once. Afterwards every certified
case has exactly one certificate with one valid PDF, every bureau exactly one summary per year,
a due plan's lists committed exactly once (then one draw), and nothing is lost.

The kill comes at a known point, not after a guessed sleep: the doomed worker runs
tests/integration/fault_app.py, which pauses the task inside its transaction (files written, row
not yet committed) and writes the pid of the process running it to a marker file.

Fault workers use short limits (FAULT_LIMITS), so that Redis hands out a dead worker's message
again within seconds; the settings insist that the visibility timeout stays above the time limit.

transaction=True: the workers are other processes and see only committed rows.
serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

import json
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import AuditEntry
from applications.models import Application, Certificate
from applications.services import case_transition
from ecoorigin.celery import app as celery_app
from regions import services as regions
from regions.models import AnnualSummary, Bureau, SummaryRound
from regions.tasks import draft_summaries
from supervision import services as supervision
from supervision.models import InspectionPlan, InspectionTarget, PoolMember
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory, PlanFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2026
FAULT_LIMITS = {"CELERY_TASK_TIME_LIMIT": "10", "CELERY_VISIBILITY_TIMEOUT": "12"}
PAUSE_TIMEOUT = 90  # for the doomed worker to reach the pause (a loaded 2-CPU machine is slow)
RECOVERY_TIMEOUT = 120  # visibility timeout + kombu's 10 s restore sweep + start-up + the task
BEAT_TIMEOUT = 90


@contextmanager
def sending_to(queue: str):
    """Tasks sent by this process meanwhile go to `queue` (the router reads it on every send)."""
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield
    finally:
        celery_app.conf.task_default_queue = previous


def wait_until(condition, *, timeout: float, failure: str, processes) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{failure} within {timeout} s\n{processes.logs()}")
        time.sleep(0.1)


def paused_pid(marker, worker, processes) -> int:
    """The pid of the process the task paused in, once it has paused there."""
    wait_until(
        lambda: marker.exists() or not worker.running(),
        timeout=PAUSE_TIMEOUT,
        failure="the task did not reach its pause",
        processes=processes,
    )
    assert marker.exists(), f"the worker died before the pause\n{processes.logs()}"
    return int(marker.read_text())


def evaluated_case(n: int) -> Application:
    """A case ready to be certified (评定通过), set up straight in its state."""
    plan = PlanFactory()
    case = ApplicationFactory(product_name=f"故障测试茶{n}")
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=90
    )
    return case


def is_valid_pdf(path, number: str) -> bool:
    content = path.read_bytes()
    if not (content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")):
        return False
    if shutil.which("pdftotext") is None:  # poppler-utils: installed by `make test`
        return True
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return number in text


def one_summary_per_bureau(year: int) -> bool:
    per_bureau = AnnualSummary.objects.filter(year=year).values("bureau").annotate(n=Count("pk"))
    return {row["n"] for row in per_bureau} == {1} and len(per_bureau) == Bureau.objects.count()


def test_a_worker_killed_while_rendering_a_certificate_loses_nothing(
    celery_processes, tmp_path, settings
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    queue = f"faults-{uuid.uuid4().hex[:12]}"
    marker = tmp_path / "paused"
    hq = factories.hq(username="faults-hq")
    cases = [evaluated_case(n) for n in range(2)]
    doomed = celery_processes.worker(
        "doomed",
        queue=queue,
        media=media,
        app="tests.integration.fault_app",
        env={
            **FAULT_LIMITS,
            "FAULT_PAUSE_ON": "applications.Certificate",
            "FAULT_MARKER": str(marker),
        },
    )

    with sending_to(queue):  # each certification queues its PDF once it has committed
        for case in cases:
            case_transition(case=case, name="certify", actor=hq, marks_issued=100)
    assert paused_pid(marker, doomed, celery_processes) == doomed.pid  # --pool=solo
    # Paused with the first PDF written to disk and its row not committed: the worst moment.
    assert [path.name for path in (media / "certificates").rglob("*.pdf")] == [
        f"{Certificate.objects.get(application=cases[0]).number}.pdf"
    ]
    doomed.kill()
    assert not Certificate.objects.exclude(pdf="").exists()

    celery_processes.worker("restarted", queue=queue, media=media, env=FAULT_LIMITS)

    wait_until(
        lambda: not Certificate.objects.filter(application__in=cases, pdf="").exists(),
        timeout=RECOVERY_TIMEOUT,
        failure="the certificates' PDFs were not rendered after the restart",
        processes=celery_processes,
    )
    certificates = Certificate.objects.filter(application__in=cases)
    assert sorted(certificates.values_list("application", flat=True)) == sorted(
        case.pk for case in cases
    )
    assert {case.state for case in Application.objects.filter(pk__in=[c.pk for c in cases])} == {
        "protected"
    }
    # One file per certificate: the killed run's file was replaced, not kept beside a copy.
    files = (media / "certificates").rglob("*.pdf")
    assert sorted(path.relative_to(media).as_posix() for path in files) == sorted(
        certificate.pdf.name for certificate in certificates
    )
    for certificate in certificates:
        assert is_valid_pdf(media / certificate.pdf.name, certificate.number), certificate.number


def test_a_pool_process_killed_while_drafting_summaries_loses_nothing(celery_processes, tmp_path):
    queue = f"faults-{uuid.uuid4().hex[:12]}"
    marker = tmp_path / "paused"
    worker = celery_processes.worker(
        "drafting",
        queue=queue,
        pool="prefork",
        app="tests.integration.fault_app",
        env={
            **FAULT_LIMITS,
            "FAULT_PAUSE_ON": "regions.AnnualSummary",
            "FAULT_PAUSE_AFTER": "10",
            "FAULT_MARKER": str(marker),
        },
    )

    with sending_to(queue):
        result = draft_summaries.delay(YEAR)  # the 1月1日 run of the yearly round
    pool_process = paused_pid(marker, worker, celery_processes)
    assert pool_process != worker.pid
    # Each summary is drafted in a transaction of its own: nine are in, the tenth is not.
    assert AnnualSummary.objects.filter(year=YEAR).count() == 9
    os.kill(pool_process, signal.SIGKILL)

    # The pool puts the lost task back on the queue and a new pool process drafts the rest.
    created = result.get(timeout=RECOVERY_TIMEOUT)

    assert created == Bureau.objects.count() - 9 == 26, celery_processes.logs()
    assert worker.running()
    assert one_summary_per_bureau(YEAR)
    assert SummaryRound.objects.filter(year=YEAR).count() == 1


def due_plan() -> InspectionPlan:
    """A plan whose draw time has passed, with products and inspectors to draw from."""
    for n, code in enumerate(["beijing", "hubei", "sichuan", "guangdong"]):
        enterprise = factories.EnterpriseFactory(
            bureau=factories.bureau(code), confirmed_at=timezone.now()
        )
        case = ApplicationFactory(
            enterprise=enterprise, bureau=enterprise.bureau, product_name=f"故障测试品{n}"
        )
        Application.objects.filter(pk=case.pk).update(state="protected")
    for n, code in enumerate(["jiangsu", "henan", "fujian", "tianjin", "shandong", "hebei"]):
        user = factories.inspector(code, username=f"faults-inspector-{n}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    return supervision.plan_create(
        actor=factories.hq(username="faults-planner"),
        name="双调度器定时抽取",
        planned_date=lottery.inspection_day(),
        sample_size=2,
        team_size=2,
        draw_at=timezone.now() - timedelta(minutes=1),
        **lottery.declared(),
    )


def test_two_beats_at_once_do_the_scheduled_work_once(celery_processes):
    plan = due_plan()
    every_two_seconds = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="faults-draft",
        task="regions.tasks.draft_summaries",
        args=json.dumps([YEAR]),
        interval=every_two_seconds,
    )
    PeriodicTask.objects.create(
        name="faults-draw", task="supervision.tasks.draw_due_plans", interval=every_two_seconds
    )

    beats = [celery_processes.beat("beat-1"), celery_processes.beat("beat-2")]

    def both_sent_both() -> bool:
        return all(
            f"Sending due task {name} " in beat.log_path.read_text(encoding="utf-8")
            for beat in beats
            for name in ("faults-draft", "faults-draw")
        )

    wait_until(
        lambda: (
            both_sent_both()
            and AnnualSummary.objects.filter(year=YEAR).count() == Bureau.objects.count()
            and InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.COMMITTED
        ),
        timeout=BEAT_TIMEOUT,
        failure="both beats did not send the scheduled work, or it did not happen,",
        processes=celery_processes,
    )
    assert all(beat.running() for beat in beats), celery_processes.logs()
    for beat in beats:
        beat.stop()
    # The worker takes its queue in order: once this has run, so has everything the beats sent.
    assert draft_summaries.delay(YEAR).get(timeout=RECOVERY_TIMEOUT) == 0

    assert one_summary_per_bureau(YEAR)
    assert SummaryRound.objects.filter(year=YEAR).count() == 1
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.COMMITTED
    commitments = AuditEntry.objects.filter(
        object_id=str(plan.pk), changes__has_key="snapshot_commitment"
    )
    assert commitments.count() == 1  # committed once, whatever both beats sent
    # On the lottery's day its numbers are entered: the draw follows, once.
    plan = lottery.drawn(plan)
    assert InspectionTarget.objects.filter(plan=plan).count() == 2
    assert [row["case"] for row in plan.result["targets"]] == list(
        InspectionTarget.objects.filter(plan=plan)
        .order_by("position")
        .values_list("application", flat=True)
    )


def test_two_reminder_runs_at_once_send_each_reminder_once(monkeypatch):
    """The one scheduled task whose effect is not a row: its e-mails. A second run while the
    first is sending (two beats, a redelivery) skips the summaries the first has locked."""
    regions.summaries_draft(year=YEAR)
    for code in ["beijing", "hubei", "sichuan"]:
        factories.bureau_staff(code, username=f"faults-{code}", email=f"{code}@example.com")
    first_is_sending, second_has_run = threading.Event(), threading.Event()
    send = regions.send_mass_mail

    def first_waits_for_the_second(messages, **kwargs):
        if not first_is_sending.is_set():
            first_is_sending.set()
            assert second_has_run.wait(timeout=60)
        return send(messages, **kwargs)

    monkeypatch.setattr(regions, "send_mass_mail", first_waits_for_the_second)

    def first_run() -> int:
        try:
            return regions.summaries_remind(year=YEAR)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as thread:
        first = thread.submit(first_run)
        assert first_is_sending.wait(timeout=60)
        second = regions.summaries_remind(year=YEAR)
        second_has_run.set()
        reminded = first.result(timeout=60)

    assert (reminded, second) == (Bureau.objects.count(), 0)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "beijing@example.com",
        "hubei@example.com",
        "sichuan@example.com",
    ]
    assert regions.summaries_remind(year=YEAR) == 0  # and once a day at most
