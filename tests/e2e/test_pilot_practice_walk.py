"""An approved 国检试验区's innovation and what it teaches others (seed 002 §三, §四.4, §五.3),
through the browser only: 江西局 registers a measure that goes beyond the rules and reports it for
approval (报批); 通关司 approves it; the bureau starts it; HQ's 督查评估 finds it 成效显著 and HQ
commends the zone (通报表扬); the bureau submits the practice drawn from it, and 通关司 accepts it
into the library; 广西局 records where it adopted it; anyone finds the practice in the public
library, searching by a word, with the zone it came from and the place that adopted it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotzones import services
from pilotzones.workflow import LEAD_DEPARTMENT, MEMBER_DEPARTMENTS
from regions.models import Organisation
from tests import factories
from tests.conftest import PASSWORD

from .walking import Walk

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, HQ departments: data migrations) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ZONE = "凭祥国检试验区"
MEASURE = "进口水果查验前置"
PRACTICE = "边境口岸进口水果“提前申报、抵港直放”"


def approved_zone(clerk, lead, members):
    """A zone of the clerk's bureau approved by the working group, through the services."""
    government = factories.OrganisationFactory(
        code="pingxiang-gov",
        name="凭祥市人民政府",
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.CITY,
        bureau=clerk.bureau,
    )
    applicant = factories.organisation_staff(government, username="gov-pingxiang")
    zone = services.zone_create(
        actor=applicant,
        name=ZONE,
        location="凭祥综合保税区",
        area="8.5",
        industries="进口水果、红木",
        functions="进境水果指定口岸。",
        expected_batches=30000,
        expected_value="120000",
        leading_body="市政府国检试验区建设领导小组。",
    )
    services.zone_document_upload(
        zone=zone,
        actor=applicant,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        kind="construction_plan",
    )
    services.zone_transition(zone=zone, name="submit", actor=applicant)
    services.zone_transition(
        zone=zone, name="recommend", actor=clerk, recommendation="同意。", guidance="突出口岸功能。"
    )
    services.zone_transition(
        zone=zone, name="open_acceptance", actor=lead, arrangement="现场验收。"
    )
    for member in members:
        services.acceptance_opinion_record(
            zone=zone, actor=member, verdict="agree", opinion="同意。"
        )
    return services.zone_transition(zone=zone, name="approve", actor=lead)


def test_a_measure_earns_a_commendation_and_its_practice_is_adopted_elsewhere(
    page, log_in, hq_user
):
    clerk = factories.bureau_staff("guangxi", username="clerk-guangxi")
    other = factories.bureau_staff("yunnan", username="clerk-yunnan")
    lead = factories.organisation_staff(
        Organisation.objects.get(code=LEAD_DEPARTMENT), username="dept-tongguan"
    )
    members = [
        factories.organisation_staff(Organisation.objects.get(code=code), username=f"dept-{code}")
        for code in MEMBER_DEPARTMENTS
    ]
    zone = approved_zone(clerk, lead, members)
    walk = Walk(page, "pilot_practice_walk")

    def open_zone() -> None:
        walk.nav("国检试验区")
        page.get_by_role("link", name=ZONE, exact=True).first.click()
        walk.heading(ZONE)

    def open_measure() -> None:
        open_zone()
        page.get_by_role("link", name=MEASURE, exact=True).click()
        walk.heading(MEASURE)

    # 1. The zone's bureau registers a measure beyond the rules and reports it (报批).
    log_in(clerk.username, PASSWORD)
    open_zone()
    page.get_by_role("link", name="登记创新措施").click()
    walk.heading("登记创新措施")
    walk.field("措施名称").fill(MEASURE)
    walk.field("创新类别").select_option(label="措施创新")
    walk.field("措施内容").fill("进口水果在境外装运前预检，抵达口岸后直接放行。")
    walk.field("突破现行法律、法规、规章").check()
    walk.field("所突破的规定及风险防控措施").fill(
        "口岸查验环节前移；风险防控：境外预检加口岸抽查。"
    )
    walk.no_violations()
    walk.submit("保存")
    assert "创新措施已登记。" in walk.message()
    walk.heading(MEASURE)
    assert walk.state() == "已登记"
    walk.fire("报批")
    assert walk.state() == "报批中"
    walk.sign_out()

    # 2. 通关司 approves it; 3. the bureau starts it.
    log_in(lead.username, PASSWORD)
    open_measure()
    walk.fire("批准实施")
    assert walk.state() == "已批准"
    walk.sign_out()
    log_in(clerk.username, PASSWORD)
    open_measure()
    walk.fire("开始实施")
    assert walk.state() == "实施中"
    walk.sign_out()

    # 4. HQ's 督查评估 finds it 成效显著, and HQ commends the zone.
    log_in(hq_user.username, PASSWORD)
    open_measure()
    walk.field("实施效果").select_option(label="成效显著")
    walk.field("评估意见").fill("通关时间平均缩短一半，未发现疫情疫病传入。")
    walk.submit("记录督查评估")
    assert "督查评估已记录。" in walk.message()
    page.get_by_role("link", name="通报表扬试验区").first.click()
    walk.heading("通报表扬试验区")
    walk.field("通报文号").fill("质检通函〔2026〕12号")
    walk.field("表扬事由").fill("进口水果查验前置成效显著。")
    page.get_by_role("checkbox", name=MEASURE).check()
    walk.no_violations()
    walk.submit("发布通报表扬")
    assert "通报表扬已发布。" in walk.message()
    walk.sign_out()

    # 5. The bureau submits the practice drawn from it; 通关司 accepts it into the library.
    log_in(clerk.username, PASSWORD)
    open_zone()
    page.get_by_role("link", name="填报可复制推广经验").click()
    walk.heading("填报可复制推广经验")
    walk.field("经验名称").fill(PRACTICE)
    walk.field("创新类别").select_option(label="模式创新")
    walk.field("摘要").fill("境外预检、抵港直放，进口水果通关时间缩短一半。")
    walk.field("经验做法").fill("与出口国官方签订预检议定书，货物抵港后凭预检证书直接放行。")
    walk.field("取得成效").fill("平均通关时间由 2 天缩短至 1 天。")
    page.get_by_role("checkbox", name=MEASURE).check()
    walk.submit("保存")
    walk.heading(PRACTICE)
    walk.fire("报送总局")
    assert walk.state() == "已报送"
    walk.sign_out()
    log_in(lead.username, PASSWORD)
    open_zone()
    page.get_by_role("link", name=PRACTICE, exact=True).click()
    walk.heading(PRACTICE)
    walk.fire("收入经验库")
    assert walk.state() == "已入库"
    walk.sign_out()

    # 6. Another bureau finds it in the library and records where it adopted it.
    log_in(other.username, PASSWORD)
    walk.nav("国检试验区")
    page.get_by_role("link", name="可复制推广经验", exact=True).click()
    page.get_by_role("link", name=PRACTICE, exact=True).click()
    walk.heading(PRACTICE)
    walk.field("推广地点").fill("河口口岸")
    walk.field("推广情况").fill("参照凭祥做法，对越南进口水果实行境外预检。")
    walk.submit("登记")
    assert "复制推广情况已登记。" in walk.message()
    walk.no_violations()
    walk.sign_out()

    # 7. Anyone finds the practice by a word, with its zone and the place that adopted it.
    walk.public_nav("国检试验区")
    walk.heading("国检试验区名录")
    page.get_by_role("link", name="可复制推广经验库").first.click()
    walk.heading("国检试验区可复制推广经验库")
    page.get_by_label("关键词").fill("抵港直放")
    walk.submit("查询")
    row = page.locator("tr", has=page.get_by_role("link", name=PRACTICE))
    assert row.get_by_text(ZONE).is_visible()
    row.get_by_role("link", name=PRACTICE).click()
    walk.heading(PRACTICE)
    assert page.get_by_text("河口口岸").is_visible()
    walk.shot("library")
    walk.no_violations()
    assert zone.commendations.count() == 1
