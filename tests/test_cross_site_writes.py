"""The public complaint API takes no cross-site form POST from another origin's page (issue 12,
point 9), nor does any other anonymous write to the API (ecoorigin.middleware.RefuseCrossSiteApiWrites).

A page on another site could post a form into POST /api/v1/public/complaints/ (no login, so no
CSRF check) from each visitor's browser: complaints under its visitors' addresses, spending their
rate-limit budget. Browsers name the sending page's origin; system clients send none and keep
working.
"""

import pytest

from supervision.models import Complaint
from tests import factories

pytestmark = pytest.mark.django_db

COMPLAINT = {
    "content": "包装上的生态原产地保护标志可疑",
    "product_text": "某茶",
    "bureau": "beijing",
}
REFUSED = "不接受其他网站页面提交的请求。"


def post(client, headers, fmt="multipart"):
    return client.post("/api/v1/public/complaints/", COMPLAINT, format=fmt, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/page.html"},
        {"Origin": "https://evil.example", "Referer": "http://testserver/public/"},
    ],
)
def test_a_form_posted_from_another_site_is_refused(api_client, headers):
    response = post(api_client, headers)
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}
    assert not Complaint.objects.exists()


def test_the_portals_own_pages_and_system_clients_may_post(api_client):
    assert post(api_client, {"Origin": "http://testserver"}).status_code == 201
    assert post(api_client, {"Referer": "http://testserver/public/"}, "json").status_code == 201
    assert post(api_client, {}, "json").status_code == 201  # a system client: no origin at all
    assert Complaint.objects.count() == 3


def test_a_trusted_origin_may_post(api_client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.example.cn"]
    assert post(api_client, {"Origin": "https://portal.example.cn"}).status_code == 201


def test_the_token_endpoint_refuses_another_sites_page_too(api_client):
    factories.hq(username="xsite-hq")
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": "xsite-hq", "password": "pw-for-tests-2026"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    ok = api_client.post(
        "/api/v1/auth/token/", {"username": "xsite-hq", "password": "pw-for-tests-2026"}
    )
    assert ok.status_code == 200, ok.content


def test_reads_are_not_affected(api_client):
    response = api_client.get("/api/v1/public/certificates/NONE/", headers={"Origin": "null"})
    assert response.status_code == 404
