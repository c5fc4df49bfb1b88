"""`{% case_state %}`'s markup, built once per state, deadline kind and language
(applications.templatetags.cases.state_html): the same as written afresh for each case."""

import itertools
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from applications.models import Application
from applications.templatetags.cases import state_html
from applications.workflow import DueKind, State

TODAY = date(2026, 12, 7)


def written_afresh(case, today) -> str:
    """The markup as the tag wrote it for every case before it was kept."""
    html = format_html('<span class="state {}">{}</span>', case.state, case.get_state_display())
    if case.due_date:
        when = case.due_date.strftime("%m-%d")
        if case.due_date < today:
            html += format_html(
                ' <span class="badge overdue" title="{}">{} {}</span>',
                case.get_due_kind_display(),
                _("逾期"),
                when,
            )
        else:
            kind = case.get_due_kind_display()
            html += format_html(
                ' <span class="badge due" title="{}">{} {}</span>', kind, kind, when
            )
    if case.escalated_at:
        html += format_html(' <span class="badge overdue">{}</span>', _("已上报总局"))
    if case.state == "draft" and case.shared_for_guidance:
        html += format_html(' <span class="badge due">{}</span>', _("请求一对一指导"))
    return html


def case(state, due, kind, escalated, shared):
    return SimpleNamespace(
        state=state,
        due_date=due,
        due_kind=kind if due else "",
        escalated_at=datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai")) if escalated else None,
        shared_for_guidance=shared,
        get_state_display=lambda: Application.get_state_display(SimpleNamespace(state=state)),
        get_due_kind_display=lambda: Application.get_due_kind_display(
            SimpleNamespace(due_kind=kind)
        ),
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_state_and_deadline_as_written_afresh(language):
    dues = [None, date(2026, 12, 6), TODAY, date(2027, 1, 5)]
    with translation.override(language):
        for state, due, kind, escalated, shared in itertools.product(
            State.values, dues, DueKind.values, [False, True], [False, True]
        ):
            one = case(state, due, kind, escalated, shared)
            # Twice: built, then kept.
            assert state_html(one, TODAY) == written_afresh(one, TODAY)
            assert state_html(one, TODAY) == written_afresh(one, TODAY)


def test_the_kept_markup_follows_the_language():
    one = case(State.SUBMITTED, date(2026, 12, 1), DueKind.values[0], True, False)
    with translation.override("zh-hans"):
        chinese = state_html(one, TODAY)
    with translation.override("en"):
        english = state_html(one, TODAY)
    assert "逾期" in chinese and "逾期" not in english
    assert chinese != english
