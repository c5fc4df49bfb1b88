"""One event of a zone enterprise's quality archive (seed 001 §六.6, the programme
"demonstration_archive") from its opening to its closure, through the browser only: 北京局, the
zone's bureau, opens a 国外通报 in the file of a 示范企业 and adds the notification, records the
investigation, classifies the cause (企业能力不足), adds the support plan, records the support
given and closes the event; the zone's local government then reads the event and downloads a
material, the read logged."""

import pytest
from django.utils import timezone

from demonstration.models import ArchiveEvent, ArchiveEventDocumentAccess, ZoneEnterprise
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

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENTERPRISE = "北京顺义精工汽车零部件有限公司"
PRODUCT = "汽车制动片"


def test_an_archive_event_goes_from_opening_to_closure_with_its_materials(page, log_in):
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
    member = ZoneEnterprise.objects.create(
        zone=zone,
        name=ENTERPRISE,
        credit_code=factories.valid_uscc(7302),
        products="汽车制动系统零部件",
        proposed_by=applicant,
    )
    # A 示范企业 of the zone (its own walk goes through admission and the grant).
    ZoneEnterprise.objects.filter(pk=member.pk).update(
        state="granted",
        admitted_at=timezone.now(),
        admitted_by=clerk,
        assessment_passed=True,
        number=f"QSE-{zone.number}-001",
        granted_at=timezone.localdate(),
    )
    walk = Walk(page, "demonstration_archive_walk")

    def add_material(kind: str, name: str) -> None:
        materials = page.locator("section.card", has=page.get_by_role("heading", name="材料"))
        materials.get_by_label("类别", exact=True).select_option(label=kind)
        materials.get_by_label("文件 (PDF/JPEG/PNG)").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": PDF}
        )
        walk.submit("上传")
        assert "材料已上传。" in walk.message()
        assert materials.get_by_role("link", name=name).is_visible()
        walk.no_violations()

    # 1. 北京局 opens a 国外通报 in the enterprise's file and adds the notification.
    log_in(clerk.username, PASSWORD)
    walk.nav("质量安全示范区")
    page.get_by_role("link", name=ZONE, exact=True).first.click()
    walk.heading(ZONE)
    page.get_by_role("link", name="质量档案", exact=True).click()
    walk.heading("示范区企业质量档案")
    page.get_by_role("link", name="建立质量档案事件").click()
    walk.heading("建立质量档案事件")
    walk.field("企业").select_option(label=f"{ENTERPRISE} ({member.credit_code})")
    walk.field("事件类别").select_option(label="国外通报")
    walk.field("发生日期").fill(timezone.localdate().isoformat())
    walk.field("涉及产品").fill(PRODUCT)
    walk.field("通报或文书编号").fill("RASFF 2026.0312")
    walk.field("事件情况").fill("欧盟通报：制动片石棉含量超标。")
    walk.submit("提交")
    assert "质量档案事件已建立。" in walk.message()
    walk.heading(f"国外通报 · {PRODUCT}")
    assert walk.state() == "已立档"
    add_material("事件原始材料", "RASFF通报.pdf")

    # 2. It investigates, classifies the cause, adds the support plan, records the support
    # given and closes the event; a closed event takes no more materials.
    walk.fire("录入调查情况", 调查情况="原材料供应商变更，未做进口国法规符合性验证。")
    assert walk.state() == "已调查"
    walk.fire("认定问题原因", choose=("企业能力不足",))
    assert walk.state() == "已定性"
    add_material("处理文书", "帮扶方案.pdf")
    walk.fire("录入处理措施", 帮扶措施="组织欧盟法规培训，派员驻厂帮扶。")
    assert walk.state() == "已处理"
    walk.fire("结案", 结案意见="企业已建立进口国法规跟踪制度，整改完成。")
    assert walk.state() == "已结案"
    assert page.get_by_role("button", name="上传").count() == 0
    walk.shot("1_closed")
    walk.sign_out()

    # 3. The zone's local government reads the event and downloads the notification.
    event = ArchiveEvent.objects.get()
    log_in(applicant.username, PASSWORD)
    walk.nav("质量安全示范区")
    page.get_by_role("link", name=ZONE, exact=True).first.click()
    walk.heading(ZONE)
    page.get_by_role("link", name="质量档案", exact=True).click()
    walk.heading("示范区企业质量档案")
    row = page.locator("tr", has=page.get_by_text(PRODUCT, exact=True))
    assert row.get_by_text("企业能力不足").is_visible()
    row.get_by_role("link", name=str(event.pk), exact=True).click()
    walk.heading(f"国外通报 · {PRODUCT}")
    assert page.get_by_text("组织欧盟法规培训，派员驻厂帮扶。").is_visible()
    assert page.get_by_role("button", name="上传").count() == 0
    assert page.get_by_role("link", name="帮扶方案.pdf").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="RASFF通报.pdf").click()
    with open(download.value.path(), "rb") as material:
        assert material.read() == PDF
    walk.shot("2_read_by_the_government")
    walk.no_violations()
    access = ArchiveEventDocumentAccess.objects.get()
    assert (access.user, access.document.original_name) == (applicant, "RASFF通报.pdf")
