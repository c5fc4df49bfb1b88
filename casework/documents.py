"""Uploaded files, whatever the programme: allowed by the programme's upload rules (who adds
which kind in which states), checked by size and by content (never by name or declared type),
stored under a random name with their real type's extension, and read only through
`open_logged`, which writes the read log first (保密)."""

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from PIL import Image

from ecoorigin.downloads import attachment, extension_of
from ecoorigin.exceptions import DomainError
from ecoorigin.ratelimit import client_address

from .exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed

logger = logging.getLogger(__name__)

# What sniff recognises: the only types an upload may have.
UPLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png")


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


class UploadRejected(ValueError):
    """A file that is too big or not really a PDF, JPEG or PNG. `message` says why; a form that
    takes several files shows `named_message`, which also names the file."""

    def __init__(self, *, name: str, too_big: bool):
        self.name, self.too_big = name, too_big
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.too_big:
            return _("文件过大：不能超过 %(mb)s MB。") % {"mb": settings.UPLOAD_MAX_BYTES // 2**20}
        return _("只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。")

    @property
    def named_message(self) -> str:
        if self.too_big:
            return _("文件过大：%(name)s 超过 %(mb)s MB。") % {
                "name": self.name,
                "mb": settings.UPLOAD_MAX_BYTES // 2**20,
            }
        return _("%(name)s：只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。") % {
            "name": self.name
        }


@dataclass
class CheckedUpload:
    name: str  # the original name's last component, kept as data only
    data: bytes
    content_type: str


def check_upload(upload) -> CheckedUpload:
    """Read one uploaded file, refusing it if it is bigger than UPLOAD_MAX_BYTES (read no further
    than one byte past it) or not a PDF, JPEG or PNG by its bytes."""
    limit = settings.UPLOAD_MAX_BYTES
    name = PurePath(upload.name or "file").name[:200]
    if upload.size > limit:
        raise UploadRejected(name=name, too_big=True)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(name=name, too_big=True)
    content_type = sniff(data)
    if content_type is None:
        raise UploadRejected(name=name, too_big=False)
    return CheckedUpload(name=name, data=data, content_type=content_type)


@dataclass(frozen=True)
class UploadRules:
    """Who may add which kind of material to a programme's case, and in which of its states:
    `kinds`, every kind in the order forms list them; `rules`, (check(case, user), its kinds,
    its states); `refused` (403) and `too_late` (409), what a refusal says, in the programme's
    words."""

    kinds: Sequence[str]
    rules: Sequence[tuple[Callable, set, set]]
    refused: Promise
    too_late: Promise

    def kinds_for(self, *, case, user) -> list[str]:
        """The kinds `user` may add to `case` now."""
        return [
            kind
            for kind in self.kinds
            if any(
                kind in kinds and case.state in states and check(case, user)
                for check, kinds, states in self.rules
            )
        ]

    def allow(self, *, case, actor, kind: str) -> None:
        """`kind` one of ours (400 on `kind`), some rule lets `actor` add it (403) in the
        case's state (409): `check` without the file, for a form that takes several."""
        if kind not in self.kinds:
            raise InvalidTransitionInput(field_errors={"kind": [_("请选择材料类别。")]})
        states = [s for check, kinds, s in self.rules if kind in kinds and check(case, actor)]
        if not states:
            raise TransitionForbidden(self.refused)
        if case.state not in set().union(*states):
            raise TransitionNotAllowed(self.too_late)

    def check(self, upload, *, case, actor, kind: str) -> CheckedUpload:
        """A material before it is stored: `kind` one of ours (400 on `kind`), some rule lets
        `actor` add it (403) in the case's state (409), then the file by content (400 on
        `file`)."""
        self.allow(case=case, actor=actor, kind=kind)
        try:
            return check_upload(upload)
        except UploadRejected as rejected:
            raise InvalidTransitionInput(field_errors={"file": [rejected.message]}) from None


def save_upload(document, checked: CheckedUpload):
    """Save a new casework.models.StoredFile row (its case, kind and uploader set) for a checked
    file: the original name, real type and size as data, the bytes under a random name."""
    document.original_name = checked.name
    document.content_type = checked.content_type
    document.size = len(checked.data)
    # No savepoint of its own inside a caller's transaction (several files in one): a failure
    # rolls the caller's back whole, which is what every caller wants.
    with transaction.atomic(savepoint=False):
        store(document.file, checked)
        document.save()
    return document


def store(field_file, checked: CheckedUpload, *, save: bool = False) -> None:
    """Save a checked file into `field_file` under a random name: the original name is data,
    never a path."""
    field_file.save(
        uuid4().hex + extension_of(checked.content_type), ContentFile(checked.data), save=save
    )


def open_logged(document, *, actor, ip_address: str | None):
    """Open a stored file (casework.models.StoredFile) for `actor` who may read it, logging the
    read (who, when, from where, which file) first: no read is served without its row."""
    document.accesses.create(user=actor, ip_address=ip_address)
    return document.file.open("rb")


def download_page(request, document, *, document_open) -> FileResponse:
    """A stored file as a page's download: `document_open`, the app's logged read (keyword
    arguments document, actor, ip_address; it raises a domain error for whoever may not read
    the file), then the file as an attachment. Who may not read it gets 404, as does a file gone
    from storage (logged), rather than a 500: a page never tells that a file it does not hand
    out exists."""
    try:
        handle = document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
    except DomainError as error:
        raise Http404 from error
    except OSError as error:  # the stored file is gone: say so rather than fail
        logger.error("%s %s has no file: %s", document._meta.label, document.pk, error)
        raise Http404 from error
    return attachment(handle, document.original_name, document.content_type)
