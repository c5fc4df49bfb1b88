"""监管材料: photos and documents of inspections, complaints and 挂牌督办 items. Checked by
content and stored by the kernel (casework.documents), read only by those who may see what they
belong to, every read logged as case materials' are."""

from casework.documents import CheckedUpload, open_logged
from casework.documents import store as store_file
from ecoorigin.exceptions import NotPermitted

from . import rectification_selectors, selectors
from .models import SupervisionDocument


def store(checked: CheckedUpload, *, uploaded_by=None, **owner) -> SupervisionDocument:
    """Save a checked file for `owner` (inspection=, complaint=, item=, rectification= or
    follow_up=)."""
    document = SupervisionDocument(
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=uploaded_by,
        **owner,
    )
    store_file(document.file, checked)
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
        return selectors.key_work_visible_to(user=user).filter(pk=document.item_id).exists()
    if document.rectification_id:
        return (
            rectification_selectors.rectifications_visible_to(user=user)
            .filter(pk=document.rectification_id)
            .exists()
        )
    if document.follow_up_id:
        return (
            rectification_selectors.follow_ups_visible_to(user=user)
            .filter(pk=document.follow_up_id)
            .exists()
        )
    return False


def document_open(*, document: SupervisionDocument, actor, ip_address: str | None):
    """Open a document for `actor`, logging the read."""
    if not may_read(document, actor):
        raise NotPermitted()
    return open_logged(document, actor=actor, ip_address=ip_address)
