"""What a consumer asks of the public pages (issue 15 point 5): a suspended or revoked
certificate says since when and why, which bureau answers for it and how to report the product;
the public navigation says where one is; the home page verifies a certificate and tells an
applicant how to apply."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from applications.models import Application, Certificate
from applications.services import case_transition
from tests import factories

from .factories import ApplicationFactory, PlanFactory

pytestmark = pytest.mark.django_db

CONTACTS = ["13800138000", "secret@example.com", "机密路1号", "王秘书"]
INTERNAL_COMMENT = "内部说明：举报人李某提供的线索"
DECIDER = "拍板人"


@pytest.fixture
def decider(hq_user):
    """HQ's officer who decides: a name that must never reach the public."""
    hq_user.first_name = DECIDER
    hq_user.save()
    return hq_user


@pytest.fixture
def certified(decider):
    """A 湖北 enterprise's certified product (the case set up in `evaluated`, then certified)."""
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"),
        confirmed_at=timezone.now(),
        name="恩施硒茶有限公司",
        contact_phone=CONTACTS[0],
        contact_email=CONTACTS[1],
        address=CONTACTS[2],
        contact_name=CONTACTS[3],
    )
    plan = PlanFactory()
    case = ApplicationFactory(enterprise=enterprise, product_name="恩施玉露")
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    return case_transition(case=case, name="certify", actor=decider, marks_issued=500)


@pytest.fixture
def certificate(certified):
    return Certificate.objects.get(application=certified)


def later_day(days: int) -> datetime:
    """10:00 Beijing time `days` days from today."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(10), tzinfo=timezone.get_default_timezone())


def page_of(client, certificate) -> str:
    response = client.get(f"/public/verify/{certificate.number}/")
    assert response.status_code == 200
    return response.content.decode()


def fact(page: str, term: str) -> str | None:
    """The text of the <dd> after the <dt> `term` on the verification page."""
    found = re.search(rf"<dt>{re.escape(term)}</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else None


def report_link(certificate) -> str:
    return f'href="/public/complaints/new/?certificate={certificate.number}"'


def assert_nothing_confidential(page: str) -> None:
    for secret in [*CONTACTS, INTERNAL_COMMENT, DECIDER, "91110000"]:
        assert secret not in page


# ---------------------------------------------------------------- the verification page


def test_a_revoked_certificate_says_when_why_who_answers_and_how_to_report(
    client, certified, certificate, decider
):
    revoked_at = later_day(12)
    with time_machine.travel(revoked_at, tick=False):
        case_transition(
            case=certified,
            name="revoke",
            actor=decider,
            reason="产品与评定结果严重不一致。",
            comment=INTERNAL_COMMENT,
        )
    page = page_of(client, certificate)

    assert 'class="verdict revoked"' in page
    assert "保护资格已被撤销" in page
    assert fact(page, "撤销日期") == revoked_at.date().isoformat()
    assert fact(page, "撤销原因") == "产品与评定结果严重不一致。"
    assert fact(page, "受理直属局") == "湖北出入境检验检疫局"
    assert fact(page, "发证机关") == "国家质量监督检验检疫总局"
    assert report_link(certificate) in page
    assert "暂停日期" not in page
    assert_nothing_confidential(page)


def test_a_suspended_certificate_says_since_when_and_the_published_reason(
    client, certified, certificate, decider
):
    suspended_at = later_day(3)
    with time_machine.travel(suspended_at, tick=False):
        case_transition(
            case=certified,
            name="suspend",
            actor=decider,
            reason="双随机抽查发现标志使用不规范。",
            comment=INTERNAL_COMMENT,
            deadline=suspended_at.date() + timedelta(days=30),
        )
    page = page_of(client, certificate)

    assert 'class="verdict suspended"' in page
    assert "保护资格已被暂停" in page
    assert fact(page, "暂停日期") == suspended_at.date().isoformat()
    assert fact(page, "暂停原因") == "双随机抽查发现标志使用不规范。"
    assert fact(page, "受理直属局") == "湖北出入境检验检疫局"
    assert report_link(certificate) in page
    assert "撤销日期" not in page
    assert_nothing_confidential(page)


def test_the_latest_suspension_is_the_one_shown(client, certified, certificate, decider):
    """Suspended, reinstated, suspended again: the second suspension's date and reason."""
    with time_machine.travel(later_day(1), tick=False):
        case = case_transition(
            case=certified,
            name="suspend",
            actor=decider,
            reason="第一次暂停的原因。",
            deadline=later_day(40).date(),
        )
        case = case_transition(case=case, name="reinstate", actor=decider)
    with time_machine.travel(later_day(5), tick=False):
        case_transition(
            case=case,
            name="suspend",
            actor=decider,
            reason="第二次暂停的原因。",
            deadline=later_day(40).date(),
        )
    page = page_of(client, certificate)
    assert fact(page, "暂停日期") == later_day(5).date().isoformat()
    assert fact(page, "暂停原因") == "第二次暂停的原因。"
    assert "第一次暂停的原因" not in page


def test_a_valid_certificate_names_its_bureau_and_can_be_reported(client, certificate):
    page = page_of(client, certificate)
    assert 'class="verdict valid"' in page
    assert fact(page, "受理直属局") == "湖北出入境检验检疫局"
    assert fact(page, "发证机关") == "国家质量监督检验检疫总局"
    assert report_link(certificate) in page
    for absent in ("撤销日期", "撤销原因", "暂停日期", "暂停原因", "verdict-note"):
        assert absent not in page
    assert_nothing_confidential(page)


def test_an_expired_certificate_has_no_suspension_or_revocation_facts(
    client, certified, certificate
):
    case_transition(case=certified, name="expire", actor=None)
    page = page_of(client, certificate)
    assert 'class="verdict expired"' in page
    for absent in ("撤销日期", "暂停日期", "verdict-note"):
        assert absent not in page


def test_the_verification_page_reads_in_a_few_queries(
    client, certified, certificate, decider, django_assert_max_num_queries
):
    case_transition(case=certified, name="revoke", actor=decider, reason="严重问题。")
    client.get(f"/public/verify/{certificate.number}/")  # sessions, caches: warm
    with django_assert_max_num_queries(3):
        client.get(f"/public/verify/{certificate.number}/")


def test_the_verification_page_reads_in_english(client, certified, certificate, decider):
    case_transition(
        case=certified,
        name="suspend",
        actor=decider,
        reason="标志使用不规范。",
        deadline=later_day(30).date(),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/public/verify/{certificate.number}/").content.decode()
    for text in ("Suspended on", "Reason for suspension", "Issued by", "Report this product"):
        assert text in page


def test_the_report_link_fills_in_the_complaint_form(client, certificate):
    response = client.get(
        "/public/complaints/new/", {"certificate": f" {certificate.number.lower()} "}
    )
    assert response.status_code == 200
    assert response.context["form"]["certificate_number"].value() == certificate.number
    assert f'value="{certificate.number}"' in response.content.decode()
    # Without it the form is empty, as before.
    empty = client.get("/public/complaints/new/")
    assert empty.context["form"]["certificate_number"].value() is None


# ---------------------------------------------------------------- the public API


def api_of(api_client, certificate) -> dict:
    response = api_client.get(f"/api/v1/public/certificates/{certificate.number}/")
    assert response.status_code == 200
    assert_nothing_confidential(response.content.decode())
    return response.json()


def test_the_public_api_gives_a_revocations_date_and_published_reason_as_the_page_does(
    client, api_client, certified, certificate, decider
):
    revoked_at = later_day(12)
    with time_machine.travel(revoked_at, tick=False):
        case_transition(
            case=certified,
            name="revoke",
            actor=decider,
            reason="产品与评定结果严重不一致。",
            comment=INTERNAL_COMMENT,
        )
    body = api_of(api_client, certificate)
    assert body["status"] == "revoked"
    assert body["status_changed_on"] == revoked_at.date().isoformat()
    assert body["status_reason"] == "产品与评定结果严重不一致。"
    page = page_of(client, certificate)
    assert fact(page, "撤销日期") == body["status_changed_on"]
    assert fact(page, "撤销原因") == body["status_reason"]


def test_the_public_api_gives_the_latest_suspensions_date_and_published_reason(
    client, api_client, certified, decider
):
    with time_machine.travel(later_day(1), tick=False):
        case = case_transition(
            case=certified,
            name="suspend",
            actor=decider,
            reason="第一次暂停的原因。",
            deadline=later_day(40).date(),
        )
        case = case_transition(case=case, name="reinstate", actor=decider)
    # 07:30 Beijing time is the day before in UTC: the date is Beijing's, as on the page.
    suspended_at = later_day(5).replace(hour=7, minute=30)
    with time_machine.travel(suspended_at, tick=False):
        case_transition(
            case=case,
            name="suspend",
            actor=decider,
            reason="双随机抽查发现标志使用不规范。",
            comment=INTERNAL_COMMENT,
            deadline=later_day(40).date(),
        )
    certificate = Certificate.objects.get(application=certified)
    body = api_of(api_client, certificate)
    assert body["status"] == "suspended"
    assert body["status_changed_on"] == suspended_at.date().isoformat()
    assert body["status_reason"] == "双随机抽查发现标志使用不规范。"
    page = page_of(client, certificate)
    assert fact(page, "暂停日期") == body["status_changed_on"]
    assert fact(page, "暂停原因") == body["status_reason"]


@pytest.mark.parametrize("transition", [None, "expire"])
def test_the_public_api_has_no_status_change_for_a_valid_or_expired_certificate(
    api_client, certified, certificate, decider, transition
):
    # Suspended once with a reason, and reinstated: no longer anything to publish.
    case = case_transition(
        case=certified,
        name="suspend",
        actor=decider,
        reason="已整改的旧原因。",
        comment=INTERNAL_COMMENT,
        deadline=later_day(40).date(),
    )
    case = case_transition(case=case, name="reinstate", actor=decider)
    if transition:
        case_transition(case=case, name=transition, actor=None)
    body = api_of(api_client, certificate)
    assert body["status"] == ("expired" if transition else "valid")
    assert body["status_changed_on"] is None and body["status_reason"] is None
    assert "已整改的旧原因" not in str(body)


def test_the_public_api_never_publishes_other_history_or_contacts(
    api_client, certified, certificate, decider
):
    case_transition(
        case=certified,
        name="revoke",
        actor=decider,
        reason="公告的原因。",
        comment=INTERNAL_COMMENT,
    )
    body = api_of(api_client, certificate)  # no contact, comment, decider nor credit code
    assert set(body) == {
        "number",
        "status",
        "status_display",
        "product_name",
        "category",
        "category_en",
        "enterprise",
        "bureau",
        "bureau_en",
        "valid_from",
        "valid_until",
        "status_changed_on",
        "status_reason",
    }


def test_the_public_api_schema_describes_the_status_change(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["PublicCertificate"]["properties"]
    assert fields["status_changed_on"]["type"] == "string"
    assert fields["status_changed_on"]["format"] == "date"
    assert fields["status_changed_on"]["nullable"] is True
    assert fields["status_reason"]["type"] == "string"
    assert fields["status_reason"]["nullable"] is True
    assert fields["status_reason"]["readOnly"] is True


# ---------------------------------------------------------------- public navigation


def current_links(page: str) -> list[str]:
    """The addresses of the links marked aria-current="page"."""
    return re.findall(r'<a href="([^"]+)" aria-current="page">', page)


@pytest.mark.parametrize(
    ("address", "current"),
    [
        ("/", "/"),
        ("/public/verify/", "/public/verify/"),
        ("/public/verify/NO-SUCH-NUMBER/", "/public/verify/"),
        ("/public/products/", "/public/products/"),
        ("/public/revocations/", "/public/revocations/"),
        ("/public/inspections/", "/public/inspections/"),
        ("/public/demonstration-zones/", "/public/demonstration-zones/"),
        ("/public/complaints/new/", "/public/complaints/new/"),
        ("/public/complaints/", "/public/complaints/new/"),
        ("/register/", "/register/"),
    ],
)
def test_the_public_navigation_marks_where_the_visitor_is(client, address, current):
    page = client.get(address).content.decode()
    nav = re.search(r'<nav class="mainnav" aria-label="公共服务">(.*?)</nav>', page, re.S).group(1)
    assert current_links(nav) == [current]
    assert 'href="/public/inspections/">抽查结果公示</a>' in nav or (
        'href="/public/inspections/" aria-current="page">抽查结果公示</a>' in nav
    )


@pytest.mark.parametrize("persona", ["enterprise_user", "bureau_user", "hq_user", "agency_user"])
def test_signed_in_users_keep_the_public_links(client_for, request, persona):
    user = request.getfixturevalue(persona)
    page = client_for(user).get("/public/inspections/").content.decode()
    menu = re.search(
        r'<details class="publicmenu">.*?<nav class="publicnav" aria-label="公共服务">(.*?)</nav>',
        page,
        re.S,
    )
    assert menu, persona
    links = re.findall(r'<a href="([^"]+)"', menu.group(1))
    assert links == [
        "/public/verify/",
        "/public/products/",
        "/public/revocations/",
        "/public/notices/",
        "/public/inspections/",
        "/public/demonstration-zones/",
        "/public/pilot-zones/",
        "/public/complaints/new/",
    ]
    assert current_links(menu.group(1)) == ["/public/inspections/"]


def test_a_visitor_has_no_public_menu_but_the_public_navigation(client):
    page = client.get("/public/products/").content.decode()
    assert 'class="publicmenu"' not in page
    assert page.count('aria-label="公共服务"') == 1


# ---------------------------------------------------------------- home page


def test_the_home_page_verifies_a_certificate(client, certificate):
    page = client.get("/").content.decode()
    form = re.search(r'<form method="get" action="/public/verify/"[^>]*>(.*?)</form>', page, re.S)
    assert form
    assert re.search(r'<input type="text" id="home-number" name="number"[^>]*required', form[1])
    assert '<label for="home-number">证书编号</label>' in form[1]
    # The box leads where the verification form does: the number's own page.
    response = client.get("/public/verify/", {"number": certificate.number.lower()})
    assert response["Location"] == f"/public/verify/{certificate.number}/"


@override_settings(
    ACCEPTANCE_WORKING_DAYS=7,
    CORRECTION_WORKING_DAYS=25,
    CERTIFICATE_VALIDITY_YEARS=4,
    UPLOAD_MAX_BYTES=10 * 2**20,
)
def test_the_home_page_guides_an_applicant_with_the_portals_own_rules(client):
    page = client.get("/").content.decode()
    guide = re.search(r'<section class="card guide-card".*?</section>', page, re.S).group(0)
    for heading in ("办事指南", "谁可以申请", "申报材料", "办理流程和时限", "联系方式"):
        assert f">{heading}</h" in guide
    assert "直属局自提交之日起 7 个工作日内受理、退回补正或不予受理" in guide
    assert "企业在 25 个工作日内补正后重新提交" in guide
    assert "有效期 4 年" in guide
    assert "每个不超过 10 MB" in guide
    assert "营业执照扫描件" in guide and "原产地（具体到县（区）、乡镇）" in guide
    # Contacts: the bureaus, listed with their zones further down the page.
    assert 'href="#zones"' in guide
    assert 'id="zones"' in page and "西南片区" in page and "重庆" in page
    assert 'href="/register/"' in guide


def test_the_home_page_guide_reads_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert "Guide for applicants" in page
    assert "Within 5 working days of the submission" in page
    assert "valid for 3 years" in page


def test_a_signed_in_user_gets_their_own_start_page_not_the_guide(client_for, bureau_user):
    page = client_for(bureau_user).get("/").content.decode()
    assert "guide-card" not in page and 'id="home-number"' not in page


@pytest.mark.parametrize("action", ["suspend", "revoke"])
def test_hq_is_told_that_the_reason_is_published(client_for, certified, decider, action):
    page = client_for(decider).get(f"/cases/{certified.pk}/do/{action}/").content.decode()
    assert "该理由将在证书查验页面公开" in page


def test_other_reasons_are_not_said_to_be_published(client_for, bureau_user):
    case = ApplicationFactory(enterprise__bureau=factories.bureau("hubei"))
    Application.objects.filter(pk=case.pk).update(state="submitted")
    page = client_for(bureau_user).get(f"/cases/{case.pk}/do/return/").content.decode()
    assert "理由" in page and "该理由将在证书查验页面公开" not in page
