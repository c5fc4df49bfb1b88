"""案件材料: upload checks (by content, never by name or declared type) and access-logged reads
(open_logged, for supervision files too)."""

import hashlib
import io
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from PIL import Image

from accounts.models import User
from ecoorigin.downloads import extension_of

from . import workflow as wf
from .exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from .models import Application, CaseDocument, StoredFile
from .workflow import State

# What sniff recognises: the only types an upload may have.
UPLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png")
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


def sniff(data: bytes) -> str | None:
    """The real type of the bytes (PDF, JPEG or PNG), or None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    formats = {b"\xff\xd8\xff": ("JPEG", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("PNG", "image/png")}
    for magic, (pil_format, content_type) in formats.items():
        if data.startswith(magic):
            try:
                with Image.open(io.BytesIO(data)) as image:
                    if image.format != pil_format:
                        return None
                    image.verify()
            except Exception:
                return None
            return content_type
    return None


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
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise InvalidTransitionInput(
            field_errors={"file": [_("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // 2**20}]}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InvalidTransitionInput(
            field_errors={"file": [_("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // 2**20}]}
        )
    content_type = sniff(data)
    if content_type is None:
        raise InvalidTransitionInput(
            field_errors={"file": [_("只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。")]}
        )
    name = PurePath(upload.name or "file").name[:200]
    with transaction.atomic():
        document = CaseDocument(
            application=case,
            kind=kind,
            original_name=name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        # A random stored name: the original name is data, never a path.
        document.file.save(uuid4().hex + extension_of(content_type), ContentFile(data), save=False)
        document.save()
    return document


def open_logged(document: StoredFile, *, actor: User, ip_address: str | None):
    """Open a stored file for `actor` who may read it, logging the read (who, when, from where,
    which file) first: no read is served without its row (models.FileAccess)."""
    document.accesses.create(user=actor, ip_address=ip_address)
    return document.file.open("rb")


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
