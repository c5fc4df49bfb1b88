"""The pages of HQ's tasks and the bureaus' reports, walked as their users do: HQ assigns through
the form, the addressee reports with files, HQ returns and accepts; a bureau drafts a report with
files, edits and submits it, HQ reads it and replies. The lists sort by their headers, and the
pages read in English."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison.models import Assignment, Report, Task
from regions.models import Bureau, Zone
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import pdf

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def text_of(response) -> str:
    return response.content.decode()


def test_hq_assigns_the_addressee_reports_and_hq_answers(client_for, hq_user, addressed, zone_lead):
    client = client_for(hq_user)
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    southwest, jiangsu = Zone.objects.get(code="southwest"), Bureau.objects.get(code="jiangsu")
    empty = client.post(
        "/liaison/tasks/new/", {"title": "任务", "requirements": "要求", "due_date": due}
    )
    assert empty.status_code == 400 and "请选择承办的片区或直属局。" in text_of(empty)
    response = client.post(
        "/liaison/tasks/new/",
        {
            "title": "总结片区“走出去”经验",
            "requirements": "各单位总结报送。",
            "due_date": due,
            "zones": [southwest.pk],
            "bureaus": [jiangsu.pk],
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/liaison/tasks/{task.pk}/"
    zone_part = task.assignments.get(zone=southwest)

    lead = client_for(zone_lead)
    page = text_of(lead.get(f"/liaison/tasks/{task.pk}/"))
    assert "由片区牵头单位（重庆）组织落实并报告" in page and "报告办理情况" in page
    assert "江苏" not in page  # another addressee's part
    prefix = f"a{zone_part.pk}"
    response = lead.post(
        f"/liaison/assignments/{zone_part.pk}/report/",
        {f"{prefix}-kind": "completion", f"{prefix}-text": "已汇总。", f"{prefix}-files": [pdf()]},
    )
    assert response["Location"] == f"/liaison/tasks/{task.pk}/#a{zone_part.pk}"
    zone_part.refresh_from_db()
    assert zone_part.status == Assignment.Status.REPORTED

    client = client_for(hq_user)
    page = text_of(client.get(f"/liaison/tasks/{task.pk}/"))
    assert "通过验收" in page and "report.pdf" in page
    client.post(f"/liaison/assignments/{zone_part.pk}/return/", {f"{prefix}-reason": "补充数据。"})
    assert Assignment.objects.get(pk=zone_part.pk).status == Assignment.Status.OPEN
    lead = client_for(zone_lead)
    lead.post(
        f"/liaison/assignments/{zone_part.pk}/report/",
        {f"{prefix}-kind": "completion", f"{prefix}-text": "已补充。"},
    )
    client = client_for(hq_user)
    client.post(f"/liaison/assignments/{zone_part.pk}/accept/", {f"{prefix}-note": "同意。"})
    zone_part.refresh_from_db()
    assert zone_part.status == Assignment.Status.COMPLETED and zone_part.completed_by == hq_user
    page = text_of(client.get(f"/liaison/tasks/{task.pk}/"))
    assert page.index("补充数据。") < page.index("已补充。") < page.index("同意。")


def test_a_refused_file_refuses_the_report(client_for, addressed, bureau_assignment):
    prefix = f"a{bureau_assignment.pk}"
    client = client_for(addressed)
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(
        f"/liaison/assignments/{bureau_assignment.pk}/report/",
        {f"{prefix}-kind": "progress", f"{prefix}-text": "进展", f"{prefix}-files": [fake]},
        follow=True,
    )
    assert "x.pdf：只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。" in text_of(response)
    assert not bureau_assignment.updates.exists()


def test_a_bureau_drafts_edits_and_submits_and_hq_reads_and_replies(
    client_for, hq_user, zone_member
):
    client = client_for(zone_member)
    response = client.post(
        "/liaison/reports/new/",
        {"kind": "local_policy", "title": "自治区出台扶持政策", "body": "内容。", "files": [pdf()],
         "action": "draft"},
    )  # fmt: skip
    report = Report.objects.get()
    assert response["Location"] == f"/liaison/reports/{report.pk}/"
    assert report.status == "draft" and report.documents.count() == 1
    assert (
        client.post(
            f"/liaison/reports/{report.pk}/edit/",
            {"kind": "local_policy", "title": "自治区出台扶持政策（修订）", "body": "内容。"},
        ).status_code
        == 302
    )
    client.post(f"/liaison/reports/{report.pk}/files/", {"files": [pdf("b.pdf"), pdf("c.pdf")]})
    assert report.documents.count() == 3
    assert "（修订）" not in text_of(client_for(hq_user).get("/liaison/reports/"))

    client = client_for(zone_member)
    client.post(f"/liaison/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "submitted"
    assert "总局未阅" in text_of(client.get("/liaison/reports/"))

    hq = client_for(hq_user)
    assert "（修订）" in text_of(hq.get("/liaison/reports/?show=unread"))
    page = text_of(hq.get(f"/liaison/reports/{report.pk}/"))
    assert "总局阅知" in page and "回复内容" in page
    assert "（修订）" not in text_of(hq.get("/liaison/reports/?show=unread"))
    hq.post(f"/liaison/reports/{report.pk}/reply/", {"text": "已转有关司局。"})

    client = client_for(zone_member)
    assert "（修订）" in text_of(client.get("/liaison/reports/?show=replied"))
    page = text_of(client.get(f"/liaison/reports/{report.pk}/"))
    assert "已转有关司局。" in page and "总局已阅" not in page
    assert "（修订）" not in text_of(client.get("/liaison/reports/?show=replied"))
    assert "总局已阅" in text_of(client.get("/liaison/reports/"))


def test_a_report_can_be_submitted_from_the_form(client_for, addressed):
    client = client_for(addressed)
    client.post(
        "/liaison/reports/new/",
        {"kind": "clue", "title": "线索", "body": "内容。", "action": "submit"},
    )
    assert Report.objects.get().status == "submitted"


@pytest.mark.parametrize(
    "path",
    ["/liaison/", "/liaison/?show=overdue", "/liaison/?show=all", "/liaison/reports/?show=all"],
)
@pytest.mark.parametrize("sort", ["task", "-addressee", "due", "-status", "updated", "-title",
                                  "kind", "-bureau", "submitted", "nonsense"])  # fmt: skip
def test_the_lists_sort_by_their_headers(path, sort, client_for, hq_user, task):
    response = client_for(hq_user).get(path, {"sort": sort})
    assert response.status_code == 200


def test_the_task_list_sorts_by_time_limit_and_filters(client_for, hq_user, addressed, task):
    later = Task.objects.create(
        title="稍后到期", requirements="甲", due_date=task.due_date + timedelta(days=5),
        created_by=hq_user,
    )  # fmt: skip
    Assignment.objects.create(task=later, bureau=Bureau.objects.get(code="jiangsu"))
    page = text_of(client_for(addressed).get("/liaison/?show=mine"))
    assert page.index(task.title) < page.index("稍后到期")
    page = text_of(client_for(addressed).get("/liaison/?show=mine&sort=-due"))
    assert page.index("稍后到期") < page.index(task.title)
    assert 'aria-sort="descending"' in page
    assert task.title not in text_of(client_for(addressed).get("/liaison/?show=overdue"))


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_pages_read_in_english(client_for, hq_user, addressed, zone_lead, task):
    report = {
        "kind": "going_global",
        "title": "Tea abroad",
        "body": "Experience.",
        "action": "submit",
    }
    client_for(addressed).post("/liaison/reports/new/", report)
    client_for(addressed).get("/liaison/reports/")  # its message, in Chinese, shown here
    pages = {
        hq_user: ["/liaison/", "/liaison/tasks/new/", f"/liaison/tasks/{task.pk}/",
                  "/liaison/reports/", f"/liaison/reports/{Report.objects.get().pk}/"],
        addressed: ["/liaison/", f"/liaison/tasks/{task.pk}/", "/liaison/reports/new/"],
        zone_lead: [f"/liaison/tasks/{task.pk}/"],
    }  # fmt: skip
    data = {task.title, task.requirements, hq_user.get_full_name()}
    for user, urls in pages.items():
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = text_of(response)
            text = text[text.index("<main") : text.index("</main>")]
            for value in sorted(data, key=len, reverse=True):
                text = text.replace(value, "")
            left = sorted({line.strip() for line in text.splitlines() if CJK.search(line)})
            assert left == [], url


def test_the_pages_are_staffs(client_for, enterprise_user, agency_user, inspector_user, task):
    for user in (enterprise_user, agency_user, inspector_user):
        client = client_for(user)
        for url in ("/liaison/", "/liaison/reports/", "/liaison/reports/new/",
                    f"/liaison/tasks/{task.pk}/"):  # fmt: skip
            assert client.get(url).status_code == 404, (user.username, url)
