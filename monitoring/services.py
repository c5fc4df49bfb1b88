"""Every write to the risk monitoring plans (seed 004 §二.1, 3). State changes go through the
case engine (casework.services.case_transition with this app's programme); the plan, its items,
the bureaus' monitoring points and the samples' results lock what they hang on, check the actor
(403), then the state (409), then the body (400), and are audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import services as casework
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.validators import validate_uscc

from . import workflow as wf
from .credit_facts import result_changed
from .models import MonitoringPlan, MonitoringPoint, PlanItem, SampleResult
from .programme import MONITORING_PLANS
from .workflow import Level, PointKind, State, Verdict

PLAN_FIELDS = ("title", "focus_products", "notes")
POINT_FIELDS = ("name", "kind", "place", "products", "active")
ITEM_FIELDS = ("product", "point", "hazards", "quota", "starts_on", "ends_on")
RESULT_FIELDS = (
    "sample_code", "sampled_on", "place", "enterprise_name", "credit_code", "laboratory",
    "verdict", "failed_items", "notes",
)  # fmt: skip
# Text fields: (limit, required). A limit of None is a long text.
TEXTS = {
    "title": (200, True),
    "focus_products": (None, True),
    "notes": (None, False),
    "name": (120, True),
    "place": (200, True),
    "products": (300, False),
    "product": (100, True),
    "hazards": (300, False),
    "sample_code": (40, True),
    "enterprise_name": (200, False),
    "credit_code": (18, False),
    "laboratory": (200, True),
    "failed_items": (None, False),
}
YEARS = range(2000, 2101)
QUOTA_MAX = 100_000


def _audit(actor: User, action: str, instance, changes: dict | None = None) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


def _text(value, field: str, errors: dict) -> str | None:
    limit, required = TEXTS[field]
    if not isinstance(value, str):
        errors[field] = [_("请填写文字。")]
        return None
    value = value.strip()
    if required and not value:
        errors[field] = [_("此项必填。")]
    elif limit and len(value) > limit:
        errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
    else:
        return value
    return None


def _date(value, field: str, errors: dict) -> date | None:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        errors[field] = [_("请填写有效的日期。")]
        return None
    return value


def _checked(fields: dict, allowed: tuple, *, partial: bool, errors: dict) -> dict:
    """The text fields among `allowed` checked; unknown fields refused (400)."""
    for unknown in set(fields) - set(allowed):
        errors[unknown] = [_("该字段不可填写。")]
    values = {}
    for field in allowed:
        if field not in TEXTS:
            continue
        if field not in fields:
            if not partial and TEXTS[field][1]:
                errors[field] = [_("此项必填。")]
            continue
        value = _text(fields[field], field, errors)
        if value is not None:
            values[field] = value
    return values


def _raise(errors: dict) -> None:
    if errors:
        raise InvalidInput(field_errors=errors)


# --- 监测计划 ---------------------------------------------------------------------------------


def plan_create(
    *,
    actor: User,
    title: str,
    focus_products: str,
    notes: str = "",
    year: int | None = None,
    national_plan: MonitoringPlan | None = None,
) -> MonitoringPlan:
    """HQ drafts the national plan of a year; a bureau drafts its local plan from a published
    national plan (its year is the national plan's)."""
    if national_plan is None and actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以制订国家风险监测计划。"))
    if national_plan is not None and actor.role != Role.BUREAU:
        raise NotPermitted(_("只有直属局可以制订地方风险监测计划。"))
    errors: dict = {}
    values = _checked(
        {"title": title, "focus_products": focus_products, "notes": notes},
        PLAN_FIELDS,
        partial=False,
        errors=errors,
    )
    with transaction.atomic():
        if national_plan is None:
            if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
                errors["year"] = [_("请填写 2000 至 2100 之间的年度。")]
            _raise(errors)
            if MonitoringPlan.objects.filter(level=Level.NATIONAL, year=year).exists():
                raise Conflict(_("该年度的国家风险监测计划已存在。"))
            plan = MonitoringPlan.objects.create(
                level=Level.NATIONAL, year=year, created_by=actor, **values
            )
        else:
            parent = MonitoringPlan.objects.select_for_update().get(pk=national_plan.pk)
            if parent.level != Level.NATIONAL or parent.state != State.PUBLISHED:
                raise Conflict(_("只能依据已发布实施的国家风险监测计划制订地方计划。"))
            _raise(errors)
            if MonitoringPlan.objects.filter(
                level=Level.LOCAL, bureau_id=actor.bureau_id, year=parent.year
            ).exists():
                raise Conflict(_("本关区该年度的地方风险监测计划已存在。"))
            plan = MonitoringPlan.objects.create(
                level=Level.LOCAL,
                year=parent.year,
                bureau_id=actor.bureau_id,
                national_plan=parent,
                created_by=actor,
                **values,
            )
        _audit(actor, AuditEntry.Action.CREATE, plan)
    return plan


def plan_check_editable(*, plan: MonitoringPlan, actor: User) -> None:
    """403 unless `actor` owns the plan, 409 unless it is a draft: what the edits check under
    the lock, and the API before it reads the body."""
    if not wf.is_owner(plan, actor):
        raise NotPermitted(_("只有计划的制订单位可以修改监测计划。"))
    if plan.state != State.DRAFT:
        raise Conflict(_("监测计划发布后不能再修改。"))


def _locked_draft(plan: MonitoringPlan, actor: User) -> MonitoringPlan:
    locked = MonitoringPlan.objects.select_for_update().get(pk=plan.pk)
    plan_check_editable(plan=locked, actor=actor)
    return locked


def plan_update(*, plan: MonitoringPlan, actor: User, **fields) -> MonitoringPlan:
    """The owner edits its draft plan's title, focus products and notes."""
    with transaction.atomic():
        locked = _locked_draft(plan, actor)
        errors: dict = {}
        values = _checked(fields, PLAN_FIELDS, partial=True, errors=errors)
        _raise(errors)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, values)
    return locked


def plan_transition(
    *, plan: MonitoringPlan, name: str, actor: User, reason: str = "", comment: str = ""
) -> MonitoringPlan:
    """Fire `name` on `plan` through the case engine (403 → lock → 409 → 400, history row)."""
    return casework.case_transition(
        programme=MONITORING_PLANS,
        case=plan,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
    )


# --- 监测点 -----------------------------------------------------------------------------------


def _checked_point(fields: dict, *, partial: bool) -> dict:
    errors: dict = {}
    values = _checked(fields, POINT_FIELDS, partial=partial, errors=errors)
    if "kind" in fields or not partial:
        if fields.get("kind") not in PointKind.values:
            errors["kind"] = [_("请选择监测点类型。")]
        else:
            values["kind"] = fields["kind"]
    if "active" in fields:
        if not isinstance(fields["active"], bool):
            errors["active"] = [_("请选择是或否。")]
        else:
            values["active"] = fields["active"]
    _raise(errors)
    return values


def point_create(*, actor: User, **fields) -> MonitoringPoint:
    """A bureau names a monitoring point of its own (§二.3 规划布局一批质量安全风险监测点)."""
    if actor.role != Role.BUREAU:
        raise NotPermitted(_("只有直属局可以设立风险监测点。"))
    values = _checked_point(fields, partial=False)
    with transaction.atomic():
        if MonitoringPoint.objects.filter(bureau_id=actor.bureau_id, name=values["name"]).exists():
            raise InvalidInput(field_errors={"name": [_("本关区已有同名的监测点。")]})
        point = MonitoringPoint.objects.create(bureau_id=actor.bureau_id, **values)
        _audit(actor, AuditEntry.Action.CREATE, point)
    return point


def point_update(*, point: MonitoringPoint, actor: User, **fields) -> MonitoringPoint:
    """The bureau edits, or stops using (`active`), one of its points; items keep naming it."""
    if actor.role != Role.BUREAU or actor.bureau_id != point.bureau_id:
        raise NotPermitted(_("只有监测点所属直属局可以修改监测点。"))
    values = _checked_point(fields, partial=True)
    with transaction.atomic():
        locked = MonitoringPoint.objects.select_for_update().get(pk=point.pk)
        if (
            "name" in values
            and MonitoringPoint.objects.filter(bureau_id=locked.bureau_id, name=values["name"])
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise InvalidInput(field_errors={"name": [_("本关区已有同名的监测点。")]})
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, {k: str(v) for k, v in values.items()})
    return locked


# --- 监测项目 ---------------------------------------------------------------------------------


def _checked_item(plan: MonitoringPlan, fields: dict, *, partial: bool, current=None) -> dict:
    errors: dict = {}
    values = _checked(fields, ITEM_FIELDS, partial=partial, errors=errors)
    if "point" in fields or not partial:
        point = fields.get("point")
        point_id = point.pk if isinstance(point, MonitoringPoint) else point
        found = (
            MonitoringPoint.objects.filter(
                pk=point_id, bureau_id=plan.bureau_id, active=True
            ).first()
            if isinstance(point_id, int) and not isinstance(point_id, bool)
            else None
        )
        if found is None:
            errors["point"] = [_("请选择本关区在用的监测点。")]
        else:
            values["point"] = found
    if "quota" in fields or not partial:
        quota = fields.get("quota")
        if isinstance(quota, bool) or not isinstance(quota, int) or not 1 <= quota <= QUOTA_MAX:
            errors["quota"] = [_("请填写 1 至 %(max)s 之间的整数。") % {"max": QUOTA_MAX}]
        else:
            values["quota"] = quota
    for field in ("starts_on", "ends_on"):
        if field in fields or not partial:
            value = _date(fields.get(field), field, errors)
            if value is not None:
                if value.year != plan.year:
                    errors[field] = [_("应在计划年度（%(year)s 年）内。") % {"year": plan.year}]
                else:
                    values[field] = value
    starts = values.get("starts_on", current.starts_on if current else None)
    ends = values.get("ends_on", current.ends_on if current else None)
    if starts and ends and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = [_("结束日期不能早于开始日期。")]
    _raise(errors)
    return values


def item_create(*, plan: MonitoringPlan, actor: User, **fields) -> PlanItem:
    """The plan's bureau adds a line (product, point, quota, schedule) to its draft local plan."""
    if plan.level != Level.LOCAL:
        raise Conflict(_("国家风险监测计划不含监测项目，由各直属局的地方计划落实。"))
    with transaction.atomic():
        locked = _locked_draft(plan, actor)
        values = _checked_item(locked, fields, partial=False)
        item = PlanItem.objects.create(plan=locked, **values)
        _audit(actor, AuditEntry.Action.CREATE, item)
    return item


def item_update(*, item: PlanItem, actor: User, **fields) -> PlanItem:
    with transaction.atomic():
        locked = _locked_draft(item.plan, actor)
        row = PlanItem.objects.select_for_update().get(pk=item.pk)
        values = _checked_item(locked, fields, partial=True, current=row)
        for name, value in values.items():
            setattr(row, name, value)
        row.save(update_fields=list(values))
        _audit(actor, AuditEntry.Action.UPDATE, row, {k: str(v) for k, v in values.items()})
    return row


def item_delete(*, item: PlanItem, actor: User) -> None:
    """A line of a draft comes off the plan (nothing is sampled before publication)."""
    with transaction.atomic():
        _locked_draft(item.plan, actor)
        _audit(actor, AuditEntry.Action.DELETE, item)
        item.delete()


# --- 抽样检测结果 -----------------------------------------------------------------------------


def _checked_result(plan: MonitoringPlan, fields: dict) -> dict:
    errors: dict = {}
    values = _checked(fields, RESULT_FIELDS, partial=False, errors=errors)
    sampled_on = _date(fields.get("sampled_on"), "sampled_on", errors)
    if sampled_on is not None:
        if sampled_on > timezone.localdate():
            errors["sampled_on"] = [_("抽样日期不能晚于今天。")]
        elif sampled_on.year != plan.year:
            errors["sampled_on"] = [_("应在计划年度（%(year)s 年）内。") % {"year": plan.year}]
        else:
            values["sampled_on"] = sampled_on
    verdict = fields.get("verdict")
    if verdict not in Verdict.values:
        errors["verdict"] = [_("请选择合格或不合格。")]
    else:
        values["verdict"] = verdict
    code = values.get("credit_code", "")
    if code:
        try:
            validate_uscc(code)
        except ValidationError as error:
            errors["credit_code"] = list(error.messages)
    failed = values.get("failed_items", "")
    if verdict == Verdict.FAIL and not failed and "failed_items" not in errors:
        errors["failed_items"] = [_("不合格的，请填写不合格项目及危害。")]
    if verdict == Verdict.PASS and failed:
        errors["failed_items"] = [_("合格样品不填写不合格项目。")]
    _raise(errors)
    return values


def _may_sample(plan: MonitoringPlan, actor: User) -> None:
    if not wf.is_plan_bureau_member(plan, actor):
        raise NotPermitted(_("只有计划所属直属局及其检查员可以录入抽样检测结果。"))


def result_record(*, item: PlanItem, actor: User, **fields) -> SampleResult:
    """A sample's result under a line of a published local plan, by the plan's bureau or one of
    its inspectors; final once recorded (a mistake is corrected by result_correct)."""
    _may_sample(item.plan, actor)
    with transaction.atomic():
        plan = MonitoringPlan.objects.select_for_update().get(pk=item.plan_id)
        if plan.state != State.PUBLISHED:
            raise Conflict(_("只有发布实施中的监测计划可以录入抽样检测结果。"))
        values = _checked_result(plan, fields)
        if SampleResult.objects.filter(plan=plan, sample_code=values["sample_code"]).exists():
            raise InvalidInput(
                field_errors={
                    "sample_code": [_("本计划中该样品编号已录入；如需更正，请使用更正功能。")]
                }
            )
        result = SampleResult.objects.create(plan=plan, item=item, recorded_by=actor, **values)
        _audit(actor, AuditEntry.Action.CREATE, result, {"verdict": result.verdict})
        result_changed(result)
    return result


def result_correct(*, result: SampleResult, actor: User, reason: str, **fields) -> SampleResult:
    """A correction: a new row with the same sample code that supersedes `result`, which is kept.
    Only the newest record of a sample may be corrected, while the plan is published."""
    _may_sample(result.plan, actor)
    with transaction.atomic():
        plan = MonitoringPlan.objects.select_for_update().get(pk=result.plan_id)
        if plan.state != State.PUBLISHED:
            raise Conflict(_("只有发布实施中的监测计划可以更正抽样检测结果。"))
        if SampleResult.objects.filter(supersedes_id=result.pk).exists():
            raise Conflict(_("该记录已被更正，请更正最新的记录。"))
        errors: dict = {}
        reason = _text(reason, "notes", errors) or ""
        if not reason:
            errors["reason"] = errors.pop("notes", None) or [_("请填写更正理由。")]
        fields = {**fields, "sample_code": result.sample_code}
        try:
            values = _checked_result(plan, fields)
        except InvalidInput as error:
            raise InvalidInput(field_errors={**error.field_errors, **errors}) from error
        _raise(errors)
        corrected = SampleResult.objects.create(
            plan=plan,
            item_id=result.item_id,
            supersedes=result,
            correction_reason=reason,
            recorded_by=actor,
            **values,
        )
        _audit(actor, AuditEntry.Action.CREATE, corrected, {"supersedes": result.pk})
        result_changed(corrected)
    return corrected
