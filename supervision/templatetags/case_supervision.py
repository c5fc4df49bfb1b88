"""The case page's 整改 and 跟进检查 (ADR 0021): `{% case_supervision case %}` lists those the
signed-in user may see, each linking to its page. Only cases that were ever protected can have
any, so other cases cost no query."""

from django import template

from applications.workflow import CERTIFIED_STATES
from supervision import rectification_selectors as selectors

register = template.Library()


@register.inclusion_tag("includes/case_supervision.html", takes_context=True)
def case_supervision(context, case):
    user = context["request"].user
    if case.state not in CERTIFIED_STATES:
        return {"rectifications": [], "follow_ups": []}
    # The list shows each one's own columns only: none of the rows the selectors join (the case,
    # its enterprise and bureau, …), which cost more to build into SQL than to read.
    return {
        "rectifications": list(
            selectors.rectifications_visible_to(user=user)
            .filter(application=case)
            .select_related(None)
            .only("status", "deadline")
            .order_by("-opened_at", "-pk")
        ),
        "follow_ups": list(
            selectors.follow_ups_visible_to(user=user)
            .filter(application=case)
            .select_related(None)
            .only("status", "outcome", "due_date")
            .order_by("-opened_at", "-pk")
        ),
        "today": context.get("today"),
        "user": user,
    }
