"""称号查验 of a withdrawn title says when it was withdrawn, as well as why (issue 15 point 5):
the zone's title, and each 示范企业's title withdrawn on its own or with the zone's."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from demonstration.services import enterprise_transition, zone_transition

pytestmark = pytest.mark.django_db


def later_day(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(10), tzinfo=timezone.get_default_timezone())


def fact(page: str, term: str) -> str | None:
    found = re.search(rf"<dt>{re.escape(term)}</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    return found.group(1).strip() if found else None


def row_of(page: str, number: str) -> str:
    return re.search(rf"<tr><td class=\"mono\">{re.escape(number)}</td>.*?</tr>", page, re.S)[0]


def test_the_withdrawal_dates_of_the_zone_and_its_enterprises_are_shown(
    client, make_zone, make_enterprise, hq, django_assert_max_num_queries
):
    zone = make_zone("designated")
    first = make_enterprise(zone, "granted", name="先被撤销称号有限公司")
    second = make_enterprise(zone, "granted", name="随示范区撤销称号有限公司")
    with time_machine.travel(later_day(2), tick=False):
        enterprise_transition(
            enterprise=first, name="withdraw_title", actor=hq, reason="出口产品恶意违法"
        )
    # Still designated: the zone has no withdrawal date, the enterprise has its own.
    page = client.get(f"/public/demonstration-zones/verify/{zone.number}/").content.decode()
    assert fact(page, "撤销日期") is None
    assert f"撤销日期：{later_day(2).date().isoformat()}" in row_of(page, first.number)
    assert "撤销日期" not in row_of(page, second.number)

    with time_machine.travel(later_day(9), tick=False):
        zone_transition(zone=zone, name="withdraw_title", actor=hq, reason="发生系统性质量事故。")
    with django_assert_max_num_queries(3):
        response = client.get(f"/public/demonstration-zones/verify/{zone.number}/")
    page = response.content.decode()
    assert fact(page, "撤销日期") == later_day(9).date().isoformat()
    assert "发生系统性质量事故。" in page
    assert f"撤销日期：{later_day(2).date().isoformat()}" in row_of(page, first.number)
    assert f"撤销日期：{later_day(9).date().isoformat()}" in row_of(page, second.number)
