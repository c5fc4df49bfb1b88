"""The pages: staff lists and details scoped like the selectors (404 for what one may not see),
the proposal form and HQ's decision, the enterprise's own credit page, the public list."""

import pytest

from credit import services
from credit.models import BlacklistEntry, CreditGrade
from credit.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_staff_pages_for_hq_and_the_bureau_404_for_others(client_for, actors, enterprise, listed):
    services.credit_recompute(usccs=[enterprise.uscc])
    grade = CreditGrade.objects.get(uscc=enterprise.uscc)
    for actor in ("hq", "bureau"):
        client = client_for(actors[actor])
        assert client.get("/credit/").status_code == 200
        page = client.get(f"/credit/grades/{grade.pk}/")
        assert page.status_code == 200 and "质量安全违法黑名单" in page.content.decode()
        assert client.get(f"/credit/blacklist/{listed.pk}/").status_code == 200
        assert client.get("/credit/rules/").status_code == 200
    for actor in ("other_bureau",):
        client = client_for(actors[actor])
        assert client.get(f"/credit/grades/{grade.pk}/").status_code == 404
        assert (
            client.get(f"/credit/blacklist/{listed.pk}/").status_code == 200
        )  # listed: all bureaus
    for actor in ("inspector", "enterprise", "agency", "organisation"):
        client = client_for(actors[actor])
        assert client.get("/credit/").status_code == 404
        assert client.get(f"/credit/blacklist/{listed.pk}/").status_code == 404


def test_the_bureau_proposes_and_hq_decides_through_the_pages(client_for, actors, enterprise):
    client = client_for(actors["bureau"])
    response = client.post(
        "/credit/blacklist/new/",
        {"uscc": enterprise.uscc, "violation": "safety", "reason": "发生重大质量安全事故。"},
    )
    entry = BlacklistEntry.objects.get()
    assert response.status_code == 302 and entry.state == State.PROPOSED
    assert client.get(f"/credit/blacklist/{entry.pk}/list/").status_code == 403
    hq = client_for(actors["hq"])
    assert hq.post(f"/credit/blacklist/{entry.pk}/list/", {}).status_code == 400
    response = hq.post(
        f"/credit/blacklist/{entry.pk}/list/", {"decision_number": "总局〔2026〕10号"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == State.LISTED
    assert hq.post(f"/credit/blacklist/{entry.pk}/refuse/", {"reason": "x"}).status_code == 409


def test_a_bad_proposal_is_shown_on_the_form(client_for, actors):
    response = client_for(actors["bureau"]).post(
        "/credit/blacklist/new/", {"uscc": "123", "violation": "safety", "reason": "x"}
    )
    assert response.status_code == 400
    assert not BlacklistEntry.objects.exists()


def test_the_enterprise_sees_its_own_credit_and_listing(client_for, actors, enterprise, listed):
    services.credit_recompute(usccs=[enterprise.uscc])
    page = client_for(actors["enterprise"]).get("/credit/mine/").content.decode()
    assert "D 严重失信" in page and listed.decision_number in page
    other = client_for(actors["other_enterprise"]).get("/credit/mine/").content.decode()
    assert listed.decision_number not in other
    assert client_for(actors["hq"]).get("/credit/mine/").status_code == 404


def test_the_public_page_needs_no_login(client, listed):
    page = client.get("/public/credit/", {"q": listed.uscc})
    assert page.status_code == 200 and listed.enterprise_name in page.content.decode()
    assert (
        listed.enterprise_name
        not in client.get("/public/credit/", {"q": "不存在"}).content.decode()
    )


def test_the_export_is_staff_only(client_for, actors):
    assert (
        client_for(actors["enterprise"]).post("/credit/export/", {"format": "csv"}).status_code
        == 404
    )
    assert client_for(actors["hq"]).post("/credit/export/", {"format": "pdf"}).status_code == 400
    response = client_for(actors["bureau"]).post("/credit/export/", {"format": "csv"})
    assert response.status_code in (202, 302)
