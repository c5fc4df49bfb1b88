"""Accessibility in the browser: the skip link, the error pages (checked with axe-core like every
page the e2e tests visit, conftest.py) in both languages, and that the check is not blind."""

import pytest

from .conftest import AccessibilityCheck

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MISSING_ALT = "() => document.querySelector('main').append(document.createElement('img'))"


def test_the_skip_link_is_the_first_stop_and_leads_to_the_main_content(page):
    page.goto("/public/products/")
    skip = page.get_by_role("link", name="跳到主要内容")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0  # out of sight until focused

    page.keyboard.press("Tab")
    assert skip.evaluate("link => link === document.activeElement")
    assert skip.bounding_box()["y"] >= 0

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_the_404_page_has_the_navigation_and_a_way_back_in_both_languages(page):
    page.goto("/public/products/")
    page.goto("/no-such-page/")
    assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
    assert page.get_by_role("navigation", name="公共服务").is_visible()

    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("navigation", name="Public services").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Back to the home page").click()
    assert page.url.endswith("/")


def test_the_check_finds_a_violation(page):
    check = AccessibilityCheck(page._target)  # a second check, on the browser's page itself
    page.goto("/public/products/")
    page.evaluate(MISSING_ALT)

    check.check()

    report = check.report()
    assert "- image-alt (critical) on " in report
    assert "/public/products/ at 1280, 375 px: Images must have alternative text" in report
    page.evaluate("() => document.querySelector('main img').remove()")
