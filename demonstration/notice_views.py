"""收件箱 of a local government (seed 001): the notices its zones' and their enterprises'
transitions sent it, a notice (reading it marks it read) and its PDF. Only the government's own
staff reach them; everyone else gets 404 (demonstration.selectors.notices_visible_to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.downloads import attachment
from ecoorigin.views import list_page

from . import selectors, services
from .tasks import deliver_zone_notice


def _government(request) -> None:
    if request.user.role != Role.GOVERNMENT or request.user.organisation_id is None:
        raise Http404


def _notice(request, notice_id: int):
    _government(request)
    return get_object_or_404(selectors.notices_visible_to(user=request.user), pk=notice_id)


@login_required
def notice_list(request):
    """收件箱: unread first, then the newest."""
    _government(request)
    page = list_page(selectors.notice_inbox(user=request.user), request.GET.get("page"))
    return render(request, "staff/demonstration/notice_list.html", {"page": page})


@login_required
def notice_detail(request, notice_id: int):
    notice = _notice(request, notice_id)
    services.zone_notice_mark_read(notice=notice, actor=request.user)
    return render(request, "staff/demonstration/notice_detail.html", {"notice": notice})


@login_required
def notice_pdf(request, notice_id: int):
    notice = _notice(request, notice_id)
    if not notice.pdf:
        # Delivery failed or has not run yet: ask for it again (it renders and mails once).
        deliver_zone_notice.delay(notice.pk)
        messages.info(request, _("通知书文件正在生成，请稍后再试。"))
        return redirect("demonstration:notice", notice_id=notice.pk)
    services.zone_notice_mark_read(notice=notice, actor=request.user)
    return attachment(notice.pdf.open("rb"), notice.file_name, "application/pdf")
