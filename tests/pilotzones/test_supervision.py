"""日常监督管理 of an operating zone (seed 002 §五.3): the zone's bureau records visits; HQ, the
bureau, the zone's local government and its operator read them; nobody else; the record is final."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from pilotzones import services
from pilotzones.models import SupervisionVisit
from pilotzones.workflow import State

pytestmark = pytest.mark.django_db

VISIT = {
    "findings": "查验场地运行正常。",
    "problems": "台账不全。",
    "requirements": "一个月内补齐台账。",
}


@pytest.fixture
def operating(make_zone):
    return make_zone(State.OPERATING)


def test_the_zones_bureau_records_a_visit(operating, bureau_jiangxi):
    visit = services.supervision_visit_record(zone=operating, actor=bureau_jiangxi, **VISIT)
    assert visit.visited_on == timezone.localdate()
    assert visit.recorded_by == bureau_jiangxi
    assert AuditEntry.objects.filter(
        object_type="pilotzones.supervisionvisit", object_id=str(visit.pk)
    ).exists()


@pytest.mark.parametrize("who", ["bureau_guangxi", "hq", "lead", "gov_jiangxi", "operator_jiangxi"])
def test_nobody_else_records_a_visit(request, operating, who):
    with pytest.raises(NotPermitted):
        services.supervision_visit_record(
            zone=operating, actor=request.getfixturevalue(who), **VISIT
        )
    assert not SupervisionVisit.objects.exists()


def test_only_an_operating_zone_is_visited(make_zone, bureau_jiangxi):
    zone = make_zone(State.APPROVED)
    with pytest.raises(Conflict):
        services.supervision_visit_record(zone=zone, actor=bureau_jiangxi, **VISIT)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"findings": " "}, "findings"),
        ({"findings": "正常", "problems": "有问题"}, "requirements"),
        ({"findings": 5}, "findings"),
        ({"findings": "正常", "visited_on": "2999-01-01"}, "visited_on"),
        ({"findings": "正常", "visited_on": "not a date"}, "visited_on"),
    ],
)
def test_bad_input_is_refused_with_field_messages(operating, bureau_jiangxi, body, field):
    with pytest.raises(InvalidInput) as refused:
        services.supervision_visit_record(zone=operating, actor=bureau_jiangxi, **body)
    assert field in refused.value.field_errors
    assert not SupervisionVisit.objects.exists()


def test_a_visit_before_the_operation_started_is_refused(operating, bureau_jiangxi):
    with pytest.raises(InvalidInput):
        services.supervision_visit_record(
            zone=operating,
            actor=bureau_jiangxi,
            findings="正常",
            visited_on=operating.operation_started_on - timedelta(days=1),
        )


def test_the_page_shows_the_visits_to_those_who_see_the_zone(
    operating, bureau_jiangxi, client_for, request
):
    services.supervision_visit_record(zone=operating, actor=bureau_jiangxi, **VISIT)
    url = f"/pilotzones/{operating.pk}/supervision/"
    for who in ("bureau_jiangxi", "hq", "gov_jiangxi", "operator_jiangxi", "lead"):
        page = client_for(request.getfixturevalue(who)).get(url)
        assert page.status_code == 200, who
        assert "一个月内补齐台账" in page.content.decode()
    for who in ("bureau_guangxi", "gov_guangxi"):
        assert client_for(request.getfixturevalue(who)).get(url).status_code == 404, who


def test_the_bureau_records_a_visit_on_the_page(operating, bureau_jiangxi, client_for):
    client = client_for(bureau_jiangxi)
    url = f"/pilotzones/{operating.pk}/supervision/"
    assert 'name="findings"' in client.get(url).content.decode()
    bad = client.post(
        url, {"visited_on": timezone.localdate(), "findings": "正常", "problems": "x"}
    )
    assert bad.status_code == 400
    assert not SupervisionVisit.objects.exists()
    done = client.post(url, {"visited_on": timezone.localdate(), **VISIT})
    assert done.status_code == 302
    assert SupervisionVisit.objects.count() == 1


def test_others_get_no_form_and_a_post_is_refused(operating, hq, client_for):
    client = client_for(hq)
    url = f"/pilotzones/{operating.pk}/supervision/"
    assert 'name="findings"' not in client.get(url).content.decode()
    assert client.post(url, {"findings": "x"}).status_code == 403
    assert not SupervisionVisit.objects.exists()


def test_the_api_lists_and_records_visits(operating, bureau_jiangxi, gov_guangxi, hq, api_for):
    api = api_for(bureau_jiangxi)
    created = api.post("/api/v1/pilot-zone-visits/", {"zone": operating.pk, **VISIT}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == bureau_jiangxi.username
    bad = api.post(
        "/api/v1/pilot-zone-visits/", {"zone": operating.pk, "findings": ""}, format="json"
    )
    assert bad.status_code == 400
    assert "findings" in bad.json()
    assert (
        api_for(hq)
        .post("/api/v1/pilot-zone-visits/", {"zone": operating.pk, **VISIT}, format="json")
        .status_code
        == 403
    )
    listed = api_for(hq).get(f"/api/v1/pilot-zone-visits/?zone={operating.pk}").json()
    assert [row["id"] for row in listed["results"]] == [created.json()["id"]]
    assert api_for(gov_guangxi).get("/api/v1/pilot-zone-visits/").json()["results"] == []
    assert SupervisionVisit.objects.count() == 1


def test_the_api_refuses_a_zone_of_another_bureau(operating, bureau_guangxi, api_for):
    answer = api_for(bureau_guangxi).post(
        "/api/v1/pilot-zone-visits/", {"zone": operating.pk, **VISIT}, format="json"
    )
    assert answer.status_code == 400
    assert "zone" in answer.json()


def test_the_home_page_lists_the_organisations_pilot_zones(
    make_zone, gov_jiangxi, gov_guangxi, lead, operator_jiangxi, client_for
):
    zone = make_zone(State.OPERATING)
    for user in (gov_jiangxi, lead, operator_jiangxi):
        home = client_for(user).get("/").content.decode()
        assert f'href="/pilotzones/{zone.pk}/"' in home, user.username
    assert f'href="/pilotzones/{zone.pk}/"' not in client_for(gov_guangxi).get("/").content.decode()
