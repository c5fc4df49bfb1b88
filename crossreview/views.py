"""Pages of 互查互评 under /cooperation/reviews/: the rounds and the user's own review work, a
round with its standard, case files, comparison, assignment and history, the round's
transitions, entering a case file, a case file with its review, and the scoring form. Thin: reads
through selectors, writes through services; what a member may not see is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casework.history import history_rows
from ecoorigin.views import action_page, form_page, post_action
from regions.cooperation import is_member, place_of

from . import assignment, selectors, services
from . import workflow as wf
from .forms import CaseForm, CriterionForm, ReviewForm, RoundForm, TransitionForm
from .programme import CROSSREVIEW
from .workflow import State

STATE_LABELS = dict(State.choices)


def _member(request) -> None:
    if not is_member(request.user):
        raise Http404


def _round(request, pk: int):
    return get_object_or_404(selectors.rounds_visible_to(user=request.user), pk=pk)


def history_of(round_) -> list[dict]:
    return history_rows(selectors.round_history(round_=round_), wf.RULES, STATE_LABELS)


@login_required
def round_list(request):
    """互查互评: the rounds by year, and the case files drawn for the user to review."""
    _member(request)
    return render(
        request,
        "staff/crossreview/list.html",
        {
            "rounds": selectors.rounds_visible_to(user=request.user),
            "assigned": selectors.assigned_to(user=request.user)[:50],
            "may_lead": wf.is_lead(request.user),
        },
    )


@login_required
def round_new(request):
    _member(request)
    if not wf.is_lead(request.user):
        messages.error(request, services.refusal_to_lead())
        return render(request, "staff/crossreview/round_form.html", {"form": None}, status=403)
    form = RoundForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.round_open(actor=request.user, **data),
        success=lambda round_: _("已开展 %(year)s 年度互查互评。") % {"year": round_.year},
        then=lambda round_: redirect("crossreview:detail", pk=round_.pk),
        page=lambda status: render(
            request, "staff/crossreview/round_form.html", {"form": form}, status=status
        ),
    )


@login_required
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    user = request.user
    criterion_form = CriterionForm(
        request.POST if request.POST.get("action") == "add_criterion" else None
    )
    status = 200
    if request.method == "POST":
        answer = _standard_post(request, round_, criterion_form)
        if not isinstance(answer, int):
            return answer
        status = answer
    criteria = list(round_.criteria.order_by("position"))
    cases = list(selectors.cases_of_round(user=user, round_=round_))
    for case in cases:
        case.reviewer_shown = selectors.reviewer_shown(case=case, user=user)
    published = selectors.results_visible(round_=round_, user=user)
    return render(
        request,
        "staff/crossreview/detail.html",
        {
            "round": round_,
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
            "full_weight": wf.TOTAL_WEIGHT,
            "criterion_form": (
                criterion_form if wf.is_lead(user) and round_.state == State.DRAFT else None
            ),
            "actions": [
                (name, wf.RULES[name])
                for name in CROSSREVIEW.transitions_for(case=round_, actor=user)
            ],
            "cases": cases,
            "may_enter": wf.may_enter(user) and round_.accepts_cases,
            "comparison": selectors.comparison(round_=round_) if published else None,
            "verified": (
                assignment.verify(
                    {
                        "seed": round_.seed,
                        "snapshot": round_.snapshot,
                        "assignment": round_.assignment,
                    }
                )
                if published and round_.seed
                else None
            ),
            "history": history_of(round_),
        },
        status=status,
    )


def _standard_post(request, round_, criterion_form):
    """An edit of the standard posted to the round's page: the redirect once done, or the status
    of the page shown again (403 for all but HQ; the service answers 409 once it is agreed)."""
    if not wf.is_lead(request.user):
        messages.error(request, services.refusal_to_lead())
        return 403
    criterion = None
    if request.POST.get("action") == "remove_criterion":
        criterion = get_object_or_404(
            round_.criteria.all(), pk=_whole(request.POST.get("criterion"))
        )
    return post_action(
        request,
        {
            "add_criterion": (
                criterion_form,
                lambda data: services.criterion_add(actor=request.user, round_=round_, **data),
                _("已添加评查标准条目。"),
            ),
            "remove_criterion": (
                None,
                lambda data: services.criterion_remove(actor=request.user, criterion=criterion),
                _("已删除评查标准条目。"),
            ),
        },
        then=lambda: redirect("crossreview:detail", pk=round_.pk),
    )


def _whole(value) -> int:
    """An id from a form: digits only, and few enough for any database's integer."""
    ok = isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10
    return int(value) if ok else 0


@login_required
def round_transition(request, pk: int, name: str):
    round_ = _round(request, pk)
    rule = wf.RULES.get(name)
    if rule is None:
        raise Http404
    permitted = CROSSREVIEW.permitted(round_, name, request.user)
    # Bound on any POST: every field is optional, so an empty POST is a valid confirmation.
    bound = request.POST if request.method == "POST" else None
    form = TransitionForm(bound) if permitted else None
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.round_transition(
            round_=round_, name=name, actor=request.user, reason=data.get("reason", "")
        ),
        then=lambda round_: redirect("crossreview:detail", pk=round_.pk),
        page=lambda status: render(
            request,
            "staff/crossreview/transition.html",
            {"round": round_, "form": form, "rule": rule, "name": name},
            status=status,
        ),
    )


@login_required
def assignment_document(request, pk: int):
    """The assignment's published document: anyone re-runs it (crossreview/assignment.py)."""
    round_ = _round(request, pk)
    if not round_.seed or not selectors.results_visible(round_=round_, user=request.user):
        raise Http404
    return JsonResponse(
        {
            "round": round_.year,
            "algorithm": assignment.ALGORITHM_VERSION,
            "seed": round_.seed,
            "snapshot": round_.snapshot,
            "assignment": round_.assignment,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@login_required
def case_new(request, pk: int):
    round_ = _round(request, pk)
    if not wf.may_enter(request.user):
        messages.error(request, services.refusal_to_enter())
        return render(
            request, "staff/crossreview/case_form.html", {"round": round_, "form": None}, status=403
        )
    form = CaseForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.case_enter(actor=request.user, round_=round_, **data),
        success=lambda case: _("已报送案卷 %(number)s。") % {"number": case.number},
        then=lambda case: redirect("crossreview:case", pk=case.pk),
        page=lambda status: render(
            request,
            "staff/crossreview/case_form.html",
            {"round": round_, "form": form},
            status=status,
        ),
    )


@login_required
def case_detail(request, pk: int):
    _member(request)
    case = get_object_or_404(selectors.cases_visible_to(user=request.user), pk=pk)
    user = request.user
    status = 200
    if request.method == "POST":
        answer = post_action(
            request,
            {
                "remove": (
                    None,
                    lambda data: services.case_remove(actor=user, case=case),
                    _("已撤回案卷。"),
                )
            },
            then=lambda: redirect("crossreview:detail", pk=case.round_id),
        )
        if not isinstance(answer, int):
            return answer
        status = answer
    review = getattr(case, "review", None)
    return render(
        request,
        "staff/crossreview/case.html",
        {
            "case": case,
            "round": case.round,
            "review": review,
            "scores": selectors.scores_of(review=review) if review else [],
            "reviewer_shown": selectors.reviewer_shown(case=case, user=user),
            "may_remove": (
                case.round.accepts_cases and wf.may_enter(user) and place_of(user) == case.place
            ),
            "may_review": (
                review is None
                and case.reviewer_id == user.pk
                and case.round.state == State.ASSIGNED
            ),
        },
        status=status,
    )


@login_required
def review_submit(request, pk: int):
    _member(request)
    case = get_object_or_404(selectors.cases_visible_to(user=request.user), pk=pk)
    round_ = case.round
    if case.reviewer_id != request.user.pk:
        messages.error(request, services.refusal_to_review())
        return render(
            request,
            "staff/crossreview/review.html",
            {"case": case, "round": round_, "form": None},
            status=403,
        )
    form = ReviewForm(request.POST or None, criteria=round_.criteria.order_by("position"))
    return form_page(
        request,
        form,
        call=lambda data: services.review_submit(
            actor=request.user, case=case, scores=form.scores(), summary=data.get("summary", "")
        ),
        success=lambda review: _("已提交评查结果，总分 %(total)s。") % {"total": review.total},
        then=lambda review: redirect("crossreview:case", pk=case.pk),
        page=lambda status: render(
            request,
            "staff/crossreview/review.html",
            {"case": case, "round": round_, "form": form},
            status=status,
        ),
    )
