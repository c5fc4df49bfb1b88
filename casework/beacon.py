"""The public randomness of a version-2 draw (ADR 0009): the official result of a named lottery
draw, declared by the plan's maker before the candidate lists are committed, and entered once
it is public. Nobody, HQ included, knows it when the commitment is made, and anyone can check it
against the lottery's own announcement. Each source says on which weekdays it draws and what its
result looks like; a value is stored in one canonical spelling (each group's numbers two digits,
ascending, groups joined by " + "), whatever order or separators were typed."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    label: str
    weekdays: frozenset  # date.weekday() of its draw days: Monday is 0
    groups: tuple  # (count, lowest, highest) of each group of numbers, in order
    example: str


SOURCES = {
    # 中国福利彩票双色球: Tuesday, Thursday and Sunday; 6 red of 01–33 and 1 blue of 01–16.
    "ssq": Source(
        label=_("中国福利彩票双色球"),
        weekdays=frozenset({1, 3, 6}),
        groups=((6, 1, 33), (1, 1, 16)),
        example="03 07 12 19 25 31 + 09",
    ),
    # 中国体育彩票超级大乐透: Monday, Wednesday and Saturday; 5 of 01–35 and 2 of 01–12.
    "dlt": Source(
        label=_("中国体育彩票超级大乐透"),
        weekdays=frozenset({0, 2, 5}),
        groups=((5, 1, 35), (2, 1, 12)),
        example="04 11 18 27 33 + 02 09",
    ),
}


def choices() -> list[tuple[str, str]]:
    return [(key, source.label) for key, source in SOURCES.items()]


def next_draw_day(source_key: str, *, after: date) -> date:
    """The first day after `after` on which `source_key`, one of SOURCES, draws."""
    day = after + timedelta(days=1)
    while day.weekday() not in SOURCES[source_key].weekdays:
        day += timedelta(days=1)
    return day


def date_errors(source_key: str, on: date, *, today: date, planned_date) -> list[str]:
    """Why `on` cannot be the declared draw of `source_key`, one of SOURCES (empty when it can):
    the source must draw on that weekday, after today and before the inspection date."""
    errors = []
    if on.weekday() not in SOURCES[source_key].weekdays:
        errors.append(str(_("所选彩票在该日期不开奖。")))
    if on <= today:
        errors.append(str(_("开奖日期应晚于今天：承诺公布时，该随机数必须还无人知道。")))
    if planned_date is not None and on >= planned_date:
        errors.append(str(_("开奖日期应早于检查日期。")))
    return errors


def normalise(source_key: str, value: str) -> str:
    """The canonical spelling of a result of `source_key`; ValueError with the reason if `value`
    is not one (wrong count, out of range, repeated within a group)."""
    source = SOURCES[source_key]
    numbers = [int(n) for n in re.findall(r"\d+", value or "")]
    wanted = sum(count for count, _low, _high in source.groups)
    if len(numbers) != wanted or re.search(r"[^\d\s,，+、|/;-]", value or ""):
        raise ValueError(
            str(_("开奖号码格式不对，应为 %(n)s 个号码，例如 %(example)s。"))
            % {"n": wanted, "example": source.example}
        )
    parts, start = [], 0
    for count, low, high in source.groups:
        group = numbers[start : start + count]
        start += count
        if any(not low <= n <= high for n in group) or len(set(group)) != count:
            raise ValueError(
                str(_("开奖号码超出范围或重复，应为 %(n)s 个号码，例如 %(example)s。"))
                % {"n": wanted, "example": source.example}
            )
        parts.append(" ".join(f"{n:02d}" for n in sorted(group)))
    return " + ".join(parts)
