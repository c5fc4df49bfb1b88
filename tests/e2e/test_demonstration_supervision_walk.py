"""监督检查 of demonstration zones (seed 001 §七.3) from a plan to its published results, through
the browser only, each step by the actor the seed names: 北京局, which supervises the zones of
its jurisdiction, makes a double-random plan over them declaring the next lottery draw and
commits its candidate lists; on the lottery's day it enters the official numbers and the draw
follows (zone and team picked at random, the team from its own staff: nobody could know or steer
it before); a drawn inspector records the inspection on the day; the day after, 北京局 makes the
draw data public and publishes the results; the public finds the zone and its outcome among the
published results and verifies the draw."""

from datetime import timedelta

import pytest
import time_machine

from casework import beacon
from demonstration.models import DemonstrationZone, ZoneInspectionPlan
from regions.models import Organisation
from tests import factories, lottery
from tests.conftest import PASSWORD

from .walking import ZONE, Walk, designated_zone

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAN = "2026年北京局示范区双随机抽查"
FINDINGS = "示范区质量安全信息平台未及时更新区内企业质量档案。"


def test_a_zone_plan_goes_from_draw_to_published_results(page, log_in):
    government = factories.OrganisationFactory(
        code="shunyi",
        name="北京市顺义区人民政府",
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.COUNTY,
        bureau=factories.bureau("beijing"),
    )
    zone = designated_zone(government)
    # 北京局's staff who may be drawn: the clerk who makes the plan and one inspector, so a team
    # of two is both of them.
    clerk = factories.bureau_staff("beijing", username="clerk-beijing", first_name="王科长")
    inspector = factories.inspector("beijing", username="inspector-beijing", first_name="李检查员")
    inspection_day = lottery.inspection_day()
    declared = lottery.declared()
    source = beacon.SOURCES[declared["beacon_source"]]
    lottery_day = declared["beacon_date"].isoformat()
    walk = Walk(page, "demonstration_supervision_walk")

    # 1. 北京局 makes the plan, declaring the lottery draw, and commits its candidate lists.
    log_in(clerk.username, PASSWORD)
    walk.nav("示范区监督检查")
    walk.heading("示范区抽查计划")
    page.get_by_role("link", name="制定抽查计划").click()
    walk.field("计划名称").fill(PLAN)
    walk.field("抽查对象").select_option(label="示范区")
    walk.field("范围：示范区级别").select_option(label="全部级别")
    walk.field("抽取数量").fill("1")
    walk.field("每组检查人数").fill("2")
    walk.field("检查日期").fill(inspection_day.isoformat())
    walk.field("公共随机数来源").select_option(label=str(source.label))
    walk.field("公共随机数开奖日期").fill(lottery_day)
    walk.no_violations()
    walk.submit("保存计划")
    assert "抽查计划已制定" in walk.message()
    walk.heading(PLAN)
    plan = ZoneInspectionPlan.objects.get(name=PLAN)
    assert plan.owner_bureau.code == "beijing" and plan.protocol == 2
    assert page.get_by_text("尚未抽取。").is_visible()
    walk.submit("封存候选名单")
    assert "候选名单已封存" in walk.message()
    plan.refresh_from_db()
    assert page.get_by_text(plan.snapshot_commitment).is_visible()
    assert page.get_by_text("开奖后须在此录入开奖号码，录入后才会抽取。").is_visible()
    walk.shot("1_committed")
    walk.no_violations()
    walk.sign_out()

    # 2. On the lottery's day 北京局 enters the official numbers: the draw follows.
    with time_machine.travel(lottery.noon(declared["beacon_date"])):
        log_in(clerk.username, PASSWORD)
        walk.nav("示范区监督检查")
        page.get_by_role("link", name=PLAN, exact=True).click()
        walk.heading(PLAN)
        assert page.get_by_text("开奖号码尚未录入", exact=False).is_visible()
        page.get_by_label(f"{lottery_day} {source.label}开奖号码").fill(
            lottery.NUMBERS[declared["beacon_source"]]
        )
        walk.no_violations()
        walk.submit("录入开奖号码并抽取")
        assert "开奖号码已录入，抽取完成。" in walk.message()
        results = page.locator("section.card", has=page.get_by_role("heading", name="抽取结果"))
        row = results.locator("tr", has=page.get_by_role("link", name=ZONE, exact=True))
        assert row.get_by_text("王科长").is_visible()
        assert row.get_by_text("李检查员").is_visible()
        assert row.get_by_text("待检查").is_visible()
        # Before the inspection date is over nothing may be revealed or published.
        assert page.get_by_role("button", name="公开结果").count() == 0
        walk.shot("2_drawn")
        walk.no_violations()
        walk.sign_out()

    # 3. The drawn inspector records the inspection on the day.
    with time_machine.travel(lottery.noon(inspection_day)):
        log_in(inspector.username, PASSWORD)
        walk.nav("示范区检查任务")
        walk.heading("示范区检查任务")
        task = page.locator("tr", has=page.get_by_role("link", name=ZONE, exact=True))
        task.get_by_role("link", name="录入检查结果").click()
        walk.heading(ZONE)
        walk.field("检查发现").fill(FINDINGS)
        walk.field("检查结论").select_option(label="责令整改")
        walk.submit("提交检查结果")
        assert "检查结果已录入。" in walk.message()
        record = page.locator("section.card", has=page.get_by_role("heading", name="检查记录"))
        assert record.get_by_text("责令整改").is_visible()
        assert record.get_by_text(FINDINGS).is_visible()
        walk.shot("3_recorded")
        walk.no_violations()
        walk.sign_out()

    # 4. The day after, 北京局 makes the draw data public and publishes the results.
    with time_machine.travel(lottery.noon(inspection_day + timedelta(days=1))):
        log_in(clerk.username, PASSWORD)
        walk.nav("示范区监督检查")
        walk.heading("示范区抽查计划")
        page.get_by_role("link", name=PLAN, exact=True).click()
        walk.heading(PLAN)
        assert row.get_by_text("责令整改").is_visible()
        walk.submit("公开种子")
        assert "随机种子已公开" in walk.message()
        plan.refresh_from_db()
        assert page.get_by_text(plan.beacon_value).is_visible()
        walk.submit("公开结果")
        assert "检查结果已在“示范区抽查结果公示”页面公开。" in walk.message()
        assert page.locator("h1 .badge").inner_text() == "结果已公开"
        walk.shot("4_published")
        walk.no_violations()
        walk.sign_out()

        # 5. Anyone finds the zone's outcome among the published results and verifies the draw.
        walk.public_nav("示范区名录")
        walk.heading("出口工业产品质量安全示范区名录")
        page.get_by_role("link", name="示范区抽查结果公示").click()
        walk.heading("示范区抽查结果公示")
        published = page.locator("tr", has=page.get_by_text(PLAN, exact=True))
        assert published.get_by_text(ZONE, exact=True).is_visible()
        assert published.get_by_text(zone.number, exact=True).is_visible()
        assert published.get_by_text("责令整改").is_visible()
        # Public: the outcome, never the findings nor the team.
        assert page.get_by_text(FINDINGS).count() == 0
        assert page.get_by_text("李检查员").count() == 0
        published.get_by_role("link", name="验证").click()
        walk.heading("验证抽取结果")
        assert page.get_by_text("候选名单与抽取前公布的承诺值一致").is_visible()
        assert page.get_by_text("重新抽取结果一致").is_visible()
        assert page.get_by_text(ZONE).first.is_visible()
        walk.shot("5_public_results")
        walk.no_violations()
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "designated"
