"""Case snippets for lists of many rows, written in Python: a worklist page shows 50 cases, and
an `{% include %}`, a `{% url %}` and a `|date` per row cost more than the page's SQL
(docs/performance.md)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

_MARK = 918273645  # a case id no real case has, to split the reversed URL around


@lru_cache(maxsize=16)
def _url_parts(name: str, prefix: str, urlconf, args: tuple = ()) -> tuple[str, str]:
    head, tail = reverse(name, args=[_MARK, *args], urlconf=urlconf).split(str(_MARK))
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
    return state_html(case, context.get("today") or timezone.localdate())


def state_html(case, today) -> str:
    """`{% case_state %}` with `today` given."""
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
    if case.state == "draft" and case.shared_for_guidance:  # seed 000 §6 一对一指导
        html += format_html(' <span class="badge due">{}</span>', _("请求一对一指导"))
    return html


@register.simple_tag(takes_context=True)
def staff_case_rows(context, rows, show_bureau: bool) -> str:
    """The rows (applications.selectors.WorklistRow) of the staff worklist (staff/case_list.html),
    written here rather than as a `{% for %}` of the template: a page's 50 rows cost the
    template more than its queries."""
    today = context.get("today") or timezone.localdate()
    url = _row_url("cases:detail")
    lines = []
    for case in rows:
        href = url(case.pk)
        cells = [
            f'<td class="mono"><a href="{href}">{case.pk}</a></td>',
            f'<td><a href="{href}">{escape(case.product_name)}</a></td>',
            f"<td>{escape(case.enterprise)}</td>",
            f"<td>{escape(case.category)}</td>",
        ]
        if show_bureau:
            cells.append(f"<td>{escape(case.bureau)}</td>")
        cells += [
            f"<td>{escape(case.officer) if case.officer else '—'}</td>",
            f"<td>{state_html(case, today)}</td>",
            f"<td>{local_time(case.updated_at)}</td>",
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    # Every value above is escaped (escape, format_html, numbers and reversed URLs).
    return SafeString("\n".join(lines))  # nosec B703


@register.simple_tag(takes_context=True)
def own_case_rows(context, rows) -> str:
    """The rows of an enterprise's own list (enterprise/case_list.html), with the next step a
    case waits for from the enterprise: written here for the reason of `staff_case_rows`."""
    today = context.get("today") or timezone.localdate()
    detail, edit = _row_url("cases:detail"), _row_url("cases:edit")
    choose = _row_url("cases:action", "choose_agency")
    steps = {
        "draft": (edit, _("继续填写")),
        "returned": (edit, _("继续填写")),
        "approved": (choose, _("选择评定机构")),
        "suspended": (detail, _("提交整改")),
    }
    lines = []
    for case in rows:
        step = steps.get(case.state)
        action = f'<a href="{step[0](case.pk)}">{escape(step[1])}</a>' if step else ""
        lines.append(
            f'<tr><td><a href="{detail(case.pk)}">{escape(case.product_name)}</a></td>'
            f"<td>{escape(case.category)}</td>"
            f"<td>{state_html(case, today)}</td>"
            f"<td>{local_time(case.updated_at, '%Y-%m-%d %H:%M')}</td>"
            f"<td>{action}</td></tr>"
        )
    # Every value above is escaped (escape, format_html, numbers and reversed URLs).
    return SafeString("\n".join(lines))  # nosec B703


def _row_url(name: str, *args):
    """`pk -> reverse(name, args=[pk, *args])`, reversed once per process."""
    head, tail = _url_parts(name, get_script_prefix(), get_urlconf(), args)
    return lambda pk: f"{head}{int(pk)}{tail}"
