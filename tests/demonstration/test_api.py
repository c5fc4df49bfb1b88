"""The demonstration-zone API (seed 001 §四, §七): the national and the provincial walk from
application to title and its withdrawal, a failing assessment, the bureaus' standards, scoping,
materials, bad bodies, the public register and verification, and a list whose number of queries
does not grow with the number of zones."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demonstration.models import (
    AssessmentStandard,
    DemonstrationZone,
    ZoneDocument,
    ZoneDocumentAccess,
    ZoneHistory,
)

from .conftest import PASSING, PDF, ZONE_BODY, publish_standard

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/demonstration-zones/"
PUBLIC = "/api/v1/public/demonstration-zones/"
STANDARDS = "/api/v1/zone-standards/"
MULTI_LINE_ERROR = "不能包含换行和制表符以外的控制字符。"
SINGLE_LINE_ERROR = "不能包含换行符或其他控制字符，请写在一行内。"


def fire(api_for, user, zone_id: int, name: str, body: dict | None = None):
    return api_for(user).post(f"{ZONES}{zone_id}/transitions/{name}/", body or {}, format="json")


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def apply(api_for, government, level: str = "national") -> dict:
    response = api_for(government).post(ZONES, {**ZONE_BODY, "level": level}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def history(zone_id: int) -> list[tuple]:
    return [
        (h.transition, h.actor.username if h.actor else None)
        for h in ZoneHistory.objects.filter(zone_id=zone_id).order_by("pk")
    ]


# ---------------------------------------------------------------- the national walk


def test_the_national_walk_from_application_to_withdrawn_title(
    api_for, api_client, gov_beijing, bureau_beijing, hq, django_capture_on_commit_callbacks
):
    created = apply(api_for, gov_beijing)
    zone_id = created["id"]
    assert (created["state"], created["state_display"], created["level"]) == (
        "draft",
        "草稿",
        "national",
    )
    assert (created["bureau"], created["applicant"]) == ("beijing", "北京市顺义区人民政府")
    assert created["assessment"] is None and created["title"] is None
    assert created["cluster"] == ZONE_BODY["cluster"]  # line breaks kept

    assert ok(fire(api_for, gov_beijing, zone_id, "submit"))["state"] == "submitted"
    assert ok(fire(api_for, bureau_beijing, zone_id, "recommend"))["state"] == "recommended"
    organised = ok(fire(api_for, hq, zone_id, "organise_assessment", {"team": "王五、赵六"}))
    assert organised["state"] == "assessing"
    assert organised["assessment"]["team"] == "王五、赵六"
    assert organised["assessment"]["total"] is None and organised["assessment"]["passed"] is False

    recorded = ok(
        fire(api_for, hq, zone_id, "record_assessment", {**PASSING, "comment": "符合条件"})
    )
    assessment = recorded["assessment"]
    assert recorded["state"] == "assessed"
    assert [assessment[f"score_{c}"] for c in ("cluster", "export", "quality", "organisation")] == [
        20,
        20,
        20,
        20,
    ]
    assert (assessment["total"], assessment["pass_mark"], assessment["passed"]) == (80, 60, True)
    assert assessment["conclusion"] == "符合条件"

    with django_capture_on_commit_callbacks(execute=True):
        designated = ok(fire(api_for, hq, zone_id, "designate", {"valid_years": 5}))
    year = timezone.localdate().year
    title = designated["title"]
    assert designated["state"] == "designated"
    assert title["number"] == f"QSZ-N-{year}-001"
    assert title["designated_at"] == timezone.localdate().isoformat()
    assert title["valid_until"].startswith(str(year + 5))

    detail = ok(api_for(gov_beijing).get(f"{ZONES}{zone_id}/"))
    assert detail["title"]["pdf_ready"] is True
    pdf = api_for(gov_beijing).get(f"{ZONES}{zone_id}/title/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    api_client.force_authenticate(None)
    listed = ok(api_client.get(PUBLIC))["results"]
    assert [z["number"] for z in listed] == [title["number"]]
    entry = listed[0]
    assert entry == {
        "number": title["number"],
        "name": ZONE_BODY["name"],
        "level": "national",
        "level_display": "国家级",
        "applicant": "北京市顺义区人民政府",
        "bureau": "北京",
        "bureau_en": "Beijing",
        "industry": ZONE_BODY["industry"],
        "designated_at": title["designated_at"],
        "valid_until": title["valid_until"],
        "status": "valid",
        "status_display": "有效",
        "withdrawal_reason": "",
        "enterprises": [],  # 示范企业: none granted yet
    }
    verified = ok(api_client.get(f"{PUBLIC}{title['number']}/"))
    assert verified == entry

    withdrawn = ok(fire(api_for, hq, zone_id, "withdraw_title", {"reason": "区内企业恶意违法"}))
    assert withdrawn["state"] == "withdrawn"
    api_client.force_authenticate(None)
    verified = ok(api_client.get(f"{PUBLIC}{title['number']}/"))
    assert (verified["status"], verified["status_display"], verified["withdrawal_reason"]) == (
        "revoked",
        "称号已撤销",
        "区内企业恶意违法",
    )
    assert ok(api_client.get(PUBLIC))["results"] == [verified]

    assert history(zone_id) == [
        ("submit", "gov-shunyi"),
        ("recommend", "zone-bj-clerk"),
        ("organise_assessment", "zone-hq"),
        ("record_assessment", "zone-hq"),
        ("designate", "zone-hq"),
        ("withdraw_title", "zone-hq"),
    ]
    listed = ok(api_for(bureau_beijing).get(f"{ZONES}{zone_id}/history/"))
    assert [(h["transition"], h["from_state"], h["to_state"]) for h in listed][-1] == (
        "withdraw_title",
        "designated",
        "withdrawn",
    )
    assert listed[-1]["reason"] == "区内企业恶意违法" and listed[-1]["actor"] == "zone-hq"
    assert listed[4]["data"]["number"] == title["number"]


def test_the_title_pdf_is_404_before_it_is_rendered(api_for, hq, make_zone):
    zone = make_zone("assessed")
    assert api_for(hq).get(f"{ZONES}{zone.pk}/title/pdf/").status_code == 404
    ok(fire(api_for, hq, zone.pk, "designate"))  # the rendering waits for the commit
    detail = ok(api_for(hq).get(f"{ZONES}{zone.pk}/"))
    assert detail["title"]["pdf_ready"] is False
    assert api_for(hq).get(f"{ZONES}{zone.pk}/title/pdf/").status_code == 404


# ---------------------------------------------------------------- the provincial walk


def test_the_provincial_walk_runs_on_the_bureaus_own_standard(
    api_for, gov_beijing, bureau_beijing, hq
):
    zone_id = apply(api_for, gov_beijing, level="provincial")["id"]
    refused = fire(api_for, gov_beijing, zone_id, "submit")
    assert refused.status_code == 409
    assert "评估标准" in refused.json()["detail"]
    assert DemonstrationZone.objects.get(pk=zone_id).state == "draft"

    published = api_for(bureau_beijing).post(
        STANDARDS,
        {
            "title": "北京局省级示范区评估标准",
            "text": "一、企业集聚\n二、出口规模",
            "pass_mark": 70,
        },
        format="json",
    )
    assert published.status_code == 201, published.content
    assert (published.json()["version"], published.json()["bureau"]) == (1, "beijing")

    submitted = ok(fire(api_for, gov_beijing, zone_id, "submit"))
    assert submitted["standard"] == {
        "version": 1,
        "title": "北京局省级示范区评估标准",
        "pass_mark": 70,
    }
    assert fire(api_for, bureau_beijing, zone_id, "recommend").status_code == 409
    assert fire(api_for, hq, zone_id, "organise_assessment", {"team": "总局"}).status_code == 403
    assert (
        ok(fire(api_for, bureau_beijing, zone_id, "organise_assessment", {"team": "北京局专家组"}))[
            "state"
        ]
        == "assessing"
    )
    assert fire(api_for, hq, zone_id, "record_assessment", PASSING).status_code == 403
    assessed = ok(fire(api_for, bureau_beijing, zone_id, "record_assessment", PASSING))
    assert (assessed["assessment"]["pass_mark"], assessed["assessment"]["passed"]) == (70, True)
    assert fire(api_for, hq, zone_id, "designate").status_code == 403
    designated = ok(fire(api_for, bureau_beijing, zone_id, "designate"))
    number = f"QSZ-BEIJING-{timezone.localdate().year}-001"
    assert designated["title"]["number"] == number

    # A later version binds later applications only.
    publish_standard(bureau_beijing, pass_mark=90)
    assert DemonstrationZone.objects.get(pk=zone_id).standard.version == 1
    verified = ok(api_for(None).get(f"{PUBLIC}{number}/"))
    assert (verified["level"], verified["bureau"], verified["status"]) == (
        "provincial",
        "北京",
        "valid",
    )


def test_a_bureau_publishes_numbered_versions_of_its_own_standard(
    api_for, bureau_beijing, bureau_jiangsu, hq, gov_beijing, gov_jiangsu, enterprise
):
    body = {"title": "评估标准", "text": "第一条", "pass_mark": 65}
    for version in (1, 2):
        response = api_for(bureau_beijing).post(STANDARDS, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["version"] == version
        assert response.json()["published_by"] == "zone-bj-clerk"
    jiangsu = api_for(bureau_jiangsu).post(STANDARDS, body, format="json").json()
    assert jiangsu["version"] == 1 and jiangsu["bureau"] == "jiangsu"

    def listed(user) -> list[tuple]:
        response = api_for(user).get(STANDARDS)
        assert response.status_code == 200, response.content
        return [(s["bureau"], s["version"]) for s in response.json()["results"]]

    assert sorted(listed(hq)) == [("beijing", 1), ("beijing", 2), ("jiangsu", 1)]
    assert listed(bureau_beijing) == [("beijing", 2), ("beijing", 1)]
    assert listed(bureau_jiangsu) == [("jiangsu", 1)]
    # A local government reads the standards of its own bureau, which it applies against.
    assert listed(gov_beijing) == [("beijing", 2), ("beijing", 1)]
    assert listed(gov_jiangsu) == [("jiangsu", 1)]
    assert listed(enterprise) == []
    assert api_for(None).get(STANDARDS).status_code in (401, 403)


def test_only_a_bureau_publishes_a_standard(api_for, hq, gov_beijing, bureau_beijing):
    body = {"title": "评估标准", "text": "第一条", "pass_mark": 65}
    for user in (hq, gov_beijing):
        response = api_for(user).post(STANDARDS, {"pass_mark": "x"}, format="json")
        assert response.status_code == 403  # before the body is read
        assert api_for(user).post(STANDARDS, body, format="json").status_code == 403
    for bad, field in [
        ({**body, "pass_mark": 101}, "pass_mark"),
        ({**body, "title": "标准\r\n名称"}, "title"),
        ({**body, "text": "第一条\x07"}, "text"),
        ({**body, "title": ""}, "title"),
    ]:
        response = api_for(bureau_beijing).post(STANDARDS, bad, format="json")
        assert response.status_code == 400, bad
        assert field in response.json()
    assert not AssessmentStandard.objects.exists()


# ---------------------------------------------------------------- failing assessment


@pytest.mark.parametrize(
    "scores",
    [
        {"score_cluster": 15, "score_export": 15, "score_quality": 15, "score_organisation": 10},
        # 75 in all, but one condition of §四 not met at all.
        {"score_cluster": 25, "score_export": 25, "score_quality": 25, "score_organisation": 0},
    ],
)
def test_a_failing_assessment_cannot_be_designated_but_refused(api_for, hq, make_zone, scores):
    zone = make_zone("assessing")
    assessed = ok(fire(api_for, hq, zone.pk, "record_assessment", scores))
    assert assessed["assessment"]["passed"] is False
    refused = fire(api_for, hq, zone.pk, "designate")
    assert refused.status_code == 409
    assert "合格分数线" in refused.json()["detail"]
    zone.refresh_from_db()
    assert (zone.state, zone.number) == ("assessed", None)
    no_reason = fire(api_for, hq, zone.pk, "refuse", {"reason": "  "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert ok(fire(api_for, hq, zone.pk, "refuse", {"reason": "出口规模不足"}))["state"] == (
        "refused"
    )
    assert history(zone.pk) == [("record_assessment", "zone-hq"), ("refuse", "zone-hq")]
    assert ZoneHistory.objects.filter(zone=zone).last().reason == "出口规模不足"


# ---------------------------------------------------------------- creating and editing


def test_only_a_local_government_applies(api_for, bureau_beijing, hq, enterprise):
    for user in (bureau_beijing, hq, enterprise):
        response = api_for(user).post(ZONES, {**ZONE_BODY, "level": "national"}, format="json")
        assert response.status_code == 403
        assert set(response.json()) == {"detail"}
        assert api_for(user).post(ZONES, {"level": "x"}, format="json").status_code == 403
    assert api_for(None).post(ZONES, ZONE_BODY, format="json").status_code in (401, 403)
    assert not DemonstrationZone.objects.exists()


def test_the_application_belongs_to_the_governments_bureau_whatever_is_sent(api_for, gov_jiangsu):
    body = {**ZONE_BODY, "level": "provincial", "state": "designated", "bureau": "beijing"}
    created = api_for(gov_jiangsu).post(ZONES, body, format="json")
    assert created.status_code == 201, created.content
    zone = DemonstrationZone.objects.get()
    assert (zone.state, zone.bureau.code, zone.applicant.name) == (
        "draft",
        "jiangsu",
        "苏州市人民政府",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "顺义\r\n示范区"}, "name"),
        ({"name": ""}, "name"),
        ({"quality": "无事故\x1b[2J"}, "quality"),
        ({"level": "municipal"}, "level"),
        ({"export_share": "100.01"}, "export_share"),
        ({"local_share": "-1"}, "local_share"),
        ({"export_value": "-5"}, "export_value"),
        ({"enterprise_count": -1}, "enterprise_count"),
    ],
)
def test_a_bad_application_is_400_naming_the_field(api_for, gov_beijing, change, field):
    response = api_for(gov_beijing).post(
        ZONES, {**ZONE_BODY, "level": "national", **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not DemonstrationZone.objects.exists()


def test_patch_edits_a_draft_or_a_returned_application_only(
    api_for, gov_beijing, bureau_beijing, make_zone
):
    zone = make_zone("draft")
    url = f"{ZONES}{zone.pk}/"
    edited = ok(
        api_for(gov_beijing).patch(
            url,
            {"industry": "新能源汽车零部件", "state": "designated", "level": "provincial"},
            format="json",
        )
    )
    assert (edited["industry"], edited["state"], edited["level"]) == (
        "新能源汽车零部件",
        "draft",
        "national",
    )
    assert edited["title"] is None and edited["assessment"] is None  # every field answered
    assert api_for(bureau_beijing).patch(url, {"industry": "改"}, format="json").status_code == 403
    DemonstrationZone.objects.filter(pk=zone.pk).update(state="returned")
    assert (
        ok(api_for(gov_beijing).patch(url, {"enterprise_count": 90}, format="json"))[
            "enterprise_count"
        ]
        == 90
    )
    DemonstrationZone.objects.filter(pk=zone.pk).update(state="submitted")
    response = api_for(gov_beijing).patch(url, {"industry": "改"}, format="json")
    assert response.status_code == 409
    zone.refresh_from_db()
    assert (zone.industry, zone.enterprise_count, zone.state) == (
        "新能源汽车零部件",
        90,
        "submitted",
    )


# ---------------------------------------------------------------- bad transition bodies


@pytest.mark.parametrize(
    ("state", "name", "body", "field"),
    [
        ("assessing", "record_assessment", {**PASSING, "score_cluster": 26}, "score_cluster"),
        ("assessing", "record_assessment", {**PASSING, "score_export": -1}, "score_export"),
        ("assessing", "record_assessment", {**PASSING, "score_quality": "x"}, "score_quality"),
        (
            "assessing",
            "record_assessment",
            {"score_cluster": 20, "score_export": 20, "score_quality": 20},
            "score_organisation",
        ),
        ("recommended", "organise_assessment", {}, "team"),
        ("recommended", "organise_assessment", {"team": "   "}, "team"),
        ("recommended", "organise_assessment", {"team": "王五\x08"}, "team"),
        ("assessed", "designate", {"valid_years": 0}, "valid_years"),
        ("assessed", "designate", {"valid_years": 11}, "valid_years"),
        ("designated", "withdraw_title", {}, "reason"),
        ("designated", "withdraw_title", {"reason": "违法\x1b[2J"}, "reason"),
        ("recommended", "refuse", {"reason": "理由", "comment": "说明\x07"}, "comment"),
    ],
)
def test_bad_bodies_are_400_with_field_messages_and_change_nothing(
    api_for, hq, make_zone, state, name, body, field
):
    zone = make_zone(state)
    before = DemonstrationZone.objects.filter(pk=zone.pk).values().get()
    response = fire(api_for, hq, zone.pk, name, body)
    assert response.status_code == 400, response.content
    assert response.json()[field], response.json()
    if any(char in str(body.get(field)) for char in "\x07\x08\x1b"):
        assert response.json()[field] == [MULTI_LINE_ERROR]
    assert DemonstrationZone.objects.filter(pk=zone.pk).values().get() == before
    assert not ZoneHistory.objects.filter(zone=zone).exists()


def test_who_may_fire_is_answered_before_the_body_is_read(api_for, bureau_beijing, make_zone):
    zone = make_zone("assessing")
    response = fire(api_for, bureau_beijing, zone.pk, "record_assessment", {"score_cluster": 99})
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


# ---------------------------------------------------------------- scoping


@pytest.fixture
def zones(make_zone, gov_jiangsu):
    national = make_zone("draft")
    provincial = make_zone("designated", level="provincial")
    jiangsu = DemonstrationZone.objects.create(
        level="national",
        applicant=gov_jiangsu.organisation,
        bureau=gov_jiangsu.organisation.bureau,
        **{**ZONE_BODY, "name": "苏州示范区"},
    )
    return {"beijing": {national.pk, provincial.pk}, "jiangsu": {jiangsu.pk}}


def test_each_caller_lists_exactly_the_zones_it_may_see(api_for, people, zones):
    everything = zones["beijing"] | zones["jiangsu"]
    expected = {
        "hq": everything,
        "bureau": zones["beijing"],
        "applicant": zones["beijing"],
        "other_bureau": zones["jiangsu"],
        "other_government": zones["jiangsu"],
        "enterprise": set(),
        "agency": set(),
        "inspector": set(),
        "hq_department": set(),
    }
    for role, visible in expected.items():
        assert ids(api_for(people[role]).get(ZONES)) == visible, role
    assert api_for(None).get(ZONES).status_code in (401, 403)


def test_a_zone_not_visible_is_404_everywhere(api_for, people, zones, make_zone):
    zone = make_zone("designated")
    document = ZoneDocument.objects.create(
        zone=zone,
        kind="application",
        original_name="材料.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=people["applicant"],
        file=SimpleUploadedFile("x.pdf", PDF),
    )
    paths = [
        "",
        "history/",
        "transitions/",
        "documents/",
        f"documents/{document.pk}/",
        "title/pdf/",
    ]
    for role in ("other_bureau", "other_government", "enterprise", "agency", "inspector"):
        for path in paths:
            response = api_for(people[role]).get(f"{ZONES}{zone.pk}/{path}")
            assert response.status_code == 404, (role, path)
        patch = api_for(people[role]).patch(f"{ZONES}{zone.pk}/", {"name": "x"}, format="json")
        assert patch.status_code == 404
    for path in paths:
        assert api_for(None).get(f"{ZONES}{zone.pk}/{path}").status_code in (401, 403)
    assert not ZoneDocumentAccess.objects.exists()


def test_filters(api_for, hq, zones):
    api = api_for(hq)
    assert ids(api.get(ZONES, {"bureau": "jiangsu"})) == zones["jiangsu"]
    assert len(ids(api.get(ZONES, {"level": "provincial"}))) == 1
    assert len(ids(api.get(ZONES, {"state": ["draft", "designated"]}))) == 3
    assert api.get(ZONES, {"state": "nonsense"}).status_code == 400
    assert list(api.get(ZONES, {"level": ""}).json()) == ["level"]


# ---------------------------------------------------------------- materials


def upload(api_for, user, zone_id, content=PDF, name="申请书.pdf", kind="application"):
    return api_for(user).post(
        f"{ZONES}{zone_id}/documents/",
        {"file": SimpleUploadedFile(name, content, content_type="text/html"), "kind": kind},
        format="multipart",
    )


def download_filename(response) -> str:
    disposition = response["Content-Disposition"]
    if match := re.search(r"filename\*=utf-8''([^;]+)", disposition):
        return unquote(match.group(1))
    return re.search(r'filename="((?:[^"\\]|\\.)*)"', disposition).group(1)


def test_materials_are_checked_by_content_and_every_read_is_logged(
    api_for, gov_beijing, bureau_beijing, bureau_jiangsu, enterprise, make_zone
):
    zone = make_zone("draft")
    uploaded = upload(api_for, gov_beijing, zone.pk, name="x.hta")
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert (body["kind"], body["original_name"], body["content_type"]) == (
        "application",
        "x.hta",
        "application/pdf",
    )
    assert body["uploaded_by"] == "gov-shunyi"
    listed = ok(api_for(bureau_beijing).get(f"{ZONES}{zone.pk}/documents/"))
    assert [d["id"] for d in listed] == [body["id"]]

    url = f"{ZONES}{zone.pk}/documents/{body['id']}/"
    response = api_for(bureau_beijing).get(url, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert download_filename(response) == "x.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    access = ZoneDocumentAccess.objects.get()
    assert (access.user, access.ip_address, access.document_id) == (
        bureau_beijing,
        "203.0.113.7",
        body["id"],
    )
    for stranger in (bureau_jiangsu, enterprise):
        assert api_for(stranger).get(url).status_code == 404
        assert api_for(stranger).get(f"{ZONES}{zone.pk}/documents/").status_code == 404
        assert upload(api_for, stranger, zone.pk).status_code == 404
    assert ZoneDocumentAccess.objects.count() == 1
    assert api_for(bureau_beijing).get(f"{ZONES}{zone.pk}/documents/999999/").status_code == 404


def test_who_may_upload_what_and_when(api_for, gov_beijing, bureau_beijing, hq, make_zone):
    zone = make_zone("draft")
    assert upload(api_for, bureau_beijing, zone.pk).status_code == 403  # not its application
    assert upload(api_for, gov_beijing, zone.pk, kind="assessment").status_code == 403
    assert upload(api_for, gov_beijing, zone.pk, kind="nonsense").status_code == 400
    refused = upload(api_for, gov_beijing, zone.pk, content=b"<html>not a pdf</html>")
    assert refused.status_code == 400 and "file" in refused.json()
    as_json = api_for(gov_beijing).post(
        f"{ZONES}{zone.pk}/documents/", {"kind": "application"}, format="json"
    )
    assert as_json.status_code == 415
    assert upload(api_for, bureau_beijing, zone.pk, kind="other").status_code == 201
    assessing = make_zone("assessing")
    assert upload(api_for, gov_beijing, assessing.pk).status_code == 409  # too late
    assert upload(api_for, hq, assessing.pk, kind="assessment").status_code == 201
    assert ZoneDocument.objects.count() == 2


# ---------------------------------------------------------------- the public register


def test_the_public_register_shows_titles_only_and_nothing_confidential(api_client, make_zone):
    make_zone("draft")
    make_zone("assessed")
    designated = make_zone("designated")
    withdrawn = make_zone("withdrawn", level="provincial")
    api_client.force_authenticate(None)
    response = api_client.get(PUBLIC)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")  # may be cached
    rows = response.json()["results"]
    assert {r["number"] for r in rows} == {designated.number, withdrawn.number}
    for row in rows:
        assert not {"cluster", "quality", "organisation", "assessment", "documents"} & set(row)
    by_number = {r["number"]: r for r in rows}
    assert by_number[withdrawn.number]["withdrawal_reason"] == "区内企业恶意违法"
    assert by_number[designated.number]["withdrawal_reason"] == ""
    assert api_client.get(f"{PUBLIC}NO-SUCH-1/").status_code == 404
    DemonstrationZone.objects.filter(pk=designated.pk).update(
        valid_until=timezone.localdate() - timezone.timedelta(days=1)
    )
    assert api_client.get(f"{PUBLIC}{designated.number}/").json()["status"] == "expired"


def test_public_verification_is_rate_limited(api_client, make_zone, settings, one_rate_window):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "verification": "2/minute"}
    zone = make_zone("designated")
    api_client.force_authenticate(None)
    assert api_client.get(f"{PUBLIC}{zone.number}/").status_code == 200
    assert api_client.get(PUBLIC).status_code == 200
    limited = api_client.get(f"{PUBLIC}{zone.number}/")
    assert limited.status_code == 429 and limited["Retry-After"]
    assert set(limited.json()) == {"detail"}


# ---------------------------------------------------------------- queries


def test_the_list_does_not_grow_in_queries_with_the_number_of_zones(
    api_for, hq, make_zone, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for state in ("draft", "assessed", "designated"):
        make_zone(state)
    api = api_for(hq)
    with CaptureQueriesContext(connection) as few:
        assert len(ids(api.get(ZONES, {"page_size": 100}))) == 3
    for state in ("draft", "assessing", "assessed", "designated", "withdrawn") * 6:
        make_zone(state, level="provincial")
    with django_assert_max_num_queries(len(few)):
        assert len(ids(api.get(ZONES, {"page_size": 100}))) == 33
    anonymous = api_for(None)
    with django_assert_max_num_queries(len(few) + 1):  # + the page's 示范企业, in one query
        assert len(anonymous.get(PUBLIC).json()["results"]) == 13
