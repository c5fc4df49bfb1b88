"""异议证明材料: checked by content and stored by the kernel (casework.documents); read only by
HQ and the bureau of the case (never the enterprise: evidence may name the objector), every
read logged."""

from casework.documents import CheckedUpload, open_logged
from casework.documents import store as store_file
from ecoorigin.exceptions import NotPermitted

from . import selectors
from .models import Objection, ObjectionDocument


def store(checked: CheckedUpload, *, objection: Objection) -> ObjectionDocument:
    document = ObjectionDocument(
        objection=objection,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
    )
    store_file(document.file, checked)
    document.save()
    return document


def may_read(document: ObjectionDocument, user) -> bool:
    return selectors.may_read_identity(user=user) and (
        selectors.objections_visible_to(user=user).filter(pk=document.objection_id).exists()
    )


def document_open(*, document: ObjectionDocument, actor, ip_address: str | None):
    if not may_read(document, actor):
        raise NotPermitted()
    return open_logged(document, actor=actor, ip_address=ip_address)
