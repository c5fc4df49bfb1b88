"""Rate limits of the public endpoints (ecoorigin/ratelimit.py): certificate verification and
complaint tracking, page and API on one budget per client address; complaints themselves."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from ecoorigin import ratelimit

pytestmark = pytest.mark.django_db

# Two seconds into a minute: a three-request test never straddles two windows.
START = datetime(2026, 11, 23, 3, 0, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.PUBLIC_RATE_LIMITS = {
        "complaint": "2/hour",
        "complaint-status": "3/minute",
        "verification": "3/minute",
    }
    cache.clear()
    with time_machine.travel(START, tick=False):
        yield
    cache.clear()


def from_address(client, address):
    client.defaults["REMOTE_ADDR"] = address
    return client


def test_verification_page_and_api_share_one_budget_per_address(client, api_client):
    page = from_address(client, "192.0.2.10")
    api = from_address(api_client, "192.0.2.10")
    assert page.get("/public/verify/NO-SUCH-1/").status_code == 200
    assert api.get("/api/v1/public/certificates/NO-SUCH-1/").status_code == 404
    assert page.get("/public/verify/NO-SUCH-2/").status_code == 200

    limited = page.get("/public/verify/NO-SUCH-3/")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "58"
    assert "证书查验过于频繁，请 58 秒后再试。" in limited.content.decode()
    refused = api.get("/api/v1/public/certificates/NO-SUCH-1/")
    assert refused.status_code == 429
    assert refused.json() == {"detail": "证书查验过于频繁，请 58 秒后再试。"}
    assert refused["Retry-After"] == "58"

    # Another address has its own budget; the form that only redirects is not counted.
    assert from_address(client, "192.0.2.11").get("/public/verify/NO-SUCH-1/").status_code == 200
    assert from_address(client, "192.0.2.10").get("/public/verify/").status_code == 200


def test_the_next_window_opens_again(client):
    for _ in range(3):
        client.get("/public/verify/NO-SUCH-1/")
    assert client.get("/public/verify/NO-SUCH-1/").status_code == 429
    with time_machine.travel(START.replace(minute=1), tick=False):
        assert client.get("/public/verify/NO-SUCH-1/").status_code == 200


def test_the_message_is_in_the_readers_language(client, settings):
    settings.PUBLIC_RATE_LIMITS["verification"] = "1/hour"
    client.cookies["django_language"] = "en"
    client.get("/public/verify/NO-SUCH-1/")
    limited = client.get("/public/verify/NO-SUCH-1/")
    assert limited.status_code == 429
    assert "Too many certificate checks from this network. Please try again in 60 minutes." in (
        limited.content.decode()
    )


def test_complaint_tracking_page_and_api_share_one_budget(client, api_client):
    assert client.get("/public/complaints/NOSUCHCODE00/").status_code == 404
    assert api_client.get("/api/v1/public/complaints/NOSUCHCODE00/").status_code == 404
    assert client.get("/public/complaints/", {"code": "NOSUCHCODE01"}).status_code == 302
    assert client.get("/public/complaints/NOSUCHCODE01/").status_code == 404
    page = client.get("/public/complaints/NOSUCHCODE02/")
    assert page.status_code == 429
    assert "办理进度查询过于频繁" in page.content.decode()
    api = api_client.get("/api/v1/public/complaints/NOSUCHCODE02/")
    assert api.status_code == 429 and "办理进度查询过于频繁" in api.json()["detail"]


@pytest.mark.parametrize(
    "prefix, limited_text",
    [("/public/verify/", "证书查验过于频繁"), ("/public/complaints/", "办理进度查询过于频繁")],
)
def test_a_number_or_code_with_a_slash_counts_like_any_other(client, prefix, limited_text):
    for answered in ["A/1", "A/2", "A/3"]:
        assert client.get(f"{prefix}{answered}/").status_code in (200, 404)
    limited = client.get(f"{prefix}A/4/")
    assert limited.status_code == 429 and limited_text in limited.content.decode()


def test_complaints_from_the_form_and_the_api_share_one_budget(client, api_client):
    body = {"product_text": "某茶", "bureau": "hubei", "content": "太短"}
    assert api_client.post("/api/v1/public/complaints/", body, format="json").status_code == 400
    assert client.post("/public/complaints/new/", body).status_code == 400
    limited = client.post("/public/complaints/new/", body)
    assert limited.status_code == 429
    assert limited["Retry-After"] == str(3600 - 2)
    assert "投诉举报提交过于频繁，请 60 分钟后再试。" in limited.content.decode()
    refused = api_client.post("/api/v1/public/complaints/", body, format="json")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "投诉举报提交过于频繁，请 60 分钟后再试。"


# ---------------------------------------------------------------- the client's address


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what the client prepended is ignored
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: misconfigured, not trusted
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, None, "10.0.0.2"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert ratelimit.client_address(request_from("10.0.0.2", forwarded)) == address


def test_behind_a_proxy_clients_are_told_apart_and_cannot_escape_by_spoofing(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = from_address(client, "10.0.0.2")
    for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        response = proxy.get(
            "/public/verify/NO-SUCH-1/", HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.9"
        )
        assert response.status_code == 200
    blocked = proxy.get("/public/verify/NO-SUCH-1/", HTTP_X_FORWARDED_FOR="4.4.4.4, 203.0.113.9")
    assert blocked.status_code == 429
    other = proxy.get("/public/verify/NO-SUCH-1/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_login_failures_are_recorded_with_the_client_address(client, settings, bureau_user):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/accounts/login/",
        {"username": bureau_user.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AccessAttempt.objects.get(username=bureau_user.username).ip_address == "203.0.113.9"


@pytest.mark.parametrize(
    ("rate", "count", "seconds"),
    [("10/hour", 10, 3600), ("60/minute", 60, 60), ("5/second", 5, 1), ("100/day", 100, 86400)],
)
def test_limits_are_read_from_settings(settings, rate, count, seconds):
    settings.PUBLIC_RATE_LIMITS = {"verification": rate}
    assert ratelimit.limit_of("verification") == ratelimit.Limit(count=count, seconds=seconds)
