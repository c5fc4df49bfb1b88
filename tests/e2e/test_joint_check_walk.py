"""京津冀联动抽查 (seed 003 §三.27; ADR 0037) through the browser: 北京局, the lead of the 京津冀专区,
makes the zone plan (its teams mixed from the three bureaus, as the form proposes); 天津局 and
河北局 consent, the lottery decides the draw and the inspectors record what they found (through the
services, as ADR 0020's walk already shows them in the browser); the day after the inspections
河北省质量技术监督局 reads the results of all three places side by side."""

from datetime import timedelta

import pytest
import time_machine

from casework import beacon
from regions.models import Organisation
from supervision import services
from supervision.models import InspectionPlan, PoolMember
from tests import factories, lottery
from tests.conftest import PASSWORD
from tests.supervision.test_services import protected

from .walking import Walk

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLACES = ("beijing", "tianjin", "hebei")
PLAN = "京津冀生态原产地保护产品联动抽查"


def test_a_joint_check_planned_in_beijing_is_read_in_hebei(page, log_in):
    clerks = {code: factories.bureau_staff(code, username=f"clerk-{code}") for code in PLACES}
    for code in PLACES:
        protected(code)
        person = factories.inspector(code, username=f"insp-{code}", first_name=f"{code}检查员")
        PoolMember.objects.create(user=person, bureau=person.bureau, kind="inspector")
    hebei_authority = factories.organisation_staff(
        factories.OrganisationFactory(
            code="zj-hebei",
            name="河北省质量技术监督局",
            kind=Organisation.Kind.QUALITY_AUTHORITY,
            bureau=factories.bureau("hebei"),
        ),
        username="zj-hebei-staff",
    )
    declared = lottery.declared()
    inspection_day = lottery.inspection_day()
    walk = Walk(page, "joint_check_walk")

    # 1. 北京局 makes the zone plan: teams of three, one of each bureau.
    log_in(clerks["beijing"].username, PASSWORD)
    page.goto("/supervision/plans/zone/new/")
    walk.heading("制定片区抽查计划")
    walk.field("片区").select_option(label="京津冀专区")
    walk.field("计划名称").fill(PLAN)
    walk.field("抽取数量").fill("3")
    walk.field("每组检查人数").fill("3")
    walk.field("检查日期").fill(inspection_day.isoformat())
    walk.field("回避被检对象所在直属局人员").uncheck()
    assert walk.field("混合编组（同组成员来自不同直属局）").is_checked()
    walk.field("公共随机数来源").select_option(
        label=str(beacon.SOURCES[declared["beacon_source"]].label)
    )
    walk.field("公共随机数开奖日期").fill(declared["beacon_date"].isoformat())
    walk.no_violations()
    walk.submit("保存计划")
    walk.heading(PLAN)
    walk.sign_out()
    plan = InspectionPlan.objects.get(name=PLAN)
    assert plan.mixed_teams and plan.organising_zone.code == "jingjinji"

    # 2. The members consent, the lottery draws, each target's team records its inspection.
    for code in ("tianjin", "hebei"):
        services.plan_consent_record(plan=plan, actor=clerks[code], consent=True)
    plan = lottery.drawn(plan, actor=clerks["beijing"])
    with time_machine.travel(lottery.noon(inspection_day)):
        for target in plan.targets.all():
            services.inspection_record(
                target=target,
                actor=target.inspectors.first(),
                findings="原料产地记录完整。",
                outcome="no_issue",
            )

    # 3. The day after, 河北省质量技术监督局 reads the results of the three places.
    with time_machine.travel(lottery.noon(inspection_day + timedelta(days=1))):
        log_in(hebei_authority.username, PASSWORD)
        walk.nav("京津冀合作")
        page.get_by_role("navigation", name="京津冀区域质量发展合作").get_by_role(
            "link", name="联动抽查"
        ).click()
        walk.heading("京津冀联动抽查")
        walk.no_violations()
        page.get_by_role("link", name=PLAN).click()
        walk.heading(PLAN)
        comparison = page.locator(
            "section.card", has=page.get_by_role("heading", name="三地结果对比")
        )
        for place in ("北京", "天津", "河北"):
            row = comparison.locator("tr", has=page.get_by_role("rowheader", name=place))
            assert row.locator("td").nth(0).inner_text() == "1"
            assert row.locator("td").nth(1).inner_text() == "1"
        results = page.locator(
            "section.card", has=page.get_by_role("heading", name="检查对象与检查结果")
        )
        assert results.get_by_text("未发现问题").count() == 3
        for code in PLACES:
            assert results.get_by_text(f"{code}检查员").count() == 3
        walk.shot("results")
        walk.no_violations()
