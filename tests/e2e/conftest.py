"""End-to-end tests: Debian's chromium, driven by Playwright (sync API), against live_server.

Playwright's own browser download does not work here: the tests use /usr/bin/chromium, which
`make test` installs (bin/ensure-debian-packages chromium). Without it they are skipped.
One screenshot per test goes to test-results/ (gitignored).

Every page a test's browser shows is checked with axe-core (WCAG 2.0/2.1, levels A and AA), at
the test's window size and at phone size (375 × 812): once it has loaded, before the test may
do anything more with it, and the last one again when the test ends (what scripts drew after
loading, the API docs' Swagger UI). Any serious or critical violation fails the test, with the
list of them. axe-core comes packaged with axe-playwright-python (requirements/dev.txt), no
network needed.
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

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = ("serious", "critical")
# axe-core reads a stylesheet that @imports another (the Django admin's forms.css) through a
# <style> element of its own, which the Content-Security-Policy refuses, and reports: the CSP
# tests would see it. Without that sheet its one rule built on it (css-orientation-lock) cannot
# decide either way, so such pages are checked without reading the stylesheets first.
HAS_CSS_IMPORTS = """() => [...document.styleSheets].some(sheet => {
  try { return [...sheet.cssRules].some(rule => rule instanceof CSSImportRule); }
  catch { return false; }
})"""
PHONE = {"width": 375, "height": 812}
MAX_TARGETS = 8  # elements named per violation in the report
# Until the page has handled the new window size (its resize listeners run before the next frame).
AFTER_RESIZE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))"


class AccessibilityCheck:
    """axe-core on each page (document) the browser shows, at the window's size and at phone
    size; the serious and critical violations are kept, once each, for the report at the end.

    A page is checked once it has loaded, at the test's next use of the browser (`Audited`):
    the test cannot act on a page, nor leave it, before it has been checked. (Checking while
    the browser leaves it cannot work: Playwright evaluates nothing in a page during a
    navigation.)"""

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.violations: dict[tuple[str, str], dict] = {}
        self.pages_checked = 0
        self.unchecked = False
        self.checking = False
        page.on("framenavigated", self.navigated)

    def navigated(self, frame) -> None:
        if frame.parent_frame is None:
            self.unchecked = True

    def check_new_page(self) -> None:
        """Checks the page shown, if it has not been checked yet."""
        if self.unchecked and not self.checking:
            self.check(new_page=True)

    def check(self, *, new_page: bool = False) -> None:
        from playwright.sync_api import Error

        page = self.page
        self.checking, self.unchecked = True, False
        size = page.viewport_size
        try:
            page.wait_for_load_state()
            if page.url == "about:blank" or page.evaluate("document.contentType") != "text/html":
                return  # nothing yet, or a PDF or JSON shown by the browser itself
            options = {**AXE_OPTIONS, "preload": not page.evaluate(HAS_CSS_IMPORTS)}
            # Once at phone size when the test's window is a phone's already.
            for viewport in (size, PHONE) if size != PHONE else (PHONE,):
                page.set_viewport_size(viewport)
                page.evaluate(AFTER_RESIZE)
                self.record(page.url, viewport["width"], self.axe.run(page, options=options))
            if new_page:
                self.pages_checked += 1
        except Error:
            if not new_page:
                raise
            # The page went on to another by itself meanwhile (a job's page reloads when the
            # job is done): that one is checked at the next use.
            self.unchecked = True
        finally:
            page.set_viewport_size(size)
            self.checking = False

    def record(self, url: str, width: int, results) -> None:
        for violation in results.response["violations"]:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            found = self.violations.setdefault(
                (url, violation["id"]),
                {"violation": violation, "widths": [], "targets": {}},
            )
            if width not in found["widths"]:
                found["widths"].append(width)
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                found["targets"].setdefault(target, " ".join(node["failureSummary"].split()))

    def report(self) -> str:
        lines = [
            f"axe-core found serious or critical WCAG 2.0/2.1 A/AA violations on the "
            f"{self.pages_checked} page(s) this test visited:"
        ]
        for (url, rule), found in self.violations.items():
            violation, targets = found["violation"], found["targets"]
            widths = ", ".join(map(str, found["widths"]))
            shown = "; ".join(list(targets)[:MAX_TARGETS])
            more = f" … and {len(targets) - MAX_TARGETS} more" if len(targets) > MAX_TARGETS else ""
            lines += [
                f"- {rule} ({violation['impact']}) on {url} at {widths} px: {violation['help']}",
                f"    where: {shown}{more}",
                f"    e.g. {next(iter(targets.values()))}",
            ]
        return "\n".join(lines)


class Audited:
    """The page as the test sees it, and every locator, frame, keyboard or mouse got from it:
    each use first lets AccessibilityCheck check a page not checked yet. Arguments that are
    Audited themselves (`has=page.get_by_role(...)`) reach Playwright as what they wrap."""

    def __init__(self, target, accessibility: AccessibilityCheck, types: tuple):
        self._target = target
        self._accessibility = accessibility
        self._types = types

    def __getattr__(self, name):
        self._accessibility.check_new_page()
        value = getattr(self._target, name)
        if not callable(value):
            return self._wrap(value)

        def call(*args, **kwargs):
            args = [self._unwrap(a) for a in args]
            kwargs = {key: self._unwrap(v) for key, v in kwargs.items()}
            return self._wrap(value(*args, **kwargs))

        return call

    def _wrap(self, value):
        if isinstance(value, list):
            return [self._wrap(item) for item in value]
        if isinstance(value, self._types):
            return Audited(value, self._accessibility, self._types)
        return value

    @staticmethod
    def _unwrap(value):
        return value._target if isinstance(value, Audited) else value

    def __repr__(self) -> str:
        return f"Audited({self._target!r})"


@pytest.fixture(autouse=True)
def _chromium_installed():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: bin/ensure-debian-packages chromium (make test does)")


@pytest.fixture
def page(live_server, request):
    """A fresh chromium page in zh-CN on the live server, every page it shows checked with
    axe-core (AccessibilityCheck); a screenshot when the test ends.

    Playwright runs per test, not per session: while its sync API is active an asyncio loop
    counts as running in this thread, and Django then keeps database connections per async
    context, not per thread. Set-up and tear-down of the test database (serialized_rollback
    restoring the organisation data) must see the thread's own connection, so the browser is
    started after them and stopped before.
    """
    from django.db import connections
    from playwright.sync_api import Frame, FrameLocator, Keyboard, Locator, Mouse, sync_playwright

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
        accessibility = AccessibilityCheck(page)
        try:
            yield Audited(page, accessibility, (Frame, FrameLocator, Keyboard, Locator, Mouse))
            accessibility.check()  # the page the test ended on, as it is now
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
    if accessibility.violations:
        pytest.fail(accessibility.report(), pytrace=False)


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
