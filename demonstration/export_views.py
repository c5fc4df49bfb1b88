"""The zone list's export (CSV/XLSX) for HQ and bureaus: started from the worklist with its
filters, run as a background job (demonstration.jobs) whose page shows its progress."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from accounts.services import job_start
from ecoorigin.exceptions import InvalidInput
from ecoorigin.views import job_started

from .jobs import export_params, may_export


@login_required
@require_POST
def zone_export(request):
    """导出示范区名单: the zones the user sees, filtered like the worklist."""
    if not may_export(request.user):
        raise Http404
    try:
        params = export_params(request.POST)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    job = job_start(owner=request.user, kind="demonstration.zone_export", params=params)
    return job_started(request, job)
