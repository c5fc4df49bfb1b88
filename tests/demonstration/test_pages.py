"""Browser pages of the demonstration-zone programme (seed 001 §四, §七): the worklist of HQ,
bureaus and local governments, a local government's application form and materials, the zone
page with its actions, the action pages, the bureaus' provincial standards, the government's
start page and the public 示范区名录 and title verification."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demonstration.models import (
    AssessmentStandard,
    DemonstrationZone,
    ZoneAssessment,
    ZoneDocument,
    ZoneDocumentAccess,
    ZoneHistory,
)
from regions.models import Organisation
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import PDF, ZONE_BODY

pytestmark = pytest.mark.django_db

ACTION_LINK = re.compile(r'href="/demonstration/(\d+)/do/([a-z_]+)/"')
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
FORM = {**ZONE_BODY, "level": "national", "name": "顺义汽车零部件出口工业产品质量安全示范区"}


def local_government(code: str, name: str, bureau_code: str = "beijing") -> Organisation:
    return factories.OrganisationFactory(
        code=code,
        name=name,
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        level=Organisation.Level.CITY,
        bureau=factories.bureau(bureau_code),
    )


@pytest.fixture
def zone_in(make_zone):
    """zone_in(state, *, level="national", applicant=None, **fields) → make_zone's zone of
    北京顺义, of another applicant and with other fields if told."""

    def make(state: str = "draft", *, level: str = "national", applicant=None, **fields):
        zone = make_zone(state, level=level)
        if applicant is not None:
            fields.update(applicant=applicant, bureau_id=applicant.bureau_id)
        if fields:
            DemonstrationZone.objects.filter(pk=zone.pk).update(**fields)
        return DemonstrationZone.objects.get(pk=zone.pk)

    return make


@pytest.fixture
def gov_hubei(db):
    organisation = local_government("wuhan-donghu", "武汉东湖新技术开发区管委会", "hubei")
    return factories.organisation_staff(organisation, username="gov-hubei")


@pytest.fixture
def bureau_hubei(db):
    return factories.bureau_staff("hubei", username="bureau-hubei-clerk")


@pytest.fixture
def gov_beijing_other(db):
    """Another local government under 北京局: a stranger to gov_beijing's applications."""
    organisation = local_government("yizhuang", "北京经济技术开发区管委会")
    return factories.organisation_staff(organisation, username="gov-yizhuang")


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {zone.pk for zone in response.context["page"]["rows"]}


def html(response) -> str:
    return response.content.decode()


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def actions_on(response, zone) -> set[str]:
    return {name for pk, name in ACTION_LINK.findall(html(response)) if int(pk) == zone.pk}


# ---------------------------------------------------------------- the worklist


def test_each_role_sees_exactly_its_zones(
    client_for, zone_in, gov_beijing, gov_beijing_other, gov_hubei, bureau_beijing,
    bureau_hubei, hq,
):  # fmt: skip
    own_draft = zone_in("draft", name="顺义示范区")
    own_submitted = zone_in("submitted", name="顺义二期示范区")
    yizhuang = zone_in("submitted", applicant=gov_beijing_other.organisation, name="亦庄示范区")
    wuhan = zone_in("recommended", applicant=gov_hubei.organisation, name="东湖示范区")

    assert listed(client_for(gov_beijing).get("/demonstration/")) == {
        own_draft.pk,
        own_submitted.pk,
    }
    assert listed(client_for(gov_beijing_other).get("/demonstration/")) == {yizhuang.pk}
    beijing = client_for(bureau_beijing).get("/demonstration/")
    assert listed(beijing) == {own_draft.pk, own_submitted.pk, yizhuang.pk}
    assert "东湖示范区" not in html(beijing)
    assert listed(client_for(bureau_hubei).get("/demonstration/")) == {wuhan.pk}
    assert listed(client_for(hq).get("/demonstration/")) == {
        own_draft.pk,
        own_submitted.pk,
        yizhuang.pk,
        wuhan.pk,
    }


@pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "inspector_user"])
def test_other_roles_have_no_worklist(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/demonstration/").status_code == 404
    assert client.get("/demonstration/new/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/demonstration/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_what_waits_for_the_viewer_comes_first_and_is_marked(
    client_for, zone_in, bureau_beijing, hq, gov_beijing
):
    waiting_bureau = zone_in("submitted", name="待推荐示范区")
    waiting_hq = zone_in("recommended", name="待评估示范区")
    zone_in("designated", name="已认定示范区")
    draft = zone_in("draft", name="草稿示范区")

    bureau_rows = client_for(bureau_beijing).get("/demonstration/")
    rows = [zone.pk for zone in bureau_rows.context["page"]["rows"]]
    assert rows[0] == waiting_bureau.pk
    assert html(bureau_rows).count('class="badge due"') == 1

    hq_rows = client_for(hq).get("/demonstration/").context["page"]["rows"]
    assert hq_rows[0].pk == waiting_hq.pk
    assert hq_rows[0].waiting and not any(z.waiting for z in hq_rows[1:])

    gov_rows = client_for(gov_beijing).get("/demonstration/").context["page"]["rows"]
    assert gov_rows[0].pk == draft.pk
    # Most recent first among the rest.
    assert [z.pk for z in gov_rows[1:]] == sorted((z.pk for z in gov_rows[1:]), reverse=True)


def test_the_worklist_filters_by_state_and_level(client_for, zone_in, hq):
    national = zone_in("submitted")
    provincial = zone_in("submitted", level="provincial")
    designated = zone_in("designated")
    client = client_for(hq)
    assert listed(client.get("/demonstration/", {"state": "submitted"})) == {
        national.pk,
        provincial.pk,
    }
    assert listed(client.get("/demonstration/", {"level": "provincial"})) == {provincial.pk}
    assert listed(client.get("/demonstration/", {"state": "designated", "level": "national"})) == {
        designated.pk
    }
    # A filter that does not validate is ignored (and shown as an error), not a 500.
    assert len(listed(client.get("/demonstration/", {"state": "nonsense"}))) == 3


def test_the_worklist_pages_without_counting(client_for, hq):
    client = client_for(hq)
    assert client.get("/demonstration/", {"page": "99999999999999999999"}).status_code == 404
    assert client.get("/demonstration/", {"page": "x"}).context["page"]["number"] == 1


# ---------------------------------------------------------------- the application


def test_a_government_applies_uploads_and_submits_through_the_pages(
    client_for, gov_beijing, bureau_beijing
):
    client = client_for(gov_beijing)
    form = client.get("/demonstration/new/")
    assert form.status_code == 200
    for label in ("形成企业集聚", "出口贸易规模较大", "质量安全水平较高", "组织保障机制健全"):
        assert label in html(form)

    response = client.post("/demonstration/new/", FORM)
    zone = DemonstrationZone.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/demonstration/{zone.pk}/edit/"
    assert (zone.state, zone.level, zone.applicant_id, zone.bureau_id) == (
        "draft",
        "national",
        gov_beijing.organisation_id,
        bureau_beijing.bureau_id,
    )
    assert zone.enterprise_count == 86 and str(zone.export_share) == "12.50"
    assert zone.in_quality_appraisal is True

    edit = client.post(
        f"/demonstration/{zone.pk}/edit/", {**FORM, "name": "顺义示范区（修订）", "level": ""}
    )
    assert edit.status_code == 302
    assert DemonstrationZone.objects.get(pk=zone.pk).name == "顺义示范区（修订）"

    upload = client.post(
        f"/demonstration/{zone.pk}/documents/",
        {
            "kind": "application",
            "back": "edit",
            "file": SimpleUploadedFile("自评报告.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )
    assert "材料已上传。" in shown(upload)
    assert upload.redirect_chain[-1][0] == f"/demonstration/{zone.pk}/edit/"
    assert "自评报告.pdf" in html(upload)

    page = client.get(f"/demonstration/{zone.pk}/do/submit/")
    assert page.status_code == 200
    assert "reason" not in page.context["form"].fields
    done = client.post(f"/demonstration/{zone.pk}/do/submit/", {"comment": ""}, follow=True)
    assert done.redirect_chain[-1][0] == f"/demonstration/{zone.pk}/"
    assert "已完成：提交申请。" in shown(done)
    zone.refresh_from_db()
    assert zone.state == "submitted" and zone.submitted_at is not None
    assert list(ZoneHistory.objects.filter(zone=zone).values_list("transition", "actor")) == [
        ("submit", gov_beijing.pk)
    ]
    # No longer editable: the edit page sends to the zone page.
    assert client.get(f"/demonstration/{zone.pk}/edit/")["Location"] == f"/demonstration/{zone.pk}/"


def test_a_form_with_errors_is_400_shows_them_and_creates_nothing(client_for, gov_beijing):
    client = client_for(gov_beijing)
    response = client.post(
        "/demonstration/new/",
        {**FORM, "name": "", "export_share": "130", "enterprise_count": "-1"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "export_share", "enterprise_count"}
    assert 'class="field-error"' in html(response)
    assert not DemonstrationZone.objects.exists()


def test_a_name_with_a_line_break_is_refused(client_for, gov_beijing):
    response = client_for(gov_beijing).post(
        "/demonstration/new/", {**FORM, "name": "示范区\r\nBcc: x@example.com"}
    )
    assert response.status_code == 400
    assert "不能包含换行符或其他控制字符，请写在一行内。" in html(response)
    assert not DemonstrationZone.objects.exists()


def test_only_local_governments_apply(client_for, bureau_beijing, hq):
    assert client_for(bureau_beijing).post("/demonstration/new/", FORM).status_code == 404
    assert client_for(hq).get("/demonstration/new/").status_code == 404
    assert not DemonstrationZone.objects.exists()


def test_an_application_returned_for_revision_is_edited_and_submitted_again(
    client_for, zone_in, gov_beijing, bureau_beijing
):
    zone = zone_in("submitted")
    bureau = client_for(bureau_beijing)
    refused = bureau.post(f"/demonstration/{zone.pk}/do/return/", {"reason": ""})
    assert refused.status_code == 400
    assert "该字段是必填项。" in html(refused)
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "submitted"
    assert not ZoneHistory.objects.exists()

    bureau.post(f"/demonstration/{zone.pk}/do/return/", {"reason": "请补充出口额佐证材料。"})
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "returned"

    client = client_for(gov_beijing)
    edit = client.get(f"/demonstration/{zone.pk}/edit/")
    assert edit.status_code == 200
    assert "请补充出口额佐证材料。" in html(edit)
    client.post(f"/demonstration/{zone.pk}/edit/", {**FORM, "export_value": "90000"})
    client.post(f"/demonstration/{zone.pk}/do/submit/")
    zone.refresh_from_db()
    assert zone.state == "submitted" and str(zone.export_value) == "90000.00"


# ---------------------------------------------------------------- the zone page and its actions


def test_the_zone_page_shows_the_self_assessment_and_the_viewers_actions(
    client_for, zone_in, gov_beijing, bureau_beijing, hq
):
    zone = zone_in("submitted")
    page = client_for(bureau_beijing).get(f"/demonstration/{zone.pk}/")
    assert page.status_code == 200
    text = html(page)
    for value in ("顺义出口汽车零部件示范区", "汽车零部件", "125000.50", "12.50", "35.00"):
        assert value in text
    assert ZONE_BODY["organisation"] in text
    assert actions_on(page, zone) == {"return", "recommend"}
    assert actions_on(client_for(hq).get(f"/demonstration/{zone.pk}/"), zone) == set()
    assert actions_on(client_for(gov_beijing).get(f"/demonstration/{zone.pk}/"), zone) == set()


def test_the_bureau_recommends_and_hq_organises_records_and_designates(
    client_for, zone_in, bureau_beijing, hq, django_capture_on_commit_callbacks
):
    zone = zone_in("submitted")
    bureau = client_for(bureau_beijing)
    done = bureau.post(
        f"/demonstration/{zone.pk}/do/recommend/", {"comment": "符合条件，推荐上报。"}, follow=True
    )
    assert "已完成：推荐上报。" in shown(done)
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "recommended"

    client = client_for(hq)
    page = client.get(f"/demonstration/{zone.pk}/")
    assert actions_on(page, zone) == {"organise_assessment", "refuse"}

    form = client.get(f"/demonstration/{zone.pk}/do/organise_assessment/")
    assert set(form.context["form"].fields) == {"team", "comment"}
    client.post(
        f"/demonstration/{zone.pk}/do/organise_assessment/", {"team": "王组长、赵专家、钱专家"}
    )
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "assessing"
    assert ZoneAssessment.objects.get(zone=zone).team == "王组长、赵专家、钱专家"

    form = client.get(f"/demonstration/{zone.pk}/do/record_assessment/")
    assert set(form.context["form"].fields) == {
        "score_cluster",
        "score_export",
        "score_quality",
        "score_organisation",
        "comment",
    }
    scores = {
        "score_cluster": "22",
        "score_export": "18",
        "score_quality": "20",
        "score_organisation": "15",
    }
    client.post(
        f"/demonstration/{zone.pk}/do/record_assessment/",
        {**scores, "comment": "四项条件均符合。"},
    )
    assessment = ZoneAssessment.objects.get(zone=zone)
    assert (assessment.total, assessment.pass_mark, assessment.passed) == (75, 60, True)
    page = html(client.get(f"/demonstration/{zone.pk}/"))
    assert "75" in page and "四项条件均符合。" in page

    form = client.get(f"/demonstration/{zone.pk}/do/designate/")
    assert set(form.context["form"].fields) == {"valid_years", "comment"}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/demonstration/{zone.pk}/do/designate/", {"valid_years": "3"})
    assert done["Location"] == f"/demonstration/{zone.pk}/"
    zone.refresh_from_db()
    assert zone.state == "designated"
    assert re.fullmatch(r"QSZ-N-\d{4}-001", zone.number)
    assert zone.certificate_pdf
    text = html(client.get(f"/demonstration/{zone.pk}/"))
    assert zone.number in text
    assert f'href="/demonstration/{zone.pk}/title/"' in text
    pdf = client.get(f"/demonstration/{zone.pk}/title/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    history = list(ZoneHistory.objects.filter(zone=zone).values_list("transition", flat=True))
    assert history == ["recommend", "organise_assessment", "record_assessment", "designate"]


def test_scores_out_of_range_are_400_with_field_errors_and_change_nothing(client_for, zone_in, hq):
    zone = zone_in("assessing")
    response = client_for(hq).post(
        f"/demonstration/{zone.pk}/do/record_assessment/",
        {"score_cluster": "30", "score_export": "20", "score_quality": "20"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"score_cluster", "score_organisation"}
    assert 'class="field-error"' in html(response)
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "assessing"
    assert ZoneAssessment.objects.get(zone=zone).total is None
    assert not ZoneHistory.objects.exists()


def test_a_failed_assessment_cannot_be_designated_409(client_for, zone_in, hq):
    zone = zone_in("assessed")
    ZoneAssessment.objects.filter(zone=zone).update(score_quality=0)
    client = client_for(hq)
    assert "designate" not in actions_on(client.get(f"/demonstration/{zone.pk}/"), zone)
    response = client.post(f"/demonstration/{zone.pk}/do/designate/", {"valid_years": "3"})
    assert response.status_code == 409
    assert "评估未达到合格分数线，不能认定。" in shown(response)
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "assessed"


def test_an_action_in_the_wrong_state_is_409_and_one_not_permitted_403(
    client_for, zone_in, bureau_beijing, gov_beijing
):
    zone = zone_in("draft")
    response = client_for(bureau_beijing).post(f"/demonstration/{zone.pk}/do/recommend/")
    assert response.status_code == 409
    assert shown(response)
    page = client_for(gov_beijing).get(f"/demonstration/{zone.pk}/do/recommend/")
    assert page.status_code == 403
    assert "您无权对该案件执行此操作。" in shown(page)
    assert page.context["form"] is None
    assert client_for(gov_beijing).post(f"/demonstration/{zone.pk}/do/recommend/").status_code == (
        403
    )
    assert client_for(gov_beijing).get(f"/demonstration/{zone.pk}/do/nonsense/").status_code == 404
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "draft"
    assert not ZoneHistory.objects.exists()


def test_hq_withdraws_a_title_with_a_reason(client_for, zone_in, hq):
    zone = zone_in("designated")
    client = client_for(hq)
    form = client.get(f"/demonstration/{zone.pk}/do/withdraw_title/")
    assert set(form.context["form"].fields) == {"reason", "comment"}
    client.post(f"/demonstration/{zone.pk}/do/withdraw_title/", {"reason": "发生系统性质量事故。"})
    zone.refresh_from_db()
    assert zone.state == "withdrawn" and zone.withdrawal_reason == "发生系统性质量事故。"
    page = html(client.get(f"/demonstration/{zone.pk}/"))
    assert "发生系统性质量事故。" in page


def test_the_history_says_who_when_from_and_to(client_for, zone_in, bureau_beijing):
    zone = zone_in("submitted")
    client = client_for(bureau_beijing)
    client.post(f"/demonstration/{zone.pk}/do/return/", {"reason": "补充材料"})
    page = html(client.get(f"/demonstration/{zone.pk}/"))
    history = page[page.index('class="timeline"') :]
    assert bureau_beijing.username in history
    assert "已申请" in history and "退回修改" in history and "补充材料" in history


def test_a_stranger_gets_404_everywhere(
    client_for, zone_in, gov_beijing, gov_beijing_other, bureau_hubei
):
    zone = zone_in("submitted")
    document = ZoneDocument.objects.create(
        zone=zone,
        kind="application",
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="自评报告.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=gov_beijing,
    )
    for stranger in (gov_beijing_other, bureau_hubei):
        client = client_for(stranger)
        for url in (
            f"/demonstration/{zone.pk}/",
            f"/demonstration/{zone.pk}/edit/",
            f"/demonstration/{zone.pk}/do/return/",
            f"/demonstration/{zone.pk}/do/submit/",
            f"/demonstration/{zone.pk}/documents/{document.pk}/",
            f"/demonstration/{zone.pk}/title/",
        ):
            assert client.get(url).status_code == 404, (stranger.username, url)
        assert client.post(f"/demonstration/{zone.pk}/do/return/", {"reason": "x"}).status_code == (
            404
        )
        upload = client.post(
            f"/demonstration/{zone.pk}/documents/",
            {"kind": "application", "file": SimpleUploadedFile("b.pdf", PDF)},
        )
        assert upload.status_code == 404
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "submitted"
    assert ZoneDocument.objects.count() == 1
    assert not ZoneDocumentAccess.objects.exists()


def test_materials_are_downloaded_as_attachments_and_every_read_is_logged(
    client_for, zone_in, gov_beijing, bureau_beijing
):
    zone = zone_in("draft")
    client_for(gov_beijing).post(
        f"/demonstration/{zone.pk}/documents/",
        {"kind": "application", "file": SimpleUploadedFile("自评报告.pdf", PDF)},
    )
    document = ZoneDocument.objects.get()
    response = client_for(bureau_beijing).get(
        f"/demonstration/{zone.pk}/documents/{document.pk}/", REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    access = ZoneDocumentAccess.objects.get()
    assert (access.user_id, access.ip_address) == (bureau_beijing.pk, "192.0.2.7")


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(client_for, zone_in, gov_beijing):
    zone = zone_in("draft")
    response = client_for(gov_beijing).post(
        f"/demonstration/{zone.pk}/documents/",
        {"kind": "application", "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
        follow=True,
    )
    assert "只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。" in shown(response)
    assert not ZoneDocument.objects.exists()


def test_the_upload_form_offers_only_the_kinds_the_viewer_may_add(
    client_for, zone_in, gov_beijing, bureau_beijing, hq
):
    zone = zone_in("assessing")
    kinds = client_for(hq).get(f"/demonstration/{zone.pk}/").context["upload_form"]
    assert [k for k, _label in kinds.fields["kind"].choices] == ["assessment"]
    bureau = client_for(bureau_beijing).get(f"/demonstration/{zone.pk}/").context["upload_form"]
    assert [k for k, _label in bureau.fields["kind"].choices] == ["other"]
    assert client_for(gov_beijing).get(f"/demonstration/{zone.pk}/").context["upload_form"] is None


# ---------------------------------------------------------------- provincial standards


def test_a_bureau_publishes_its_standard_and_a_provincial_zone_is_assessed_against_it(
    client_for, bureau_beijing, bureau_hubei, gov_beijing, zone_in, hq
):
    client = client_for(bureau_beijing)
    assert client.get("/demonstration/standards/").status_code == 200
    bad = client.post("/demonstration/standards/", {"title": "", "text": "x", "pass_mark": "120"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"title", "pass_mark"}
    assert not AssessmentStandard.objects.exists()

    for mark in ("70", "75"):
        response = client.post(
            "/demonstration/standards/",
            {"title": "北京局省级示范区评估标准", "text": "四项条件各 25 分。", "pass_mark": mark},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/demonstration/standards/"
    versions = list(
        AssessmentStandard.objects.filter(bureau=bureau_beijing.bureau).values_list(
            "version", "pass_mark", "published_by"
        )
    )
    assert sorted(versions) == [(1, 70, bureau_beijing.pk), (2, 75, bureau_beijing.pk)]
    # Another bureau starts at version 1 and sees only its own.
    client_for(bureau_hubei).post(
        "/demonstration/standards/", {"title": "湖北标准", "text": "……", "pass_mark": "60"}
    )
    assert AssessmentStandard.objects.get(bureau=bureau_hubei.bureau).version == 1
    assert "湖北标准" not in html(client_for(bureau_beijing).get("/demonstration/standards/"))
    # HQ reads every bureau's, publishes none; a local government has no such page.
    assert "湖北标准" in html(client_for(hq).get("/demonstration/standards/"))
    assert client_for(hq).post(
        "/demonstration/standards/", {"title": "t", "text": "t", "pass_mark": "60"}
    ).status_code in (403, 404)
    assert client_for(gov_beijing).get("/demonstration/standards/").status_code == 404

    # A provincial application is submitted under the newest version, and the bureau decides.
    gov = client_for(gov_beijing)
    gov.post("/demonstration/new/", {**FORM, "level": "provincial"})
    zone = DemonstrationZone.objects.get()
    gov.post(f"/demonstration/{zone.pk}/do/submit/")
    zone.refresh_from_db()
    assert zone.state == "submitted" and zone.standard.version == 2
    page = client_for(bureau_beijing).get(f"/demonstration/{zone.pk}/")
    assert actions_on(page, zone) == {"return", "organise_assessment"}


# ---------------------------------------------------------------- start pages and navigation


def test_the_government_start_page_shows_its_zones_and_what_to_do_next(
    client_for, zone_in, gov_beijing
):
    draft = zone_in("draft", name="顺义草稿示范区")
    zone_in("returned", name="顺义退回示范区")
    zone_in("submitted", name="顺义已申请示范区")
    page = client_for(gov_beijing).get("/")
    text = html(page)
    assert page.status_code == 200
    for name in ("顺义草稿示范区", "顺义退回示范区", "顺义已申请示范区"):
        assert name in text
    assert f'href="/demonstration/{draft.pk}/edit/"' in text
    assert 'href="/demonstration/new/"' in text


@pytest.mark.parametrize("persona", ["gov_beijing", "bureau_beijing", "hq"])
def test_the_navigation_links_the_programme(client_for, request, persona):
    text = html(client_for(request.getfixturevalue(persona)).get("/"))
    assert 'href="/demonstration/"' in text


def test_the_public_navigation_links_the_list(client):
    text = html(client.get("/"))
    assert 'href="/public/demonstration-zones/"' in text


# ---------------------------------------------------------------- public pages


def test_the_public_list_shows_designated_zones_and_never_the_self_assessment(client, zone_in):
    designated = zone_in("designated", name="顺义示范区", cluster="保密的集聚情况说明")
    withdrawn = zone_in("withdrawn", name="已撤销示范区")
    zone_in("assessed", name="评估中的示范区")
    zone_in("draft", name="草稿中的示范区")
    response = client.get("/public/demonstration-zones/")
    assert listed(response) == {designated.pk, withdrawn.pk}
    text = html(response)
    assert designated.number in text and "已撤销示范区" in text
    assert "区内企业恶意违法" in text  # the withdrawal is announced
    for secret in ("保密的集聚情况说明", "125000", ZONE_BODY["quality"], "草稿中的示范区"):
        assert secret not in text
    assert "评估中的示范区" not in text
    assert f'href="/public/demonstration-zones/verify/{designated.number}/"' in text
    assert "no-store" not in response.get("Cache-Control", "")


def test_public_verification_shows_the_title_and_nothing_confidential(client, zone_in):
    zone = zone_in("designated", name="顺义示范区", quality="仅评估组可见的质量说明")
    page = client.get(f"/public/demonstration-zones/verify/{zone.number}/")
    assert page.status_code == 200
    text = html(page)
    assert "顺义示范区" in text and zone.number in text and "有效" in text
    assert "仅评估组可见的质量说明" not in text and "125000" not in text

    withdrawn = zone_in("withdrawn")
    text = html(client.get(f"/public/demonstration-zones/verify/{withdrawn.number}/"))
    assert "称号已撤销" in text and "区内企业恶意违法" in text

    assessed = zone_in("assessed")
    DemonstrationZone.objects.filter(pk=assessed.pk).update(number="QSZ-N-2026-999")
    missing = client.get("/public/demonstration-zones/verify/QSZ-N-2026-999/")
    assert missing.status_code == 200
    assert "未找到" in html(missing)
    assert missing.context["zone"] is None

    form = client.get("/public/demonstration-zones/verify/", {"number": f" {zone.number.lower()} "})
    assert form["Location"] == f"/public/demonstration-zones/verify/{zone.number}/"


def test_public_verification_is_rate_limited(client, settings, one_rate_window):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "verification": "2/minute"}
    for _ in range(2):
        assert client.get("/public/demonstration-zones/verify/QSZ-X/").status_code == 200
    assert client.get("/public/demonstration-zones/verify/QSZ-X/").status_code == 429


# ---------------------------------------------------------------- English


def _switch(client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)


def _untranslated(response, *data: str) -> list[str]:
    """Chinese left on an English page once the data shown on it (names typed by users, the
    bureaus' names, the language switcher's 简体中文) is taken out."""
    text = html(response)
    if response.request["PATH_INFO"] == "/":
        # The start page: only its demonstration-zone card is this programme's.
        start = text.index('<section class="card">', text.index("<main"))
        text = text[start : text.index("</section>", start)]
        assert "/demonstration/new/" in text
    for value in sorted({*data, "简体中文"}, key=len, reverse=True):
        text = text.replace(value, "")
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


ENGLISH = {
    "industry": "Electronics",
    "cluster": "120 exporters",
    "quality": "No recalls",
    "organisation": "A zone office",
}


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_pages_show_no_untranslated_chinese(
    client_for, client, zone_in, gov_beijing, bureau_beijing, hq
):
    gov_beijing.organisation.name = "Yizhuang Development Zone"
    gov_beijing.organisation.save()
    bureau = bureau_beijing.bureau
    data = (bureau.name, bureau.full_name, "张三（组长）、李四")  # the team: make_zone's
    draft = zone_in("draft", name="Zone Draft", **ENGLISH)
    assessing = zone_in("assessing", name="Zone Assessing", **ENGLISH)
    designated = zone_in("designated", name="Zone Designated", **ENGLISH)

    pages = {
        gov_beijing: [
            "/",
            "/demonstration/",
            "/demonstration/new/",
            f"/demonstration/{draft.pk}/edit/",
            f"/demonstration/{draft.pk}/do/submit/",
        ],
        bureau_beijing: ["/demonstration/standards/", f"/demonstration/{draft.pk}/"],
        hq: [
            "/demonstration/",
            f"/demonstration/{assessing.pk}/",
            f"/demonstration/{assessing.pk}/do/record_assessment/",
            f"/demonstration/{designated.pk}/",
            f"/demonstration/{designated.pk}/do/withdraw_title/",
        ],
    }
    for user, urls in pages.items():
        signed_in = client_for(user)
        _switch(signed_in, "en")
        for url in urls:
            response = signed_in.get(url)
            assert response.status_code == 200, url
            assert '<html lang="en">' in html(response)
            names = (user.username, user.get_full_name(), hq.get_full_name())
            assert _untranslated(response, *data, *names) == [], url
    client.logout()
    _switch(client, "en")
    for url in (
        "/public/demonstration-zones/",
        f"/public/demonstration-zones/verify/{designated.number}/",
        "/public/demonstration-zones/verify/NO-SUCH/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _untranslated(response, *data) == [], url
