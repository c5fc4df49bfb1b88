"""The pilot-zone programme's waiting work on the landing pages (pilotzones/todo.py), through its
own scoped selectors: the local government's returned applications and unread notices, the
bureau's applications to recommend and approved zones to start, 通关司's acceptances to open and
to decide, a member department's opinions owed. Each sees only its own; the navigation counts
them."""

import re

import pytest

from pilotzones import services
from pilotzones.models import PilotZone
from pilotzones.workflow import State

pytestmark = pytest.mark.django_db


def todos(response) -> dict:
    assert response.status_code == 200
    if "todos" not in response.context:  # no kind of waiting work at all: no to-do card
        return {}
    return {
        todo.kind.code: (todo.count, [row.item.title for row in todo.rows])
        for todo in response.context["todos"]
        if todo.kind.code.startswith("pilotzones.")
    }


def navcount(response, entry: str) -> int | None:
    match = re.search(
        rf">{re.escape(entry)}\s*<span class=\"navcount\"[^>]*>\s*(\d+)\s*<",
        response.content.decode(),
    )
    return int(match.group(1)) if match else None


def named(zone, name: str):
    PilotZone.objects.filter(pk=zone.pk).update(name=name)
    return PilotZone.objects.get(pk=zone.pk)


def test_the_local_government_sees_its_returns_and_notices(
    client_for, make_zone, gov_jiangxi, gov_guangxi
):
    make_zone(State.DRAFT, name="草稿国检试验区")
    make_zone(State.RETURNED, name="退回国检试验区")  # a return notice
    make_zone(State.RECOMMENDED, name="已推荐国检试验区")  # a recommendation notice
    response = client_for(gov_jiangxi).get("/")
    found = todos(response)
    assert found["pilotzones.returned"] == (1, ["退回国检试验区"])
    assert found["pilotzones.unread_notices"][0] == 2
    assert response.context["unread_pilot_notices"] == 2
    assert navcount(response, "国检试验区") == 1
    assert navcount(response, "试验区通知书") == 2
    # Another government: none of it.
    other = client_for(gov_guangxi).get("/")
    assert todos(other) == {}
    assert "退回国检试验区" not in other.content.decode()


def test_reading_a_notice_takes_it_off_the_count(client_for, make_zone, gov_jiangxi):
    zone = make_zone(State.RETURNED)
    client = client_for(gov_jiangxi)
    notice = zone.notices.get()
    assert todos(client.get("/"))["pilotzones.unread_notices"][0] == 1
    client.get(f"/pilotzones/notices/{notice.pk}/")
    assert "pilotzones.unread_notices" not in todos(client.get("/"))


def test_the_bureau_sees_applications_to_recommend_and_zones_to_start(
    client_for, make_zone, bureau_jiangxi, bureau_guangxi
):
    make_zone(State.SUBMITTED, name="待推荐国检试验区")
    make_zone(State.APPROVED, name="待运行国检试验区")
    make_zone(State.RECOMMENDED, name="已推荐国检试验区")  # HQ's next step
    make_zone(State.DRAFT, name="草稿国检试验区")  # the government's own
    response = client_for(bureau_jiangxi).get("/")
    found = todos(response)
    assert found == {
        "pilotzones.recommend": (1, ["待推荐国检试验区"]),
        "pilotzones.operation": (1, ["待运行国检试验区"]),
    }
    assert navcount(response, "国检试验区") == 2
    assert todos(client_for(bureau_guangxi).get("/")) == {}


def test_the_lead_opens_acceptances_and_decides_once_every_member_answered(
    client_for, make_zone, lead, members
):
    make_zone(State.RECOMMENDED, name="待验收国检试验区")
    pending = make_zone(State.ACCEPTANCE, name="验收中国检试验区")
    answered = make_zone(State.ACCEPTANCE, name="待决定国检试验区")
    for member in members.values():
        services.acceptance_opinion_record(
            zone=answered, actor=member, verdict="agree", opinion="同意。"
        )
    services.acceptance_opinion_record(
        zone=pending, actor=members["shipin"], verdict="agree", opinion="同意。"
    )
    response = client_for(lead).get("/")
    assert todos(response) == {
        "pilotzones.acceptance": (1, ["待验收国检试验区"]),
        "pilotzones.decide": (1, ["待决定国检试验区"]),
    }
    assert navcount(response, "国检试验区") == 2


def test_a_member_department_sees_the_opinions_it_owes(client_for, make_zone, members, hq):
    zone = make_zone(State.ACCEPTANCE, name="验收中国检试验区")
    make_zone(State.RECOMMENDED)
    response = client_for(members["weisheng"]).get("/")
    assert todos(response) == {"pilotzones.opinions": (1, ["验收中国检试验区"])}
    assert f'href="/pilotzones/{zone.pk}/opinion/"' in response.content.decode()
    assert navcount(response, "国检试验区") == 1
    services.acceptance_opinion_record(
        zone=zone, actor=members["weisheng"], verdict="object", opinion="设施不足。"
    )
    assert todos(client_for(members["weisheng"]).get("/")) == {}
    # Another member still owes its own.
    assert todos(client_for(members["jianyan"]).get("/"))["pilotzones.opinions"][0] == 1
    # HQ has no step of its own in the zone's workflow.
    assert todos(client_for(hq).get("/")) == {}


def test_the_operator_has_nothing_waiting(client_for, make_zone, operator_jiangxi):
    make_zone(State.OPERATING)
    response = client_for(operator_jiangxi).get("/")
    assert todos(response) == {}
    assert 'href="/pilotzones/"' in response.content.decode()


def test_the_counts_are_a_constant_number_of_queries(
    make_zone, bureau_jiangxi, lead, members, gov_jiangxi, django_assert_max_num_queries
):
    from pilotzones.todo import PILOT_ZONES_TODO

    for user in (bureau_jiangxi, lead, members["dongzhi"], gov_jiangxi):
        user.refresh_from_db()
        PILOT_ZONES_TODO.kinds(user)  # the department's code, read once per request
        with django_assert_max_num_queries(2):
            PILOT_ZONES_TODO.counts(user)
    for state in (State.SUBMITTED, State.RECOMMENDED, State.ACCEPTANCE, State.RETURNED):
        make_zone(state)
    for user in (bureau_jiangxi, lead, members["dongzhi"], gov_jiangxi):
        user.refresh_from_db()
        PILOT_ZONES_TODO.kinds(user)
        with django_assert_max_num_queries(2):
            assert sum(PILOT_ZONES_TODO.counts(user).values()) >= 1
