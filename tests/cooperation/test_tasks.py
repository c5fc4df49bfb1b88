"""The 42 重点任务 of seed 003 §三 as data: every task with the lead and participating units the
seed assigns, read by the cooperation's members (and the HQ departments named as units) in pages
and the API, filtered by heading, unit and the reader's own units; nobody else sees them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from accounts.models import Role
from cooperation.models import Task, Unit
from cooperation.selectors import may_see_tasks, unit_codes_of
from regions.models import Organisation
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    agency_staff,
    bureau,
    bureau_staff,
    enterprise_staff,
    hq,
    inspector,
    organisation_staff,
)

pytestmark = pytest.mark.django_db

PAGE = "/cooperation/tasks/"
API = "/api/v1/cooperation-tasks/"


def authority(code: str) -> Organisation:
    return OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=bureau(code)
    )


def department(code: str):
    return organisation_staff(Organisation.objects.get(code=code))


@pytest.fixture
def readers():
    return {
        "hq": hq(),
        "beijing_bureau": bureau_staff("beijing"),
        "tianjin_inspector": inspector("tianjin"),
        "hebei_authority": organisation_staff(authority("hebei")),
        "renjianwei": department("renjianwei"),
        "biaozhunwei": department("biaozhunwei"),
        "tongguan": department("tongguan"),
    }


@pytest.fixture
def outsiders():
    return {
        "jiangsu_bureau": bureau_staff("jiangsu"),
        "jiangsu_authority": organisation_staff(authority("jiangsu")),
        "enterprise": enterprise_staff(),
        "agency": agency_staff(),
        "association": organisation_staff(OrganisationFactory()),
        "expert": UserFactory(role=Role.EXPERT, bureau=bureau("beijing")),
    }


def test_the_seed_ships_42_tasks_with_their_units():
    assert list(Task.objects.values_list("number", flat=True)) == list(range(1, 43))
    assert set(Task.objects.values_list("section", flat=True)) == set(range(1, 8))
    five = Task.objects.get(number=5)
    assert "一地获批，三地通用" in five.text
    assert [u.name for u in five.leads.all()] == ["法规司"]
    assert {"认监委", "京津冀三地出入境检验检疫部门", "京津冀三地质监或市场监督管理部门"} <= {
        u.name for u in five.participants.all()
    }
    assert sorted(u.code for u in Task.objects.get(number=15).leads.all()) == ["keji", "zhiliang"]
    assert [u.code for u in Task.objects.get(number=30).leads.all()] == ["weisheng"]
    # 特设局 and 特种设备局 are one unit; every task has a lead and participants.
    assert Unit.objects.filter(name__startswith="特").count() == 1
    for task in Task.objects.prefetch_related("leads", "participants"):
        assert task.leads.all() and task.participants.all(), task.number
        assert "," not in task.text and "(" not in task.text


def test_the_readers_units(readers):
    assert unit_codes_of(readers["beijing_bureau"]) == {"jjj-ciq"}
    assert unit_codes_of(readers["tianjin_inspector"]) == {"jjj-ciq"}
    assert unit_codes_of(readers["hebei_authority"]) == {"jjj-quality"}
    assert unit_codes_of(readers["renjianwei"]) == {"renjianwei"}
    assert unit_codes_of(readers["tongguan"]) == {"tongguan"}
    assert unit_codes_of(readers["hq"]) == set()


def test_members_and_responsible_departments_read_the_tasks(client, readers):
    api = APIClient()
    for name, user in readers.items():
        assert may_see_tasks(user), name
        client.force_login(user)
        page = client.get(PAGE)
        assert page.status_code == 200, name
        assert len(page.context["tasks"]) == 42
        assert client.get(f"{PAGE}5/").status_code == 200, name
        api.force_authenticate(user)
        assert len(api.get(API).json()) == 42, name
        assert api.get(f"{API}5/").json()["leads"][0]["code"] == "fagui"


def test_nobody_else_sees_them(client, outsiders):
    api = APIClient()
    assert not may_see_tasks(AnonymousUser())
    assert client.get(PAGE).status_code == 302  # to sign in
    assert api.get(API).status_code in (401, 403)
    for name, user in outsiders.items():
        assert not may_see_tasks(user), name
        client.force_login(user)
        assert client.get(PAGE).status_code == 404, name
        assert client.get(f"{PAGE}5/").status_code == 404, name
        api.force_authenticate(user)
        assert api.get(API).json() == [], name
        assert api.get(f"{API}5/").status_code == 404, name


def test_filters_by_heading_unit_words_and_own_units(client, readers):
    client.force_login(readers["hebei_authority"])
    numbers = lambda q: [t.number for t in client.get(PAGE, q).context["tasks"]]  # noqa: E731
    assert numbers({"section": 2}) == [5, 6, 7]
    assert numbers({"unit": "weisheng"}) == [5, 23, 24, 25, 29, 30, 37]
    assert numbers({"q": "6小时"}) == [30]
    mine = numbers({"mine": "on"})
    # 三地质监部门 join every task but the twelve of inspection and quarantine alone (23–30, 36–39).
    assert mine == [n for n in range(1, 43) if not (23 <= n <= 30 or 36 <= n <= 39)]
    api = APIClient()
    api.force_authenticate(readers["beijing_bureau"])
    own = [t["number"] for t in api.get(API, {"mine": "true"}).json()]
    assert 30 in own and 6 not in own
    assert [t["number"] for t in api.get(API, {"section": 6, "unit": "shipin"}).json()] == [
        23, 24, 25
    ]  # fmt: skip


def test_bad_filters_are_told_not_500(client, readers):
    client.force_login(readers["beijing_bureau"])
    page = client.get(PAGE, {"section": "9", "unit": "nowhere"})
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"section", "unit"}
    assert len(page.context["tasks"]) == 42
    api = APIClient()
    api.force_authenticate(readers["beijing_bureau"])
    answer = api.get(API, {"section": "x", "unit": "nowhere"})
    assert answer.status_code == 400
    assert {"section", "unit"} <= answer.json().keys()
    assert client.get(f"{PAGE}43/").status_code == 404


def test_the_list_reads_a_constant_number_of_queries(
    client, readers, django_assert_max_num_queries
):
    """The bureau's page frame (its to-do in the navigation: 33 queries) and four of its own:
    the units of the filter, the tasks, their leads and their participants."""
    client.force_login(readers["beijing_bureau"])
    with django_assert_max_num_queries(39):
        assert client.get(PAGE).status_code == 200
