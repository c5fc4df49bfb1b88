"""评定协助与反馈 from the staff case page (seed 000 §8: "在实施评定过程中，各直属局应积极协助
评定机构……同时向通关司做好信息反馈，通报情况"). Thin: the service decides who and when
(applications.services.evaluation_feedback_record); the records are shown on the case page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecoorigin.views import post_and_return
from experts.selectors import roster

from . import selectors, services
from .forms import EvaluationFeedbackForm


def feedback_form_for(case, user, data=None) -> EvaluationFeedbackForm | None:
    """The bureau's form on the case page while it may record (else None), offering the
    committee's experts of the case's category."""
    if not selectors.may_record_evaluation_feedback(case=case, user=user):
        return None
    return EvaluationFeedbackForm(data, roster=roster(category=case.category))


@login_required
@require_POST
def evaluation_feedback_record(request, pk: int):
    case = get_object_or_404(selectors.cases_visible_to(user=request.user), pk=pk)
    return post_and_return(
        request,
        EvaluationFeedbackForm(request.POST, roster=roster(category=case.category)),
        call=lambda data: services.evaluation_feedback_record(
            case=case, actor=request.user, **data
        ),
        success=_("已记录，总局可查看。"),
        back=redirect("cases:detail", pk=case.pk),
    )
