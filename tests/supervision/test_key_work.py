"""挂牌督办 and 约谈 (seed 000 §18: "各直属局要对重点工作明确时限,责任到人,实行挂牌督办制度。对生态
原产地工作开展不力,进展缓慢的,直属局领导要约谈责任部门领导,进行针对性工作指导,并将情况报总局
通关司"), ADR 0017: each bureau's own, HQ reads all and may put items of its own on a bureau; a
zone lead has no power over another bureau (§二.2).

First the permission matrix, every action × persona, through the API (the pages' matrix is
below it); then the rules of the services, the pages, the dashboard flag and the migration."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import BureauDepartment
from supervision import services
from supervision.models import Interview, KeyWorkItem, SupervisionDocument
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = [
    "own_staff",  # an inspector of 湖北局: its staff, not acting for it
    "own_leader",  # a bureau account of 湖北局: acts for its leadership (ADR 0017)
    "other_bureau",  # 山东局
    "zone_lead",  # 重庆局, lead of 西南片区, where 湖北局 is a member
    "hq",
    "enterprise",
    "agency",
    "anonymous",
]


def today():
    return timezone.localdate()


def in_days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


class World:
    """湖北局 with two departments, its own item (with progress), an item HQ put on it, and an
    interview; a person of every kind."""

    def __init__(self):
        self.people = {
            "own_staff": factories.inspector("hubei", username="kw-inspector"),
            "own_leader": factories.bureau_staff("hubei", username="kw-hubei"),
            "other_bureau": factories.bureau_staff("shandong", username="kw-shandong"),
            "zone_lead": factories.bureau_staff("chongqing", username="kw-chongqing"),
            "hq": factories.hq(username="kw-hq"),
            "enterprise": factories.enterprise_staff(username="kw-enterprise"),
            "agency": factories.agency_staff(username="kw-agency"),
            "anonymous": None,
        }
        assert self.people["zone_lead"].is_zone_lead
        self.leader, self.hq = self.people["own_leader"], self.people["hq"]
        self.department = factories.department("hubei", "通关处")
        self.other_department = factories.department("hubei", "检验监管处")
        self.item = services.key_work_open(
            actor=self.leader,
            title="培育首批保护产品",
            department=self.department,
            responsible_person="张处长",
            deadline=today() + timedelta(days=30),
        )
        services.key_work_progress_report(item=self.item, actor=self.leader, text="走访两家企业")
        self.hq_item = services.key_work_open(
            actor=self.hq,
            bureau=self.department.bureau,
            title="年度总结按时报送",
            department=self.other_department,
            responsible_person="赵副处长",
            deadline=today() + timedelta(days=10),
        )
        services.key_work_progress_report(item=self.hq_item, actor=self.leader, text="已起草")
        self.interview = services.interview_record(
            actor=self.leader,
            department=self.department,
            department_head="张处长",
            interviewer="刘副局长",
            held_on=today(),
            item=self.item,
            lagging_work="走访进展缓慢",
            guidance="每周走访一家企业",
        )


@pytest.fixture
def world():
    return World()


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# ---------------------------------------------------------------- the permission matrix (API)

ITEM_API = "/api/v1/key-work-items/"
INTERVIEW_API = "/api/v1/interviews/"
DEPARTMENT_API = "/api/v1/bureau-departments/"
UNSEEN = {"other_bureau": 404, "zone_lead": 404, "own_staff": 404, "enterprise": 404, "agency": 404}
NO_WRITE = {"own_staff": 403, "enterprise": 403, "agency": 403, "anonymous": 403}


def open_body(w):
    return {
        "bureau": "hubei",
        "title": "投诉举报限期办结",
        "department": w.department.pk,
        "responsible_person": "王科长",
        "deadline": in_days(20),
    }


def interview_body(w):
    return {
        "department": w.department.pk,
        "department_head": "张处长",
        "interviewer": "刘副局长",
        "held_on": today().isoformat(),
        "lagging_work": "进展缓慢",
        "guidance": "限期整改",
    }


# action: (method, url of the world, body of the world, {persona: status}); anonymous: 403.
MATRIX = {
    # 挂牌督办 on 湖北局: the bureau itself, or HQ (总局交办); never the zone lead.
    "open_item": (
        "post",
        lambda w: ITEM_API,
        open_body,
        {"own_leader": 201, "hq": 201, "other_bureau": 403, "zone_lead": 403, **NO_WRITE},
    ),
    "list_items": (
        "get",
        lambda w: ITEM_API,
        None,
        {p: 200 for p in PERSONAS if p != "anonymous"} | {"anonymous": 403},
    ),
    "read_item": (
        "get",
        lambda w: f"{ITEM_API}{w.item.pk}/",
        None,
        {"own_leader": 200, "hq": 200, **UNSEEN, "anonymous": 403},
    ),
    "report_progress": (
        "post",
        lambda w: f"{ITEM_API}{w.item.pk}/progress/",
        lambda w: {"text": "又走访一家"},
        {"own_leader": 201, "hq": 403, **UNSEEN, "anonymous": 403},
    ),
    "close_own_item": (
        "post",
        lambda w: f"{ITEM_API}{w.item.pk}/close/",
        lambda w: {"note": "完成"},
        {"own_leader": 200, "hq": 403, **UNSEEN, "anonymous": 403},
    ),
    "close_hq_item": (
        "post",
        lambda w: f"{ITEM_API}{w.hq_item.pk}/close/",
        lambda w: {"note": "完成"},
        {"own_leader": 403, "hq": 200, **UNSEEN, "anonymous": 403},
    ),
    "report_item_to_hq": (
        "post",
        lambda w: f"{ITEM_API}{w.item.pk}/report/",
        None,
        {"own_leader": 200, "hq": 403, **UNSEEN, "anonymous": 403},
    ),
    # 约谈 of 湖北局's department: its own leadership only.
    "record_interview": (
        "post",
        lambda w: INTERVIEW_API,
        interview_body,
        {"own_leader": 201, "hq": 403, "other_bureau": 403, "zone_lead": 403, **NO_WRITE},
    ),
    "read_interview": (
        "get",
        lambda w: f"{INTERVIEW_API}{w.interview.pk}/",
        None,
        {"own_leader": 200, "hq": 200, **UNSEEN, "anonymous": 403},
    ),
    "report_interview": (
        "post",
        lambda w: f"{INTERVIEW_API}{w.interview.pk}/report/",
        None,
        {"own_leader": 200, "hq": 403, **UNSEEN, "anonymous": 403},
    ),
    # 内设机构: a bureau registers its own (another bureau's own then, never 湖北局's).
    "register_department": (
        "post",
        lambda w: DEPARTMENT_API,
        lambda w: {"name": "法规科", "kind": "section"},
        {"own_leader": 201, "other_bureau": 201, "zone_lead": 201, "hq": 403, **NO_WRITE},
    ),
    "read_department": (
        "get",
        lambda w: f"{DEPARTMENT_API}{w.department.pk}/",
        None,
        {"own_leader": 200, "hq": 200, **UNSEEN, "anonymous": 403},
    ),
    "change_department": (
        "patch",
        lambda w: f"{DEPARTMENT_API}{w.department.pk}/",
        lambda w: {"name": "通关业务处"},
        {"own_leader": 200, "hq": 403, **UNSEEN, "anonymous": 403},
    ),
}


def test_the_matrix_names_every_persona_for_every_action():
    for action, (_method, _url, _body, expected) in MATRIX.items():
        assert set(expected) == set(PERSONAS), action


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(MATRIX))
def test_each_action_is_allowed_to_whom_the_seed_gives_it_and_refused_to_everyone_else(
    world, action, persona
):
    method, url, body, expected = MATRIX[action]
    user = world.people[persona]
    audits = AuditEntry.objects.count()
    response = getattr(api(user), method)(url(world), body(world) if body else {}, format="json")
    assert response.status_code == expected[persona], (action, persona, response.content)
    if method != "get":
        # Every write is audited; a refusal writes nothing.
        assert (AuditEntry.objects.count() > audits) == (response.status_code in (200, 201))
    if action == "register_department" and response.status_code == 201:
        assert BureauDepartment.objects.get(pk=response.json()["id"]).bureau_id == user.bureau_id


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_lists_hold_what_the_persona_may_see_and_nothing_else(world, persona):
    user = world.people[persona]
    sees = persona in ("own_leader", "hq")
    items = {row["id"] for row in api(user).get(ITEM_API).json()["results"]}
    assert items == ({world.item.pk, world.hq_item.pk} if sees else set())
    interviews = {row["id"] for row in api(user).get(INTERVIEW_API).json()["results"]}
    assert interviews == ({world.interview.pk} if sees else set())
    departments = {row["id"] for row in api(user).get(DEPARTMENT_API).json()["results"]}
    hubei = {world.department.pk, world.other_department.pk}
    assert (departments >= hubei) == sees and (departments & hubei == set()) != sees


# ---------------------------------------------------------------- the permission matrix (pages)

STAFF_ONLY = {"own_staff": 404, "enterprise": 404, "agency": 404, "anonymous": 302}
REGIONS_STAFF_ONLY = {"own_staff": 403, "enterprise": 403, "agency": 403, "anonymous": 302}
ANY_STAFF = {"own_leader": 200, "other_bureau": 200, "zone_lead": 200, "hq": 200}

PAGES = {
    "/supervision/key-work/": lambda w: ANY_STAFF | STAFF_ONLY,
    "/supervision/key-work/new/": lambda w: ANY_STAFF | STAFF_ONLY,
    "/supervision/key-work/{item}/": lambda w: (
        {"own_leader": 200, "hq": 200} | {"other_bureau": 404, "zone_lead": 404} | STAFF_ONLY
    ),
    "/supervision/key-work/{hq_item}/": lambda w: (
        {"own_leader": 200, "hq": 200} | {"other_bureau": 404, "zone_lead": 404} | STAFF_ONLY
    ),
    "/supervision/interviews/": lambda w: ANY_STAFF | STAFF_ONLY,
    "/supervision/interviews/new/": lambda w: (
        {"own_leader": 200, "other_bureau": 200} | {"zone_lead": 200, "hq": 404} | STAFF_ONLY
    ),
    "/supervision/interviews/{interview}/": lambda w: (
        {"own_leader": 200, "hq": 200} | {"other_bureau": 404, "zone_lead": 404} | STAFF_ONLY
    ),
    "/regions/departments/": lambda w: ANY_STAFF | REGIONS_STAFF_ONLY,
    "/regions/departments/new/": lambda w: (
        {"own_leader": 200, "other_bureau": 200}
        | {"zone_lead": 200, "hq": 403}
        | REGIONS_STAFF_ONLY
    ),
    "/regions/departments/{department}/": lambda w: (
        {"own_leader": 200, "hq": 403}
        | {"other_bureau": 404, "zone_lead": 404}
        | REGIONS_STAFF_ONLY
    ),
}


def page_url(template: str, w) -> str:
    return template.format(
        item=w.item.pk, hq_item=w.hq_item.pk, interview=w.interview.pk, department=w.department.pk
    )


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_opens_only_for_those_who_may_see_it(world, page):
    url, expected = page_url(page, world), PAGES[page](world)
    assert set(expected) == set(PERSONAS)
    got = {}
    for persona, user in world.people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        got[persona] = client.get(url).status_code
    assert got == expected, url


def test_no_list_page_shows_another_bureaus_records(world):
    for persona in ("other_bureau", "zone_lead"):
        client = Client()
        client.force_login(world.people[persona])
        for url in ("/supervision/key-work/?show=all", "/supervision/interviews/", "/supervision/"):
            body = client.get(url).content.decode()
            assert "培育首批保护产品" not in body and "年度总结按时报送" not in body, url
            assert "刘副局长" not in body, url
        assert "通关处" not in client.get("/regions/departments/").content.decode()


def test_posts_by_those_who_may_not_change_nothing(world):
    """The detail pages' actions, by a persona who sees the item but may not act (HQ on the
    bureau's own item) and one who does not see it (the zone lead): 403 and 404."""
    hq, lead = Client(), Client()
    hq.force_login(world.hq)
    lead.force_login(world.people["zone_lead"])
    url = f"/supervision/key-work/{world.item.pk}/"
    assert hq.post(url, {"action": "close", "note": "好"}).status_code == 403
    assert hq.post(url, {"action": "progress", "text": "x"}).status_code == 403
    assert hq.post(url, {"action": "report"}).status_code == 403
    assert lead.post(url, {"action": "close", "note": "好"}).status_code == 404
    interview_url = f"/supervision/interviews/{world.interview.pk}/"
    assert hq.post(interview_url, {"action": "report"}).status_code == 403
    assert lead.post(interview_url, {"action": "report"}).status_code == 404
    item = KeyWorkItem.objects.get(pk=world.item.pk)
    assert item.status == "open" and item.reported_at is None
    assert Interview.objects.get(pk=world.interview.pk).reported_at is None


# ---------------------------------------------------------------- the services' rules


class TestOpen:
    def test_the_bureau_opens_its_own_and_hq_opens_on_a_bureau(self, world):
        assert (world.item.origin, world.item.bureau.code) == ("bureau", "hubei")
        assert (world.hq_item.origin, world.hq_item.bureau.code) == ("hq", "hubei")
        entry = AuditEntry.objects.get(
            object_type="supervision.keyworkitem", object_id=world.item.pk
        )
        assert entry.actor == world.leader and entry.changes["department"] == "通关处"

    def test_a_zone_lead_may_not_open_on_a_member_bureau(self, world):
        with pytest.raises(NotPermitted):
            services.key_work_open(
                actor=world.people["zone_lead"],
                bureau=world.department.bureau,
                title="督促",
                department=world.department,
                responsible_person="某",
                deadline=today() + timedelta(days=5),
            )

    def test_field_errors(self, world):
        with pytest.raises(InvalidInput) as refused:
            services.key_work_open(
                actor=world.leader,
                title=" ",
                department=None,
                responsible_person="",
                deadline=today(),
            )
        assert set(refused.value.field_errors) == {
            "title",
            "department",
            "responsible_person",
            "deadline",
        }
        with pytest.raises(InvalidInput) as refused:
            services.key_work_open(
                actor=world.hq,
                title="x",
                department=world.department,
                responsible_person="y",
                deadline=today() + timedelta(days=1),
            )
        assert set(refused.value.field_errors) == {"bureau"}

    def test_the_department_must_be_an_active_one_of_the_bureau(self, world):
        body = {"title": "x", "responsible_person": "y", "deadline": today() + timedelta(days=1)}
        with pytest.raises(InvalidInput) as refused:
            services.key_work_open(
                actor=world.leader, department=factories.department("shandong"), **body
            )
        assert set(refused.value.field_errors) == {"department"}
        BureauDepartment.objects.filter(pk=world.department.pk).update(is_active=False)
        with pytest.raises(InvalidInput):
            services.key_work_open(actor=world.leader, department=world.department, **body)


class TestTrackAndClose:
    def test_progress_close_and_nothing_after(self, world):
        fresh = services.key_work_open(
            actor=world.leader,
            title="新工作",
            department=world.department,
            responsible_person="某",
            deadline=today() + timedelta(days=3),
        )
        with pytest.raises(Conflict):  # nothing reported yet
            services.key_work_close(item=fresh, actor=world.leader, note="完成")
        with pytest.raises(InvalidInput):
            services.key_work_progress_report(item=fresh, actor=world.leader, text=" ")
        services.key_work_progress_report(item=fresh, actor=world.leader, text="已完成")
        with pytest.raises(InvalidInput):
            services.key_work_close(item=fresh, actor=world.leader, note="")
        closed = services.key_work_close(item=fresh, actor=world.leader, note="完成")
        assert (closed.status, closed.closed_by, closed.closing_note) == (
            "closed",
            world.leader,
            "完成",
        )
        with pytest.raises(Conflict):
            services.key_work_progress_report(item=closed, actor=world.leader, text="再报")
        with pytest.raises(Conflict):
            services.key_work_close(item=closed, actor=world.leader, note="再销")

    def test_hq_closes_its_own_item_and_the_bureau_its_own(self, world):
        with pytest.raises(NotPermitted):
            services.key_work_close(item=world.hq_item, actor=world.leader, note="完成")
        with pytest.raises(NotPermitted):
            services.key_work_close(item=world.item, actor=world.hq, note="完成")
        assert services.key_work_close(item=world.hq_item, actor=world.hq, note="好").status == (
            "closed"
        )

    def test_reported_to_hq_once_and_hqs_own_need_no_report(self, world):
        reported = services.key_work_report(item=world.item, actor=world.leader)
        assert reported.reported_at is not None and reported.reported_by == world.leader
        with pytest.raises(Conflict):
            services.key_work_report(item=world.item, actor=world.leader)
        with pytest.raises(Conflict):
            services.key_work_report(item=world.hq_item, actor=world.leader)
        interview = services.interview_report(interview=world.interview, actor=world.leader)
        assert interview.reported_at is not None
        with pytest.raises(Conflict):
            services.interview_report(interview=world.interview, actor=world.leader)

    def test_an_open_item_past_its_time_limit_is_flagged_once(self, world):
        services.key_work_close(item=world.hq_item, actor=world.hq, note="好")
        with time_machine.travel(timezone.now() + timedelta(days=40)):
            assert services.overdue_escalate()["items"] == 1  # the open one only
            assert services.overdue_escalate()["items"] == 0
        assert KeyWorkItem.objects.get(pk=world.item.pk).escalated_at is not None
        assert KeyWorkItem.objects.get(pk=world.hq_item.pk).escalated_at is None


class TestInterview:
    def body(self, world, **changes):
        body = {
            "department": world.department,
            "department_head": "张处长",
            "interviewer": "刘副局长",
            "held_on": today(),
            "lagging_work": "进展缓慢",
            "guidance": "限期整改",
        }
        return body | changes

    def test_recorded_with_the_guidance_and_audited(self, world):
        assert (world.interview.department, world.interview.item) == (world.department, world.item)
        assert AuditEntry.objects.filter(
            object_type="supervision.interview", object_id=world.interview.pk, actor=world.leader
        ).exists()

    def test_only_of_the_bureaus_own_departments_and_items(self, world):
        shandong = world.people["other_bureau"]
        with pytest.raises(NotPermitted):
            services.interview_record(actor=shandong, **self.body(world))
        theirs = factories.department("shandong")
        with pytest.raises(NotPermitted):
            services.interview_record(
                actor=shandong, **self.body(world, department=theirs, item=world.item)
            )
        with pytest.raises(NotPermitted):
            services.interview_record(actor=world.hq, **self.body(world))

    def test_field_errors(self, world):
        with pytest.raises(InvalidInput) as refused:
            services.interview_record(
                actor=world.leader,
                **self.body(
                    world,
                    department_head="",
                    interviewer=" ",
                    held_on=today() + timedelta(days=1),
                    lagging_work="",
                    guidance="",
                ),
            )
        assert set(refused.value.field_errors) == {
            "department_head",
            "interviewer",
            "held_on",
            "lagging_work",
            "guidance",
        }
        BureauDepartment.objects.filter(pk=world.department.pk).update(is_active=False)
        with pytest.raises(InvalidInput) as refused:
            services.interview_record(actor=world.leader, **self.body(world))
        assert set(refused.value.field_errors) == {"department"}


# ---------------------------------------------------------------- pages


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_bureau_flags_tracks_with_a_file_reports_and_closes_on_its_pages(world):
    client = signed_in(world.leader)
    response = client.post(
        "/supervision/key-work/new/",
        {
            "title": "宣讲活动全年覆盖",
            "department": world.other_department.pk,
            "responsible_person": "钱科长",
            "deadline": in_days(60),
        },
    )
    assert response.status_code == 302
    item = KeyWorkItem.objects.get(title="宣讲活动全年覆盖")
    url = f"/supervision/key-work/{item.pk}/"
    assert response["Location"] == url and item.bureau.code == "hubei"
    assert "钱科长" in client.get("/supervision/key-work/").content.decode()
    assert client.post(url, {"action": "close", "note": "好"}).status_code == 409
    pdf = SimpleUploadedFile("进展.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    progress = client.post(url, {"action": "progress", "text": "已办两场", "files": [pdf]})
    assert progress.status_code == 302
    assert SupervisionDocument.objects.filter(item=item).count() == 1
    assert client.post(url, {"action": "report"}).status_code == 302
    assert client.post(url, {"action": "report"}).status_code == 409
    assert client.post(url, {"action": "close", "note": ""}).status_code == 400
    assert client.post(url, {"action": "close", "note": "完成"}).status_code == 302
    page = client.get(url).content.decode()
    assert "已办两场" in page and "进展.pdf" in page and "已销号" in page
    # HQ reads it, with its file; the zone lead does not get the file.
    document = SupervisionDocument.objects.get(item=item)
    assert signed_in(world.hq).get(f"/supervision/documents/{document.pk}/").status_code == 200
    lead = signed_in(world.people["zone_lead"])
    assert lead.get(f"/supervision/documents/{document.pk}/").status_code == 404


def test_hq_opens_an_item_on_a_bureau_from_its_page(world):
    client = signed_in(world.hq)
    form = client.get("/supervision/key-work/new/").content.decode()
    assert "湖北 · 通关处" in form
    response = client.post(
        "/supervision/key-work/new/",
        {
            "bureau": world.department.bureau.pk,
            "title": "零保护产品培育",
            "department": world.department.pk,
            "responsible_person": "张处长",
            "deadline": in_days(30),
        },
    )
    assert response.status_code == 302
    assert KeyWorkItem.objects.get(title="零保护产品培育").origin == "hq"
    listed = client.get("/supervision/key-work/?bureau=hubei").content.decode()
    assert "零保护产品培育" in listed
    assert (
        "零保护产品培育" not in client.get("/supervision/key-work/?bureau=sichuan").content.decode()
    )


def test_the_bureau_records_an_interview_and_reports_it(world):
    client = signed_in(world.leader)
    form = client.get(f"/supervision/interviews/new/?item={world.item.pk}").content.decode()
    assert "培育首批保护产品" in form
    response = client.post(
        "/supervision/interviews/new/",
        {
            "department": world.other_department.pk,
            "department_head": "李处长",
            "interviewer": "王局长",
            "held_on": today().isoformat(),
            "item": world.item.pk,
            "lagging_work": "监管方案迟迟未定",
            "guidance": "两周内报方案",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get(department_head="李处长")
    assert (
        client.post(f"/supervision/interviews/{interview.pk}/", {"action": "report"}).status_code
        == 302
    )
    assert Interview.objects.get(pk=interview.pk).reported_at is not None
    hq_page = signed_in(world.hq).get(f"/supervision/interviews/{interview.pk}/").content.decode()
    assert "两周内报方案" in hq_page and "王局长" in hq_page


def test_the_pages_read_in_english(world):
    client = signed_in(world.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/supervision/key-work/{world.item.pk}/").content.decode()
    assert "Responsible department" in page and "Report progress" in page
    assert "Interview" in client.get("/supervision/interviews/").content.decode()
    assert "Departments" in client.get("/regions/departments/").content.decode()


def test_an_overdue_item_is_flagged_on_hqs_dashboard(world):
    from regions.selectors import dashboard_flags

    year = today().year
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        services.overdue_escalate()
        flags = {row["code"]: row for row in dashboard_flags(year)}
    assert flags["hubei"]["overdue_items"] == 2  # its own item and the one HQ put on it
    assert flags["shandong"]["overdue_items"] == 0
