"""收件箱 of a local government (seed 002): the 试验区通知书 its zones' transitions sent it, a
notice (reading it marks it read) and its PDF. Only the government's own staff reach them;
everyone else gets 404 (selectors.notices_for)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from casework import notices
from ecoorigin.downloads import attachment
from ecoorigin.views import list_page

from . import selectors
from .tasks import deliver_pilot_zone_notice


def _government(request) -> None:
    if request.user.role != Role.GOVERNMENT or request.user.organisation_id is None:
        raise Http404


def _notice(request, notice_id: int):
    _government(request)
    return get_object_or_404(selectors.notices_for(user=request.user), pk=notice_id)


@login_required
def notice_list(request):
    """收件箱: unread first, then the newest."""
    _government(request)
    inbox = selectors.notices_for(user=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = list_page(inbox, request.GET.get("page"))
    return render(request, "staff/pilotzones/notice_list.html", {"page": page})


@login_required
def notice_detail(request, notice_id: int):
    notice = _notice(request, notice_id)
    notices.notice_mark_read(notice=notice, actor=request.user)
    return render(request, "staff/pilotzones/notice_detail.html", {"notice": notice})


@login_required
def notice_pdf(request, notice_id: int):
    notice = _notice(request, notice_id)
    if not notice.pdf:
        # Delivery failed or has not run yet: ask for it again (it renders and mails once).
        deliver_pilot_zone_notice.delay(notice.pk)
        messages.info(request, _("通知书文件正在生成，请稍后再试。"))
        return redirect("pilotzones:notice", notice_id=notice.pk)
    notices.notice_mark_read(notice=notice, actor=request.user)
    return attachment(notice.pdf.open("rb"), notice.file_name, "application/pdf")
