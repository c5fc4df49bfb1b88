"""Public pages of the inspection pilot zones (no login): 国检试验区名录, a zone's page, the
commendations and the library of replicable practice with its search and adoptions. Only what is
public: approved zones, measures in force or ended, issued commendations and practice in the
library; never an application, a measure not yet run, 督查评估 or a practice outside it."""

import pytest

from pilotzones import services
from pilotzones.models import PilotZone
from pilotzones.workflow import State
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .records import html, marked_measure_fixture, switch, untranslated  # noqa: F401

pytestmark = pytest.mark.django_db

FINDINGS = "督查评估意见：不对外公开的内部评估。"


def rows(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {row.pk for row in response.context["page"]["rows"]}


@pytest.fixture
def world(make_zone, make_measure, make_practice, hq, bureau_jiangxi, bureau_guangxi):
    """An operating zone with a measure of every state, an assessment, a commendation and a
    practice of every state (one adopted by 广西局); and zones not yet approved."""
    zone = make_zone(State.OPERATING)
    measures = {
        state: make_measure(state, zone=zone, title=f"措施-{state}")
        for state in ("registered", "pending_approval", "approved", "refused", "running", "ended")
    }
    services.measure_assess(
        measure=measures["running"], actor=hq, effect="marked", findings=FINDINGS
    )
    commendation = services.commendation_issue(
        zone=zone,
        actor=hq,
        document_number="国质检通〔2026〕9号",
        citation="跨境电商监管创新成效显著。",
        measures=[measures["running"].pk],
    )
    practices = {
        state: make_practice(state, zone=zone, title=f"经验-{state}", summary=f"摘要-{state}")
        for state in ("draft", "submitted", "returned", "accepted", "withdrawn")
    }
    services.practice_adopt(
        practice=practices["accepted"],
        actor=bureau_guangxi,
        place="凭祥综合保税区",
        note="复制一区多功能监管。",
    )
    hidden = [make_zone(s) for s in (State.DRAFT, State.SUBMITTED, State.ACCEPTANCE)]
    PilotZone.objects.filter(pk__in=[z.pk for z in hidden]).update(name="未批准的国检试验区")
    return {
        "zone": zone,
        "measures": measures,
        "commendation": commendation,
        "practices": practices,
        "hidden": hidden,
    }


def test_the_register_lists_approved_zones_with_their_commendations(client, world, make_zone):
    approved = make_zone(State.APPROVED)
    response = client.get("/public/pilot-zones/")
    assert rows(response) == {world["zone"].pk, approved.pk}
    text = html(response)
    assert world["zone"].number in text and approved.number in text
    assert "国质检通〔2026〕9号" in text
    assert "南昌国检试验区运营有限公司" in text
    assert "未批准的国检试验区" not in text
    assert "private" not in response.get("Cache-Control", "")
    assert rows(client.get("/public/pilot-zones/?q=南昌")) == {world["zone"].pk, approved.pk}
    assert rows(client.get("/public/pilot-zones/?q=nothing-like-it")) == set()
    assert client.get("/public/pilot-zones/?page=abc").status_code == 200
    assert client.get("/public/pilot-zones/?page=99").status_code == 404


def test_a_zones_page_shows_only_what_is_public(client, world):
    response = client.get(f"/public/pilot-zones/{world['zone'].pk}/")
    assert response.status_code == 200
    text = html(response)
    measures = world["measures"]
    assert {m.pk for m in response.context["measures"]} == {
        measures["running"].pk,
        measures["ended"].pk,
    }
    for state in ("registered", "pending_approval", "approved", "refused"):
        assert f"措施-{state}" not in text, state
    assert "措施-running" in text and "措施-ended" in text
    assert FINDINGS not in text
    assert "《进出口食品安全管理办法》第十条" not in text  # the rules affected stay inside
    assert "国质检通〔2026〕9号" in text
    assert {p.pk for p in response.context["practices"]} == {world["practices"]["accepted"].pk}
    for state in ("draft", "submitted", "returned", "withdrawn"):
        assert f"经验-{state}" not in text, state


def test_zones_not_approved_have_no_public_page(client, world):
    for zone in world["hidden"]:
        assert client.get(f"/public/pilot-zones/{zone.pk}/").status_code == 404
    assert client.get("/public/pilot-zones/999999/").status_code == 404


def test_the_commendations_are_listed_with_the_measures_they_cite(client, world):
    response = client.get("/public/pilot-zones/commendations/")
    assert rows(response) == {world["commendation"].pk}
    text = html(response)
    assert "跨境电商监管创新成效显著。" in text and "措施-running" in text
    assert FINDINGS not in text


def test_the_library_holds_only_accepted_practice_with_its_adoptions(client, world):
    accepted = world["practices"]["accepted"]
    response = client.get("/public/pilot-zones/practices/")
    assert rows(response) == {accepted.pk}
    assert response.context["page"]["rows"][0].adoption_count == 1
    text = html(response)
    assert accepted.number in text and world["zone"].name in text
    for state in ("draft", "submitted", "returned", "withdrawn"):
        assert f"经验-{state}" not in text, state
    response = client.get(f"/public/pilot-zones/practices/{accepted.pk}/")
    assert response.status_code == 200
    text = html(response)
    assert "凭祥综合保税区" in text and "复制一区多功能监管。" in text
    assert FINDINGS not in text
    for state in ("draft", "submitted", "returned", "withdrawn"):
        practice = world["practices"][state]
        assert client.get(f"/public/pilot-zones/practices/{practice.pk}/").status_code == 404


def test_the_library_is_searched_by_words_kind_and_bureau(
    client, world, make_zone, make_practice, bureau_jiangxi
):
    accepted = world["practices"]["accepted"]
    other = make_practice(
        "accepted",
        zone=world["zone"],
        title="进境水果指定口岸",
        innovation="system",
        summary="优先设立进境指定口岸。",
        content="口岸查验与实验室检测一体。",
    )
    search = "/public/pilot-zones/practices/"
    assert rows(client.get(search)) == {accepted.pk, other.pk}
    assert rows(client.get(f"{search}?q=水果")) == {other.pk}
    assert rows(client.get(f"{search}?q=实验室")) == {other.pk}  # in the content
    assert rows(client.get(f"{search}?q=摘要-accepted")) == {accepted.pk}  # in the summary
    assert rows(client.get(f"{search}?q=南昌")) == {accepted.pk, other.pk}  # the zone's name
    assert rows(client.get(f"{search}?q=水果 口岸")) == {other.pk}
    assert rows(client.get(f"{search}?q=水果 摘要-accepted")) == set()
    assert rows(client.get(f"{search}?innovation=system")) == {other.pk}
    assert rows(client.get(f"{search}?innovation=model")) == {accepted.pk}
    jiangxi = bureau_jiangxi.bureau_id
    assert rows(client.get(f"{search}?bureau={jiangxi}")) == {accepted.pk, other.pk}
    assert rows(client.get(f"{search}?bureau={jiangxi + 1000}")) == set()
    # Nonsense is no filter, never an error.
    for query in ("bureau=abc", "bureau=-1", "bureau=99999999999999", "innovation=zzz", "page=x"):
        assert rows(client.get(f"{search}?{query}")) == {accepted.pk, other.pk}, query
    response = client.get(f"{search}?q=" + "长" * 500)
    assert response.status_code == 200 and len(response.context["query"]) == 100
    assert "没有符合条件的经验。" in html(client.get(f"{search}?q=不存在的词"))


def test_the_public_pages_are_in_the_navigation_and_the_footer(client, world):
    text = html(client.get("/"))
    assert 'href="/public/pilot-zones/"' in text
    assert 'href="/public/pilot-zones/practices/"' in text


def test_signed_in_visitors_see_the_same_public_pages(client_for, people, world):
    for role in ("enterprise", "bureau", "hq"):
        response = client_for(people[role]).get("/public/pilot-zones/practices/")
        assert rows(response) == {world["practices"]["accepted"].pk}, role


def test_public_pages_take_no_post(client, world):
    assert client.post("/public/pilot-zones/").status_code == 405
    assert client.post("/public/pilot-zones/practices/").status_code == 405


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_public_pages_show_no_untranslated_chinese(client, world, bureau_guangxi):
    zone = world["zone"]
    accepted = world["practices"]["accepted"]
    switch(client, "en")
    bureaus = [zone.bureau, bureau_guangxi.bureau]
    data = (
        zone.name,
        zone.applicant.name,
        zone.operator.name,
        *(b.name for b in bureaus),
        *(b.full_name for b in bureaus),
        "国质检通〔2026〕9号",
        "跨境电商监管创新成效显著。",
        "凭祥综合保税区",
        "复制一区多功能监管。",
        accepted.title,
        accepted.summary,
        accepted.content,
        accepted.results,
        "措施-running",
        "措施-ended",
        "对区内进口预包装食品采信第三方检验机构的检验结果。",
    )
    for address in (
        "/public/pilot-zones/",
        f"/public/pilot-zones/{zone.pk}/",
        "/public/pilot-zones/commendations/",
        "/public/pilot-zones/practices/",
        "/public/pilot-zones/practices/?q=nothing",
        f"/public/pilot-zones/practices/{accepted.pk}/",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert untranslated(response, *data) == [], address
    text = html(client.get("/public/pilot-zones/"))
    assert "Register of inspection pilot zones" in text
    assert "Library of replicable practice" in text
