"""The worklist's rows, written in Python (applications/templatetags/cases.py `staff_case_rows` and
`own_case_rows`) for speed: they escape what people typed, show what the template showed, and
the page reads only what a row shows (docs/performance.md, session 15)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from tests import factories

from .factories import ESCAPED, TYPED, ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise():
    return factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now(), name=f"企业{TYPED}"
    )


@pytest.fixture
def owner(enterprise):
    return factories.enterprise_staff(enterprise, username="owner-rows")


def case_in(state, enterprise, **fields) -> Application:
    case = ApplicationFactory(enterprise=enterprise, product_name=f"产品{TYPED}")
    Application.objects.filter(pk=case.pk).update(state=state, **fields)
    return Application.objects.get(pk=case.pk)


def body(response) -> str:
    return response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_a_staff_row_escapes_what_the_enterprise_typed(client_for, bureau_user, enterprise):
    case = case_in("submitted", enterprise)
    rows = body(client_for(bureau_user).get("/cases/"))
    assert TYPED not in rows and "<script>" not in rows
    assert f'<a href="/cases/{case.pk}/">产品{ESCAPED}</a>' in rows
    assert f"<td>企业{ESCAPED}</td>" in rows


def test_an_enterprise_row_escapes_and_offers_the_next_step(client_for, owner, enterprise):
    draft = case_in("draft", enterprise)
    approved = case_in("approved", enterprise)
    suspended = case_in("suspended", enterprise)
    waiting = case_in("submitted", enterprise)
    rows = body(client_for(owner).get("/cases/"))
    assert "<script>" not in rows
    assert f'<a href="/cases/{draft.pk}/">产品{ESCAPED}</a>' in rows
    assert f'<a href="/cases/{draft.pk}/edit/">继续填写</a>' in rows
    assert f'<a href="/cases/{approved.pk}/do/choose_agency/">选择评定机构</a>' in rows
    assert f'<a href="/cases/{suspended.pk}/">提交整改</a>' in rows
    row = next(r for r in rows.split("<tr>") if f"/cases/{waiting.pk}/" in r)
    assert row.count("<a ") == 1  # nothing waits for the enterprise: no step offered


def test_the_bureau_column_shows_only_beside_other_bureaus(
    client_for, hq_user, bureau_user, enterprise
):
    case_in("submitted", enterprise)
    hubei = factories.bureau("hubei").display_name
    assert f"<td>{hubei}</td>" in body(client_for(hq_user).get("/cases/"))
    assert f"<td>{hubei}</td>" not in body(client_for(bureau_user).get("/cases/"))


def test_an_officer_shows_by_name_and_a_case_without_one_by_a_dash(
    client_for, bureau_user, enterprise
):
    officer = factories.bureau_staff("hubei", username="officer-rows")
    officer.first_name, officer.last_name = "承办", "甲"
    officer.save()
    case_in("accepted", enterprise, officer=officer)
    case_in("submitted", enterprise)
    rows = body(client_for(bureau_user).get("/cases/"))
    assert f"<td>{officer.get_full_name()}</td>" in rows
    assert "<td>—</td>" in rows


def test_an_overdue_case_is_marked_in_its_row(client_for, bureau_user, enterprise):
    past = timezone.localdate() - timedelta(days=2)
    case_in("submitted", enterprise, due_kind="acceptance", due_date=past)
    rows = body(client_for(bureau_user).get("/cases/"))
    assert re.search(rf'<span class="badge overdue"[^>]*>逾期 {past:%m-%d}</span>', rows)


def test_the_staff_worklist_reads_only_what_a_row_shows(client_for, bureau_user, enterprise):
    case_in("submitted", enterprise, description="不在列表中显示的说明")
    client = client_for(bureau_user)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cases/").status_code == 200
    listed = next(q["sql"] for q in captured if "product_name" in q["sql"])
    for unread in ("description", "evaluation_report", "contact_phone", "licence"):
        assert unread not in listed


def test_an_enterprise_list_without_filters_reads_no_category_list_and_no_officer(
    client_for, owner, enterprise
):
    officer = factories.bureau_staff("hubei", username="officer-unread")
    case_in("accepted", enterprise, officer=officer)
    client = client_for(owner)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cases/").status_code == 200
    sql = [q["sql"] for q in captured]
    # The category is joined into the list; no query reads the categories for a filter form.
    assert not any(s.lstrip().startswith('SELECT "applications_productcategory"') for s in sql)
    assert not any('FROM "accounts_user" WHERE "accounts_user"."id" IN' in s for s in sql)
    # A filter in the address still filters.
    filtered = client.get("/cases/?state=draft")
    assert "/cases/" in filtered.content.decode() and filtered.status_code == 200
    assert f"/cases/{Application.objects.get(state='accepted').pk}/" not in body(filtered)
