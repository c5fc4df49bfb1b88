"""Every public page and every enterprise page on a 375 px phone (issue 15 point 2): nothing wider
than the screen, no form field beyond its edge, tables as cards, and what must still scroll
sideways takes the keyboard's focus and says so.

The pages are found as a person finds them: from the home page (and, for the enterprise, its
start page) by following the links, on the demo data (`seed_demo`) with an inspection plan and a
zone plan published, a complaint filed and every state of a certificate. axe-core checks each
page too (conftest.py), once, at phone size."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests import factories, lottery
from tests.conftest import PASSWORD

from .conftest import PHONE

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Never followed: files, the API, the admin, signing out, background polls.
NOT_PAGES = re.compile(
    r"^/(api|admin|i18n|health)/|/accounts/logout/|/(pdf|download|licence|autosave|status|"
    r"progress)/$|/documents/\d+/$"
)
PUBLIC = re.compile(
    r"^/$|^/public/|^/register/|^/accounts/login/$|^/(supervision/plans|demonstration/supervision)/"
    r"\d+/verify/$"
)
ENTERPRISE = re.compile(r"^/$|^/cases/|^/accounts/(password|jobs)/")
PER_PATTERN = 6  # pages of one address pattern (/cases/N/): enough for each state shown
MOST = 90

# What a phone shows wrongly: the page wider than the screen; a form's field, list or button
# beyond the screen's edges; a box that scrolls sideways without being a named, focusable region
# that says so (portal.js); and a table wider than the screen outside such a region.
CHECK = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.getAttribute("name") ? "[name=" + el.getAttribute("name") + "]" : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const shown = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  if (document.documentElement.scrollWidth > width) {
    problems.push("the page is " + document.documentElement.scrollWidth + " px wide");
  }
  document.querySelectorAll("form input, form select, form textarea, form button").forEach(el => {
    if (!shown(el)) { return; }
    const box = el.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(name(el) + " spans " + Math.round(box.left) + "–" + Math.round(box.right) + " px");
    }
  });
  const regions = [];
  document.querySelectorAll("body *").forEach(el => {
    if (!shown(el) || !["auto", "scroll"].includes(getComputedStyle(el).overflowX)) { return; }
    if (el.scrollWidth <= el.clientWidth + 1) { return; }
    const announced = el.tabIndex === 0 && el.getAttribute("role") === "region"
      && (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"))
      && el.querySelector(":scope > .scroll-hint");
    if (announced) { regions.push(name(el)); }
    else { problems.push(name(el) + " scrolls sideways without saying so"); }
  });
  document.querySelectorAll("main table").forEach(table => {
    if (shown(table) && !table.closest("[role=region][tabindex='0']")
        && table.getBoundingClientRect().right > width + 0.5) {
      problems.push(name(table) + " is a table wider than the screen");
    }
  });
  return {problems: problems, regions: regions};
}"""


def crawl(page, starts: list[str], allowed: re.Pattern) -> tuple[list[str], dict, dict]:
    """Visits `starts` and the pages they link to (within `allowed`), checking each at phone
    size; returns the pages visited, the problems found and the regions that scroll."""
    queue, seen, visited = list(starts), set(), []
    patterns = Counter()
    problems, regions = {}, {}
    while queue and len(visited) < MOST:
        path = queue.pop(0)
        pattern = re.sub(r"\d+", "N", path)
        if path in seen or patterns[pattern] >= PER_PATTERN:
            continue
        seen.add(path)
        patterns[pattern] += 1
        page.goto(path)
        visited.append(path)
        found = page.evaluate(CHECK)
        if found["problems"]:
            problems[path] = found["problems"]
        if found["regions"]:
            regions[path] = found["regions"]
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.getAttribute('href'))"
        ):
            target = urlsplit(urljoin(path, href))
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue  # another site, mailto:, javascript:
            if allowed.search(target.path) and not NOT_PAGES.search(target.path):
                queue.append(target.path)
    return visited, problems, regions


@pytest.fixture
def demo():
    """The demo data, an inspection plan and a zone plan published with their results, and a
    complaint: every public list has rows, every public page something to show."""
    from applications.models import Application, Certificate
    from demonstration import services as zone_services
    from demonstration.models import ZoneInspectionPlan, ZoneInspectionTarget
    from regions.models import Bureau
    from supervision import services
    from supervision.models import InspectionPlan, InspectionTarget

    call_command("seed_demo", force=True, stdout=StringIO())
    from accounts.models import User

    hq = User.objects.get(username="hq")
    yesterday = timezone.localdate() - timedelta(days=1)
    plan = services.plan_create(
        actor=hq,
        name="2026年第一批双随机抽查",
        planned_date=lottery.inspection_day(),
        sample_size=2,
        team_size=2,
        bureaus=list(Bureau.objects.filter(code__in=["beijing", "chongqing"])),
        **lottery.declared(),
    )
    lottery.drawn(plan)
    InspectionPlan.objects.filter(pk=plan.pk).update(planned_date=yesterday)  # carried out
    for target in InspectionTarget.objects.filter(plan=plan):
        services.inspection_record(
            target=target,
            actor=target.inspectors.first(),
            findings="现场核查产地、生产记录和标志使用，未发现问题。",
            outcome="no_issue",
        )
    plan = InspectionPlan.objects.get(pk=plan.pk)
    services.plan_reveal(plan=plan, actor=hq)
    services.plan_publish(plan=plan, actor=hq)

    zone_plan = lottery.drawn(ZoneInspectionPlan.objects.get())  # the demo's: committed
    ZoneInspectionPlan.objects.filter(pk=zone_plan.pk).update(planned_date=yesterday)
    for target in ZoneInspectionTarget.objects.filter(plan=zone_plan):
        zone_services.zone_inspection_record(
            target=target,
            actor=target.inspectors.first(),
            findings="示范区建设情况良好。",
            outcome="no_issue",
        )
    zone_plan = ZoneInspectionPlan.objects.get(pk=zone_plan.pk)
    zone_services.zone_plan_reveal(plan=zone_plan, actor=hq)
    zone_services.zone_plan_publish(plan=zone_plan, actor=hq)

    suspended = Certificate.objects.get(application__state="suspended")
    complaint = services.complaint_submit(
        content="超市销售的该产品包装上的保护标志与证书不一致，请核查。",
        certificate_number=suspended.number,
    )
    return {
        "certificates": {
            state: Certificate.objects.filter(application__state=state).first().number
            for state in ("protected", "suspended", "revoked")
        },
        "complaint": complaint.tracking_code,
        "suspended_case": Application.objects.get(state="suspended").pk,
    }


def report(problems: dict) -> str:
    return "\n".join(f"{path}: {'; '.join(found)}" for path, found in problems.items())


def test_every_public_page_fits_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    numbers = demo["certificates"]
    starts = [
        "/",
        *(f"/public/verify/{number}/" for number in numbers.values()),
        "/public/verify/NO-SUCH-NUMBER/",
        f"/public/complaints/{demo['complaint']}/",
        "/public/complaints/",
        "/no-such-page/",
    ]

    visited, problems, regions = crawl(page, starts, PUBLIC)

    assert problems == {}, report(problems)
    for expected in (
        "/public/complaints/new/",
        "/public/inspections/",
        "/public/demonstration-zones/inspections/",
        "/public/products/",
        "/public/revocations/",
        "/register/",
        "/accounts/login/",
    ):
        assert expected in visited
    assert any(re.match(r"^/supervision/plans/\d+/verify/$", path) for path in visited)
    assert any(re.match(r"^/demonstration/supervision/\d+/verify/$", path) for path in visited)
    assert any(path.startswith("/public/demonstration-zones/verify/") for path in visited)
    assert len(visited) >= 20, visited
    assert regions == {}, f"tables that still scroll sideways: {regions}"


def test_every_enterprise_page_fits_a_phone(page, log_in, demo):
    page.set_viewport_size(PHONE)
    visited = []
    for username in ("ent-beijing", "ent-chongqing"):
        log_in(username, settings.DEMO_PASSWORD)
        pages, problems, regions = crawl(page, ["/"], ENTERPRISE)
        assert problems == {}, report(problems)
        assert regions == {}, f"tables that still scroll sideways: {regions}"
        visited += pages
        with page.expect_navigation():
            page.get_by_role("button", name="退出登录").click()

    for expected in ("/cases/", "/cases/new/", "/cases/inbox/", "/accounts/password/"):
        assert expected in visited
    case = demo["suspended_case"]
    assert f"/cases/{case}/" in visited
    assert any(re.match(r"^/cases/\d+/edit/$", path) for path in visited)
    assert any(re.match(r"^/cases/inbox/\d+/$", path) for path in visited)
    assert any(re.match(r"^/cases/\d+/do/choose_agency/$", path) for path in visited)
    assert len(visited) >= 20, visited


def test_the_check_sees_a_field_beyond_the_screen(page):
    """Not blind: a text area wider than the phone is reported."""
    page.set_viewport_size(PHONE)
    page.goto("/public/complaints/new/")
    assert page.evaluate(CHECK)["problems"] == []
    page.evaluate("() => { document.querySelector('#id_content').style.width = '600px'; }")
    problems = page.evaluate(CHECK)["problems"]
    assert any(problem.startswith("textarea#id_content[name=content]") for problem in problems)


def test_a_wide_table_that_stays_a_table_is_a_focusable_region_that_says_so(page):
    page.set_viewport_size(PHONE)
    page.goto("/public/products/")
    table = page.locator("main table.table")
    assert "stackable" in table.get_attribute("class")  # its rows are cards on a phone
    # A table marked to stay a table, wider than the screen, in its card:
    page.evaluate(
        """() => {
          const card = document.createElement("section");
          card.className = "card";
          card.innerHTML = "<h2>宽表</h2><table class='table keep-table'><thead><tr>"
            + "<th>甲</th><th>乙</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr>"
            + "</tbody></table>";
          // Through the CSSOM: the Content-Security-Policy refuses style attributes.
          card.querySelectorAll("td").forEach(cell => { cell.style.minWidth = "30rem"; });
          document.querySelector("main").append(card);
          window.dispatchEvent(new Event("resize"));
        }"""
    )
    found = page.evaluate(CHECK)
    assert found["problems"] == [] and found["regions"] == ["section.card"]
    card = page.locator("main section.card").last
    assert card.get_attribute("role") == "region"
    assert card.get_attribute("tabindex") == "0"
    assert card.get_attribute("aria-label") == "宽表 · 表格较宽，可左右滑动查看"
    assert card.locator(".scroll-hint").inner_text() == "表格较宽，可左右滑动查看"
    # Wide enough again (a desktop): an ordinary card once more.
    page.set_viewport_size({"width": 1600, "height": 900})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    assert card.get_attribute("role") is None and card.get_attribute("tabindex") is None
    assert card.locator(".scroll-hint").count() == 0


# The opened menus of the top bar: each one's box against the screen's width.
MENU_BOXES = """() => [...document.querySelectorAll(
  ".usermenu details[open] > summary, .usermenu details[open] > nav, .usermenu details[open] nav a"
)].map(el => {
  const box = el.getBoundingClientRect();
  return {
    what: el.tagName.toLowerCase() + " " + el.innerText.trim().split("\\n")[0],
    left: box.left, right: box.right, width: document.documentElement.clientWidth,
  };
})"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_account_menu_of_a_long_name_fits_a_phone(page, log_in, language):
    """The signed-in user's menu (.accountmenu) opened on a 375 px phone: its name, the menu and
    every link in it within the screen, for the longest name the top bar shows (a zone lead's,
    with its role and 片区牵头), in both languages. axe-core checks the page with it open."""
    user = factories.bureau_staff(
        "chongqing",
        username="clerk-chongqing",
        first_name="重庆出入境检验检疫局检验监管处综合业务科",
    )
    page.set_viewport_size(PHONE)
    log_in(user.username, PASSWORD)
    if language == "en":
        with page.expect_navigation():
            page.locator("#language-select").select_option("en")
    page.locator("details.accountmenu > summary").click()
    account = page.get_by_role("navigation", name="My account" if language == "en" else "我的账户")
    assert account.is_visible()
    assert account.get_by_role("link").count() == 3  # 后台任务, 修改密码, 接口文档

    boxes = page.evaluate(MENU_BOXES)
    assert len(boxes) == 5, boxes
    beyond = [box for box in boxes if box["left"] < -0.5 or box["right"] > box["width"] + 0.5]
    assert beyond == [], beyond
    assert page.evaluate(CHECK)["problems"] == []
