"""The demonstration programme's waiting work on the landing pages (demonstration/todo.py),
through its own scoped selectors: the local government's drafts, returns and unread notices,
the bureau's applications, admissions, provincial titles, open archive events and owed year
reports, HQ's national assessments and titles, the drawn staff's inspections. Each sees only
its own; the navigation counts them."""

import re
from datetime import date

import pytest
from django.utils import timezone

from demonstration import services
from demonstration.models import DemonstrationZone
from demonstration.todo import DEMONSTRATION_TODO
from tests import factories, lottery

from .test_year_reports import report_of

pytestmark = pytest.mark.django_db


def todos(response) -> dict:
    assert response.status_code == 200
    return {
        todo.kind.code: (todo.count, [row.item.title for row in todo.rows])
        for todo in response.context["todos"]
    }


def navcount(response, entry: str) -> int | None:
    match = re.search(
        rf">{re.escape(entry)}\s*<span class=\"navcount\"[^>]*>\s*(\d+)\s*<",
        response.content.decode(),
    )
    return int(match.group(1)) if match else None


def named(zone, name: str):
    DemonstrationZone.objects.filter(pk=zone.pk).update(name=name)
    return DemonstrationZone.objects.get(pk=zone.pk)


def test_the_local_government_sees_its_drafts_returns_and_notices(
    client_for, make_zone, gov_beijing, gov_jiangsu, bureau_beijing
):
    named(make_zone("draft"), "顺义草稿示范区")
    returned = named(make_zone("submitted"), "顺义退回示范区")
    services.zone_transition(
        zone=returned, name="return", actor=bureau_beijing, reason="请补充出口数据"
    )
    named(make_zone("designated"), "顺义已认定示范区")
    response = client_for(gov_beijing).get("/")
    found = todos(response)
    assert found["demonstration.zones"] == (2, ["顺义草稿示范区", "顺义退回示范区"])
    assert found["demonstration.unread_notices"][0] == 1
    assert response.context["unread_zone_notices"] == 1
    assert navcount(response, "质量安全示范区") == 2
    assert navcount(response, "示范区通知书") == 1
    # Another government: none of it.
    other = client_for(gov_jiangsu).get("/")
    assert todos(other) == {}
    assert "顺义" not in other.content.decode()


def test_the_bureau_sees_its_zones_enterprises_archive_and_reports(
    client_for, make_zone, make_enterprise, make_event, bureau_beijing, bureau_jiangsu
):
    named(make_zone("submitted"), "待推荐示范区")
    named(make_zone("assessing", level="provincial"), "省级评估中示范区")
    named(make_zone("recommended"), "已推荐国家级示范区")  # HQ's next step
    national = named(make_zone("designated"), "国家级示范区")
    provincial = named(make_zone("designated", level="provincial"), "省级示范区")
    make_enterprise(national, "proposed", name="拟入区企业")
    make_enterprise(national, "nominated", name="国家级示范区的推荐企业")  # HQ assesses
    make_enterprise(provincial, "nominated", name="省级示范区的推荐企业")
    member = make_enterprise(national, "admitted", name="区内企业")
    make_event(member, "investigated")
    make_event(member, "closed")
    DemonstrationZone.objects.filter(pk=national.pk).update(
        designated_at=date(timezone.localdate().year - 1, 3, 1)
    )
    response = client_for(bureau_beijing).get("/")
    found = todos(response)
    assert found["demonstration.zones"] == (2, ["待推荐示范区", "省级评估中示范区"])
    assert found["demonstration.admissions"] == (1, ["拟入区企业"])
    assert found["demonstration.titles"] == (1, ["省级示范区的推荐企业"])
    assert found["demonstration.archive"][0] == 1
    assert found["demonstration.reports"] == (1, ["国家级示范区"])
    assert navcount(response, "质量安全示范区") == 6
    content = response.content.decode()
    assert "已推荐国家级示范区" not in content
    assert "国家级示范区的推荐企业" not in content
    # 江苏局 sees none of 北京局's zones.
    other = todos(client_for(bureau_jiangsu).get("/"))
    assert not any(code.startswith("demonstration.") for code in other)


def test_hq_sees_the_national_zones_and_titles_it_decides(
    client_for, make_zone, make_enterprise, hq
):
    named(make_zone("recommended"), "已推荐国家级示范区")
    named(make_zone("assessing", level="provincial"), "省级评估中示范区")  # the bureau's
    national = named(make_zone("designated"), "国家级示范区")
    make_enterprise(national, "assessed", name="待授予企业")
    make_enterprise(national, "proposed", name="拟入区企业")  # the bureau admits
    found = todos(client_for(hq).get("/"))
    assert found["demonstration.zones"] == (1, ["已推荐国家级示范区"])
    assert found["demonstration.titles"] == (1, ["待授予企业"])
    assert "demonstration.admissions" not in found


def test_the_drawn_staff_see_their_zone_inspections(
    client_for, make_zone, bureau_beijing, inspector, bureau_jiangsu
):
    make_zone("designated")
    plan = services.zone_plan_create(
        actor=bureau_beijing,
        name="北京局示范区抽查",
        subject="zones",
        planned_date=lottery.inspection_day(),
        sample_size=1,
        team_size=2,
        **lottery.declared(),
    )
    plan = lottery.drawn(plan)
    target = plan.targets.get()
    response = client_for(inspector).get("/")
    assert todos(response) == {"demonstration.inspections": (1, ["北京局示范区抽查"])}
    assert f'href="/demonstration/supervision/targets/{target.pk}/record/"' in (
        response.content.decode()
    )
    assert navcount(response, "示范区检查任务") == 1
    assert todos(client_for(bureau_beijing).get("/"))["demonstration.inspections"][0] == 1
    assert "demonstration.inspections" not in todos(client_for(bureau_jiangsu).get("/"))
    other = factories.inspector("beijing", username="not-drawn")
    assert todos(client_for(other).get("/")) == {}


def test_the_zone_planners_are_asked_for_the_lottery_numbers_once_it_has_drawn(
    client_for, make_zone, bureau_beijing, hq, inspector
):
    """From the lottery's day a committed zone plan waits on its managers' to-do list (HQ for
    HQ's plans, a bureau for its own) until its numbers are entered; nobody else sees it."""
    import time_machine

    make_zone("designated")
    plan = services.zone_plan_create(
        actor=bureau_beijing, name="北京局待录入开奖号码的计划", subject="zones",
        planned_date=lottery.inspection_day(), sample_size=1, **lottery.declared(),
    )  # fmt: skip
    plan = lottery.committed(plan)
    assert "demonstration.lottery_numbers" not in todos(client_for(bureau_beijing).get("/"))
    with time_machine.travel(lottery.noon(plan.beacon_date)):
        response = client_for(bureau_beijing).get("/")
        assert todos(response)["demonstration.lottery_numbers"] == (
            1,
            ["北京局待录入开奖号码的计划"],
        )
        assert f'href="/demonstration/supervision/{plan.pk}/"' in response.content.decode()
        assert navcount(response, "示范区监督检查") == 1
        for other in (hq, inspector, factories.bureau_staff("shandong", username="todo-zone-sd")):
            assert "demonstration.lottery_numbers" not in todos(client_for(other).get("/"))
        lottery.drawn(plan)
        assert "demonstration.lottery_numbers" not in todos(client_for(bureau_beijing).get("/"))


def test_the_bureaus_zones_enterprises_and_events_are_counted_apart_in_few_queries(
    make_zone, make_enterprise, make_event, bureau_beijing, bureau_jiangsu, hq,
    django_assert_num_queries,
):  # fmt: skip
    """The bureau's counts in two aggregates: over its zones, the applications waiting and the
    reports owed; over its zones' enterprises joined to their archive events, the admissions,
    the titles and the open events. Each keeps to its own condition, an enterprise with many
    events is counted once, and another bureau's are in none."""
    last_year = date(timezone.localdate().year - 1, 3, 1)

    def designated_last_year(zone):
        DemonstrationZone.objects.filter(pk=zone.pk).update(designated_at=last_year)
        return zone

    make_zone("submitted")  # waiting
    make_zone("assessing", level="provincial")  # waiting
    make_zone("assessing")  # a national zone: HQ's to assess
    national = designated_last_year(make_zone("designated"))  # owes its report
    report_of(designated_last_year(make_zone("designated")), status="draft")  # owes it still
    provincial = designated_last_year(make_zone("designated", level="provincial"))
    report_of(provincial, status="submitted")
    make_zone("designated")  # designated this year: owes nothing yet
    proposed = make_enterprise(national, "proposed")  # to admit
    make_event(proposed, "opened")
    make_event(proposed, "investigated")
    make_event(proposed, "closed")
    nominated = make_enterprise(provincial, "nominated")  # to assess
    make_event(nominated, "classified")
    make_event(nominated, "classified")
    make_enterprise(national, "nominated")  # HQ assesses a national zone's
    make_event(make_enterprise(national, "admitted"), "closed")
    jiangsu = {"bureau": bureau_jiangsu.bureau}
    elsewhere = designated_last_year(make_zone("designated", level="provincial"))
    make_event(make_enterprise(elsewhere, "proposed"), "opened")
    make_enterprise(elsewhere, "nominated")
    DemonstrationZone.objects.filter(pk=make_zone("submitted").pk).update(**jiangsu)
    DemonstrationZone.objects.filter(pk=elsewhere.pk).update(**jiangsu)

    # The zones, the enterprises and their events, the plans, the inspections.
    with django_assert_num_queries(4):
        counts = DEMONSTRATION_TODO.counts(bureau_beijing)
    assert counts == {
        "demonstration.zones": 2,
        "demonstration.reports": 2,
        "demonstration.admissions": 1,
        "demonstration.titles": 1,
        "demonstration.archive": 4,
        "demonstration.lottery_numbers": 0,
        "demonstration.inspections": 0,
    }
    assert DEMONSTRATION_TODO.counts(bureau_jiangsu) == {
        "demonstration.zones": 1,
        "demonstration.reports": 1,
        "demonstration.admissions": 1,
        "demonstration.titles": 1,
        "demonstration.archive": 1,
        "demonstration.lottery_numbers": 0,
        "demonstration.inspections": 0,
    }
    with django_assert_num_queries(3):  # the zones, the titles, the plans
        assert DEMONSTRATION_TODO.counts(hq) == {
            "demonstration.zones": 1,
            "demonstration.titles": 1,
            "demonstration.lottery_numbers": 0,
        }
