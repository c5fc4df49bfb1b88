"""一对一指导 (issue 14 point 5, seed 000 §6): an enterprise's unsubmitted draft and its materials
are its own until it submits or shares the draft with its bureau for guidance (recorded,
revocable); staff never upload into a draft.

The expected table is written out here, not derived from the code: each actor × each way of
reading a case (worklist page, case page, API detail and list, history, material download by
page and API, state counts) on a private draft, then on a shared one; who may share and revoke;
who may upload into a draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from applications import selectors, services
from applications.documents import document_upload
from applications.models import Application, CaseDocument, GuidanceShare
from ecoorigin.exceptions import Conflict, NotPermitted
from tests import factories

from .factories import ApplicationFactory, attach_required_materials

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACTORS = [
    "owner", "other_enterprise", "bureau", "other_bureau", "zone_lead", "hq", "agency",
    "anonymous",
]  # fmt: skip

# Who sees the draft (every read path), before and after the enterprise shares it. A zone lead
# (重庆局, leads 西南片区 of which 湖北局 is a member) sees its zone's cases, but a draft is
# shared with the enterprise's own bureau only.
SEES_PRIVATE = {"owner"}
SEES_SHARED = {"owner", "bureau", "hq"}


@pytest.fixture
def world():
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )
    people = {
        "owner": factories.enterprise_staff(enterprise, username="g-owner"),
        "other_enterprise": factories.enterprise_staff(username="g-stranger"),
        "bureau": factories.bureau_staff("hubei", username="g-hubei"),
        "other_bureau": factories.bureau_staff("beijing", username="g-beijing"),
        "zone_lead": factories.bureau_staff("chongqing", username="g-chongqing"),
        "hq": factories.hq(username="g-hq"),
        "agency": factories.agency_staff(username="g-agency"),
        "anonymous": None,
    }
    draft = ApplicationFactory(enterprise=enterprise, product_name="私有草稿蜂蜜")
    document = document_upload(
        case=draft,
        actor=people["owner"],
        upload=SimpleUploadedFile("申请书.pdf", PDF, content_type="application/pdf"),
        kind="material",
    )
    return {"people": people, "draft": draft, "document": document}


def web(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def reads(user, case, document) -> dict[str, bool]:
    """Whether `user` reaches the case by each read path."""
    pk = case.pk
    page_list = web(user).get("/cases/")
    api_list = api(user).get("/api/v1/applications/")
    counts = selectors.state_counts(user=user) if user is not None else {}
    return {
        "worklist": page_list.status_code == 200
        and case.product_name in page_list.content.decode(),
        "page": web(user).get(f"/cases/{pk}/").status_code == 200,
        "api": api(user).get(f"/api/v1/applications/{pk}/").status_code == 200,
        "api_list": api_list.status_code == 200
        and pk in [row["id"] for row in api_list.json()["results"]],
        "history": api(user).get(f"/api/v1/applications/{pk}/history/").status_code == 200,
        "documents": api(user).get(f"/api/v1/applications/{pk}/documents/").status_code == 200
        and bool(api(user).get(f"/api/v1/applications/{pk}/documents/").json()),
        "download_page": web(user).get(f"/cases/{pk}/documents/{document.pk}/").status_code == 200,
        "download_api": api(user)
        .get(f"/api/v1/applications/{pk}/documents/{document.pk}/download/")
        .status_code
        == 200,
        "counted": counts.get("draft", 0) > 0,
    }


def refused(user, case, document) -> None:
    """A refused reader learns nothing: every path is 404 (or a log-in for the anonymous)."""
    pk = case.pk
    for response in (
        web(user).get(f"/cases/{pk}/"),
        web(user).get(f"/cases/{pk}/documents/{document.pk}/"),
    ):
        assert response.status_code == (302 if user is None else 404)
    for response in (
        api(user).get(f"/api/v1/applications/{pk}/"),
        api(user).get(f"/api/v1/applications/{pk}/history/"),
        api(user).get(f"/api/v1/applications/{pk}/guidance/"),
        api(user).get(f"/api/v1/applications/{pk}/documents/{document.pk}/download/"),
    ):
        assert response.status_code in ((401, 403) if user is None else (404,))


@pytest.mark.parametrize("actor", ACTORS)
def test_a_private_draft_is_the_enterprises_alone(world, actor):
    user, draft, document = world["people"][actor], world["draft"], world["document"]
    seen = reads(user, draft, document)
    expected = actor in SEES_PRIVATE
    assert seen == dict.fromkeys(seen, expected), seen
    if not expected:
        refused(user, draft, document)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_shared_draft_is_seen_by_its_bureau_and_hq(world, actor):
    draft, document = world["draft"], world["document"]
    services.case_guidance_share(case=draft, actor=world["people"]["owner"], note="请指导检测报告")
    draft = Application.objects.get(pk=draft.pk)
    user = world["people"][actor]
    seen = reads(user, draft, document)
    expected = actor in SEES_SHARED
    assert seen == dict.fromkeys(seen, expected), seen
    if not expected:
        refused(user, draft, document)


def test_revoking_hides_the_draft_again(world):
    owner, bureau, hq = (world["people"][r] for r in ("owner", "bureau", "hq"))
    draft, document = world["draft"], world["document"]
    response = api(owner).post(
        f"/api/v1/applications/{draft.pk}/guidance/", {"note": "产地证明怎么写"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["note"] == "产地证明怎么写"
    assert api(bureau).get(f"/api/v1/applications/{draft.pk}/").json()["shared_for_guidance"]
    response = api(owner).delete(f"/api/v1/applications/{draft.pk}/guidance/")
    assert response.status_code == 200, response.content
    assert response.json()["revoked_by"] == owner.username
    draft = Application.objects.get(pk=draft.pk)
    assert not draft.shared_for_guidance
    for user in (bureau, hq):
        assert not any(reads(user, draft, document).values())
        refused(user, draft, document)
    # Recorded, never deleted: the share keeps its revocation; a new share is a new row.
    services.case_guidance_share(case=draft, actor=owner)
    shares = list(GuidanceShare.objects.filter(application=draft).order_by("pk"))
    assert [(s.revoked_at is not None, s.revoked_by) for s in shares] == [
        (True, owner),
        (False, None),
    ]
    listed = api(owner).get(f"/api/v1/applications/{draft.pk}/guidance/").json()
    assert [row["revoked_by"] for row in listed] == [owner.username, None]
    changes = AuditEntry.objects.filter(
        object_type="applications.application", object_id=str(draft.pk)
    ).values_list("changes", flat=True)
    assert [c["shared_for_guidance"] for c in changes if "guidance_share" in c] == [
        [False, True],
        [True, False],
        [False, True],
    ]


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_enterprise_shares_and_revokes(world, actor):
    user, draft = world["people"][actor], world["draft"]
    url = f"/api/v1/applications/{draft.pk}/guidance/"
    share = api(user).post(url, {}, format="json")
    if actor == "owner":
        assert share.status_code == 201
    else:
        assert share.status_code in ((401, 403) if user is None else (404,)), share.content
        assert not Application.objects.get(pk=draft.pk).shared_for_guidance
        # The draft shared by its enterprise: those who now see it still may not revoke.
        services.case_guidance_share(case=draft, actor=world["people"]["owner"])
        revoke = api(user).delete(url)
        if user is None:
            assert revoke.status_code in (401, 403)
        else:
            assert revoke.status_code == (403 if actor in SEES_SHARED else 404), revoke.content
        assert Application.objects.get(pk=draft.pk).shared_for_guidance
        if user is not None:
            with pytest.raises(NotPermitted):
                services.case_guidance_revoke(case=draft, actor=user)
    if actor == "owner":
        assert api(user).delete(url).status_code == 200
        assert not Application.objects.get(pk=draft.pk).shared_for_guidance


def test_sharing_twice_revoking_unshared_and_sharing_a_submitted_case_are_409(world):
    owner, draft = world["people"]["owner"], world["draft"]
    url = f"/api/v1/applications/{draft.pk}/guidance/"
    assert api(owner).delete(url).status_code == 409
    assert api(owner).post(url, {}, format="json").status_code == 201
    assert api(owner).post(url, {}, format="json").status_code == 409
    assert GuidanceShare.objects.filter(application=draft).count() == 1
    assert api(owner).delete(url).status_code == 200
    attach_required_materials(draft, by=owner)
    services.case_transition(case=draft, name="submit", actor=owner)
    assert api(owner).post(url, {}, format="json").status_code == 409
    assert api(owner).delete(url).status_code == 409
    with pytest.raises(Conflict):
        services.case_guidance_share(case=draft, actor=owner)
    # Submitted: the bureau sees it, shared or not (no longer the enterprise's draft).
    assert (
        api(world["people"]["bureau"]).get(f"/api/v1/applications/{draft.pk}/").status_code == 200
    )


def test_the_share_form_on_the_draft_page(world):
    owner, bureau, draft = world["people"]["owner"], world["people"]["bureau"], world["draft"]
    page = web(owner).get(f"/cases/{draft.pk}/edit/")
    assert "请直属局一对一指导" in page.content.decode()
    response = web(owner).post(f"/cases/{draft.pk}/guidance/", {"note": "请看一下申请书"})
    assert response.status_code == 302
    share = GuidanceShare.objects.get(application=draft)
    assert (share.note, share.shared_by) == ("请看一下申请书", owner)
    page = web(owner).get(f"/cases/{draft.pk}/edit/").content.decode()
    assert "撤回共享" in page and "已共享给直属局" in page
    # The bureau: marked on its worklist and its case page, with what was asked; no upload.
    assert "请求一对一指导" in web(bureau).get("/cases/").content.decode()
    detail = web(bureau).get(f"/cases/{draft.pk}/")
    assert "请看一下申请书" in detail.content.decode()
    assert detail.context["upload_form"] is None
    assert [c.pk for c in selectors.guidance_requests(user=bureau)] == [draft.pk]
    for user in (world["people"]["hq"], world["people"]["zone_lead"], owner):
        assert not selectors.guidance_requests(user=user).exists()
    # Staff cannot post the enterprise's forms.
    assert web(bureau).post(f"/cases/{draft.pk}/guidance/revoke/").status_code == 302
    assert Application.objects.get(pk=draft.pk).shared_for_guidance
    assert web(owner).post(f"/cases/{draft.pk}/guidance/revoke/").status_code == 302
    assert not Application.objects.get(pk=draft.pk).shared_for_guidance
    assert web(bureau).post(f"/cases/{draft.pk}/guidance/", {}).status_code == 404


@pytest.mark.parametrize("actor", ["owner", "bureau", "hq", "other_bureau", "zone_lead"])
@pytest.mark.parametrize("shared", [False, True])
def test_only_the_enterprise_uploads_into_a_draft(world, actor, shared):
    user, draft = world["people"][actor], world["draft"]
    if shared:
        services.case_guidance_share(case=draft, actor=world["people"]["owner"])
    before = CaseDocument.objects.filter(application=draft).count()
    for kind in ("material", "other"):
        response = api(user).post(
            f"/api/v1/applications/{draft.pk}/documents/",
            {
                "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
                "kind": kind,
            },
            format="multipart",
        )
        if actor == "owner":
            assert response.status_code == (201 if kind == "material" else 403), response.content
        elif not shared or actor not in SEES_SHARED:
            assert response.status_code == 404
        else:  # sees the shared draft, adds nothing to it: no material ever, nothing in a draft
            assert response.status_code == (403 if kind == "material" else 409), response.content
        page = web(user).post(
            f"/cases/{draft.pk}/documents/",
            {
                "file": SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
                "kind": kind,
            },
        )
        assert page.status_code in (302, 404)
    added = CaseDocument.objects.filter(application=draft).count() - before
    assert added == (2 if actor == "owner" else 0)  # the owner's material, by API and page


def test_staff_still_upload_into_a_submitted_case(world):
    owner, bureau, hq = (world["people"][r] for r in ("owner", "bureau", "hq"))
    draft = world["draft"]
    attach_required_materials(draft, by=owner)
    services.case_transition(case=draft, name="submit", actor=owner)
    for user in (bureau, hq):
        response = api(user).post(
            f"/api/v1/applications/{draft.pk}/documents/",
            {
                "file": SimpleUploadedFile("c.pdf", PDF, content_type="application/pdf"),
                "kind": "other",
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content


def test_state_counts_of_staff_leave_private_drafts_out(world):
    owner, bureau, hq, lead = (world["people"][r] for r in ("owner", "bureau", "hq", "zone_lead"))
    ApplicationFactory(enterprise=world["draft"].enterprise)  # a second private draft
    submitted = ApplicationFactory(enterprise=world["draft"].enterprise)
    attach_required_materials(submitted, by=owner)
    services.case_transition(case=submitted, name="submit", actor=owner)
    assert selectors.state_counts(user=owner) == {"draft": 2, "submitted": 1}
    for user in (bureau, hq, lead):
        assert selectors.state_counts(user=user) == {"submitted": 1}
    services.case_guidance_share(case=world["draft"], actor=owner)
    for user in (bureau, hq):
        assert selectors.state_counts(user=user) == {"draft": 1, "submitted": 1}
    assert selectors.state_counts(user=lead) == {"submitted": 1}


def test_the_staff_filter_keeps_the_worklist_on_its_index(world, hq_user):
    """EXPLAIN on SQLite: the HQ worklist still walks the primary key (no sort of every case),
    the bureau's its index, and the shared-draft count searches an index."""

    def plan(queryset) -> str:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())

    if connection.vendor != "sqlite":
        pytest.skip("the plans below are SQLite's")
    hq_plan = plan(selectors.worklist(user=hq_user)[:51])
    assert "TEMP B-TREE" not in hq_plan, hq_plan
    bureau = world["people"]["bureau"]
    bureau_plan = plan(selectors.worklist(user=bureau)[:51])
    assert "TEMP B-TREE" not in bureau_plan and "INDEX" in bureau_plan, bureau_plan
    shared = Application.objects.filter(
        bureau_id=bureau.bureau_id, state="draft", shared_for_guidance=True
    ).order_by()
    # An index search on the bureau and state (case_guidance_shared, or case_bureau_state on an
    # unanalysed table), never a scan of the cases.
    count_plan = plan(shared.values("pk"))
    assert count_plan.startswith("SEARCH") and "INDEX" in count_plan, count_plan


def test_a_draft_withdrawn_before_submission_stays_the_enterprises(world):
    """Withdrawn without ever being submitted: still the enterprise's own, as its draft was."""
    people, draft = world["people"], world["draft"]
    services.case_transition(case=draft, name="withdraw", actor=people["owner"], reason="不再申报")
    draft.refresh_from_db()
    assert draft.state == "withdrawn" and draft.submitted_at is None
    for name in ("bureau", "hq"):
        assert not selectors.cases_visible_to(user=people[name]).filter(pk=draft.pk).exists()
    assert selectors.cases_visible_to(user=people["owner"]).filter(pk=draft.pk).exists()
