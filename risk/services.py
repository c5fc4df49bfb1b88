"""Every write to 风险预警与快速反应 (seed 004). State changes go through the case engine
(casework.services.case_transition with this app's programmes); the records beside the cases (a
signal, its evidence and the experts' opinions, a warning's draft and targets, a bureau's
acknowledgement, a measure and its progress) lock what they hang on, check the actor and the
state, and are audited."""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import services as casework
from casework.documents import UploadRejected, check_upload, open_logged, save_upload
from casework.exceptions import TransitionForbidden
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.text import one_line
from ecoorigin.validators import validate_uscc
from regions.models import Bureau, Zone
from supervision.models import Complaint

from . import selectors
from . import workflow as wf
from .credit_facts import facts_changed
from .models import (
    AssessmentOpinion,
    EmergencyAcknowledgement,
    EmergencyReport,
    MeasureCatalogueEntry,
    MeasureProgress,
    ResponseMeasure,
    RiskSettings,
    RiskSignal,
    RiskWarning,
    SignalDocument,
    WarningHistory,
    WarningNotification,
    WarningStandard,
    WarningTarget,
)
from .programme import (
    RISK_EMERGENCIES,
    RISK_MEASURES,
    RISK_SIGNALS,
    RISK_WARNINGS,
    emergency_number,
    future_date,
    signal_number,
)
from .workflow import (
    CHANNELS_BY_ROLE,
    Channel,
    Conclusion,
    Grade,
    MeasureKind,
    Scope,
    SignalState,
    WarningState,
)

MAX_TARGETS = 200
QUANTITY_LIMIT = Decimal("1e12")


def _audit(actor: User | None, action: str, instance, changes: dict | None = None) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


class _Checker:
    """Collects field messages and raises them together (400): every field is judged."""

    def __init__(self, data: dict, allowed: tuple[str, ...]):
        self.data = data
        self.errors: dict[str, list] = {}
        for field in set(data) - set(allowed):
            self.errors[field] = [_("该字段不可填写。")]

    def text(self, field: str, limit: int, *, required=True, message=None) -> str:
        value = self.data.get(field, "")
        value = value.strip() if isinstance(value, str) else None
        if value is None:
            self.errors[field] = [_("请填写文字。")]
            return ""
        if not value and required:
            self.errors[field] = [message or _("此项必填。")]
        elif len(value) > limit:
            self.errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
        return value

    def uscc(self, field: str) -> str:
        value = self.text(field, 18, required=False).upper()
        if value:
            try:
                validate_uscc(value)
            except ValidationError as error:
                self.errors[field] = list(error.messages)
        return value

    def choice(self, field: str, choices, message) -> str:
        value = self.data.get(field)
        if value not in choices:
            self.errors[field] = [message]
        return value

    def pk(self, field: str, queryset, message):
        value = self.data.get(field)
        if value in (None, ""):
            return None
        try:
            pk = None if isinstance(value, bool | float) else int(value)
        except (TypeError, ValueError):
            pk = None
        found = queryset.filter(pk=pk).first() if pk is not None else None
        if found is None:
            self.errors[field] = [message]
        return found

    def quantity(self, field: str, *, required=False):
        value = self.data.get(field)
        if value in (None, ""):
            if required:
                self.errors[field] = [_("此项必填。")]
            return None
        try:
            number = None if isinstance(value, bool) else Decimal(str(value))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or number < 0 or number >= QUANTITY_LIMIT:
            self.errors[field] = [_("请填写 0 至 1 万亿之间的数字。")]
            return None
        return number.quantize(Decimal("0.01"))

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(field_errors=self.errors)


# --- 风险信息 ---------------------------------------------------------------------------------

SIGNAL_FIELDS = (
    "channel",
    "source",
    "product",
    "enterprise_name",
    "enterprise_uscc",
    "place",
    "description",
    "evidence",
    "bureau",
)


def signal_channels(*, user: User) -> tuple[str, ...]:
    """The channels `user` reports through: staff record every channel (media, universities,
    complaints), an enterprise its own findings, an agency its laboratory's, an association
    its members'."""
    if user.role == Role.HQ or user.role in (Role.BUREAU, Role.INSPECTOR):
        return wf.STAFF_CHANNELS
    return tuple(CHANNELS_BY_ROLE.get(user.role, ()))


def signal_report(*, actor: User, **fields) -> RiskSignal:
    """报告风险信息 (§二.2): a product, the enterprise where known, the place, the source and the
    evidence. An enterprise reports to the bureau of its jurisdiction (§二.15: 企业报告义务), a
    bureau's staff to their bureau; HQ, an agency and an association name the bureau."""
    channels = signal_channels(user=actor)
    if not channels:
        raise NotPermitted(_("您无权报告风险信息。"))
    check = _Checker(fields, SIGNAL_FIELDS)
    channel = check.choice("channel", channels, _("请选择您可使用的信息来源渠道。"))
    values = {
        "channel": channel,
        "source": check.text("source", 200),
        "product": check.text("product", 128),
        "enterprise_name": check.text("enterprise_name", 128, required=False),
        "enterprise_uscc": check.uscc("enterprise_uscc"),
        "place": check.text("place", 200),
        "description": check.text("description", 10_000),
        "evidence": check.text("evidence", 10_000, required=False),
    }
    if actor.role == Role.ENTERPRISE:
        enterprise = actor.enterprise
        if enterprise is None:
            raise NotPermitted(_("您的账户未关联企业，不能报告风险信息。"))
        values["bureau"] = enterprise.bureau
        check.errors.pop("bureau", None)
    elif actor.role in (Role.BUREAU, Role.INSPECTOR):
        values["bureau"] = Bureau.objects.get(pk=actor.bureau_id)
        check.errors.pop("bureau", None)
    else:
        values["bureau"] = check.pk("bureau", Bureau.objects.all(), _("请选择承办直属局。"))
        if values["bureau"] is None and "bureau" not in check.errors:
            check.errors["bureau"] = [_("请选择承办直属局。")]
    if values["enterprise_uscc"] and not values["enterprise_name"]:
        check.errors.setdefault("enterprise_name", [_("填写统一社会信用代码时，请填写企业名称。")])
    check.done()
    with transaction.atomic():
        signal = RiskSignal.objects.create(
            number=signal_number(timezone.localdate().year), reported_by=actor, **values
        )
        _audit(actor, AuditEntry.Action.CREATE, signal)
    return signal


def signal_from_complaint(*, complaint: Complaint, actor: User) -> RiskSignal:
    """投诉举报转风险信息 in one step (§二.2: 消费者投诉举报平台): the complaint's bureau (or HQ)
    turns it into a signal that keeps its link; a complaint becomes one signal only."""
    if not (
        actor.role == Role.HQ
        or (actor.role == Role.BUREAU and actor.bureau_id == complaint.bureau_id)
    ):
        raise NotPermitted(_("只有承办该投诉举报的直属局或总局可以将其转为风险信息。"))
    with transaction.atomic():
        locked = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("application__enterprise", "bureau")
            .get(pk=complaint.pk)
        )
        existing = RiskSignal.objects.filter(complaint=locked).first()
        if existing is not None:
            raise Conflict(_("该投诉举报已转为风险信息 %(number)s。") % {"number": existing.number})
        application = locked.application
        enterprise = application.enterprise if application is not None else None
        product = (application.product_name if application is not None else "") or (
            locked.product_text or _("（投诉未注明产品）")
        )
        signal = RiskSignal.objects.create(
            number=signal_number(timezone.localdate().year),
            channel=Channel.COMPLAINT,
            source=_("投诉举报 %(code)s") % {"code": locked.tracking_code},
            product=product[:128],
            enterprise_name=enterprise.name if enterprise else "",
            enterprise_uscc=enterprise.uscc if enterprise else "",
            place=locked.bureau.name,
            description=locked.content,
            bureau=locked.bureau,
            complaint=locked,
            reported_by=actor,
        )
        _audit(actor, AuditEntry.Action.CREATE, signal, {"complaint": locked.tracking_code})
    return signal


def signal_transition(
    *, signal: RiskSignal, name: str, actor: User, reason: str = "", comment: str = "", **data
) -> RiskSignal:
    """Fire `name` on `signal` through the case engine (403 → lock → 409 → 400, history row)."""
    return casework.case_transition(
        programme=RISK_SIGNALS,
        case=signal,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def signal_document_upload(*, signal: RiskSignal, actor: User, upload) -> SignalDocument:
    """Evidence is added by the reporter, or the assessing unit, until the signal is closed."""
    if not (signal.reported_by_id == actor.pk or wf.is_signal_unit(signal, actor)):
        raise NotPermitted(_("您不能为该风险信息上传证据材料。"))
    if signal.state not in wf.OPEN_SIGNAL_STATES:
        raise Conflict(_("风险信息已办结，不能再上传证据材料。"))
    try:
        checked = check_upload(upload)
    except UploadRejected as rejected:
        raise InvalidInput(field_errors={"file": [rejected.message]}) from None
    return save_upload(SignalDocument(signal=signal, uploaded_by=actor), checked)


def signal_document_open(*, document: SignalDocument, actor: User, ip_address: str | None):
    """Open evidence for `actor` who may see its signal, logging the read."""
    if not selectors.signals_visible_to(user=actor).filter(pk=document.signal_id).exists():
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def opinion_record(
    *, signal: RiskSignal, actor: User, opinion_id: int | None = None, **fields
) -> AssessmentOpinion:
    """An expert records an opinion on the signal assigned (§二.5), once, while the assessment
    is open; the assessing unit's staff may enter an expert's written opinion (`opinion_id`)."""
    check = _Checker(fields, ("suggested_grade", "opinion"))
    grade = check.choice("suggested_grade", Conclusion.values, _("请选择建议结论。"))
    text = check.text("opinion", 10_000, message=_("请填写评估意见。"))
    with transaction.atomic():
        locked = RiskSignal.objects.select_for_update().select_related("bureau").get(pk=signal.pk)
        rows = AssessmentOpinion.objects.select_for_update().filter(signal=locked)
        if opinion_id is not None:
            if not wf.is_signal_unit(locked, actor):
                raise NotPermitted(_("只有组织评估的单位可以代为录入专家意见。"))
            row = rows.filter(pk=opinion_id).first()
        else:
            row = rows.filter(expert__account=actor).first()
        if row is None:
            raise NotPermitted(_("您不是该风险信息的评估专家。"))
        if locked.state != SignalState.ASSESSING:
            raise Conflict(_("风险信息不在评估中，不能提出意见。"))
        if row.recorded_at is not None:
            raise Conflict(_("该专家已提出意见，不能再修改。"))
        check.done()
        row.suggested_grade = grade
        row.opinion = text
        row.recorded_by = actor
        row.recorded_at = timezone.now()
        row.save(update_fields=["suggested_grade", "opinion", "recorded_by", "recorded_at"])
        _audit(actor, AuditEntry.Action.UPDATE, row, {"suggested_grade": grade})
    return row


# --- 风险预警 ---------------------------------------------------------------------------------

WARNING_FIELDS = (
    "title",
    "grade",
    "scope",
    "scope_bureau",
    "scope_zone",
    "products",
    "description",
    "consumer_advice",
    "signal",
    "targets",
)


def _targets(check: _Checker) -> list[tuple[str, str]]:
    """The enterprises named: a list of {"name", "uscc"} (the code where known)."""
    given = check.data.get("targets") or []
    if not isinstance(given, list) or len(given) > MAX_TARGETS:
        check.errors["targets"] = [_("目标企业格式有误。")]
        return []
    targets, messages = [], []
    for index, item in enumerate(given, start=1):
        name = item.get("name") if isinstance(item, dict) else None
        code = item.get("uscc", "") if isinstance(item, dict) else None
        name = name.strip() if isinstance(name, str) else ""
        code = code.strip().upper() if isinstance(code, str) else None
        if not name or len(name) > 128 or code is None:
            messages.append(_("第 %(n)s 家目标企业：请填写企业名称。") % {"n": index})
            continue
        if code:
            try:
                validate_uscc(code)
            except ValidationError:
                messages.append(_("第 %(n)s 家目标企业：统一社会信用代码无效。") % {"n": index})
                continue
        targets.append((name, code))
    if messages:
        check.errors["targets"] = messages
    return targets


def _warning_values(actor: User, check: _Checker) -> dict:
    grade = check.choice("grade", Grade.values, _("请选择预警等级。"))
    scope = check.choice("scope", Scope.values, _("请选择预警范围。"))
    values = {
        "title": check.text("title", 200),
        "grade": grade,
        "scope": scope,
        "scope_bureau": None,
        "scope_zone": None,
        "products": check.text("products", 300),
        "description": check.text("description", 10_000),
        "consumer_advice": check.text("consumer_advice", 10_000, required=False),
        "signal": check.pk(
            "signal",
            selectors.signals_visible_to(user=actor).filter(state=SignalState.CONCLUDED),
            _("请选择本单位可见、已作出评估结论的风险信息。"),
        ),
    }
    if actor.role == Role.BUREAU:
        # A bureau warns within its own area, for grades Ⅲ and Ⅳ (ADR 0028).
        if scope != Scope.BUREAU:
            check.errors["scope"] = [_("直属局只能在本关区发布预警；更大范围的预警请报总局。")]
        if grade in Grade.values and grade not in wf.BUREAU_GRADES:
            check.errors["grade"] = [_("Ⅰ级、Ⅱ级预警由总局发布，请报总局。")]
        values["scope_bureau"] = Bureau.objects.get(pk=actor.bureau_id)
    elif scope == Scope.BUREAU:
        values["scope_bureau"] = check.pk("scope_bureau", Bureau.objects.all(), _("请选择关区。"))
        if values["scope_bureau"] is None:
            check.errors.setdefault("scope_bureau", [_("请选择关区。")])
    elif scope == Scope.ZONE:
        values["scope_zone"] = check.pk("scope_zone", Zone.objects.all(), _("请选择片区。"))
        if values["scope_zone"] is None:
            check.errors.setdefault("scope_zone", [_("请选择片区。")])
    return values


def warning_create(*, actor: User, **fields) -> RiskWarning:
    """拟定风险预警 (a draft): HQ, or a bureau for its own area; graded by the standard in force."""
    if actor.role not in (Role.HQ, Role.BUREAU):
        raise NotPermitted(_("只有总局和直属局可以发布风险预警。"))
    standard = WarningStandard.in_force()
    if standard is None:
        raise Conflict(_("总局尚未发布风险预警等级划分标准，暂不能拟定预警。"))
    check = _Checker(fields, WARNING_FIELDS)
    values = _warning_values(actor, check)
    targets = _targets(check)
    check.done()
    with transaction.atomic():
        warning = RiskWarning.objects.create(
            standard=standard,
            created_by=actor,
            issuing_bureau_id=actor.bureau_id if actor.role == Role.BUREAU else None,
            **values,
        )
        WarningTarget.objects.bulk_create(
            WarningTarget(warning=warning, enterprise_name=name, enterprise_uscc=code)
            for name, code in targets
        )
        _audit(actor, AuditEntry.Action.CREATE, warning)
    return warning


def warning_update(*, warning: RiskWarning, actor: User, **fields) -> RiskWarning:
    """The issuer edits its draft (the targets replaced as given)."""
    check = _Checker(fields, WARNING_FIELDS)
    with transaction.atomic():
        locked = RiskWarning.objects.select_for_update().get(pk=warning.pk)
        # A draft is its author unit's: a bureau's own, or HQ's.
        own = (actor.role == Role.BUREAU and actor.bureau_id == locked.issuing_bureau_id) or (
            actor.role == Role.HQ and locked.issuing_bureau_id is None
        )
        if not own:
            raise NotPermitted(_("只有拟稿单位可以修改预警草稿。"))
        if locked.state != WarningState.DRAFT:
            raise Conflict(_("预警已发布，不能修改；请调整等级或解除。"))
        values = _warning_values(actor, check)
        targets = _targets(check)
        check.done()
        for field, value in values.items():
            setattr(locked, field, value)
        locked.standard = WarningStandard.in_force() or locked.standard
        locked.save()
        locked.targets.all().delete()
        WarningTarget.objects.bulk_create(
            WarningTarget(warning=locked, enterprise_name=name, enterprise_uscc=code)
            for name, code in targets
        )
        _audit(actor, AuditEntry.Action.UPDATE, locked, {"fields": sorted(values)})
    return locked


def warning_transition(
    *, warning: RiskWarning, name: str, actor: User, reason: str = "", comment: str = "", **data
) -> RiskWarning:
    return casework.case_transition(
        programme=RISK_WARNINGS,
        case=warning,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def notification_acknowledge(*, notification: WarningNotification, actor: User):
    """签收: a head-office account of the notified bureau, once."""
    if not (actor.role == Role.BUREAU and actor.bureau_id == notification.bureau_id):
        raise NotPermitted(_("只有被通报直属局可以签收预警。"))
    with transaction.atomic():
        locked = WarningNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.acknowledged_at is not None:
            raise Conflict(_("该预警通报已签收。"))
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, {"acknowledged": True})
    return locked


def _bureau_addresses(bureau_ids) -> dict[int, list[str]]:
    addresses: dict[int, list[str]] = {}
    for bureau_id, email in (
        User.objects.filter(bureau_id__in=bureau_ids, role=Role.BUREAU, is_active=True)
        .exclude(email="")
        .values_list("bureau_id", "email")
        .order_by("pk")
    ):
        addresses.setdefault(bureau_id, []).append(email)
    return addresses


def warning_notifications_mail(*, entry_id: int) -> int:
    """E-mail each bureau notified by one history row, each once (the row locked, then marked);
    returns how many were sent."""
    sent = 0
    with transaction.atomic():
        rows = list(
            WarningNotification.objects.select_for_update(of=("self",))
            .select_related("warning", "bureau")
            .filter(entry_id=entry_id, emailed_at__isnull=True)
            .order_by("pk")
        )
        addresses = _bureau_addresses([row.bureau_id for row in rows])
        entry = WarningHistory.objects.filter(pk=entry_id).first()
        for row in rows:
            recipients = addresses.get(row.bureau_id, [])
            if not recipients:
                continue
            warning = row.warning
            subject = _("【风险预警】%(number)s %(title)s（%(grade)s）") % {
                "number": warning.number or "",
                "title": warning.title,
                "grade": Grade(row.grade).label,
            }
            body = _(
                "%(bureau)s：\n%(action)s：%(title)s\n预警等级：%(grade)s\n预警范围：%(scope)s\n"
                "涉及产品：%(products)s\n请于 %(due)s 前登录门户签收。"
            ) % {
                "bureau": row.bureau.name,
                "action": wf.WARNING_RULES[entry.transition].label if entry else "",
                "title": warning.title,
                "grade": Grade(row.grade).label,
                "scope": warning.scope_label,
                "products": warning.products,
                "due": timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M"),
            }
            EmailMessage(subject=one_line(subject), body=body, to=recipients).send()
            row.emailed_at = timezone.now()
            row.save(update_fields=["emailed_at"])
            sent += 1
    return sent


# --- 快速反应措施 ------------------------------------------------------------------------------

MEASURE_FIELDS = (
    "kind",
    "description",
    "enterprise_name",
    "enterprise_uscc",
    "responsible_bureau",
    "due_on",
    "quantity_concerned",
    "quantity_unit",
)


def measure_assign(*, warning: RiskWarning, actor: User, **fields) -> ResponseMeasure:
    """部署快速反应措施 (§二.9): the issuer of an issued warning assigns a measure of the catalogue
    that suits its grade to a bureau in its scope, with a deadline (the catalogue's default
    unless given); a recall names the quantity concerned."""
    check = _Checker(fields, MEASURE_FIELDS)
    kind = check.choice("kind", MeasureKind.values, _("请选择措施。"))
    values = {
        "kind": kind,
        "description": check.text("description", 10_000),
        "enterprise_name": check.text("enterprise_name", 128, required=False),
        "enterprise_uscc": check.uscc("enterprise_uscc"),
        "quantity_concerned": check.quantity(
            "quantity_concerned", required=kind == MeasureKind.RECALL
        ),
        "quantity_unit": check.text("quantity_unit", 16, required=kind == MeasureKind.RECALL),
    }
    if values["quantity_concerned"] is not None and values["quantity_concerned"] <= 0:
        check.errors["quantity_concerned"] = [_("缺陷召回须填写大于零的涉及数量。")]
    if values["enterprise_uscc"] and not values["enterprise_name"]:
        check.errors.setdefault("enterprise_name", [_("填写统一社会信用代码时，请填写企业名称。")])
    with transaction.atomic():
        locked = (
            RiskWarning.objects.select_for_update(of=("self",))
            .select_related("scope_bureau", "scope_zone")
            .get(pk=warning.pk)
        )
        if not wf.is_issuer(locked, actor):
            raise NotPermitted(_("只有预警的发布单位可以部署快速反应措施。"))
        if locked.state != WarningState.ISSUED:
            raise Conflict(_("只有已发布的预警可以部署快速反应措施。"))
        entry = MeasureCatalogueEntry.objects.filter(kind=kind).first()
        if kind in MeasureKind.values and (entry is None or not entry.suits(locked.grade)):
            check.errors["kind"] = [
                _("该措施不适用于%(grade)s预警。") % {"grade": Grade(locked.grade).label}
            ]
        values["responsible_bureau"] = check.pk(
            "responsible_bureau",
            selectors.bureaus_in_scope(warning=locked),
            _("请选择预警范围内的直属局。"),
        )
        if values["responsible_bureau"] is None:
            check.errors.setdefault("responsible_bureau", [_("请选择预警范围内的直属局。")])
        default = timezone.localdate() + timedelta(days=entry.default_days if entry else 15)
        try:
            values["due_on"] = future_date(check.data.get("due_on"), "due_on", default)
        except InvalidInput as error:
            check.errors.update(error.field_errors)
        check.done()
        if values["quantity_concerned"] is None:
            values["quantity_unit"] = ""
        measure = ResponseMeasure.objects.create(warning=locked, assigned_by=actor, **values)
        _audit(actor, AuditEntry.Action.CREATE, measure)
        facts_changed(usccs=[measure.enterprise_uscc])
    return measure


def measure_transition(
    *, measure: ResponseMeasure, name: str, actor: User, reason: str = "", comment: str = "", **data
) -> ResponseMeasure:
    return casework.case_transition(
        programme=RISK_MEASURES,
        case=measure,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def measure_progress_report(*, measure: ResponseMeasure, actor: User, **fields) -> MeasureProgress:
    """进展报告 by the responsible bureau while the measure runs; a recall's report gives the
    quantity recalled so far, never less than before nor more than concerned."""
    check = _Checker(fields, ("text", "quantity_recalled"))
    text = check.text("text", 10_000, message=_("请填写进展情况。"))
    quantity = check.quantity("quantity_recalled")
    with transaction.atomic():
        locked = ResponseMeasure.objects.select_for_update().get(pk=measure.pk)
        if not wf.may_report_progress(locked, actor):
            raise NotPermitted(_("只有责任直属局可以报告措施进展。"))
        if locked.state not in wf.ACTIVE_MEASURE_STATES:
            raise Conflict(_("措施已完成或已解除，不能再报告进展。"))
        if locked.is_recall:
            if quantity is None:
                check.errors.setdefault("quantity_recalled", [_("请填写累计召回数量。")])
            elif quantity < locked.quantity_recalled:
                check.errors["quantity_recalled"] = [
                    _("累计召回数量不能少于已报告的 %(n)s。") % {"n": locked.quantity_recalled}
                ]
            elif quantity > locked.quantity_concerned:
                check.errors["quantity_recalled"] = [
                    _("累计召回数量不能超过涉及数量 %(n)s。") % {"n": locked.quantity_concerned}
                ]
        elif quantity is not None:
            check.errors["quantity_recalled"] = [_("只有缺陷召回需填写召回数量。")]
        check.done()
        report = MeasureProgress.objects.create(
            measure=locked, text=text, quantity_recalled=quantity, reported_by=actor
        )
        if locked.is_recall:
            locked.quantity_recalled = quantity
            locked.save(update_fields=["quantity_recalled", "updated_at"])
        _audit(actor, AuditEntry.Action.CREATE, report, {"quantity_recalled": str(quantity or "")})
    return report


def measures_escalate_overdue() -> int:
    """逾期督办: each active measure past its deadline by more than HQ's days, once; returns how
    many were escalated."""
    after = RiskSettings.current().escalation_days
    escalated = 0
    for measure in selectors.overdue_measures(after_days=after):
        try:
            measure_transition(measure=measure, name="escalate", actor=None)
        except Conflict:
            continue  # completed or lifted meanwhile
        escalated += 1
    return escalated


def measure_escalation_mail(*, measure_id: int) -> None:
    """E-mail the warning's issuer (HQ's accounts, or the issuing bureau's) once per escalation."""
    with transaction.atomic():
        measure = (
            ResponseMeasure.objects.select_for_update(of=("self",))
            .select_related("warning", "responsible_bureau")
            .get(pk=measure_id)
        )
        if measure.escalated_at is None or (
            measure.escalation_emailed_at is not None
            and measure.escalation_emailed_at >= measure.escalated_at
        ):
            return
        warning = measure.warning
        staff = User.objects.filter(is_active=True).exclude(email="")
        staff = (
            staff.filter(role=Role.BUREAU, bureau_id=warning.issuing_bureau_id)
            if warning.issuing_bureau_id
            else staff.filter(role=Role.HQ)
        )
        recipients = list(staff.order_by("pk").values_list("email", flat=True))
        if recipients:
            subject = _("【逾期督办】%(warning)s：%(kind)s") % {
                "warning": warning.number,
                "kind": measure.get_kind_display(),
            }
            body = _("%(bureau)s 承担的“%(kind)s”措施已超过完成期限 %(due)s，请督办。") % {
                "bureau": measure.responsible_bureau.name,
                "kind": measure.get_kind_display(),
                "due": measure.due_on.isoformat(),
            }
            EmailMessage(subject=one_line(subject), body=body, to=recipients).send()
        measure.escalation_emailed_at = timezone.now()
        measure.save(update_fields=["escalation_emailed_at"])


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------

EMERGENCY_FIELDS = ("title", "description", "location", "occurred_at", "learnt_at")
# How far back a report may say the place learnt of it: an emergency is notified within hours;
# a year is room for recording one late, and keeps dates the clock cannot use out.
EMERGENCY_LOOKBACK = timedelta(days=365)


def refusal_to_report_emergency() -> str:
    return _("只有京津冀三地直属局可以登记突发公共卫生事件。")


def _moment(check: _Checker, field: str, now):
    """A moment of the input (an aware datetime, or ISO text), not ahead of `now` nor more than
    a year before it."""
    value = check.data.get(field)
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip())
        except ValueError:
            value = None
    if value in (None, ""):
        check.errors[field] = [_("请填写时间。")]
        return None
    if not isinstance(value, datetime):
        check.errors[field] = [_("请填写有效的时间。")]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now:
        check.errors[field] = [_("时间不能晚于现在。")]
        return None
    if value < now - EMERGENCY_LOOKBACK:
        check.errors[field] = [_("时间不能早于一年前。")]
        return None
    return value


def emergency_record(*, actor: User, **fields) -> EmergencyReport:
    """登记突发公共卫生事件 (§三.30): a head-office clerk of one of the three places' bureaus records
    what happened, where, when it occurred and when the bureau learnt of it (the six hours run
    from then, never from a moment ahead); the bureau is the clerk's own."""
    if not wf.may_report_emergency(actor):
        raise NotPermitted(refusal_to_report_emergency())
    check = _Checker(fields, EMERGENCY_FIELDS)
    now = timezone.now()
    values = {
        "title": check.text("title", 200),
        "description": check.text("description", 10_000),
        "location": check.text("location", 200),
        "occurred_at": _moment(check, "occurred_at", now),
        "learnt_at": _moment(check, "learnt_at", now),
    }
    if (
        values["occurred_at"]
        and values["learnt_at"]
        and values["occurred_at"] > values["learnt_at"]
    ):
        check.errors["occurred_at"] = [_("发生时间不能晚于获知时间。")]
    check.done()
    with transaction.atomic():
        report = EmergencyReport.objects.create(
            number=emergency_number(timezone.localdate().year),
            bureau=Bureau.objects.get(pk=actor.bureau_id),
            recorded_by=actor,
            **values,
        )
        _audit(actor, AuditEntry.Action.CREATE, report, {"learnt_at": report.learnt_at.isoformat()})
    return report


def emergency_transition(
    *, report: EmergencyReport, name: str, actor: User | None, reason="", comment="", **data
) -> EmergencyReport:
    """Fire `name` (notify; escalate is the sweep's) through the case engine (403 → lock → 409 →
    400, history row with the actor)."""
    return casework.case_transition(
        programme=RISK_EMERGENCIES,
        case=report,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def emergency_acknowledge(
    *, acknowledgement: EmergencyAcknowledgement, actor: User
) -> EmergencyAcknowledgement:
    """收悉: a head-office clerk of the notified bureau confirms it received the notification,
    once."""
    if not (actor.role == Role.BUREAU and actor.bureau_id == acknowledgement.bureau_id):
        raise NotPermitted(_("只有被通报直属局可以确认收悉。"))
    with transaction.atomic():
        locked = EmergencyAcknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
        if locked.acknowledged_at is not None:
            raise Conflict(_("该通报已确认收悉。"))
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, {"acknowledged": True})
    return locked


def emergencies_escalate_overdue() -> int:
    """逾期未通报: each report not notified six hours after the place learnt of it goes before HQ,
    once (the transition's condition, checked under the row lock, keeps a second sweep from
    escalating it again); returns how many were escalated."""
    escalated = 0
    for report in selectors.overdue_emergencies():
        try:
            emergency_transition(report=report, name="escalate", actor=None)
        except Conflict:
            continue  # notified or escalated meanwhile
        escalated += 1
    return escalated


# The e-mails of §三.30: the notification to the other places' bureaus, the escalation to HQ. The
# times are written on Beijing time whoever reads them; the text in the portal's language
# (settings.LANGUAGE_CODE), not that of the request that happened to fire the transition.
BEIJING_TIME = ZoneInfo("Asia/Shanghai")


def _beijing(moment) -> str:
    return timezone.localtime(moment, BEIJING_TIME).strftime("%Y-%m-%d %H:%M")


def _emergency_link(report: EmergencyReport) -> str:
    return settings.PUBLIC_BASE_URL + reverse("cooperation_risk:emergency", args=[report.pk])


def _addresses(users) -> list[str]:
    emails = users.filter(is_active=True).exclude(email="").order_by("pk")
    return list(dict.fromkeys(emails.values_list("email", flat=True)))


def emergency_notified_recipients(*, report: EmergencyReport) -> list[str]:
    """Who is e-mailed a notified report: the head-office clerks of the bureaus it was notified
    to (its acknowledgement rows: the other two places'), those who confirm 收悉 and read it in
    the portal. The quality authorities, 认监委 and 标准委 take no part in §三.30 and cannot open
    the report (ADR 0036), so they are not mailed its contents."""
    return _addresses(
        User.objects.filter(
            role=Role.BUREAU, bureau_id__in=report.acknowledgements.values("bureau_id")
        )
    )


def _emergency_mail_once(*, report_id: int, due: str, sent: str, recipients, compose) -> int:
    """E-mail one message of a report once: the report locked; nothing unless its moment `due`
    is set and its moment `sent` is not; `sent` set afterwards (also when nobody has an address),
    so that a retried task sends nothing. `recipients(report)` gives the addresses and
    `compose(report)` the subject and body, in the portal's language. Returns how many addresses
    were written to."""
    with transaction.atomic():
        report = (
            EmergencyReport.objects.select_for_update(of=("self",))
            .select_related("bureau")
            .get(pk=report_id)
        )
        if getattr(report, due) is None or getattr(report, sent) is not None:
            return 0
        addresses = recipients(report)
        if addresses:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = compose(report)
            EmailMessage(subject=one_line(subject), body=body, to=addresses).send()
        setattr(report, sent, timezone.now())
        report.save(update_fields=[sent])
    return len(addresses)


def _notified_message(report: EmergencyReport) -> tuple[str, str]:
    subject = _("【京津冀突发公共卫生事件通报】%(number)s %(title)s") % {
        "number": report.number,
        "title": report.title,
    }
    body = _(
        "%(bureau)s通报突发公共卫生事件：\n通报编号：%(number)s\n事件名称：%(title)s\n"
        "发生地点：%(location)s\n发生时间：%(occurred)s（北京时间）\n"
        "获知时间：%(learnt)s（北京时间）\n应急处置情况：\n%(handling)s\n\n"
        "请登录门户查看并确认收悉：%(link)s"
    ) % {
        "bureau": report.bureau.name,
        "number": report.number,
        "title": report.title,
        "location": report.location,
        "occurred": _beijing(report.occurred_at),
        "learnt": _beijing(report.learnt_at),
        "handling": report.handling,
        "link": _emergency_link(report),
    }
    return subject, body


def _escalation_message(report: EmergencyReport) -> tuple[str, str]:
    subject = _("【逾期未通报】%(number)s %(title)s") % {
        "number": report.number,
        "title": report.title,
    }
    body = _(
        "%(bureau)s登记的突发公共卫生事件未在 6 小时内通报其他成员，已报总局。\n"
        "通报编号：%(number)s\n事件名称：%(title)s\n发生地点：%(location)s\n"
        "获知时间：%(learnt)s（北京时间）\n通报期限：%(deadline)s（北京时间）\n\n"
        "请登录门户查看：%(link)s"
    ) % {
        "bureau": report.bureau.name,
        "number": report.number,
        "title": report.title,
        "location": report.location,
        "learnt": _beijing(report.learnt_at),
        "deadline": _beijing(report.deadline),
        "link": _emergency_link(report),
    }
    return subject, body


def emergency_notified_mail(*, report_id: int) -> int:
    """E-mail the other places' bureaus a notified emergency, once; returns how many addresses
    were written to."""
    return _emergency_mail_once(
        report_id=report_id,
        due="notified_at",
        sent="notified_emailed_at",
        recipients=lambda report: emergency_notified_recipients(report=report),
        compose=_notified_message,
    )


def emergency_escalation_mail(*, report_id: int) -> int:
    """E-mail HQ's accounts (卫生司 leads §三.30) a report the sweep put before them, once;
    returns how many addresses were written to."""
    return _emergency_mail_once(
        report_id=report_id,
        due="escalated_at",
        sent="escalation_emailed_at",
        recipients=lambda _report: _addresses(User.objects.filter(role=Role.HQ)),
        compose=_escalation_message,
    )
