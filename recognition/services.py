"""Every write of mutual recognition: a place's bureau or quality authority records an approval
it granted (the granting unit and place are the recorder's, never input); the withdrawal goes
through the case engine (casework.services.case_transition)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import services as casework
from casework.numbering import next_number
from ecoorigin.exceptions import InvalidInput, NotPermitted
from ecoorigin.validators import checked_date, validate_uscc
from regions.cooperation import place_of, unit_of

from .models import Recognition
from .programme import RECOGNITION
from .workflow import Kind, may_record

LIMITS = {"holder_name": 128, "title": 200, "document_number": 64, "scope": 4000}


def refusal_to_record() -> str:
    return _("只有京津冀三地直属局和质监部门可以登记互认事项。")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _checked(values: dict) -> dict:
    errors: dict[str, list] = {}
    checked = {}
    for field, limit in LIMITS.items():
        text = _text(values.get(field))
        if not text and field != "scope":
            errors[field] = [_("此项为必填项。")]
        elif len(text) > limit:
            errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
        checked[field] = text
    uscc = _text(values.get("holder_uscc")).upper()
    try:
        validate_uscc(uscc)
    except ValidationError as invalid:
        errors["holder_uscc"] = invalid.messages
    checked["holder_uscc"] = uscc
    kind = values.get("kind")
    if kind not in Kind.values:
        errors["kind"] = [_("请选择审批类别。")]
    checked["kind"] = kind
    valid_from = checked_date(values.get("valid_from"), "valid_from", errors, required=True)
    valid_until = checked_date(values.get("valid_until"), "valid_until", errors, required=False)
    if valid_from and valid_until and valid_until <= valid_from:
        errors["valid_until"] = [_("有效期至应晚于有效期起。")]
    checked["valid_from"], checked["valid_until"] = valid_from, valid_until
    if errors:
        raise InvalidInput(field_errors=errors)
    return checked


def recognition_record(*, actor: User, **values) -> Recognition:
    """登记互认事项: a bureau clerk or quality authority staff member of one of the three places
    records an approval its unit granted; the unit and place are the actor's."""
    if not may_record(actor):
        raise NotPermitted(refusal_to_record())
    checked = _checked(values)
    unit = unit_of(actor)
    place = place_of(actor)
    with transaction.atomic():
        year = timezone.localdate().year
        recognition = Recognition.objects.create(
            number=f"JJJHR-{year}-{next_number(f'recognition:{year}'):04d}",
            granting_bureau=unit if actor.role == Role.BUREAU else None,
            granting_authority=unit if actor.role == Role.QUALITY_AUTHORITY else None,
            place=place,
            recorded_by=actor,
            **checked,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=recognition,
            changes={"holder_uscc": recognition.holder_uscc, "kind": recognition.kind},
            source="web",
        )
    return recognition


def recognition_transition(
    *, recognition: Recognition, name: str, actor: User | None, reason: str = "", **data
) -> Recognition:
    """Fire `name` (withdraw) through the case engine (403 → lock → 409 → 400, history)."""
    return casework.case_transition(
        programme=RECOGNITION, case=recognition, name=name, actor=actor, reason=reason, **data
    )


def recognition_withdraw(*, recognition: Recognition, actor: User, reason: str) -> Recognition:
    """撤回: ends the recognition in all three places."""
    return recognition_transition(
        recognition=recognition, name="withdraw", actor=actor, reason=reason or ""
    )
