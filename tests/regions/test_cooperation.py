"""The 京津冀 cooperation's members (seed 003): each of the three places acts through its bureau
and its quality authority; 认监委 and 标准委 are members without a place; HQ leads; everyone
else, and an authority outside the three places, is no member."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from regions.cooperation import PLACES, is_member, place_of, quality_authorities, unit_of
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


def authority(code: str) -> Organisation:
    return OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=bureau(code)
    )


def department_staff(code: str):
    return organisation_staff(Organisation.objects.get(code=code))


@pytest.mark.parametrize("code", PLACES)
def test_a_places_bureau_and_quality_authority_act_for_it(code):
    clerk, checker = bureau_staff(code), inspector(code)
    staff = organisation_staff(authority(code))
    for user in (clerk, checker, staff):
        assert place_of(user) == code
        assert is_member(user)
    assert unit_of(clerk) == bureau(code)
    assert unit_of(staff) == staff.organisation


def test_the_member_departments_and_hq_are_members_without_a_place():
    for user in (department_staff("renjianwei"), department_staff("biaozhunwei"), hq()):
        assert place_of(user) is None
        assert is_member(user)
    assert unit_of(department_staff("biaozhunwei")).name == "国家标准化管理委员会"
    assert unit_of(hq()) is None


def test_everyone_else_is_no_member():
    outsiders = [
        AnonymousUser(),
        bureau_staff("jiangsu"),
        inspector("jiangsu"),
        organisation_staff(authority("jiangsu")),
        department_staff("tongguan"),
        enterprise_staff(),
        agency_staff(),
        organisation_staff(OrganisationFactory(kind=Organisation.Kind.ASSOCIATION)),
        UserFactory(role=Role.EXPERT, bureau=bureau("beijing")),
    ]
    for user in outsiders:
        assert place_of(user) is None
        assert not is_member(user)
        assert unit_of(user) is None


def test_an_inactive_authority_no_longer_acts_for_its_place():
    staff = organisation_staff(authority("tianjin"))
    Organisation.objects.filter(pk=staff.organisation_id).update(is_active=False)
    staff.organisation.refresh_from_db()
    assert place_of(staff) is None
    assert not is_member(staff)
    assert not quality_authorities().exists()
