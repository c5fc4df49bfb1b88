"""One demonstration zone (出口工业产品质量安全示范区, seed 001) from a local government's
application to HQ's designation, through the browser only: the government fills in the §四
self-assessment, uploads a material and submits; 北京局 recommends; HQ organises the assessment,
records the scores and designates; the public list and the verification page then show the
title as valid. The browser reports no Content-Security-Policy violation on the way."""

import re

import pytest

from regions.models import Organisation
from tests import factories
from tests.conftest import PASSWORD

from .conftest import RESULTS
from .test_content_security_policy import LISTEN

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZONE = "顺义汽车零部件出口工业产品质量安全示范区"


def test_a_zone_goes_from_application_to_designation(page, log_in, hq_user):
    government = factories.OrganisationFactory(
        code="shunyi",
        name="北京市顺义区人民政府",
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.COUNTY,
        bureau=factories.bureau("beijing"),
    )
    applicant = factories.organisation_staff(government, username="gov-shunyi")
    clerk = factories.bureau_staff("beijing", username="clerk-beijing")
    RESULTS.mkdir(exist_ok=True)

    page.add_init_script(LISTEN)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(f"page error: {error}"))

    def no_violations() -> None:
        assert refused + page.evaluate("window.__violations") == []

    def shot(name: str) -> None:
        page.screenshot(path=str(RESULTS / f"demonstration_walk_{name}.png"), full_page=True)

    def sign_out() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="退出登录").click()
        assert page.locator(".whoami").count() == 0

    def nav(name: str) -> None:
        page.get_by_role("navigation", name="主导航").get_by_role("link", name=name).click()

    def open_zone() -> None:
        page.get_by_role("link", name=ZONE, exact=True).first.click()
        page.get_by_role("heading", name=re.compile(f"^{ZONE}"), level=1).wait_for()

    def field(label: str):
        """The input labelled `label` (a required field's label ends in " *")."""
        return page.get_by_label(re.compile(f"^{re.escape(label)}( \\*)?$"))

    def state() -> str:
        return page.locator("h1 .state").inner_text()

    def fire(action: str, **fields: str) -> None:
        """On the zone page: the action's button, its confirmation page, back on the zone."""
        page.get_by_role("link", name=action, exact=True).click()
        page.get_by_role("heading", name=action, level=1).wait_for()
        for label, value in fields.items():
            field(label).fill(value)
        with page.expect_navigation():
            page.get_by_role("button", name=f"确认{action}").click()
        assert f"已完成：{action}。" in page.locator("ul.messages").inner_text()
        no_violations()

    # 1. The local government applies with its §四 self-assessment.
    log_in(applicant.username, PASSWORD)
    start = page.locator("section.card", has=page.get_by_role("link", name="申请示范区"))
    assert start.get_by_text("尚未申请示范区").is_visible()
    start.get_by_role("link", name="申请示范区").click()
    page.get_by_role("heading", name="申请出口工业产品质量安全示范区", level=1).wait_for()
    field("级别").select_option(label="国家级")
    field("示范区名称").fill(ZONE)
    field("集聚产业").fill("汽车零部件")
    field("区内出口企业数").fill("86")
    field("企业集聚情况").fill("汽车零部件出口企业 86 家，形成完整产业链。")
    field("年度出口额（万美元）").fill("125000.50")
    field("占全国（或全省）同类行业出口比例（%）").fill("12.5")
    field("占当地出口总量比重（%）").fill("35")
    field("质量安全水平").fill("近三年无国外通报召回。")
    field("综合协调管理机构及运行机制").fill("区政府设示范区建设领导小组。")
    field("已纳入地方政府质量工作考核体系").check()
    shot("1_self_assessment")
    no_violations()
    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿，下一步").click()
    assert re.search(r"/demonstration/\d+/edit/$", page.url)
    assert state() == "草稿"

    page.get_by_label("类别", exact=True).select_option(label="申请材料")
    page.get_by_label("文件 (PDF/JPEG/PNG)").set_input_files(
        {"name": "示范区自评报告.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传").click()
    assert "材料已上传。" in page.locator("ul.messages").inner_text()
    assert page.get_by_role("link", name="示范区自评报告.pdf").is_visible()
    fire("提交申请")
    assert state() == "已申请"
    sign_out()

    # 2. 北京局 finds it waiting and recommends it to HQ.
    log_in(clerk.username, PASSWORD)
    nav("质量安全示范区")
    row = page.locator("tr", has=page.get_by_role("link", name=ZONE, exact=True))
    assert row.get_by_text("待处理").is_visible()
    open_zone()
    assert page.get_by_text("汽车零部件出口企业 86 家，形成完整产业链。").is_visible()
    fire("推荐上报", 说明="符合国家级示范区基本条件，推荐上报。")
    assert state() == "已推荐"
    sign_out()

    # 3. HQ organises the assessment, records the scores and designates the zone.
    log_in(hq_user.username, PASSWORD)
    nav("质量安全示范区")
    open_zone()
    fire("组织评估", 评估组成员="王组长（总局）、赵专家、钱专家")
    assert state() == "评估中"
    fire(
        "录入评估结果",
        **{
            "形成企业集聚（0–25 分）": "22",
            "出口贸易规模较大（0–25 分）": "20",
            "质量安全水平较高（0–25 分）": "21",
            "组织保障机制健全（0–25 分）": "18",
            "评估结论": "四项基本条件均符合，建议认定。",
        },
    )
    assert state() == "评估完成"
    assessment = page.locator(
        "section.card", has=page.get_by_role("heading", name="评估", exact=True)
    )
    assert "81" in assessment.locator("tfoot").inner_text()
    assert assessment.get_by_text("合格", exact=True).is_visible()
    fire("认定命名", **{"称号有效期（年）": "3"})
    assert state() == "已认定"
    title = page.locator("section.card", has=page.get_by_role("heading", name="示范区称号"))
    number = title.locator("dd.mono").inner_text().strip()
    assert re.fullmatch(r"QSZ-N-\d{4}-001", number)
    assert title.get_by_role("link", name="下载称号证书 (PDF)").is_visible()
    shot("2_designated")
    sign_out()

    # 4. Anyone finds the zone in the public list and verifies its title.
    page.get_by_role("navigation", name="公共服务").get_by_role("link", name="示范区名录").click()
    page.get_by_role("heading", name="出口工业产品质量安全示范区名录", level=1).wait_for()
    assert page.get_by_text(ZONE).is_visible()
    assert page.get_by_text("汽车零部件出口企业 86 家").count() == 0
    page.get_by_role("link", name=number).click()
    page.get_by_role("heading", name="示范区称号查验", level=1).wait_for()
    assert page.locator(".verdict").inner_text() == "有效"
    assert page.get_by_text(ZONE).is_visible()
    assert page.get_by_text("北京市顺义区人民政府").is_visible()
    shot("3_public_verification")
    no_violations()
