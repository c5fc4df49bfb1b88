"""Where HQ's tasks and the bureaus' reports show up beyond their own pages: overdue tasks flagged
on HQ's dashboard (refreshed by the writes that change them, ADR 0014), counted with the reports
by kind in each bureau's annual summary (seed 000 §17), and the waiting work (to-do) of HQ, the
addressees and the bureaus that reported."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from casework import todo
from liaison import services
from liaison.figures import LABELS
from regions import services as region_services
from regions.models import AnnualSummary, Bureau, Zone

from .conftest import pdf

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
YEAR = timezone.localdate().year


def travel(*args):
    return time_machine.travel(datetime(*args, tzinfo=SH), tick=False)


def flags_row(text: str, name: str) -> str:
    flags = re.search(r'<table class="table flags">(.*?)</table>', text, re.S).group(1)
    match = re.search(rf">{name}</a></td>(.*?)</tr>", flags, re.S)
    return match.group(1) if match else ""


def overdue_table(text: str) -> str:
    return re.search(r'<table class="table overdue-tasks">(.*?)</table>', text, re.S).group(1)


def test_an_overdue_task_is_flagged_on_the_dashboard_until_hq_accepts_it(
    client_for, hq_user, addressed, zone_lead
):
    task = services.task_assign(
        actor=hq_user,
        title="报送自贸区通关便利措施",
        requirements="报送措施清单。",
        due_date=timezone.localdate(),
        zones=[Zone.objects.get(code="southwest")],
        bureaus=[Bureau.objects.get(code="jiangsu")],
    )
    client = client_for(hq_user)
    url = f"/regions/dashboard/?year={YEAR}"
    assert "报送自贸区通关便利措施" not in overdue_table(client.get(url).content.decode())

    later = timezone.now() + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        client = client_for(hq_user)  # a new day's sign-in
        text = client.get(url).content.decode()
        assert overdue_table(text).count("报送自贸区通关便利措施") == 2
        assert 'badge overdue">1<' in flags_row(text, "江苏")
        # A zone's task is the lead's to organise: 重庆 is flagged, its member 广西 is not.
        assert 'badge overdue">1<' in flags_row(text, "重庆")
        assert 'badge overdue">1<' not in flags_row(text, "广西")

        assignment = task.assignments.get(bureau__code="jiangsu")
        services.assignment_report(
            assignment=assignment, actor=addressed, kind="completion", text="已报送。"
        )
        services.assignment_accept(assignment=assignment, actor=hq_user)
        text = client.get(url).content.decode()
        assert overdue_table(text).count("报送自贸区通关便利措施") == 1
        assert 'badge overdue">1<' not in flags_row(text, "江苏")
        bureau_page = client.get(f"/regions/dashboard/bureaus/chongqing/?year={YEAR}")
        assert "1 项总局交办任务逾期" in bureau_page.content.decode()


def test_the_annual_summary_counts_tasks_and_reports_by_kind(
    client_for, hq_user, addressed, zone_lead, zone_member
):
    jiangsu, southwest = Bureau.objects.get(code="jiangsu"), Zone.objects.get(code="southwest")
    with travel(YEAR, 6, 1, 10):
        on_time = services.task_assign(
            actor=hq_user, title="按时", requirements="甲", due_date=date(YEAR, 6, 10),
            bureaus=[jiangsu],
        )  # fmt: skip
        late = services.task_assign(
            actor=hq_user, title="逾期完成", requirements="乙", due_date=date(YEAR, 6, 20),
            zones=[southwest],
        )  # fmt: skip
        services.task_assign(
            actor=hq_user, title="逾期未完成", requirements="丙", due_date=date(YEAR, 7, 30),
            bureaus=[jiangsu],
        )  # fmt: skip
        services.task_assign(
            actor=hq_user, title="明年到期", requirements="丁", due_date=date(YEAR + 1, 3, 1),
            bureaus=[jiangsu],
        )  # fmt: skip
        for actor, kind in (
            (addressed, "clue"),
            (addressed, "going_global"),
            (zone_lead, "special"),
        ):
            report = services.report_create(actor=actor, kind=kind, title="标题", body="正文")
            services.report_submit(report=report, actor=actor)
        services.report_create(actor=zone_member, kind="local_policy", title="草稿", body="正文")
    with travel(YEAR, 6, 5, 10):
        assignment = on_time.assignments.get()
        services.assignment_report(
            assignment=assignment, actor=addressed, kind="completion", text="完成", files=[pdf()]
        )
        services.assignment_accept(assignment=assignment, actor=hq_user)
    with travel(YEAR, 6, 25, 10):
        assignment = late.assignments.get()
        services.assignment_report(
            assignment=assignment, actor=zone_lead, kind="completion", text="完成"
        )
        services.assignment_accept(assignment=assignment, actor=hq_user)
    with travel(YEAR, 8, 15, 10):
        region_services.summaries_draft(year=YEAR)
        figures = {
            s.bureau.code: s.programme_figures["liaison"]
            for s in AnnualSummary.objects.filter(year=YEAR).select_related("bureau")
        }
    zero = dict.fromkeys(LABELS, 0)
    assert figures["jiangsu"] == {
        **zero, "tasks_completed": 1, "tasks_overdue": 1, "reports_clue": 1,
        "reports_going_global": 1,
    }  # fmt: skip
    # The zone's task counts for its lead, completed late: completed and overdue.
    assert figures["chongqing"] == {
        **zero, "tasks_completed": 1, "tasks_overdue": 1, "reports_special": 1,
    }  # fmt: skip
    # A member of the zone carries none of it; a draft is not reported.
    assert figures["guangxi"] == zero

    summary = AnnualSummary.objects.get(year=YEAR, bureau=jiangsu)
    text = client_for(addressed).get(f"/regions/summaries/{summary.pk}/").content.decode()
    assert "总局交办任务与报送事项" in text and "报送“走出去”成功经验" in text
    sections = region_services.summary_context(summary)["programme_sections"]
    liaison = next(s for s in sections if s["key"] == "liaison")
    assert dict(liaison["figures"])[LABELS["tasks_overdue"]] == 1


def test_the_waiting_work_of_hq_the_addressees_and_the_reporting_bureau(
    hq_user, addressed, zone_lead, zone_member, task, bureau_assignment
):
    def counts(user):
        return {k: v for k, v in todo.counts_for(user, fresh=True).items() if "liaison" in k}

    assert counts(hq_user) == {"liaison.completions": 0, "liaison.unread": 0}
    assert counts(addressed) == {"liaison.tasks": 1, "liaison.replies": 0}
    assert counts(zone_lead) == {"liaison.tasks": 1, "liaison.replies": 0}
    # A member reads its zone's task; the lead acts on it.
    assert counts(zone_member) == {"liaison.tasks": 0, "liaison.replies": 0}

    services.assignment_report(
        assignment=bureau_assignment, actor=addressed, kind="completion", text="完成"
    )
    report = services.report_create(actor=zone_member, kind="clue", title="线索", body="正文")
    assert counts(hq_user) == {"liaison.completions": 1, "liaison.unread": 0}  # a draft
    services.report_submit(report=report, actor=zone_member)
    assert counts(hq_user) == {"liaison.completions": 1, "liaison.unread": 1}
    assert counts(addressed)["liaison.tasks"] == 0

    services.report_reply(report=report, actor=hq_user, text="已阅")
    assert counts(hq_user)["liaison.unread"] == 0
    assert counts(zone_member)["liaison.replies"] == 1
    services.report_mark_read(report=report, actor=zone_member)
    assert counts(zone_member)["liaison.replies"] == 0

    items = todo.todo_list(zone_lead)["todos"]
    row = next(t for t in items if t.kind.code == "liaison.tasks").rows[0]
    assert row.item.title == task.title and row.item.due_date == task.due_date
