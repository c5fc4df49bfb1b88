"""Every write to a protection case. `case_transition` is the one way a case changes state."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from casework import notices
from casework import services as casework
from casework.documents import UploadRejected, check_upload, store
from casework.eligibility import applicant_refusal

from . import workflow as wf
from .exceptions import (
    InvalidTransitionInput,
    TransitionForbidden,
    TransitionNotAllowed,
)
from .models import (
    Application,
    Certificate,
    Notice,
    ProductCategory,
    RecoveryRecord,
)
from .programme import ECO_ORIGIN
from .workflow import State

EDITABLE_STATES = {State.DRAFT, State.RETURNED}
EDITABLE_FIELDS = ("product_name", "category", "origin_place", "description")


def transition_permission(name: str):
    """The permission callable declared on the model's transition method."""
    return ECO_ORIGIN.permission(name)


def case_may_fire(*, case: Application, name: str, actor: User) -> bool:
    """Whether `actor` may fire `name` on `case` now (permission, state and conditions)."""
    return ECO_ORIGIN.may_fire(case=case, name=name, actor=actor)


def case_transition(
    *,
    case: Application,
    name: str,
    actor: User | None,
    reason: str = "",
    comment: str = "",
    **data,
) -> Application:
    """Fire transition `name` on `case` as `actor` (None: the system, for expiry), through the
    case engine's one transition service (casework.services.case_transition): 403 → lock → 409
    → 400, the history row, the deadline clock, the certificate, the notice and the recovery
    record in one transaction (applications.programme); PDFs and e-mail once committed."""
    return casework.case_transition(
        programme=ECO_ORIGIN,
        case=case,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


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
    refusal = applicant_refusal(uscc=enterprise.uscc)
    if refusal:
        # 黑名单 (seed 004 §二.12): a listed enterprise starts no application in any programme.
        raise InvalidTransitionInput(refusal, field_errors={"enterprise": [refusal]})
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


def _email_later(address: str, subject: str, body: str) -> None:
    """Queue an e-mail once the surrounding transaction has committed."""
    from . import tasks

    transaction.on_commit(lambda: tasks.email_registrant.delay(address, subject, body), robust=True)


def enterprise_register(
    *,
    username: str,
    password: str,
    email: str,
    name: str,
    uscc: str,
    bureau,
    licence,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> None:
    """在线注册: an account and its enterprise's claim on `uscc`, for the bureau to confirm.

    Nothing here depends on what the portal already holds, except the outcome, which goes to
    `email` alone (ADR 0003): only the input itself is refused (InvalidTransitionInput). A code
    others have claimed, or a confirmed enterprise holds, is one more claim for the bureau to
    decide, proved by the business licence. A user name already taken, in any capitals, creates
    nothing. The password is hashed either way, so the slow step does not tell them apart."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from .models import Enterprise
    from .validators import validate_uscc

    errors = {}
    uscc = uscc.strip().upper()
    try:
        validate_uscc(uscc)
    except ValidationError as exc:
        errors["uscc"] = exc.messages
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        errors["password"] = exc.messages
    try:
        checked = check_upload(licence)
    except UploadRejected as rejected:
        errors["licence"] = [rejected.message]
    if errors:
        raise InvalidTransitionInput(field_errors=errors)
    hashed = make_password(password)
    created = False
    if not User.objects.filter(username__iexact=username).exists():
        try:
            with transaction.atomic():
                enterprise = Enterprise.objects.create(
                    name=name,
                    uscc=uscc,
                    bureau=bureau,
                    address=address,
                    contact_name=contact_name,
                    contact_phone=contact_phone,
                    contact_email=email,
                )
                User.objects.create(
                    username=username,
                    password=hashed,
                    email=email,
                    role=Role.ENTERPRISE,
                    enterprise=enterprise,
                    first_name=contact_name,
                )
                # A random stored name: the uploader's name is never a path.
                store(enterprise.licence, checked, save=True)
            created = True
        except IntegrityError:  # the same name, registered at the same moment
            pass
    # Neither text repeats the enterprise name: anyone may give anyone's address here, and the
    # portal must not carry their free text to it.
    if created:
        _email_later(
            email,
            _("企业注册：账户已开通"),
            _(
                "您在生态原产地产品保护门户为统一社会信用代码 %(uscc)s 提交的企业注册已受理，"
                "账户已开通：请用登录用户名“%(username)s”和注册时设置的密码登录，可以先填写申请草稿。"
                "%(bureau)s核对营业执照后确认企业信息，确认后方可提交申报。"
            )
            % {"uscc": uscc, "username": username, "bureau": bureau.display_full_name},
        )
    else:
        _email_later(
            email,
            _("企业注册：账户未开通"),
            _(
                "您在生态原产地产品保护门户为统一社会信用代码 %(uscc)s 提交的企业注册未能开通账户："
                "登录用户名“%(username)s”不可使用。请换一个登录用户名重新注册；"
                "如果这是您已有的账户，请直接登录。"
            )
            % {"uscc": uscc, "username": username},
        )


def _may_decide(enterprise, actor: User) -> bool:
    """A registration is decided by the bureau it names (its jurisdiction), or by HQ."""
    return actor.role == Role.HQ or (
        actor.role == Role.BUREAU and actor.bureau_id == enterprise.bureau_id
    )


def _reject(claim, *, actor: User, reason: str, at) -> None:
    """驳回 a pending claim (locked by the caller): its accounts sign in no more, the decision
    is audited, and the claimant learns why at the address it registered with."""
    from accounts.services import audit_record

    claim.rejected_at, claim.rejected_by, claim.rejection_reason = at, actor, reason
    claim.save(update_fields=["rejected_at", "rejected_by", "rejection_reason"])
    accounts = User.objects.filter(enterprise=claim)
    usernames = sorted(accounts.values_list("username", flat=True))
    accounts.update(is_active=False)
    audit_record(
        actor=actor,
        action="update",
        instance=claim,
        changes={
            "rejected_at": at.isoformat(),
            "rejection_reason": reason,
            "deactivated": usernames,
        },
        source="web",
    )
    if claim.contact_email:
        _email_later(
            claim.contact_email,
            _("企业注册未获确认"),
            _(
                "您在生态原产地产品保护门户为统一社会信用代码 %(uscc)s 提交的企业注册未获确认，"
                "账户已停用。理由：%(reason)s。如有疑问，请联系%(bureau)s。"
            )
            % {"uscc": claim.uscc, "reason": reason, "bureau": claim.bureau.display_full_name},
        )


def enterprise_confirm(*, enterprise, actor: User, reason: str = ""):
    """确认 a registration: by the bureau of its jurisdiction or by HQ. The other pending claims
    on its code are rejected with `reason` in the same transaction; when one of them names
    another bureau, only HQ may decide. Confirming twice changes nothing the second time."""
    from accounts.services import audit_record

    from .models import Enterprise

    if not _may_decide(enterprise, actor):
        raise TransitionForbidden(_("只有辖区直属局或总局可以处理企业注册。"))
    reason = reason.strip()
    with transaction.atomic():
        # Every claim on the code, locked in one order: two decisions on one code take turns.
        claims = list(
            Enterprise.objects.select_for_update().filter(uscc=enterprise.uscc).order_by("pk")
        )
        chosen = next((claim for claim in claims if claim.pk == enterprise.pk), None)
        if chosen is None:  # its code was changed (in the admin) since the page was read
            raise TransitionNotAllowed()
        if chosen.confirmed_at is not None:
            return chosen  # already confirmed: nothing to do, nothing to audit
        if chosen.rejected_at is not None:
            raise TransitionNotAllowed(_("该注册已被驳回，不能再确认。"))
        if any(claim.confirmed_at is not None for claim in claims):
            raise TransitionNotAllowed(_("该统一社会信用代码已有确认的企业，此注册只能驳回。"))
        rivals = [claim for claim in claims if claim.pk != chosen.pk and claim.pending]
        if not all(_may_decide(rival, actor) for rival in rivals):
            raise TransitionForbidden(_("该统一社会信用代码另有其他直属局辖区的注册，由总局裁决。"))
        if rivals and not reason:
            message = _("该统一社会信用代码另有其他注册，请填写驳回它们的理由。")
            raise InvalidTransitionInput(message, field_errors={"reason": [message]})
        now = timezone.now()
        chosen.confirmed_at, chosen.confirmed_by = now, actor
        chosen.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_record(
            actor=actor,
            action="update",
            instance=chosen,
            changes={"confirmed_at": now.isoformat()},
            source="web",
        )
        for rival in rivals:
            _reject(rival, actor=actor, reason=reason, at=now)
    return chosen


def enterprise_reject(*, enterprise, actor: User, reason: str):
    """驳回 a pending registration with a reason: by the bureau of its jurisdiction or by HQ."""
    from .models import Enterprise

    if not _may_decide(enterprise, actor):
        raise TransitionForbidden(_("只有辖区直属局或总局可以处理企业注册。"))
    reason = reason.strip()
    if not reason:
        message = _("请填写驳回理由。")
        raise InvalidTransitionInput(message, field_errors={"reason": [message]})
    with transaction.atomic():
        claim = (
            Enterprise.objects.select_for_update(of=("self",))
            .select_related("bureau")
            .get(pk=enterprise.pk)
        )
        if not claim.pending:
            raise TransitionNotAllowed(_("该注册已确认或已驳回。"))
        _reject(claim, actor=actor, reason=reason, at=timezone.now())
    return claim


# ---------------------------------------------------------------- officer, reviews, recovery


def case_reassign_officer(*, case: Application, officer: User, actor: User) -> Application:
    """Reassign the case officer (承办人) within the bureau of the case."""
    from accounts.services import audit_record

    if not wf.is_jurisdiction_bureau(case, actor):
        raise TransitionForbidden()
    if officer.role != Role.BUREAU or officer.bureau_id != case.bureau_id:
        raise InvalidTransitionInput(
            field_errors={"officer": [_("承办人必须是本案辖区直属局的工作人员。")]}
        )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if locked.officer_id is None:
            raise TransitionNotAllowed(_("案件受理后才能指定承办人。"))
        previous = locked.officer
        locked.officer = officer
        locked.save(update_fields=["officer", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            # Ids too: draws recuse every officer a case ever had (supervision._recusals).
            changes={
                "officer": [previous.username, officer.username],
                "officer_id": [previous.pk, officer.pk],
            },
        )
    return locked


def rectification_review_record(*, case: Application, actor: User, opinion: str, comment: str):
    """The bureau's review of a submitted rectification; HQ then decides."""
    from .models import RectificationReview

    if not wf.is_jurisdiction_bureau(case, actor):
        raise TransitionForbidden()
    if opinion not in RectificationReview.Opinion.values:
        raise InvalidTransitionInput(field_errors={"opinion": [_("请选择审核意见。")]})
    if not comment.strip():
        raise InvalidTransitionInput(field_errors={"comment": [_("请填写审核说明。")]})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if locked.state != State.SUSPENDED or locked.rectification_submitted_at is None:
            raise TransitionNotAllowed(_("企业提交整改报告后才能审核。"))
        return RectificationReview.objects.create(
            application=locked, opinion=opinion, comment=comment.strip(), reviewer=actor
        )


def recovery_update(
    *,
    case: Application,
    actor: User,
    certificate_returned_at: date | None = None,
    marks_recovered: int | None = None,
    follow_up_checked_at: date | None = None,
    follow_up_note: str | None = None,
):
    """收回记录: the bureau records the returned certificate, the marks recovered, and the
    follow-up check; the record completes when all three are in and every mark is back."""
    if not wf.is_jurisdiction_bureau(case, actor):
        raise TransitionForbidden()
    with transaction.atomic():
        record = (
            RecoveryRecord.objects.select_for_update(of=("self",))
            .select_related("application__certificate")
            .filter(application=case)
            .first()
        )
        if record is None:
            raise TransitionNotAllowed(_("只有已撤销的案件才有收回记录。"))
        issued = record.application.certificate.marks_issued
        if marks_recovered is not None:
            if not 0 <= marks_recovered <= issued:
                raise InvalidTransitionInput(
                    field_errors={
                        "marks_recovered": [
                            _("收回标志数应在 0 到发放数 %(n)s 之间。") % {"n": issued}
                        ]
                    }
                )
            record.marks_recovered = marks_recovered
        if certificate_returned_at is not None:
            record.certificate_returned_at = certificate_returned_at
        if follow_up_checked_at is not None:
            record.follow_up_checked_at = follow_up_checked_at
        if follow_up_note is not None:
            record.follow_up_note = follow_up_note.strip()
        complete = (
            record.certificate_returned_at
            and record.follow_up_checked_at
            and record.marks_recovered == issued
        )
        record.completed_at = record.completed_at or (timezone.now() if complete else None)
        if not complete:
            record.completed_at = None
        record.updated_by = actor
        record.save()
    return record


# ---------------------------------------------------------------- PDFs and notices


def certificate_render_pdf(*, certificate_id: int) -> None:
    """Render the certificate PDF once; a re-run after success does nothing."""
    from django.urls import reverse

    from casework.pdf import qr_data_uri, render_pdf, save_pdf

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related(
                "application__enterprise", "application__bureau", "application__category"
            )
            .get(pk=certificate_id)
        )
        if certificate.pdf:
            return
        url = settings.PUBLIC_BASE_URL + reverse("public:verify", args=[certificate.number])
        content = render_pdf(
            "pdf/certificate.html",
            {
                "certificate": certificate,
                "case": certificate.application,
                "qr": qr_data_uri(url),
                "verify_url": url,
            },
        )
        save_pdf(certificate.pdf, f"{certificate.number}.pdf", content)


def notice_deliver(*, notice_id: int) -> None:
    """Render the notice PDF and e-mail the enterprise, each once (casework.notices)."""
    notices.notice_deliver(
        model=Notice, notice_id=notice_id, related=("enterprise", "application__bureau")
    )


def notice_mark_read(*, notice, actor: User) -> None:
    notices.notice_mark_read(notice=notice, actor=actor)


# ---------------------------------------------------------------- sweeps (Celery beat)


def cases_escalate_overdue_rectification() -> int:
    """逾期整改: suspended cases past their rectification deadline are escalated to HQ once."""
    from accounts.services import audit_record

    today = timezone.localdate()
    escalated = 0
    overdue = Application.objects.filter(
        state=State.SUSPENDED,
        due_kind=wf.DueKind.RECTIFICATION,
        due_date__lt=today,
        escalated_at__isnull=True,
    ).values_list("pk", flat=True)
    for pk in overdue:
        with transaction.atomic():
            updated = Application.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if updated:
                case = Application.objects.get(pk=pk)
                audit_record(
                    actor=None,
                    action="update",
                    instance=case,
                    source="sweep",
                    changes={"escalated": "rectification overdue"},
                )
                escalated += 1
    return escalated


def cases_expire_certificates() -> int:
    """证书到期: protected or suspended cases whose certificate validity has ended expire."""
    today = timezone.localdate()
    ids = Application.objects.filter(
        state__in=[State.PROTECTED, State.SUSPENDED], certificate__valid_until__lt=today
    ).values_list("pk", flat=True)
    expired = 0
    for pk in ids:
        try:
            case_transition(
                case=Application(pk=pk),
                name="expire",
                actor=None,
                comment=_("有效期届满，自动失效。"),
            )
        except TransitionNotAllowed:
            continue  # changed meanwhile (revoked, or already expired by a parallel sweep)
        expired += 1
    return expired


# ---------------------------------------------------------------- 一对一指导 (seed 000 §6)


def case_guidance_share(*, case: Application, actor: User, note: str = ""):
    """The enterprise shares its draft with its bureau for 一对一指导. Seed 000 §6: "各直属局应
    抽调业务骨干指导当地检验检疫机构，对申报企业实行'一对一'服务，指导企业准备、完善申报资料".
    Until then the draft and its materials are the enterprise's alone; from now on its bureau
    (and HQ) read them, without adding to them (applications.documents.UPLOAD_RULES). Recorded
    (GuidanceShare, audit entry) and revocable (case_guidance_revoke). Only the case's
    enterprise, only a draft (409 otherwise), only when not already shared (409)."""
    from accounts.services import audit_record

    from .models import GuidanceShare

    if not wf.is_owner(case, actor):
        raise TransitionForbidden(_("只有申报企业可以共享自己的申请草稿。"))
    note = (note or "").strip()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if not wf.is_owner(locked, actor):
            raise TransitionForbidden(_("只有申报企业可以共享自己的申请草稿。"))
        if locked.state != State.DRAFT:
            raise TransitionNotAllowed(
                _("只有尚未提交的草稿需要共享；已提交的申请直属局可以查看。")
            )
        if locked.shared_for_guidance:
            raise TransitionNotAllowed(_("该草稿已共享给直属局。"))
        share = GuidanceShare.objects.create(application=locked, shared_by=actor, note=note)
        locked.shared_for_guidance = True
        locked.save(update_fields=["shared_for_guidance", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={"guidance_share": share.pk, "shared_for_guidance": [False, True]},
        )
    return share


def case_guidance_revoke(*, case: Application, actor: User):
    """The enterprise takes its draft back (撤回共享): its bureau no longer sees the draft or its
    materials. The share's row stays, with when and by whom it was revoked. Only the case's
    enterprise, only a draft (409), only one shared now (409)."""
    from accounts.services import audit_record

    from .models import GuidanceShare

    if not wf.is_owner(case, actor):
        raise TransitionForbidden(_("只有申报企业可以撤回草稿的共享。"))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if not wf.is_owner(locked, actor):
            raise TransitionForbidden(_("只有申报企业可以撤回草稿的共享。"))
        if locked.state != State.DRAFT:
            raise TransitionNotAllowed(_("申请已不是草稿，无需撤回共享。"))
        share = (
            GuidanceShare.objects.select_for_update()
            .filter(application=locked, revoked_at__isnull=True)
            .first()
        )
        if not locked.shared_for_guidance or share is None:
            raise TransitionNotAllowed(_("该草稿没有共享给直属局。"))
        share.revoked_at = timezone.now()
        share.revoked_by = actor
        share.save(update_fields=["revoked_at", "revoked_by"])
        locked.shared_for_guidance = False
        locked.save(update_fields=["shared_for_guidance", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={"guidance_share": share.pk, "shared_for_guidance": [True, False]},
        )
    return share


# ---------------------------------------------------------------- 评定协助与反馈 (seed 000 §8)


def evaluation_feedback_record(*, case: Application, actor: User, kind: str, text: str, experts=()):
    """The bureau records its assistance to the agency, or its feedback to HQ, on a case being
    evaluated. Seed 000 §8: "在实施评定过程中，各直属局应积极协助评定机构，落实已向通关司备案的
    评定方案，同时向通关司做好信息反馈，通报情况". Staff of the case's bureau only (403), while
    the case is 评定中 (409); an assistance record may name the experts of the committee (seed
    §12) it arranged, admitted ones of the case's category (400 otherwise). Append-only: a
    record is never changed; a correction is a new record."""
    from accounts.services import audit_record
    from experts.selectors import roster

    from .models import EvaluationFeedback

    refused = _("评定过程中的协助与反馈由本案辖区直属局记录。")
    if not wf.is_jurisdiction_bureau(case, actor):
        raise TransitionForbidden(refused)
    if kind not in EvaluationFeedback.Kind.values:
        raise InvalidTransitionInput(field_errors={"kind": [_("请选择记录类别。")]})
    text = (text or "").strip()
    if not text:
        raise InvalidTransitionInput(field_errors={"text": [_("请填写内容。")]})
    experts = list(experts)
    if experts and kind != EvaluationFeedback.Kind.ASSISTANCE:
        raise InvalidTransitionInput(
            field_errors={"experts": [_("只有协助评定机构的记录可以列出专家。")]}
        )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=case.pk)
        if not wf.is_jurisdiction_bureau(locked, actor):
            raise TransitionForbidden(refused)
        if locked.state != State.EVALUATING:
            raise TransitionNotAllowed(_("只有评定中的案件可以记录评定协助与反馈。"))
        ids = {expert.pk for expert in experts}
        if ids and roster(category=locked.category).filter(pk__in=ids).count() != len(ids):
            raise InvalidTransitionInput(
                field_errors={"experts": [_("只能选择本案产品类别的专家委员会委员。")]}
            )
        record = EvaluationFeedback.objects.create(
            application=locked, kind=kind, text=text, author=actor
        )
        record.experts.set(ids)
        audit_record(
            actor=actor,
            action="create",
            instance=record,
            source="web",
            changes={"kind": kind, "experts": sorted(ids)},
        )
    return record
