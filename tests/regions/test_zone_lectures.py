"""A zone lead's page shows each member bureau's lectures as well as its research (issue 14 point
14): seed 000 §二.2 has the lead organise its zone's "申报、评定、监管、科研、宣讲等各环节工作";
§16 "各直属局每年应至少组织一次专家团在辖区内进行宣讲", §14 "各片区的牵头单位应每年至少立项一次".
The zone page (/regions/zones/<code>/) counts and flags both per bureau the user may see (a lead
all of its zone, a member its own bureau, HQ all) and lists the year's lectures, in one query
more whatever their number."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from regions import services
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/regions/zones/southwest/"  # 西南片区: 重庆 leads; 湖北, 湖南, 广西 … are members


def lecture(code: str, topic: str, days_ago: int = 0):
    today = timezone.localdate()
    when = max(today - timedelta(days=days_ago), today.replace(month=1, day=1))
    return services.lecture_create(
        actor=factories.bureau_staff(code, username=f"clerk-{code}-lectures"),
        date=when,
        place="宣讲地点",
        topic=topic,
        audience_size=50,
        speakers="专家委员会委员",
    )


def cells(html: str, full_name: str) -> list[str]:
    match = re.search(rf"<tr><td>{full_name}</td>(.*?)</tr>", html, re.S)
    assert match, full_name
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)


def test_the_lead_sees_each_members_lectures_and_research(client_for, lead_bureau_user):
    lecture("hubei", "湖北生态茶宣讲")
    lecture("hubei", "湖北药材宣讲", days_ago=1)
    lecture("guangxi", "广西宣讲")
    services.research_project_create(
        actor=lead_bureau_user, title="西南山地茶", start_date=timezone.localdate()
    )
    html = client_for(lead_bureau_user).get(URL).content.decode()
    _role, research, lectures, flags = cells(html, "湖北出入境检验检疫局")
    assert (research, lectures) == ("0", "2") and "未组织宣讲" not in flags
    _role, research, lectures, flags = cells(html, "湖南出入境检验检疫局")
    assert (research, lectures) == ("0", "0") and "未组织宣讲" in flags
    _role, research, lectures, flags = cells(html, "重庆出入境检验检疫局")
    assert research == "1" and "牵头单位未科研立项" not in flags
    for topic in ("湖北生态茶宣讲", "湖北药材宣讲", "广西宣讲"):
        assert topic in html


def test_a_member_sees_its_own_lectures_only(client_for, bureau_user):
    lecture("hubei", "湖北生态茶宣讲")
    lecture("guangxi", "广西宣讲")
    html = client_for(bureau_user).get(URL).content.decode()
    assert "湖北生态茶宣讲" in html and "广西宣讲" not in html
    assert cells(html, "湖北出入境检验检疫局")[1:3] == ["0", "1"]
    assert cells(html, "广西出入境检验检疫局")[1:] == ["", "", ""]


def test_hq_sees_every_members_lectures(client_for, hq_user):
    lecture("guangxi", "广西宣讲")
    html = client_for(hq_user).get(URL).content.decode()
    assert "广西宣讲" in html and cells(html, "广西出入境检验检疫局")[2] == "1"


def test_others_see_the_seats_only(client_for, enterprise_user):
    lecture("guangxi", "广西宣讲")
    html = client_for(enterprise_user).get(URL).content.decode()
    assert "广西宣讲" not in html and "宣讲活动" not in html


def test_the_lectures_cost_one_query_whatever_their_number(
    client_for, lead_bureau_user, django_assert_max_num_queries
):
    client = client_for(lead_bureau_user)
    client.get("/")  # the navigation's to-do counts, kept for the pages after
    lecture("hubei", "宣讲 0")
    # Session, user, zone and seats (4), the user's led zones and scope (2), the activity
    # minimums (4), the user's bureau (1: which 京津冀 to-do kinds it has), and the year's
    # lectures (1: the one query this page added).
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n, code in enumerate(["hunan", "guangxi", "sichuan", "guizhou", "yunnan", "hubei"]):
        lecture(code, f"宣讲 {n + 1}")
    with django_assert_max_num_queries(len(few)):
        client.get(URL)


def test_the_zone_page_reads_in_english(client_for, lead_bureau_user):
    lecture("hubei", "Tea outreach")
    client = client_for(lead_bureau_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(URL).content.decode()
    assert "Outreach lectures" in html and "Research projects" in html and "宣讲活动" not in html
