"""案件材料 of a protection case: who may add which kind when, who may read them; the checks by
content, the storage and the read log are the kernel's (casework.documents)."""

import hashlib

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from casework.documents import UploadRejected, check_upload, open_logged, store

from . import workflow as wf
from .exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from .models import Application, CaseDocument
from .workflow import State

Kind = CaseDocument.Kind

# Who may add which kind of document, and in which states of the case.
UPLOAD_RULES = [
    (wf.is_owner, {Kind.MATERIAL, Kind.CORRECTION}, {State.DRAFT, State.RETURNED, State.SUBMITTED}),
    (wf.is_owner, {Kind.RECTIFICATION}, {State.SUSPENDED}),
    (wf.is_chosen_agency, {Kind.EVALUATION_REPORT}, {State.EVALUATING}),
    (wf.is_jurisdiction_bureau, {Kind.RECOVERY}, {State.REVOKED}),
    (wf.is_jurisdiction_bureau, {Kind.OTHER}, set(State)),
    (wf.is_hq, {Kind.OTHER}, set(State)),
]


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
    if kind not in Kind.values:
        raise InvalidTransitionInput(field_errors={"kind": [_("请选择材料类别。")]})
    rules = [
        (states) for check, kinds, states in UPLOAD_RULES if kind in kinds and check(case, actor)
    ]
    if not rules:
        raise TransitionForbidden(_("您不能为该案件上传此类材料。"))
    if case.state not in set().union(*rules):
        raise TransitionNotAllowed(_("案件当前状态下不能上传此类材料。"))
    try:
        checked = check_upload(upload)
    except UploadRejected as rejected:
        raise InvalidTransitionInput(field_errors={"file": [rejected.message]}) from None
    with transaction.atomic():
        document = CaseDocument(
            application=case,
            kind=kind,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            uploaded_by=actor,
        )
        store(document.file, checked)
        document.save()
    return document


def document_open(*, document: CaseDocument, actor: User, ip_address: str | None):
    """Open a document for `actor`, logging the read."""
    if not may_read(document.application, actor):
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def uploadable_kinds(*, case: Application, user: User) -> list[str]:
    return [
        kind
        for kind in Kind.values
        if any(
            kind in kinds and case.state in states and check(case, user)
            for check, kinds, states in UPLOAD_RULES
        )
    ]
