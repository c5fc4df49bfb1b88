"""拟批准产品公示 (issue 20) from an objection to its decision, through the browser only: HQ has
published a batch with an evaluated product; a member of the public finds it on the public notice
page and objects, and gets a tracking code; the case's bureau records its view; the enterprise
concerned reads the objection's substance without the objector's name; HQ dismisses it with
reasons; the objector reads the outcome with the code."""

import re

import pytest

from applications.models import Application
from publicity import services
from publicity.models import Objection
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory
from tests.conftest import PASSWORD

from .walking import Walk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REASONS = "该企业部分原料收购自公示产地范围以外的茶园，与公示的产地不一致，请核实。"
OBJECTOR = "陈明"


def test_an_objection_goes_from_the_public_site_to_hq_s_decision(page, log_in):
    plan = PlanFactory()
    case = ApplicationFactory(product_name="京西白茶")
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", plan=plan, agency=plan.agency, score=90
    )
    hq = factories.hq(username="hq-walk")
    clerk = factories.bureau_staff(case.bureau.code, username="clerk-walk")
    owner = factories.enterprise_staff(case.enterprise, username="owner-walk")
    batch = services.batch_publish(
        actor=hq, title="2026年第一批拟批准产品公示", applications=[case]
    )
    walk = Walk(page, "publicity_objection_walk")

    # 1. The public: the notice page, the batch, the objection form.
    page.goto("/")
    walk.public_nav("产品公示")
    walk.heading("拟批准生态原产地保护产品公示")
    page.get_by_role("link", name=batch.number).first.click()
    walk.heading(batch.title)
    assert page.get_by_text(case.enterprise.name).is_visible()
    page.get_by_role("link", name="对该产品提出异议").click()
    walk.heading("提出公示异议")
    walk.field("异议人姓名或单位").fill(OBJECTOR)
    walk.field("联系电话或地址").fill("13800000000")
    walk.field("异议理由").fill(REASONS)
    walk.no_violations()
    walk.submit("提交异议")
    assert "异议已收到" in walk.message()
    code = Objection.objects.get().tracking_code
    assert code in walk.message()
    walk.heading("公示异议处理结果")
    walk.shot("1_objected")

    # 2. The case's bureau records its view.
    log_in(clerk.username, PASSWORD)
    walk.nav("案件工作台")
    page.locator("main").get_by_role("link", name="拟批准产品公示", exact=True).click()
    walk.heading("拟批准产品公示")
    page.get_by_role("link", name=code).click()
    walk.heading("公示异议")
    assert page.get_by_text(OBJECTOR).is_visible()
    walk.field("直属局意见").fill("经现场核查，企业原料均来自公示产地范围内的自有茶园。")
    walk.submit("提交意见")
    assert "直属局意见已记录" in walk.message()
    walk.no_violations()
    walk.sign_out()

    # 3. The enterprise concerned: the substance, not the objector.
    log_in(owner.username, PASSWORD)
    walk.nav("产品公示")
    walk.heading("本企业产品公示")
    page.get_by_role("link", name=re.compile("^待处理")).click()
    walk.heading("公示异议")
    assert page.get_by_text(REASONS).is_visible()
    assert OBJECTOR not in page.content() and "13800000000" not in page.content()
    walk.sign_out()

    # 4. HQ dismisses the objection with reasons.
    log_in(hq.username, PASSWORD)
    walk.nav("案件工作台")
    page.locator("main").get_by_role("link", name="拟批准产品公示", exact=True).click()
    page.get_by_role("link", name=code).click()
    walk.heading("公示异议")
    page.get_by_role("radio", name="异议不成立", exact=True).check()
    walk.field("处理理由").fill("经直属局核查，原料产地与公示一致，异议不成立。")
    walk.submit("作出处理")
    assert "异议已处理" in walk.message()
    walk.shot("4_decided")
    walk.no_violations()
    walk.sign_out()

    # 5. The objector reads the outcome with the tracking code.
    page.goto("/public/objections/")
    walk.field("查询码").fill(code)
    walk.submit("查询")
    assert page.get_by_text("异议不成立").first.is_visible()
    assert page.get_by_text("原料产地与公示一致").is_visible()
    walk.no_violations()
