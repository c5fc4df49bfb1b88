"""The case page (GET /cases/<pk>/) reads each part once, and nothing the case's state cannot
have (a certificate before certification, a recovery record before revocation) or the page's
audience is not shown (the enterprise sees no recovery record, review or guidance panel)."""

import pytest

from applications.services import case_transition
from tests import factories

from .factories import ApplicationFactory, attach_required_materials, certified_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(hubei_enterprise):
    return factories.enterprise_staff(hubei_enterprise, username="owner-hubei")


@pytest.fixture
def accepted(hubei_enterprise, owner, bureau_user):
    """Submitted with its materials, accepted by the clerk: an officer, history, documents."""
    case = ApplicationFactory(enterprise=hubei_enterprise)
    attach_required_materials(case, by=owner)
    case = case_transition(case=case, name="submit", actor=owner)
    return case_transition(case=case, name="accept", actor=bureau_user)


@pytest.fixture
def protected(hubei_enterprise, hq_user):
    return certified_case(hq=hq_user, enterprise=hubei_enterprise)


def get_page(client, case, django_assert_max_num_queries, most: int) -> str:
    client.get(f"/cases/{case.pk}/")  # warm caches (content types, translations, navigation)
    with django_assert_max_num_queries(most):
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_clerk_reads_an_accepted_case_in_ten_queries(
    client_for, bureau_user, accepted, django_assert_max_num_queries
):
    """Session, user and its zones; the case and its officer; the materials checklist, 初审,
    the documents, the officers to reassign to and the history. No certificate, recovery record
    or rectification review: an accepted case has none."""
    page = get_page(client_for(bureau_user), accepted, django_assert_max_num_queries, 10)
    assert "变更承办人" in page
    assert "保护证书" not in page


def test_a_clerk_reads_a_protected_case_in_fourteen_queries(
    client_for, bureau_user, protected, django_assert_max_num_queries
):
    """As above (no officer here), with the certificate (its status from the case already
    read), the evaluation feedback, the plan's pass mark, rectifications, follow-up inspections
    and rectification reviews; the supervision lists join nothing."""
    page = get_page(client_for(bureau_user), protected, django_assert_max_num_queries, 14)
    assert protected.certificate.number in page


def test_the_enterprise_reads_its_accepted_case_in_seven_queries(
    client_for, owner, accepted, django_assert_max_num_queries
):
    """Session and user; the case and its officer; the checklist, documents and history."""
    page = get_page(client_for(owner), accepted, django_assert_max_num_queries, 7)
    assert accepted.product_name in page


def test_the_enterprise_reads_its_protected_case_in_ten_queries(
    client_for, owner, protected, django_assert_max_num_queries
):
    """Session and user; the case, its certificate, checklist, plan, documents, rectifications,
    follow-up inspections and history: no recovery record, review or guidance share, which the
    enterprise's page does not show."""
    page = get_page(client_for(owner), protected, django_assert_max_num_queries, 10)
    assert protected.certificate.number in page
