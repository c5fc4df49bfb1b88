"""Confidential answers are not kept by browsers or proxies (issue 12, point 6).

Every answer behind a login (pages, API answers with a session or a token, documents) and every
page that is not public (the complaint form and its progress page, the sign-in page) carries
`Cache-Control: no-store`; a public page seen anonymously may be cached
(ecoorigin.middleware.PrivateAnswersNotStored).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from supervision.models import Complaint
from tests import factories
from tests.applications.factories import ApplicationFactory
from tests.applications.test_public import make_protected

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def owner():
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("beijing"))
    return factories.enterprise_staff(enterprise, username="cache-owner")


@pytest.fixture
def case(owner):
    return ApplicationFactory(enterprise=owner.enterprise)


def test_signed_in_pages_are_not_stored(client, owner, case):
    client.force_login(owner)
    for path in ("/", "/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/", "/cases/inbox/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not_stored(response), path


def test_case_api_answers_are_not_stored_with_a_session_or_a_token(client, api_client, owner, case):
    client.force_login(owner)
    assert not_stored(client.get(f"/api/v1/applications/{case.pk}/"))
    token = Token.objects.create(user=owner)
    response = api_client.get(
        f"/api/v1/applications/{case.pk}/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    assert not_stored(response)
    assert not_stored(api_client.get("/api/v1/applications/"))  # refused: not stored either


def test_documents_are_not_stored(api_for, client, owner, case):
    upload = api_for(owner).post(
        f"/api/v1/applications/{case.pk}/documents/",
        {"file": SimpleUploadedFile("材料.pdf", PDF), "kind": "material"},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    client.force_login(owner)
    response = client.get(f"/cases/{case.pk}/documents/{upload.json()['id']}/")
    assert response.status_code == 200
    assert not_stored(response)


def test_complaint_pages_are_not_stored(client, api_client):
    assert not_stored(client.get("/public/complaints/new/"))
    response = api_client.post(
        "/api/v1/public/complaints/",
        {"content": "包装上的生态原产地保护标志可疑", "product_text": "某茶", "bureau": "beijing"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert not_stored(response)
    complaint = Complaint.objects.get()
    status = client.get(f"/public/complaints/{complaint.tracking_code}/")
    assert status.status_code == 200
    assert not_stored(status)
    assert not_stored(client.get(f"/api/v1/public/complaints/{complaint.tracking_code}/"))


def test_the_sign_in_page_is_not_stored(client):
    assert not_stored(client.get("/accounts/login/"))


def test_public_pages_seen_anonymously_may_be_cached(client, hq_user):
    protected = make_protected(hq_user)
    number = protected.certificate.number
    for path in (
        "/",
        "/public/products/",
        "/public/verify/",
        f"/public/verify/{number}/",
        "/public/revocations/",
        "/public/inspections/",
        f"/api/v1/public/certificates/{number}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not not_stored(response), path


def test_public_pages_seen_signed_in_are_not_stored(client, owner):
    client.force_login(owner)
    for path in ("/public/products/", "/public/verify/"):
        assert not_stored(client.get(path)), path
