"""Signing in and out, changing the password, API tokens and the django-axes lockout (ADR 0003).

Every sign-in here is a real POST, so django-axes sees it; nothing uses force_login."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password/"
TOKEN = "/api/v1/auth/token/"
LOCKED_MESSAGE = "登录失败次数过多"


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def get_token(api_client, username, password):
    return api_client.post(TOKEN, {"username": username, "password": password}, format="json")


def signed_in_as(client) -> int | None:
    session_user = client.session.get(SESSION_KEY)
    return int(session_user) if session_user is not None else None


def fail_on_login_page(client, username, times):
    """`times` wrong passwords on the login form (the one that reaches the limit answers 429)."""
    for _attempt in range(times):
        assert login(client, username, "wrong-password").status_code in (200, 429)


def fail_on_token_endpoint(api_client, username, times):
    """`times` wrong passwords on the token endpoint (the one reaching the limit answers 429)."""
    for _attempt in range(times):
        assert get_token(api_client, username, "wrong-password").status_code in (400, 429)


# Login page -------------------------------------------------------------------------------------


def test_login_page_renders_in_simplified_chinese(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    content = response.content.decode()
    assert '<html lang="zh-CN">' in content
    assert "用户名" in content
    assert "密码" in content


def test_login_page_stays_chinese_when_the_browser_asks_for_english(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"


def test_good_credentials_sign_in_and_redirect_home(client, bureau_user):
    response = login(client, "clerk-hubei", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == bureau_user.pk


def test_login_works_with_csrf_checks_enforced(bureau_user):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    response = login(client, "clerk-hubei", PASSWORD, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    assert signed_in_as(client) == bureau_user.pk


def test_login_follows_a_safe_next_url(client, bureau_user):
    response = client.post(
        LOGIN, {"username": "clerk-hubei", "password": PASSWORD, "next": "/regions/"}
    )
    assert response["Location"] == "/regions/"


def test_login_ignores_an_offsite_next_url(client, bureau_user):
    response = client.post(
        LOGIN,
        {"username": "clerk-hubei", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_bad_password_shows_a_readable_error(client, bureau_user):
    response = login(client, "clerk-hubei", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "正确的" in content  # Django's zh-hans message: 请输入一个正确的 用户名 和密码…
    assert signed_in_as(client) is None


def test_unknown_user_gets_the_same_error_as_a_bad_password(client, bureau_user):
    unknown = login(client, "nobody", "wrong-password")
    bad_password = login(client, "clerk-hubei", "wrong-password")
    assert unknown.context["form"].non_field_errors() == (
        bad_password.context["form"].non_field_errors()
    )


def test_inactive_user_cannot_sign_in(client, bureau_user):
    bureau_user.is_active = False
    bureau_user.save()
    response = login(client, "clerk-hubei", PASSWORD)
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_signed_in_user_visiting_login_is_sent_home(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/"


# Logout -----------------------------------------------------------------------------------------


def test_logout_by_post_signs_out_and_goes_to_login(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_logout_by_get_is_refused_and_keeps_the_session(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    assert client.get(LOGOUT).status_code == 405
    assert signed_in_as(client) == bureau_user.pk


# Password change --------------------------------------------------------------------------------


def test_password_change_page_needs_a_signed_in_user(client):
    response = client.get(PASSWORD_CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change_page_renders(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    response = client.get(PASSWORD_CHANGE)
    assert response.status_code == 200
    assert "修改密码" in response.content.decode()


def test_password_change_changes_the_password_and_keeps_the_session(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    bureau_user.refresh_from_db()
    assert bureau_user.check_password("Xin-mima-2026!")
    assert not bureau_user.check_password(PASSWORD)
    assert signed_in_as(client) == bureau_user.pk
    assert "密码已修改" in client.get("/").content.decode()


def test_password_change_with_wrong_old_password_changes_nothing(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": "not-my-password",
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    bureau_user.refresh_from_db()
    assert bureau_user.check_password(PASSWORD)


def test_new_password_signs_in_after_the_change(client, bureau_user):
    login(client, "clerk-hubei", PASSWORD)
    client.post(
        PASSWORD_CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    client.post(LOGOUT)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 200
    assert login(client, "clerk-hubei", "Xin-mima-2026!").status_code == 302


# Token endpoint ---------------------------------------------------------------------------------


def test_token_for_good_credentials(api_client, bureau_user):
    response = get_token(api_client, "clerk-hubei", PASSWORD)
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=bureau_user).key


def test_token_is_the_same_on_a_second_request(api_client, bureau_user):
    first = get_token(api_client, "clerk-hubei", PASSWORD).json()["token"]
    second = get_token(api_client, "clerk-hubei", PASSWORD).json()["token"]
    assert first == second


def test_token_authenticates_get_requests(api_client, bureau_user):
    token = get_token(api_client, "clerk-hubei", PASSWORD).json()["token"]
    response = api_client.get("/api/v1/zones/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.wsgi_request.user == bureau_user


def test_a_forged_token_is_refused(api_client, bureau_user):
    response = api_client.get("/api/v1/zones/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_token_for_wrong_password_is_400(api_client, bureau_user):
    response = get_token(api_client, "clerk-hubei", "wrong-password")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert not Token.objects.filter(user=bureau_user).exists()


def test_token_for_unknown_user_is_400(api_client):
    assert get_token(api_client, "nobody", "wrong-password").status_code == 400


def test_token_with_missing_fields_names_each_field(api_client):
    response = api_client.post(TOKEN, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["username"]
    assert body["password"]


def test_token_with_missing_password_names_only_the_password(api_client, bureau_user):
    response = api_client.post(TOKEN, {"username": "clerk-hubei"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password"}


def test_token_endpoint_accepts_form_posts(api_client, bureau_user):
    response = api_client.post(TOKEN, {"username": "clerk-hubei", "password": PASSWORD})
    assert response.status_code == 200


def test_token_endpoint_refuses_get(api_client):
    assert api_client.get(TOKEN).status_code == 405


# django-axes lockout ----------------------------------------------------------------------------


def test_the_schema_documents_every_answer_of_the_token_endpoint(api_client):
    # The lockout's 429 was undocumented (found by the fuzz tests).
    schema = api_client.get("/api/schema/?format=json").json()
    answers = schema["paths"][TOKEN]["post"]["responses"]
    assert set(answers) == {"200", "400", "415", "429"}


def test_four_failures_do_not_lock(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 4)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 302


def test_five_failures_lock_the_login_page_even_for_the_right_password(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 4)
    login(client, "clerk-hubei", "wrong-password")
    response = login(client, "clerk-hubei", PASSWORD)
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_locked_login_page_is_a_readable_chinese_page(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 4)
    login(client, "clerk-hubei", "wrong-password")
    response = login(client, "clerk-hubei", PASSWORD)
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "账户已锁定" in content
    assert LOCKED_MESSAGE in content


def test_five_failures_lock_the_token_endpoint_with_json_429(api_client, bureau_user):
    fail_on_token_endpoint(api_client, "clerk-hubei", 4)
    get_token(api_client, "clerk-hubei", "wrong-password")
    response = get_token(api_client, "clerk-hubei", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.json()["detail"]
    assert not Token.objects.filter(user=bureau_user).exists()


def test_token_failures_lock_the_login_page(client, api_client, bureau_user):
    fail_on_token_endpoint(api_client, "clerk-hubei", 5)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 429


def test_login_page_failures_lock_the_token_endpoint(client, api_client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 5)
    assert get_token(api_client, "clerk-hubei", PASSWORD).status_code == 429


def test_failures_on_both_doors_add_up(client, api_client, bureau_user):
    fail_on_token_endpoint(api_client, "clerk-hubei", 2)
    fail_on_login_page(client, "clerk-hubei", 3)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 429


def test_one_clerks_failures_do_not_lock_colleagues_at_the_same_address(
    client, bureau_user, lead_bureau_user
):
    # Clerks of one bureau share an office address: one clerk's typos lock only that clerk there.
    fail_on_login_page(client, "clerk-hubei", 5)
    assert login(client, "clerk-chongqing", PASSWORD).status_code == 302


def test_success_before_the_limit_resets_the_count(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 4)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 302
    client.post(LOGOUT)
    fail_on_login_page(client, "clerk-hubei", 4)
    assert login(client, "clerk-hubei", PASSWORD).status_code == 302


def test_still_locked_fourteen_minutes_later(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert login(client, "clerk-hubei", PASSWORD).status_code == 429


def test_login_page_works_again_after_fifteen_minutes(client, bureau_user):
    fail_on_login_page(client, "clerk-hubei", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = login(client, "clerk-hubei", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == bureau_user.pk


def test_token_endpoint_works_again_after_fifteen_minutes(api_client, bureau_user):
    fail_on_token_endpoint(api_client, "clerk-hubei", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = get_token(api_client, "clerk-hubei", PASSWORD)
    assert response.status_code == 200
    assert response.json()["token"]


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, bureau_user):
    start = timezone.now()
    fail_on_login_page(client, "clerk-hubei", 4)
    with time_machine.travel(start + timedelta(minutes=16)):
        login(client, "clerk-hubei", "wrong-password")
        assert login(client, "clerk-hubei", PASSWORD).status_code == 302
