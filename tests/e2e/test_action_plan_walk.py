"""年度行动计划 (seed 003 §四.(一)), through the browser only: 天津市市场和质量监督管理委员会 drafts its
plan for the year with a milestone on task 19 and submits it to the leading group; HQ, from
直属局与片区, approves it; Tianjin reports progress; a 河北局 clerk reads the approved plan and its
progress, and cannot change it."""

from datetime import date

import pytest
from django.utils import timezone

from regions.models import Organisation
from tests import factories
from tests.conftest import PASSWORD

from .walking import Walk

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, HQ departments, the cooperation's tasks: data migrations) a transactional test
    # empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNIT = "天津市市场和质量监督管理委员会"
MILESTONE = "报送本市年度质量状况分析报告"


def test_a_plan_drafted_in_tianjin_is_approved_and_its_progress_read_in_hebei(page, log_in):
    year = timezone.localdate().year
    tianjin = factories.organisation_staff(
        factories.OrganisationFactory(
            code="zj-tianjin",
            name=UNIT,
            kind=Organisation.Kind.QUALITY_AUTHORITY,
            bureau=factories.bureau("tianjin"),
        ),
        username="zj-tianjin-staff",
    )
    hq = factories.hq(username="hq-office")
    hebei_clerk = factories.bureau_staff("hebei", username="clerk-hebei")
    walk = Walk(page, "action_plan_walk")
    title = f"{UNIT} {year} 年度行动计划"

    # 1. Tianjin drafts its plan, adds a milestone and submits it.
    log_in(tianjin.username, PASSWORD)
    walk.nav("京津冀合作")
    page.get_by_role("navigation", name="京津冀区域质量发展合作").get_by_role(
        "link", name="年度行动计划"
    ).click()
    walk.heading("年度行动计划")
    page.get_by_role("link", name=f"起草本单位 {year} 年度行动计划").click()
    walk.heading("起草年度行动计划")
    walk.field("计划概述").fill("推进质量状况分析报告互通。")
    walk.no_violations()
    walk.submit("起草")
    walk.heading(title)
    walk.field("重点任务").select_option(value="19")
    walk.field("节点目标").fill(MILESTONE)
    walk.field("计划完成日期").fill(date(year, 12, 31).isoformat())
    walk.submit("增加节点")
    assert "已增加计划节点。" in walk.message()
    walk.no_violations()
    walk.fire("报领导小组审议")
    assert page.locator(".meta .state").inner_text() == "已报领导小组审议"
    walk.sign_out()

    # 2. HQ, as the leading group's office, finds it from 直属局与片区 and approves it.
    log_in(hq.username, PASSWORD)
    walk.nav("直属局与片区")
    page.get_by_role("link", name="年度行动计划", exact=True).click()
    walk.heading("年度行动计划")
    page.get_by_role("link", name=UNIT).click()
    walk.heading(title)
    walk.fire("审议通过")
    assert page.locator(".meta .state").inner_text() == "审议通过，实施中"
    walk.sign_out()

    # 3. Tianjin reports progress on its milestone.
    log_in(tianjin.username, PASSWORD)
    walk.nav("京津冀合作")
    page.get_by_role("link", name="年度行动计划", exact=True).click()
    page.get_by_role("link", name=UNIT).click()
    walk.heading(title)
    walk.field("完成进度(%)").fill("50")
    walk.field("进展情况").fill("已完成初稿，正在征求京冀意见。")
    walk.submit("报告")
    assert "已报告进展。" in walk.message()
    walk.no_violations()
    walk.sign_out()

    # 4. A Hebei clerk reads the approved plan and its progress, without any form.
    log_in(hebei_clerk.username, PASSWORD)
    walk.nav("直属局与片区")
    page.get_by_role("link", name="年度行动计划", exact=True).click()
    page.get_by_role("link", name=UNIT).click()
    walk.heading(title)
    assert page.locator("tbody td.num", has_text="50%").is_visible()
    page.get_by_text("1 次进展报告").click()
    assert page.get_by_text("已完成初稿，正在征求京冀意见。").is_visible()
    assert page.get_by_role("button", name="报告").count() == 0
    walk.shot("read_in_hebei")
    walk.no_violations()
