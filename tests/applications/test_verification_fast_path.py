"""证书查验's fast path (applications.middleware.VerificationFastPath, issue 19 point 4): an
anonymous visitor's scan answered whole from the cache, with the visitor's own CSRF token and
the portal's headers; signed-in visitors, other languages and changes are never answered with
someone else's or an old answer."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from applications import verification
from applications.models import Application, Certificate, CertificateNumberRule
from applications.services import case_transition

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(certified):
    return f"/public/verify/{Certificate.objects.get(application=certified).number}/"


@pytest.fixture
def api(certified):
    number = Certificate.objects.get(application=certified).number
    return f"/api/v1/public/certificates/{number}/"


@pytest.fixture
def refuse_the_view(monkeypatch):
    """Arms a refusal: reaching the view (which reads the answer) fails the test."""

    def arm():
        def refuse(**_kwargs):
            raise AssertionError("the view ran: the answer was not taken from the fast path")

        monkeypatch.setattr(verification, "answer_for", refuse)

    return arm


def csrf_token_in(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_the_second_anonymous_scan_is_answered_without_the_view(
    page, api, django_assert_num_queries, monkeypatch
):
    first_page, first_api = Client().get(page), Client().get(api)
    calls = []
    monkeypatch.setattr(verification, "answer_for", lambda **kw: calls.append(kw))
    with django_assert_num_queries(0):
        second_page, second_api = Client().get(page), Client().get(api)
    assert calls == []
    assert second_page.status_code == 200 and "恩施玉露" in second_page.content.decode()
    assert second_api.json() == first_api.json()
    assert first_page.status_code == 200


def test_a_kept_page_carries_the_portals_headers(page):
    first = Client().get(page)
    second = Client().get(page)
    for header in (
        "Content-Type",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Content-Language",
    ):
        assert second[header] == first[header], header
    assert int(second["Content-Length"]) == len(second.content)
    assert "no-store" not in second.get("Cache-Control", "")


def test_every_visitor_gets_a_csrf_token_of_their_own(page, refuse_the_view):
    Client().get(page)  # kept
    refuse_the_view()
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(page)
    token = csrf_token_in(response)
    assert "csrftoken" in response.cookies
    other = Client(enforce_csrf_checks=True).get(page)
    assert csrf_token_in(other) != token
    # The language switcher of the kept page works for this visitor (CSRF accepted).
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": page, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_signed_in_visitor_never_gets_the_anonymous_page(page, bureau_user):
    Client().get(page)
    signed_in = Client()
    signed_in.force_login(bureau_user)
    text = signed_in.get(page).content.decode()
    assert "退出登录" in text
    assert "no-store" in signed_in.get(page)["Cache-Control"]


def test_an_api_client_with_a_token_goes_the_whole_way(api, refuse_the_view):
    Client().get(api)
    refuse_the_view()
    with pytest.raises(AssertionError, match="the view ran"):
        Client(HTTP_AUTHORIZATION="Token whatever").get(api)


def test_an_english_visitor_gets_the_english_page(page):
    Client().get(page)
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get(page)
    assert response["Content-Language"] == "en"
    assert "Certificate verification" in response.content.decode()


def test_a_revocation_is_answered_by_the_next_anonymous_scan(
    certified, page, api, hq_user, django_capture_on_commit_callbacks
):
    assert Client().get(api).json()["status"] == "valid"
    Client().get(page)
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=certified, name="revoke", actor=hq_user, reason="使用非产地原料")
    assert Client().get(api).json()["status"] == "revoked"
    text = Client().get(page).content.decode()
    assert "使用非产地原料" in text and "已撤销" in text


def test_an_unknown_numbers_404_is_kept_until_the_certificate_is_issued(
    hq_user, django_capture_on_commit_callbacks
):
    address = "/api/v1/public/certificates/T-SOON-1/"
    assert Client().get(address).status_code == 404
    assert Client().get(address).status_code == 404
    case = ApplicationFactory(product_name="新颁证产品")
    Application.objects.filter(pk=case.pk).update(state="protected")
    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.create(
            application_id=case.pk,
            number="T-SOON-1",
            rule=CertificateNumberRule.objects.get(version=1),
            year=2026,
            seq=1,
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=365),
            marks_issued=10,
            issued_by=hq_user,
        )
    assert Client().get(address).json()["product_name"] == "新颁证产品"


def test_a_request_is_counted_once_against_the_rate_limit(page, api, settings, one_rate_window):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "verification": "3/minute"}
    visitor = Client()
    # A miss (fast path, then the view), a kept page, a miss of the API: three requests.
    assert [visitor.get(page).status_code, visitor.get(page).status_code] == [200, 200]
    assert visitor.get(api).status_code == 200
    refused = visitor.get(page)
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert visitor.get(api).status_code == 429


def test_a_visitor_with_pending_messages_goes_the_whole_way(page, refuse_the_view):
    Client().get(page)
    refuse_the_view()
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    with pytest.raises(AssertionError, match="the view ran"):
        visitor.get(page)
