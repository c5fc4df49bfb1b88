"""年度行动计划 in the browser, the API, the year-end report job, the to-do and the mail: each
reader's answer (404 for what one may not see), bad input as a 400 with its message that changes
nothing, the steps by page and by API, the report's PDF and XLSX."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from openpyxl import load_workbook

from accounts.models import Job
from accounts.services import job_run
from casework.todo import counts_for
from cooperation import services
from cooperation.models import ActionPlan, Milestone

pytestmark = pytest.mark.django_db

PAGES = "/cooperation/plans/"
API = "/api/v1/cooperation-plans/"
MILESTONES = "/api/v1/cooperation-milestones/"


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("beijing_bureau", 200),
        ("tianjin_authority", 200),
        ("hebei_inspector", 200),
        ("renjianwei", 200),
        ("tongguan", 200),
        ("hq", 200),
        ("jiangsu_bureau", 404),
        ("jiangsu_authority", 404),
        ("enterprise", 404),
        ("agency", 404),
    ],
)
def test_who_reaches_the_plans(client_for, actors, approved, name, status):
    plan = approved()
    assert client_for(actors[name]).get(PAGES).status_code == status
    assert client_for(actors[name]).get(f"{PAGES}{plan.pk}/").status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(PAGES).status_code == 302


def test_a_draft_is_not_found_by_other_units(client_for, actors, draft):
    plan = draft()
    assert client_for(actors["tianjin_bureau"]).get(f"{PAGES}{plan.pk}/").status_code == 404
    assert client_for(actors["hq"]).get(f"{PAGES}{plan.pk}/").status_code == 404
    listed = client_for(actors["tianjin_bureau"]).get(PAGES).content.decode()
    assert "北京" not in listed.split("<tbody>")[1]


def test_a_clerk_drafts_adds_milestones_and_submits_in_the_browser(client_for, actors):
    client = client_for(actors["beijing_bureau"])
    response = client.post(f"{PAGES}new/", {"year": "2026", "summary": "年度安排"})
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGES}{plan.pk}/"
    page = f"{PAGES}{plan.pk}/"
    bad = client.post(
        page, {"action": "add", "task": "13", "title": "节点", "due_date": "2027-03-01"}
    )
    assert bad.status_code == 400
    assert "计划完成日期应在 2026 年内" in bad.content.decode()
    assert not Milestone.objects.exists()
    wrong_task = client.post(
        page, {"action": "add", "task": "6", "title": "节点", "due_date": "2026-09-01"}
    )
    assert wrong_task.status_code == 400
    added = client.post(
        page, {"action": "add", "task": "13", "title": "联合执法一次", "due_date": "2026-09-01"}
    )
    assert added.status_code == 302
    assert client.get(f"{page}submit/").status_code == 200
    assert client.post(f"{page}submit/").status_code == 302
    plan.refresh_from_db()
    assert plan.state == "submitted"
    # Once submitted, the forms are gone and an edit is a conflict.
    again = client.post(
        page, {"action": "add", "task": "13", "title": "再加", "due_date": "2026-10-01"}
    )
    assert again.status_code == 400
    assert Milestone.objects.count() == 1


def test_hq_returns_with_a_reason_in_the_browser(client_for, actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    client = client_for(actors["hq"])
    empty = client.post(f"{PAGES}{plan.pk}/return/", {"reason": ""})
    assert empty.status_code == 400
    done = client.post(f"{PAGES}{plan.pk}/return/", {"reason": "请细化节点"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "returned"
    # The unit may not approve; an unknown step is not found.
    refused = client_for(actors["beijing_bureau"]).post(f"{PAGES}{plan.pk}/approve/")
    assert refused.status_code == 403
    assert client.get(f"{PAGES}{plan.pk}/close/").status_code == 404


def test_progress_in_the_browser(client_for, actors, approved):
    plan = approved()
    milestone = plan.milestones.get()
    client = client_for(actors["beijing_bureau"])
    page = f"{PAGES}{plan.pk}/"
    assert "报告进展" in client.get(page).content.decode()
    bad = client.post(page, {"action": "progress", "milestone": milestone.pk, "percent": "150"})
    assert bad.status_code == 400
    unknown = client.post(
        page, {"action": "progress", "milestone": "999999", "percent": "10", "text": "x"}
    )
    assert unknown.status_code == 400
    done = client.post(
        page, {"action": "progress", "milestone": milestone.pk, "percent": "60", "text": "过半"}
    )
    assert done.status_code == 302
    milestone.refresh_from_db()
    assert milestone.percent == 60
    # Another member reads the progress but has no form.
    other = client_for(actors["tianjin_bureau"]).get(page).content.decode()
    assert "过半" in other and 'value="progress"' not in other


def test_the_plan_list_reads_in_a_constant_number_of_queries(
    client_for, actors, approved, django_assert_max_num_queries
):
    approved("beijing_bureau")
    approved("tianjin_authority", milestones=((6, date(2026, 7, 1)),))
    approved("renjianwei", milestones=((18, date(2026, 7, 1)), (32, date(2026, 8, 1))))
    client = client_for(actors["hq"])
    client.get(PAGES)
    with django_assert_max_num_queries(12):
        response = client.get(PAGES)
    assert response.content.decode().count('class="state approved"') == 3


def test_english_pages(client_for, actors, approved):
    plan = approved()
    client = client_for(actors["beijing_bureau"])
    client.cookies["django_language"] = "en"
    page = client.get(f"{PAGES}{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Milestones" in page and "年度行动计划" not in page.split("<main")[1]


# --- API ---------------------------------------------------------------------------------------


def test_the_plan_through_the_api(api_for, actors):
    clerk = api_for(actors["hebei_bureau"])
    made = clerk.post(API, {"year": 2026, "summary": "河北局计划"}, format="json")
    assert made.status_code == 201, made.content
    plan = made.json()
    assert (plan["bureau"], plan["state"], plan["milestone_count"]) == ("hebei", "draft", 0)
    wrong = clerk.post(
        MILESTONES,
        {"plan": plan["id"], "task": 6, "title": "x", "due_date": "2026-08-01"},
        format="json",
    )
    assert wrong.status_code == 400 and "task" in wrong.json()
    added = clerk.post(
        MILESTONES,
        {"plan": plan["id"], "task": 23, "title": "通关一体化", "due_date": "2026-08-01"},
        format="json",
    )
    assert added.status_code == 201, added.content
    fired = clerk.post(f"{API}{plan['id']}/transitions/submit/", {}, format="json")
    assert fired.status_code == 200 and fired.json()["state"] == "submitted"
    hq = api_for(actors["hq"])
    assert [o["name"] for o in hq.get(f"{API}{plan['id']}/transitions/").json()] == [
        "approve",
        "return",
    ]
    assert hq.post(f"{API}{plan['id']}/transitions/approve/", {}, format="json").status_code == 200
    again = hq.post(f"{API}{plan['id']}/transitions/approve/", {}, format="json")
    assert again.status_code == 409
    milestone = added.json()["id"]
    clerk = api_for(actors["hebei_bureau"])  # one client, signed in again
    report = clerk.post(
        f"{MILESTONES}{milestone}/reports/", {"percent": 100, "text": "完成"}, format="json"
    )
    assert report.status_code == 201, report.content
    read = api_for(actors["renjianwei"]).get(f"{MILESTONES}{milestone}/").json()
    assert read["completed_on"] == "2026-06-15" and read["reports"][0]["text"] == "完成"
    history = hq.get(f"{API}{plan['id']}/history/").json()
    assert [row["transition"] for row in history] == ["submit", "approve"]


@pytest.mark.parametrize("name", ["hq", "beijing_inspector", "enterprise", "jiangsu_bureau"])
def test_the_api_refuses_drafting_before_reading_the_body(api_for, actors, name):
    response = api_for(actors[name]).post(API, {"year": "not a year"}, format="json")
    assert response.status_code == 403
    assert not ActionPlan.objects.exists()


def test_the_api_answers_400_409_and_404(api_for, actors, draft):
    clerk = api_for(actors["beijing_bureau"])
    assert clerk.post(API, {"year": 2031}, format="json").status_code == 400
    plan = draft()
    assert clerk.post(API, {"year": 2026}, format="json").status_code == 409
    hidden = api_for(actors["tianjin_bureau"])
    assert hidden.get(f"{API}{plan.pk}/").status_code == 404
    other_plan = hidden.post(
        MILESTONES,
        {"plan": plan.pk, "task": 13, "title": "x", "due_date": "2026-08-01"},
        format="json",
    )
    assert other_plan.status_code == 400 and "plan" in other_plan.json()
    clerk = api_for(actors["beijing_bureau"])  # one client, signed in again
    assert clerk.post(f"{API}{plan.pk}/transitions/approve/", {}, format="json").status_code == 403
    early = clerk.post(
        f"{MILESTONES}{plan.milestones.get().pk}/reports/",
        {"percent": 5, "text": "x"},
        format="json",
    )
    assert early.status_code == 409
    assert api_for(None).get(API).status_code in (401, 403)
    assert api_for(actors["enterprise"]).get(API).json()["results"] == []


def test_the_api_filters_overdue_plans(api_for, actors, approved):
    approved(milestones=((13, date(2026, 6, 1)),))
    approved("tianjin_authority", milestones=((6, date(2026, 9, 1)),))
    hq = api_for(actors["hq"])
    assert len(hq.get(API, {"overdue": "true"}).json()["results"]) == 1
    assert hq.get(API, {"overdue": "maybe"}).status_code == 400
    assert hq.get(API, {"state": "nonsense"}).status_code == 400


# --- The year-end report ---------------------------------------------------------------------------


def _run(owner, kind, year=2026) -> Job:
    job = Job.objects.create(owner=owner, kind=kind, params={"year": year})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_year_end_report_as_xlsx_and_pdf(actors, approved):
    plan = approved(milestones=((13, date(2026, 5, 1)), (14, date(2026, 11, 1))))
    approved("tianjin_authority", milestones=((6, date(2026, 9, 1)),))
    services.progress_report(
        milestone=plan.milestones.get(task__number=14),
        actor=actors["beijing_bureau"],
        percent=30,
        text="已启动互查",
    )
    job = _run(actors["hq"], "cooperation.plan_report_xlsx")
    assert job.status == "done", job.error
    book = load_workbook(BytesIO(job.result_file.read()))
    plans, milestones = book.worksheets
    assert plans.max_row == 3
    rows = [[cell.value for cell in row] for row in milestones.iter_rows(min_row=2)]
    assert ["逾期未完成" if r[1] == 13 else r[6] for r in rows if r[1] in (13, 14)] == [
        "逾期未完成",
        None,
    ]
    assert any(r[7] == "已启动互查" for r in rows)
    pdf = _run(actors["hq"], "cooperation.plan_report_pdf")
    assert pdf.status == "done", pdf.error
    assert pdf.result_file.read().startswith(b"%PDF")


def test_the_report_holds_what_its_owner_sees(actors, approved, draft):
    approved()
    draft("tianjin_authority", milestones=((6, date(2026, 9, 1)),))
    job = _run(actors["hebei_bureau"], "cooperation.plan_report_xlsx")
    plans = load_workbook(BytesIO(job.result_file.read())).worksheets[0]
    assert plans.max_row == 2  # Beijing's approved plan, not Tianjin's draft
    refused = _run(actors["enterprise"], "cooperation.plan_report_xlsx")
    assert refused.status == "failed"


def test_the_export_page_starts_a_job_or_says_what_is_wrong(client_for, actors):
    client = client_for(actors["hq"])
    assert client.post(f"{PAGES}export/", {"year": "2026", "format": "doc"}).status_code == 400
    started = client.post(f"{PAGES}export/", {"year": "2026", "format": "xlsx"})
    assert started.status_code == 302
    assert Job.objects.get().kind == "cooperation.plan_report_xlsx"
    assert (
        client_for(actors["enterprise"]).post(f"{PAGES}export/", {"year": "2026"}).status_code
        == 404
    )


# --- To-do and mail --------------------------------------------------------------------------------


def test_the_waiting_work_of_hq_and_of_the_unit(actors, draft):
    plan = draft(milestones=((13, date(2026, 6, 30)),))
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    assert counts_for(actors["hq"], fresh=True)["cooperation.review"] == 1
    services.plan_transition(plan=plan, name="return", actor=actors["hq"], reason="细化")
    assert counts_for(actors["beijing_bureau"], fresh=True)["cooperation.returned"] == 1
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    services.plan_transition(plan=plan, name="approve", actor=actors["hq"])
    with time_machine.travel("2026-07-01 09:00 +0800", tick=False):
        counts = counts_for(actors["beijing_bureau"], fresh=True)
        assert (counts["cooperation.overdue"], counts["cooperation.year_end"]) == (1, 0)
    with time_machine.travel("2026-12-02 09:00 +0800", tick=False):
        assert counts_for(actors["beijing_bureau"], fresh=True)["cooperation.year_end"] == 1
    assert "cooperation.review" not in counts_for(actors["tianjin_bureau"], fresh=True)


def test_each_step_is_mailed_to_the_other_side(actors, draft, django_capture_on_commit_callbacks):
    plan = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    assert [m.to for m in mail.outbox] == [["hq-office@example.cn"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_transition(plan=plan, name="return", actor=actors["hq"], reason="细化节点")
    assert mail.outbox[-1].to == ["beijing-clerk@example.cn"]
    assert "细化节点" in mail.outbox[-1].body
    # A redelivered task mails nothing twice.
    entry = plan.history.order_by("pk").last()
    assert services.plan_step_mail(entry_id=entry.pk) == 0
