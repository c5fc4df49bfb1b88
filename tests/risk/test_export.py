"""导出 of the risk lists (issue 17 point 9): staff only, scoped as the pages, the list's state,
CSV or XLSX as a background job; bad parameters are 400 and start nothing."""

import csv
from io import StringIO

import pytest

from accounts.models import Job

pytestmark = pytest.mark.django_db


def _export(client, user, what, django_capture_on_commit_callbacks, **data):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/risk/export/{what}/", data)


def _rows(job) -> list[list[str]]:
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return list(csv.reader(StringIO(job.result_file.open("rb").read().decode("utf-8-sig"))))


def test_a_bureau_exports_its_own_warnings_only(
    client, make_warning, bureau_qinghai, bureau_gansu, django_capture_on_commit_callbacks
):
    own = make_warning()
    _export(client, bureau_qinghai, "warnings", django_capture_on_commit_callbacks, format="csv")
    rows = _rows(Job.objects.get(owner=bureau_qinghai))
    assert [row[0] for row in rows[1:]] == [own.number]
    _export(client, bureau_gansu, "warnings", django_capture_on_commit_callbacks, format="csv")
    assert _rows(Job.objects.get(owner=bureau_gansu))[1:] == []


def test_measures_export_in_the_state_shown(
    client, make_warning, make_measure, hq, django_capture_on_commit_callbacks
):
    warning = make_warning()
    make_measure(warning)
    _export(
        client, hq, "measures", django_capture_on_commit_callbacks, format="csv", state="lifted"
    )
    assert _rows(Job.objects.get(owner=hq))[1:] == []


def test_signals_export_as_xlsx(client, make_signal, hq, django_capture_on_commit_callbacks):
    make_signal()
    _export(client, hq, "signals", django_capture_on_commit_callbacks, format="xlsx")
    job = Job.objects.get(owner=hq)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_file.name.endswith(".xlsx")


@pytest.mark.parametrize("data", [{"format": "pdf"}, {"format": "csv", "state": "nonsense"}])
def test_bad_parameters_are_400(client, hq, data, django_capture_on_commit_callbacks):
    answer = _export(client, hq, "warnings", django_capture_on_commit_callbacks, **data)
    assert answer.status_code == 400 and not Job.objects.exists()


def test_an_unknown_list_is_400(client, hq, django_capture_on_commit_callbacks):
    answer = _export(client, hq, "secrets", django_capture_on_commit_callbacks, format="csv")
    assert answer.status_code == 400


@pytest.mark.parametrize("who", ["enterprise_qinghai", "agency"])
def test_others_export_nothing(request, client, who, django_capture_on_commit_callbacks):
    user = request.getfixturevalue(who)
    answer = _export(client, user, "warnings", django_capture_on_commit_callbacks, format="csv")
    assert answer.status_code == 404 and not Job.objects.exists()
