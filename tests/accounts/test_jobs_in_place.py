"""Exports start with one click and show their progress in place (issue 15 point 7): the export
buttons are one POST each; asked for JSON (static/js/forms.js does), the answer names the job's
progress piece, which the page shows below the button until the download link is there; without
scripts the browser goes to the job's page, which shows the state and a link to refresh it."""

import re

import pytest
from django.contrib.messages import get_messages

from accounts.models import Job
from tests import factories

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
EXPORT_FORMS = re.compile(r'<form method="post" action="([^"]+)"[^>]*\bdata-job-start\b')


def job_url(job, suffix="") -> str:
    return f"/accounts/jobs/{job.pk}/{suffix}"


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("/regions/", "/regions/export/"),  # the directory's 导出名录
        ("/demonstration/", "/demonstration/export/"),  # the zone list's CSV/XLSX
    ],
)
def test_export_buttons_are_one_post_marked_to_start_in_place(client_for, hq_user, page, export):
    response = client_for(hq_user).get(page)
    assert response.status_code == 200
    assert export in EXPORT_FORMS.findall(response.content.decode())


def test_the_script_asks_for_json_and_gets_the_jobs_addresses(
    client_for, hq_user, django_capture_on_commit_callbacks
):
    client = client_for(hq_user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/regions/export/", **JSON)
    assert response.status_code == 202
    job = Job.objects.get(owner=hq_user)
    assert response.json() == {
        "id": job.pk,
        "url": job_url(job),
        "status_url": job_url(job, "status/"),
        "progress_url": job_url(job, "progress/"),
    }
    # No message is left behind for the next page: the progress is shown where the user is.
    assert not list(get_messages(response.wsgi_request))


def test_the_zone_list_export_starts_in_place_with_its_format(
    client_for, hq_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hq_user).post("/demonstration/export/", {"format": "csv"}, **JSON)
    assert response.status_code == 202
    job = Job.objects.get(owner=hq_user)
    assert (job.kind, job.params["format"], job.status) == (
        "demonstration.zone_export",
        "csv",
        Job.Status.DONE,
    )


def test_a_plain_post_still_goes_to_the_job_page(client_for, hq_user):
    response = client_for(hq_user).post("/regions/export/")
    job = Job.objects.get(owner=hq_user)
    assert (response.status_code, response["Location"]) == (302, job_url(job))


def test_the_progress_piece_of_a_running_job_shows_its_state_and_percent(client_for, hq_user):
    job = Job.objects.create(
        owner=hq_user, kind="regions.directory_export", status=Job.Status.RUNNING, progress=40
    )
    response = client_for(hq_user).get(job_url(job, "progress/"))
    assert response.status_code == 200
    piece = response.content.decode()
    assert 'data-job-state data-done="0"' in piece
    assert "处理中" in piece and 'value="40"' in piece and "40%" in piece
    assert "导出直属局与片区名录" in piece
    assert job_url(job, "download/") not in piece
    assert "<html" not in piece  # a piece of a page, not a page
    assert "no-store" in response["Cache-Control"]


def test_the_progress_piece_of_a_done_job_offers_the_download(
    client_for, hq_user, django_capture_on_commit_callbacks
):
    client = client_for(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/regions/export/", **JSON)
    job = Job.objects.get(owner=hq_user)
    piece = client.get(job_url(job, "progress/")).content.decode()
    assert 'data-done="1"' in piece and "已完成" in piece
    assert f'href="{job_url(job, "download/")}"' in piece


def test_the_progress_piece_of_a_failed_job_says_so(client_for, hq_user):
    job = Job.objects.create(
        owner=hq_user, kind="regions.directory_export", status=Job.Status.FAILED
    )
    piece = client_for(hq_user).get(job_url(job, "progress/")).content.decode()
    assert 'data-done="1"' in piece and "任务失败" in piece


def test_nobody_else_sees_a_jobs_progress(client_for, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    other = factories.hq(username="hq-other")
    assert client_for(other).get(job_url(job, "progress/")).status_code == 404


def test_the_progress_piece_needs_a_sign_in(client, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    response = client.get(job_url(job, "progress/"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_progress_piece_refuses_post(client_for, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    assert client_for(hq_user).post(job_url(job, "progress/")).status_code == 405


def test_the_job_page_without_scripts_shows_the_state_and_a_refresh_link(client_for, hq_user):
    job = Job.objects.create(
        owner=hq_user, kind="regions.directory_export", status=Job.Status.QUEUED
    )
    page = client_for(hq_user).get(job_url(job)).content.decode()
    assert "排队中" in page
    assert re.search(rf'<a href="{job_url(job)}">刷新查看最新状态</a>', page)
    assert "本页会自动刷新" not in page
