"""The one way any programme's case changes state."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from .exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from .programmes import Programme

logger = logging.getLogger(__name__)


def case_transition(
    *,
    programme: Programme,
    case,
    name: str,
    actor,
    reason: str = "",
    comment: str = "",
    **data,
):
    """Fire transition `name` of `programme` on `case` as `actor` (None: the system).

    Checks the caller (403), locks the row and re-checks the state (409: not allowed now, or
    another user was faster), checks the body (400), applies the model's transition, and in the
    same transaction runs the deadline clock, writes what the programme writes beside the case
    and the history row; what must wait for the commit (PDFs, e-mail) is queued then. Nothing
    changes on an error.
    """
    rule = programme.rules.get(name)
    if rule is None:
        raise InvalidTransitionInput(_("未知的操作：%(name)s") % {"name": name})
    with transaction.atomic():
        locked = (
            programme.case_model.objects.select_for_update(of=("self",))
            .select_related(*programme.lock_related)
            .get(pk=case.pk)
        )
        if not programme.permitted(locked, name, actor):
            raise TransitionForbidden()
        method = getattr(locked, programme.method_name(name))
        if not can_proceed(method, check_conditions=False):
            raise TransitionNotAllowed()
        if not can_proceed(method):
            raise programme.condition_refused(locked, name)
        reason, comment = reason.strip(), comment.strip()
        if rule.needs_reason and not reason:
            raise InvalidTransitionInput(field_errors={"reason": [_("此操作必须填写理由。")]})
        arguments, record = programme.prepare(name, locked, actor, comment=comment, **data)
        from_state = locked.state
        method(actor=actor, reason=reason, comment=comment, **arguments)
        programme.run_clock(locked, name, from_state)
        locked.save()
        later = programme.after_transition(locked, name, actor, arguments, record)
        entry = programme.history_model.objects.create(
            **{programme.history_case_field: locked},
            transition=name,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            reason=reason,
            comment=comment,
            data=record,
        )
        later += programme.on_recorded(entry)
        for effect in later:
            # The transition has happened once this runs: a side effect that fails (a broker
            # down, an eager task raising) is logged, never an error answer for a done change.
            transaction.on_commit(effect, robust=True)
    return locked
