"""Who may do what with HQ's tasks and the bureaus' reports, every action × every persona, through
the API and the pages. The table is written out here from seed 000 (not imported from the code):

- §二.2 "各片区的牵头单位……组织落实……完成总局交给的各项任务": only HQ assigns; a task to a zone is
  organised and reported by the zone's lead, its members read it; a task to a bureau is
  reported by that bureau; HQ accepts or returns a reported completion; nobody else sees a task.
- §3, §5, §9, §16 "……报通关司": a bureau reports to HQ; HQ sees a report once it is submitted,
  reads it (recorded) and replies; no other bureau sees it, the lead of the bureau's zone
  neither.
- Both are the bureau's own (its bureau accounts): its inspectors and experts, accounts of the
  bureau for inspections and the committee, have no part in either.

Allowed: 200/201 and the change is made. Refused: 404 (not visible), 403 (visible but not
yours, or not signed in) and nothing changes.
"""

import pytest
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from liaison import services
from liaison.models import (
    Assignment,
    Report,
    ReportDocumentAccess,
    ReportReply,
    Task,
    TaskDocumentAccess,
    TaskUpdate,
)
from tests import factories

from .conftest import pdf

pytestmark = pytest.mark.django_db

ROLES = [
    "hq", "addressed", "zone_lead", "zone_member", "other_bureau", "inspector", "expert",
    "enterprise", "agency", "anonymous",
]  # fmt: skip
BUREAU_ROLES = {"addressed", "zone_lead", "zone_member", "other_bureau"}
# Who reads each of the task's assignments, and the one who reports on it.
SEES = {"zone": {"hq", "zone_lead", "zone_member"}, "bureau": {"hq", "addressed"}}
REPORTS = {"zone": "zone_lead", "bureau": "addressed"}


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def page(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def assignment_of(task, which: str) -> Assignment:
    if which == "zone":
        return task.assignments.get(zone__code="southwest")
    return task.assignments.get(bureau__code="jiangsu")


def expected(role: str, which: str, acts: str) -> int:
    """What a write on an assignment answers: anonymous 403, not visible 404, `acts` 2xx."""
    if role == "anonymous":
        return 403
    if role not in SEES[which]:
        return 404
    return 200 if role == acts else 403


# ---------------------------------------------------------------- tasks


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_assigns_a_task(role, personas):
    body = {
        "title": "报送片区资源清单",
        "requirements": "按附件格式报送。",
        "due_date": "2099-12-31",
        "zones": ["southwest"],
        "bureaus": ["jiangsu"],
    }
    response = api(personas[role]).post("/api/v1/liaison-tasks/", body, format="json")
    if role == "hq":
        assert response.status_code == 201, response.json()
        assert {a["zone"] or a["bureau"] for a in response.json()["assignments"]} == {
            "southwest",
            "jiangsu",
        }
        assert Task.objects.count() == 1 and Assignment.objects.count() == 2
        entry = AuditEntry.objects.get(object_type="liaison.task")
        assert entry.actor == personas["hq"] and entry.changes["bureaus"] == ["jiangsu"]
    else:
        assert response.status_code == 403
        assert not Task.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_has_the_form_to_assign(role, personas, client):
    response = page(client, personas[role]).get("/liaison/tasks/new/")
    assert response.status_code == {"hq": 200, "anonymous": 302}.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_task_and_which_of_its_addressees(role, personas, task, client):
    response = api(personas[role]).get(f"/api/v1/liaison-tasks/{task.pk}/")
    listed = api(personas[role]).get("/api/v1/liaison-tasks/")
    shown = page(client, personas[role]).get(f"/liaison/tasks/{task.pk}/")
    sees = {which for which, roles in SEES.items() if role in roles}
    if role == "anonymous":
        assert (response.status_code, listed.status_code, shown.status_code) == (403, 403, 302)
        return
    if not sees:
        assert response.status_code == 404 and shown.status_code == 404
        assert listed.json()["results"] == []
        return
    assert response.status_code == 200 and shown.status_code == 200
    codes = {a["zone"] or a["bureau"] for a in response.json()["assignments"]}
    assert codes == {{"zone": "southwest", "bureau": "jiangsu"}[w] for w in sees}
    assert [t["id"] for t in listed.json()["results"]] == [task.pk]
    # The page shows the addressees the role sees, no other.
    assert ("江苏" in shown.content.decode()) == ("bureau" in sees)


@pytest.mark.parametrize("which", ["zone", "bureau"])
@pytest.mark.parametrize("role", ROLES)
def test_who_reports_progress_and_completion(role, which, personas, task):
    assignment = assignment_of(task, which)
    code = expected(role, which, REPORTS[which])
    response = api(personas[role]).post(
        f"/api/v1/liaison-assignments/{assignment.pk}/updates/",
        {"kind": "completion", "text": "已形成资源清单。", "files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == (201 if code == 200 else code), response.content
    assignment.refresh_from_db()
    if code == 200:
        assert assignment.status == Assignment.Status.REPORTED
        update = assignment.updates.get()
        assert update.author == personas[role] and update.documents.count() == 1
    else:
        assert assignment.status == Assignment.Status.OPEN
        assert not TaskUpdate.objects.exists()


@pytest.mark.parametrize("which", ["zone", "bureau"])
@pytest.mark.parametrize("role", ROLES)
def test_the_page_form_reports_only_for_the_addressee(role, which, personas, task, client):
    assignment = assignment_of(task, which)
    response = page(client, personas[role]).post(
        f"/liaison/assignments/{assignment.pk}/report/",
        {f"a{assignment.pk}-kind": "progress", f"a{assignment.pk}-text": "正在摸底。"},
    )
    code = expected(role, which, REPORTS[which])
    if code == 404 or role == "anonymous":
        assert response.status_code == (302 if role == "anonymous" else 404)
    else:
        assert response.status_code == 302  # back to the task, with a message
    assert TaskUpdate.objects.exists() == (code == 200)


def _reported(task, personas, which) -> Assignment:
    assignment = assignment_of(task, which)
    services.assignment_report(
        assignment=assignment,
        actor=personas[REPORTS[which]],
        kind="completion",
        text="已完成。",
        files=[pdf()],
    )
    return assignment


@pytest.mark.parametrize("action", ["accept", "return"])
@pytest.mark.parametrize("which", ["zone", "bureau"])
@pytest.mark.parametrize("role", ROLES)
def test_only_hq_accepts_or_returns_a_completion(role, which, action, personas, task):
    assignment = _reported(task, personas, which)
    body = {"note": "符合要求。"} if action == "accept" else {"reason": "清单不完整。"}
    response = api(personas[role]).post(
        f"/api/v1/liaison-assignments/{assignment.pk}/{action}/", body, format="json"
    )
    code = expected(role, which, "hq")
    assert response.status_code == code, response.content
    assignment.refresh_from_db()
    if code == 200:
        assert assignment.status == (
            Assignment.Status.COMPLETED if action == "accept" else Assignment.Status.OPEN
        )
        assert assignment.updates.last().kind == ("accepted" if action == "accept" else "returned")
        assert AuditEntry.objects.filter(
            object_type="liaison.assignment", object_id=str(assignment.pk), actor=personas["hq"]
        ).exists()
    else:
        assert assignment.status == Assignment.Status.REPORTED
        assert assignment.updates.count() == 1


@pytest.mark.parametrize("which", ["zone", "bureau"])
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_files_of_a_report_and_every_read_is_logged(
    role, which, personas, task, client
):
    assignment = _reported(task, personas, which)
    document = assignment.updates.get().documents.get()
    response = api(personas[role]).get(
        f"/api/v1/liaison-assignments/{assignment.pk}/documents/{document.pk}/"
    )
    downloaded = page(client, personas[role]).get(f"/liaison/files/tasks/{document.pk}/")
    if role == "anonymous":
        assert (response.status_code, downloaded.status_code) == (403, 302)
    elif role in SEES[which]:
        assert response.status_code == downloaded.status_code == 200
        assert TaskDocumentAccess.objects.filter(user=personas[role]).count() == 2
    else:
        assert response.status_code == downloaded.status_code == 404
    if role not in SEES[which]:
        assert not TaskDocumentAccess.objects.exists()


def test_a_completion_is_reported_once_until_hq_answers(personas, task):
    assignment = _reported(task, personas, "bureau")
    again = api(personas["addressed"]).post(
        f"/api/v1/liaison-assignments/{assignment.pk}/updates/",
        {"kind": "progress", "text": "补充说明。"},
        format="multipart",
    )
    assert again.status_code == 409
    services.assignment_return(assignment=assignment, actor=personas["hq"], reason="补充。")
    assert (
        api(personas["addressed"])
        .post(
            f"/api/v1/liaison-assignments/{assignment.pk}/updates/",
            {"kind": "completion", "text": "已补充。"},
            format="multipart",
        )
        .status_code
        == 201
    )
    services.assignment_accept(assignment=assignment, actor=personas["hq"])
    for action, body in (("accept", {}), ("return", {"reason": "再补充"})):
        response = api(personas["hq"]).post(
            f"/api/v1/liaison-assignments/{assignment.pk}/{action}/", body, format="json"
        )
        assert response.status_code == 409
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.COMPLETED


# ---------------------------------------------------------------- reports

# The report is 广西局's (a member of 西南片区): its zone's lead (重庆局) never sees it.
OWNER = "zone_member"


def _draft(personas, **fields) -> Report:
    return services.report_create(
        actor=personas[OWNER],
        kind=fields.get("kind", "clue"),
        title="某企业产品与评定结果不一致",
        body="抽样发现包装标注的产地与证书不符。",
        files=[pdf()],
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_a_bureau_reports_to_hq(role, personas):
    response = api(personas[role]).post(
        "/api/v1/liaison-reports/",
        {"kind": "going_global", "title": "“走出去”经验", "body": "经验如下。"},
        format="json",
    )
    if role in BUREAU_ROLES:
        assert response.status_code == 201
        report = Report.objects.get()
        assert report.bureau == personas[role].bureau and report.status == "draft"
    else:
        assert response.status_code == 403
        assert not Report.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_its_bureaus_alone(role, personas, client):
    report = _draft(personas)
    response = api(personas[role]).get(f"/api/v1/liaison-reports/{report.pk}/")
    shown = page(client, personas[role]).get(f"/liaison/reports/{report.pk}/")
    document = report.documents.get()
    downloaded = page(client, personas[role]).get(f"/liaison/files/reports/{document.pk}/")
    if role == "anonymous":
        assert (response.status_code, shown.status_code, downloaded.status_code) == (403, 302, 302)
    elif role == OWNER:
        assert response.status_code == shown.status_code == downloaded.status_code == 200
    else:
        assert response.status_code == shown.status_code == downloaded.status_code == 404
    assert Report.objects.get(pk=report.pk).read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_only_its_bureau_edits_adds_files_and_submits_the_draft(role, personas):
    report = _draft(personas)
    client = api(personas[role])
    base = f"/api/v1/liaison-reports/{report.pk}"
    edited = client.patch(f"{base}/", {"title": "新标题"}, format="json")
    added = client.post(f"{base}/documents/", {"file": pdf("more.pdf")}, format="multipart")
    submitted = client.post(f"{base}/submit/")
    code = {"anonymous": 403, OWNER: 200}.get(role, 404)
    assert (edited.status_code, added.status_code, submitted.status_code) == (
        code,
        201 if code == 200 else code,
        code,
    )
    report.refresh_from_db()
    if code == 200:
        assert report.title == "新标题" and report.documents.count() == 2
        assert report.status == "submitted" and report.submitted_by == personas[role]
        audited = AuditEntry.objects.filter(object_type="liaison.report", object_id=str(report.pk))
        assert audited.count() == 4  # drafted, edited, a file added, submitted
    else:
        assert report.status == "draft" and report.documents.count() == 1


def test_a_submitted_report_is_final(personas):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    client = api(personas[OWNER])
    base = f"/api/v1/liaison-reports/{report.pk}"
    assert client.patch(f"{base}/", {"title": "改"}, format="json").status_code == 409
    assert client.post(f"{base}/documents/", {"file": pdf()}, format="multipart").status_code == 409
    assert client.post(f"{base}/submit/").status_code == 409


@pytest.mark.parametrize("role", ROLES)
def test_a_submitted_report_is_read_by_hq_and_its_bureau(role, personas, client):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    response = api(personas[role]).get(f"/api/v1/liaison-reports/{report.pk}/")
    document = report.documents.get()
    downloaded = page(client, personas[role]).get(f"/liaison/files/reports/{document.pk}/")
    if role == "anonymous":
        assert (response.status_code, downloaded.status_code) == (403, 302)
    elif role in ("hq", OWNER):
        assert response.status_code == downloaded.status_code == 200
        assert ReportDocumentAccess.objects.filter(user=personas[role]).count() == 1
    else:
        assert response.status_code == downloaded.status_code == 404
    # Reading through the API records nothing: the client says when with `read`.
    assert Report.objects.get(pk=report.pk).read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_the_read_receipt_is_hqs(role, personas, client):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    response = page(client, personas[role]).get(f"/liaison/reports/{report.pk}/")
    report.refresh_from_db()
    assert response.status_code == {"hq": 200, OWNER: 200, "anonymous": 302}.get(role, 404)
    if role == "hq":
        assert report.read_by == personas["hq"] and report.read_at is not None
    else:
        assert report.read_at is None


def test_the_first_hq_reader_is_recorded(personas, client):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    page(client, personas["hq"]).get(f"/liaison/reports/{report.pk}/")
    first = Report.objects.get(pk=report.pk).read_at
    colleague = factories.hq(username="hq-colleague")
    assert api(colleague).post(f"/api/v1/liaison-reports/{report.pk}/read/").status_code == 200
    report.refresh_from_db()
    assert (report.read_by, report.read_at) == (personas["hq"], first)


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_replies(role, personas):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    response = api(personas[role]).post(
        f"/api/v1/liaison-reports/{report.pk}/reply/", {"text": "已阅，请继续核查。"}, format="json"
    )
    code = {"hq": 201, OWNER: 403, "anonymous": 403}.get(role, 404)
    assert response.status_code == code
    assert ReportReply.objects.exists() == (code == 201)
    if code == 201:
        assert response.json()["read_by"] == personas["hq"].username


def test_its_bureau_reads_hqs_reply(personas, client):
    report = services.report_submit(report=_draft(personas), actor=personas[OWNER])
    reply = services.report_reply(report=report, actor=personas["hq"], text="已阅。")
    # The lead of its zone cannot read it, so cannot mark it read.
    assert (
        api(personas["zone_lead"]).post(f"/api/v1/liaison-reports/{report.pk}/read/").status_code
        == 404
    )
    page(client, personas[OWNER]).get(f"/liaison/reports/{report.pk}/")
    reply.refresh_from_db()
    assert reply.read_at is not None
    assert Report.objects.get(pk=report.pk).read_by == personas["hq"]
