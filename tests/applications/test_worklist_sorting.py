"""The staff worklist sorted by clicking its column headers (ecoorigin.sorting): each sortable
column in both directions, the deadline most urgent first with the cases without one last,
`aria-sort` on the header that sorts the list, the filters and the sort kept together, and a
sort key the page does not know ignored (never a 500). Sorting reads no more queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from tests import factories

from .factories import ApplicationFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    """Four cases whose every sortable column orders them differently."""
    today = timezone.localdate()
    now = timezone.now()
    rows = [
        # bureau, category, product, due date, updated
        ("hubei", "tea", "乙茶", today + timedelta(days=3), now - timedelta(hours=1)),
        ("beijing", "grain_oil", "甲米", None, now - timedelta(hours=3)),
        ("guangdong", "fruit_veg", "丁果", today - timedelta(days=2), now - timedelta(hours=2)),
        ("hubei", "grain_oil", "丙油", today + timedelta(days=9), now - timedelta(hours=4)),
    ]
    made = []
    for bureau, code, product, due, updated in rows:
        enterprise = factories.EnterpriseFactory(bureau=factories.bureau(bureau), confirmed_at=now)
        case = ApplicationFactory(
            enterprise=enterprise, category=category(code), product_name=product
        )
        Application.objects.filter(pk=case.pk).update(
            state="submitted", submitted_at=now, due_date=due, updated_at=updated
        )
        made.append(Application.objects.get(pk=case.pk))
    return made


def rows(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [case.pk for case in response.context["page"]["rows"]]


def expected(cases, key, *, descending=False, nulls_last=False) -> list[int]:
    """The cases ordered by `key(case)`, the id breaking ties, as the page should."""
    present = [c for c in cases if not nulls_last or key(c) is not None]
    ordered = sorted(present, key=lambda c: (key(c), c.pk), reverse=descending)
    missing = sorted(
        (c for c in cases if nulls_last and key(c) is None),
        key=lambda c: c.pk,
        reverse=descending,
    )
    return [c.pk for c in ordered + missing]


COLUMNS = {
    "id": lambda c: c.pk,
    "product": lambda c: c.product_name,
    "category": lambda c: c.category_id,
    "bureau": lambda c: c.bureau_id,
    "updated": lambda c: c.updated_at,
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", sorted(COLUMNS))
def test_every_sortable_column_sorts_both_ways(client_for, hq_user, cases, key, descending):
    sort = f"-{key}" if descending else key
    response = client_for(hq_user).get(f"/cases/?sort={sort}")
    assert rows(response) == expected(cases, COLUMNS[key], descending=descending)


def test_the_deadline_sorts_most_urgent_first_and_the_cases_without_one_last(
    client_for, hq_user, cases
):
    client = client_for(hq_user)
    overdue, soon, later, none = cases[2], cases[0], cases[3], cases[1]
    assert rows(client.get("/cases/?sort=due")) == [overdue.pk, soon.pk, later.pk, none.pk]
    assert rows(client.get("/cases/?sort=-due")) == [later.pk, soon.pk, overdue.pk, none.pk]


def test_the_active_header_says_how_the_list_is_sorted(client_for, hq_user, cases):
    client = client_for(hq_user)
    content = client.get("/cases/?sort=product").content.decode()
    sorted_headers = re.findall(
        r'<th scope="col" aria-sort="(\w+)"><a class="sort" href="([^"]+)">([^<]+)<', content
    )
    assert sorted_headers == [("ascending", "?sort=-product", "产品名称")]
    # The other headers sort by themselves, each in its first direction.
    assert 'href="?sort=due">状态 / 时限' in content
    assert 'href="?sort=-updated">更新时间' in content
    content = client.get("/cases/?sort=-product").content.decode()
    assert re.findall(r'aria-sort="(\w+)"><a class="sort" href="([^"]+)"', content) == [
        ("descending", "?sort=product")
    ]
    # Unsorted, the list is the newest first: the number's header says so.
    content = client.get("/cases/").content.decode()
    assert re.findall(r'aria-sort="(\w+)"><a class="sort" href="([^"]+)">#', content) == [
        ("descending", "?sort=id")
    ]


def test_filters_and_the_sort_are_kept_together(client_for, hq_user, cases):
    for n in range(51):  # a second page
        case = ApplicationFactory(product_name=f"翻页茶{n:02d}")
        Application.objects.filter(pk=case.pk).update(state="accepted", submitted_at=timezone.now())
    client = client_for(hq_user)
    content = client.get("/cases/?state=accepted&sort=product").content.decode()
    assert 'href="?state=accepted&amp;sort=-product"' in content
    assert '<input type="hidden" name="sort" value="product">' in content
    pager = re.search(r'href="\?([^"]*page=2)"', content).group(1)
    assert "sort=product" in pager and "state=accepted" in pager
    second = rows(client.get("/cases/?state=accepted&sort=product&page=2"))
    assert [c.product_name for c in Application.objects.filter(pk__in=second)] == ["翻页茶50"]
    # A header's sort starts again from the first page.
    content = client.get("/cases/?state=accepted&sort=product&page=2").content.decode()
    assert 'href="?state=accepted&amp;sort=-product"' in content


@pytest.mark.parametrize(
    "sort", ["bogus", "-", "--product", "enterprise", "officer", "product;drop", "-pk", "ＩＤ"]
)
def test_an_unknown_sort_is_ignored(client_for, hq_user, cases, sort):
    response = client_for(hq_user).get("/cases/", {"sort": sort})
    assert rows(response) == sorted((c.pk for c in cases), reverse=True)
    assert response.context["sort"] == ""


def test_a_bureau_sorts_only_its_own_cases(client_for, bureau_user, cases):
    response = client_for(bureau_user).get("/cases/?sort=due")
    assert rows(response) == [cases[0].pk, cases[3].pk]  # 湖北's, most urgent first


def test_the_enterprise_list_follows_the_deadline_too(client_for, cases):
    owner = factories.enterprise_staff(cases[0].enterprise, username="owner-sorted")
    second = ApplicationFactory(enterprise=cases[0].enterprise, product_name="无时限茶")
    assert rows(client_for(owner).get("/cases/?sort=due")) == [cases[0].pk, second.pk]


def test_sorting_reads_no_more_queries(client_for, hq_user, cases):
    client = client_for(hq_user)
    client.get("/cases/")  # the navigation's counts are kept from here on
    with CaptureQueriesContext(connection) as unsorted:
        client.get("/cases/")
    for sort in ("due", "-due", "product", "-updated", "bureau", "category"):
        with CaptureQueriesContext(connection) as sorted_:
            client.get(f"/cases/?sort={sort}")
        assert len(sorted_) == len(unsorted), sort
