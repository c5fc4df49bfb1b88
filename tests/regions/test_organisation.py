"""The shipped organisation data equals the table of seed 000 §二.2 (written out again here, by
Chinese short name, so a wrong code or a wrong seat in regions/organisation.py is caught)."""

import pytest

from regions.models import Bureau, Zone, ZoneMembership

SEED_TABLE = {
    # zone code: (名称, kind, leads, members) — SPEC §2 / seed 000 §二.2
    "southwest": (
        "西南片区",
        "district",
        {"重庆"},
        {"湖北", "湖南", "广西", "四川", "贵州", "云南", "西藏"},
    ),
    "central_west": (
        "中西片区",
        "district",
        {"河南"},
        {"山西", "陕西", "甘肃", "青海", "宁夏", "新疆", "湖南", "湖北"},
    ),
    "northeast": (
        "东北片区",
        "district",
        {"吉林", "黑龙江"},
        {"北京", "天津", "河北", "内蒙古", "辽宁"},
    ),
    "southeast": ("东南片区", "district", {"福建"}, {"厦门", "广东", "深圳", "珠海", "海南"}),
    "east": ("东部片区", "district", {"江苏", "浙江"}, {"上海", "山东", "宁波", "安徽", "江西"}),
    "jingjinji": ("京津冀专区", "special", {"北京"}, {"天津", "河北"}),
    "ftz": ("自贸区专区", "special", {"天津"}, {"上海", "福建", "厦门", "广东", "深圳", "珠海"}),
}

BUREAU_CODES = {
    "北京": "beijing",
    "天津": "tianjin",
    "河北": "hebei",
    "山西": "shanxi",
    "内蒙古": "neimenggu",
    "辽宁": "liaoning",
    "吉林": "jilin",
    "黑龙江": "heilongjiang",
    "上海": "shanghai",
    "江苏": "jiangsu",
    "浙江": "zhejiang",
    "安徽": "anhui",
    "福建": "fujian",
    "江西": "jiangxi",
    "山东": "shandong",
    "河南": "henan",
    "湖北": "hubei",
    "湖南": "hunan",
    "广东": "guangdong",
    "广西": "guangxi",
    "海南": "hainan",
    "重庆": "chongqing",
    "四川": "sichuan",
    "贵州": "guizhou",
    "云南": "yunnan",
    "西藏": "xizang",
    "陕西": "shaanxi",
    "甘肃": "gansu",
    "青海": "qinghai",
    "宁夏": "ningxia",
    "新疆": "xinjiang",
    "深圳": "shenzhen",
    "珠海": "zhuhai",
    "厦门": "xiamen",
    "宁波": "ningbo",
}

pytestmark = pytest.mark.django_db


def test_exactly_the_35_direct_bureaus_with_their_codes():
    assert dict(Bureau.objects.values_list("name", "code")) == BUREAU_CODES


def test_exactly_the_seven_zones():
    assert set(Zone.objects.values_list("code", flat=True)) == set(SEED_TABLE)


@pytest.mark.parametrize("code", sorted(SEED_TABLE))
def test_zone_leads_and_members_match_the_seed(code):
    name, kind, leads, members = SEED_TABLE[code]
    zone = Zone.objects.get(code=code)
    seats = ZoneMembership.objects.filter(zone=zone).select_related("bureau")
    assert (zone.name, zone.kind) == (name, kind)
    assert {s.bureau.name for s in seats if s.role == "lead"} == leads
    assert {s.bureau.name for s in seats if s.role == "member"} == members


def test_two_zones_have_two_leads_and_hunan_hubei_sit_in_two_zones():
    two_leads = {
        z.code for z in Zone.objects.all() if z.memberships.filter(role="lead").count() == 2
    }
    assert two_leads == {"northeast", "east"}
    for code in ("hunan", "hubei"):
        assert set(Bureau.objects.get(code=code).zones.values_list("code", flat=True)) == {
            "southwest",
            "central_west",
        }
