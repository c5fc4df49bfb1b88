"""The sign-in lockout counts per (user name, client address), plus a higher limit per address
across user names (ADR 0003, issue 12 point 3): nobody can lock a named account out from
anywhere, and password spraying from one address is stopped."""

from datetime import timedelta

import pytest
import time_machine
from axes.checks import axes_lockout_params_check
from django.conf import settings as django_settings
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.20"


def login(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def get_token(api_client, username, password, address):
    return api_client.post(
        TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def fail_on_login_page(client, username, times, address=ADDRESS_A):
    for _attempt in range(times):
        assert login(client, username, "wrong-password", address).status_code in (200, 429)


def fail_on_token_endpoint(api_client, username, times, address=ADDRESS_A):
    for _attempt in range(times):
        assert get_token(api_client, username, "wrong-password", address).status_code in (400, 429)


def spray(client, names, address=ADDRESS_A):
    """One wrong password for each name, as a password sprayer would."""
    for name in names:
        assert login(client, name, "wrong-password", address).status_code in (200, 429)


# ---------------------------------------------------------------- per (user name, address)


def test_anonymous_failures_from_one_address_do_not_lock_the_account_from_another(client, hq_user):
    fail_on_login_page(client, "hq-officer", 5, ADDRESS_A)
    response = login(client, "hq-officer", PASSWORD, ADDRESS_B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(hq_user.pk)


def test_five_failures_lock_the_account_at_the_failing_address(client, hq_user):
    fail_on_login_page(client, "hq-officer", 5, ADDRESS_A)
    assert login(client, "hq-officer", PASSWORD, ADDRESS_A).status_code == 429


def test_four_failures_at_each_of_two_addresses_lock_neither(client, hq_user):
    fail_on_login_page(client, "hq-officer", 4, ADDRESS_A)
    fail_on_login_page(client, "hq-officer", 4, ADDRESS_B)
    assert login(client, "hq-officer", PASSWORD, ADDRESS_A).status_code == 302


def test_token_endpoint_locks_per_name_and_address(api_client, hq_user):
    fail_on_token_endpoint(api_client, "hq-officer", 5, ADDRESS_A)
    assert get_token(api_client, "hq-officer", PASSWORD, ADDRESS_A).status_code == 429
    response = get_token(api_client, "hq-officer", PASSWORD, ADDRESS_B)
    assert response.status_code == 200
    assert response.json()["token"]


def test_token_failures_do_not_lock_the_login_page_elsewhere(client, api_client, hq_user):
    fail_on_token_endpoint(api_client, "hq-officer", 5, ADDRESS_A)
    assert login(client, "hq-officer", PASSWORD, ADDRESS_A).status_code == 429
    assert login(client, "hq-officer", PASSWORD, ADDRESS_B).status_code == 302


# ---------------------------------------------------------------- per address, across names


def test_the_address_limit_is_thirty_and_higher_than_the_account_limit():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_ADDRESS_FAILURE_LIMIT == 30


def test_twenty_nine_failures_on_different_names_do_not_lock_the_address(client, bureau_user):
    spray(client, [f"guess-{n}" for n in range(29)])
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 302


def test_thirty_failures_on_different_names_lock_the_address(client, bureau_user):
    spray(client, [f"guess-{n}" for n in range(29)])
    last = login(client, "guess-29", "wrong-password", ADDRESS_A)
    assert last.status_code == 429
    assert "登录失败次数过多" in last.content.decode()
    # Every name from that address, even with the right password; other addresses are free.
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 429
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_B).status_code == 302


def test_the_token_endpoint_counts_towards_the_address_limit(client, api_client, bureau_user):
    for n in range(15):
        assert get_token(api_client, f"api-guess-{n}", "wrong", ADDRESS_A).status_code == 400
    spray(client, [f"form-guess-{n}" for n in range(15)])
    locked = get_token(api_client, "clerk-hubei", PASSWORD, ADDRESS_A)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["detail"]
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 429


def test_a_successful_sign_in_does_not_reset_the_address_count(client, bureau_user):
    # Otherwise a sprayer with one account of its own (registration is open) could sign in
    # after every 29 guesses and go on for ever.
    spray(client, [f"guess-{n}" for n in range(29)])
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 302
    client.post("/accounts/logout/")
    spray(client, ["guess-29"])
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 429


def test_the_address_lock_ends_after_fifteen_minutes(client, bureau_user):
    spray(client, [f"guess-{n}" for n in range(30)])
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 302


def test_the_address_limit_is_read_from_the_settings(client, settings, bureau_user):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    spray(client, [f"guess-{n}" for n in range(8)])
    assert login(client, "clerk-hubei", PASSWORD, ADDRESS_A).status_code == 429


def test_the_lockout_parameters_include_the_address_and_no_check_is_silenced():
    assert axes_lockout_params_check(None) == []
    assert "axes.W006" not in django_settings.SILENCED_SYSTEM_CHECKS
