"""A double-random plan in a test, made and drawn as its managers would by protocol 2 (ADR
0009): the plan declares the next lottery draw (`declared`), its candidate lists are committed
before that day and, on the day, the lottery's numbers are entered and the draw follows
(`drawn`). A test plan's inspection date is at least DAYS_AHEAD days away, after its lottery."""

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from casework import beacon

# One result of each lottery in its canonical spelling (any will do: a test checks what follows
# from the numbers, not which they are).
NUMBERS = {"ssq": "03 07 12 19 25 31 + 09", "dlt": "04 11 18 27 33 + 02 09"}
# The two lotteries draw every day but Friday between them, so the next draw is tomorrow or the
# day after: an inspection this many days ahead comes after it.
DAYS_AHEAD = 3


def noon(day: date) -> datetime:
    """Midday of `day` in the portal's time zone (safe for timezone.localdate())."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def inspection_day() -> date:
    """The soonest inspection date a test plan may have (after its lottery)."""
    return timezone.localdate() + timedelta(days=DAYS_AHEAD)


def declared() -> dict:
    """A new plan's lottery fields: the first draw of either lottery after today."""
    today = timezone.localdate()
    day, source = min((beacon.next_draw_day(key, after=today), key) for key in beacon.SOURCES)
    return {"beacon_source": source, "beacon_date": day}


def declared_form() -> dict:
    """`declared` as a form or an API body sends it."""
    fields = declared()
    return {**fields, "beacon_date": fields["beacon_date"].isoformat()}


def _services(plan):
    """The programme's commit and beacon-entry services of `plan`."""
    if plan._meta.app_label == "supervision":
        from supervision import services

        return services.plan_draw, services.plan_beacon_enter
    from demonstration import services

    return services.zone_plan_draw, services.zone_plan_beacon_enter


def committed(plan, *, actor=None):
    """The plan's candidate lists committed now by `actor` (its maker unless said)."""
    commit, _enter = _services(plan)
    return commit(plan_id=plan.pk, actor=actor or plan.created_by)


def drawn(plan, *, actor=None):
    """The plan committed now (unless it is already) and drawn on its lottery's day by `actor`
    (its maker unless said), who enters the numbers; the plan as drawn."""
    _commit, enter = _services(plan)
    plan = committed(plan, actor=actor)
    with time_machine.travel(noon(plan.beacon_date)):
        return enter(plan=plan, actor=actor or plan.created_by, value=NUMBERS[plan.beacon_source])
