"""Outcomes that lead somewhere (seed 000 §9–§11, ADR 0021): 责令整改 (an inspection's, a
complaint's 已责令整改, a follow-up inspection's) opens a rectification on the case, which stays
protected; the enterprise of the case reports, the case's bureau accepts or rejects; overdue on
the Chinese calendar; 转入检查 opens a follow-up inspection the bureau records with the inspection
outcomes. Every actor for every action."""

import io
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from applications.models import Application
from casework.deadlines import add_working_days
from casework.todo import counts_for
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from supervision import rectification_selectors as selectors
from supervision import rectification_services, services
from supervision.models import (
    Complaint,
    FollowUpInspection,
    Proposal,
    Rectification,
    RectificationEvent,
    RectificationNotice,
)
from supervision.rectification_todo import RECTIFICATION_TODO
from tests import factories
from tests.applications.factories import ApplicationFactory

from .test_services import drawn, noon  # noqa: F401  (the drawn-target fixture)

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


class World:
    """A protected product of 湖北 (its enterprise's staff `owner`), a complaint about it routed
    to 湖北局; HQ, 湖北局 (the case's bureau), 重庆局 (another bureau), another enterprise."""

    def __init__(self, hq, hubei, chongqing, stranger):
        self.hq, self.hubei, self.other_bureau, self.stranger = hq, hubei, chongqing, stranger
        enterprise = factories.EnterpriseFactory(
            bureau=factories.bureau("hubei"),
            confirmed_at=timezone.now(),
            name="湖北整改茶业",
            contact_email="tea@example.com",
        )
        self.owner = factories.enterprise_staff(enterprise, username="owner-rect")
        case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
        Application.objects.filter(pk=case.pk).update(state="protected")
        self.case = Application.objects.get(pk=case.pk)
        self.complaint = self.new_complaint()

    def new_complaint(self) -> Complaint:
        return Complaint.objects.create(
            tracking_code=f"T{Complaint.objects.count() + 1:011d}",
            application=self.case,
            bureau=self.case.bureau,
            content="该企业产品标签与保护证书不符，请核查。",
            due_date=timezone.localdate() + timedelta(days=20),
        )

    def people(self):
        return {
            "hq": self.hq,
            "bureau": self.hubei,
            "other_bureau": self.other_bureau,
            "owner": self.owner,
            "stranger": self.stranger,
        }

    def rectify(self, **extra) -> Rectification:
        services.complaint_handle(
            complaint=self.complaint,
            actor=self.hubei,
            outcome="resolved",
            resolution="标签使用不规范，责令整改。",
            **extra,
        )
        return Rectification.objects.get(complaint=self.complaint)


@pytest.fixture
def world(hq_user, bureau_user, lead_bureau_user, enterprise_user):
    return World(hq_user, bureau_user, lead_bureau_user, enterprise_user)


def fresh(rectification) -> Rectification:
    return Rectification.objects.get(pk=rectification.pk)


# ---------------------------------------------------------------- opening


class TestOpening:
    def test_a_complaint_resolved_opens_a_rectification_and_the_case_stays_protected(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            rectification = world.rectify(requirements="更换标签")
        assert rectification.status == "open"
        assert rectification.requirements == "更换标签"
        assert rectification.deadline == add_working_days(timezone.localdate(), 20)
        assert rectification.opened_by == world.hubei
        assert Application.objects.get(pk=world.case.pk).state == "protected"
        event = rectification.events.get()
        assert (event.action, event.to_status, event.actor) == ("open", "open", world.hubei)
        notice = RectificationNotice.objects.get(rectification=rectification)
        assert notice.enterprise_id == world.case.enterprise_id
        assert "更换标签" in notice.body and notice.body_en
        assert notice.addressed_to(world.owner) and not notice.addressed_to(world.stranger)
        assert [m.to for m in mail.outbox] == [["tea@example.com"]]
        assert RectificationNotice.objects.get(pk=notice.pk).pdf

    def test_the_form_sets_the_deadline_not_in_the_past(self, world):
        with pytest.raises(InvalidInput) as error:
            world.rectify(rectification_deadline=timezone.localdate())
        assert "rectification_deadline" in error.value.field_errors
        assert Complaint.objects.get(pk=world.complaint.pk).status == "received"
        assert not Rectification.objects.exists()
        later = timezone.localdate() + timedelta(days=45)
        assert world.rectify(rectification_deadline=later).deadline == later

    def test_resolved_without_a_protected_product_opens_none(self, world):
        complaint = Complaint.objects.create(
            tracking_code="NOCASE000001",
            bureau=world.case.bureau,
            content="冒用生态原产地保护标志的产品。",
            due_date=timezone.localdate() + timedelta(days=5),
        )
        services.complaint_handle(
            complaint=complaint, actor=world.hubei, outcome="resolved", resolution="已责令下架"
        )
        assert not Rectification.objects.exists()

    def test_an_inspection_rectify_opens_one_with_the_findings(self, drawn):  # noqa: F811
        with time_machine.travel(noon(drawn.plan.planned_date)):
            inspection = services.inspection_record(
                target=drawn,
                actor=drawn.inspectors.first(),
                findings="标志使用超出核定范围",
                outcome="rectify",
            )
        rectification = Rectification.objects.get()
        assert rectification.inspection == inspection
        assert rectification.requirements == "标志使用超出核定范围"
        assert rectification.application == drawn.application
        assert Application.objects.get(pk=drawn.application_id).state == "protected"
        assert not Proposal.objects.exists()


# ---------------------------------------------------------------- who may do what


SUBMIT_ALLOWED = {"owner"}
REVIEW_ALLOWED = {"bureau"}
EVERYONE = ["hq", "bureau", "other_bureau", "owner", "stranger"]


class TestPermissions:
    @pytest.mark.parametrize("who", EVERYONE)
    def test_submit(self, world, who):
        rectification = world.rectify()
        actor = world.people()[who]
        if who in SUBMIT_ALLOWED:
            rectification_services.rectification_submit(
                rectification=rectification, actor=actor, report="已更换全部标签"
            )
            assert fresh(rectification).status == "submitted"
        else:
            with pytest.raises(NotPermitted):
                rectification_services.rectification_submit(
                    rectification=rectification, actor=actor, report="已更换"
                )
            assert fresh(rectification).status == "open"
            assert rectification.events.count() == 1

    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("accept", [True, False])
    def test_review(self, world, who, accept):
        rectification = world.rectify()
        rectification_services.rectification_submit(
            rectification=rectification, actor=world.owner, report="已更换全部标签"
        )
        actor = world.people()[who]
        if who in REVIEW_ALLOWED:
            rectification_services.rectification_review(
                rectification=rectification, actor=actor, accept=accept, reason="核查"
            )
            assert fresh(rectification).status == ("closed" if accept else "open")
        else:
            with pytest.raises(NotPermitted):
                rectification_services.rectification_review(
                    rectification=rectification, actor=actor, accept=accept, reason="核查"
                )
            assert fresh(rectification).status == "submitted"

    @pytest.mark.parametrize("who", EVERYONE)
    def test_record_a_follow_up(self, world, who):
        services.complaint_handle(
            complaint=world.complaint,
            actor=world.hubei,
            outcome="inspection",
            resolution="现场核查",
        )
        follow_up = FollowUpInspection.objects.get()
        actor = world.people()[who]
        if who == "bureau":
            rectification_services.follow_up_record(
                follow_up=follow_up, actor=actor, findings="未见问题", outcome="no_issue"
            )
            assert FollowUpInspection.objects.get().status == "recorded"
        else:
            with pytest.raises(NotPermitted):
                rectification_services.follow_up_record(
                    follow_up=follow_up, actor=actor, findings="未见问题", outcome="no_issue"
                )
            assert FollowUpInspection.objects.get().status == "open"

    def test_who_sees_what(self, world):
        rectification = world.rectify()
        services.complaint_handle(
            complaint=world.new_complaint(),
            actor=world.hubei,
            outcome="inspection",
            resolution="现场核查",
        )
        follow_up = FollowUpInspection.objects.get()
        people = world.people()
        sees = {
            who: set(selectors.rectifications_visible_to(user=person))
            for who, person in people.items()
        }
        assert sees == {
            "hq": {rectification},
            "bureau": {rectification},
            "other_bureau": set(),
            "owner": {rectification},
            "stranger": set(),
        }
        follow_ups = {
            who: set(selectors.follow_ups_visible_to(user=person)) for who, person in people.items()
        }
        # The enterprise is not told of an inspection before it is carried out (§10).
        assert follow_ups == {
            "hq": {follow_up},
            "bureau": {follow_up},
            "other_bureau": set(),
            "owner": set(),
            "stranger": set(),
        }
        rectification_services.follow_up_record(
            follow_up=follow_up, actor=world.hubei, findings="未见问题", outcome="no_issue"
        )
        assert set(selectors.follow_ups_visible_to(user=world.owner)) == {follow_up}

    @pytest.mark.parametrize(
        ("who", "list_count", "detail"),
        [
            ("hq", 1, 200),
            ("bureau", 1, 200),
            ("other_bureau", 0, 404),
            ("owner", 1, 200),
            ("stranger", 0, 404),
        ],
    )
    def test_api_reads(self, world, api_for, who, list_count, detail):
        rectification = world.rectify()
        client = api_for(world.people()[who])
        listing = client.get("/api/v1/rectifications/")
        assert listing.status_code == 200
        assert len(listing.json()["results"]) == list_count
        response = client.get(f"/api/v1/rectifications/{rectification.pk}/")
        assert response.status_code == detail
        if detail == 200:
            assert response.json()["status"] == "open"
            assert response.json()["events"][0]["action"] == "open"

    def test_anonymous_reads_nothing(self, world, api_client):
        rectification = world.rectify()
        assert api_client.get("/api/v1/rectifications/").status_code in (401, 403)
        assert api_client.get(f"/api/v1/rectifications/{rectification.pk}/").status_code in (
            401,
            403,
        )
        assert api_client.get("/api/v1/follow-up-inspections/").status_code in (401, 403)
        page = Client().get(f"/supervision/rectifications/{rectification.pk}/")
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]

    @pytest.mark.parametrize(
        ("who", "code"),
        [("hq", 403), ("bureau", 403), ("other_bureau", 404), ("owner", 200), ("stranger", 404)],
    )
    def test_api_submit(self, world, api_for, who, code):
        rectification = world.rectify()
        response = api_for(world.people()[who]).post(
            f"/api/v1/rectifications/{rectification.pk}/submit/",
            {"report": "已更换全部标签", "files": [SimpleUploadedFile("照片.png", PNG)]},
            format="multipart",
        )
        assert response.status_code == code, response.content
        assert fresh(rectification).status == ("submitted" if code == 200 else "open")
        assert rectification.documents.count() == (1 if code == 200 else 0)

    @pytest.mark.parametrize(
        ("who", "code"),
        [("hq", 403), ("bureau", 200), ("other_bureau", 404), ("owner", 403), ("stranger", 404)],
    )
    def test_api_review(self, world, api_for, who, code):
        rectification = world.rectify()
        rectification_services.rectification_submit(
            rectification=rectification, actor=world.owner, report="已更换全部标签"
        )
        response = api_for(world.people()[who]).post(
            f"/api/v1/rectifications/{rectification.pk}/review/",
            {"decision": "accept", "reason": "整改到位"},
            format="json",
        )
        assert response.status_code == code, response.content
        assert fresh(rectification).status == ("closed" if code == 200 else "submitted")


def test_lists_read_a_constant_number_of_queries(world, api_for):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads(url, reader):
        cache.clear()  # the navigation's to-do counts are cached per user
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200
        return len(queries)

    def both():
        return [
            reads("/api/v1/rectifications/", api_for(world.hubei)),
            reads("/supervision/rectifications/", client(world.hubei)),
        ]

    world.rectify()
    one = both()
    for _n in range(3):
        world.complaint = world.new_complaint()
        world.rectify()
    assert both() == one


# ---------------------------------------------------------------- the steps


class TestSteps:
    def test_rejected_back_to_open_then_accepted_then_nothing_more(self, world, api_for):
        rectification = world.rectify()
        with pytest.raises(Conflict):  # no report yet
            rectification_services.rectification_review(
                rectification=rectification, actor=world.hubei, accept=True, reason="通过"
            )
        with pytest.raises(InvalidInput):
            rectification_services.rectification_submit(
                rectification=rectification, actor=world.owner, report="  "
            )
        rectification_services.rectification_submit(
            rectification=rectification, actor=world.owner, report="已更换部分标签"
        )
        with pytest.raises(Conflict):
            rectification_services.rectification_submit(
                rectification=rectification, actor=world.owner, report="再次提交"
            )
        with pytest.raises(InvalidInput) as error:
            rectification_services.rectification_review(
                rectification=rectification, actor=world.hubei, accept=False, reason=" "
            )
        assert "reason" in error.value.field_errors
        new_deadline = timezone.localdate() + timedelta(days=30)
        rectification_services.rectification_review(
            rectification=rectification,
            actor=world.hubei,
            accept=False,
            reason="仍有库存标签未更换",
            deadline=new_deadline,
        )
        back = fresh(rectification)
        assert (back.status, back.deadline, back.review_note) == (
            "open",
            new_deadline,
            "仍有库存标签未更换",
        )
        rectification_services.rectification_submit(
            rectification=rectification, actor=world.owner, report="已全部更换并销毁旧标签"
        )
        rectification_services.rectification_review(
            rectification=rectification, actor=world.hubei, accept=True, reason="整改到位"
        )
        done = fresh(rectification)
        assert done.status == "closed" and done.closed_at is not None
        assert list(done.events.values_list("action", "actor__username", "reason")) == [
            ("open", world.hubei.username, "标签使用不规范，责令整改。"),
            ("submit", world.owner.username, "已更换部分标签"),
            ("reject", world.hubei.username, "仍有库存标签未更换"),
            ("submit", world.owner.username, "已全部更换并销毁旧标签"),
            ("accept", world.hubei.username, "整改到位"),
        ]
        with pytest.raises(Conflict):
            rectification_services.rectification_submit(
                rectification=rectification, actor=world.owner, report="又一次"
            )
        response = api_for(world.hubei).post(
            f"/api/v1/rectifications/{rectification.pk}/review/",
            {"decision": "reject", "reason": "再审"},
            format="json",
        )
        assert response.status_code == 409
        assert Application.objects.get(pk=world.case.pk).state == "protected"

    def test_history_rows_are_immutable(self, world):
        event = world.rectify().events.get()
        with pytest.raises(PermissionError):
            event.save()
        with pytest.raises(PermissionError):
            RectificationEvent.objects.filter(pk=event.pk).update(reason="改")

    def test_api_bad_input_is_400_with_fields(self, world, api_for):
        rectification = world.rectify()
        response = api_for(world.owner).post(
            f"/api/v1/rectifications/{rectification.pk}/submit/", {}, format="json"
        )
        assert response.status_code == 400 and "report" in response.json()
        rectification_services.rectification_submit(
            rectification=rectification, actor=world.owner, report="已整改"
        )
        response = api_for(world.hubei).post(
            f"/api/v1/rectifications/{rectification.pk}/review/",
            {"decision": "maybe", "reason": "x"},
            format="json",
        )
        assert response.status_code == 400 and "decision" in response.json()


def test_the_reports_to_review_and_the_overdue_are_counted_apart_in_one_query(
    world, django_assert_num_queries
):
    """The bureau's reports to review and its overdue rectifications are counted in one
    aggregate: a report past the deadline is to review, not overdue; an open one not yet due
    and a closed one are neither; another bureau's case is the other bureau's."""
    today = timezone.localdate()

    def rectification(status, deadline):
        world.complaint = world.new_complaint()  # each rectification from its own complaint
        made = world.rectify()
        Rectification.objects.filter(pk=made.pk).update(status=status, deadline=deadline)
        return made

    rectification(Rectification.Status.OPEN, today - timedelta(days=1))  # overdue
    rectification(Rectification.Status.OPEN, today - timedelta(days=3))  # overdue
    rectification(Rectification.Status.OPEN, today)  # due today: not yet overdue
    rectification(Rectification.Status.SUBMITTED, today - timedelta(days=1))  # to review
    rectification(Rectification.Status.CLOSED, today - timedelta(days=1))  # neither
    elsewhere = rectification(Rectification.Status.SUBMITTED, today - timedelta(days=1))
    other_case = ApplicationFactory(
        enterprise=factories.EnterpriseFactory(bureau=factories.bureau("chongqing"))
    )
    Rectification.objects.filter(pk=elsewhere.pk).update(application=other_case)
    with django_assert_num_queries(2):  # the rectifications, the follow-up inspections
        counts = RECTIFICATION_TODO.counts(world.hubei)
    assert counts["supervision.rectifications_review"] == 1
    assert counts["supervision.rectifications_overdue"] == 2
    assert RECTIFICATION_TODO.counts(world.other_bureau) == {
        "supervision.rectifications_review": 1,
        "supervision.rectifications_overdue": 0,
        "supervision.follow_ups": 0,
    }


# ---------------------------------------------------------------- overdue, Chinese calendar


class TestOverdue:
    def test_the_deadline_skips_the_national_day_holidays_and_is_flagged_after(
        self, world, settings
    ):
        settings.SUPERVISION_RECTIFICATION_WORKING_DAYS = 5

        def at(day):
            return time_machine.travel(
                timezone.make_aware(datetime.combine(day, time(10))), tick=False
            )

        with at(date(2025, 9, 26)):  # Friday; 9-28 is a 调休 working Sunday, 10-1…10-8 off
            rectification = world.rectify()
        assert rectification.deadline == date(2025, 10, 10)
        with at(date(2025, 10, 10)):
            assert not fresh(rectification).is_overdue(timezone.localdate())
            assert counts_for(world.hubei, fresh=True)["supervision.rectifications_overdue"] == 0
        with at(date(2025, 10, 11)):  # a 调休 working Saturday
            assert fresh(rectification).is_overdue(timezone.localdate())
            assert counts_for(world.hubei, fresh=True)["supervision.rectifications_overdue"] == 1
            # Only the case's bureau is to act on it; the other bureau has nothing.
            assert "supervision.rectifications_overdue" not in counts_for(world.hq, fresh=True)
            assert (
                counts_for(world.other_bureau, fresh=True)["supervision.rectifications_overdue"]
                == 0
            )
            assert counts_for(world.owner, fresh=True)["supervision.rectifications_submit"] == 1
            # Late, but not a dead end: the enterprise still reports, and it is no longer overdue.
            rectification_services.rectification_submit(
                rectification=rectification, actor=world.owner, report="已整改"
            )
            assert not fresh(rectification).is_overdue(timezone.localdate())
            assert counts_for(world.hubei, fresh=True)["supervision.rectifications_review"] == 1


# ---------------------------------------------------------------- follow-up inspections


class TestFollowUp:
    def test_inspection_creates_a_follow_up_due_in_working_days(self, world):
        services.complaint_handle(
            complaint=world.complaint,
            actor=world.hubei,
            outcome="inspection",
            resolution="现场核查标签",
        )
        follow_up = FollowUpInspection.objects.get()
        assert follow_up.complaint == world.complaint
        assert follow_up.application == world.case
        assert follow_up.bureau == world.hubei.bureau
        assert follow_up.due_date == add_working_days(timezone.localdate(), 15)
        assert follow_up.scope == "现场核查标签"
        assert counts_for(world.hubei, fresh=True)["supervision.follow_ups"] == 1

    def test_inspection_needs_a_known_product(self, world):
        complaint = Complaint.objects.create(
            tracking_code="NOCASE000002",
            bureau=world.case.bureau,
            content="某产品涉嫌冒用标志。",
            due_date=timezone.localdate() + timedelta(days=5),
        )
        with pytest.raises(InvalidInput) as error:
            services.complaint_handle(
                complaint=complaint, actor=world.hubei, outcome="inspection", resolution="核查"
            )
        assert "outcome" in error.value.field_errors
        assert not FollowUpInspection.objects.exists()

    @pytest.fixture
    def follow_up(self, world):
        services.complaint_handle(
            complaint=world.complaint,
            actor=world.hubei,
            outcome="inspection",
            resolution="现场核查",
        )
        return FollowUpInspection.objects.get()

    def test_rectify_opens_a_rectification(self, world, follow_up):
        rectification_services.follow_up_record(
            follow_up=follow_up,
            actor=world.hubei,
            findings="标签未标注保护证书编号",
            outcome="rectify",
            requirements="补充标注证书编号",
        )
        rectification = Rectification.objects.get()
        assert rectification.follow_up == follow_up
        assert rectification.requirements == "补充标注证书编号"
        with pytest.raises(Conflict):
            rectification_services.follow_up_record(
                follow_up=follow_up, actor=world.hubei, findings="再次", outcome="no_issue"
            )

    @pytest.mark.parametrize(
        ("outcome", "kind"), [("propose_suspension", "suspend"), ("propose_revocation", "revoke")]
    )
    def test_a_proposing_outcome_goes_to_hq(self, world, follow_up, outcome, kind):
        rectification_services.follow_up_record(
            follow_up=follow_up, actor=world.hubei, findings="产地与证书不符", outcome=outcome
        )
        proposal = Proposal.objects.get()
        assert (proposal.kind, proposal.follow_up, proposal.status) == (kind, follow_up, "open")
        assert not Rectification.objects.exists()

    def test_api_record(self, world, follow_up, api_for):
        url = f"/api/v1/follow-up-inspections/{follow_up.pk}/record/"
        body = {"findings": "标签不规范", "outcome": "rectify"}
        assert api_for(world.hq).post(url, body, format="json").status_code == 403
        assert api_for(world.other_bureau).post(url, body, format="json").status_code == 404
        assert api_for(world.owner).post(url, body, format="json").status_code == 404
        bad = api_for(world.hubei).post(url, {"findings": "", "outcome": "x"}, format="json")
        assert bad.status_code == 400
        response = api_for(world.hubei).post(url, body, format="json")
        assert response.status_code == 200, response.content
        assert (
            response.json()["outcome"] == "rectify" and len(response.json()["rectifications"]) == 1
        )
        assert api_for(world.hubei).post(url, body, format="json").status_code == 409
        seen = api_for(world.owner).get(f"/api/v1/follow-up-inspections/{follow_up.pk}/").json()
        assert seen["complaint"] is None and seen["scope"] == ""


# ---------------------------------------------------------------- pages


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


class TestPages:
    def test_the_enterprise_reports_and_the_bureau_reviews_on_the_pages(self, world):
        rectification = world.rectify(requirements="更换标签")
        url = f"/supervision/rectifications/{rectification.pk}/"
        page = client(world.owner).get(url)
        assert page.status_code == 200 and "提交整改报告" in page.content.decode()
        assert client(world.stranger).get(url).status_code == 404
        assert client(world.other_bureau).get(url).status_code == 404
        assert client(world.hq).get(url).status_code == 200
        assert client(world.hubei).post(url, {"report": "x"}).status_code == 403
        empty = client(world.owner).post(url, {"report": ""})
        assert empty.status_code == 400
        done = client(world.owner).post(
            url, {"report": "已更换全部标签", "files": [SimpleUploadedFile("照片.png", PNG)]}
        )
        assert done.status_code == 302
        assert fresh(rectification).status == "submitted"
        assert client(world.owner).post(url, {"report": "再次"}).status_code == 409
        assert client(world.hq).post(url, {"decision": "accept", "reason": "好"}).status_code == 403
        review = client(world.hubei).get(url).content.decode()
        assert "审核整改报告" in review and "照片.png" in review
        document = rectification.documents.get()
        assert client(world.hubei).get(f"/supervision/documents/{document.pk}/").status_code == 200
        assert (
            client(world.stranger).get(f"/supervision/documents/{document.pk}/").status_code == 404
        )
        rejected = client(world.hubei).post(url, {"decision": "reject", "reason": "未到位"})
        assert rejected.status_code == 302 and fresh(rectification).status == "open"

    def test_case_complaint_and_lists_link_to_what_was_created(self, world):
        rectification = world.rectify()
        services.complaint_handle(
            complaint=world.new_complaint(),
            actor=world.hubei,
            outcome="inspection",
            resolution="现场核查",
        )
        follow_up = FollowUpInspection.objects.get()
        rect_url = f"/supervision/rectifications/{rectification.pk}/"
        follow_url = f"/supervision/follow-ups/{follow_up.pk}/"
        staff_case = client(world.hubei).get(f"/cases/{world.case.pk}/").content.decode()
        assert rect_url in staff_case and follow_url in staff_case
        own_case = client(world.owner).get(f"/cases/{world.case.pk}/").content.decode()
        assert rect_url in own_case and follow_url not in own_case
        complaint_page = client(world.hubei).get(f"/supervision/complaints/{world.complaint.pk}/")
        assert rect_url in complaint_page.content.decode()
        second = client(world.hubei).get(f"/supervision/complaints/{follow_up.complaint_id}/")
        assert follow_url in second.content.decode()
        for who in ("hubei", "hq"):
            listing = client(getattr(world, who)).get("/supervision/rectifications/")
            assert rect_url in listing.content.decode()
        assert rect_url in client(world.owner).get("/supervision/rectifications/").content.decode()
        assert (
            rect_url
            not in client(world.stranger).get("/supervision/rectifications/").content.decode()
        )
        assert follow_url in client(world.hubei).get("/supervision/follow-ups/").content.decode()
        assert client(world.owner).get("/supervision/follow-ups/").status_code == 404
        assert client(world.owner).get(follow_url).status_code == 404  # not yet carried out
        recorded = client(world.hubei).post(
            follow_url, {"findings": "标签不规范", "outcome": "rectify", "requirements": "更换"}
        )
        assert recorded.status_code == 302
        assert client(world.owner).get(follow_url).status_code == 200

    def test_the_follow_up_form_refuses_others(self, world):
        services.complaint_handle(
            complaint=world.complaint, actor=world.hubei, outcome="inspection", resolution="核查"
        )
        url = f"/supervision/follow-ups/{FollowUpInspection.objects.get().pk}/"
        body = {"findings": "无", "outcome": "no_issue"}
        assert client(world.hq).post(url, body).status_code == 403
        assert client(world.other_bureau).post(url, body).status_code == 404
        assert client(world.hubei).post(url, {"findings": "", "outcome": ""}).status_code == 400
        assert FollowUpInspection.objects.get().status == "open"


def test_the_demo_has_an_open_an_overdue_rectification_and_a_follow_up(world):
    from supervision import demo

    factories.bureau_staff("hubei", username="bureau-hubei")
    demo.seed_outcomes()
    demo.seed_outcomes()  # once
    today = timezone.localdate()
    rectifications = Rectification.objects.filter(status="open")
    assert rectifications.count() == 2
    assert [r.is_overdue(today) for r in rectifications.order_by("pk")] == [False, True]
    assert FollowUpInspection.objects.filter(status="open").count() == 1
