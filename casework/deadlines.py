"""Working days on the Chinese calendar (法定节假日 and 调休), with HQ's overrides.

chinesecalendar knows the State Council's announcements up to its release; for later years, and
for announcements it does not know yet, HQ records overrides (WorkingDayOverride). Beyond both,
Monday to Friday are working days.
"""

from datetime import date, timedelta

import chinese_calendar

from .models import WorkingDayOverride


class WorkingCalendar:
    """Answers "is this a working day?" for a span of dates with one query for the overrides."""

    def __init__(self, start: date, end: date):
        self.overrides = dict(
            WorkingDayOverride.objects.filter(date__range=(start, end)).values_list(
                "date", "is_working_day"
            )
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5


def _span(start: date, working_days: int) -> date:
    # Long holidays (春节, 国庆) add at most about ten days to a span of working days.
    return start + timedelta(days=working_days * 2 + 20)


def add_working_days(start: date, working_days: int) -> date:
    """The date `working_days` working days after `start` (start itself not counted)."""
    calendar = WorkingCalendar(start, _span(start, working_days))
    day, left = start, working_days
    while left > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end is not after start)."""
    if end <= start:
        return 0
    calendar = WorkingCalendar(start, end)
    return sum(
        calendar.is_working_day(start + timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


def working_days_left(due_dates, *, today: date) -> dict[date, int]:
    """For each of `due_dates`, the working days left from `today` to it: positive while time
    is left (the due date itself counted, today not), 0 on the due date, negative once it has
    passed (minus the working days since, today counted, and at least 1: a deadline passed on
    Friday is overdue on Sunday too). One query for the overrides, whatever the number of
    dates: what a worklist shows beside each deadline."""
    dates = {day for day in due_dates if day is not None}
    if not dates:
        return {}
    calendar = WorkingCalendar(min(min(dates), today), max(max(dates), today))

    def between(start: date, end: date) -> int:
        return sum(
            calendar.is_working_day(start + timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        )

    return {
        day: between(today, day) if day >= today else -max(1, between(day, today)) for day in dates
    }
