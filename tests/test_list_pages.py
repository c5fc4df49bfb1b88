"""Page numbers of every list are bounded and validated (issue 12, point 5).

`?page=99999999999999999999` reached the database as an OFFSET no integer column holds: a 500 on
SQLite ("Python int too large to convert to SQLite INTEGER") and on PostgreSQL ("bigint out of
range"). A page beyond any list, or past the end of this one, is now 404 (ecoorigin.views.list_page);
what is not a whole number is the first page, as Django's paginator's get_page answers.
"""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
PUBLIC = ["/public/products/", "/public/inspections/", "/public/demonstration-zones/"]
STAFF = [
    "/cases/",
    "/demonstration/",
    "/supervision/complaints/",
    "/supervision/plans/",
    "/supervision/proposals/",
    "/supervision/key-work/",
    "/supervision/interviews/",
    "/regions/departments/",
    "/regions/checks/",
    "/experts/",
    "/experts/recommendations/",
    "/liaison/",
    "/liaison/reports/",
]


@pytest.fixture
def hq(db):
    return factories.hq(username="pages-hq")


@pytest.mark.parametrize("path", PUBLIC + STAFF)
@pytest.mark.parametrize("number", [HUGE, "-" + HUGE, "1" + "0" * 400, "200001", "2"])
def test_a_page_beyond_the_list_is_404_not_500(client, hq, path, number):
    if path in STAFF:
        client.force_login(hq)
    response = client.get(path, {"page": number})
    if number.startswith("-"):  # below 1: the first page
        assert response.status_code == 200
        assert response.context["page"]["number"] == 1
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("path", PUBLIC + STAFF)
@pytest.mark.parametrize("number", ["", "x", "1.5", "0"])
def test_what_is_not_a_page_number_is_the_first_page(client, hq, path, number):
    if path in STAFF:
        client.force_login(hq)
    response = client.get(path, {"page": number})
    assert response.status_code == 200
    assert response.context["page"]["number"] == 1


def test_the_inspectors_task_list_is_bounded_too(client):
    client.force_login(factories.inspector(username="pages-inspector"))
    assert client.get("/supervision/tasks/", {"page": HUGE}).status_code == 404
    assert client.get("/supervision/tasks/", {"page": "1"}).status_code == 200


def test_the_revocation_list_answers_its_last_page(client):
    """Django's paginator (it counts: revocations are few) serves the last page instead."""
    response = client.get("/public/revocations/", {"page": HUGE})
    assert response.status_code == 200
    assert response.context["page"].number == 1
