"""办理材料 and 报送材料: read only by whoever may read what they belong to (an assignment of a
task, a report), every read logged first (casework.documents.open_logged), as case materials."""

from casework.documents import open_logged
from ecoorigin.exceptions import NotPermitted

from . import selectors
from .models import ReportDocument, TaskDocument


def may_read(document: TaskDocument | ReportDocument, user) -> bool:
    if not user.is_authenticated:
        return False
    if isinstance(document, TaskDocument):
        return selectors.document_assignment_visible(document=document, user=user)
    return selectors.reports_visible_to(user=user).filter(pk=document.report_id).exists()


def document_open(*, document: TaskDocument | ReportDocument, actor, ip_address: str | None):
    """Open a file for `actor` who may read it (403 otherwise), logging the read."""
    if not may_read(document, actor):
        raise NotPermitted()
    return open_logged(document, actor=actor, ip_address=ip_address)
