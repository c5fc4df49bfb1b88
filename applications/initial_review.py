"""初审 (seed 000 §20) beside the protection case (ADR 0022): a bureau's per-category setting,
the routing of a submitted case to the body, the body's opinion, and the guard on 受理.

Seed 000 §20: "各直属检验检疫局、质量技术监督局以及合作部委的相关机构,应按照国家质检总局关于生态
原产地产品保护的文件要求,做好初审工作,并及时推荐通关司生态原产地产品保护办公室,按照国家保密要求,
为受评单位保守秘密."

The case engine's transitions are untouched: routing is a row written when `submit` fires
(applications.programme.after_transition), and 受理 is refused (409) by the programme's
`prepare` while the latest round is pending (initial_review_check_accept)."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuditEntry, Role, User
from casework.documents import UploadRejected, check_upload, open_logged, save_upload
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from . import workflow as wf
from .models import (
    Application,
    InitialReview,
    InitialReviewDocument,
    InitialReviewSetting,
    ProductCategory,
)
from .workflow import State

MAX_FILES = 10  # files of one opinion


class InitialReviewPending(Conflict):
    default_message = gettext_lazy("该申请须经初审机构初审，初审意见录入后方可受理。")


def _audit(actor, action, instance, changes) -> None:
    from accounts.services import audit_record

    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


# ---------------------------------------------------------------- the bureau's setting


def settings_in_scope(*, user) -> QuerySet[InitialReviewSetting]:
    """HQ every bureau's settings; a bureau account its own; everyone else none."""
    rows = InitialReviewSetting.objects.select_related("bureau", "category", "body")
    if not user.is_authenticated:
        return rows.none()
    if user.role == Role.HQ:
        return rows
    if user.role == Role.BUREAU:
        return rows.filter(bureau_id=user.bureau_id)
    return rows.none()


def initial_review_setting_set(
    *, actor: User, category: ProductCategory, body
) -> InitialReviewSetting:
    """The bureau decides that its applications of `category` get 初审 by `body` (one of its own
    active bodies), from the next submission on. Only a bureau account, for its own
    jurisdiction. Audited."""
    if not (actor.is_authenticated and actor.role == Role.BUREAU):
        raise NotPermitted(_("只有直属局可以设置本局的初审。"))
    if body is None or body.bureau_id != actor.bureau_id:
        raise NotPermitted(_("只能选择本局登记的初审机构。"))
    if not body.is_active:
        raise InvalidInput(field_errors={"body": [_("该初审机构已停用。")]})
    with transaction.atomic():
        setting = (
            InitialReviewSetting.objects.select_for_update()
            .filter(bureau_id=actor.bureau_id, category=category)
            .first()
        )
        before = setting.body.code if setting else None
        if setting is None:
            setting = InitialReviewSetting.objects.create(
                bureau_id=actor.bureau_id, category=category, body=body, updated_by=actor
            )
            action = AuditEntry.Action.CREATE
        else:
            setting.body, setting.updated_by = body, actor
            setting.save(update_fields=["body", "updated_by", "updated_at"])
            action = AuditEntry.Action.UPDATE
        _audit(actor, action, setting, {"category": category.code, "body": [before, body.code]})
    return setting


def initial_review_setting_clear(*, actor: User, category: ProductCategory) -> None:
    """The bureau's applications of `category` no longer get 初审 (from the next submission;
    a round already routed stays with its body). Audited."""
    if not (actor.is_authenticated and actor.role == Role.BUREAU):
        raise NotPermitted(_("只有直属局可以设置本局的初审。"))
    with transaction.atomic():
        setting = (
            InitialReviewSetting.objects.select_for_update()
            .filter(bureau_id=actor.bureau_id, category=category)
            .select_related("body")
            .first()
        )
        if setting is None:
            raise Conflict(_("该产品类别未设置初审。"))
        _audit(
            actor,
            AuditEntry.Action.DELETE,
            setting,
            {"category": category.code, "body": [setting.body.code, None]},
        )
        setting.delete()


# ---------------------------------------------------------------- routing and the guard


def initial_review_route(*, case: Application) -> InitialReview | None:
    """On each submission (提交申报, and re-submission after 补正) of a case whose bureau set 初审
    for its category with an active body: a new pending round with that body. Called by the
    programme inside the transition's transaction, the case row locked; a round still pending
    is kept (never two), sent to the body the setting names now. The history row of `submit`
    names the body."""
    setting = (
        InitialReviewSetting.objects.filter(
            bureau_id=case.bureau_id, category_id=case.category_id, body__is_active=True
        )
        .select_related("body")
        .first()
    )
    if setting is None:
        return None
    pending = InitialReview.objects.filter(application=case, opinion="").first()
    if pending is not None:
        if pending.body_id != setting.body_id:
            # The bureau chose another body (or the category changed during 补正) before the
            # first one answered: the round goes to the body the setting names now.
            pending.body = setting.body
            pending.save(update_fields=["body"])
        return pending
    return InitialReview.objects.create(application=case, body=setting.body)


def blocking_review(case: Application) -> InitialReview | None:
    """The round that holds up 受理: the latest one, if still pending with an active body."""
    latest = (
        InitialReview.objects.filter(application=case)
        .select_related("body")
        .order_by("-pk")
        .first()
    )
    if latest is not None and latest.is_pending and latest.body.is_active:
        return latest
    return None


def initial_review_check_accept(case: Application) -> None:
    """受理 waits for the 初审 opinion (409). Called by the programme's `prepare` after the
    engine's permission check, row lock and state re-check."""
    review = blocking_review(case)
    if review is not None:
        raise InitialReviewPending(
            _("该申请已分送%(body)s初审，初审意见录入后方可受理。")
            % {"body": review.body.display_name}
        )


# ---------------------------------------------------------------- who sees what


def may_review(*, review: InitialReview, user) -> bool:
    """Staff of the body the round was routed to, while the body is active."""
    return (
        user.is_authenticated
        and user.role == Role.REVIEW_BODY
        and user.review_body_id == review.body_id
        and review.body.is_active
    )


def routed_to(*, user) -> QuerySet[InitialReview]:
    """The body's worklist: the rounds routed to the user's body (never a draft; nothing of any
    other body), pending first, newest first, with what a row shows. Everyone else: none."""
    if not user.is_authenticated or user.role != Role.REVIEW_BODY:
        return InitialReview.objects.none()
    return (
        InitialReview.objects.filter(body_id=user.review_body_id, body__is_active=True)
        .exclude(application__state=State.DRAFT)
        .select_related("application__enterprise", "application__category", "body", "reviewed_by")
        .order_by("-routed_at", "-pk")
    )


def awaiting_opinion(*, user) -> QuerySet[InitialReview]:
    """The rounds the body's staff can answer now: pending, the case awaiting 受理 (a case
    returned for correction comes back once re-submitted; a withdrawn one never)."""
    return routed_to(user=user).filter(opinion="", application__state=State.SUBMITTED)


def reviews_of(*, case: Application, user) -> QuerySet[InitialReview]:
    """The rounds of `case` `user` may read: HQ, the case's bureau and its offices' staff all;
    the body's staff their body's; the enterprise and everyone else none."""
    rows = (
        InitialReview.objects.filter(application=case)
        .select_related("body", "reviewed_by")
        .prefetch_related("documents")
        .order_by("pk")
    )
    if not user.is_authenticated:
        return rows.none()
    if (
        wf.is_hq(case, user)
        or wf.is_jurisdiction_bureau(case, user)
        or wf.is_jurisdiction_office(case, user)
    ):
        return rows
    if user.role == Role.REVIEW_BODY:
        return rows.filter(body_id=user.review_body_id, body__is_active=True)
    return rows.none()


# ---------------------------------------------------------------- the body's opinion


def initial_review_record(
    *,
    actor: User,
    review: InitialReview,
    opinion: str,
    reasons: str,
    files: list | tuple = (),
) -> InitialReview:
    """录入初审意见: 同意 or 不同意 with reasons (always written) and optional files, by the staff
    of the body the round was routed to, once. Locks the case, then the round (the same order
    as 受理, which thus sees the opinion or waits for it). 403 not theirs; 409 already recorded
    or the case no longer awaits 受理; 400 bad input. Audited."""
    if not may_review(review=review, user=actor):
        raise NotPermitted(_("只有该申请分送的初审机构可以录入初审意见。"))
    reasons = reasons.strip()
    errors = {}
    if opinion not in InitialReview.Opinion.values:
        errors["opinion"] = [_("请选择同意或不同意。")]
    if not reasons:
        errors["reasons"] = [_("请填写初审意见的理由。")]
    checked, bad = [], []
    if len(files) > MAX_FILES:
        bad.append(_("最多上传 %(n)s 个文件。") % {"n": MAX_FILES})
    for upload in files[:MAX_FILES]:
        try:
            checked.append(check_upload(upload))
        except UploadRejected as rejected:
            bad.append(rejected.named_message)
    if bad:
        errors["files"] = bad
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=review.application_id)
        review = InitialReview.objects.select_for_update().select_related("body").get(pk=review.pk)
        if not review.is_pending:
            raise Conflict(_("该申请的初审意见已录入，不能再次录入。"))
        if case.state != State.SUBMITTED:
            raise Conflict(_("该申请当前不在待受理状态，不能录入初审意见。"))
        review.opinion, review.reasons = opinion, reasons
        review.reviewed_by, review.reviewed_at = actor, timezone.now()
        review.save(update_fields=["opinion", "reasons", "reviewed_by", "reviewed_at"])
        for one in checked:
            save_upload(InitialReviewDocument(review=review, uploaded_by=actor), one)
        _audit(
            actor,
            AuditEntry.Action.UPDATE,
            review,
            {
                "application": case.pk,
                "opinion": opinion,
                "reasons": reasons,
                "files": [one.name for one in checked],
            },
        )
    return review


def may_read_documents(*, review: InitialReview, user) -> bool:
    """初审材料: whoever may read the round (reviews_of), the enterprise excepted."""
    return reviews_of(case=review.application, user=user).filter(pk=review.pk).exists()


def document_open(*, document: InitialReviewDocument, actor: User, ip_address: str | None):
    """Open an 初审材料 for `actor`, logging the read (保守秘密)."""
    if not may_read_documents(review=document.review, user=actor):
        raise NotPermitted(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)
