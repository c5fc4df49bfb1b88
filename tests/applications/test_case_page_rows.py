"""The case page's history, documents and materials checklist, written in Python
(applications/templatetags/cases.py `case_history_list`, `case_documents_table` and
`materials_table`) for speed: they escape what people typed, show each audience what the
template showed it, in Chinese and in English, and read nothing beyond the view's queries."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications import documents, materials, selectors
from applications.models import CaseDocument, CaseHistory
from applications.services import case_transition
from applications.templatetags.cases import (
    case_documents_table,
    case_history_list,
    materials_table,
)
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

from .factories import ESCAPED, TYPED, ApplicationFactory, attach_required_materials

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(hubei_enterprise):
    return hubei_enterprise


@pytest.fixture
def owner(enterprise):
    user = factories.enterprise_staff(enterprise, username="owner-page-rows")
    user.first_name = f"申报人{TYPED}"
    user.save()
    return user


@pytest.fixture
def accepted(enterprise, owner, bureau_user):
    """Submitted with a hostile comment and a hostile file name, accepted by the clerk, then
    returned by the system (no actor) with a hostile reason."""
    case = ApplicationFactory(enterprise=enterprise)
    first, *_rest = attach_required_materials(case, by=owner)
    CaseDocument.objects.filter(pk=first.pk).update(original_name=f"文件{TYPED}.pdf", size=2048)
    case = case_transition(case=case, name="submit", actor=owner, comment=f"说明{TYPED}")
    case = case_transition(case=case, name="accept", actor=bureau_user)
    CaseHistory.objects.create(
        application=case,
        transition="return",
        from_state="accepted",
        to_state="returned",
        actor=None,
        reason=f"理由{TYPED}",
    )
    return case


def section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def history_of(page: str) -> str:
    return section(page, '<ol class="timeline">', "</ol>")


def documents_of(page: str) -> str:
    return section(page, "<h2>申报材料</h2>", "</section>")


def test_the_history_escapes_what_people_typed(client_for, owner, accepted):
    history = history_of(client_for(owner).get(f"/cases/{accepted.pk}/").content.decode())
    assert "<script>" not in history
    assert f'<div class="comment">说明{ESCAPED}</div>' in history
    assert f'<div class="reason">理由：理由{ESCAPED}</div>' in history
    assert f'<span class="muted">申报人{ESCAPED}</span>' in history
    assert '<strong>退回补正</strong> <span class="muted">系统</span>' in history
    assert history.count("<li>") == 3


def test_the_documents_escape_what_people_typed_and_link_the_logged_download(
    client_for, owner, bureau_user, accepted
):
    first = CaseDocument.objects.filter(application=accepted).order_by("pk").first()
    for user in (owner, bureau_user):
        table = documents_of(client_for(user).get(f"/cases/{accepted.pk}/").content.decode())
        assert "<script>" not in table
        assert (
            f'<a href="/cases/{accepted.pk}/documents/{first.pk}/">文件{ESCAPED}.pdf</a>' in table
        )
        assert f"<td>申报人{ESCAPED}</td>" in table
        assert "<td>2.0\xa0KB</td>" in table
        assert "<td>申报材料</td>" in table


def test_staff_who_may_see_a_case_but_not_its_documents_get_no_table(
    client_for, lead_bureau_user, accepted
):
    """The zone lead (重庆局) sees its zone's case, not its confidential materials."""
    response = client_for(lead_bureau_user).get(f"/cases/{accepted.pk}/")
    assert response.status_code == 200
    table = documents_of(response.content.decode())
    assert "申报材料仅限申报企业" in table
    assert "/documents/" not in table and "<table" not in table


def test_the_checklist_offers_inputs_to_the_enterprise_and_only_the_state_to_the_clerk(
    client_for, enterprise, owner, bureau_user
):
    draft = ApplicationFactory(enterprise=enterprise)
    attach_required_materials(draft, by=owner)
    own = client_for(owner).get(f"/cases/{draft.pk}/").content.decode()
    checklist = section(own, 'id="materials-heading"', "</section>")
    assert '<input type="file" name="req_' in checklist and '<label for="id_req_' in checklist
    assert "<th>选择文件</th>" in checklist
    assert 'class="badge ok materials-done">✓ 1 个文件</span>' in checklist

    submitted = case_transition(case=draft, name="submit", actor=owner)
    staff = client_for(bureau_user).get(f"/cases/{submitted.pk}/").content.decode()
    checklist = section(staff, 'id="materials-heading"', "</section>")
    assert "materials-done" in checklist
    assert "<input" not in checklist and "<label" not in checklist
    assert "<th>选择文件</th>" not in checklist


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_labels(client_for, owner, accepted):
    client = client_for(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/cases/{accepted.pk}/").content.decode()
    assert '<span class="muted">System</span>' in history_of(page)
    assert f'<div class="reason">Reason: 理由{ESCAPED}</div>' in history_of(page)
    assert "<th>Uploaded by</th>" in page and "<td>Application documents</td>" in page
    assert 'class="badge ok materials-done">✓ 1 file</span>' in page
    with translation.override("en"):
        assert '<li class="muted empty">No history yet.</li>' in case_history_list([])
        empty = '<td colspan="3" class="muted">The checklist is empty.</td>'
        assert empty in materials_table([], None)


def test_empty_tables_say_so(enterprise):
    case = ApplicationFactory(enterprise=enterprise)
    assert '<li class="muted empty">尚无流转记录。</li>' in case_history_list([])
    assert '<td colspan="5" class="muted">尚无材料。</td>' in case_documents_table(case, [])
    assert '<td colspan="4" class="muted">材料清单为空。</td>' in materials_table([], object())


def test_the_tables_read_nothing_beyond_their_own_query(owner, bureau_user, accepted):
    history = selectors.case_history_shown(case=accepted)
    files = documents.documents_shown(case=accepted, user=bureau_user)
    checklist = materials.checklist(accepted)
    with CaptureQueriesContext(connection) as captured:
        case_history_list(history)
        case_documents_table(accepted, files)
        materials_table(checklist, None)
    # The history with its actors and the documents with their uploaders: one query each.
    assert len(captured) == 2


def test_the_case_page_reads_only_what_the_history_and_documents_show(
    client_for, bureau_user, accepted
):
    client = client_for(bureau_user)
    client.get(f"/cases/{accepted.pk}/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/cases/{accepted.pk}/").status_code == 200
    history = next(q["sql"] for q in captured if 'FROM "applications_casehistory"' in q["sql"])
    files = next(q["sql"] for q in captured if 'FROM "applications_casedocument"' in q["sql"])
    for sql in (history, files):
        assert "password" not in sql and '"email"' not in sql
    assert '"data"' not in history and '"sha256"' not in files
