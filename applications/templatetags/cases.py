"""Case snippets for lists of many rows, written in Python: a worklist page shows 50 cases, and
an `{% include %}`, a `{% url %}` and a `|date` per row cost more than the page's SQL
(docs/performance.md). The case page's history, documents and materials checklist likewise,
the first two from values() rows: a `{% for %}` over records with their users was the costliest
part of rendering the page, mostly for reading the records."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from applications.models import CaseDocument
from applications.workflow import State

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
    """`{% case_state %}` with `today` given. The markup around the deadline's date is the same
    for every case of one state, deadline kind and language: built once per process."""
    due = case.due_date
    before, after = _state_markup(
        get_language(),
        case.state,
        case.due_kind if due else None,
        bool(due and due < today),
        bool(case.escalated_at),
        case.state == "draft" and bool(case.shared_for_guidance),
        case,
    )
    when = due.strftime("%m-%d") if due else ""
    # A date (digits and a dash) between markup built by format_html.
    return SafeString(f"{before}{when}{after}")  # nosec B703


def _state_markup(language, state, due_kind, overdue, escalated, guidance, case):
    """The markup for every case like `case` (its labels are those of its state and kind)."""
    key = (language, state, due_kind, overdue, escalated, guidance)
    markup = _STATE_MARKUP.get(key)
    if markup is None:
        before = format_html('<span class="state {}">{}</span>', state, case.get_state_display())
        after = ""
        if due_kind is not None:
            kind = case.get_due_kind_display()
            if overdue:
                before += format_html(
                    ' <span class="badge overdue" title="{}">{} ', kind, _("逾期")
                )
            else:
                before += format_html(' <span class="badge due" title="{}">{} ', kind, kind)
            after = "</span>"
        if escalated:
            after += format_html(' <span class="badge overdue">{}</span>', _("已上报总局"))
        if guidance:  # seed 000 §6 一对一指导
            after += format_html(' <span class="badge due">{}</span>', _("请求一对一指导"))
        markup = _STATE_MARKUP[key] = (before, after)
    return markup


# (language, state, deadline kind, overdue, escalated, shared for guidance) → the markup before
# and after the deadline's date: a few dozen entries, all from translated labels.
_STATE_MARKUP: dict[tuple, tuple[str, str]] = {}


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


@lru_cache(maxsize=16)
def _document_url_parts(prefix: str, urlconf) -> tuple[str, str, str]:
    head, middle, tail = reverse(
        "cases:document_download", args=[_MARK, _MARK], urlconf=urlconf
    ).split(str(_MARK))
    return head, middle, tail


@register.simple_tag
def case_documents_table(case, documents) -> str:
    """The table of the case's documents (includes/case_documents.html), each linked to its
    access-checked, logged download: `documents` (applications.documents.documents_shown) is
    what the view let the user read."""
    head, middle, tail = _document_url_parts(get_script_prefix(), get_urlconf())
    case_url = f"{head}{int(case.pk)}{middle}"
    kinds = dict(CaseDocument.Kind.choices)
    rows = []
    for document in documents:
        uploader = _person(document, "uploaded_by")
        rows.append(
            f'<tr><td><a href="{case_url}{int(document["pk"])}{tail}">'
            f"{escape(document['original_name'])}</a></td>"
            f"<td>{escape(kinds.get(document['kind'], document['kind']))}</td>"
            f"<td>{escape(filesizeformat(document['size']))}</td>"
            f"<td>{escape(uploader)}</td>"
            f"<td>{local_time(document['uploaded_at'], '%Y-%m-%d %H:%M')}</td></tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="5" class="muted">{escape(_("尚无材料。"))}</td></tr>')
    labels = (_("文件"), _("类别"), _("大小"), _("上传人"), _("上传时间"))
    header = "".join(f"<th>{escape(label)}</th>" for label in labels)
    # Every value above is escaped (escape, numbers and reversed URLs).
    return SafeString(  # nosec B703
        f'<table class="table">\n  <thead><tr>{header}</tr></thead>\n  <tbody>\n'
        + "\n".join(rows)
        + "\n  </tbody>\n</table>"
    )


@register.simple_tag
def case_history_list(history) -> str:
    """流转记录 (includes/case_history.html): one item per fired transition, oldest first, from
    applications.selectors.case_history_shown."""
    states = dict(State.choices)
    system = escape(_("系统"))
    reason = escape(_("理由："))
    items = []
    for entry in history:
        who = escape(_person(entry, "actor")) if entry["actor_id"] is not None else system
        item = (
            f'<li><div class="when">{local_time(entry["created_at"], "%Y-%m-%d %H:%M")}</div>'
            f'<div class="what"><strong>{escape(states.get(entry["to_state"], entry["to_state"]))}'
            f'</strong> <span class="muted">{who}</span></div>'
        )
        if entry["reason"]:
            item += f'<div class="reason">{reason}{escape(entry["reason"])}</div>'
        if entry["comment"]:
            item += f'<div class="comment">{escape(entry["comment"])}</div>'
        items.append(f"{item}</li>")
    if not items:
        items.append(f'<li class="muted empty">{escape(_("尚无流转记录。"))}</li>')
    # Every value above is escaped (escape and local_time's digits).
    return SafeString('<ol class="timeline">\n' + "\n".join(items) + "\n</ol>")  # nosec B703


def _person(row: dict, field: str) -> str:
    """The user `field` of a values() row by name, as `get_full_name|default:username` shows
    them (AbstractUser.get_full_name: first and last name, space-separated)."""
    full = f"{row[f'{field}__first_name']} {row[f'{field}__last_name']}".strip()
    return full or row[f"{field}__username"]


@register.simple_tag
def materials_table(materials, with_inputs) -> str:
    """The table of 申报材料清单 (includes/materials_checklist.html): each item, required or
    optional, done or missing; `with_inputs` (the upload form, if any) adds a file input per
    item, whose label is the item's name."""
    required = f'<span class="badge due">{escape(_("必须提交"))}</span>'
    optional = f'<span class="badge">{escape(_("可选"))}</span>'
    missing = f'<span class="badge overdue materials-missing">✗ {escape(_("尚未上传"))}</span>'
    rows = []
    for item in materials:
        requirement = item.requirement
        pk = int(requirement.pk)
        name = escape(requirement.display_name)
        cell = f'<label for="id_req_{pk}">{name}</label>' if with_inputs else name
        if requirement.description:
            cell += f'<br><span class="muted small">{escape(requirement.description)}</span>'
        if item.done:
            files = ngettext("%(n)s 个文件", "%(n)s 个文件", item.files) % {"n": item.files}
            state = f'<span class="badge ok materials-done">✓ {escape(files)}</span>'
        elif item.missing:
            state = missing
        else:
            state = '<span class="muted">—</span>'
        row = f"<tr><td>{cell}</td><td>{required if requirement.required else optional}</td>"
        row += f"<td>{state}</td>"
        if with_inputs:
            row += (
                f'<td><input type="file" name="req_{pk}" id="id_req_{pk}" multiple accept='
                '".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"></td>'
            )
        rows.append(f"{row}</tr>")
    if not rows:
        empty = escape(_("材料清单为空。"))
        rows.append(f'<tr><td colspan="{4 if with_inputs else 3}" class="muted">{empty}</td></tr>')
    labels = [_("材料"), _("要求"), _("已上传")] + ([_("选择文件")] if with_inputs else [])
    header = "".join(f"<th>{escape(label)}</th>" for label in labels)
    # Every value above is escaped (escape and numbers).
    return SafeString(  # nosec B703
        f'<table class="table">\n    <thead><tr>{header}</tr></thead>\n    <tbody>\n'
        + "\n".join(rows)
        + "\n    </tbody>\n  </table>"
    )
