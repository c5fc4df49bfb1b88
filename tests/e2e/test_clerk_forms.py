"""Forms a clerk likes, in a real browser under the Content-Security-Policy (issue 15 point 7):
a check-box list filters its options as one types and counts the chosen ones; an export starts
with one click and its progress, then its download link, appear in place, on the same page.
Both scripts are static files (static/js/forms.js); the browser reports no refused script."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script, outside the page's policy (Playwright injects it).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def violations(page):
    page.add_init_script(LISTEN)
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return lambda: seen + page.evaluate("window.__violations")


def test_a_check_box_list_filters_as_one_types(page, log_in, hq_user, violations):
    log_in(hq_user.username, PASSWORD)
    page.goto("/supervision/plans/new/")
    bureaus = page.get_by_role("group", name="范围：直属局")
    options = bureaus.get_by_role("checkbox")
    assert options.count() == 35
    search = bureaus.get_by_role("searchbox", name="筛选选项")
    assert search.is_visible()

    search.fill("湖")
    assert options.filter(visible=True).count() == 2
    assert bureaus.get_by_role("checkbox", name="湖北").is_visible()
    assert not bureaus.get_by_role("checkbox", name="北京").is_visible()
    bureaus.get_by_role("checkbox", name="湖北").check()
    assert bureaus.get_by_text("已选 1 项").is_visible()

    # Enter in the filter box filters; it does not send the form.
    search.fill("无此直属局")
    assert bureaus.get_by_text("没有匹配的选项。").is_visible()
    url = page.url
    search.press("Enter")
    assert page.url == url and page.locator("ul.messages").count() == 0
    search.press("Escape")
    assert options.filter(visible=True).count() == 35
    # What the filter hides stays chosen.
    assert bureaus.get_by_role("checkbox", name="湖北").is_checked()
    assert violations() == []


def test_an_export_starts_with_one_click_and_shows_its_progress_in_place(
    page, log_in, hq_user, violations
):
    log_in(hq_user.username, PASSWORD)
    page.goto("/regions/")
    url = page.url
    page.get_by_role("button", name="导出名录 (XLSX)").click()
    state = page.get_by_role("status").filter(has_text="导出直属局与片区名录")
    state.get_by_role("link", name="下载结果").wait_for()
    assert page.url == url  # the page stayed where it was
    assert state.get_by_text("已完成").is_visible()
    with page.expect_download() as download:
        state.get_by_role("link", name="下载结果").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert violations() == []
