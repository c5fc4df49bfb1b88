"""Background jobs through Redis and a real Celery worker process (see conftest.py).

transaction=True: the worker is another process and sees only committed rows.
serialized_rollback=True: the organisation data of the data migration is restored for the
tests that run after these (a transactional test empties the tables when it ends).
"""

import time

import pytest
from django.db import transaction
from openpyxl import load_workbook

from accounts.models import Job
from accounts.services import job_start
from accounts.tasks import run_job

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOB_TIMEOUT = 60


def wait_until_finished(job_id: int, timeout: float = JOB_TIMEOUT) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        job = Job.objects.get(pk=job_id)
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {job.status} after {timeout} s")
        time.sleep(0.2)


def test_directory_export_runs_on_the_worker(hq_user, worker_media):
    with transaction.atomic():
        job = job_start(owner=hq_user, kind="regions.directory_export")
        # Queued on commit: nothing can have run while the row was not yet visible.
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED

    job = wait_until_finished(job.pk)

    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100
    assert job.finished_at is not None
    path = worker_media / job.result_file.name
    assert path.is_file()
    assert path.read_bytes()[:2] == b"PK"  # an XLSX is a zip archive
    book = load_workbook(path, read_only=True)
    zones, bureaus = book.worksheets
    zone_rows = {row[0]: row for row in zones.iter_rows(min_row=2, values_only=True)}
    assert zone_rows["southwest"][1] == "西南片区"
    assert zone_rows["southwest"][3] == "重庆"
    assert len(list(bureaus.iter_rows(min_row=2))) == 35  # the 35 bureaus of SPEC §9


def test_running_a_job_twice_leaves_one_result(hq_user, worker_media):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")

    assert run_job.delay(job.pk).get(timeout=JOB_TIMEOUT) == job.pk
    first = Job.objects.get(pk=job.pk)
    files_after_first = sorted(p for p in worker_media.rglob("*") if p.is_file())

    assert run_job.delay(job.pk).get(timeout=JOB_TIMEOUT) == job.pk
    second = Job.objects.get(pk=job.pk)

    assert first.status == second.status == Job.Status.DONE
    assert second.result_file.name == first.result_file.name
    assert second.finished_at == first.finished_at
    assert sorted(p for p in worker_media.rglob("*") if p.is_file()) == files_after_first
    assert (worker_media / second.result_file.name).is_file()


def test_health_reports_the_worker(client, celery_worker):
    response = client.get("/health/?format=json")
    results = {key.split("(", 1)[0]: value for key, value in response.json().items()}
    assert results == {"Database": "OK", "Cache": "OK", "Ping": "OK"}
    assert response.status_code == 200
