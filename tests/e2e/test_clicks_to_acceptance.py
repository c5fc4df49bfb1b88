"""How many clicks it takes, in a real browser, from "the enterprise signs in" to "its bureau has
accepted (受理) the case" (issue 15 point 8: at most 10; it was 12).

The browser counts them itself: a script Playwright installs in every page (outside the
Content-Security-Policy, before the page's own scripts) adds one for each press of the pointer
and each Enter or Space pressed on a form control, and keeps the total in the tab's
sessionStorage, which lives on across pages and across signing out and in. Typing text, picking
a file in the file dialog and opening a page by its address are not counted; every form here is
sent with its button. The enterprise writes the application, uploads one material and submits;
the clerk signs in, opens the case from the landing page's to-do and accepts it: no step of the
procedure is left out."""

import re

import pytest
from django.utils import timezone

from applications.models import Application
from applications.workflow import State
from tests import factories
from tests.applications.factories import category
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOST_CLICKS = 10
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PRODUCT = "门头沟京白梨"
# The shipped checklist's required items (applications migration 0013).
REQUIRED_MATERIALS = [
    "生态原产地产品保护申请书",
    "营业执照（统一社会信用代码）",
    "产品及原产地说明",
    "产品检测报告",
]

COUNT_CLICKS = """
(() => {
  const bump = () => sessionStorage.setItem(
    "e2e-clicks", String(Number(sessionStorage.getItem("e2e-clicks") || 0) + 1));
  window.addEventListener("pointerdown", (e) => { if (e.isTrusted) bump(); }, true);
  window.addEventListener("keydown", (e) => {
    if (e.isTrusted && (e.key === "Enter" || e.key === " ") && e.target.form) bump();
  }, true);
})();
"""


def clicks(page) -> int:
    return int(page.evaluate("() => Number(sessionStorage.getItem('e2e-clicks') || 0)"))


def test_from_sign_in_to_acceptance_in_at_most_ten_clicks(page, log_in):
    enterprise = factories.EnterpriseFactory(
        name="京西果品生态农业有限公司", confirmed_at=timezone.now()
    )
    applicant = factories.enterprise_staff(enterprise, username="jingxi-pear")
    clerk = factories.bureau_staff("beijing", username="clerk-beijing")
    pear = category("fruit_veg")
    page.add_init_script(COUNT_CLICKS)

    # The enterprise: sign in, a new application from its landing page, the draft, one
    # material, and 保存并提交申报 straight from the form.
    log_in(applicant.username, PASSWORD)
    page.get_by_role("link", name="新建申请").first.click()
    page.get_by_label("产品名称").fill(PRODUCT)
    page.get_by_label("产品类别").select_option(label=pear.name)
    page.get_by_label("原产地").fill("北京市门头沟区军庄镇")
    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿，下一步").click()
    assert re.search(r"/cases/\d+/edit/$", page.url)
    # The materials checklist: every required item's file chosen in its row, one upload.
    for item in REQUIRED_MATERIALS:
        page.get_by_label(item, exact=True).set_input_files(
            {"name": f"{item}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    with page.expect_navigation():
        page.get_by_role("button", name="上传所选材料").click()
    assert "材料已上传。" in page.locator("ul.messages").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="保存并提交申报").click()
    assert "已完成：提交申报。" in page.locator("ul.messages").inner_text()
    assert page.locator("h1 .state").inner_text() == "已申报"
    with page.expect_navigation():
        page.get_by_role("button", name="退出登录").click()

    # The bureau's clerk: sign in, the case from the landing page's 待受理 (with its clock),
    # 受理 on the case page.
    log_in(clerk.username, PASSWORD)
    waiting = page.get_by_role("region", name=re.compile(r"^待受理"))
    waiting.get_by_role("link", name=PRODUCT).click()
    page.get_by_role("heading", name=PRODUCT, level=1).wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="受理", exact=True).click()
    assert "已完成：受理。" in page.locator("ul.messages").inner_text()
    assert page.locator("h1 .state").inner_text() == "已受理"

    case = Application.objects.get(product_name=PRODUCT)
    assert (case.state, case.officer_id, case.documents.count()) == (State.ACCEPTED, clerk.pk, 4)
    counted = clicks(page)
    assert counted <= MOST_CLICKS, f"{counted} clicks from signing in to acceptance"
    # The counter is not blind: the two sign-ins and the seven links and buttons above.
    assert counted == 9
