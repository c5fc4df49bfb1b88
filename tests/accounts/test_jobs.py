"""Background jobs (ADR 0004), through the one job the foundation ships: the XLSX export of the
bureau and zone directory. Tests run Celery eagerly, once the request's transaction commits."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts import jobs as job_registry
from accounts import services
from accounts.models import Job
from accounts.services import job_run
from tests import factories

pytestmark = pytest.mark.django_db

EXPORT = "/regions/export/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def job_url(job, suffix="") -> str:
    return f"/accounts/jobs/{job.pk}/{suffix}"


def download_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def export(client_for, hq_user, django_capture_on_commit_callbacks):
    """HQ asks for the directory export; the queued task runs when the request commits."""
    client = client_for(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT)
    return response, Job.objects.get(owner=hq_user)


# Starting and running -----------------------------------------------------------------------------


def test_export_creates_one_job_owned_by_the_user(export, hq_user):
    _response, job = export
    assert Job.objects.count() == 1
    assert (job.owner, job.kind) == (hq_user, "regions.directory_export")


def test_export_redirects_to_the_job_page(export):
    response, job = export
    assert response.status_code == 302
    assert response["Location"] == job_url(job)


def test_export_job_runs_to_done(export):
    _response, job = export
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert job.finished_at is not None
    assert job.result_file.name.endswith(".xlsx")


def test_job_is_not_run_before_the_request_commits(client_for, hq_user):
    # Without the commit the task never sees the job: it must stay queued, not fail.
    client_for(hq_user).post(EXPORT)
    assert Job.objects.get(owner=hq_user).status == Job.Status.QUEUED


def test_job_page_shows_done_and_the_download_link(export, client):
    _response, job = export
    response = client.get(job_url(job))
    assert response.status_code == 200
    content = response.content.decode()
    assert "已完成" in content
    assert job_url(job, "download/") in content


def test_job_page_shows_the_submitted_message(export, client):
    _response, job = export
    assert "导出任务已提交" in client.get(job_url(job)).content.decode()


def test_status_json_reports_done_and_100(export, client):
    _response, job = export
    response = client.get(job_url(job, "status/"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "done",
        "status_display": "已完成",
        "progress": 100,
        "done": True,
    }


def test_status_json_of_a_queued_job_is_not_done(client_for, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    body = client_for(hq_user).get(job_url(job, "status/")).json()
    assert (body["status"], body["progress"], body["done"]) == ("queued", 0, False)


def test_status_refuses_post(export, client):
    _response, job = export
    assert client.post(job_url(job, "status/")).status_code == 405


def test_job_list_shows_the_users_jobs(export, client):
    _response, job = export
    content = client.get("/accounts/jobs/").content.decode()
    assert job_url(job) in content
    assert "导出直属局与片区名录" in content


# The file -----------------------------------------------------------------------------------------


def test_download_is_an_xlsx_attachment_with_nosniff(export, client):
    _response, job = export
    response = client.get(job_url(job, "download/"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_download_has_seven_zones_and_35_bureaus(export, client):
    _response, job = export
    book = load_workbook(BytesIO(download_bytes(client.get(job_url(job, "download/")))))
    assert book.sheetnames == ["片区", "直属局"]
    assert book["片区"].max_row - 1 == 7
    assert book["直属局"].max_row - 1 == 35


def test_download_has_the_leads_and_members_of_each_zone(export, client):
    _response, job = export
    book = load_workbook(BytesIO(download_bytes(client.get(job_url(job, "download/")))))
    rows = {row[0]: row for row in book["片区"].iter_rows(min_row=2, values_only=True)}
    _code, name, kind, leads, members = rows["northeast"]
    assert (name, kind) == ("东北片区", "片区")
    assert set(leads.split("、")) == {"吉林", "黑龙江"}
    assert set(members.split("、")) == {"北京", "天津", "河北", "内蒙古", "辽宁"}


def test_download_lists_each_bureau_with_its_zones(export, client):
    _response, job = export
    book = load_workbook(BytesIO(download_bytes(client.get(job_url(job, "download/")))))
    rows = {row[0]: row for row in book["直属局"].iter_rows(min_row=2, values_only=True)}
    assert rows["hubei"][1:3] == ("湖北", "湖北出入境检验检疫局")
    assert set(rows["hubei"][3].split("、")) == {"西南片区(成员单位)", "中西片区(成员单位)"}


def test_download_of_an_unfinished_job_is_404(client_for, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    assert client_for(hq_user).get(job_url(job, "download/")).status_code == 404


# Nobody else's job --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_another_user_gets_404(export, client, bureau_user, suffix):
    _response, job = export
    client.force_login(bureau_user)
    assert client.get(job_url(job, suffix)).status_code == 404


def test_another_hq_user_gets_404_too(export, client):
    _response, job = export
    client.force_login(factories.hq(username="hq-colleague"))
    assert client.get(job_url(job, "download/")).status_code == 404


def test_another_users_job_list_does_not_show_the_job(export, client, bureau_user):
    _response, job = export
    client.force_login(bureau_user)
    assert job_url(job) not in client.get("/accounts/jobs/").content.decode()


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_anonymous_is_sent_to_login(export, suffix):
    _response, job = export
    response = Client().get(job_url(job, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_cannot_start_an_export(client):
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Job.objects.exists()


def test_get_on_export_is_405(client_for, hq_user):
    assert client_for(hq_user).get(EXPORT).status_code == 405
    assert not Job.objects.exists()


# Idempotence and failure --------------------------------------------------------------------------


def test_running_a_done_job_again_does_not_redo_it(export, monkeypatch):
    _response, job = export
    job.refresh_from_db()
    calls = []
    real_runner_for = services.runner_for

    def counting_runner_for(kind):
        calls.append(kind)
        return real_runner_for(kind)

    monkeypatch.setattr(services, "runner_for", counting_runner_for)
    job_run(job_id=job.pk)
    again = Job.objects.get(pk=job.pk)
    assert calls == []
    assert again.result_file.name == job.result_file.name
    assert again.finished_at == job.finished_at
    assert again.status == Job.Status.DONE


@pytest.fixture
def failing_kind(monkeypatch):
    def explode(job, progress):
        progress(30)
        raise RuntimeError("磁盘已满 /srv/secret/path")

    monkeypatch.setitem(job_registry._KINDS, "tests.explode", (explode, "会失败的任务"))
    return "tests.explode"


def test_a_failing_job_is_marked_failed(hq_user, failing_kind):
    job = Job.objects.create(owner=hq_user, kind=failing_kind)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.finished_at is not None
    assert not job.result_file


def test_a_failed_job_page_says_so_without_the_error_text(client_for, hq_user, failing_kind):
    job = Job.objects.create(owner=hq_user, kind=failing_kind)
    job_run(job_id=job.pk)
    client = client_for(hq_user)
    content = client.get(job_url(job)).content.decode()
    assert "失败" in content
    assert "/srv/secret/path" not in content
    assert client.get(job_url(job, "status/")).json()["done"] is True
    assert client.get(job_url(job, "download/")).status_code == 404


def test_a_failed_job_runs_again_when_redelivered(hq_user, failing_kind, monkeypatch):
    job = Job.objects.create(owner=hq_user, kind=failing_kind)
    job_run(job_id=job.pk)
    monkeypatch.setitem(
        job_registry._KINDS, failing_kind, (lambda job, progress: ("ok.txt", b"ok"), "")
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (Job.Status.DONE, 100, "")
