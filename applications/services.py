"""Every write to a protection case. `case_transition` is the one way a case changes state."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import Role, User

from . import workflow as wf
from .exceptions import (
    EnterpriseNotConfirmed,
    InvalidTransitionInput,
    TransitionForbidden,
    TransitionNotAllowed,
)
from .models import (
    Application,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    EvaluationPlan,
    ProductCategory,
)
from .workflow import State

EDITABLE_STATES = {State.DRAFT, State.RETURNED}
EDITABLE_FIELDS = ("product_name", "category", "origin_place", "description")


def transition_permission(name: str):
    """The permission callable declared on the model's transition method."""
    meta = getattr(Application, wf.method_name(name))._django_fsm
    return next(iter(meta.transitions.values())).permission


def case_may_fire(*, case: Application, name: str, actor: User) -> bool:
    """Whether `actor` may fire `name` on `case` now (permission, state and conditions)."""
    method = getattr(case, wf.method_name(name))
    return bool(transition_permission(name)(case, actor)) and can_proceed(method)


def case_create(
    *,
    actor: User,
    product_name: str,
    category: ProductCategory,
    origin_place: str,
    description: str = "",
    renewal_of: Application | None = None,
) -> Application:
    """An enterprise starts a case (草稿) for one of its products; its bureau comes with it."""
    if actor.role != Role.ENTERPRISE:
        raise TransitionForbidden(_("只有企业用户可以在线申报。"))
    if renewal_of is not None and renewal_of.enterprise_id != actor.enterprise_id:
        raise TransitionForbidden()
    enterprise = actor.enterprise
    return Application.objects.create(
        enterprise=enterprise,
        bureau_id=enterprise.bureau_id,
        category=category,
        product_name=product_name,
        origin_place=origin_place,
        description=description,
        renewal_of=renewal_of,
    )


def case_update(*, case: Application, actor: User, **fields) -> Application:
    """The enterprise edits its draft, or its case returned for correction (补正)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidTransitionInput(field_errors={f: [_("该字段不可修改。")] for f in unknown})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if not wf.is_owner(locked, actor):
            raise TransitionForbidden(_("只有申报企业可以修改申报材料。"))
        if locked.state not in EDITABLE_STATES:
            raise TransitionNotAllowed(_("只有草稿或退回补正的申请可以修改。"))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def case_transition(
    *,
    case: Application,
    name: str,
    actor: User,
    reason: str = "",
    comment: str = "",
    **data,
) -> Application:
    """Fire transition `name` on `case` as `actor`.

    Checks the caller (403), locks the row and re-checks the state (409: not allowed now, or
    another user was faster), checks the body (400), applies the model's transition, and writes
    the history row and any certificate in the same transaction. Nothing changes on an error.
    """
    if name not in wf.RULES:
        raise InvalidTransitionInput(_("未知的操作：%(name)s") % {"name": name})
    rule = wf.RULES[name]
    permission = transition_permission(name)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("enterprise", "plan", "category")
            .get(pk=case.pk)
        )
        if not permission(locked, actor):
            raise TransitionForbidden()
        method = getattr(locked, wf.method_name(name))
        if not can_proceed(method, check_conditions=False):
            raise TransitionNotAllowed()
        if not can_proceed(method):
            raise EnterpriseNotConfirmed() if name == "submit" else TransitionNotAllowed()
        reason, comment = reason.strip(), comment.strip()
        if rule.needs_reason and not reason:
            raise InvalidTransitionInput(field_errors={"reason": [_("此操作必须填写理由。")]})
        arguments, record = _prepare(name, locked, actor, comment=comment, **data)
        from_state = locked.state
        method(actor=actor, reason=reason, comment=comment, **arguments)
        locked.save()
        if name == "certify":
            certificate = _issue_certificate(locked, actor, **arguments)
            record["certificate"] = certificate.number
        CaseHistory.objects.create(
            application=locked,
            transition=name,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            reason=reason,
            comment=comment,
            data=record,
        )
    return locked


def _prepare(name: str, case: Application, actor: User, *, comment: str, **data):
    """Turn the body into the transition's arguments (raising 400 on domain errors), and a
    JSON-safe record of them for the history row."""
    today = timezone.localdate()
    if name == "accept":
        officer = data.get("officer") or actor
        if officer.role != Role.BUREAU or officer.bureau_id != case.bureau_id:
            raise InvalidTransitionInput(
                field_errors={"officer": [_("承办人必须是本案辖区直属局的工作人员。")]}
            )
        return {"officer": officer}, {"officer": officer.username}
    if name == "choose_agency":
        agency = data.get("agency")
        plan = (
            EvaluationPlan.objects.valid_on(today)
            .filter(agency=agency, category_id=case.category_id)
            .order_by("-valid_from")
            .first()
            if agency
            else None
        )
        if plan is None:
            raise InvalidTransitionInput(
                field_errors={"agency": [_("请选择对本产品类别有有效备案评定方案的评定机构。")]}
            )
        return {"plan": plan}, {"agency": plan.agency.name, "plan": plan.pk}
    if name == "evaluate":
        score = data.get("score")
        if score is None or not (0 <= Decimal(score) <= 100):
            raise InvalidTransitionInput(
                field_errors={"score": [_("评定得分应在 0 到 100 之间。")]}
            )
        score = Decimal(score)
        passed = score >= case.plan.pass_threshold
        if data.get("passed") is not None and data["passed"] != passed:
            raise InvalidTransitionInput(
                field_errors={
                    "passed": [
                        _("评定结论与评定方案的分数线（%(t)s 分）不一致。")
                        % {"t": case.plan.pass_threshold}
                    ]
                }
            )
        report = data.get("report") or ""
        return {"score": score, "report": report}, {"score": str(score), "passed": passed}
    if name == "certify":
        marks = data.get("marks_issued") or settings.CERTIFICATE_DEFAULT_MARKS
        valid_from = data.get("valid_from") or today
        if marks < 1:
            raise InvalidTransitionInput(field_errors={"marks_issued": [_("标志数至少为 1。")]})
        return {"marks_issued": marks, "valid_from": valid_from}, {
            "marks_issued": marks,
            "valid_from": valid_from.isoformat(),
        }
    if name == "suspend":
        deadline = data.get("deadline")
        if not isinstance(deadline, date) or deadline <= today:
            raise InvalidTransitionInput(
                field_errors={"deadline": [_("请填写今天之后的整改期限。")]}
            )
        return {"deadline": deadline}, {"deadline": deadline.isoformat()}
    if name == "submit_rectification" and not comment:
        raise InvalidTransitionInput(field_errors={"comment": [_("请填写整改情况。")]})
    return {}, {}


def _valid_until(valid_from: date) -> date:
    years = settings.CERTIFICATE_VALIDITY_YEARS
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 2月29日
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - timedelta(days=1)


def _issue_certificate(case: Application, actor: User, *, marks_issued: int, valid_from: date):
    """证书: numbered by the newest active rule; the rule row is locked so numbers never clash."""
    rule = (
        CertificateNumberRule.objects.select_for_update()
        .filter(active_from__lte=timezone.now())
        .order_by("-version")
        .first()
    )
    year = timezone.localdate().year
    seq = (Certificate.objects.filter(rule=rule, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    return Certificate.objects.create(
        application=case,
        number=rule.render(year=year, bureau_code=case.bureau.code, seq=seq),
        rule=rule,
        year=year,
        seq=seq,
        valid_from=valid_from,
        valid_until=_valid_until(valid_from),
        marks_issued=marks_issued,
        issued_by=actor,
    )
