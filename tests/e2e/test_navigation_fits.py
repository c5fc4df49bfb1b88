"""English throughout (issue 15 point 6), in the browser: on a 1366 × 768 screen the main
navigation of every role, and the public one, fits one line in both languages; the language
switch names each language in that language; names of bureaus, zones and categories are
English on English pages."""

import pytest

from accounts.models import Role
from regions.models import Organisation
from tests import factories
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}

# The navigation's links: the line each one starts and ends on (their boxes' tops and bottoms),
# the navigation's own height and width, and whether anything is cut off on the right.
NAV_LINES = """nav => {
  const links = [...nav.querySelectorAll(':scope > a')];
  const boxes = links.map(a => a.getBoundingClientRect());
  return {
    texts: links.map(a => a.innerText.trim()),
    tops: boxes.map(b => Math.round(b.top)),
    heights: boxes.map(b => Math.round(b.height)),
    navHeight: Math.round(nav.getBoundingClientRect().height),
    overflows: nav.scrollWidth > nav.clientWidth + 1,
    right: Math.round(Math.max(...boxes.map(b => b.right))),
    width: Math.round(nav.getBoundingClientRect().width),
  };
}"""


def _organisation_staff(kind: str):
    return lambda: factories.organisation_staff(
        factories.OrganisationFactory(kind=kind), username=f"staff-{kind}"
    )


# Each role as it signs in; HQ with the admin link (the longest navigation of all).
PERSONAS = {
    "hq": lambda: factories.hq(username="hq-officer", is_staff=True),
    "bureau": lambda: factories.bureau_staff("hubei", username="clerk-hubei"),
    "zone_lead": lambda: factories.bureau_staff("chongqing", username="clerk-chongqing"),
    "enterprise": lambda: factories.enterprise_staff(username="ent-staff"),
    "agency": lambda: factories.agency_staff(username="evaluator"),
    "inspector": lambda: factories.inspector("jiangsu", username="inspector-js"),
    "expert": lambda: factories.UserFactory(
        role=Role.EXPERT, bureau=factories.bureau("jiangsu"), username="expert-js"
    ),
    "government": _organisation_staff(Organisation.Kind.LOCAL_GOVERNMENT),
    "hq_department": _organisation_staff(Organisation.Kind.HQ_DEPARTMENT),
    "association": _organisation_staff(Organisation.Kind.ASSOCIATION),
    "operator": _organisation_staff(Organisation.Kind.ZONE_OPERATOR),
    "quality_authority": _organisation_staff(Organisation.Kind.QUALITY_AUTHORITY),
}


def _assert_one_line(page, label: str) -> dict:
    nav = page.locator("nav.mainnav")
    lines = nav.evaluate(NAV_LINES)
    assert lines["texts"], lines
    assert len(set(lines["tops"])) == 1, f"{label}: the navigation wraps: {lines}"
    assert not lines["overflows"], f"{label}: the navigation is cut off: {lines}"
    # One line: the bar is no taller than its tallest link (plus its own padding, none today).
    assert lines["navHeight"] <= max(lines["heights"]) + 2, f"{label}: {lines}"
    return lines


# The top bar: the brand and the user's menu side by side, each on one line.
TOP_BAR = """row => {
  const parts = [row.querySelector('.brand'), row.querySelector('.usermenu')];
  const boxes = parts.map(part => part.getBoundingClientRect());
  const items = [...row.querySelectorAll('.usermenu > *')].map(i => i.getBoundingClientRect());
  return {
    tops: boxes.map(b => Math.round(b.top)),
    itemTops: [...new Set(items.map(i => Math.round(i.top + i.height / 2)))],
  };
}"""


def _assert_top_bar_is_one_row(page, label: str) -> None:
    bar = page.locator(".topbar-row").evaluate(TOP_BAR)
    assert bar["tops"][0] <= bar["tops"][1] + 12 and len(bar["itemTops"]) == 1, f"{label}: {bar}"


def _switch_to(page, language: str) -> None:
    with page.expect_navigation():
        page.locator("#language-select").select_option(language)


def _options(page) -> list[list[str]]:
    return page.locator("#language-select option").evaluate_all(
        "options => options.map(o => [o.value, o.lang, o.textContent.trim()])"
    )


NATIVE = [["zh-hans", "zh-CN", "简体中文"], ["en", "en", "English"]]


@pytest.mark.parametrize("role", list(PERSONAS))
def test_every_roles_navigation_fits_one_line_in_both_languages(page, log_in, role):
    user = PERSONAS[role]()
    page.set_viewport_size(LAPTOP)
    log_in(user.username, PASSWORD)
    assert page.locator(".whoami").count() == 1, "signed in"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    chinese = _assert_one_line(page, f"{role}, 简体中文")
    _assert_top_bar_is_one_row(page, f"{role}, 简体中文")
    assert _options(page) == NATIVE
    # The user's own pages and tools are in the menu under the user's name.
    page.locator("details.accountmenu > summary").click()
    account = page.get_by_role("navigation", name="我的账户")
    assert account.get_by_role("link", name="我的后台任务").is_visible()
    assert account.get_by_role("link", name="修改密码").is_visible()
    assert account.get_by_role("link", name="管理后台").count() == (1 if user.is_staff else 0)
    page.keyboard.press("Escape")
    assert not account.is_visible()

    _switch_to(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    english = _assert_one_line(page, f"{role}, English")
    _assert_top_bar_is_one_row(page, f"{role}, English")
    assert len(english["texts"]) == len(chinese["texts"])
    assert english["texts"][0] == "Home"
    # The switch names each language in that language, whichever is shown.
    assert _options(page) == NATIVE


def test_the_public_navigation_fits_one_line_in_both_languages(page):
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    _assert_one_line(page, "public, 简体中文")
    assert _options(page) == NATIVE
    _assert_top_bar_is_one_row(page, "public, 简体中文")
    _switch_to(page, "en")
    _assert_one_line(page, "public, English")
    _assert_top_bar_is_one_row(page, "public, English")
    assert _options(page) == NATIVE


def test_bureau_zone_and_category_names_are_english_on_english_pages(page):
    page.set_viewport_size(LAPTOP)
    page.goto("/public/products/")
    bureaus = page.locator("select[name=bureau] option")
    assert "北京" in bureaus.all_inner_texts()
    _switch_to(page, "en")
    assert "Beijing" in page.locator("select[name=bureau] option").all_inner_texts()
    assert "Tea" in page.locator("select[name=category] option").all_inner_texts()

    page.goto("/")
    southwest = page.locator("table.zones tbody tr", has_text="Southwest Zone")
    assert southwest.count() == 1
    assert southwest.locator(".chip.lead").all_inner_texts() == ["Chongqing"]
    assert page.locator("table.zones", has_text="西南片区").count() == 0
