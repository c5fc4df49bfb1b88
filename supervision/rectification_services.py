"""Every write of rectifications (整改) and follow-up inspections (跟进检查), ADR 0021.

Seed 000 §11: "各直属局对于在监管工作中发现存在问题……的辖区内产品和企业,应跟进服务,积极指导企业在
限期内完成整改工作". An inspection's 责令整改, a complaint's 已责令整改 and a follow-up inspection's
责令整改 open a rectification beside the case, which stays protected (the case engine's
suspension is HQ's, on a proposal). The enterprise of the case submits its 整改报告; the case's
bureau accepts it (closed) or rejects it with reasons (open again). A complaint's 转入检查 opens a
follow-up inspection the bureau records with the inspection outcomes. Every step: permission,
row lock, state re-checked, an immutable RectificationEvent in the same transaction."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from applications.workflow import State
from casework.deadlines import add_working_days
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.names import in_both_languages
from ecoorigin.text import one_line

from .models import (
    Complaint,
    FollowUpInspection,
    Inspection,
    Proposal,
    Rectification,
    RectificationEvent,
    RectificationNotice,
)


def rectification_default_deadline(start: date | None = None) -> date:
    """整改期限 when the one who orders it sets none: N working days on the Chinese calendar."""
    days = getattr(settings, "SUPERVISION_RECTIFICATION_WORKING_DAYS", 20)
    return add_working_days(start or timezone.localdate(), days)


def follow_up_default_due(start: date | None = None) -> date:
    """检查时限 of a follow-up inspection when none is set: N working days."""
    days = getattr(settings, "SUPERVISION_FOLLOW_UP_WORKING_DAYS", 15)
    return add_working_days(start or timezone.localdate(), days)


# ---------------------------------------------------------------- who may act


def may_submit(*, rectification: Rectification, user) -> bool:
    """The enterprise of the case (any of its accounts)."""
    return (
        user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == rectification.application.enterprise_id
    )


def may_review(*, rectification: Rectification, user) -> bool:
    """A bureau account of the case's bureau (the bureau reviews; HQ only reads)."""
    return (
        user.is_authenticated
        and user.role == Role.BUREAU
        and user.bureau_id == rectification.application.bureau_id
    )


def may_record_follow_up(*, follow_up: FollowUpInspection, user) -> bool:
    """A bureau account of the bureau the follow-up is assigned to."""
    return (
        user.is_authenticated and user.role == Role.BUREAU and user.bureau_id == follow_up.bureau_id
    )


# ---------------------------------------------------------------- helpers


def _deadline_errors(deadline: date | None, field: str = "deadline") -> dict:
    if deadline is not None and deadline <= timezone.localdate():
        return {field: [_("期限应晚于今天。")]}
    return {}


def _event(rectification, *, action, actor, before, reason="") -> RectificationEvent:
    return RectificationEvent.objects.create(
        rectification=rectification,
        action=action,
        from_status=before,
        to_status=rectification.status,
        actor=actor,
        reason=reason,
    )


def _notice(rectification: Rectification, event: RectificationEvent) -> RectificationNotice:
    """责令整改通知书 to the enterprise, in both languages, delivered on commit."""
    case = rectification.application

    def texts():
        title = _("责令整改通知书（%(name)s）") % {"name": one_line(case.product_name)}
        body = _(
            "经监督检查，贵单位“%(product)s”存在需要整改的问题，现责令整改。整改要求：%(req)s。"
            "请于 %(deadline)s 前完成整改，并登录门户提交整改报告和相关材料，由%(bureau)s审核。"
            "整改期间，产品的生态原产地产品保护资格不受影响。"
        ) % {
            "product": case.product_name,
            "req": rectification.requirements,
            "deadline": rectification.deadline.isoformat(),
            "bureau": case.bureau.full_name,
        }
        return title, body

    both = in_both_languages(texts)
    notice = RectificationNotice.objects.create(
        enterprise_id=case.enterprise_id,
        rectification=rectification,
        event=event,
        title=both.official[0],
        body=both.official[1],
        title_en=both.english[0],
        body_en=both.english[1],
    )
    from .tasks import deliver_rectification_notice

    transaction.on_commit(lambda: deliver_rectification_notice.delay(notice.pk))
    return notice


def _open(
    *,
    application,
    actor: User,
    requirements: str,
    deadline: date | None,
    inspection: Inspection | None = None,
    complaint: Complaint | None = None,
    follow_up: FollowUpInspection | None = None,
) -> Rectification:
    """Opens a rectification inside the caller's transaction (the caller has checked who acts
    and the input): the record, its first event and the enterprise's notice."""
    rectification = Rectification.objects.create(
        application=application,
        inspection=inspection,
        complaint=complaint,
        follow_up=follow_up,
        requirements=requirements.strip(),
        deadline=deadline or rectification_default_deadline(),
        opened_by=actor,
    )
    event = _event(
        rectification,
        action=RectificationEvent.Action.OPEN,
        actor=actor,
        before="",
        reason=rectification.requirements,
    )
    _notice(rectification, event)
    return rectification


def check_rectification_input(*, application, deadline: date | None) -> dict:
    """Field errors of an order to rectify: a protected product, a deadline after today."""
    errors = _deadline_errors(deadline, "rectification_deadline")
    if application is None:
        errors["outcome"] = [_("责令整改须针对已查明的保护产品。")]
    elif application.state != State.PROTECTED:
        errors["outcome"] = [_("只有处于保护期内的产品可以责令整改。")]
    return errors


def open_for_inspection(
    *, inspection: Inspection, actor: User, requirements: str, deadline: date | None
) -> Rectification:
    """责令整改 of a drawn inspection (called by inspection_record in its transaction)."""
    return _open(
        application=inspection.target.application,
        actor=actor,
        requirements=requirements or inspection.findings,
        deadline=deadline,
        inspection=inspection,
    )


def open_for_complaint(
    *, complaint: Complaint, actor: User, requirements: str, deadline: date | None
) -> Rectification:
    """已责令整改 of a complaint (called by complaint_handle in its transaction)."""
    return _open(
        application=complaint.application,
        actor=actor,
        requirements=requirements or complaint.resolution,
        deadline=deadline,
        complaint=complaint,
    )


def follow_up_open(
    *, complaint: Complaint, actor: User, due_date: date | None
) -> FollowUpInspection:
    """转入检查 (called by complaint_handle in its transaction): a follow-up inspection of the
    complaint's product, assigned to the complaint's bureau with its own due date."""
    follow_up = FollowUpInspection.objects.create(
        application=complaint.application,
        bureau_id=complaint.bureau_id,
        complaint=complaint,
        scope=complaint.resolution,
        due_date=due_date or follow_up_default_due(),
        opened_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=follow_up,
        changes={"complaint": complaint.pk, "due_date": follow_up.due_date.isoformat()},
        source="web",
    )
    return follow_up


# ---------------------------------------------------------------- the enterprise submits


def rectification_submit(
    *, rectification: Rectification, actor: User, report: str
) -> Rectification:
    """整改报告: the enterprise of the case reports what it did (its files are stored by the
    caller in the same transaction). While open, also after the deadline (it stays flagged
    overdue until then). 403 for anyone else, 400 without a report, 409 once submitted or
    closed."""
    if not may_submit(rectification=rectification, user=actor):
        raise NotPermitted(_("只有被责令整改的企业可以提交整改报告。"))
    report = report.strip()
    if not report:
        raise InvalidInput(field_errors={"report": [_("请填写整改报告。")]})
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if rectification.status == Rectification.Status.SUBMITTED:
            raise Conflict(_("整改报告已提交，等待直属局审核。"))
        if rectification.status == Rectification.Status.CLOSED:
            raise Conflict(_("该整改已审核通过。"))
        before = rectification.status
        rectification.status = Rectification.Status.SUBMITTED
        rectification.report = report
        rectification.submitted_at = timezone.now()
        rectification.submitted_by = actor
        rectification.save(update_fields=["status", "report", "submitted_at", "submitted_by"])
        _event(
            rectification,
            action=RectificationEvent.Action.SUBMIT,
            actor=actor,
            before=before,
            reason=report,
        )
    return rectification


# ---------------------------------------------------------------- the bureau reviews


def rectification_review(
    *,
    rectification: Rectification,
    actor: User,
    accept: bool,
    reason: str,
    deadline: date | None = None,
) -> Rectification:
    """The case's bureau answers a submitted report: accepted (closed, final) or rejected with
    reasons (open again; a new deadline may be set, else the old one stands). 403 for anyone
    else, 400 without reasons, 409 unless a report waits (so of two reviews at once one wins)."""
    if not may_review(rectification=rectification, user=actor):
        raise NotPermitted(_("只有该产品所在地的直属局可以审核整改报告。"))
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("请填写审核意见。") if accept else _("请填写退回理由。")]
    if not accept:
        errors.update(_deadline_errors(deadline))
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if rectification.status != Rectification.Status.SUBMITTED:
            raise Conflict(_("没有待审核的整改报告：可能已由他人审核。"))
        before = rectification.status
        now = timezone.now()
        rectification.review_note, rectification.reviewed_at = reason, now
        rectification.reviewed_by = actor
        written = ["status", "review_note", "reviewed_at", "reviewed_by"]
        if accept:
            rectification.status = Rectification.Status.CLOSED
            rectification.closed_at = now
            written.append("closed_at")
        else:
            rectification.status = Rectification.Status.OPEN
            if deadline is not None:
                rectification.deadline = deadline
                written.append("deadline")
        rectification.save(update_fields=written)
        _event(
            rectification,
            action=RectificationEvent.Action.ACCEPT if accept else RectificationEvent.Action.REJECT,
            actor=actor,
            before=before,
            reason=reason,
        )
    return rectification


# ---------------------------------------------------------------- follow-up inspections


def follow_up_record(
    *,
    follow_up: FollowUpInspection,
    actor: User,
    findings: str,
    outcome: str,
    requirements: str = "",
    rectification_deadline: date | None = None,
) -> FollowUpInspection:
    """The assigned bureau records its follow-up inspection with the inspection outcomes:
    责令整改 opens a rectification, 建议暂停/撤销 a proposal to HQ. Once (409)."""
    if not may_record_follow_up(follow_up=follow_up, user=actor):
        raise NotPermitted(_("只有承办直属局可以录入跟进检查结果。"))
    errors = {}
    if not findings.strip():
        errors["findings"] = [_("请填写检查发现。")]
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = [_("请选择检查结论。")]
    if outcome == Inspection.Outcome.RECTIFY:
        errors.update(
            check_rectification_input(
                application=follow_up.application, deadline=rectification_deadline
            )
        )
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        follow_up = (
            FollowUpInspection.objects.select_for_update()
            .select_related("application")
            .get(pk=follow_up.pk)
        )
        if follow_up.status != FollowUpInspection.Status.OPEN:
            raise Conflict(_("该跟进检查的结果已录入。"))
        follow_up.status = FollowUpInspection.Status.RECORDED
        follow_up.findings = findings.strip()
        follow_up.outcome = outcome
        follow_up.recorded_by = actor
        follow_up.recorded_at = timezone.now()
        follow_up.save(
            update_fields=["status", "findings", "outcome", "recorded_by", "recorded_at"]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=follow_up,
            changes={"status": ["open", follow_up.status], "outcome": outcome},
            source="web",
        )
        if outcome == Inspection.Outcome.RECTIFY:
            _open(
                application=follow_up.application,
                actor=actor,
                requirements=requirements.strip() or follow_up.findings,
                deadline=rectification_deadline,
                follow_up=follow_up,
            )
        kind = {
            Inspection.Outcome.PROPOSE_SUSPENSION: Proposal.Kind.SUSPEND,
            Inspection.Outcome.PROPOSE_REVOCATION: Proposal.Kind.REVOKE,
        }.get(outcome)
        if kind:
            Proposal.objects.create(
                application=follow_up.application,
                kind=kind,
                reason=follow_up.findings,
                follow_up=follow_up,
                proposed_by=actor,
            )
    return follow_up
