"""Signing in with a real browser: the login form, each role's start page, language, lockout."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_hq_signs_in_and_sees_the_zones_and_their_leads(hq_user, log_in):
    page = log_in(hq_user.username, PASSWORD)

    assert page.url.endswith("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    southwest = page.locator("table.zones tbody tr", has_text="西南片区")
    assert southwest.count() == 1
    assert southwest.locator(".chip.lead").all_inner_texts() == ["重庆"]
    assert page.locator("table.zones tbody tr").count() == 7
    assert "总局" in page.locator(".whoami").inner_text()


def test_enterprise_user_signs_in_and_sees_its_enterprise(enterprise_user, log_in):
    enterprise = enterprise_user.enterprise
    page = log_in(enterprise_user.username, PASSWORD)

    assert page.locator("h1").inner_text() == enterprise.name
    assert page.get_by_text(enterprise.uscc).is_visible()
    assert page.get_by_text(enterprise.bureau.full_name).first.is_visible()
    # An enterprise sees no zone table and no organisation directory.
    assert page.locator("table.zones").count() == 0


def test_language_switch_shows_english(hq_user, log_in):
    page = log_in(hq_user.username, PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    with page.expect_navigation():
        page.locator("#language-select").select_option("en")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"
    # Still signed in, on the same page.
    assert page.locator("table.zones").is_visible()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(bureau_user, log_in):
    for _attempt in range(5):
        page = log_in(bureau_user.username, "wrong-password")

    page = log_in(bureau_user.username, PASSWORD)

    assert page.locator("h1").inner_text() == "账户已锁定"
    assert "15 分钟" in page.locator("[role=alert]").inner_text()
    assert page.locator(".whoami").count() == 0  # not signed in
