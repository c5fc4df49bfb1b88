"""From a consumer's complaint to a lifted warning (seed 004 §二.2–12), through the browser only:
anyone complains about 枸杞 of a protected product's enterprise; 青海局 turns the complaint into
a risk signal in one step and names two members of the expert committee, who each give an
opinion; the bureau concludes Ⅱ级 with advice to consumers; HQ drafts a warning from the
assessment naming the enterprise, issues it and assigns a recall to 青海局, which acknowledges
the warning, starts the recall and reports the quantity recalled; the enterprise's quality credit
grade falls, with the warning and the recall in its explanation; HQ lifts the warning, the recall
is lifted with it, and the public sees the lifted warning and the failed assessment."""

import re

import pytest

from applications.models import Application
from supervision.models import Complaint
from tests import factories
from tests.conftest import PASSWORD
from tests.experts.factories import admitted
from tests.supervision.test_services import protected

from .walking import Walk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMPLAINT = "在西宁买的枸杞颜色异常鲜红，泡水后掉色，怀疑用了色素或硫磺熏蒸。"


def card(page, title: str):
    """The card (section) of the page whose heading is `title`."""
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", name=title, level=2, exact=True)
    )


def labelled(scope, label: str):
    return scope.get_by_label(re.compile(f"^{re.escape(label)}( \\*)?$"))


def test_a_complaint_becomes_a_warning_a_recall_and_a_lower_credit_grade(page, log_in, hq_user):
    clerk = factories.bureau_staff("qinghai", username="clerk-qinghai")
    case: Application = protected("qinghai")
    enterprise = case.enterprise
    experts = []
    for n, code in enumerate(("gansu", "ningxia"), start=1):
        account = factories.UserFactory(
            role="expert", bureau=factories.bureau(code), username=f"risk-expert-{n}"
        )
        experts.append(admitted(name=f"评估专家{n}", account=account, products="枸杞、沙棘"))
    walk = Walk(page, "risk_walk")

    # 1. Anyone complains, without an account.
    page.goto("/public/complaints/new/")
    walk.field("产品或企业名称").fill(f"{enterprise.name} 枸杞")
    walk.field("产品所在地直属局").select_option(value=str(clerk.bureau_id))
    walk.field("投诉举报内容").fill(COMPLAINT)
    walk.no_violations()
    walk.submit("提交")
    complaint = Complaint.objects.get(content=COMPLAINT)

    # 2. 青海局 turns it into a risk signal and names two experts of the committee.
    log_in(clerk.username, PASSWORD)
    page.goto(f"/supervision/complaints/{complaint.pk}/")
    walk.submit("转为风险信息")
    walk.heading("FX-")
    assert walk.state() == "待研判"
    signal_url = page.url
    assessment = card(page, "组织专家评估")
    for expert in experts:
        assessment.get_by_role("checkbox", name=re.compile(re.escape(expert.name))).check()
    with page.expect_navigation():
        assessment.get_by_role("button", name="确认组织专家评估").click()
    assert walk.state() == "评估中"
    walk.no_violations()
    walk.sign_out()

    # 3. Each expert gives an opinion.
    for expert in experts:
        log_in(expert.account.username, PASSWORD)
        page.goto(signal_url)
        page.get_by_role("link", name="提出评估意见").click()
        walk.heading("提出评估意见")
        walk.field("建议结论").select_option(label="Ⅱ级风险")
        walk.field("评估意见").fill("样品二氧化硫残留超出限量，涉及多批次，建议预警并召回。")
        walk.submit("提交意见")
        walk.sign_out()

    # 4. The bureau concludes: Ⅱ级, a failed product, with advice to consumers.
    log_in(clerk.username, PASSWORD)
    page.goto(signal_url)
    conclusion = card(page, "作出评估结论")
    labelled(conclusion, "评估结论").select_option(label="Ⅱ级风险")
    labelled(conclusion, "评估意见").fill("投诉属实，两批次二氧化硫残留超标，评定为Ⅱ级风险。")
    labelled(conclusion, "产品风险评估不合格（向社会公布并提示消费者）").check()
    labelled(conclusion, "消费提示").fill("请勿购买颜色异常鲜红的枸杞。")
    with page.expect_navigation():
        conclusion.get_by_role("button", name="确认作出评估结论").click()
    assert walk.state() == "已评估"
    walk.sign_out()

    # 5. HQ drafts a warning from the assessment, naming the enterprise, and issues it.
    log_in(hq_user.username, PASSWORD)
    page.goto(signal_url)
    page.get_by_role("link", name="据此拟定风险预警").click()
    walk.heading("拟定风险预警")
    walk.field("预警标题").fill("枸杞二氧化硫残留超标风险预警")
    walk.field("预警等级").select_option(label="Ⅱ级（橙色）")
    walk.field("预警范围").select_option(label="全国")
    walk.field("涉及产品").fill("枸杞及其制品")
    walk.field("目标企业").fill(f"{enterprise.name},{enterprise.uscc}")
    walk.no_violations()
    walk.submit("保存草稿")
    walk.heading("枸杞二氧化硫残留超标风险预警")
    issue = card(page, "发布预警")
    with page.expect_navigation():
        issue.get_by_role("button", name="确认发布预警").click()
    assert walk.state() == "已发布"
    warning_url = page.url

    # 6. HQ assigns a recall to 青海局.
    assign = card(page, "部署快速反应措施")
    labelled(assign, "措施").select_option(label="缺陷召回")
    labelled(assign, "措施要求").fill("责令企业召回 2026 年 9 月、10 月生产的枸杞。")
    labelled(assign, "对象企业").fill(enterprise.name)
    labelled(assign, "统一社会信用代码").fill(enterprise.uscc)
    labelled(assign, "责任直属局").select_option(value=str(clerk.bureau_id))
    labelled(assign, "涉及数量").fill("1200")
    labelled(assign, "计量单位").fill("千克")
    with page.expect_navigation():
        assign.get_by_role("button", name="部署").click()
    assert page.get_by_role("link", name="缺陷召回").count() >= 1
    walk.sign_out()

    # 7. 青海局 acknowledges the warning, starts the recall and reports progress.
    log_in(clerk.username, PASSWORD)
    page.goto(warning_url)
    with page.expect_navigation():
        card(page, "预警通报待签收").get_by_role("button", name="签收").click()
    page.get_by_role("link", name="缺陷召回").first.click()
    walk.heading("缺陷召回")
    with page.expect_navigation():
        card(page, "开始实施").get_by_role("button", name="确认开始实施").click()
    assert walk.state() == "实施中"
    report = card(page, "报告进展")
    labelled(report, "进展情况").fill("已召回经销商库存 500 千克。")
    labelled(report, "累计召回数量").fill("500")
    with page.expect_navigation():
        report.get_by_role("button", name="报告进展").click()
    assert "500" in card(page, "召回进度").inner_text()
    walk.no_violations()
    walk.sign_out()

    # 8. The enterprise's credit grade fell, the warning and the recall in its explanation.
    log_in(hq_user.username, PASSWORD)
    page.goto(f"/credit/?q={enterprise.uscc}")
    page.get_by_role("link", name=enterprise.name).first.click()
    walk.heading(enterprise.name)
    explanation = page.locator("table").first.inner_text()
    assert "风险预警" in explanation and "召回" in explanation
    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert "信用等级 A" not in heading

    # 9. HQ lifts the warning; the recall is lifted with it.
    page.goto(warning_url)
    lift = card(page, "解除预警")
    labelled(lift, "理由").fill("召回完成，抽检未再发现超标，风险消除。")
    with page.expect_navigation():
        lift.get_by_role("button", name="确认解除预警").click()
    assert walk.state() == "已解除"
    assert "已解除" in card(page, "快速反应措施").inner_text()
    walk.sign_out()

    # 10. The public sees the lifted warning without the enterprise, and the failed assessment.
    page.goto("/public/risk/")
    public = page.locator("main").inner_text()
    assert "枸杞二氧化硫残留超标风险预警" in public and enterprise.name not in public
    page.goto("/public/risk/assessments/")
    assert "请勿购买颜色异常鲜红的枸杞。" in page.locator("main").inner_text()
    walk.no_violations()
