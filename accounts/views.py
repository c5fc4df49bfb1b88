from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from applications.models import Enterprise
from applications.public import applicant_guide
from casework import todo
from demonstration.selectors import worklist as demonstration_worklist
from demonstration.selectors import zones_owing_report
from ecoorigin.downloads import attachment, type_of
from ecoorigin.middleware import public_page
from pilotzones.selectors import worklist as pilot_worklist
from regions.models import Bureau, ZoneMembership
from regions.selectors import (
    bureaus_in_scope,
    organisation_staff,
    organisations_in_scope,
    zone_directory,
    zones_in_scope,
)

from .jobs import label_for
from .models import Job, Role
from .selectors import jobs_of


@public_page
def home(request):
    """The landing page: the public front page, or the signed-in user's own start page."""
    user = request.user
    if not user.is_authenticated:
        return render(
            request, "public/home.html", {"zones": zone_directory(), "guide": applicant_guide()}
        )
    # The page starts with the user's to-do (casework.todo): counted afresh, and the
    # navigation's counts with it.
    todo.counts_for(user, fresh=True, request=request)
    if user.role == Role.HQ:
        return render(
            request,
            "staff/home_hq.html",
            {"zones": zone_directory(), "bureau_count": Bureau.objects.count()},
        )
    if user.role == Role.ENTERPRISE:
        enterprise = Enterprise.objects.select_related("bureau").get(pk=user.enterprise_id)
        return render(request, "enterprise/home.html", {"enterprise": enterprise})
    if user.role == Role.AGENCY:
        return render(request, "staff/home_agency.html", {"agency": user.agency})
    if user.role == Role.BUREAU:
        seats = (
            ZoneMembership.objects.filter(zone__in=zones_in_scope(user=user))
            .select_related("zone", "bureau")
            .order_by("zone_id", "role", "pk")
        )
        last_year = timezone.localdate().year - 1
        zones = {}
        for seat in seats:
            zones.setdefault(seat.zone, []).append(seat)
        return render(
            request,
            "staff/home_bureau.html",
            {
                "bureau": user.bureau,
                "zones": [
                    {
                        "zone": zone,
                        "seats": zone_seats,
                        "my_role": next(s for s in zone_seats if s.bureau_id == user.bureau_id),
                        "leading": zone.pk in user.led_zone_ids,
                    }
                    for zone, zone_seats in zones.items()
                ],
                "scope_count": bureaus_in_scope(user=user).count(),
                # Its zones' 年度建设情况报告 for last year still to submit (seed 001 §七.4).
                "report_year": last_year,
                "zones_owing_report": zones_owing_report(user=user, year=last_year)[:20],
            },
        )
    if user.role == Role.OFFICE:
        # 分支机构 (seed 000 §6): the drafts shared with its bureau for 一对一指导 (ADR 0022).
        from applications.selectors import guidance_requests

        return render(
            request,
            "staff/home_office.html",
            {"office": user.local_office, "guidance": guidance_requests(user=user)[:20]},
        )
    if user.role == Role.REVIEW_BODY:
        # 初审机构 (seed 000 §20): the applications awaiting its opinion.
        from applications.initial_review import awaiting_opinion

        return render(
            request,
            "staff/home_review_body.html",
            {
                "body": user.review_body,
                "pending": awaiting_opinion(user=user)[:20],
            },
        )
    if user.organisation_id is not None:
        organisation = organisations_in_scope(user=user).get(pk=user.organisation_id)
        context = {
            "organisation": organisation,
            "staff": organisation_staff(organisation=organisation),
        }
        if user.role == Role.GOVERNMENT:
            # Its demonstration-zone applications, those waiting for its next step first.
            context["demonstration_zones"] = demonstration_worklist(user=user)[:20]
        if user.role in (Role.GOVERNMENT, Role.HQ_DEPARTMENT, Role.OPERATOR):
            # The pilot zones it applied for, accepts or runs, those waiting for it first.
            context["pilot_zones"] = pilot_worklist(user=user)[:20]
        return render(request, "staff/home_organisation.html", context)
    return render(request, "staff/home_inspector.html", {"bureau": user.bureau})


class LoginView(auth_views.LoginView):
    template_name = "public/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes lockout: JSON (429) for the API, a readable page for the browser."""
    message = gettext_lazy("登录失败次数过多，账户已临时锁定 15 分钟，请稍后再试或联系管理员。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=429)
    return render(request, "public/locked_out.html", {"message": message}, status=429)


@login_required
def job_list(request):
    jobs = jobs_of(user=request.user)[:50]
    return render(
        request,
        "staff/jobs.html",
        {"jobs": [(job, label_for(job.kind)) for job in jobs]},
    )


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(jobs_of(user=request.user), pk=pk)
    return render(request, "staff/job_detail.html", {"job": job, "label": label_for(job.kind)})


@login_required
@require_GET
def job_status(request, pk: int):
    job = get_object_or_404(jobs_of(user=request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "progress": job.progress,
            "done": job.status in (Job.Status.DONE, Job.Status.FAILED),
        }
    )


@login_required
@require_GET
def job_progress(request, pk: int):
    """The job's state as a piece of HTML, for the page that started it to show in place
    (static/js/forms.js follows it until the job is done)."""
    job = get_object_or_404(jobs_of(user=request.user), pk=pk)
    return render(request, "staff/_job_state.html", {"job": job, "label": label_for(job.kind)})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(jobs_of(user=request.user), pk=pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404(_("结果文件尚未生成。"))
    name = job.result_file.name.rsplit("/", 1)[-1]
    # Like every download: an attachment no browser renders, sniffs or runs.
    return attachment(job.result_file.open("rb"), name, type_of(name))
