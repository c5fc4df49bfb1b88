"""一对一指导 from the enterprise's draft page (seed 000 §6: "对申报企业实行'一对一'服务，指导企业
准备、完善申报资料"): share the draft with the bureau, or take it back. Thin: the services decide
who and when (applications.services.case_guidance_share / case_guidance_revoke)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecoorigin.views import post_and_return

from . import selectors, services
from .forms import GuidanceRequestForm
from .workflow import State


def _back(case):
    return redirect("cases:edit" if case.state == State.DRAFT else "cases:detail", pk=case.pk)


@login_required
@require_POST
def guidance_share(request, pk: int):
    case = get_object_or_404(selectors.cases_visible_to(user=request.user), pk=pk)
    return post_and_return(
        request,
        GuidanceRequestForm(request.POST),
        call=lambda data: services.case_guidance_share(
            case=case, actor=request.user, note=data["note"]
        ),
        success=_("草稿已共享给直属局，请等待一对一指导。"),
        back=_back(case),
    )


@login_required
@require_POST
def guidance_revoke(request, pk: int):
    case = get_object_or_404(selectors.cases_visible_to(user=request.user), pk=pk)
    return post_and_return(
        request,
        forms.Form(request.POST),
        call=lambda data: services.case_guidance_revoke(case=case, actor=request.user),
        success=_("已撤回共享，直属局不再能查看该草稿。"),
        back=_back(case),
    )
