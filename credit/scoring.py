"""The credit rule applied to one enterprise's facts (pure: no query). The explanation's points
add up to the score exactly: the base of 100, one line per fact (its deduction, after the rule's
decay), and where the deductions pass 100, one line bringing the score back to its floor of 0."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from casework.credit import CreditFact

BASE = 100


@dataclass(frozen=True)
class Score:
    score: int
    grade: str
    lines: list[dict]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 2月29日
        return day.replace(year=day.year - years, day=28)


def _percent(rule, fact: CreditFact, today: date) -> tuple[int, str]:
    """The share of the fact's weight that counts (in %), and why it is less than all."""
    if fact.occurred_on < _years_before(today, rule.ignore_after_years):
        return 0, _("超过 %(years)s 年，不再计分") % {"years": rule.ignore_after_years}
    percent, notes = 100, []
    if fact.ended_on is not None:
        percent = percent * rule.ended_percent // 100
        notes.append(_("已结束，按 %(p)s%% 计分") % {"p": rule.ended_percent})
    if fact.occurred_on < _years_before(today, rule.half_after_years):
        percent //= 2
        notes.append(_("超过 %(years)s 年，减半计分") % {"years": rule.half_after_years})
    return percent, "；".join(notes)


def score(rule, facts: list[CreditFact], today: date) -> Score:
    lines = [{"label": _("基础分"), "points": BASE}]
    total = BASE
    listed = False
    for fact in sorted(facts, key=lambda f: (f.occurred_on, f.kind, f.reference)):
        percent, note = _percent(rule, fact, today)
        points = -(int(rule.weights.get(fact.kind, 0)) * percent // 100)
        total += points
        listed = listed or (fact.kind == "blacklisted" and fact.ended_on is None)
        lines.append(
            {
                "kind": fact.kind,
                "label": str(fact.label),
                "reference": fact.reference,
                "date": fact.occurred_on.isoformat(),
                "ended_on": fact.ended_on.isoformat() if fact.ended_on else None,
                "source": fact.source,
                "note": note,
                "points": points,
            }
        )
    if total < 0:
        lines.append({"label": _("扣分超过基础分，按 0 分计"), "points": -total})
        total = 0
    # A listed enterprise is D (严重失信) whatever its score (§二.12: 失信惩戒).
    grade = "D" if listed else rule.grade_of(total)
    return Score(score=total, grade=grade, lines=lines)
