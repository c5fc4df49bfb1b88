"""One protection case from application to certificate, through the browser only, across the
four roles: an enterprise registers online and its bureau confirms it; the enterprise applies,
is refused until its required materials are uploaded (several at once), then submits; 北京局 accepts on the case page, pre-evaluates and
recommends; HQ approves; the enterprise chooses the agency; the agency records the evaluation
(the form states the plan's pass mark); HQ certifies; the public verification page then shows
the certificate as valid."""

import re

import pytest

from tests import factories
from tests.applications.factories import PlanFactory, category
from tests.conftest import PASSWORD

from .conftest import RESULTS

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENTERPRISE = "京西山泉生态茶业有限公司"
PRODUCT = "妙峰山云雾茶"
ENTERPRISE_LOGIN = "jingxi-tea"
ENTERPRISE_PASSWORD = "Miaofeng-Tea-2026!"


def test_a_case_goes_from_application_to_certificate(page, log_in, hq_user):
    bureau = factories.bureau("beijing")
    clerk = factories.bureau_staff("beijing", username="clerk-beijing")
    tea = category("tea")
    chosen = PlanFactory(category=tea, agency__name="绿野生态评定中心", title="茶叶评定方案")
    PlanFactory(category=tea, agency__name="华夏原产地评价有限公司", title="茶叶评定方案（二）")
    evaluator = factories.agency_staff(chosen.agency, username="evaluator-tea")
    RESULTS.mkdir(exist_ok=True)

    def shot(name: str) -> None:
        page.screenshot(path=str(RESULTS / f"case_to_certificate_{name}.png"), full_page=True)

    def sign_out() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="退出登录").click()
        assert page.locator(".whoami").count() == 0

    def fire(action: str, **fields: str) -> None:
        """On the case page: the action's button, its confirmation page, back on the case."""
        page.get_by_role("link", name=action, exact=True).click()
        page.get_by_role("heading", name=action, level=1).wait_for()
        for label, value in fields.items():
            page.get_by_label(label).fill(value)
        with page.expect_navigation():
            page.get_by_role("button", name=f"确认{action}").click()
        assert f"已完成：{action}。" in page.locator("ul.messages").inner_text()

    def nav(name: str) -> None:
        page.get_by_role("navigation", name="主导航").get_by_role("link", name=name).click()

    def open_case() -> None:
        page.get_by_role("link", name=PRODUCT).click()
        page.get_by_role("heading", name=PRODUCT, level=1).wait_for()

    def state() -> str:
        return page.locator("h1 .state").inner_text()

    # 1. The enterprise registers online under 北京局.
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="企业注册").click()
    page.get_by_label("企业名称").fill(ENTERPRISE)
    page.get_by_label("统一社会信用代码").fill(factories.valid_uscc(424242))
    page.get_by_label("辖区直属局").select_option(label=bureau.full_name)
    page.get_by_label("营业执照扫描件").set_input_files(
        {"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("地址").fill("北京市门头沟区妙峰山镇")
    page.get_by_label(re.compile(r"^联系人")).fill("李明")
    page.get_by_label("联系电话").fill("010-61880000")
    page.get_by_label("联系邮箱").fill("contact@jingxi-tea.example.cn")
    page.get_by_label("登录用户名").fill(ENTERPRISE_LOGIN)
    page.locator("#id_password").fill(ENTERPRISE_PASSWORD)
    page.locator("#id_password_again").fill(ENTERPRISE_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="注册").click()
    # The same answer whatever the portal already holds; the outcome goes by e-mail (ADR 0003).
    assert page.get_by_role("heading", level=1).inner_text() == "注册申请已提交"

    # 2. 北京局 confirms the enterprise.
    log_in(clerk.username, PASSWORD)
    nav("企业确认")
    pending = page.locator("tr", has_text=ENTERPRISE)
    with page.expect_navigation():
        pending.get_by_role("button", name="确认").click()
    assert f"已确认企业：{ENTERPRISE}" in page.locator("ul.messages").inner_text()
    sign_out()

    # 3. The enterprise applies, uploads its materials and submits.
    log_in(ENTERPRISE_LOGIN, ENTERPRISE_PASSWORD)
    page.get_by_role("link", name="新建申请").first.click()
    page.get_by_label("产品名称").fill(PRODUCT)
    page.get_by_label("产品类别").select_option(label=tea.name)
    page.get_by_label("原产地").fill("北京市门头沟区妙峰山镇涧沟村")
    page.get_by_label("产品说明").fill("高山云雾茶园，生态环境优良，全程可追溯。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿，下一步").click()
    assert re.search(r"/cases/\d+/edit/$", page.url)
    assert state() == "草稿"
    # Submitting before the materials: refused, the missing items named, the draft kept.
    with page.expect_navigation():
        page.get_by_role("button", name="保存并提交申报").click()
    refused = page.locator("ul.messages").inner_text()
    assert "申报材料不齐全" in refused and "产品检测报告" in refused
    assert state() == "草稿"
    # The checklist: each required item's files chosen in its row (two for the test report),
    # one upload; every row then carries its tick.
    files = {
        "生态原产地产品保护申请书": ["申请书.pdf"],
        "营业执照（统一社会信用代码）": ["营业执照.pdf"],
        "产品及原产地说明": ["产品及原产地说明.pdf"],
        "产品检测报告": ["检测报告-理化.pdf", "检测报告-农残.pdf"],
    }
    for item, names in files.items():
        page.get_by_label(item, exact=True).set_input_files(
            [{"name": n, "mimeType": "application/pdf", "buffer": PDF} for n in names]
        )
    with page.expect_navigation():
        page.get_by_role("button", name="上传所选材料").click()
    assert "材料已上传。" in page.locator("ul.messages").inner_text()
    assert page.get_by_role("link", name="检测报告-农残.pdf").is_visible()
    assert page.locator(".materials-missing").count() == 0
    shot("1_draft_with_material")
    with page.expect_navigation():
        page.get_by_role("button", name="保存并提交申报").click()
    assert "已完成：提交申报。" in page.locator("ul.messages").inner_text()
    assert state() == "已申报"
    sign_out()

    # 4. 北京局 accepts, pre-evaluates and recommends to HQ.
    log_in(clerk.username, PASSWORD)
    nav("案件工作台")
    open_case()
    with page.expect_navigation():  # 受理 on the case page itself; the clerk is the officer
        page.get_by_role("button", name="受理", exact=True).click()
    assert "已完成：受理。" in page.locator("ul.messages").inner_text()
    assert state() == "已受理"
    fire("初评", 说明="材料齐全，现场核查符合要求。")
    assert state() == "已初评"
    fire("推荐上报")
    assert state() == "已推荐上报"
    sign_out()

    # 5. HQ approves the evaluation from its queue.
    log_in(hq_user.username, PASSWORD)
    nav("案件工作台")
    page.get_by_role("link", name=re.compile(r"^待批准实施评定 1$")).click()
    open_case()
    fire("批准实施评定")
    assert state() == "已批准实施评定"
    sign_out()

    # 6. The enterprise chooses its evaluation agency among those with a filed plan.
    log_in(ENTERPRISE_LOGIN, ENTERPRISE_PASSWORD)
    nav("我的申请")
    open_case()
    page.get_by_role("link", name="选择评定机构").click()
    plans = page.locator("table.plans tbody tr")
    assert plans.count() == 2
    page.get_by_role("radio", name=chosen.agency.name).check()
    shot("2_choose_agency")
    with page.expect_navigation():
        page.get_by_role("button", name="确认选择评定机构").click()
    assert state() == "评定中"
    assert page.locator(".facts", has_text=chosen.agency.name).first.is_visible()
    sign_out()

    # 7. The chosen agency records the evaluation: 90 passes the plan's threshold of 80.
    log_in(evaluator.username, PASSWORD)
    nav("评定任务")
    open_case()
    page.get_by_role("link", name="录入评定结果", exact=True).click()
    # The form states the range and the pass mark of the plan the enterprise chose.
    assert "0–100" in page.locator("#id_score_helptext").inner_text()
    assert "通过分数线为 80 分" in page.locator("#id_score_helptext").inner_text()
    page.get_by_label("评定得分").fill("90")
    page.get_by_label("评定意见").fill("各项指标符合评定方案要求。")
    with page.expect_navigation():
        page.get_by_role("button", name="确认录入评定结果").click()
    assert "已完成：录入评定结果。" in page.locator("ul.messages").inner_text()
    assert state() == "评定完成"
    sign_out()

    # 8. HQ issues the certificate.
    log_in(hq_user.username, PASSWORD)
    nav("案件工作台")
    page.get_by_role("link", name=re.compile(r"^待颁发证书 1$")).click()
    open_case()
    fire("颁发保护证书", 发放标志数="500")
    assert state() == "保护中"
    sign_out()

    # 9. The enterprise sees its protected product and the certificate number.
    log_in(ENTERPRISE_LOGIN, ENTERPRISE_PASSWORD)
    nav("我的申请")
    open_case()
    assert state() == "保护中"
    certificate = page.locator("section.card", has=page.get_by_role("heading", name="保护证书"))
    number = certificate.locator("dd.mono").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]+", number)
    assert certificate.get_by_text("有效", exact=True).is_visible()
    shot("3_protected")
    sign_out()

    # 10. Anyone verifies the certificate on the public page.
    page.goto(f"/public/verify/{number}/")
    assert page.locator(".verdict").inner_text() == "有效"
    assert page.get_by_text(PRODUCT).is_visible()
    assert page.get_by_text(ENTERPRISE).is_visible()
    shot("4_public_verification")
