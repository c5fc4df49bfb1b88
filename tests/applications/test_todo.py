"""Work finds the worker (issue 15): each role's landing page starts with its to-do among the
protection cases (casework.todo, applications/todo.py), each kind with its count, its most
urgent items on the working-day clock and a link to the worklist; the navigation counts the
same work on every page, in a constant number of queries, kept briefly per user."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, CaseHistory, Notice, RectificationReview
from applications.services import case_transition
from applications.todo import ECO_ORIGIN_TODO
from casework.deadlines import add_working_days
from tests import factories

from .factories import ApplicationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def hubei_enterprise():
    return factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now(), name="湖北生态茶业"
    )


@pytest.fixture
def make_case(hubei_enterprise, plan):
    """make_case(state, **fields) → a 湖北 case put straight into `state` (set-up only)."""

    def make(state: str, *, enterprise=None, **fields) -> Application:
        case = ApplicationFactory(enterprise=enterprise or hubei_enterprise, category=plan.category)
        values = {"state": state, **fields}
        if state != "draft":  # submitted once (staff never see a draft the enterprise keeps)
            values.setdefault("submitted_at", timezone.now())
        if state in ("evaluating", "evaluated", "suspended"):
            values.update(agency=plan.agency, plan=plan, score=90)
        Application.objects.filter(pk=case.pk).update(**values)
        return Application.objects.get(pk=case.pk)

    return make


def todos(response) -> dict:
    """The landing page's to-do: kind code → (count, [item titles])."""
    assert response.status_code == 200
    return {
        todo.kind.code: (todo.count, [row.item.title for row in todo.rows])
        for todo in response.context["todos"]
    }


def html(response) -> str:
    return response.content.decode()


def navcount(response, entry: str) -> int | None:
    """The count beside the navigation entry labelled `entry`, None if it has none."""
    match = re.search(
        rf">{re.escape(entry)}\s*<span class=\"navcount\"[^>]*>\s*(\d+)\s*<", html(response)
    )
    return int(match.group(1)) if match else None


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- the bureau


def test_the_bureau_sees_each_kind_of_its_waiting_cases(client_for, bureau_user, make_case):
    new = make_case("submitted", product_name="新申报茶", due_date=today() + timedelta(days=5))
    reply = make_case("submitted", product_name="补正后茶", due_date=today() + timedelta(days=3))
    CaseHistory.objects.create(
        application=reply, transition="return", from_state="submitted", to_state="returned"
    )
    make_case("accepted", product_name="待初评茶")
    make_case("pre_evaluated", product_name="待推荐茶")
    submitted_at = timezone.now() - timedelta(days=1)
    rectified = make_case(
        "suspended",
        product_name="整改茶",
        rectification_submitted_at=submitted_at,
        due_date=today() + timedelta(days=20),
    )
    reviewed = make_case(
        "suspended", product_name="已审核整改茶", rectification_submitted_at=submitted_at
    )
    RectificationReview.objects.create(
        application=reviewed, opinion="reinstate", comment="整改到位", reviewer=bureau_user
    )
    make_case("suspended", product_name="未交整改茶")  # the enterprise's to do, not the bureau's
    make_case("draft", product_name="草稿茶")
    beijing = factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), confirmed_at=timezone.now()
    )
    make_case("submitted", enterprise=beijing, product_name="北京局的案件")

    response = client_for(bureau_user).get("/")
    assert todos(response) == {
        "ecoorigin.acceptance": (1, [new.product_name]),
        "ecoorigin.correction_replies": (1, [reply.product_name]),
        "ecoorigin.pre_evaluation": (1, ["待初评茶"]),
        "ecoorigin.recommendation": (1, ["待推荐茶"]),
        "ecoorigin.rectification_review": (1, [rectified.product_name]),
    }
    content = html(response)
    assert "北京局的案件" not in content
    assert "已审核整改茶" not in content and "未交整改茶" not in content
    # Each kind links to the worklist filtered to it, the deadline's first.
    assert 'href="/cases/?state=submitted&amp;sort=due"' in content
    assert 'href="/cases/?state=accepted"' in content
    # The existing content stays below.
    assert content.index("待办事项") < content.index("本年度工作")
    # In the navigation: the case work beside the worklist.
    assert navcount(response, "案件工作台") == 5


def test_the_acceptance_clock_shows_the_working_days_left(client_for, bureau_user, make_case):
    # The clock a submission starts (applications.programme: run_clock): 5 working days.
    make_case("submitted", product_name="新茶", due_date=add_working_days(today(), 5))
    response = client_for(bureau_user).get("/")
    (todo,) = [t for t in response.context["todos"] if t.kind.code == "ecoorigin.acceptance"]
    assert todo.rows[0].days_left == 5
    assert not todo.rows[0].overdue
    assert "受理时限：提交后 5 个工作日" in html(response)
    assert "剩 5 个工作日" in html(response)


def test_overdue_work_comes_first_and_is_marked(client_for, bureau_user, make_case):
    make_case("submitted", product_name="宽裕茶", due_date=add_working_days(today(), 4))
    make_case("submitted", product_name="逾期茶", due_date=today() - timedelta(days=7))
    make_case("submitted", product_name="今天茶", due_date=today())
    response = client_for(bureau_user).get("/")
    (todo,) = [t for t in response.context["todos"] if t.kind.code == "ecoorigin.acceptance"]
    assert [row.item.title for row in todo.rows] == ["逾期茶", "今天茶", "宽裕茶"]
    assert [row.overdue for row in todo.rows] == [True, False, False]
    assert todo.rows[0].days_overdue >= 1
    assert todo.rows[1].days_left == 0
    assert todo.rows[2].days_left == 4
    content = html(response)
    assert re.search(r'<li class="overdue">\s*<a href="/cases/\d+/">逾期茶</a>', content)
    assert "个工作日</span>" in content and "逾期" in content
    assert "今天到期" in content


def test_only_the_most_urgent_are_listed_with_a_link_to_all(client_for, bureau_user, make_case):
    for n in range(7):
        make_case("accepted", product_name=f"受理茶{n}")
    response = client_for(bureau_user).get("/")
    assert todos(response)["ecoorigin.pre_evaluation"] == (
        7,
        [f"受理茶{n}" for n in range(5)],  # the oldest first: none has a deadline
    )
    assert "查看全部 7 项" in html(response)


def test_a_zone_lead_reads_its_zone_but_its_to_do_is_its_own(
    client_for, lead_bureau_user, make_case
):
    make_case("submitted", product_name="湖北的申报")  # 湖北 is in 西南片区, led by 重庆
    client = client_for(lead_bureau_user)
    assert "湖北的申报" in html(client.get("/cases/?state=submitted"))
    response = client.get("/")
    assert "ecoorigin.acceptance" not in todos(response)
    assert "湖北的申报" not in html(response)


def test_registrations_to_confirm_are_counted_beside_their_page(client_for, bureau_user):
    factories.EnterpriseFactory(bureau=factories.bureau("hubei"), name="待确认企业")
    factories.EnterpriseFactory(bureau=factories.bureau("beijing"), name="北京待确认企业")
    response = client_for(bureau_user).get("/")
    assert todos(response)["ecoorigin.registrations"] == (1, ["待确认企业"])
    assert response.context["pending_enterprises"] == 1
    assert navcount(response, "企业确认") == 1
    assert "北京待确认企业" not in html(response)


def test_nothing_waiting_says_so(client_for, bureau_user):
    response = client_for(bureau_user).get("/")
    assert response.context["todos"] == []
    assert "目前没有待办事项。" in html(response)
    assert navcount(response, "案件工作台") is None


# ---------------------------------------------------------------- HQ, agencies, enterprises


def test_hq_sees_approvals_certifications_and_rectifications(client_for, hq_user, make_case):
    make_case("recommended", product_name="待批准茶")
    make_case("evaluated", product_name="待发证茶")
    make_case(
        "suspended",
        product_name="待决定整改茶",
        rectification_submitted_at=timezone.now(),
        due_date=today() + timedelta(days=9),
    )
    make_case("suspended", product_name="整改中茶")
    make_case("submitted", product_name="待受理茶")  # the bureau's, not HQ's
    response = client_for(hq_user).get("/")
    assert todos(response) == {
        "ecoorigin.approval": (1, ["待批准茶"]),
        "ecoorigin.certification": (1, ["待发证茶"]),
        "ecoorigin.rectification_decision": (1, ["待决定整改茶"]),
    }
    content = html(response)
    assert 'href="/cases/?queue=approval"' in content
    assert navcount(response, "案件工作台") == 3


def test_an_agency_sees_only_the_evaluations_it_was_chosen_for(client_for, make_case, plan):
    mine = factories.agency_staff(plan.agency, username="evaluator-mine")
    make_case("evaluating", product_name="本机构评定茶")
    other_plan = PlanFactory()
    other = make_case("evaluating", product_name="他机构评定茶")
    Application.objects.filter(pk=other.pk).update(agency=other_plan.agency, plan=other_plan)
    response = client_for(mine).get("/")
    assert todos(response) == {"ecoorigin.evaluation": (1, ["本机构评定茶"])}
    assert "他机构评定茶" not in html(response)
    assert navcount(response, "评定任务") == 1


def test_an_enterprise_sees_what_it_must_do_next(client_for, hubei_enterprise, make_case, hq_user):
    owner = factories.enterprise_staff(hubei_enterprise, username="owner-hubei")
    make_case("returned", product_name="待补正茶", due_date=today() + timedelta(days=20))
    make_case("approved", product_name="待选机构茶")
    make_case("draft", product_name="草稿茶")
    make_case("suspended", product_name="待整改茶", due_date=today() + timedelta(days=30))
    make_case("suspended", product_name="已交整改茶", rectification_submitted_at=timezone.now())
    recommended = make_case("recommended", product_name="已推荐茶")
    case_transition(case=recommended, name="approve", actor=hq_user)  # a notice, unread
    stranger = factories.EnterpriseFactory(confirmed_at=timezone.now())
    make_case("returned", enterprise=stranger, product_name="别家的茶")

    response = client_for(owner).get("/")
    found = todos(response)
    assert found["ecoorigin.correction"] == (1, ["待补正茶"])
    assert found["ecoorigin.rectification"] == (1, ["待整改茶"])
    assert found["ecoorigin.choose_agency"] == (2, ["待选机构茶", "已推荐茶"])
    assert found["ecoorigin.drafts"] == (1, ["草稿茶"])
    assert found["ecoorigin.unread_notices"][0] == 1
    assert "别家的茶" not in html(response)
    assert "补正答复时限：退回后 20 个工作日" in html(response)
    assert navcount(response, "我的申请") == 5
    assert navcount(response, "收件箱") == 1


# ---------------------------------------------------------------- cost


def test_the_navigation_counts_take_the_same_queries_whatever_waits(
    client_for, bureau_user, make_case
):
    client = client_for(bureau_user)
    make_case("submitted")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/accounts/jobs/").status_code == 200
    for state in ("submitted", "accepted", "pre_evaluated") * 5:
        make_case(state)
    make_case("suspended", rectification_submitted_at=timezone.now())
    factories.EnterpriseFactory(bureau=factories.bureau("hubei"))
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})  # a write: counts anew
    with CaptureQueriesContext(connection) as many:
        response = client.get("/accounts/jobs/")
    assert navcount(response, "案件工作台") == 17
    assert len(many) == len(few)


def test_the_counts_are_kept_briefly_and_recounted_after_the_users_own_write(
    client_for, bureau_user, make_case
):
    client = client_for(bureau_user)
    make_case("submitted")
    with CaptureQueriesContext(connection) as first:
        assert navcount(client.get("/accounts/jobs/"), "案件工作台") == 1
    make_case("submitted")  # by someone else: shown once the kept counts expire
    with CaptureQueriesContext(connection) as kept:
        assert navcount(client.get("/accounts/jobs/"), "案件工作台") == 1
    assert len(kept) < len(first)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert navcount(client.get("/accounts/jobs/"), "案件工作台") == 2


def test_the_bureaus_replies_and_reviews_are_told_apart_in_one_query(
    bureau_user, make_case, django_assert_num_queries
):
    """The 补正 replies and the rectifications to review are counted together among the
    submitted and suspended cases: each count keeps to its own state and condition."""

    def returned(case):
        CaseHistory.objects.create(
            application=case, transition="return", from_state="submitted", to_state="returned"
        )
        return case

    now = timezone.now()
    make_case("submitted")
    returned(make_case("submitted"))
    returned(make_case("submitted"))
    returned(make_case("accepted"))  # replied, then accepted: to pre-evaluate, not a reply
    returned(make_case("suspended", rectification_submitted_at=now))  # a review, not a reply
    make_case("suspended", rectification_submitted_at=now)
    make_case("suspended")  # no report yet: the enterprise's to do
    reviewed = make_case("suspended", rectification_submitted_at=now - timedelta(days=2))
    RectificationReview.objects.create(
        application=reviewed, opinion="reinstate", comment="到位", reviewer=bureau_user
    )
    again = make_case("suspended", rectification_submitted_at=now)  # reported again since
    review = RectificationReview.objects.create(
        application=again, opinion="reinstate", comment="不到位", reviewer=bureau_user
    )
    RectificationReview.objects.filter(pk=review.pk).update(created_at=now - timedelta(days=1))
    make_case("evaluated", rectification_submitted_at=now)  # reinstated: nothing to review
    beijing = factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), confirmed_at=timezone.now()
    )
    returned(make_case("submitted", enterprise=beijing))
    make_case("suspended", enterprise=beijing, rectification_submitted_at=now)
    assert not bureau_user.led_zone_ids  # read once per user, before the counts

    # The summary by state, the replies and reviews, the registrations.
    with django_assert_num_queries(3):
        counts = ECO_ORIGIN_TODO.counts(bureau_user)
    assert counts == {
        "ecoorigin.acceptance": 1,
        "ecoorigin.correction_replies": 2,
        "ecoorigin.pre_evaluation": 1,
        "ecoorigin.recommendation": 0,
        "ecoorigin.rectification_review": 3,
        "ecoorigin.registrations": 0,
    }


def test_hqs_counts_take_two_queries(hq_user, make_case, django_assert_num_queries):
    make_case("recommended")
    make_case("evaluated")
    make_case("suspended", rectification_submitted_at=timezone.now())
    make_case("suspended")
    with django_assert_num_queries(2):
        counts = ECO_ORIGIN_TODO.counts(hq_user)
    assert counts == {
        "ecoorigin.approval": 1,
        "ecoorigin.certification": 1,
        "ecoorigin.rectification_decision": 1,
    }


def test_the_landing_page_counts_afresh(client_for, bureau_user, make_case):
    client = client_for(bureau_user)
    make_case("submitted")
    assert navcount(client.get("/accounts/jobs/"), "案件工作台") == 1
    make_case("submitted")
    response = client.get("/")
    assert todos(response)["ecoorigin.acceptance"][0] == 2
    assert navcount(response, "案件工作台") == 2


def test_the_landing_page_reads_a_bounded_number_of_queries(
    client_for, bureau_user, make_case, django_assert_max_num_queries
):
    client = client_for(bureau_user)
    for state in ("submitted", "accepted", "pre_evaluated"):
        make_case(state, due_date=today() + timedelta(days=2))
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for state in ("submitted", "accepted", "pre_evaluated") * 6:
        make_case(state, due_date=today() + timedelta(days=2))
    with django_assert_max_num_queries(len(few)):
        response = client.get("/")
    assert todos(response)["ecoorigin.acceptance"][0] == 7


def test_reading_a_notice_takes_it_off_the_count_at_once(
    client_for, hubei_enterprise, make_case, hq_user
):
    owner = factories.enterprise_staff(hubei_enterprise, username="owner-hubei")
    recommended = make_case("recommended")
    case_transition(case=recommended, name="approve", actor=hq_user)
    client = client_for(owner)
    assert navcount(client.get("/accounts/jobs/"), "收件箱") == 1
    notice = Notice.objects.get(application=recommended)
    client.get(f"/cases/inbox/{notice.pk}/")  # a GET that marks it read
    assert navcount(client.get("/accounts/jobs/"), "收件箱") is None
