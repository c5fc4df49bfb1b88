"""案件材料 of a protection case: who may add which kind when, who may read them; the checks by
content, the storage and the read log are the kernel's (casework.documents)."""

import hashlib

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from casework.documents import UploadRules, open_logged, save_upload

from . import workflow as wf
from .exceptions import TransitionForbidden
from .models import Application, CaseDocument
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
        (wf.is_jurisdiction_bureau, {Kind.OTHER}, set(State)),
        (wf.is_hq, {Kind.OTHER}, set(State)),
    ],
    refused=gettext_lazy("您不能为该案件上传此类材料。"),
    too_late=gettext_lazy("案件当前状态下不能上传此类材料。"),
)


def may_read(case: Application, user: User) -> bool:
    """Confidential (保密): the applicant, its bureau, HQ and the chosen agency; nobody else."""
    return any(
        check(case, user)
        for check in (wf.is_owner, wf.is_jurisdiction_bureau, wf.is_hq, wf.is_chosen_agency)
    )


def documents_of(*, case: Application, user: User) -> QuerySet[CaseDocument]:
    if not may_read(case, user):
        return CaseDocument.objects.none()
    return CaseDocument.objects.filter(application=case).select_related("uploaded_by")


def document_upload(*, case: Application, actor: User, upload, kind: str) -> CaseDocument:
    """Store one file on the case after checking who, when, how big and what it really is."""
    checked = UPLOAD_RULES.check(upload, case=case, actor=actor, kind=kind)
    sha256 = hashlib.sha256(checked.data).hexdigest()
    return save_upload(
        CaseDocument(application=case, kind=kind, sha256=sha256, uploaded_by=actor), checked
    )


def document_open(*, document: CaseDocument, actor: User, ip_address: str | None):
    """Open a document for `actor`, logging the read."""
    if not may_read(document.application, actor):
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def uploadable_kinds(*, case: Application, user: User) -> list[str]:
    return UPLOAD_RULES.kinds_for(case=case, user=user)
