"""One 国检试验区 (seed 002 §五.3) from the local government's application to its approval by
HQ's acceptance working group, through the browser only, each step by the actor the seed names:
南昌市人民政府 applies with its construction plan, named "xx国检试验区", and uploads the plan; 江西局
gives its recommendation and construction guidance; 通关司 forms the working group; each of the
five member departments records its opinion, 卫生司 with an objection; 通关司 approves the zone,
answering the objection in its decision; the government finds the numbered approval in its inbox;
the public finds the zone in the register."""

import re

import pytest

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

ZONE = "南昌国检试验区"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pilot_zone_goes_from_application_to_approval(page, log_in, tmp_path):
    government = factories.OrganisationFactory(
        code="nanchang",
        name="南昌市人民政府",
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.CITY,
        bureau=factories.bureau("jiangxi"),
    )
    applicant = factories.organisation_staff(government, username="gov-nanchang")
    clerk = factories.bureau_staff("jiangxi", username="clerk-jiangxi")
    departments = {
        code: factories.organisation_staff(
            Organisation.objects.get(code=code), username=f"dept-{code}"
        )
        for code in (LEAD_DEPARTMENT, *MEMBER_DEPARTMENTS)
    }
    plan = tmp_path / "建设方案.pdf"
    plan.write_bytes(PDF)
    walk = Walk(page, "pilot_zone_walk")

    def open_zone() -> None:
        walk.nav("国检试验区")
        walk.heading("国检试验区")
        page.get_by_role("link", name=ZONE, exact=True).first.click()
        walk.heading(ZONE)

    # 1. The local government applies with its construction plan and submits it.
    log_in(applicant.username, PASSWORD)
    walk.nav("国检试验区")
    page.get_by_role("link", name="申请建设国检试验区").first.click()
    walk.heading("申请建设国检试验区")
    walk.field("试验区名称").fill(ZONE)
    walk.field("建设地点").fill("江西省南昌市经济技术开发区")
    walk.field("规划面积（平方公里）").fill("12.5")
    walk.field("重点产业").fill("电子信息、生物医药")
    walk.field("功能定位").fill("进境指定口岸、跨境电商零售进口、第三方检验结果采信试点。")
    walk.field("预测年检验检疫业务量（批次）").fill("12000")
    walk.field("预测年进出口货值（万美元）").fill("85000")
    walk.field("组织领导机构").fill("市政府成立国检试验区建设领导小组，分管副市长任组长。")
    walk.no_violations()
    walk.submit("保存草稿，下一步")
    walk.heading(ZONE)
    assert walk.state() == "草稿"
    page.get_by_label("类别").select_option(label="建设方案")
    page.locator("input[type=file]").set_input_files(str(plan))
    walk.submit("上传")
    assert page.get_by_role("link", name="建设方案.pdf").is_visible()
    walk.fire("提交建设申请")
    assert walk.state() == "已申请"
    walk.shot("1_submitted")
    walk.sign_out()

    # 2. 江西局 recommends it and gives its construction guidance.
    log_in(clerk.username, PASSWORD)
    open_zone()
    walk.fire(
        "提出推荐意见",
        推荐意见="建设方案切实可行，同意推荐。",
        建设指导意见="突出跨境电商功能，优先设立进境指定口岸。",
    )
    assert walk.state() == "已推荐，待验收"
    walk.sign_out()

    # 3. 通关司 forms the acceptance working group.
    log_in(departments[LEAD_DEPARTMENT].username, PASSWORD)
    open_zone()
    walk.fire("组成验收工作组", 验收安排="12月中旬现场验收，听取汇报并查看查验设施。")
    assert walk.state() == "验收中"
    walk.sign_out()

    # 4. Each member department records its opinion; 卫生司 objects.
    for code in MEMBER_DEPARTMENTS:
        log_in(departments[code].username, PASSWORD)
        open_zone()
        page.get_by_role("link", name="填写验收意见").first.click()
        walk.heading("填写验收意见")
        objects = code == "weisheng"
        page.get_by_role("radio", name="有异议" if objects else "同意", exact=True).check()
        walk.field("验收意见").fill(
            "口岸卫生检疫设施尚未配齐，建议补充后运行。" if objects else "符合要求，同意验收。"
        )
        walk.no_violations()
        walk.submit("提交验收意见")
        assert "验收意见已提交。" in walk.message()
        walk.sign_out()

    # 5. 通关司 approves the zone, answering the objection in its decision.
    log_in(departments[LEAD_DEPARTMENT].username, PASSWORD)
    open_zone()
    opinions = page.locator(
        "section.card", has=page.get_by_role("heading", name="验收工作组", exact=True)
    )
    assert opinions.get_by_text("口岸卫生检疫设施尚未配齐").is_visible()
    page.get_by_role("link", name="验收通过，批准建设", exact=True).click()
    walk.heading("验收通过，批准建设")
    page.get_by_label(re.compile("异议的答复")).fill(
        "已要求运营前配齐卫生检疫设施，由江西局监督落实。"
    )
    walk.no_violations()
    walk.submit("确认验收通过，批准建设")
    assert "已完成：验收通过，批准建设。" in walk.message()
    assert walk.state() == "已批准建设"
    number = re.search(r"GJSYQ-\d{4}-\d{3}", page.locator("main").inner_text()).group(0)
    assert page.get_by_text("已要求运营前配齐卫生检疫设施").first.is_visible()
    walk.shot("2_approved")
    walk.no_violations()
    walk.sign_out()

    # 6. The government finds the approval, with its number, in its inbox.
    log_in(applicant.username, PASSWORD)
    walk.nav("试验区通知书")
    walk.heading("试验区通知书")
    page.get_by_role("link", name=re.compile("^试验区批准建设通知书")).first.click()
    walk.heading("试验区批准建设通知书")
    assert number in page.locator("main").inner_text()
    walk.no_violations()
    walk.sign_out()

    # 7. Anyone finds the zone and its number in the public register.
    walk.public_nav("国检试验区")
    walk.heading("国检试验区名录")
    row = page.locator("tr", has=page.get_by_text(ZONE))
    assert row.get_by_text(number).is_visible()
    walk.shot("3_public_register")
    walk.no_violations()
