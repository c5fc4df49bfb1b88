"""Flags follow the role that carries the duty (issue 14 point 4).

Seed 000 §14: "各片区的牵头单位应每年至少立项一次" — the research flag belongs to the zone a
bureau leads, never to a zone where it is only a member (北京 leads 京津冀专区 and is a member of
东北片区). §18: "深圳局、辽宁局、上海局、宁波局、安徽局、湖南局、山西局、珠海局、海南局、陕西局、
江西局、甘肃局、宁夏局应……尽快打破'零'保护产品的现状" — HQ's dashboard lists these 13 and
their progress beside the general zero-product flag."""

import re
from datetime import date

import pytest
from django.utils import timezone

from regions import services
from regions.duties import ZERO_PRODUCT_BUREAUS
from regions.models import Bureau, BureauYearFigures, Zone, ZoneMembership
from regions.selectors import activity_flags, dashboard_flags
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
SEED_18 = [
    "深圳",
    "辽宁",
    "上海",
    "宁波",
    "安徽",
    "湖南",
    "山西",
    "珠海",
    "海南",
    "陕西",
    "江西",
    "甘肃",
    "宁夏",
]


@pytest.fixture
def beijing_user(db):
    """北京局 clerk: leads 京津冀专区, a member of 东北片区."""
    return factories.bureau_staff("beijing", username="clerk-beijing")


def zone_id(code: str) -> int:
    return Zone.objects.get(code=code).pk


def row_of(html: str, bureau_full_name: str) -> str:
    match = re.search(rf"<tr><td>{bureau_full_name}</td>.*?</tr>", html, re.S)
    assert match, bureau_full_name
    return match.group(0)


def test_the_seats_are_as_the_seed_says():
    roles = dict(
        ZoneMembership.objects.filter(bureau__code="beijing").values_list("zone__code", "role")
    )
    assert roles == {"jingjinji": "lead", "northeast": "member"}


def test_the_research_flag_is_on_the_led_zone_only():
    flag = activity_flags(YEAR)[Bureau.objects.get(code="beijing").pk]
    assert flag.needs_research
    assert flag.needs_research_in(zone_id("jingjinji"))
    assert not flag.needs_research_in(zone_id("northeast"))
    assert flag.research_zone_names == ["京津冀专区"]
    hubei = activity_flags(YEAR)[Bureau.objects.get(code="hubei").pk]  # leads nothing
    assert not hubei.needs_research and hubei.research_zone_names == []


@pytest.mark.parametrize("zone", [None, "jingjinji"])
def test_a_project_for_the_led_zone_or_for_no_zone_meets_the_duty(beijing_user, zone):
    services.research_project_create(
        actor=beijing_user,
        title="京津冀溯源",
        start_date=date(YEAR, 3, 1),
        zone=Zone.objects.get(code=zone) if zone else None,
    )
    flag = activity_flags(YEAR)[beijing_user.bureau_id]
    assert not flag.needs_research and not flag.needs_research_in(zone_id("jingjinji"))


def test_a_bureau_leading_two_zones_answers_for_each(beijing_user):
    ZoneMembership.objects.filter(bureau__code="beijing", zone__code="northeast").update(
        role=ZoneMembership.Role.LEAD
    )
    services.research_project_create(
        actor=factories.bureau_staff("beijing", username="clerk-beijing-2"),
        title="京津冀溯源",
        start_date=date(YEAR, 3, 1),
        zone=Zone.objects.get(code="jingjinji"),
    )
    flag = activity_flags(YEAR)[beijing_user.bureau_id]
    assert not flag.needs_research_in(zone_id("jingjinji"))
    assert flag.needs_research_in(zone_id("northeast"))
    assert flag.research_zone_names == ["东北片区"]


def test_the_zone_pages_flag_the_lead_of_that_zone_only(client_for, hq_user, beijing_user):
    for user in (hq_user, beijing_user):
        client = client_for(user)
        led = client.get("/regions/zones/jingjinji/").content.decode()
        assert "牵头单位未科研立项" in row_of(led, "北京出入境检验检疫局")
        member = client.get("/regions/zones/northeast/").content.decode()
        assert "牵头单位未科研立项" not in row_of(member, "北京出入境检验检疫局")
        assert "未组织宣讲" in row_of(member, "北京出入境检验检疫局")  # its own duty everywhere
        jilin = row_of(member, "吉林出入境检验检疫局")  # 吉林 and 黑龙江 lead 东北片区
        if user == hq_user:
            assert "牵头单位未科研立项" in jilin
        else:  # 北京 only a member there: it sees its own row only
            assert "<td></td>" in jilin and "badge" not in jilin


def test_the_dashboard_zone_drill_down_flags_the_lead_of_that_zone_only(client_for, hq_user):
    services.ranking_compute(year=YEAR)
    client = client_for(hq_user)

    def flags(zone: str) -> dict[str, dict]:
        rows = client.get(f"/regions/dashboard/zones/{zone}/?year={YEAR}").context["rows"]
        return {entry.bureau.code: flag for entry, _seat, _rank, _table, flag in rows}

    assert flags("jingjinji")["beijing"]["needs_research"] is True
    northeast = flags("northeast")
    assert northeast["beijing"]["needs_research"] is False
    assert northeast["jilin"]["needs_research"] is True
    assert northeast["beijing"]["needs_lecture"] is True


def test_the_dashboard_names_the_zone_the_flag_belongs_to(client_for, hq_user):
    flags = {row["code"]: row for row in dashboard_flags(YEAR)}
    assert flags["beijing"]["research_zones"] == ["京津冀专区"]
    assert flags["hubei"]["research_zones"] == [] and not flags["hubei"]["needs_research"]
    page = client_for(hq_user).get(f"/regions/dashboard/bureaus/beijing/?year={YEAR}")
    assert "片区牵头单位本年度未科研立项</span> 京津冀专区" in page.content.decode()


# ---------------------------------------------------------------- §18's named 13


def test_the_named_bureaus_are_the_seeds_thirteen():
    names = dict(Bureau.objects.values_list("code", "name"))
    assert [names[code] for code in ZERO_PRODUCT_BUREAUS] == SEED_18


def figures(code: str, valid: int) -> None:
    BureauYearFigures.objects.create(
        bureau=Bureau.objects.get(code=code),
        year=YEAR,
        values={"valid_protected": valid, "zero_products": int(valid == 0)},
    )


def test_the_dashboard_card_lists_the_thirteen_and_their_progress(
    client_for, hq_user, django_assert_max_num_queries
):
    figures("shenzhen", 2)
    figures("liaoning", 0)
    figures("beijing", 0)  # zero, but not named in §18: the general flag only
    client = client_for(hq_user)
    client.get("/")  # session and user out of the count

    with django_assert_max_num_queries(40):
        response = client.get(f"/regions/dashboard/?year={YEAR}")
    card = response.context["named_zero"]
    assert [row["name"] for row in card["rows"]] == SEED_18
    rows = {row["code"]: row for row in card["rows"]}
    assert rows["shenzhen"] == {
        "code": "shenzhen",
        "name": "深圳",
        "valid_protected": 2,
        "done": True,
    }
    assert rows["liaoning"]["valid_protected"] == 0 and rows["liaoning"]["done"] is False
    assert rows["ningxia"]["valid_protected"] is None and rows["ningxia"]["done"] is False
    assert (card["done"], card["total"]) == (1, 13)
    html = response.content.decode()
    assert "§18 打破零保护产品" in html and "已打破 1/13" in html
    card_html = html.split('id="named-zero"')[1].split("</section>")[0]
    assert "北京" not in card_html
    # The general zero flag stays: 北京 and 辽宁 among the flagged.
    flagged = {row["code"] for row in response.context["flagged"] if row["zero_products"]}
    assert {"beijing", "liaoning"} <= flagged and "shenzhen" not in flagged


def test_the_card_follows_new_figures_through_the_cache(client_for, hq_user):
    client = client_for(hq_user)
    url = f"/regions/dashboard/?year={YEAR}"
    assert client.get(url).context["named_zero"]["done"] == 0
    figures("ningxia", 1)
    assert client.get(url).context["named_zero"]["done"] == 1


def test_only_hq_sees_the_dashboard_card(client_for, beijing_user):
    assert client_for(beijing_user).get(f"/regions/dashboard/?year={YEAR}").status_code == 403
