"""End-to-end tests: Debian's chromium, driven by Playwright (sync API), against live_server.

Playwright's own browser download does not work here: the tests use /usr/bin/chromium, which
`make test` installs (bin/ensure-debian-packages chromium). Without it they are skipped.
One screenshot per test goes to test-results/ (gitignored).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made meanwhile
# (fixtures, assertions) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True)
def _chromium_installed():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: bin/ensure-debian-packages chromium (make test does)")


@pytest.fixture
def page(live_server, request):
    """A fresh chromium page in zh-CN on the live server; a screenshot when the test ends.

    Playwright runs per test, not per session: while its sync API is active an asyncio loop
    counts as running in this thread, and Django then keeps database connections per async
    context, not per thread. Set-up and tear-down of the test database (serialized_rollback
    restoring the organisation data) must see the thread's own connection, so the browser is
    started after them and stopped before.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            base_url=live_server.url,
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            try:
                RESULTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]+", "_", request.node.name)
                page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
            finally:
                browser.close()
                # Connections the test opened while the loop ran: close them, or the test
                # database could not be dropped at the end of the session.
                connections.close_all()


@pytest.fixture
def log_in(page):
    """log_in(username, password) through the login form, as a person would."""

    def submit(username: str, password: str):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        return page

    return submit
