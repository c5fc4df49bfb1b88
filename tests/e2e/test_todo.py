"""Work finds the worker (issue 15 point 1), in the browser: the clerk's landing page starts with
its to-do (an overdue case marked, the days left on the working-day clock), the navigation
counts it, and the worklist sorts by a column's header, which says so (aria-sort). Every page
is checked with axe-core at desktop and phone size by the `page` fixture."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import Application
from tests import factories
from tests.applications.factories import ApplicationFactory
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_clerk_starts_from_its_to_do_and_sorts_the_worklist(page, log_in):
    clerk = factories.bureau_staff("hubei", username="clerk-hubei")
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now(), name="湖北生态茶业"
    )
    today = timezone.localdate()
    for name, due in (
        ("逾期的茶", today - timedelta(days=6)),
        ("宽裕的茶", today + timedelta(days=6)),
    ):
        case = ApplicationFactory(enterprise=enterprise, product_name=name)
        Application.objects.filter(pk=case.pk).update(
            state="submitted", submitted_at=timezone.now(), due_kind="acceptance", due_date=due
        )

    log_in(clerk.username, PASSWORD)
    waiting = page.get_by_role("region", name=re.compile(r"^待受理"))
    items = waiting.get_by_role("listitem")
    assert items.nth(0).get_attribute("class") == "overdue"
    assert "逾期的茶" in items.nth(0).inner_text() and "逾期" in items.nth(0).inner_text()
    assert "宽裕的茶" in items.nth(1).inner_text() and "个工作日" in items.nth(1).inner_text()
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name=re.compile(r"^案件工作台\s*2")).count() == 1

    with page.expect_navigation():
        waiting.get_by_role("link", name="待受理").click()
    assert "sort=due" in page.url
    header = page.get_by_role("columnheader", name="状态 / 时限")
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("table.table tbody tr").first
    assert "逾期的茶" in first.inner_text()

    with page.expect_navigation():
        header.get_by_role("link").click()
    assert (
        page.get_by_role("columnheader", name="状态 / 时限").get_attribute("aria-sort")
        == "descending"
    )
    assert "宽裕的茶" in page.locator("table.table tbody tr").first.inner_text()
