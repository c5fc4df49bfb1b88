"""Every write of the public notice (拟批准生态原产地保护产品公示, issue 20, ADR 0023): HQ's setting,
publishing a batch, withdrawing a product from it, an objection from anyone, the bureau's view
and HQ's decision. Each: who may (403) → lock → re-check (409) → write, with an audit entry;
notices and e-mails once committed."""

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, User
from accounts.services import audit_record
from applications.models import Application
from applications.workflow import State
from casework.deadlines import WorkingCalendar
from casework.numbering import next_number
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from . import selectors
from .models import BatchEntry, NoticeBatch, Objection, PublicityNotice, PublicitySetting

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_PERIOD_DAYS = 60


def notice_period_end(published_on: date, days: int) -> date:
    """The period's last day: `days` calendar days, the day of publication not counted; a last
    day that is a statutory holiday or rest day moves to the next working day (民法典第二百零三条:
    "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"), on the Chinese calendar
    with HQ's overrides (casework.deadlines). ADR 0023."""
    end = published_on + timedelta(days=days)
    calendar = WorkingCalendar(end, end + timedelta(days=20))
    while not calendar.is_working_day(end):
        end += timedelta(days=1)
    return end


def _only_hq(actor: User, message: str) -> None:
    if not actor.is_authenticated or actor.role != Role.HQ:
        raise NotPermitted(message)


def setting_update(*, actor: User, period_days: int, required: bool) -> PublicitySetting:
    """HQ's setting: the notice period (calendar days) and whether every certificate needs one."""
    _only_hq(actor, _("公示设置由总局修改。"))
    if not isinstance(period_days, int) or not 1 <= period_days <= MAX_PERIOD_DAYS:
        raise InvalidInput(field_errors={"period_days": [_("公示期应为 1 到 60 个日历日。")]})
    with transaction.atomic():
        selectors.setting()
        row = PublicitySetting.objects.select_for_update().get(pk=1)
        before = {"period_days": row.period_days, "required": row.required}
        row.period_days, row.required, row.updated_by = period_days, bool(required), actor
        row.save()
        audit_record(
            actor=actor,
            action="update",
            instance=row,
            source="web",
            changes={
                "period_days": [before["period_days"], period_days],
                "required": [before["required"], bool(required)],
            },
        )
    return row


def batch_publish(*, actor: User, title: str, applications) -> NoticeBatch:
    """发布公示: HQ gathers evaluated cases, none in a batch now, into a batch published today
    with the period of its setting. 403 for anyone else; 400 without a title or a case; 409 if
    a case is no longer evaluated or is already in a batch."""
    _only_hq(actor, _("拟批准产品公示由总局发布。"))
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("请填写公示标题。")]
    ids = sorted({case.pk if isinstance(case, Application) else int(case) for case in applications})
    if not ids:
        errors["applications"] = [_("请至少选择一个评定完成的产品。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    today = timezone.localdate()
    with transaction.atomic():
        cases = list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(cases) != len(ids):
            raise InvalidInput(field_errors={"applications": [_("所选产品不存在。")]})
        for case in cases:
            if case.state != State.EVALUATED:
                raise Conflict(
                    _("%(product)s 不是评定完成状态，不能列入公示。")
                    % {"product": case.product_name}
                )
        if BatchEntry.objects.filter(application_id__in=ids, withdrawn_at__isnull=True).exists():
            raise Conflict(_("所选产品中有已列入公示批次的产品。"))
        period = selectors.setting().period_days
        seq = next_number(f"publicity-batch-{today.year}")
        batch = NoticeBatch.objects.create(
            number=f"GS-{today.year}-{seq:03d}",
            title=title,
            published_on=today,
            period_days=period,
            ends_on=notice_period_end(today, period),
            published_by=actor,
        )
        entries = BatchEntry.objects.bulk_create(
            [BatchEntry(batch=batch, application=case) for case in cases]
        )
        audit_record(
            actor=actor,
            action="create",
            instance=batch,
            source="web",
            changes={"entries": ids, "ends_on": batch.ends_on.isoformat()},
        )
        for entry, case in zip(entries, cases, strict=True):
            entry.batch, entry.application = batch, case
            _notify(entry, PublicityNotice.Kind.PUBLISHED)
    return batch


def entry_withdraw(*, actor: User, entry: BatchEntry, reason: str) -> BatchEntry:
    """撤出公示: HQ takes a product out of its batch with a reason (also what upholding an
    objection does). 409 if it is already out."""
    _only_hq(actor, _("撤出公示由总局决定。"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(field_errors={"reason": [_("请填写理由。")]})
    with transaction.atomic():
        locked = BatchEntry.objects.select_for_update().get(pk=entry.pk)
        return _withdraw(locked, actor=actor, reason=reason)


def _withdraw(locked: BatchEntry, *, actor: User, reason: str) -> BatchEntry:
    if locked.withdrawn_at is not None:
        raise Conflict(_("该产品已撤出公示。"))
    if hasattr(locked.application, "certificate"):
        raise Conflict(_("该产品已颁发证书，不能撤出公示。"))
    locked.withdrawn_at, locked.withdrawn_reason = timezone.now(), reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="update",
        instance=locked,
        source="web",
        changes={"withdrawn_reason": reason},
    )
    return locked


def objection_submit(
    *, entry_id, name: str, contact: str, reasons: str, email: str = ""
) -> Objection:
    """提出异议 (anyone, no account): against a product of a batch whose period runs, with a name
    and a contact; answers the tracking code. 409 once the period has ended or the product has
    been withdrawn."""
    name, contact, reasons = (name or "").strip(), (contact or "").strip(), (reasons or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("请填写异议人姓名或单位名称。")]
    if not contact:
        errors["contact"] = [_("请填写联系电话或通讯地址。")]
    if len(reasons) < 10:
        errors["reasons"] = [_("请具体说明异议理由（至少 10 个字）。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        entry = BatchEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise InvalidInput(field_errors={"entry": [_("请选择公示中的产品。")]})
        if entry.withdrawn_at is not None or not entry.batch.is_open():
            raise Conflict(_("该产品的公示期已结束或已撤出公示，不再受理异议。"))
        objection = Objection.objects.create(
            entry=entry,
            tracking_code="".join(secrets.choice(_CODE_ALPHABET) for _ in range(12)),
            name=name[:100],
            contact=contact[:200],
            email=(email or "").strip(),
            reasons=reasons,
        )
        _notify(entry, PublicityNotice.Kind.OBJECTION, objection=objection)
    return objection


def _open_objection(objection: Objection) -> Objection:
    locked = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("entry__application", "entry__batch")
        .get(pk=objection.pk)
    )
    if locked.status != Objection.Status.OPEN:
        raise Conflict(_("该异议已处理。"))
    return locked


def objection_record_bureau_view(*, actor: User, objection: Objection, view: str) -> Objection:
    """直属局意见: the bureau of the case records its view for HQ while the objection is open
    (it may replace it until HQ decides)."""
    if not (
        actor.is_authenticated
        and actor.role == Role.BUREAU
        and actor.bureau_id == objection.entry.application.bureau_id
    ):
        raise NotPermitted(_("只有案件辖区直属局可以填写意见。"))
    view = (view or "").strip()
    if not view:
        raise InvalidInput(field_errors={"view": [_("请填写直属局意见。")]})
    with transaction.atomic():
        locked = _open_objection(objection)
        locked.bureau_view, locked.bureau_view_by, locked.bureau_view_at = (
            view,
            actor,
            timezone.now(),
        )
        locked.save(update_fields=["bureau_view", "bureau_view_by", "bureau_view_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={"bureau_view": view},
        )
    return locked


def objection_decide(
    *, actor: User, objection: Objection, upheld: bool, reason: str, consequence: str = ""
) -> Objection:
    """处理异议: HQ upholds or dismisses the objection, with reasons, once the bureau's view is
    recorded (409 before). Upheld, the product is withdrawn from the batch and the case, still
    评定完成, goes back to evaluation (`consequence` "reevaluate", 退回重新评定) or is not approved
    ("not_approve", 不予批准) through the case engine, in the same transaction: its history row
    names HQ and the reason. (A case that another upheld objection already sent on needs none.)
    The objector is told by e-mail if it gave an address, and on its tracking page; the
    enterprise by a notice."""
    _only_hq(actor, _("公示异议由总局处理。"))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("请填写处理理由。")]
    if consequence and (not upheld or consequence not in Objection.Consequence.values):
        errors["consequence"] = [_("只有异议成立时才选择对案件的处理：退回重新评定或不予批准。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        locked = _open_objection(objection)
        if not locked.bureau_view:
            raise Conflict(_("请待案件辖区直属局填写意见后再处理。"))
        case = Application.objects.get(pk=locked.entry.application_id)
        engine_step = upheld and case.state == State.EVALUATED
        if engine_step and not consequence:
            raise InvalidInput(
                field_errors={
                    "consequence": [_("异议成立时请选择对案件的处理：退回重新评定或不予批准。")]
                }
            )
        locked.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        locked.consequence = consequence if engine_step else ""
        locked.decision_reason, locked.decided_by, locked.decided_at = (
            reason,
            actor,
            timezone.now(),
        )
        locked.save(
            update_fields=["status", "consequence", "decision_reason", "decided_by", "decided_at"]
        )
        entry = BatchEntry.objects.select_for_update().get(pk=locked.entry_id)
        if upheld and entry.withdrawn_at is None:
            _withdraw(
                entry,
                actor=actor,
                reason=_("异议成立（%(code)s）：%(reason)s")
                % {"code": locked.tracking_code, "reason": reason},
            )
        if engine_step:
            from applications.services import case_transition

            case_transition(
                case=case,
                name=consequence,
                actor=actor,
                reason=_("公示异议成立（%(code)s）：%(reason)s")
                % {"code": locked.tracking_code, "reason": reason},
            )
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={
                "status": [Objection.Status.OPEN, locked.status],
                "consequence": locked.consequence,
                "reason": reason,
            },
        )
        _notify(entry, PublicityNotice.Kind.DECISION, objection=locked)
        if locked.email:
            _tell_objector(locked)
    return locked


# ---------------------------------------------------------------- notices


def _texts(entry: BatchEntry, kind: str, objection: Objection | None) -> tuple[str, str]:
    """The notice's title and body in the current language (the caller chooses it)."""
    case, batch = entry.application, entry.batch
    facts = {
        "product": case.product_name,
        "number": batch.number,
        "start": batch.published_on.isoformat(),
        "end": batch.ends_on.isoformat(),
    }
    if kind == PublicityNotice.Kind.PUBLISHED:
        return (
            _("拟批准产品公示通知：%(product)s") % facts,
            _(
                "贵单位申报的%(product)s已通过评定，列入拟批准生态原产地保护产品公示（%(number)s），"
                "公示期自 %(start)s 至 %(end)s。公示期满且无异议或异议不成立的，总局方可颁发保护证书。"
            )
            % facts,
        )
    if kind == PublicityNotice.Kind.OBJECTION:
        return (
            _("公示异议告知书：%(product)s") % facts,
            _(
                "公示期间有人对贵单位的%(product)s（%(number)s）提出异议，异议理由如下：\n%(reasons)s\n"
                "总局将听取辖区直属局意见后作出处理；处理完毕前暂不颁发保护证书。"
            )
            % {**facts, "reasons": objection.reasons},
        )
    outcome = objection.get_status_display()
    return (
        _("公示异议处理结果通知：%(product)s") % facts,
        _("对贵单位%(product)s的公示异议，总局处理结果为：%(outcome)s。理由：%(reason)s")
        % {**facts, "outcome": outcome, "reason": objection.decision_reason},
    )


def _notify(entry: BatchEntry, kind: str, *, objection: Objection | None = None) -> None:
    """A notice to the enterprise concerned, in Chinese and English, delivered once committed."""
    from django.conf import settings

    with override(settings.LANGUAGE_CODE):
        title, body = _texts(entry, kind, objection)
    with override("en"):
        title_en, body_en = _texts(entry, kind, objection)
    notice = PublicityNotice.objects.create(
        enterprise_id=entry.application.enterprise_id,
        entry=entry,
        kind=kind,
        title=title,
        body=body,
        title_en=title_en,
        body_en=body_en,
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.deliver_notice.delay(notice.pk), robust=True)


def _tell_objector(objection: Objection) -> None:
    from django.conf import settings

    from applications.tasks import email_registrant

    with override(settings.LANGUAGE_CODE):
        subject = _("公示异议处理结果（查询码 %(code)s）") % {"code": objection.tracking_code}
        body = _("您对%(product)s提出的公示异议，处理结果为：%(outcome)s。理由：%(reason)s") % {
            "product": objection.entry.application.product_name,
            "outcome": objection.get_status_display(),
            "reason": objection.decision_reason,
        }
    address = objection.email
    transaction.on_commit(lambda: email_registrant.delay(address, subject, body), robust=True)


def notice_deliver(*, notice_id: int) -> None:
    from casework import notices

    notices.notice_deliver(
        model=PublicityNotice,
        notice_id=notice_id,
        related=("enterprise", "entry__batch", "entry__application"),
    )


def notice_mark_read(*, notice: PublicityNotice, actor: User) -> None:
    from casework import notices

    notices.notice_mark_read(notice=notice, actor=actor)
