"""The landing page `/`: the public front page, or each role's own start page, showing that
role's own data and nobody else's."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Bureau, Zone, ZoneMembership
from tests import factories

pytestmark = pytest.mark.django_db

ZONE_NAMES = [
    "西南片区",
    "中西片区",
    "东北片区",
    "东南片区",
    "东部片区",
    "京津冀专区",
    "自贸区专区",
]


class _Rows(HTMLParser):
    """The text of every table cell, row by row (stdlib only: no HTML library is installed)."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            # One space between the texts of separate elements (chips), none inside one.
            self.rows[-1].append(" ".join(part.strip() for part in self._cell if part.strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response) -> list[list[str]]:
    parser = _Rows()
    parser.feed(response.content.decode())
    return parser.rows


def zone_row(response, zone_name) -> list[str]:
    """The cells of the zone table row of `zone_name`: name, kind, leads, members."""
    rows = [row for row in table_rows(response) if row and row[0] == zone_name]
    assert len(rows) == 1, f"{zone_name}: {rows}"
    return rows[0]


def page(client, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def text(response) -> str:
    return response.content.decode()


# Anonymous --------------------------------------------------------------------------------------


def test_public_home_lists_the_seven_zones(client):
    response = page(client)
    for name in ZONE_NAMES:
        zone_row(response, name)


def test_public_home_shows_zone_leads_and_members(client):
    _name, _kind, leads, members = zone_row(page(client), "东部片区")
    assert set(leads.split()) == {"江苏", "浙江"}
    assert set(members.split()) == {"上海", "山东", "宁波", "安徽", "江西"}


def test_public_home_offers_login_and_no_staff_tools(client):
    content = text(page(client))
    assert "/accounts/login/" in content
    assert "/regions/export/" not in content
    assert "/admin/" not in content
    assert "/accounts/jobs/" not in content


# HQ ---------------------------------------------------------------------------------------------


def test_hq_home_lists_the_seven_zones(client, hq_user):
    response = page(client, hq_user)
    for name in ZONE_NAMES:
        zone_row(response, name)


def test_hq_home_shows_both_leads_of_northeast_as_leads(client, hq_user):
    _name, _kind, leads, members = zone_row(page(client, hq_user), "东北片区")
    assert set(leads.split()) == {"吉林", "黑龙江"}
    assert set(members.split()) == {"北京", "天津", "河北", "内蒙古", "辽宁"}


def test_hq_home_shows_the_kind_of_each_zone(client, hq_user):
    response = page(client, hq_user)
    assert zone_row(response, "东北片区")[1] == "片区"
    assert zone_row(response, "京津冀专区")[1] == "专区"


def test_hq_home_counts_35_bureaus_and_offers_the_export(client, hq_user):
    content = text(page(client, hq_user))
    assert "35 个直属局" in content
    assert "/regions/export/" in content


def test_hq_home_links_every_zone(client, hq_user):
    content = text(page(client, hq_user))
    for code in ("southwest", "central_west", "northeast", "southeast", "east", "jingjinji"):
        assert f"/regions/zones/{code}/" in content


def test_hq_home_query_count_is_small(client, hq_user):
    client.force_login(hq_user)
    with CaptureQueriesContext(connection) as queries:
        page(client)
    # Six for the page, sixteen for HQ's to-do counts (casework.todo; none waiting: no items
    # read; the expert recommendations awaiting admission the eleventh, the objections to a
    # public notice awaiting HQ's decision the twelfth, the risk signals and measures awaiting
    # HQ the thirteenth and fourteenth, the 京津冀 emergencies not notified in time the
    # fifteenth, the cooperation's action plans awaiting review the sixteenth), kept for 30 s
    # per user.
    assert len(queries) <= 22


def test_hq_home_query_count_does_not_grow_with_zones(client, hq_user):
    client.force_login(hq_user)
    with CaptureQueriesContext(connection) as shipped:
        page(client)
    hubei = Bureau.objects.get(code="hubei")
    for i in range(20):
        bureau = Bureau.objects.create(code=f"extra{i}", name=f"附加{i}", full_name=f"附加{i}局")
        zone = Zone.objects.create(code=f"zone{i}", name=f"附加片区{i}", kind="district")
        ZoneMembership.objects.create(zone=zone, bureau=bureau, role="lead")
        ZoneMembership.objects.create(zone=zone, bureau=hubei, role="member")
    with CaptureQueriesContext(connection) as grown:
        response = page(client)
    zone_row(response, "附加片区19")
    assert len(grown) == len(shipped)


# Bureau -----------------------------------------------------------------------------------------


def test_bureau_home_shows_its_full_name(client, bureau_user):
    assert "<h1>湖北出入境检验检疫局</h1>" in text(page(client, bureau_user))


def test_bureau_home_shows_its_two_zones_and_no_other(client, bureau_user):
    content = text(page(client, bureau_user))
    assert "西南片区" in content
    assert "中西片区" in content
    for other in ("东北片区", "东南片区", "东部片区", "京津冀专区", "自贸区专区"):
        assert other not in content


def test_bureau_home_shows_its_zone_partners(client, bureau_user):
    cells = {cell for row in table_rows(page(client, bureau_user)) for cell in row}
    assert "重庆出入境检验检疫局" in cells  # lead of 西南片区
    assert "河南出入境检验检疫局" in cells  # lead of 中西片区
    assert "江苏出入境检验检疫局" not in cells


def test_plain_bureau_is_a_member_not_a_lead(client, bureau_user):
    content = text(page(client, bureau_user))
    assert "本局：成员单位" in content
    assert "本局：牵头单位" not in content
    assert "片区牵头" not in content


def test_zone_lead_home_says_it_is_the_lead(client, lead_bureau_user):
    content = text(page(client, lead_bureau_user))
    assert "<h1>重庆出入境检验检疫局</h1>" in content
    assert "本局：牵头单位" in content
    assert "片区牵头" in content


def test_zone_lead_home_counts_the_bureaus_in_its_scope(client, lead_bureau_user):
    # 西南片区: 重庆 and seven members.
    assert "8 个直属局" in text(page(client, lead_bureau_user))


def test_bureau_home_has_no_enterprise_or_agency_data(client, bureau_user, enterprise_user):
    content = text(page(client, bureau_user))
    assert enterprise_user.enterprise.name not in content
    assert enterprise_user.enterprise.uscc not in content


# Enterprise -------------------------------------------------------------------------------------


def test_enterprise_home_shows_its_name_uscc_and_bureau(client, enterprise_user):
    enterprise = enterprise_user.enterprise
    content = text(page(client, enterprise_user))
    assert enterprise.name in content
    assert "统一社会信用代码" in content
    assert enterprise.uscc in content
    assert "北京出入境检验检疫局" in content


def test_enterprise_home_does_not_show_another_enterprise(client, enterprise_user):
    other = factories.EnterpriseFactory(
        name="重庆另一家生态企业有限公司", bureau=factories.bureau("chongqing")
    )
    content = text(page(client, enterprise_user))
    assert other.name not in content
    assert other.uscc not in content
    assert "重庆出入境检验检疫局" not in content


def test_enterprise_home_has_no_zone_table_or_staff_tools(client, enterprise_user):
    content = text(page(client, enterprise_user))
    for name in ZONE_NAMES:
        assert name not in content
    assert "/regions/" not in content
    assert "/regions/export/" not in content


# Agency and inspector ---------------------------------------------------------------------------


def test_agency_home_shows_its_agency(client, agency_user):
    assert agency_user.agency.name in text(page(client, agency_user))


def test_agency_home_does_not_show_another_agency_or_enterprise(
    client, agency_user, enterprise_user
):
    other = factories.AgencyFactory(name="另一家评定机构")
    content = text(page(client, agency_user))
    assert other.name not in content
    assert enterprise_user.enterprise.name not in content
    for name in ZONE_NAMES:
        assert name not in content


def test_inspector_home_shows_its_bureau(client, inspector_user):
    content = text(page(client, inspector_user))
    assert "江苏出入境检验检疫局" in content
    assert "检查员" in content


def test_inspector_home_shows_no_zone_or_enterprise_data(client, inspector_user, enterprise_user):
    content = text(page(client, inspector_user))
    assert enterprise_user.enterprise.name not in content
    for name in ZONE_NAMES:
        assert name not in content
    assert "/regions/export/" not in content


# Navigation -------------------------------------------------------------------------------------


def test_staff_user_sees_the_admin_link(client):
    staff = factories.hq(username="hq-staff", is_staff=True)
    content = text(page(client, staff))
    assert "管理后台" in content
    assert 'href="/admin/"' in content


@pytest.mark.parametrize(
    "persona",
    [
        "hq_user",
        "bureau_user",
        "lead_bureau_user",
        "enterprise_user",
        "agency_user",
        "inspector_user",
    ],
)
def test_non_staff_users_do_not_see_the_admin_link(client, persona, request):
    user = request.getfixturevalue(persona)
    assert not user.is_staff
    content = text(page(client, user))
    assert "管理后台" not in content
    assert 'href="/admin/"' not in content


def test_anonymous_does_not_see_the_admin_link(client):
    assert "管理后台" not in text(page(client))


# Staff of the other organisations (SPEC §8) -----------------------------------------------------

ORGANISATION_KINDS = [
    ("local_government", "hubei", "湖北省人民政府"),
    ("hq_department", None, None),  # a shipped department: 卫生检疫监管司
    ("association", "jiangxi", "江西省茶叶行业协会"),
    ("zone_operator", "guangxi", "广西凭祥国检试验区运营管理有限公司"),
    ("quality_authority", "hebei", "河北省质量技术监督局"),
]


def _organisation(kind, bureau_code, name):
    from regions.models import Organisation

    if kind == "hq_department":
        return Organisation.objects.get(code="weisheng")
    return factories.OrganisationFactory(kind=kind, bureau=factories.bureau(bureau_code), name=name)


@pytest.mark.parametrize(("kind", "bureau_code", "name"), ORGANISATION_KINDS)
def test_organisation_staff_home_shows_its_organisation_and_colleagues(
    client, kind, bureau_code, name
):
    organisation = _organisation(kind, bureau_code, name)
    user = factories.organisation_staff(organisation, username="org-me", first_name="本人")
    factories.organisation_staff(organisation, username="org-colleague", first_name="同事甲")
    content = text(page(client, user))
    assert f"<h1>{organisation.name}</h1>" in content
    assert organisation.get_kind_display() in content
    assert "org-colleague" in content and "同事甲" in content
    if bureau_code:
        assert factories.bureau(bureau_code).full_name in content


@pytest.mark.parametrize(("kind", "bureau_code", "name"), ORGANISATION_KINDS)
def test_organisation_staff_home_shows_nobody_else(client, kind, bureau_code, name):
    organisation = _organisation(kind, bureau_code, name)
    other = factories.OrganisationFactory(name="另一个组织机构")
    factories.organisation_staff(other, username="stranger")
    content = text(page(client, factories.organisation_staff(organisation, username="org-me")))
    assert "另一个组织机构" not in content
    assert "stranger" not in content
    for zone in ZONE_NAMES:
        assert zone not in content
    assert "/regions/organisations/" not in content  # the list is for HQ and bureaus
    assert "/admin/" not in content
