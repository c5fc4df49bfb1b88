"""Browser pages of supervision (事中事后监管, SPEC §4): who may open each page, that a draw stays
confidential before the inspection date (事先不通知、不透露检查信息) and every view of it is
logged, the public complaint form with its errors and rate limit, and the happy paths: plan →
draw → inspection → proposal → decision, reveal → verify → publish, complaints and the worklist
(挂牌督办 and 约谈: test_key_work.py)."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from applications.models import Application, Certificate, CertificateNumberRule, RecoveryRecord
from regions.models import Zone
from supervision import services
from supervision.models import (
    Complaint,
    DrawView,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    PoolMember,
    Proposal,
    SupervisionDocument,
)
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PRODUCT = "秘境云雾茶"
PLAN_NAME = "机密双随机抽查计划"
INSPECTORS = ("甲检查员", "乙检查员")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def protect(case: Application, issued_by) -> Application:
    Application.objects.filter(pk=case.pk).update(state="protected")
    Certificate.objects.create(
        application_id=case.pk,
        number=f"T-{case.pk}",
        rule=CertificateNumberRule.objects.get(version=1),
        year=2026,
        seq=case.pk,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=365),
        marks_issued=100,
        issued_by=issued_by,
    )
    return Application.objects.get(pk=case.pk)


class World:
    """One HQ plan drawn over 湖北 (one protected product, a team of two), one 湖北局 plan not
    drawn yet, a proposal, a complaint and a 挂牌督办 item of 湖北局; and a person of every kind."""

    def __init__(self, hq, hubei, lead, inspector):
        self.hq, self.hubei, self.lead = hq, hubei, lead
        self.shandong = factories.bureau_staff("shandong", username="clerk-shandong")
        enterprise = factories.EnterpriseFactory(
            bureau=factories.bureau("hubei"), confirmed_at=timezone.now(), name="湖北秘境茶业"
        )
        self.owner = factories.enterprise_staff(enterprise, username="owner-hubei")
        self.case = protect(
            ApplicationFactory(enterprise=enterprise, product_name=PRODUCT), issued_by=hq
        )
        inspector.first_name = INSPECTORS[0]
        inspector.save()
        second = factories.inspector("guangdong", username="inspector-gd", first_name=INSPECTORS[1])
        for person in (inspector, second):
            PoolMember.objects.create(user=person, bureau=person.bureau, kind="inspector")
        self.drawn, self.second = inspector, second
        self.other_inspector = factories.inspector(
            "henan", username="inspector-hn", first_name="丙检查员"
        )
        self.date = lottery.inspection_day()
        plan = services.plan_create(
            actor=hq,
            name=PLAN_NAME,
            planned_date=self.date,
            sample_size=1,
            team_size=2,
            bureaus=[factories.bureau("hubei")],
            **lottery.declared(),
        )
        self.plan = lottery.drawn(plan)
        self.target = InspectionTarget.objects.get(plan=self.plan)
        self.bureau_plan = services.plan_create(
            actor=hubei,
            name="湖北局自查计划",
            planned_date=self.date,
            sample_size=1,
            **lottery.declared(),
        )
        self.proposal = services.proposal_create(
            application=self.case, actor=hubei, kind="suspend", reason="标志使用不规范"
        )
        self.complaint = services.complaint_submit(
            content="该产品包装上的保护标志与证书不一致，请核查。",
            certificate_number=f"T-{self.case.pk}",
        )
        self.item = services.key_work_open(
            actor=hubei,
            title="投诉举报限期办结",
            department=factories.department("hubei"),
            responsible_person="王处长",
            deadline=timezone.localdate() + timedelta(days=10),
        )

    @property
    def personas(self) -> dict:
        return {
            "hq": self.hq,
            "own_bureau": self.hubei,
            "other_bureau": self.shandong,
            "drawn_inspector": self.drawn,
            "other_inspector": self.other_inspector,
            "enterprise": self.owner,
            "anonymous": None,
        }


@pytest.fixture
def world(hq_user, bureau_user, lead_bureau_user, inspector_user):
    return World(hq_user, bureau_user, lead_bureau_user, inspector_user)


def client(user=None, ip="10.0.0.1") -> Client:
    """A fresh client (logged in again each time: time travel outlives an 8-hour session)."""
    c = Client(REMOTE_ADDR=ip)
    if user is not None:
        c.force_login(user)
    return c


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def messages_shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- who may open which page

STAFF = {"hq": 200, "own_bureau": 200, "other_bureau": 200}
NOBODY_ELSE = {"drawn_inspector": 404, "other_inspector": 404, "enterprise": 404}

PAGES = {
    "worklist": (lambda w: "/supervision/", {**STAFF, **NOBODY_ELSE}),
    "plans": (lambda w: "/supervision/plans/", {**STAFF, **NOBODY_ELSE}),
    "plan_new": (lambda w: "/supervision/plans/new/", {**STAFF, **NOBODY_ELSE}),
    # An HQ plan: HQ and the drawn inspectors only; the target's own bureau neither.
    "hq_plan": (
        lambda w: f"/supervision/plans/{w.plan.pk}/",
        {"hq": 200, "own_bureau": 404, "other_bureau": 404, "drawn_inspector": 200}
        | {"other_inspector": 404, "enterprise": 404},
    ),
    "bureau_plan": (
        lambda w: f"/supervision/plans/{w.bureau_plan.pk}/",
        {"hq": 200, "own_bureau": 200, "other_bureau": 404, **NOBODY_ELSE},
    ),
    # Not revealed yet: those who may see the plan are told so (409), nobody else learns of it.
    "verify": (
        lambda w: f"/supervision/plans/{w.plan.pk}/verify/",
        {"hq": 409, "own_bureau": 404, "other_bureau": 404, "drawn_inspector": 409}
        | {"other_inspector": 404, "enterprise": 404},
    ),
    "tasks": (
        lambda w: "/supervision/tasks/",
        {"hq": 404, "own_bureau": 404, "other_bureau": 404, "drawn_inspector": 200}
        | {"other_inspector": 200, "enterprise": 404},
    ),
    "task": (
        lambda w: f"/supervision/tasks/{w.target.pk}/",
        {"hq": 404, "own_bureau": 404, "other_bureau": 404, "drawn_inspector": 200}
        | {"other_inspector": 404, "enterprise": 404},
    ),
    "proposals": (
        lambda w: "/supervision/proposals/",
        {"hq": 200, "own_bureau": 404, "other_bureau": 404, **NOBODY_ELSE},
    ),
    "proposal": (
        lambda w: f"/supervision/proposals/{w.proposal.pk}/",
        {"hq": 200, "own_bureau": 404, "other_bureau": 404, **NOBODY_ELSE},
    ),
    # The case's own bureau proposes; HQ and the enterprise see the case but may not (403).
    "propose": (
        lambda w: f"/supervision/propose/{w.case.pk}/",
        {"hq": 403, "own_bureau": 200, "other_bureau": 404, "drawn_inspector": 404}
        | {"other_inspector": 404, "enterprise": 403},
    ),
    "complaints": (lambda w: "/supervision/complaints/", {**STAFF, **NOBODY_ELSE}),
    "complaint": (
        lambda w: f"/supervision/complaints/{w.complaint.pk}/",
        {"hq": 200, "own_bureau": 200, "other_bureau": 404, **NOBODY_ELSE},
    ),
    # 挂牌督办 and 约谈 (§18): the bureau's own, and HQ's; tests/supervision/test_key_work.py.
    "key_work": (lambda w: "/supervision/key-work/", {**STAFF, **NOBODY_ELSE}),
    "key_work_new": (lambda w: "/supervision/key-work/new/", {**STAFF, **NOBODY_ELSE}),
    "key_work_item": (
        lambda w: f"/supervision/key-work/{w.item.pk}/",
        {"hq": 200, "own_bureau": 200, "other_bureau": 404, **NOBODY_ELSE},
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_opens_only_for_those_who_may_see_it(world, page):
    url_of, expected = PAGES[page]
    url = url_of(world)
    got = {}
    for name, user in world.personas.items():
        response = client(user).get(url)
        got[name] = response.status_code
        if user is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    assert got == {**expected, "anonymous": 302}, url


def test_public_pages_open_for_everyone(world):
    for user in world.personas.values():
        assert client(user).get("/public/complaints/new/").status_code == 200
        assert client(user).get("/public/inspections/").status_code == 200
        assert client(user).get("/public/complaints/").status_code == 200
    code = world.complaint.tracking_code
    assert client().get(f"/public/complaints/{code}/").status_code == 200
    assert client().get(f"/public/complaints/{code.lower()}/").status_code == 200
    assert client().get("/public/complaints/NOSUCHCODE12/").status_code == 404


def test_documents_are_read_only_by_those_who_see_what_they_belong_to(world):
    inspection = Inspection.objects.create(
        target=world.target, findings="现场照片", outcome="no_issue", recorded_by=world.drawn
    )
    from supervision import documents

    photo = documents.store(
        documents.CheckedUpload(name="现场.png", data=png(), content_type="image/png"),
        uploaded_by=world.drawn,
        inspection=inspection,
    )
    letter = documents.store(
        documents.CheckedUpload(name="举报.png", data=png(), content_type="image/png"),
        complaint=world.complaint,
    )
    expected = {
        photo: {"hq": 200, "drawn_inspector": 200, "other_inspector": 404, "own_bureau": 404}
        | {"other_bureau": 404, "enterprise": 404},
        letter: {"hq": 200, "own_bureau": 200, "other_bureau": 404, "drawn_inspector": 404}
        | {"other_inspector": 404, "enterprise": 404},
    }
    for document, statuses in expected.items():
        for name, status in statuses.items():
            response = client(world.personas[name]).get(f"/supervision/documents/{document.pk}/")
            assert response.status_code == status, (document, name)
        assert client().get(f"/supervision/documents/{document.pk}/").status_code == 302


# ---------------------------------------------------------------- confidentiality of the draw


def _every_page(world) -> list[str]:
    pages = [url_of(world) for url_of, _expected in PAGES.values()]
    return [
        *pages,
        "/",
        f"/cases/{world.case.pk}/",
        "/cases/",
        "/public/inspections/",
        f"/public/complaints/{world.complaint.tracking_code}/",
    ]


def test_before_the_inspection_date_the_enterprise_and_bureaus_never_see_targets_or_teams(world):
    assert timezone.localdate() < world.date
    for name in ("enterprise", "own_bureau", "other_bureau", "other_inspector", "anonymous"):
        user = world.personas[name]
        for url in _every_page(world):
            body = html(client(user).get(url, follow=True))
            assert PLAN_NAME not in body, (name, url)
            for inspector in INSPECTORS:
                assert inspector not in body, (name, url)
            assert f'href="/supervision/tasks/{world.target.pk}/"' not in body, (name, url)
            if name not in ("enterprise", "own_bureau"):
                # Only the enterprise and its bureau know the product at all.
                assert PRODUCT not in body, (name, url)
    assert not DrawView.objects.exclude(user__in=[world.hq, world.drawn]).exists()


def test_the_drawn_inspector_and_hq_do_see_the_targets_and_the_team(world):
    for user in (world.hq, world.drawn):
        body = html(client(user).get(f"/supervision/plans/{world.plan.pk}/"))
        assert PRODUCT in body
        assert all(name in body for name in INSPECTORS)
    body = html(client(world.drawn).get("/supervision/tasks/"))
    assert PRODUCT in body and INSPECTORS[1] in body


def test_every_view_of_a_draw_is_logged(world):
    assert DrawView.objects.count() == 0
    client(world.hq).get(f"/supervision/plans/{world.plan.pk}/")
    client(world.hq).get(f"/supervision/plans/{world.plan.pk}/")
    client(world.drawn).get("/supervision/tasks/")
    client(world.drawn).get(f"/supervision/tasks/{world.target.pk}/")
    views = list(DrawView.objects.order_by("pk").values_list("user_id", "plan_id", "via"))
    assert views == [
        (world.hq.pk, world.plan.pk, "web"),
        (world.hq.pk, world.plan.pk, "web"),
        (world.drawn.pk, world.plan.pk, "web"),
        (world.drawn.pk, world.plan.pk, "web"),
    ]
    # Refused views are not views; a plan not drawn yet has nothing to view.
    client(world.owner).get(f"/supervision/plans/{world.plan.pk}/")
    client(world.hubei).get(f"/supervision/plans/{world.bureau_plan.pk}/")
    assert DrawView.objects.count() == 4


# ---------------------------------------------------------------- plans and the draw


def test_hq_makes_a_plan_declaring_its_lottery(world):
    response = client(world.hq).post(
        "/supervision/plans/new/",
        {
            "name": "2026年第四季度抽查",
            "planned_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "sample_ratio": "50",
            "team_size": "2",
            "zones": [Zone.objects.get(code="southwest").pk],
            "exclude_own_bureau": "on",
            **lottery.declared_form(),
        },
        follow=True,
    )
    plan = InspectionPlan.objects.get(name="2026年第四季度抽查")
    assert response.redirect_chain[-1][0] == f"/supervision/plans/{plan.pk}/"
    assert (plan.protocol, plan.seed, plan.seed_commitment) == (2, "", "")
    body = html(response)
    assert "请在开奖日期之前封存候选名单" in body
    assert "待抽取" in body and "抽取分两步" in body and "封存候选名单</button>" in body
    assert list(plan.zones.values_list("code", flat=True)) == ["southwest"]


def test_the_plan_form_says_what_is_wrong(world):
    response = client(world.hq).post(
        "/supervision/plans/new/",
        {
            "name": "有误的计划",
            "planned_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "sample_size": "3",
            "sample_ratio": "10",
            "team_size": "1",
        },
    )
    assert response.status_code == 400
    body = text(response)
    assert "每组检查人数" in body
    assert not InspectionPlan.objects.filter(name="有误的计划").exists()
    response = client(world.hq).post(
        "/supervision/plans/new/",
        {
            "name": "有误的计划",
            "planned_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "sample_size": "3",
            "sample_ratio": "10",
            "team_size": "2",
            **lottery.declared_form(),
        },
    )
    assert response.status_code == 400
    assert "请填写抽取数量或抽取比例（二选一）。" in text(response)


def test_a_bureau_plans_for_its_own_jurisdiction_only(world):
    form = client(world.hubei).get("/supervision/plans/new/").context["form"]
    assert "zones" not in form.fields and "bureaus" not in form.fields
    response = client(world.hubei).post(
        "/supervision/plans/new/",
        {
            "name": "湖北局第二次自查",
            "planned_date": lottery.inspection_day().isoformat(),
            "sample_size": "1",
            "team_size": "2",
            **lottery.declared_form(),
            # Tampered: a bureau's form has no bureau choice, so this is ignored.
            "bureaus": [factories.bureau("beijing").pk],
        },
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get(name="湖北局第二次自查")
    assert plan.owner_bureau == world.hubei.bureau
    assert list(plan.bureaus.all()) == [world.hubei.bureau]


def test_the_draw_button_commits_the_lists_and_the_page_asks_for_the_numbers(world):
    url = f"/supervision/plans/{world.bureau_plan.pk}/"
    hubei = client(world.hubei)
    response = hubei.post(url + "draw/", follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "候选名单已封存，承诺值已公布。开奖后须录入开奖号码，录入后才会抽取。" in (
        messages_shown(response)
    )
    world.bureau_plan.refresh_from_db()
    assert world.bureau_plan.status == "committed"
    body = html(response)
    assert world.bureau_plan.snapshot_commitment in body
    assert "开奖后须在此录入开奖号码，录入后才会抽取" in body
    assert PRODUCT not in body  # nothing is drawn before the numbers
    # A second click changes nothing.
    committed_at = world.bureau_plan.committed_at
    hubei.post(url + "draw/")
    world.bureau_plan.refresh_from_db()
    assert world.bureau_plan.committed_at == committed_at
    assert not InspectionTarget.objects.filter(plan=world.bureau_plan).exists()
    # On the lottery's day its numbers are entered, and the draw follows.
    with time_machine.travel(lottery.noon(world.bureau_plan.beacon_date)):
        hubei = client(world.hubei)
        numbers = lottery.NUMBERS[world.bureau_plan.beacon_source]
        response = hubei.post(url + "beacon/", {"value": numbers}, follow=True)
        assert "开奖号码已录入，抽取完成。" in messages_shown(response)
        assert "已抽取" in html(response) and PRODUCT in html(response)
    assert InspectionTarget.objects.filter(plan=world.bureau_plan).count() == 1
    # Nobody but the plan's managers may draw.
    new = services.plan_create(
        actor=world.hq, name="另一计划", planned_date=world.date, sample_size=1,
        **lottery.declared(),
    )  # fmt: skip
    response = client(world.hubei).post(f"/supervision/plans/{new.pk}/draw/")
    assert response.status_code == 404
    assert client(world.drawn).post(f"/supervision/plans/{world.plan.pk}/draw/").status_code == 403


def test_a_scheduled_commitment_that_is_due_shows_on_the_page_until_it_is_made(world):
    InspectionPlan.objects.filter(pk=world.bureau_plan.pk).update(
        draw_at=timezone.now() - timedelta(minutes=1)
    )
    url = f"/supervision/plans/{world.bureau_plan.pk}/"
    page = html(client(world.hubei).get(url))
    assert "正在封存候选名单" in page and 'http-equiv="refresh"' in page
    assert "封存候选名单</button>" not in page
    assert services.plans_draw_due() == 1
    page = html(client(world.hubei).get(url))
    assert "正在封存候选名单" not in page and 'http-equiv="refresh"' not in page


def test_shortfalls_are_said_in_plain_words(world):
    plan = services.plan_create(
        actor=world.hq,
        name="不足的计划",
        planned_date=world.date,
        sample_size=5,
        team_size=3,
        bureaus=[world.hubei.bureau],
        **lottery.declared(),
    )
    lottery.drawn(plan)
    body = text(client(world.hq).get(f"/supervision/plans/{plan.pk}/"))
    assert "候选对象不足：计划抽取 5 个检查对象，但范围内的有效保护产品只有 1 个" in body
    assert f"检查人员不足：{PRODUCT} 每组需要 3 名检查人员" in body
    # Both pool members inspected it in the earlier plan: recused.
    assert "可选派的只有 0 名" in body

    empty = services.plan_create(
        actor=world.hq, name="空范围", planned_date=world.date, sample_ratio=10,
        bureaus=[factories.bureau("xizang")], **lottery.declared(),
    )  # fmt: skip
    lottery.drawn(empty)
    body = text(client(world.hq).get(f"/supervision/plans/{empty.pk}/"))
    assert "范围内没有符合条件的有效保护产品，未抽取到检查对象。" in body


def test_reveal_publish_and_verify(world):
    url = f"/supervision/plans/{world.plan.pk}/"
    hq = client(world.hq)
    response = hq.post(url + "reveal/")
    assert response.status_code == 409
    assert "检查实施后（检查日期之后）才能公开种子。" in messages_shown(response)
    assert world.plan.seed not in html(response)
    assert hq.post(url + "publish/").status_code == 409
    assert client(world.drawn).post(url + "reveal/").status_code == 403
    assert client(world.hubei).post(url + "reveal/").status_code == 404

    with time_machine.travel(world.date + timedelta(days=1)):
        hq = client(world.hq)
        assert hq.post(url + "reveal/").status_code == 302
        assert hq.post(url + "publish/").status_code == 302
        world.plan.refresh_from_db()
        assert world.plan.status == "revealed" and world.plan.published_at is not None
        page = hq.get(url)
        assert world.plan.beacon_value in html(page)
        assert f"/supervision/plans/{world.plan.pk}/verify/" in html(page)

        before = DrawView.objects.count()
        verify = hq.get(url + "verify/")
        assert verify.status_code == 200
        body = text(verify)
        assert "候选名单与抽取前公布的承诺值一致" in body and "重新抽取结果一致" in body
        assert world.plan.seed in body and world.plan.snapshot_commitment in body
        assert PRODUCT in body and INSPECTORS[0] in body
        assert DrawView.objects.count() == before + 1

        # Published and revealed: the public results link to the verification, open to all.
        public = client().get("/public/inspections/")
        assert PRODUCT in html(public) and "湖北秘境茶业" in html(public)
        assert f"/supervision/plans/{world.plan.pk}/verify/" in html(public)
        assert not any(name in html(public) for name in INSPECTORS)
        anonymous = client().get(url + "verify/")
        assert anonymous.status_code == 200
        assert "候选名单与抽取前公布的承诺值一致" in text(anonymous) and PRODUCT in text(anonymous)
        assert not any(name in html(anonymous) for name in INSPECTORS)
        # The enterprise sees what the public sees, no more.
        owner = client(world.owner).get(url + "verify/")
        assert owner.status_code == 200
        assert not any(name in html(owner) for name in INSPECTORS)
        # The plan page itself stays closed to those who neither plan nor inspect nor are
        # inspected.
        assert client(world.owner).get(url).status_code == 404
        assert client(world.shandong).get(url).status_code == 404


# ---------------------------------------------------------------- inspections


def test_the_drawn_inspector_records_findings_with_photos(world):
    url = f"/supervision/tasks/{world.target.pk}/"
    early = client(world.drawn).get(url)
    assert "当天起可以录入检查结果" in text(early)
    response = client(world.drawn).post(url, {"findings": "太早了", "outcome": "no_issue"})
    assert response.status_code == 409
    assert "检查日期之前不能录入检查结果。" in messages_shown(response)

    with time_machine.travel(world.date):
        drawn = client(world.drawn)
        bad = drawn.post(
            url,
            {
                "findings": "标志使用与证书不一致",
                "outcome": "propose_suspension",
                "files": [SimpleUploadedFile("fake.png", b"\x89PNG\r\n\x1a\n not an image")],
            },
        )
        assert bad.status_code == 400
        assert "fake.png：只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。" in text(bad)
        assert not Inspection.objects.exists()
        empty = drawn.post(url, {"findings": "", "outcome": ""})
        assert empty.status_code == 400 and not Inspection.objects.exists()

        response = drawn.post(
            url,
            {
                "findings": "标志使用与证书不一致",
                "outcome": "propose_suspension",
                "files": [
                    SimpleUploadedFile("现场1.png", png()),
                    SimpleUploadedFile("现场2.png", png()),
                ],
            },
            follow=True,
        )
        assert response.status_code == 200
        inspection = Inspection.objects.get(target=world.target)
        assert inspection.outcome == "propose_suspension"
        assert SupervisionDocument.objects.filter(inspection=inspection).count() == 2
        assert Proposal.objects.filter(inspection=inspection, kind="suspend").exists()
        assert "现场1.png" in html(response)
        again = drawn.post(url, {"findings": "再录一次", "outcome": "no_issue"})
        assert again.status_code == 409
        assert client(world.second).get(url).status_code == 200  # the team mate sees it too
        # HQ sees the outcome on the plan page.
        assert "建议暂停保护" in html(client(world.hq).get(f"/supervision/plans/{world.plan.pk}/"))


# ---------------------------------------------------------------- proposals


def test_hq_accepts_a_suspension_with_a_deadline(world):
    url = f"/supervision/proposals/{world.proposal.pk}/"
    queue = client(world.hq).get("/supervision/proposals/")
    assert PRODUCT in html(queue) and url in html(queue)

    missing = client(world.hq).post(url, {"decision": "accept", "note": ""})
    assert missing.status_code == 400
    assert "采纳暂停保护建议时请填写整改期限。" in text(missing)
    no_note = client(world.hq).post(url, {"decision": "reject", "note": ""})
    assert no_note.status_code == 400 and "不采纳时请填写说明。" in text(no_note)

    deadline = timezone.localdate() + timedelta(days=30)
    response = client(world.hq).post(
        url, {"decision": "accept", "note": "限期整改", "deadline": deadline.isoformat()}
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.state == "suspended" and world.case.rectification_deadline == deadline
    world.proposal.refresh_from_db()
    assert world.proposal.status == "accepted"
    again = client(world.hq).post(url, {"decision": "reject", "note": "重复"})
    assert again.status_code == 409 and "该建议已处理。" in messages_shown(again)


def test_hq_rejects_a_proposal_with_a_note(world):
    url = f"/supervision/proposals/{world.proposal.pk}/"
    response = client(world.hq).post(url, {"decision": "reject", "note": "证据不足"})
    assert response.status_code == 302
    world.proposal.refresh_from_db()
    assert world.proposal.status == "rejected" and world.proposal.decision_note == "证据不足"
    world.case.refresh_from_db()
    assert world.case.state == "protected"


def test_the_jurisdiction_bureau_proposes_from_the_case_page(world):
    case_page = html(client(world.hubei).get(f"/cases/{world.case.pk}/"))
    assert f"/supervision/propose/{world.case.pk}/" in case_page
    assert f"/supervision/propose/{world.case.pk}/" not in html(
        client(world.hq).get(f"/cases/{world.case.pk}/")
    )
    url = f"/supervision/propose/{world.case.pk}/"
    empty = client(world.hubei).post(url, {"kind": "revoke", "reason": ""})
    assert empty.status_code == 400
    response = client(world.hubei).post(url, {"kind": "revoke", "reason": "多次抽查不合格"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{world.case.pk}/"
    assert Proposal.objects.filter(application=world.case, kind="revoke").exists()
    assert client(world.lead).post(url, {"kind": "revoke", "reason": "x"}).status_code == 403
    Application.objects.filter(pk=world.case.pk).update(state="suspended")
    assert client(world.hubei).get(url).status_code == 409


# ---------------------------------------------------------------- complaints


def test_the_complaint_form_says_what_is_missing(world):
    response = client().post("/public/complaints/new/", {})
    assert response.status_code == 400
    body = text(response)
    assert "请具体描述投诉举报的事项（至少 10 个字）。" in body
    assert "请填写证书编号，或填写产品（企业）名称。" in body
    assert "未填写证书编号时，请选择产品所在地的直属局。" in body
    unknown = client().post(
        "/public/complaints/new/",
        {"certificate_number": "NO-SUCH-1", "content": "这是一条足够长的投诉举报内容。"},
    )
    assert unknown.status_code == 400
    assert "未找到该证书编号" in text(unknown)
    fake = client().post(
        "/public/complaints/new/",
        {
            "product_text": "某某茶",
            "bureau": factories.bureau("hubei").pk,
            "content": "这是一条足够长的投诉举报内容。",
            "attachment": SimpleUploadedFile("a.pdf", b"not a pdf"),
        },
    )
    assert fake.status_code == 400 and "只能上传 PDF、JPEG 或 PNG 文件" in text(fake)
    assert Complaint.objects.count() == 1  # the world's


def test_a_public_complaint_is_routed_tracked_and_handled(world):
    response = client().post(
        "/public/complaints/new/",
        {
            "product_text": "湖北某生态茶",
            "bureau": factories.bureau("hubei").pk,
            "content": "超市销售的茶叶冒用生态原产地保护标志。",
            "contact_phone": "13800000000",
            "attachment": SimpleUploadedFile("照片.png", png()),
        },
        follow=True,
    )
    complaint = Complaint.objects.get(product_text="湖北某生态茶")
    assert response.redirect_chain[-1][0] == f"/public/complaints/{complaint.tracking_code}/"
    body = text(response)
    assert complaint.tracking_code in body
    assert "已受理" in body
    assert "冒用" not in body and "13800000000" not in body  # status only, never the content
    assert complaint.bureau == world.hubei.bureau
    assert complaint.documents.count() == 1

    listing = client(world.hubei).get("/supervision/complaints/")
    assert complaint.tracking_code in html(listing)
    assert complaint.tracking_code not in html(
        client(world.shandong).get("/supervision/complaints/")
    )

    url = f"/supervision/complaints/{complaint.pk}/"
    assert "冒用" in html(client(world.hubei).get(url))
    hq_post = client(world.hq).post(url, {"outcome": "resolved", "resolution": "已核查"})
    assert hq_post.status_code == 403
    bad = client(world.hubei).post(
        url, {"outcome": "proposal", "resolution": "核实属实", "proposal_kind": "suspend"}
    )
    assert bad.status_code == 400
    assert "建议暂停或撤销保护须针对已查明的保护产品" in text(bad)
    done = client(world.hubei).post(url, {"outcome": "resolved", "resolution": "已责令下架"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.handled_by == world.hubei
    status = text(client().get(f"/public/complaints/{complaint.tracking_code}/"))
    assert "已办结" in status and "已责令整改" in status and "已责令下架" not in status
    assert (
        client(world.hubei).post(url, {"outcome": "resolved", "resolution": "再次"}).status_code
        == 409
    )


def test_a_complaint_can_lead_to_a_proposal(world):
    url = f"/supervision/complaints/{world.complaint.pk}/"
    response = client(world.hubei).post(
        url, {"outcome": "proposal", "resolution": "核实属实", "proposal_kind": "revoke"}
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(complaint=world.complaint, kind="revoke").exists()


def test_the_public_complaint_form_is_rate_limited(world):
    data = {"product_text": "某茶", "bureau": factories.bureau("hubei").pk, "content": "太短"}
    for _ in range(10):
        assert client(ip="192.0.2.7").post("/public/complaints/new/", data).status_code == 400
    limited = client(ip="192.0.2.7").post("/public/complaints/new/", data)
    assert limited.status_code == 429
    assert any("提交过于频繁" in m for m in messages_shown(limited))
    page = html(limited)
    assert "某茶" in page and "太短" in page  # what was typed is kept
    assert f'<option value="{data["bureau"]}" selected>' in page
    assert client(ip="192.0.2.8").post("/public/complaints/new/", data).status_code == 400
    assert client(ip="192.0.2.7").get("/public/complaints/new/").status_code == 200


def test_the_tracking_code_lookup(world):
    code = world.complaint.tracking_code
    response = client().get("/public/complaints/", {"code": f" {code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/public/complaints/{code}/"
    missing = client().get("/public/complaints/ZZZZZZZZZZZZ/")
    assert missing.status_code == 404 and "未找到查询码为 ZZZZZZZZZZZZ 的投诉举报" in text(missing)


# ---------------------------------------------------------------- the worklist


def test_the_worklist_shows_what_waits_overdue_first(world):
    hubei_enterprise = world.case.enterprise
    overdue = protect(
        ApplicationFactory(enterprise=hubei_enterprise, product_name="逾期整改茶"),
        issued_by=world.hq,
    )
    later = protect(
        ApplicationFactory(enterprise=hubei_enterprise, product_name="整改中茶"),
        issued_by=world.hq,
    )
    today = timezone.localdate()
    Application.objects.filter(pk=overdue.pk).update(
        state="suspended", due_kind="rectification", due_date=today - timedelta(days=2)
    )
    Application.objects.filter(pk=later.pk).update(
        state="suspended", due_kind="rectification", due_date=today + timedelta(days=20)
    )
    revoked = protect(
        ApplicationFactory(enterprise=hubei_enterprise, product_name="已撤销茶"),
        issued_by=world.hq,
    )
    Application.objects.filter(pk=revoked.pk).update(state="revoked")
    RecoveryRecord.objects.create(application_id=revoked.pk)

    response = client(world.hubei).get("/supervision/")
    body = html(response)
    assert body.index("逾期整改茶") < body.index("整改中茶")
    assert "已撤销茶" in body
    assert world.complaint.tracking_code in body
    assert f"/supervision/key-work/{world.item.pk}/" in body
    assert "待总局决定的处理建议" not in body

    hq_body = html(client(world.hq).get("/supervision/"))
    assert "逾期整改茶" in hq_body and "1 条待决定" in hq_body

    other = html(client(world.shandong).get("/supervision/"))
    assert "逾期整改茶" not in other and world.complaint.tracking_code not in other


def test_navigation_links_by_role(world):
    assert 'href="/supervision/"' in html(client(world.hq).get("/"))
    assert 'href="/supervision/"' in html(client(world.hubei).get("/"))
    inspector_home = html(client(world.drawn).get("/"))
    assert 'href="/supervision/tasks/"' in inspector_home
    assert 'href="/supervision/"' not in inspector_home
    assert "/supervision/" not in html(client(world.owner).get("/"))
    public = html(client().get("/"))
    assert 'href="/public/complaints/new/"' in public
    assert 'href="/public/inspections/"' in public
