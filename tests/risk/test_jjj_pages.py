"""The pages of 京津冀区域风险信息共享 (/cooperation/risk/): who reaches them, the clock shown, the
record form, notifying and confirming receipt from the report's page, HQ's 逾期未通报, and the
shared warning read by a member that is no bureau."""

from datetime import timedelta

import pytest
from django.utils import timezone

from risk.models import EmergencyReport
from risk.workflow import EmergencyState

from .jjj_fixtures import *  # noqa: F403  (actors, emergency, notified, jjj_warning …)
from .jjj_fixtures import ACTORS, HANDLING, OUTSIDERS

INDEX = "/cooperation/risk/"
MEMBERS = [a for a in ACTORS if a not in OUTSIDERS]


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("actor", MEMBERS)
def test_members_reach_the_tab(client_for, actors, jjj_warning, actor):
    response = client_for(actors[actor]).get(INDEX)
    assert response.status_code == 200
    body = page(response)
    assert jjj_warning.title in body and 'href="/cooperation/risk/"' in body
    # The quality authorities, 认监委 and 标准委 take no part in §三.30: no emergency list.
    assert (response.context["page"] is None) is (
        actors[actor].role in ("quality_authority", "hq_department")
    )


@pytest.mark.parametrize("actor", sorted(OUTSIDERS))
def test_outsiders_get_404(client_for, actors, emergency, actor):
    assert client_for(actors[actor]).get(INDEX).status_code == 404
    assert client_for(actors[actor]).get(f"{INDEX}emergencies/{emergency.pk}/").status_code == 404


def test_anonymous_is_sent_to_the_login(client, emergency):
    assert client.get(INDEX).status_code == 302


def test_a_clerk_records_and_notifies_through_the_pages(client_for, actors):
    client = client_for(actors["tianjin_bureau"])
    now = timezone.localtime()
    response = client.post(
        f"{INDEX}emergencies/new/",
        {
            "title": "入境邮轮聚集性发热",
            "location": "天津国际邮轮母港",
            "occurred_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "learnt_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "description": "12 名旅客发热。",
        },
    )
    report = EmergencyReport.objects.get()
    assert response.status_code == 302 and response.url == f"{INDEX}emergencies/{report.pk}/"
    shown = page(client.get(response.url))
    assert "剩余 4 小时" in shown or "剩余 5 小时" in shown
    response = client.post(response.url, {"action": "notify", "handling": HANDLING})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == EmergencyState.NOTIFIED and report.handling == HANDLING
    assert "按时通报" in page(client.get(response.url))


def test_the_form_refuses_a_time_ahead(client_for, actors):
    ahead = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(actors["hebei_bureau"]).post(
        f"{INDEX}emergencies/new/",
        {
            "title": "x",
            "location": "y",
            "occurred_at": ahead,
            "learnt_at": ahead,
            "description": "z",
        },
    )
    assert response.status_code == 400
    assert "时间不能晚于现在。" in page(response)
    assert not EmergencyReport.objects.exists()


@pytest.mark.parametrize("actor", ["beijing_inspector", "hebei_authority", "renjianwei", "hq"])
def test_members_who_may_not_record_get_403(client_for, actors, actor):
    response = client_for(actors[actor]).get(f"{INDEX}emergencies/new/")
    assert response.status_code == 403
    assert "只有京津冀三地直属局可以登记突发公共卫生事件。" in page(response)


def test_another_place_may_not_notify(client_for, actors, notified):
    url = f"{INDEX}emergencies/{notified.pk}/"
    client = client_for(actors["beijing_bureau"])
    assert client.post(url, {"action": "notify", "handling": "x"}).status_code == 403
    # It confirms receipt from the page instead.
    assert "确认收悉" in page(client.get(url))
    response = client.post(url, {"action": "acknowledge"})
    assert response.status_code == 302
    assert notified.acknowledgements.get(bureau__code="beijing").acknowledged_at is not None
    assert client.post(url, {"action": "acknowledge"}).status_code == 400  # nothing left to do


def test_hq_sees_the_overdue_flag(client_for, actors, record):
    now = timezone.now()
    late = record(occurred_at=now - timedelta(hours=9), learnt_at=now - timedelta(hours=8))
    client = client_for(actors["hq"])
    response = client.get(INDEX, {"status": "overdue"})
    assert [row.pk for row in response.context["page"]["rows"]] == [late.pk]
    assert "逾期未通报：已超过 2 小时" in page(response)
    assert "逾期未通报：已超过 2 小时" in page(client.get(f"{INDEX}emergencies/{late.pk}/"))
    assert client.get(INDEX, {"status": "nonsense"}).status_code == 200  # a bad filter: no 500


def test_a_quality_authority_reads_the_shared_warning(client_for, actors, jjj_warning):
    client = client_for(actors["hebei_authority"])
    assert client.get("/risk/warnings/").status_code == 200
    response = client.get(f"/risk/warnings/{jjj_warning.pk}/")
    assert response.status_code == 200
    body = page(response)
    assert "天津某冷链物流有限公司" in body and "部署快速反应措施" not in body
    assert response.context["actions"] == []
    # The risk pages that are not theirs stay closed.
    assert client.get("/risk/signals/").status_code == 404
    assert client.get("/risk/measures/").status_code == 404
    other = client_for(actors["jiangsu_authority"])
    assert other.get(f"/risk/warnings/{jjj_warning.pk}/").status_code == 404
    assert other.get("/risk/warnings/").status_code == 404


def test_a_draft_page_is_404_for_a_shared_reader(client_for, actors, make_warning):
    draft = make_warning(issued=False)
    assert client_for(actors["renjianwei"]).get(f"/risk/warnings/{draft.pk}/").status_code == 404
