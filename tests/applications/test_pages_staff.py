"""Browser pages of bureau, HQ and agency staff: the worklist (/cases/), the case page, the
confirmation page of each transition, officer reassignment, rectification review, the recovery
record after revocation and the bureau's confirmation of registered enterprises."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from applications import selectors
from applications import workflow as wf
from applications.models import (
    Application,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    Enterprise,
    RecoveryRecord,
    RectificationReview,
)
from applications.services import case_transition
from tests import factories

from .factories import ApplicationFactory, PlanFactory, category

pytestmark = pytest.mark.django_db

WITH_AGENCY = {"evaluating", "evaluated", "failed", "protected", "suspended", "revoked", "expired"}
WITH_CERTIFICATE = {"protected", "suspended", "revoked", "expired"}
# An action is offered as a link to its confirmation page, or (受理) as a form on the case page.
ACTION_LINK = re.compile(r'(?:href|action)="/cases/(\d+)/do/([a-z_]+)/"')


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def hubei_enterprise():
    return factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )


@pytest.fixture
def beijing_enterprise():
    return factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), confirmed_at=timezone.now()
    )


@pytest.fixture
def make_case(plan, hubei_enterprise, hq_user):
    """make_case(state, **fields) → a case put straight into `state` (set-up only), with the
    agency, plan and certificate that state implies; a 湖北 enterprise's unless told."""

    def make(state: str = "draft", *, enterprise=None, **fields) -> Application:
        case = ApplicationFactory(enterprise=enterprise or hubei_enterprise, category=plan.category)
        values = {"state": state, **fields}
        if state in WITH_AGENCY:
            values.setdefault("agency", plan.agency)
            values.setdefault("plan", plan)
            values.setdefault("score", 90)
        if state == "suspended":
            values.setdefault("rectification_deadline", timezone.localdate() + timedelta(days=10))
        Application.objects.filter(pk=case.pk).update(**values)
        if state in WITH_CERTIFICATE:
            Certificate.objects.create(
                application_id=case.pk,
                number=f"T-{case.pk}",
                rule=CertificateNumberRule.objects.get(version=1),
                year=2026,
                seq=case.pk,
                valid_from=timezone.localdate(),
                valid_until=timezone.localdate() + timedelta(days=365),
                marks_issued=100,
                issued_by=hq_user,
            )
        return Application.objects.get(pk=case.pk)

    return make


@pytest.fixture
def owner(hubei_enterprise):
    return factories.enterprise_staff(hubei_enterprise, username="owner-hubei")


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {case.pk for case in response.context["page"]["rows"]}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def shown(response) -> list[str]:
    """The messages shown on the page a redirect was followed to."""
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def html(response) -> str:
    return response.content.decode()


def text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


# ---------------------------------------------------------------- the worklist


def test_a_bureau_clerk_sees_only_its_own_bureaus_cases(
    client_for, bureau_user, make_case, beijing_enterprise
):
    hubei = make_case("submitted", product_name="恩施玉露")
    make_case("submitted", enterprise=beijing_enterprise, product_name="京西白茶")
    response = client_for(bureau_user).get("/cases/")
    assert listed(response) == {hubei.pk}
    assert "恩施玉露" in html(response)
    assert "京西白茶" not in html(response)


def test_hq_sees_every_case(client_for, hq_user, make_case, beijing_enterprise):
    """Every case of every bureau, but an enterprise's draft only once it is shared for 一对一指导
    (seed 000 §6; tests/applications/test_guidance_share.py)."""
    shared = make_case("draft", enterprise=beijing_enterprise)
    Application.objects.filter(pk=shared.pk).update(shared_for_guidance=True)
    make_case("draft", enterprise=beijing_enterprise)  # private: not listed
    cases = {make_case("submitted").pk, shared.pk}
    assert listed(client_for(hq_user).get("/cases/")) == cases


def test_hq_gets_its_queues_with_the_right_counts(client_for, hq_user, make_case):
    for state in ["recommended", "recommended", "evaluated", "suspended", "protected"]:
        make_case(state)
    response = client_for(hq_user).get("/cases/")
    assert [(key, n) for key, _label, n in response.context["queues"]] == [
        ("approval", 2),
        ("certification", 1),
        ("suspension", 1),
    ]
    page = html(response)
    for label in ("待批准实施评定", "待颁发证书", "暂停保护"):
        assert label in page
    assert 'href="?queue=approval"' in page


def test_the_approval_queue_lists_only_recommended_cases(client_for, hq_user, make_case):
    recommended = {make_case("recommended").pk, make_case("recommended").pk}
    make_case("evaluated")
    make_case("submitted")
    response = client_for(hq_user).get("/cases/?queue=approval")
    assert listed(response) == recommended
    assert response.context["queue"] == "approval"


def test_a_bureau_clerk_gets_no_hq_queues(client_for, bureau_user, make_case):
    make_case("recommended")
    response = client_for(bureau_user).get("/cases/")
    assert response.context["queues"] == []
    assert "?queue=approval" not in html(response)


def test_the_worklist_shows_counts_by_state(client_for, bureau_user, make_case):
    make_case("submitted")
    make_case("submitted")
    make_case("accepted")
    response = client_for(bureau_user).get("/cases/")
    assert [(state, n) for state, _label, n in response.context["counts"]] == [
        ("submitted", 2),
        ("accepted", 1),
    ]
    chip = re.search(r'href="\?state=submitted"[^>]*>(.*?)</a>', html(response), re.S)
    assert text(chip.group(1)) == "已申报 2"


def test_a_case_past_its_deadline_carries_the_overdue_badge(client_for, bureau_user, make_case):
    today = timezone.localdate()
    make_case("submitted", product_name="逾期产品", due_date=today - timedelta(days=1))
    make_case("submitted", product_name="未逾期产品", due_date=today + timedelta(days=3))
    page = html(client_for(bureau_user).get("/cases/"))
    rows = {
        name: row
        for row in re.split(r"<tr[\s>]", page)
        for name in ("逾期产品", "未逾期产品")
        if name in row
    }
    badge = re.compile(r'class="[^"]*\boverdue\b[^"]*"[^>]*>\s*逾期')
    assert badge.search(rows["逾期产品"])
    assert not badge.search(rows["未逾期产品"])


def test_a_worklist_row_links_the_case_and_shows_state_deadline_and_time(
    client_for, hq_user, make_case
):
    """The row is written without per-row includes, URL reversals and date filters
    (docs/performance.md); what it shows stays the same, in the reader's time zone."""
    today = timezone.localdate()
    updated = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    case = make_case(
        "accepted",
        product_name="恩施玉露",
        due_kind="acceptance",
        due_date=today + timedelta(days=3),
        escalated_at=timezone.now(),
    )
    Application.objects.filter(pk=case.pk).update(updated_at=updated)
    row = next(
        r
        for r in re.split(r"<tr[\s>]", html(client_for(hq_user).get("/cases/")))
        if "恩施玉露" in r
    )
    assert f'<a href="/cases/{case.pk}/">{case.pk}</a>' in row
    assert f'<a href="/cases/{case.pk}/">恩施玉露</a>' in row
    assert '<span class="state accepted">已受理</span>' in row
    due = (today + timedelta(days=3)).strftime("%m-%d")
    label = str(wf.DueKind("acceptance").label)
    assert f'<span class="badge due" title="{label}">{label} {due}</span>' in row
    assert '<span class="badge overdue">已上报总局</span>' in row
    assert "<td>03-05 07:30</td>" in row  # 23:30 UTC is 07:30 the next day in Beijing


def test_the_worklist_reads_no_certificates_or_agencies(client_for, bureau_user, make_case):
    """A worklist row shows neither: their reads were a query and a join per page."""
    make_case("protected")
    make_case("evaluating")
    client = client_for(bureau_user)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cases/").status_code == 200
    sql = " ".join(query["sql"] for query in captured)
    assert "applications_certificate" not in sql
    assert "applications_agency" not in sql


def test_the_worklist_searches_product_and_enterprise(client_for, hq_user, make_case):
    tea = make_case("submitted", product_name="恩施玉露")
    make_case("submitted", product_name="秭归脐橙")
    other = make_case(
        "submitted",
        enterprise=factories.EnterpriseFactory(name="神农架蜂业公司"),
        product_name="蜂蜜",
    )
    client = client_for(hq_user)
    assert listed(client.get("/cases/", {"q": "玉露"})) == {tea.pk}
    assert listed(client.get("/cases/", {"q": "神农架"})) == {other.pk}


def test_the_worklist_filters_by_category(client_for, hq_user, make_case):
    tea = make_case("submitted")
    make_case("submitted", category=category("aquatic"))
    assert listed(client_for(hq_user).get("/cases/", {"category": "tea"})) == {tea.pk}


def test_the_worklist_filters_overdue_cases(client_for, bureau_user, make_case):
    today = timezone.localdate()
    late = make_case("submitted", due_date=today - timedelta(days=2))
    make_case("submitted", due_date=today + timedelta(days=2))
    make_case("draft")
    assert listed(client_for(bureau_user).get("/cases/", {"overdue": "on"})) == {late.pk}


def test_an_agency_sees_only_the_cases_that_chose_it(client_for, plan, make_case):
    evaluator = factories.agency_staff(plan.agency, username="chosen")
    mine = make_case("evaluating")
    other_plan = PlanFactory()
    make_case("evaluating", agency=other_plan.agency, plan=other_plan)
    make_case("approved")
    assert listed(client_for(evaluator).get("/cases/")) == {mine.pk}


def test_an_inspector_has_no_worklist(client_for, inspector_user):
    assert client_for(inspector_user).get("/cases/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_worklist_needs_the_same_queries_for_1_or_31_cases(
    client_for, hq_user, bureau_user, make_case
):
    clerk = factories.bureau_staff("hubei", username="officer-hubei")
    make_case("accepted", officer=clerk, due_date=timezone.localdate() - timedelta(days=1))

    def queries(user) -> int:
        client = client_for(user)
        client.get("/cases/")  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/").status_code == 200
        return len(captured)

    before = {"hq": queries(hq_user), "bureau": queries(bureau_user)}
    for state in ["submitted", "accepted", "protected"] * 10:
        make_case(state, officer=clerk if state != "submitted" else None)
    assert {"hq": queries(hq_user), "bureau": queries(bureau_user)} == before


# ---------------------------------------------------------------- the case page


def test_the_case_page_is_404_for_users_who_may_not_see_the_case(client_for, plan, make_case):
    case = make_case("submitted")
    strangers = [
        factories.bureau_staff("beijing", username="clerk-beijing"),
        factories.enterprise_staff(username="other-enterprise"),
        factories.agency_staff(plan.agency, username="agency-not-chosen-yet"),
        factories.inspector("hubei", username="inspector-hubei"),
    ]
    for user in strangers:
        assert client_for(user).get(f"/cases/{case.pk}/").status_code == 404, user.username


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        ("submitted", "bureau", ["accept", "return", "refuse"]),
        ("submitted", "zone_lead", []),
        ("submitted", "hq", []),
        ("accepted", "bureau", ["return", "refuse", "pre_evaluate"]),
        ("recommended", "hq", ["approve", "not_approve"]),
        ("draft", "owner", ["submit", "withdraw"]),
        ("approved", "owner", ["choose_agency", "withdraw"]),
        ("evaluating", "agency", ["evaluate"]),
        ("protected", "hq", ["suspend", "revoke"]),
        ("suspended", "owner", ["submit_rectification"]),
        ("revoked", "hq", []),
    ],
)
def test_the_case_page_shows_exactly_the_actions_the_user_may_fire(
    client_for, make_case, owner, plan, hq_user, bureau_user, lead_bureau_user, state, who, expected
):
    users = {
        "bureau": bureau_user,
        "zone_lead": lead_bureau_user,
        "hq": hq_user,
        "owner": owner,
        "agency": factories.agency_staff(plan.agency, username="chosen"),
    }
    case = make_case(state)
    user = users[who]
    response = client_for(user).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    links = [name for pk, name in ACTION_LINK.findall(html(response)) if int(pk) == case.pk]
    assert links == selectors.transitions_available(case=case, user=user) == expected


def test_the_confirmation_page_shows_the_form(client_for, bureau_user, make_case):
    case = make_case("submitted")
    response = client_for(bureau_user).get(f"/cases/{case.pk}/do/return/")
    assert response.status_code == 200
    page = html(response)
    assert 'name="reason"' in page
    assert "确认退回补正" in page
    assert Application.objects.get(pk=case.pk).state == "submitted"


@pytest.mark.parametrize("name", ["return", "refuse"])
def test_return_or_refuse_without_a_reason_is_400_and_changes_nothing(
    client_for, bureau_user, make_case, name
):
    case = make_case("submitted")
    response = client_for(bureau_user).post(f"/cases/{case.pk}/do/{name}/", {"reason": "  "})
    assert response.status_code == 400
    assert "该字段是必填项" in html(response)
    assert Application.objects.get(pk=case.pk).state == "submitted"
    assert not CaseHistory.objects.filter(application=case).exists()


def test_a_valid_post_fires_the_transition_and_redirects_with_a_message(
    client_for, bureau_user, make_case
):
    case = make_case("submitted")
    response = client_for(bureau_user).post(f"/cases/{case.pk}/do/accept/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert messages_of(response) == ["已完成：受理。"]
    case.refresh_from_db()
    assert (case.state, case.officer) == ("accepted", bureau_user)
    entry = CaseHistory.objects.get(application=case)
    assert (entry.transition, entry.actor) == ("accept", bureau_user)


def test_a_return_with_its_reason_reaches_the_history(client_for, bureau_user, make_case):
    case = make_case("submitted")
    response = client_for(bureau_user).post(
        f"/cases/{case.pk}/do/return/", {"reason": "请补充检测报告"}
    )
    assert response.status_code == 302
    entry = CaseHistory.objects.get(application=case)
    assert (entry.to_state, entry.reason) == ("returned", "请补充检测报告")


@pytest.mark.parametrize("who", ["hq", "zone_lead"])
def test_a_user_without_the_permission_is_sent_back_with_an_error(
    client_for, hq_user, lead_bureau_user, make_case, who
):
    user = {"hq": hq_user, "zone_lead": lead_bureau_user}[who]
    case = make_case("submitted")
    client = client_for(user)
    for method in (client.get, client.post):
        response = method(f"/cases/{case.pk}/do/accept/", follow=True)
        assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
        assert shown(response) == ["您无权对该案件执行此操作。"]
    assert Application.objects.get(pk=case.pk).state == "submitted"
    assert not CaseHistory.objects.filter(application=case).exists()


@pytest.mark.parametrize("name", ["expire", "nonsense"])
def test_system_and_unknown_transitions_are_404(client_for, hq_user, make_case, name):
    case = make_case("protected")
    client = client_for(hq_user)
    assert client.get(f"/cases/{case.pk}/do/{name}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/do/{name}/").status_code == 404
    assert Application.objects.get(pk=case.pk).state == "protected"


def test_firing_again_after_the_state_changed_is_a_readable_409(client_for, bureau_user, make_case):
    case = make_case("submitted")
    client = client_for(bureau_user)
    assert client.post(f"/cases/{case.pk}/do/accept/").status_code == 302
    response = client.post(f"/cases/{case.pk}/do/accept/")
    assert response.status_code == 409
    assert "案件当前状态不允许此操作" in html(response)
    assert CaseHistory.objects.filter(application=case).count() == 1


# ---------------------------------------------------------------- officer, review, recovery


def test_the_officer_is_reassigned_within_the_bureau_and_audited(
    client_for, bureau_user, make_case
):
    colleague = factories.bureau_staff("hubei", username="colleague-hubei")
    case = make_case("accepted", officer=bureau_user)
    response = client_for(bureau_user).post(f"/cases/{case.pk}/officer/", {"officer": colleague.pk})
    assert response.status_code == 302
    assert messages_of(response) == ["承办人已变更。"]
    assert Application.objects.get(pk=case.pk).officer == colleague
    entry = AuditEntry.objects.get(object_type="applications.application", object_id=str(case.pk))
    assert entry.actor == bureau_user
    assert entry.changes == {
        "officer": ["clerk-hubei", "colleague-hubei"],
        "officer_id": [bureau_user.pk, colleague.pk],
    }


def test_the_officer_cannot_be_someone_of_another_bureau(client_for, bureau_user, make_case):
    outsider = factories.bureau_staff("beijing", username="clerk-beijing")
    case = make_case("accepted", officer=bureau_user)
    response = client_for(bureau_user).post(f"/cases/{case.pk}/officer/", {"officer": outsider.pk})
    assert response.status_code == 302
    assert messages_of(response)  # the form's own message: not a valid choice
    assert Application.objects.get(pk=case.pk).officer == bureau_user
    assert not AuditEntry.objects.filter(object_type="applications.application").exists()


def test_the_bureau_reviews_a_submitted_rectification(client_for, bureau_user, owner, make_case):
    case = make_case("suspended")
    client = client_for(bureau_user)
    assert f"/cases/{case.pk}/review/" not in html(client.get(f"/cases/{case.pk}/"))
    case_transition(case=case, name="submit_rectification", actor=owner, comment="已完成整改")
    assert f"/cases/{case.pk}/review/" in html(client.get(f"/cases/{case.pk}/"))
    response = client.post(
        f"/cases/{case.pk}/review/", {"opinion": "reinstate", "comment": "整改到位"}
    )
    assert response.status_code == 302
    review = RectificationReview.objects.get(application=case)
    assert (review.opinion, review.comment, review.reviewer) == (
        "reinstate",
        "整改到位",
        bureau_user,
    )
    assert Application.objects.get(pk=case.pk).state == "suspended"  # HQ decides


def test_a_review_before_the_rectification_is_submitted_is_refused(
    client_for, bureau_user, make_case
):
    case = make_case("suspended")
    response = client_for(bureau_user).post(
        f"/cases/{case.pk}/review/", {"opinion": "reinstate", "comment": "整改到位"}
    )
    assert messages_of(response) == ["企业提交整改报告后才能审核。"]
    assert not RectificationReview.objects.exists()


@pytest.fixture
def revoked(make_case, hq_user):
    case = make_case("protected")  # 100 marks issued
    return case_transition(case=case, name="revoke", actor=hq_user, reason="抽检不合格")


def test_the_recovery_completes_only_with_certificate_follow_up_and_every_mark(
    client_for, bureau_user, revoked
):
    url = f"/cases/{revoked.pk}/recovery/"
    client = client_for(bureau_user)
    today = timezone.localdate().isoformat()
    steps = [
        ({"certificate_returned_at": today, "marks_recovered": 100}, False),
        ({"follow_up_checked_at": today, "marks_recovered": 99}, False),
        ({"marks_recovered": 100, "follow_up_note": "已不再宣传"}, True),
    ]
    for data, complete in steps:
        response = client.post(url, data, follow=True)
        assert shown(response) == ["收回记录已保存。"], data
        record = RecoveryRecord.objects.get(application=revoked)
        assert (record.completed_at is not None) == complete, data
    assert (record.marks_recovered, record.updated_by) == (100, bureau_user)


def test_recovering_more_marks_than_issued_is_refused(client_for, bureau_user, revoked):
    response = client_for(bureau_user).post(
        f"/cases/{revoked.pk}/recovery/", {"marks_recovered": 101}
    )
    assert "收回标志数应在 0 到发放数 100 之间。" in messages_of(response)
    record = RecoveryRecord.objects.get(application=revoked)
    assert (record.marks_recovered, record.completed_at) == (0, None)


def test_only_the_cases_bureau_records_the_recovery(client_for, lead_bureau_user, revoked):
    response = client_for(lead_bureau_user).post(
        f"/cases/{revoked.pk}/recovery/", {"marks_recovered": 100}
    )
    assert messages_of(response) == ["您无权对该案件执行此操作。"]
    assert RecoveryRecord.objects.get(application=revoked).marks_recovered == 0


# ---------------------------------------------------------------- enterprise confirmation


@pytest.fixture
def pending():
    return {
        "hubei": factories.EnterpriseFactory(bureau=factories.bureau("hubei"), name="湖北待确认"),
        "beijing": factories.EnterpriseFactory(
            bureau=factories.bureau("beijing"), name="北京待确认"
        ),
    }


def test_the_bureau_lists_the_pending_enterprises_of_its_own_bureau(
    client_for, bureau_user, pending
):
    factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), name="湖北已确认", confirmed_at=timezone.now()
    )
    response = client_for(bureau_user).get("/cases/enterprises/")
    assert response.status_code == 200
    assert response.context["pending"] == [pending["hubei"]]
    assert "北京待确认" not in html(response)


def test_the_bureau_confirms_an_enterprise(client_for, bureau_user, pending):
    response = client_for(bureau_user).post(
        "/cases/enterprises/", {"id": pending["hubei"].pk, "action": "confirm"}
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(pk=pending["hubei"].pk)
    assert enterprise.confirmed_at is not None
    assert enterprise.confirmed_by == bureau_user


def test_confirming_another_bureaus_enterprise_is_404(client_for, bureau_user, pending):
    response = client_for(bureau_user).post(
        "/cases/enterprises/", {"id": pending["beijing"].pk, "action": "confirm"}
    )
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=pending["beijing"].pk).confirmed_at is None


def test_hq_sees_no_uncontested_registration_and_other_roles_no_page(client_for, hq_user, pending):
    # Uncontested registrations are the bureaus'; HQ decides between competing claims
    # (test_enterprise_claims.py).
    response = client_for(hq_user).get("/cases/enterprises/")
    assert response.status_code == 200
    assert response.context["pending"] == []
    agency = factories.agency_staff(username="agency-confirm")
    assert client_for(agency).get("/cases/enterprises/").status_code == 404


def test_a_malformed_enterprise_id_is_404(client_for, bureau_user, pending):
    response = client_for(bureau_user).post(
        "/cases/enterprises/", {"id": "abc", "action": "confirm"}
    )
    assert response.status_code == 404
    assert not Enterprise.objects.filter(confirmed_at__isnull=False).exists()
