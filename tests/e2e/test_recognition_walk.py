"""一地获批，三地通用 (seed 003 tasks 5, 25), through the browser only: 天津市市场和质量监督管理委员会
records a production licence it granted; a 河北局 clerk, from 直属局与片区, finds it by the holder's
credit code and reads it; the Tianjin authority withdraws it with a reason, and 河北省质量技术
监督局's staff, under 京津冀合作, find it withdrawn, with the reason, in all three places."""

import pytest

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

HOLDER = "天津滨海乳业有限公司"
USCC = factories.valid_uscc(3120)
LIST = "京津冀审批结果互认"


def authority(code: str, name: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}",
        name=name,
        kind=Organisation.Kind.QUALITY_AUTHORITY,
        bureau=factories.bureau(code),
    )


def test_a_licence_granted_in_tianjin_is_found_in_hebei_until_it_is_withdrawn(page, log_in):
    tianjin = factories.organisation_staff(
        authority("tianjin", "天津市市场和质量监督管理委员会"), username="zj-tianjin-staff"
    )
    hebei_authority = factories.organisation_staff(
        authority("hebei", "河北省质量技术监督局"), username="zj-hebei-staff"
    )
    hebei_clerk = factories.bureau_staff("hebei", username="clerk-hebei")
    walk = Walk(page, "recognition_walk")

    def find(query: str) -> None:
        page.get_by_label("持有人名称或统一社会信用代码").fill(query)
        walk.submit("查询")
        row = page.locator("tbody tr", has_text=HOLDER)
        assert row.count() == 1
        row.get_by_role("link").first.click()
        walk.heading(HOLDER)

    def status() -> str:
        return page.locator(".meta .state").inner_text()

    # 1. Tianjin's quality authority records the licence it granted.
    log_in(tianjin.username, PASSWORD)
    walk.nav("京津冀合作")
    walk.heading(LIST)
    page.get_by_role("link", name="登记互认事项").click()
    walk.heading("登记互认事项")
    walk.field("持有人名称").fill(HOLDER)
    walk.field("持有人统一社会信用代码").fill(USCC)
    walk.field("审批类别").select_option(label="行政许可")
    walk.field("事项名称").fill("食品生产许可（乳制品）")
    walk.field("许可范围").fill("液体乳、乳粉")
    walk.field("证书或批准文号").fill("SC10612011600123")
    walk.field("有效期起").fill("2026-03-01")
    walk.field("有效期至").fill("2031-02-28")
    walk.no_violations()
    walk.submit("登记")
    assert "已登记互认事项" in walk.message()
    walk.heading(HOLDER)
    assert status() == "互认有效"
    walk.sign_out()

    # 2. A Hebei clerk finds it by the credit code, from 直属局与片区, and reads where it was granted.
    log_in(hebei_clerk.username, PASSWORD)
    walk.nav("直属局与片区")
    page.get_by_role("link", name=LIST, exact=True).click()
    walk.heading(LIST)
    find(USCC.lower())
    assert status() == "互认有效"
    assert page.get_by_text("天津市市场和质量监督管理委员会").first.is_visible()
    assert page.get_by_role("link", name="撤回互认").count() == 0  # not the granting place
    walk.no_violations()
    walk.sign_out()

    # 3. Tianjin withdraws it, with the reason.
    log_in(tianjin.username, PASSWORD)
    walk.nav("京津冀合作")
    find(HOLDER)
    page.get_by_role("link", name="撤回互认").click()
    walk.heading("撤回互认")
    walk.field("撤回理由").fill("企业申请注销该许可。")
    walk.submit("确认撤回")
    assert "已完成：撤回互认。" in walk.message()
    assert status() == "已撤回"
    walk.sign_out()

    # 4. Hebei's quality authority finds it withdrawn, with the reason.
    log_in(hebei_authority.username, PASSWORD)
    walk.nav("京津冀合作")
    page.locator("select[name=status]").select_option(label="已撤回")
    find("滨海乳业")
    assert status() == "已撤回"
    assert page.get_by_text("企业申请注销该许可。").first.is_visible()
    walk.shot("withdrawn")
    walk.no_violations()
