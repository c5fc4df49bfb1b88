"""Public verification (page and API), the public lists of protected products and revocations,
and certificate downloads: the certificates API and the browser download, scoped by role."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import documents
from applications.models import Application, Certificate, CertificateNumberRule
from applications.services import case_transition, certificate_render_pdf
from tests import factories

from .factories import ApplicationFactory, PlanFactory, category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTACTS = ["13800138000", "secret@example.com", "机密路1号", "王秘书"]


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def enterprise():
    """A 湖北 enterprise with contact data that must never be public."""
    return factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"),
        confirmed_at=timezone.now(),
        name="恩施硒茶有限公司",
        contact_phone=CONTACTS[0],
        contact_email=CONTACTS[1],
        address=CONTACTS[2],
        contact_name=CONTACTS[3],
    )


@pytest.fixture
def owner(enterprise):
    return factories.enterprise_staff(enterprise, username="owner-hubei")


@pytest.fixture
def certified(enterprise, plan, hq_user):
    """HQ certifies an evaluated case (set up straight in `evaluated`): a real certificate."""
    case = ApplicationFactory(enterprise=enterprise, product_name="恩施玉露")
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    return case_transition(case=case, name="certify", actor=hq_user, marks_issued=500)


@pytest.fixture
def certificate(certified):
    return Certificate.objects.get(application=certified)


def make_protected(hq_user, state="protected", **case_fields) -> Application:
    """A case put straight into `state` with a certificate (set-up for the public lists)."""
    case = ApplicationFactory(**case_fields)
    Application.objects.filter(pk=case.pk).update(state=state)
    Certificate.objects.create(
        application_id=case.pk,
        number=f"T-{case.pk}",
        rule=CertificateNumberRule.objects.get(version=1),
        year=2026,
        seq=case.pk,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=365),
        marks_issued=10,
        issued_by=hq_user,
    )
    return case


def html(response) -> str:
    return response.content.decode()


def verdict(page: str) -> tuple[str, str] | None:
    """The status class and the text of the page's verdict (有效 / 暂停 / 已撤销 / 已过期)."""
    found = re.search(r'class="verdict (\w+)"[^>]*>\s*([^<]+?)\s*<', page)
    return found.groups() if found else None


# ---------------------------------------------------------------- verification page


@pytest.mark.parametrize(
    ("transition", "status", "label"),
    [
        (None, "valid", "有效"),
        ("suspend", "suspended", "暂停"),
        ("revoke", "revoked", "已撤销"),
        ("expire", "expired", "已过期"),
    ],
)
def test_verification_shows_the_certificates_current_status(
    client, certified, certificate, hq_user, transition, status, label
):
    if transition == "suspend":
        deadline = timezone.localdate() + timedelta(days=30)
        case_transition(
            case=certified, name="suspend", actor=hq_user, reason="抽检", deadline=deadline
        )
    elif transition == "revoke":
        case_transition(case=certified, name="revoke", actor=hq_user, reason="抽检不合格")
    elif transition == "expire":
        case_transition(case=certified, name="expire", actor=None)
    response = client.get(f"/public/verify/{certificate.number}/")
    assert response.status_code == 200
    page = html(response)
    assert verdict(page) == (status, label)
    assert certificate.number in page
    assert "恩施玉露" in page and "恩施硒茶有限公司" in page


def test_verification_never_shows_contacts_or_materials(client, certified, certificate):
    # A protected case's material, added by its bureau.
    clerk = factories.bureau_staff("hubei", username="clerk-hubei")
    documents.document_upload(
        case=certified,
        actor=clerk,
        upload=SimpleUploadedFile("机密配方.pdf", PDF),
        kind="other",
    )
    page = html(client.get(f"/public/verify/{certificate.number}/"))
    for secret in [*CONTACTS, "机密配方"]:
        assert secret not in page


def test_an_unknown_number_gets_a_readable_answer(client):
    response = client.get("/public/verify/STYCD-1999-NOWHERE-00000/")
    assert "未找到编号为 STYCD-1999-NOWHERE-00000 的证书" in html(response)


def test_the_verification_form_goes_to_the_numbers_own_page(client):
    response = client.get("/public/verify/", {"number": " abc "})
    assert response.status_code == 302
    assert response["Location"] == "/public/verify/ABC/"


def test_a_number_with_a_slash_goes_to_its_page_too(client):
    assert reverse("public:verify", kwargs={"number": "A/B"}) == "/public/verify/A/B/"
    response = client.get("/public/verify/", {"number": "a/b/"})
    assert response.status_code == 302
    assert response["Location"] == "/public/verify/A/B//"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "未找到编号为 A/B/ 的证书" in html(page)


def test_a_lower_case_number_is_verified(client, certificate):
    response = client.get(f"/public/verify/{certificate.number.lower()}/")
    assert verdict(html(response)) == ("valid", "有效")


# ---------------------------------------------------------------- public API


def test_the_public_api_verifies_a_certificate_without_login(api_client, certificate):
    response = api_client.get(f"/api/v1/public/certificates/{certificate.number}/")
    assert response.status_code == 200
    body = response.json()
    assert {
        "number": body["number"],
        "status": body["status"],
        "product_name": body["product_name"],
        "enterprise": body["enterprise"],
        "valid_from": body["valid_from"],
        "valid_until": body["valid_until"],
    } == {
        "number": certificate.number,
        "status": "valid",
        "product_name": "恩施玉露",
        "enterprise": "恩施硒茶有限公司",
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
    }
    text = response.content.decode()
    for secret in CONTACTS:
        assert secret not in text
    assert not {"contact_phone", "contact_email", "address", "uscc", "documents"} & set(body)


def test_the_public_api_answers_404_for_an_unknown_number(api_client):
    response = api_client.get("/api/v1/public/certificates/NO-SUCH-NUMBER/")
    assert response.status_code == 404
    assert response.json()["detail"]


# ---------------------------------------------------------------- public lists


def test_the_product_list_shows_only_protected_products(client, hq_user):
    protected = make_protected(hq_user, product_name="受保护产品")
    for state in ["suspended", "revoked", "expired"]:
        make_protected(hq_user, state=state, product_name=f"{state}产品")
    ApplicationFactory(product_name="草稿产品")
    response = client.get("/public/products/")
    assert [case.pk for case in response.context["page"]["rows"]] == [protected.pk]
    page = html(response)
    assert "受保护产品" in page
    for name in ["suspended产品", "revoked产品", "expired产品", "草稿产品"]:
        assert name not in page


def test_the_product_list_pages_newest_first_without_counting(client, hq_user):
    """25 a page, newest case first, "next" from one row more: no COUNT(*) over the ~90,000
    protected products of the national data set (docs/performance.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cases = [make_protected(hq_user, product_name=f"产品{n}") for n in range(27)]
    newest_first = [case.pk for case in reversed(cases)]
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/public/products/")
    assert [case.pk for case in first.context["page"]["rows"]] == newest_first[:25]
    assert 'page=2">' in html(first)
    assert not any("COUNT(" in query["sql"].upper() for query in queries)
    second = client.get("/public/products/?page=2")
    assert [case.pk for case in second.context["page"]["rows"]] == newest_first[25:]
    assert 'page=3">' not in html(second)
    assert [
        c.pk for c in client.get("/public/products/?page=x").context["page"]["rows"]
    ] == newest_first[:25]


def test_the_product_list_searches_product_and_enterprise(client, hq_user):
    tea = make_protected(hq_user, product_name="恩施玉露")
    honey = make_protected(hq_user, product_name="蜂蜜", enterprise__name="神农架蜂业公司")
    assert [c.pk for c in client.get("/public/products/?q=玉露").context["page"]["rows"]] == [
        tea.pk
    ]
    assert [c.pk for c in client.get("/public/products/?q=神农架").context["page"]["rows"]] == [
        honey.pk
    ]


def test_the_product_list_filters_by_bureau_and_category(client, hq_user):
    hubei = factories.bureau("hubei")
    tea_hubei = make_protected(hq_user, enterprise__bureau=hubei)
    fish_hubei = make_protected(hq_user, enterprise__bureau=hubei, category=category("aquatic"))
    make_protected(hq_user)  # 北京, tea

    def listed(query: str) -> set[int]:
        return {c.pk for c in client.get(f"/public/products/?{query}").context["page"]["rows"]}

    assert listed("bureau=hubei") == {tea_hubei.pk, fish_hubei.pk}
    assert listed("bureau=hubei&category=tea") == {tea_hubei.pk}


def test_the_revocation_list_publishes_revoked_products_with_their_reason(
    client, certified, hq_user
):
    make_protected(hq_user, product_name="仍受保护产品")
    case_transition(case=certified, name="revoke", actor=hq_user, reason="使用非产地原料")
    response = client.get("/public/revocations/")
    assert [c.pk for c in response.context["page"]] == [certified.pk]
    page = html(response)
    assert "恩施玉露" in page and "使用非产地原料" in page
    assert "仍受保护产品" not in page


# ---------------------------------------------------------------- certificates API


@pytest.fixture
def other_certificate(hq_user):
    """A certificate of a 北京 enterprise."""
    case = make_protected(hq_user)
    return Certificate.objects.get(application=case)


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_the_certificate_list_is_scoped(
    api_for, certificate, other_certificate, owner, bureau_user, lead_bureau_user, hq_user
):
    beijing_clerk = factories.bureau_staff("beijing", username="clerk-beijing")
    assert numbers(api_for(owner).get("/api/v1/certificates/")) == {certificate.number}
    assert numbers(api_for(bureau_user).get("/api/v1/certificates/")) == {certificate.number}
    assert numbers(api_for(lead_bureau_user).get("/api/v1/certificates/")) == {certificate.number}
    assert numbers(api_for(beijing_clerk).get("/api/v1/certificates/")) == {
        other_certificate.number
    }
    assert numbers(api_for(hq_user).get("/api/v1/certificates/")) == {
        certificate.number,
        other_certificate.number,
    }
    assert api_for(None).get("/api/v1/certificates/").status_code in (401, 403)


def test_the_certificate_pdf_is_for_the_enterprise_its_bureau_and_hq(
    api_for, certificate, owner, bureau_user, hq_user
):
    certificate_render_pdf(certificate_id=certificate.pk)
    for user in (owner, bureau_user, hq_user):
        response = api_for(user).get(f"/api/v1/certificates/{certificate.number}/pdf/")
        assert response.status_code == 200, user.username
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_zone_lead_sees_the_certificate_but_may_not_download_it(
    api_for, certificate, lead_bureau_user
):
    client = api_for(lead_bureau_user)
    assert client.get(f"/api/v1/certificates/{certificate.number}/").status_code == 200
    assert client.get(f"/api/v1/certificates/{certificate.number}/pdf/").status_code == 403


def test_another_enterprise_gets_404_for_the_certificate_pdf(api_for, certificate):
    stranger = factories.enterprise_staff(username="stranger")
    response = api_for(stranger).get(f"/api/v1/certificates/{certificate.number}/pdf/")
    assert response.status_code == 404


@pytest.fixture
def queued(monkeypatch):
    """Record the PDF renders queued instead of rendering them."""
    from applications import tasks

    calls = []
    monkeypatch.setattr(tasks.render_certificate_pdf, "delay", calls.append)
    return calls


def test_a_pdf_not_rendered_yet_is_a_202_with_retry_after(api_for, certificate, owner, queued):
    response = api_for(owner).get(f"/api/v1/certificates/{certificate.number}/pdf/")
    assert response.status_code == 202
    assert int(response["Retry-After"]) > 0
    assert queued == [certificate.pk]


# ---------------------------------------------------------------- browser download


def test_the_browser_download_is_for_the_enterprise_its_bureau_and_hq(
    client_for, certificate, owner, bureau_user, hq_user
):
    certificate_render_pdf(certificate_id=certificate.pk)
    for user in (owner, bureau_user, hq_user):
        response = client_for(user).get(f"/cases/certificates/{certificate.number}/pdf/")
        assert response.status_code == 200, user.username
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")


def test_the_browser_download_is_404_for_a_zone_lead_and_other_enterprises(
    client_for, certificate, lead_bureau_user
):
    stranger = factories.enterprise_staff(username="stranger")
    for user in (lead_bureau_user, stranger):
        response = client_for(user).get(f"/cases/certificates/{certificate.number}/pdf/")
        assert response.status_code == 404, user.username


def test_the_browser_download_not_rendered_yet_says_so(client_for, certificate, owner, queued):
    response = client_for(owner).get(f"/cases/certificates/{certificate.number}/pdf/", follow=True)
    assert response.redirect_chain == [(f"/cases/{certificate.application_id}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "证书文件正在生成，请稍后刷新页面再下载。"
    ]
    assert queued == [certificate.pk]
