"""示范区通知书 (issue 13 point 9): what a zone's transitions, and those of its enterprises, decided
is sent to the zone's local government as a notice: written with the history row, its PDF
rendered once and e-mailed once to the government's active staff, read in their inbox (pages
and API). Nobody else reads it: not another government, not the bureau or HQ that decided (as
eco-origin's notices are the enterprise's alone), not an enterprise, not a visitor.

Which transition sends which notice is written out here (not imported from the code), so a
wrong mapping fails a test."""

import shutil
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.exceptions import TransitionForbidden
from demonstration import services
from demonstration.models import EnterpriseHistory, ZoneHistory, ZoneNotice
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import PASSING

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/demonstration-zones/"
NOTICES = "/api/v1/zone-notices/"
PAGES = "/demonstration/notices/"

# transition → (level, the zone's state, who fires it, body, the notice's kind or None).
ZONE_NOTICES = {
    "submit": ("national", "draft", "applicant", {}, None),
    "return": ("national", "submitted", "bureau", {"reason": "缺少出口额证明材料"}, "return"),
    "recommend": ("national", "submitted", "bureau", {}, "recommendation"),
    "organise_assessment": ("national", "recommended", "hq", {"team": "王五"}, None),
    "record_assessment": ("national", "assessing", "hq", PASSING, None),
    "designate": ("national", "assessed", "hq", {}, "designation"),
    "refuse": ("national", "assessed", "hq", {"reason": "组织保障机制不健全"}, "refusal"),
    "withdraw_title": (
        "national",
        "designated",
        "hq",
        {"reason": "区内企业恶意违法"},
        "withdrawal",
    ),
}
ENTERPRISE_NOTICES = {
    "admit": ("proposed", "bureau", {}, "admission"),
    "decline": ("proposed", "bureau", {"reason": "未在本区登记注册"}, "decline"),
    "nominate": ("admitted", "applicant", {}, None),
    "assess": ("nominated", "hq", {"passed": True}, None),
    "grant": ("assessed", "hq", {}, "title_grant"),
    "refuse_title": ("nominated", "hq", {"reason": "示范引领作用不突出"}, "title_refusal"),
    "withdraw_title": ("granted", "hq", {"reason": "出口产品恶意违法"}, "title_withdrawal"),
    "exit": ("granted", "bureau", {"reason": "企业迁出示范区"}, "exit"),
}


def fire_zone(api_for, user, zone, name: str, body: dict):
    response = api_for(user).post(f"{ZONES}{zone.pk}/transitions/{name}/", body, format="json")
    assert response.status_code == 200, response.content
    return response


def fire_enterprise(api_for, user, enterprise, name: str, body: dict):
    path = f"{ZONES}{enterprise.zone_id}/enterprises/{enterprise.pk}/transitions/{name}/"
    response = api_for(user).post(path, body, format="json")
    assert response.status_code == 200, response.content
    return response


# ---------------------------------------------------------------- which transition, which notice


@pytest.mark.parametrize("name", ZONE_NOTICES)
def test_each_zone_transition_writes_its_notice_to_the_applicant(api_for, people, make_zone, name):
    level, state, role, body, kind = ZONE_NOTICES[name]
    zone = make_zone(state, level=level)
    fire_zone(api_for, people[role], zone, name, body)
    entry = ZoneHistory.objects.get(zone=zone, transition=name)
    notices = list(ZoneNotice.objects.all())
    if kind is None:
        assert notices == []
        return
    [notice] = notices
    assert (notice.kind, notice.organisation, notice.zone, notice.enterprise) == (
        kind,
        people["applicant"].organisation,
        zone,
        None,
    )
    assert (notice.zone_history, notice.enterprise_history) == (entry, None)
    assert notice.title == f"{notice.get_kind_display()}（{zone.name}）"
    assert zone.name in notice.body
    if body.get("reason"):
        assert body["reason"] in notice.body
    assert (notice.read_at, notice.emailed_at) == (None, None)


def test_the_designation_notice_names_the_title_number_and_term(api_for, hq, make_zone):
    zone = make_zone("assessed")
    designated = fire_zone(api_for, hq, zone, "designate", {"valid_years": 5}).json()
    notice = ZoneNotice.objects.get(kind="designation")
    assert designated["title"]["number"] in notice.body
    assert designated["title"]["valid_until"] in notice.body
    assert "国家级" in notice.body


def test_a_provincial_designation_by_the_bureau_notifies_too(api_for, bureau_beijing, make_zone):
    zone = make_zone("assessed", level="provincial")
    fire_zone(api_for, bureau_beijing, zone, "designate", {})
    notice = ZoneNotice.objects.get(zone=zone)
    assert notice.kind == "designation" and "省级" in notice.body


@pytest.mark.parametrize("name", ENTERPRISE_NOTICES)
def test_each_enterprise_transition_writes_its_notice_to_the_zones_government(
    api_for, people, make_zone, make_enterprise, name
):
    state, role, body, kind = ENTERPRISE_NOTICES[name]
    zone = make_zone("designated")
    enterprise = make_enterprise(zone, state)
    fire_enterprise(api_for, people[role], enterprise, name, body)
    entry = EnterpriseHistory.objects.get(enterprise=enterprise, transition=name)
    notices = list(ZoneNotice.objects.all())
    if kind is None:
        assert notices == []
        return
    [notice] = notices
    assert (notice.kind, notice.organisation, notice.zone, notice.enterprise) == (
        kind,
        people["applicant"].organisation,
        zone,
        enterprise,
    )
    assert (notice.zone_history, notice.enterprise_history) == (None, entry)
    assert notice.title == f"{notice.get_kind_display()}（{enterprise.name}）"
    assert enterprise.name in notice.body
    if body.get("reason"):
        assert body["reason"] in notice.body
    if kind == "title_grant":
        enterprise.refresh_from_db()
        assert enterprise.number in notice.body


def test_withdrawing_a_zones_title_notifies_it_and_each_enterprise_whose_title_ends(
    api_for, hq, gov_beijing, make_zone, make_enterprise
):
    zone = make_zone("designated")
    granted = [make_enterprise(zone, "granted") for _ in range(2)]
    make_enterprise(zone, "admitted")
    fire_zone(api_for, hq, zone, "withdraw_title", {"reason": "区内企业恶意违法"})
    notices = ZoneNotice.objects.order_by("pk")
    assert [(n.kind, n.enterprise) for n in notices] == [
        ("title_withdrawal", granted[0]),
        ("title_withdrawal", granted[1]),
        ("withdrawal", None),
    ]
    assert {n.organisation for n in notices} == {gov_beijing.organisation}
    assert all("区内企业恶意违法" in n.body for n in notices)


def test_notices_are_written_in_chinese_whatever_language_the_decider_reads(
    client_for, bureau_beijing, make_zone
):
    from .test_pages import _switch

    zone = make_zone("submitted")
    client = client_for(bureau_beijing)
    _switch(client, "en")
    response = client.post(f"/demonstration/{zone.pk}/do/return/", {"reason": "补充材料"})
    assert response.status_code == 302
    notice = ZoneNotice.objects.get()
    assert notice.title.startswith("示范区申请补正通知书")
    assert notice.body.startswith("贵单位申请的")


def test_a_refused_transition_writes_no_notice(api_for, gov_beijing, make_zone):
    zone = make_zone("submitted")
    response = api_for(gov_beijing).post(
        f"{ZONES}{zone.pk}/transitions/return/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert not ZoneNotice.objects.exists()


# ---------------------------------------------------------------- delivery: PDF and e-mail, once


@pytest.fixture
def addressed(gov_beijing):
    """The applicant's staff with addresses: two active (mailed), one inactive and one without an
    address (not mailed); another government's staff (never mailed)."""
    gov_beijing.email = "shunyi@example.gov.cn"
    gov_beijing.save(update_fields=["email"])
    organisation = gov_beijing.organisation
    factories.organisation_staff(organisation, username="gov-shunyi-2", email="b@example.gov.cn")
    factories.organisation_staff(
        organisation, username="gov-shunyi-gone", email="gone@example.gov.cn", is_active=False
    )
    factories.organisation_staff(organisation, username="gov-shunyi-none", email="")
    other = factories.OrganisationFactory(kind=organisation.kind, bureau=organisation.bureau)
    factories.organisation_staff(other, username="gov-other", email="other@example.gov.cn")
    return ["shunyi@example.gov.cn", "b@example.gov.cn"]


def test_the_notice_is_rendered_and_mailed_once_to_the_governments_active_staff(
    api_for, hq, make_zone, addressed, django_capture_on_commit_callbacks
):
    zone = make_zone("assessed")
    with django_capture_on_commit_callbacks(execute=True):
        fire_zone(api_for, hq, zone, "designate", {})
    notice = ZoneNotice.objects.get()
    assert notice.pdf.name.startswith("notices/") and notice.emailed_at is not None
    assert notice.pdf.name.endswith(f"zone-notice-{notice.pk}.pdf")
    [message] = mail.outbox
    assert sorted(message.to) == sorted(addressed)
    assert message.subject == notice.title and message.body == notice.body
    [(name, content, content_type)] = message.attachments
    assert (name, content_type) == (f"zone-notice-{notice.pk}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")

    # A second delivery (a redelivered task) renders and sends nothing again.
    pdf, emailed = notice.pdf.name, notice.emailed_at
    services.zone_notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert (notice.pdf.name, notice.emailed_at, len(mail.outbox)) == (pdf, emailed, 1)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(("level", "assessor"), [("national", "hq"), ("provincial", "bureau")])
def test_the_pdf_names_the_government_the_zone_and_whoever_decided(
    api_for, people, make_zone, level, assessor, django_capture_on_commit_callbacks
):
    zone = make_zone("assessed", level=level)
    with django_capture_on_commit_callbacks(execute=True):
        fire_zone(api_for, people[assessor], zone, "designate", {})
    notice = ZoneNotice.objects.get()
    text = subprocess.run(
        ["pdftotext", notice.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    zone.refresh_from_db()
    for expected in (
        "示范区认定通知书",
        people["applicant"].organisation.name,
        zone.number,
        zone.bureau.full_name,
    ):
        assert expected in text
    # Issued by HQ for a national zone, by the bureau (named above) for a provincial one.
    assert ("国家质量监督检验检疫总局" in text) == (level == "national")


def test_a_government_without_addresses_gets_the_pdf_but_no_mail(
    api_for, bureau_beijing, make_zone, django_capture_on_commit_callbacks
):
    zone = make_zone("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        fire_zone(api_for, bureau_beijing, zone, "return", {"reason": "补充材料"})
    notice = ZoneNotice.objects.get()
    assert notice.pdf and notice.emailed_at is None
    assert mail.outbox == []


def test_a_notice_whose_delivery_has_not_run_is_delivered_from_its_pdf_links(
    api_for, client_for, gov_beijing, bureau_beijing, make_zone
):
    zone = make_zone("submitted")
    fire_zone(api_for, bureau_beijing, zone, "return", {"reason": "补充材料"})  # not committed
    notice = ZoneNotice.objects.get()
    assert not notice.pdf
    client = client_for(gov_beijing)
    assert not api_for(gov_beijing).get(f"{NOTICES}{notice.pk}/").json()["pdf_ready"]
    response = client.get(f"{PAGES}{notice.pk}/pdf/")
    assert response.status_code == 302 and response["Location"] == f"{PAGES}{notice.pk}/"
    notice.refresh_from_db()
    assert notice.pdf  # the task ran (eagerly here)
    ZoneNotice.objects.filter(pk=notice.pk).update(pdf="")
    response = api_for(gov_beijing).get(f"{NOTICES}{notice.pk}/pdf/")
    assert response.status_code == 202 and response["Retry-After"] == "5"
    notice.refresh_from_db()
    assert notice.pdf
    response = client.get(f"{PAGES}{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# ---------------------------------------------------------------- who reads it


@pytest.fixture
def notice(api_for, bureau_beijing, make_zone, django_capture_on_commit_callbacks):
    """A delivered notice (返回补正) to 北京市顺义区人民政府."""
    zone = make_zone("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        fire_zone(api_for, bureau_beijing, zone, "return", {"reason": "补充材料"})
    return ZoneNotice.objects.get()


@pytest.fixture
def readers(people, gov_beijing):
    """Everyone, plus a colleague of the applicant's staff (who reads the government's notices)."""
    colleague = factories.organisation_staff(gov_beijing.organisation, username="gov-shunyi-2")
    return {**people, "colleague": colleague}


RECIPIENTS = {"applicant", "colleague"}
ROLES = [
    "applicant", "colleague", "other_government", "bureau", "other_bureau", "hq", "enterprise",
    "agency", "inspector", "hq_department", "anonymous",
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_the_governments_staff_reach_the_pages(client, client_for, readers, notice, role):
    user = readers[role]
    http = client_for(user) if user is not None else client
    pages = [PAGES, f"{PAGES}{notice.pk}/", f"{PAGES}{notice.pk}/pdf/"]
    responses = [http.get(page) for page in pages]
    codes = [response.status_code for response in responses]
    if role == "anonymous":
        assert codes == [302, 302, 302]
    elif role in RECIPIENTS:
        assert codes == [200, 200, 200]
        assert responses[0].context["page"]["rows"] == [notice]
    elif role == "other_government":
        # Its own inbox, without the notice.
        assert codes == [200, 404, 404]
        assert responses[0].context["page"]["rows"] == []
    else:
        assert codes == [404, 404, 404]
    notice.refresh_from_db()
    assert (notice.read_at is not None) == (role in RECIPIENTS)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_governments_staff_reach_the_api(api_for, readers, notice, role):
    api = api_for(readers[role])
    listed = api.get(NOTICES)
    one = api.get(f"{NOTICES}{notice.pk}/")
    pdf = api.get(f"{NOTICES}{notice.pk}/pdf/")
    read = api.post(f"{NOTICES}{notice.pk}/read/")
    if role == "anonymous":
        assert [r.status_code for r in (listed, one, pdf, read)] == [403, 403, 403, 403]
    elif role in RECIPIENTS:
        assert [row["id"] for row in listed.json()["results"]] == [notice.pk]
        assert [r.status_code for r in (one, pdf, read)] == [200, 200, 200]
        assert read.json()["read_at"] is not None
    else:
        assert listed.status_code == 200 and listed.json()["results"] == []
        assert [r.status_code for r in (one, pdf, read)] == [404, 404, 404]
    notice.refresh_from_db()
    assert (notice.read_at is not None) == (role in RECIPIENTS)


def test_the_api_answers_what_the_notice_says(api_for, gov_beijing, notice):
    body = api_for(gov_beijing).get(f"{NOTICES}{notice.pk}/").json()
    assert body == {
        "id": notice.pk,
        "kind": "return",
        "kind_display": "示范区申请补正通知书",
        "title": notice.title,
        "body": notice.body,
        "title_en": notice.title_en,
        "body_en": notice.body_en,
        "zone": notice.zone_id,
        "zone_name": notice.zone.name,
        "enterprise": None,
        "enterprise_name": None,
        "created_at": body["created_at"],
        "read_at": None,  # reading it through the API does not mark it read; `read` does
        "pdf_ready": True,
    }


def test_the_api_filters_by_kind_zone_and_unread(api_for, gov_beijing, hq, notice, make_zone):
    designated = make_zone("assessed")
    fire_zone(api_for, hq, designated, "designate", {})
    api = api_for(gov_beijing)
    api.post(f"{NOTICES}{notice.pk}/read/")

    def listed(query: str) -> list[str]:
        response = api.get(f"{NOTICES}?{query}")
        assert response.status_code == 200, response.content
        return [row["kind"] for row in response.json()["results"]]

    assert listed("") == ["designation", "return"]  # newest first
    assert listed("kind=return") == ["return"]
    assert listed(f"zone={designated.pk}") == ["designation"]
    assert listed("unread=true") == ["designation"]
    assert listed("unread=false") == ["return"]
    assert api.get(f"{NOTICES}?unread=maybe").status_code == 400
    assert api.get(f"{NOTICES}?kind=nonsense").status_code == 400


# ---------------------------------------------------------------- reading


def test_reading_keeps_the_first_time_and_only_a_recipient_marks(
    gov_beijing, readers, notice, client_for
):
    for role in ("bureau", "hq", "other_government", "enterprise"):
        with pytest.raises(TransitionForbidden):
            services.zone_notice_mark_read(notice=notice, actor=readers[role])
    notice.refresh_from_db()
    assert notice.read_at is None
    services.zone_notice_mark_read(notice=notice, actor=readers["colleague"])
    notice.refresh_from_db()
    first = notice.read_at
    assert first is not None
    assert client_for(gov_beijing).get(f"{PAGES}{notice.pk}/").status_code == 200
    notice.refresh_from_db()
    assert notice.read_at == first


def test_the_unread_count_is_in_the_navigation_and_on_the_home_page(
    client_for, gov_beijing, bureau_beijing, notice, api_for, make_zone
):
    zone = make_zone("submitted")
    fire_zone(api_for, bureau_beijing, zone, "recommend", {})
    client = client_for(gov_beijing)
    home = client.get("/")
    assert home.context["unread_zone_notices"] == 2
    assert f'href="{PAGES}"' in home.content.decode()
    inbox = client.get(PAGES)
    rows = inbox.context["page"]["rows"]
    assert [n.kind for n in rows] == ["recommendation", "return"]
    client.get(f"{PAGES}{rows[0].pk}/")
    inbox = client.get(PAGES)
    # Unread first, then the newest.
    assert [n.kind for n in inbox.context["page"]["rows"]] == ["return", "recommendation"]
    assert inbox.context["unread_zone_notices"] == 1
    # A bureau receives no zone notices: none counted, none shown.
    bureau_home = client_for(bureau_beijing).get("/")
    assert bureau_home.context.get("unread_zone_notices", 0) == 0
    assert f'href="{PAGES}"' not in bureau_home.content.decode()


def test_the_inbox_does_not_grow_in_queries_with_the_number_of_notices(
    api_for, client_for, gov_beijing, bureau_beijing, make_zone, make_enterprise,
    django_assert_max_num_queries,
):  # fmt: skip
    zone = make_zone("submitted")
    fire_zone(api_for, bureau_beijing, zone, "return", {"reason": "补充材料"})
    client, api = client_for(gov_beijing), api_for(gov_beijing)
    # Counted at once: the next request clears the connection's query log.
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get(PAGES).context["page"]["rows"]) == 1
    page_queries = len(captured)
    with CaptureQueriesContext(connection) as captured:
        assert len(api.get(NOTICES).json()["results"]) == 1
    api_queries = len(captured)
    designated = make_zone("designated")
    for _ in range(12):
        fire_enterprise(
            api_for, bureau_beijing, make_enterprise(designated, "proposed"), "admit", {}
        )
    with django_assert_max_num_queries(page_queries):
        assert len(client.get(PAGES).context["page"]["rows"]) == 13
    api = api_for(gov_beijing)  # one client: the bureau's calls above signed it in as theirs
    with django_assert_max_num_queries(api_queries):
        assert len(api.get(NOTICES).json()["results"]) == 13


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_notice_pages_show_no_untranslated_chinese(
    client_for, gov_beijing, bureau_beijing, notice
):
    from .test_pages import _switch, _untranslated

    client = client_for(gov_beijing)
    _switch(client, "en")
    # The notice is shown in its English rendering; what people wrote (the reason, names) is data.
    bureau = bureau_beijing.bureau
    data = (
        notice.zone_history.reason,
        notice.zone.name,
        gov_beijing.organisation.name,
        bureau.name,
        bureau.full_name,
        gov_beijing.username,
    )
    for page in (PAGES, f"{PAGES}{notice.pk}/", "/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert _untranslated(response, *data) == [], page
