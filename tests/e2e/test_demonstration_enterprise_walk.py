"""One 示范企业 (seed 001 §六.3, the programme "demonstration_enterprise") from its proposal to
its title, through the browser only, each step by the actor the seed names: in a designated
national zone, the zone's local government proposes an enterprise for admission; 北京局, the
zone's bureau, admits it; the government nominates it for the title; HQ, the zone's assessor,
records the assessment and grants the numbered title; the government finds the notice of the
grant, with its PDF, in its inbox; the public finds the enterprise and its number, valid, on
the zone's verification page reached from the list of zones."""

import re

import pytest

from regions.models import Organisation
from tests import factories
from tests.conftest import PASSWORD

from .walking import ZONE, Walk, designated_zone

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENTERPRISE = "北京顺义精工汽车零部件有限公司"


def test_an_enterprise_of_a_zone_goes_from_proposal_to_the_title(page, log_in, hq_user):
    government = factories.OrganisationFactory(
        code="shunyi",
        name="北京市顺义区人民政府",
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.COUNTY,
        bureau=factories.bureau("beijing"),
    )
    applicant = factories.organisation_staff(government, username="gov-shunyi")
    clerk = factories.bureau_staff("beijing", username="clerk-beijing")
    zone = designated_zone(government)
    credit_code = factories.valid_uscc(7301)
    walk = Walk(page, "demonstration_enterprise_walk")

    def open_zone() -> None:
        walk.nav("质量安全示范区")
        page.get_by_role("link", name=ZONE, exact=True).first.click()
        walk.heading(ZONE)

    def open_enterprise() -> None:
        """From the zone's page, its enterprises, then the enterprise."""
        open_zone()
        page.get_by_role("link", name="入区企业", exact=True).click()
        walk.heading("入区企业与示范企业")
        page.get_by_role("link", name=ENTERPRISE, exact=True).click()
        walk.heading(ENTERPRISE)

    # 1. The zone's local government proposes the enterprise for admission (拟入区).
    log_in(applicant.username, PASSWORD)
    open_zone()
    page.get_by_role("link", name="入区企业", exact=True).click()
    walk.heading("入区企业与示范企业")
    assert page.get_by_text("尚无入区企业。").is_visible()
    page.get_by_role("link", name="提出企业入区").click()
    walk.heading("提出企业入区")
    walk.field("企业名称").fill(ENTERPRISE)
    walk.field("统一社会信用代码").fill(credit_code)
    walk.field("主要出口产品").fill("汽车制动系统、转向系统零部件")
    walk.no_violations()
    walk.submit("提交")
    assert "已提出入区，待辖区直属局审核。" in walk.message()
    walk.heading(ENTERPRISE)
    assert walk.state() == "拟入区"
    assert page.get_by_text(credit_code).is_visible()
    walk.shot("1_proposed")
    walk.sign_out()

    # 2. 北京局, the zone's bureau, admits it.
    log_in(clerk.username, PASSWORD)
    open_enterprise()
    assert walk.state() == "拟入区"
    walk.fire("准予入区")
    assert walk.state() == "已入区"
    walk.sign_out()

    # 3. The government nominates it for the title 示范企业.
    log_in(applicant.username, PASSWORD)
    open_enterprise()
    walk.fire("推荐示范企业", 推荐理由="企业质量管理体系健全，参与制定两项行业标准。")
    assert walk.state() == "已推荐示范企业"
    walk.sign_out()

    # 4. HQ, the assessor of a national zone, records the assessment and grants the title.
    log_in(hq_user.username, PASSWORD)
    open_zone()
    page.get_by_role("link", name="入区企业", exact=True).click()
    walk.heading("入区企业与示范企业")
    row = page.locator("tr", has=page.get_by_role("link", name=ENTERPRISE, exact=True))
    assert row.get_by_text("已推荐示范企业").is_visible()
    row.get_by_role("link", name=ENTERPRISE, exact=True).click()
    walk.heading(ENTERPRISE)
    walk.fire(
        "录入示范企业评估结论",
        choose=("合格",),
        评估意见="在诚信、质量、品牌方面起到示范引领作用。",
    )
    assert walk.state() == "已评估"
    walk.fire("授予示范企业称号")
    assert walk.state() == "示范企业"
    title = page.locator("section.card", has=page.get_by_role("heading", name="示范企业称号"))
    number = title.locator("dd.mono").inner_text().strip()
    assert number == f"QSE-{zone.number}-001"
    assert title.get_by_text("合格", exact=True).is_visible()
    history = page.locator("section.card", has=page.get_by_role("heading", name="流转记录"))
    for step in ("准予入区", "推荐示范企业", "录入示范企业评估结论", "授予示范企业称号"):
        assert history.get_by_text(step).first.is_visible()
    walk.shot("2_granted")
    walk.sign_out()

    # 5. The government finds the notice of the grant, with the number, and its PDF.
    log_in(applicant.username, PASSWORD)
    walk.nav("示范区通知书")
    walk.heading("示范区通知书")
    page.get_by_role("link", name="示范企业称号授予通知", exact=True).click()
    walk.heading("示范企业称号授予通知")
    assert number in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载通知书 (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    walk.no_violations()
    walk.sign_out()

    # 6. Anyone finds the enterprise and its title on the zone's verification page.
    walk.public_nav("示范区名录")
    walk.heading("出口工业产品质量安全示范区名录")
    page.get_by_role("link", name=zone.number).click()
    walk.heading("示范区称号查验")
    enterprises = page.locator("section.card", has=page.get_by_role("heading", name="示范企业"))
    row = enterprises.locator("tr", has=page.get_by_text(number, exact=True))
    assert row.get_by_text(ENTERPRISE).is_visible()
    assert row.get_by_text(credit_code).is_visible()
    assert row.locator(".status").inner_text() == "有效"
    assert re.search(r"\d{4}-\d{2}-\d{2}", row.inner_text())
    walk.shot("3_public_verification")
    walk.no_violations()
