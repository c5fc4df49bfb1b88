"""案件材料 of a protection case: who may add which kind when, who may read them; the checks by
content, the storage and the read log are the kernel's (casework.documents)."""

import hashlib

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from casework.documents import (
    UploadRejected,
    UploadRules,
    check_upload,
    open_logged,
    save_upload,
)

from . import materials
from . import workflow as wf
from .exceptions import InvalidTransitionInput, TransitionForbidden
from .models import Application, CaseDocument, InitialReview
from .workflow import State

Kind = CaseDocument.Kind

# Who may add which kind of document, and in which states of the case.
UPLOAD_RULES = UploadRules(
    kinds=Kind.values,
    rules=[
        (
            wf.is_owner,
            {Kind.MATERIAL, Kind.CORRECTION},
            {State.DRAFT, State.RETURNED, State.SUBMITTED},
        ),
        (wf.is_owner, {Kind.RECTIFICATION}, {State.SUSPENDED}),
        (wf.is_chosen_agency, {Kind.EVALUATION_REPORT}, {State.EVALUATING}),
        (wf.is_jurisdiction_bureau, {Kind.RECOVERY}, {State.REVOKED}),
        # Staff add nothing to a draft, shared for guidance or not: it is the enterprise's
        # until submitted (seed 000 §6, 一对一: staff guide the enterprise, which prepares).
        (wf.is_jurisdiction_bureau, {Kind.OTHER}, set(State) - {State.DRAFT}),
        (wf.is_hq, {Kind.OTHER}, set(State) - {State.DRAFT}),
    ],
    refused=gettext_lazy("您不能为该案件上传此类材料。"),
    too_late=gettext_lazy("案件当前状态下不能上传此类材料。"),
)


def may_read(case: Application, user: User) -> bool:
    """Confidential (保密): the applicant, its bureau, HQ and the chosen agency; nobody else.
    A draft's materials are the applicant's alone unless it has shared the draft for 一对一指导
    (seed 000 §6; applications.selectors.without_private_drafts)."""
    if wf.is_owner(case, user):
        return True
    if case.state == State.DRAFT and not case.shared_for_guidance:
        return False
    if any(
        check(case, user)
        for check in (
            wf.is_jurisdiction_bureau,
            wf.is_hq,
            wf.is_chosen_agency,
            wf.is_jurisdiction_office,  # 一对一指导 for the bureau (seed 000 §6, ADR 0022)
        )
    ):
        return True
    # The 初审机构 the case was routed to reads what it reviews (seed 000 §20), never a draft.
    if user.role == Role.REVIEW_BODY and case.state != State.DRAFT:
        return InitialReview.objects.filter(
            application=case, body_id=user.review_body_id, body__is_active=True
        ).exists()
    return False


def documents_of(*, case: Application, user: User) -> QuerySet[CaseDocument]:
    if not may_read(case, user):
        return CaseDocument.objects.none()
    return CaseDocument.objects.filter(application=case).select_related("uploaded_by")


def documents_shown(*, case: Application, user: User) -> QuerySet:
    """`documents_of` as the case page's table shows them (applications.templatetags.cases
    `case_documents_table`): the columns it shows, as values, not records with their
    uploaders."""
    return documents_of(case=case, user=user).values(
        "pk",
        "original_name",
        "kind",
        "size",
        "uploaded_at",
        "uploaded_by__first_name",
        "uploaded_by__last_name",
        "uploaded_by__username",
    )


def document_upload(
    *, case: Application, actor: User, upload, kind: str, requirement=None
) -> CaseDocument:
    """Store one file on the case after checking who, when, how big and what it really is;
    `requirement` (an item of the case's materials checklist, its id or code) is the item a
    申报材料 or 补正材料 answers (applications.materials)."""
    checked = UPLOAD_RULES.check(upload, case=case, actor=actor, kind=kind)
    item = materials.requirement_for_upload(case=case, kind=kind, requirement=requirement)
    return _save(case=case, actor=actor, kind=kind, requirement=item, checked=checked)


def _save(*, case, actor, kind, requirement, checked) -> CaseDocument:
    sha256 = hashlib.sha256(checked.data).hexdigest()
    return save_upload(
        CaseDocument(
            application=case,
            kind=kind,
            requirement=requirement,
            sha256=sha256,
            uploaded_by=actor,
        ),
        checked,
    )


def documents_upload_many(
    *, case: Application, actor: User, kind: str, files: list[tuple]
) -> list[CaseDocument]:
    """Several files at once, each `(upload, requirement)`: who, when and which item are
    checked first (403/409/400 as for one file), then every file by size and content; one bad
    file refuses them all (400 on `files`, each bad file named) and nothing is stored."""
    if not files:
        raise InvalidTransitionInput(field_errors={"files": [_("请选择要上传的文件。")]})
    UPLOAD_RULES.allow(case=case, actor=actor, kind=kind)
    prepared, errors = [], []
    checklist = list(materials.requirements_for(case))
    for upload, requirement in files:
        item = materials.requirement_for_upload(
            case=case, kind=kind, requirement=requirement, items=checklist
        )
        try:
            prepared.append((check_upload(upload), item))
        except UploadRejected as rejected:
            errors.append(rejected.named_message)
    if errors:
        raise InvalidTransitionInput(field_errors={"files": errors})
    with transaction.atomic():
        return [
            _save(case=case, actor=actor, kind=kind, requirement=item, checked=checked)
            for checked, item in prepared
        ]


def document_open(*, document: CaseDocument, actor: User, ip_address: str | None):
    """Open a document for `actor`, logging the read."""
    if not may_read(document.application, actor):
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def uploadable_kinds(*, case: Application, user: User) -> list[str]:
    return UPLOAD_RULES.kinds_for(case=case, user=user)
