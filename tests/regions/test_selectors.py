"""Who may see which bureaus and zones: the scope every later list is built on (SPEC §1)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from regions.models import Bureau, Zone
from regions.selectors import bureaus_in_scope, zones_in_scope
from tests import factories

pytestmark = pytest.mark.django_db

SOUTHWEST = {"chongqing", "hubei", "hunan", "guangxi", "sichuan", "guizhou", "yunnan", "xizang"}
NORTHEAST = {"jilin", "heilongjiang", "beijing", "tianjin", "hebei", "neimenggu", "liaoning"}


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_hq_sees_all_35_bureaus(hq_user):
    assert bureaus_in_scope(user=hq_user).count() == 35
    assert codes(bureaus_in_scope(user=hq_user)) == codes(Bureau.objects.all())


def test_hq_sees_all_seven_zones(hq_user):
    assert codes(zones_in_scope(user=hq_user)) == {
        "southwest",
        "central_west",
        "northeast",
        "southeast",
        "east",
        "jingjinji",
        "ftz",
    }


def test_plain_bureau_user_sees_only_its_own_bureau(bureau_user):
    assert codes(bureaus_in_scope(user=bureau_user)) == {"hubei"}


def test_plain_bureau_user_sees_the_zones_its_bureau_sits_in(bureau_user):
    assert codes(zones_in_scope(user=bureau_user)) == {"southwest", "central_west"}


def test_zone_lead_sees_its_own_bureau_and_every_bureau_of_the_zone_it_leads(lead_bureau_user):
    assert codes(bureaus_in_scope(user=lead_bureau_user)) == SOUTHWEST


def test_zone_lead_sees_only_the_zones_its_bureau_sits_in(lead_bureau_user):
    assert codes(zones_in_scope(user=lead_bureau_user)) == {"southwest"}


def test_zone_lead_scope_does_not_reach_zones_where_a_member_bureau_also_sits(lead_bureau_user):
    # 湖北 and 湖南 also sit in 中西片区, led by 河南: 重庆 does not see 河南 or 山西.
    scope = codes(bureaus_in_scope(user=lead_bureau_user))
    assert "henan" not in scope
    assert "shanxi" not in scope


def test_jilin_leads_northeast_and_sees_its_bureaus():
    jilin = factories.bureau_staff("jilin", username="clerk-jilin")
    assert codes(bureaus_in_scope(user=jilin)) == NORTHEAST


def test_member_of_a_zone_led_by_two_bureaus_sees_only_itself():
    liaoning = factories.bureau_staff("liaoning", username="clerk-liaoning")
    assert codes(bureaus_in_scope(user=liaoning)) == {"liaoning"}
    assert codes(zones_in_scope(user=liaoning)) == {"northeast"}


def test_bureau_leading_two_zones_sees_the_bureaus_of_both():
    # 天津 leads 自贸区专区 and sits in 东北片区 and 京津冀专区 as a member.
    tianjin = factories.bureau_staff("tianjin", username="clerk-tianjin")
    assert codes(bureaus_in_scope(user=tianjin)) == {
        "tianjin",
        "shanghai",
        "fujian",
        "xiamen",
        "guangdong",
        "shenzhen",
        "zhuhai",
    }
    assert codes(zones_in_scope(user=tianjin)) == {"northeast", "jingjinji", "ftz"}


def test_scope_follows_memberships_edited_after_shipping(bureau_user):
    zone = Zone.objects.get(code="central_west")
    zone.memberships.filter(bureau__code="hubei").update(role="lead")
    fresh = type(bureau_user).objects.get(pk=bureau_user.pk)
    assert "shanxi" in codes(bureaus_in_scope(user=fresh))


@pytest.mark.parametrize(
    "persona", ["enterprise_user", "agency_user", "inspector_user"], ids=lambda p: p
)
def test_non_bureau_roles_see_no_bureau(persona, request):
    user = request.getfixturevalue(persona)
    assert not bureaus_in_scope(user=user).exists()


@pytest.mark.parametrize(
    "persona", ["enterprise_user", "agency_user", "inspector_user"], ids=lambda p: p
)
def test_non_bureau_roles_see_no_zone(persona, request):
    user = request.getfixturevalue(persona)
    assert not zones_in_scope(user=user).exists()


def test_expert_sees_no_bureau_and_no_zone():
    expert = factories.UserFactory(
        username="expert-1", role="expert", bureau=factories.bureau("beijing")
    )
    assert not bureaus_in_scope(user=expert).exists()
    assert not zones_in_scope(user=expert).exists()


def test_anonymous_sees_nothing():
    assert not bureaus_in_scope(user=AnonymousUser()).exists()
    assert not zones_in_scope(user=AnonymousUser()).exists()


def test_roles_of_a_zone_lead_include_zone_lead(lead_bureau_user):
    assert lead_bureau_user.roles == ["bureau", "zone_lead"]


@pytest.mark.parametrize("code", ["jilin", "heilongjiang", "jiangsu", "zhejiang", "henan"])
def test_every_lead_bureau_user_is_a_zone_lead(code):
    assert "zone_lead" in factories.bureau_staff(code, username=f"clerk-{code}").roles


def test_roles_of_a_plain_bureau_user_are_bureau_only(bureau_user):
    assert bureau_user.roles == ["bureau"]


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("hq_user", "hq"),
        ("enterprise_user", "enterprise"),
        ("agency_user", "agency"),
        ("inspector_user", "inspector"),
    ],
)
def test_other_roles_never_include_zone_lead(persona, role, request):
    # inspector_user works for 江苏局, which leads 东部片区: zone_lead is for bureau users only.
    assert request.getfixturevalue(persona).roles == [role]
