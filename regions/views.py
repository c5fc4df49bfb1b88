from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import job_start

from .selectors import bureau_directory, zone_directory


@login_required
def directory(request):
    """直属局与片区名录: every zone with its seats, every bureau with its zones."""
    return render(
        request,
        "staff/directory.html",
        {"zones": zone_directory(), "bureaus": bureau_directory()},
    )


@login_required
def zone_detail(request, code: str):
    zone = get_object_or_404(zone_directory(), code=code)
    return render(request, "staff/zone_detail.html", {"zone": zone})


@login_required
@require_POST
def directory_export(request):
    job = job_start(owner=request.user, kind="regions.directory_export")
    messages.info(request, _("导出任务已提交，完成后可在此页下载。"))
    return redirect("accounts:job", pk=job.pk)
