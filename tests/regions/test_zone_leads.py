"""Which zones a bureau leads, kept in the cache (regions.zone_leads): a bureau user's every
request asks it; a change of the memberships shows at once, in this process and the others."""

import pytest
from django.core.cache import cache

from accounts.models import User
from regions import zone_leads
from regions.models import Zone, ZoneMembership
from tests.factories import bureau_staff, hq

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_a_lead_and_a_member_as_the_seed_says():
    assert fresh(bureau_staff("jiangsu")).led_zone_ids == {Zone.objects.get(code="east").pk}
    assert fresh(bureau_staff("beijing")).led_zone_ids == {Zone.objects.get(code="jingjinji").pk}
    assert not fresh(bureau_staff("shanghai")).is_zone_lead


def test_asked_again_without_a_query(django_assert_num_queries):
    lead, member = bureau_staff("jiangsu"), bureau_staff("shanghai")
    assert fresh(lead).is_zone_lead
    lead, member = fresh(lead), fresh(member)
    with django_assert_num_queries(0):
        assert lead.is_zone_lead
        assert not member.is_zone_lead


def test_a_new_lead_seat_shows_at_once(django_capture_on_commit_callbacks):
    member = bureau_staff("shanghai")
    assert not fresh(member).is_zone_lead
    seat = ZoneMembership.objects.get(zone__code="east", bureau=member.bureau)
    with django_capture_on_commit_callbacks(execute=True):
        seat.role = ZoneMembership.Role.LEAD
        seat.save()
    assert fresh(member).led_zone_ids == {seat.zone_id}


def test_a_seat_removed_shows_at_once(django_capture_on_commit_callbacks):
    lead = bureau_staff("fujian")
    assert fresh(lead).is_zone_lead
    with django_capture_on_commit_callbacks(execute=True):
        ZoneMembership.objects.filter(bureau=lead.bureau, role="lead").get().delete()
    assert not fresh(lead).is_zone_lead


def test_a_read_before_the_commit_is_not_kept(django_capture_on_commit_callbacks):
    """A request that read the memberships between the write and its commit kept what it read;
    the commit drops it again."""
    lead = bureau_staff("fujian")
    with django_capture_on_commit_callbacks(execute=True):
        seat = ZoneMembership.objects.get(bureau=lead.bureau, role="lead")
        seat.role = ZoneMembership.Role.MEMBER
        seat.save()
        cache.set(zone_leads.KEY, {lead.bureau_id: (seat.zone_id,)}, 60)  # the old rows, kept
    assert not fresh(lead).is_zone_lead


def test_not_a_bureau_user_asks_nothing(django_assert_num_queries):

    user = fresh(hq())
    with django_assert_num_queries(0):
        assert user.led_zone_ids == frozenset()
