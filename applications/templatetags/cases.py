"""Case snippets for lists of many rows, written in Python: a worklist page shows 50 cases, and
an `{% include %}`, a `{% url %}` and a `|date` per row cost more than the page's SQL
(docs/performance.md)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_MARK = 918273645  # a case id no real case has, to split the reversed URL around


@lru_cache(maxsize=16)
def _url_parts(name: str, prefix: str, urlconf) -> tuple[str, str]:
    head, tail = reverse(name, args=[_MARK], urlconf=urlconf).split(str(_MARK))
    return head, tail


@register.filter
def case_url(pk) -> str:
    """`{% url 'cases:detail' pk %}`, reversed once per process instead of once per row."""
    head, tail = _url_parts("cases:detail", get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


@register.filter
def local_time(value, fmt: str = "%m-%d %H:%M") -> str:
    """A datetime in the current time zone as `fmt` (strftime), e.g. `|date:"m-d H:i"`."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime(fmt)


@register.simple_tag(takes_context=True)
def case_state(context, case) -> str:
    """状态 / 时限: the state, the running deadline (逾期 once `today` is past it), 已上报总局, and
    a draft shared for 一对一指导."""
    html = format_html('<span class="state {}">{}</span>', case.state, case.get_state_display())
    if case.due_date:
        today = context.get("today") or timezone.localdate()
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
    if case.state == "draft" and case.shared_for_guidance:  # seed 000 §6 一对一指导
        html += format_html(' <span class="badge due">{}</span>', _("请求一对一指导"))
    return html
