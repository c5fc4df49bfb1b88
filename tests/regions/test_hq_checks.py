"""HQ's supervision checks of a bureau (issue 14 point 14), every action × every persona, through
the API and the pages. The table is written out here from seed 000 (not imported from the code):

§19 "总局将各直属局生态原产地保护工作完成情况纳入绩效考核,……并对各局工作落实情况进行监督检查":
the check is HQ's. HQ records it (a draft, which it may still correct), issues it to the bureau,
and, once the bureau has reported its rectification, closes it (销号) or returns it. The checked
bureau sees its own checks once issued (never a draft) and reports its rectification. Nobody
else has any part: another bureau, the lead of the checked bureau's zone (§二.2 gives a lead the
organising of its zone's work, not the supervision of its members), the bureau's inspectors,
enterprises, agencies and anonymous callers.

Allowed: 200/201 (pages: 302 to the check) and the change is made. Refused: 404 (not visible),
403 (visible but not yours; anonymous on the API), 302 to the login page (anonymous on a page),
and nothing changes.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from casework import todo
from regions import selectors, services
from regions.models import Bureau, BureauCheck
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "hq", "checked", "other_bureau", "zone_lead", "inspector", "enterprise", "agency",
    "anonymous",
]  # fmt: skip
# Who reads a check in each state: a draft HQ only; once issued HQ and the checked bureau.
SEES_DRAFT = {"hq"}
SEES_ISSUED = {"hq", "checked"}
BUREAUS = {"checked", "other_bureau", "zone_lead"}


@pytest.fixture
def personas(hq_user, bureau_user, lead_bureau_user, enterprise_user, agency_user):
    """湖北局 is checked: a member of 西南片区 (led by 重庆局, the zone lead here) and 中西片区."""
    return {
        "hq": hq_user,
        "checked": bureau_user,
        "other_bureau": factories.bureau_staff("beijing", username="clerk-beijing"),
        "zone_lead": lead_bureau_user,
        "inspector": factories.inspector("hubei", username="inspector-hubei"),
        "enterprise": enterprise_user,
        "agency": agency_user,
        "anonymous": None,
    }


def fields(**overrides) -> dict:
    today = timezone.localdate()
    values = {
        "bureau": Bureau.objects.get(code="hubei"),
        "checked_on": today - timedelta(days=3),
        "team": "总局通关司 张明、李华",
        "scope": "2026年生态原产地产品保护工作落实情况：受理、初评、事后监管。",
        "findings": "两家获证企业的年度监管记录缺失。",
        "requirements": "补齐监管记录，建立年度监管台账。",
        "deadline": today + timedelta(days=30),
    }
    values.update(overrides)
    return values


@pytest.fixture
def draft(hq_user) -> BureauCheck:
    return services.bureau_check_create(actor=hq_user, **fields())


@pytest.fixture
def issued(draft, hq_user) -> BureauCheck:
    return services.bureau_check_issue(check=draft, actor=hq_user)


@pytest.fixture
def reported(issued, bureau_user) -> BureauCheck:
    return services.bureau_check_report(
        check=issued, actor=bureau_user, rectification="已补齐记录，建立台账。"
    )


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def page(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def status_of(check: BureauCheck) -> str:
    return BureauCheck.objects.get(pk=check.pk).status


def expected(role: str, sees: set[str], acts: str, ok: int = 200) -> int:
    """What an API write answers: anonymous 403, not visible 404, the actor `ok`, others 403."""
    if role == "anonymous":
        return 403
    if role not in sees:
        return 404
    return ok if role == acts else 403


def expected_page(role: str, sees: set[str], acts: str) -> int:
    """What a page's POST answers: anonymous to the login page, a staff page only for HQ and
    bureaus, not visible 404, the actor back to the check (302), others 403."""
    if role == "anonymous":
        return 302
    if role not in sees:
        return 404
    return 302 if role == acts else 403


# ---------------------------------------------------------------- recording a check


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_records_a_check(role, personas):
    today = timezone.localdate()
    body = {
        "bureau": "hubei",
        "checked_on": (today - timedelta(days=1)).isoformat(),
        "team": "总局通关司 张明",
        "scope": "工作落实情况",
        "findings": "台账不全。",
        "requirements": "补齐台账。",
        "deadline": (today + timedelta(days=20)).isoformat(),
    }
    response = api(personas[role]).post("/api/v1/bureau-checks/", body, format="json")
    if role == "hq":
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == "draft" and response.json()["bureau"] == "hubei"
        check = BureauCheck.objects.get()
        assert AuditEntry.objects.filter(
            object_type="regions.bureaucheck", object_id=str(check.pk), action="create"
        ).exists()
    else:
        assert response.status_code == 403
        assert not BureauCheck.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_has_the_form_to_record_one(role, personas, client):
    client = page(client, personas[role])
    assert client.get("/regions/checks/new/").status_code == {"hq": 200, "anonymous": 302}.get(
        role, 404
    )
    today = timezone.localdate()
    response = client.post(
        "/regions/checks/new/",
        {
            "bureau": Bureau.objects.get(code="hubei").pk,
            "checked_on": (today - timedelta(days=1)).isoformat(),
            "team": "总局通关司 张明",
            "scope": "工作落实情况",
            "findings": "台账不全。",
            "requirements": "补齐台账。",
            "deadline": (today + timedelta(days=20)).isoformat(),
        },
    )
    if role == "hq":
        check = BureauCheck.objects.get()
        assert (
            response.status_code == 302 and response["Location"] == f"/regions/checks/{check.pk}/"
        )
        assert check.status == "draft" and check.created_by == personas["hq"]
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert not BureauCheck.objects.exists()


def test_a_check_is_refused_what_the_seed_would_not_record(hq_user):
    today = timezone.localdate()
    for overrides, field in [
        ({"checked_on": today + timedelta(days=1)}, "checked_on"),  # not held yet
        ({"deadline": today - timedelta(days=1)}, "deadline"),  # already past
        ({"findings": "  "}, "findings"),
        ({"requirements": ""}, "requirements"),
        ({"team": ""}, "team"),
    ]:
        response = api(hq_user).post(
            "/api/v1/bureau-checks/",
            {
                **{k: v for k, v in fields().items() if k != "bureau"},
                "bureau": "hubei",
                **overrides,
            },
            format="json",
        )
        assert response.status_code == 400, overrides
        assert field in response.json()
    assert not BureauCheck.objects.exists()


# ---------------------------------------------------------------- who reads


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_hqs_alone(role, personas, draft, client):
    one = api(personas[role]).get(f"/api/v1/bureau-checks/{draft.pk}/")
    listed = api(personas[role]).get("/api/v1/bureau-checks/")
    shown = page(client, personas[role]).get(f"/regions/checks/{draft.pk}/")
    listing = client.get("/regions/checks/", {"show": "all"})
    if role == "anonymous":
        assert (one.status_code, listed.status_code) == (403, 403)
        assert (shown.status_code, listing.status_code) == (302, 302)
    elif role in SEES_DRAFT:
        assert one.status_code == 200 and shown.status_code == 200
        assert [c["id"] for c in listed.json()["results"]] == [draft.pk]
        assert [c.pk for c in listing.context["page"]["rows"]] == [draft.pk]
    else:
        assert one.status_code == 404 and shown.status_code == 404
        assert listed.json()["results"] == []
        if role in BUREAUS:  # a bureau's list of its own checks: without the draft
            assert listing.status_code == 200 and listing.context["page"]["rows"] == []
        else:
            assert listing.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_an_issued_check_is_read_by_hq_and_the_checked_bureau(role, personas, issued, client):
    one = api(personas[role]).get(f"/api/v1/bureau-checks/{issued.pk}/")
    listed = api(personas[role]).get("/api/v1/bureau-checks/")
    shown = page(client, personas[role]).get(f"/regions/checks/{issued.pk}/")
    if role == "anonymous":
        assert (one.status_code, listed.status_code, shown.status_code) == (403, 403, 302)
    elif role in SEES_ISSUED:
        assert one.status_code == 200 and shown.status_code == 200
        assert one.json()["findings"] == "两家获证企业的年度监管记录缺失。"
        assert [c["id"] for c in listed.json()["results"]] == [issued.pk]
        assert "两家获证企业的年度监管记录缺失。" in shown.content.decode()
    else:
        assert one.status_code == 404 and shown.status_code == 404
        assert listed.json()["results"] == []
        listing = client.get("/regions/checks/", {"show": "all"})
        if role in BUREAUS:  # its own checks only: none
            assert listing.status_code == 200 and listing.context["page"]["rows"] == []
        else:
            assert listing.status_code == 404


# ---------------------------------------------------------------- HQ edits and issues a draft


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_edits_a_draft(role, personas, draft, client):
    response = api(personas[role]).patch(
        f"/api/v1/bureau-checks/{draft.pk}/", {"findings": "改：台账不全。"}, format="json"
    )
    assert response.status_code == expected(role, SEES_DRAFT, "hq")
    changed = BureauCheck.objects.get(pk=draft.pk).findings == "改：台账不全。"
    assert changed == (role == "hq")
    shown = page(client, personas[role]).get(f"/regions/checks/{draft.pk}/edit/")
    assert shown.status_code == {"hq": 200, "anonymous": 302}.get(role, 404)


def test_hq_corrects_a_draft_on_its_page(client_for, hq_user, draft):
    values = fields(findings="改：监管记录缺失三份。")
    values["bureau"] = values["bureau"].pk
    response = client_for(hq_user).post(f"/regions/checks/{draft.pk}/edit/", values)
    assert response.status_code == 302
    assert BureauCheck.objects.get(pk=draft.pk).findings == "改：监管记录缺失三份。"
    entry = AuditEntry.objects.get(object_type="regions.bureaucheck", action="update")
    assert entry.changes["findings"][1] == "改：监管记录缺失三份。"


def test_an_issued_check_is_no_longer_edited(api_for, client_for, hq_user, issued):
    response = api_for(hq_user).patch(
        f"/api/v1/bureau-checks/{issued.pk}/", {"findings": "改"}, format="json"
    )
    assert response.status_code == 409
    values = fields(findings="改")
    values["bureau"] = values["bureau"].pk
    assert client_for(hq_user).post(f"/regions/checks/{issued.pk}/edit/", values).status_code == 409
    assert BureauCheck.objects.get(pk=issued.pk).findings == "两家获证企业的年度监管记录缺失。"


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_issues_a_draft(role, personas, draft):
    response = api(personas[role]).post(f"/api/v1/bureau-checks/{draft.pk}/issue/")
    assert response.status_code == expected(role, SEES_DRAFT, "hq")
    assert status_of(draft) == ("open" if role == "hq" else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_only_hq_issues_a_draft_on_its_page(role, personas, draft, client):
    response = page(client, personas[role]).post(
        f"/regions/checks/{draft.pk}/", {"action": "issue"}
    )
    assert response.status_code == expected_page(role, SEES_DRAFT, "hq")
    assert status_of(draft) == ("open" if role == "hq" else "draft")


def test_a_check_is_issued_once_and_not_past_its_deadline(api_for, hq_user, issued):
    assert api_for(hq_user).post(f"/api/v1/bureau-checks/{issued.pk}/issue/").status_code == 409
    late = services.bureau_check_create(actor=hq_user, **fields())
    BureauCheck.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    response = api_for(hq_user).post(f"/api/v1/bureau-checks/{late.pk}/issue/")
    assert response.status_code == 400 and "deadline" in response.json()
    assert status_of(late) == "draft"


# ---------------------------------------------------------------- the bureau reports


@pytest.mark.parametrize("role", ROLES)
def test_only_the_checked_bureau_reports_its_rectification(role, personas, issued):
    response = api(personas[role]).post(
        f"/api/v1/bureau-checks/{issued.pk}/report/",
        {"rectification": "已补齐记录。"},
        format="json",
    )
    assert response.status_code == expected(role, SEES_ISSUED, "checked")
    check = BureauCheck.objects.get(pk=issued.pk)
    if role == "checked":
        assert check.status == "reported" and check.rectification == "已补齐记录。"
        assert check.reported_by == personas["checked"] and check.reported_at is not None
    else:
        assert check.status == "open" and check.rectification == ""


@pytest.mark.parametrize("role", ROLES)
def test_only_the_checked_bureau_reports_on_its_page(role, personas, issued, client):
    response = page(client, personas[role]).post(
        f"/regions/checks/{issued.pk}/", {"action": "report", "rectification": "已补齐记录。"}
    )
    assert response.status_code == expected_page(role, SEES_ISSUED, "checked")
    assert status_of(issued) == ("reported" if role == "checked" else "open")


def test_a_draft_is_not_reported_on(api_for, bureau_user, draft):
    response = api_for(bureau_user).post(
        f"/api/v1/bureau-checks/{draft.pk}/report/", {"rectification": "x"}, format="json"
    )
    assert response.status_code == 404
    assert status_of(draft) == "draft"


# ---------------------------------------------------------------- HQ closes or returns


@pytest.mark.parametrize("action", ["close", "return"])
@pytest.mark.parametrize("role", ROLES)
def test_only_hq_closes_or_returns_a_reported_check(action, role, personas, reported):
    response = api(personas[role]).post(
        f"/api/v1/bureau-checks/{reported.pk}/{action}/", {"note": "意见"}, format="json"
    )
    assert response.status_code == expected(role, SEES_ISSUED, "hq")
    after = {"close": "closed", "return": "returned"}[action]
    check = BureauCheck.objects.get(pk=reported.pk)
    assert check.status == (after if role == "hq" else "reported")
    if role == "hq":
        note = check.closing_note if action == "close" else check.return_note
        assert note == "意见"


@pytest.mark.parametrize("action", ["close", "return"])
@pytest.mark.parametrize("role", ROLES)
def test_only_hq_closes_or_returns_on_the_page(action, role, personas, reported, client):
    response = page(client, personas[role]).post(
        f"/regions/checks/{reported.pk}/", {"action": action, "note": "意见"}
    )
    assert response.status_code == expected_page(role, SEES_ISSUED, "hq")
    after = {"close": "closed", "return": "returned"}[action]
    assert status_of(reported) == (after if role == "hq" else "reported")


def test_the_whole_life_of_a_check(api_for, hq_user, bureau_user, reported):
    """open → reported → returned → reported → closed; each step once, in its turn."""
    hq, bureau = api_for(hq_user), None
    base = f"/api/v1/bureau-checks/{reported.pk}"
    assert hq.post(f"{base}/report/", {"rectification": "x"}, format="json").status_code == 403
    assert hq.post(f"{base}/return/", {"note": ""}, format="json").status_code == 400
    assert (
        hq.post(f"{base}/return/", {"note": "台账未附证明材料。"}, format="json").status_code == 200
    )
    assert hq.post(f"{base}/close/", {"note": "同意"}, format="json").status_code == 409
    assert hq.post(f"{base}/return/", {"note": "再退"}, format="json").status_code == 409

    bureau = APIClient()
    bureau.force_authenticate(bureau_user)
    shown = bureau.get(f"{base}/").json()
    assert shown["status"] == "returned" and shown["return_note"] == "台账未附证明材料。"
    again = bureau.post(f"{base}/report/", {"rectification": "已附证明材料。"}, format="json")
    assert again.status_code == 200 and again.json()["status"] == "reported"
    assert (
        bureau.post(f"{base}/report/", {"rectification": "再报"}, format="json").status_code == 409
    )

    closed = api_for(hq_user).post(
        f"{base}/close/", {"note": "整改到位，同意销号。"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert bureau.post(f"{base}/report/", {"rectification": "x"}, format="json").status_code == 409
    check = BureauCheck.objects.get(pk=reported.pk)
    assert check.closed_by == hq_user and check.closing_note == "整改到位，同意销号。"
    actions = list(
        AuditEntry.objects.filter(object_type="regions.bureaucheck", object_id=str(check.pk))
        .order_by("pk")
        .values_list("changes__status", flat=True)
    )
    assert actions == [
        "draft",
        ["draft", "open"],
        ["open", "reported"],
        ["reported", "returned"],
        ["returned", "reported"],
        ["reported", "closed"],
    ]


def test_an_open_check_is_neither_closed_nor_returned(api_for, hq_user, issued):
    for action in ("close", "return"):
        response = api_for(hq_user).post(
            f"/api/v1/bureau-checks/{issued.pk}/{action}/", {"note": "意见"}, format="json"
        )
        assert response.status_code == 409
    assert status_of(issued) == "open"


# ---------------------------------------------------------------- lists, to-do and dashboard


def test_the_bureau_list_shows_its_own_issued_checks_with_their_deadline(
    client_for, hq_user, bureau_user, issued
):
    services.bureau_check_create(actor=hq_user, **fields())  # a draft: not shown to the bureau
    other = services.bureau_check_create(
        actor=hq_user, **fields(bureau=Bureau.objects.get(code="beijing"))
    )
    services.bureau_check_issue(check=other, actor=hq_user)
    response = client_for(bureau_user).get("/regions/checks/")
    assert [c.pk for c in response.context["page"]["rows"]] == [issued.pk]
    html = response.content.decode()
    assert issued.deadline.isoformat() in html and "待整改" in html


def test_hq_lists_drafts_and_checks_to_review_and_filters_by_bureau(client_for, hq_user, reported):
    draft = services.bureau_check_create(actor=hq_user, **fields())
    client = client_for(hq_user)
    assert [c.pk for c in client.get("/regions/checks/?show=draft").context["page"]["rows"]] == [
        draft.pk
    ]
    review = client.get("/regions/checks/?show=review").context["page"]["rows"]
    assert [c.pk for c in review] == [reported.pk]
    assert client.get("/regions/checks/?show=all&bureau=beijing").context["page"]["rows"] == []


def test_the_bureaus_to_do_lists_checks_awaiting_its_rectification(hq_user, bureau_user, issued):
    services.bureau_check_create(actor=hq_user, **fields())  # a draft
    counts = todo.counts_for(bureau_user, fresh=True)
    assert counts["regions.checks_to_report"] == 1  # the issued one, not the draft
    items = todo.todo_list(bureau_user)["todos"]
    row = next(t for t in items if t.kind.code == "regions.checks_to_report").rows[0]
    assert row.item.url == f"/regions/checks/{issued.pk}/" and row.item.due_date == issued.deadline


def test_an_overdue_check_is_flagged_on_the_bureaus_to_do(bureau_user, issued):
    BureauCheck.objects.filter(pk=issued.pk).update(
        deadline=timezone.localdate() - timedelta(days=10),
        checked_on=timezone.localdate() - timedelta(days=40),
    )
    rows = next(
        t for t in todo.todo_list(bureau_user)["todos"] if t.kind.code == "regions.checks_to_report"
    ).rows
    assert rows[0].overdue


def test_hqs_to_do_lists_the_rectifications_to_review(hq_user, lead_bureau_user, reported):
    assert todo.counts_for(hq_user, fresh=True)["regions.checks_to_review"] == 1
    item = (
        next(
            t for t in todo.todo_list(hq_user)["todos"] if t.kind.code == "regions.checks_to_review"
        )
        .rows[0]
        .item
    )
    assert item.url == f"/regions/checks/{reported.pk}/"
    # Nobody else has either kind.
    assert "regions.checks_to_review" not in todo.counts_for(lead_bureau_user, fresh=True)
    assert todo.counts_for(lead_bureau_user, fresh=True).get("regions.checks_to_report") == 0


def test_hqs_bureau_dashboard_shows_open_and_overdue_checks(
    client_for, hq_user, issued, django_assert_num_queries
):
    overdue = services.bureau_check_create(actor=hq_user, **fields())
    services.bureau_check_issue(check=overdue, actor=hq_user)
    BureauCheck.objects.filter(pk=overdue.pk).update(
        deadline=timezone.localdate() - timedelta(days=1),
        checked_on=timezone.localdate() - timedelta(days=20),
    )
    services.bureau_check_create(actor=hq_user, **fields())  # a draft: not yet the bureau's
    hubei = Bureau.objects.get(code="hubei")
    with django_assert_num_queries(1):
        counts = selectors.bureau_check_counts(bureau_id=hubei.pk)
    assert counts == {"open": 2, "overdue": 1}
    html = client_for(hq_user).get("/regions/dashboard/bureaus/hubei/").content.decode()
    assert "/regions/checks/?show=open&amp;bureau=hubei" in html
    assert "1 项逾期未整改" in html


def test_the_check_pages_read_in_english(client_for, hq_user, bureau_user, reported):
    client = client_for(hq_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/regions/checks/{reported.pk}/").content.decode()
    assert "Rectification reported" in html and "HQ supervision checks" in html
    for chinese in ("已报整改情况", "整改情况", "销号意见", "退回意见", "发现的问题"):
        assert chinese not in html


def test_the_demo_checks_stand_in_every_state():
    from regions.demo import HQ_CHECKS, seed_hq_checks

    factories.hq(username="hq")
    for code in HQ_CHECKS:
        factories.bureau_staff(code, username=f"bureau-{code}")
    seed_hq_checks()
    seed_hq_checks()  # idempotent
    states = dict(BureauCheck.objects.values_list("bureau__code", "status"))
    assert states == {
        "hubei": "closed",
        "chongqing": "reported",
        "guangdong": "returned",
        "beijing": "open",
        "jiangsu": "draft",
    }
