"""监管材料: photos and documents of inspections, complaints and 约谈/督办 items. Checked by
content (never by name or declared type) as applications.documents does, read only by those
who may see what they belong to, every read logged as case materials' are."""

from dataclasses import dataclass
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from applications.documents import open_logged, sniff
from ecoorigin.downloads import extension_of
from ecoorigin.exceptions import NotPermitted

from . import selectors
from .models import SupervisionDocument


class UploadRejected(ValueError):
    """A file that is too big or not really a PDF, JPEG or PNG; the message says which."""


@dataclass
class CheckedUpload:
    name: str
    data: bytes
    content_type: str


def check_upload(upload) -> CheckedUpload:
    """Read one uploaded file, refusing it if it is too big or not a PDF, JPEG or PNG."""
    limit = settings.UPLOAD_MAX_BYTES
    name = PurePath(upload.name or "file").name[:200]
    too_big = _("文件过大：%(name)s 超过 %(mb)s MB。") % {"name": name, "mb": limit // 2**20}
    if upload.size > limit:
        raise UploadRejected(too_big)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(too_big)
    content_type = sniff(data)
    if content_type is None:
        raise UploadRejected(
            _("%(name)s：只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。") % {"name": name}
        )
    return CheckedUpload(name=name, data=data, content_type=content_type)


def store(checked: CheckedUpload, *, uploaded_by=None, **owner) -> SupervisionDocument:
    """Save a checked file under a random name for `owner` (inspection=, complaint= or item=)."""
    document = SupervisionDocument(
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=uploaded_by,
        **owner,
    )
    # A random stored name: the original name is data, never a path.
    document.file.save(
        uuid4().hex + extension_of(checked.content_type), ContentFile(checked.data), save=False
    )
    document.save()
    return document


def may_read(document: SupervisionDocument, user) -> bool:
    """Whoever may see the inspection (its targets), the complaint or the item."""
    if not user.is_authenticated:
        return False
    if document.inspection_id:
        target = document.inspection.target
        return selectors.draw_targets_for(user=user, plan=target.plan).filter(pk=target.pk).exists()
    if document.complaint_id:
        return selectors.complaints_visible_to(user=user).filter(pk=document.complaint_id).exists()
    if document.item_id:
        return selectors.accountability_visible_to(user=user).filter(pk=document.item_id).exists()
    return False


def document_open(*, document: SupervisionDocument, actor, ip_address: str | None):
    """Open a document for `actor`, logging the read."""
    if not may_read(document, actor):
        raise NotPermitted()
    return open_logged(document, actor=actor, ip_address=ip_address)
