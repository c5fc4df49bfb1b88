"""Pages of mutual recognition under /cooperation/recognitions/: the members' lookup (search by
holder name or credit code, filters), a recognition with its history, the record form, the
withdrawal; the enterprise's own recognised approvals. Thin: reads through selectors, writes
through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from casework.history import history_rows
from ecoorigin.views import action_page, form_page, list_page
from regions.cooperation import is_member

from . import selectors, services
from . import workflow as wf
from .forms import RecordForm, SearchForm, WithdrawForm
from .programme import RECOGNITION
from .workflow import State, may_record

STATE_LABELS = dict(State.choices)


def _member(request) -> None:
    if not is_member(request.user):
        raise Http404


def history_of(recognition) -> list[dict]:
    return history_rows(
        selectors.recognition_history(recognition=recognition), wf.RULES, STATE_LABELS
    )


@login_required
def recognition_list(request):
    """互认事项查询: every recognition, by holder name or credit code, kind, place and status."""
    _member(request)
    form = SearchForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    recognitions = selectors.recognitions_filtered(
        user=request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        place=filters.get("place", ""),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "staff/recognition/list.html",
        {
            "form": form,
            "page": list_page(recognitions, request.GET.get("page")),
            "may_record": may_record(request.user),
        },
    )


@login_required
def recognition_record(request):
    if not may_record(request.user):
        if not is_member(request.user):
            raise Http404
        messages.error(request, services.refusal_to_record())
        return render(request, "staff/recognition/form.html", {"form": None}, status=403)
    form = RecordForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.recognition_record(actor=request.user, **data),
        success=lambda recognition: (
            _("已登记互认事项 %(number)s。") % {"number": recognition.number}
        ),
        then=lambda recognition: redirect("recognition:detail", pk=recognition.pk),
        page=lambda status: render(
            request, "staff/recognition/form.html", {"form": form}, status=status
        ),
    )


@login_required
def recognition_detail(request, pk: int):
    recognition = get_object_or_404(selectors.recognitions_visible_to(user=request.user), pk=pk)
    member = is_member(request.user)
    actions = [
        (name, wf.RULES[name])
        for name in RECOGNITION.transitions_for(case=recognition, actor=request.user)
    ]
    return render(
        request,
        "staff/recognition/detail.html",
        {
            "recognition": recognition,
            "history": history_of(recognition) if member else [],
            "member": member,
            "actions": actions,
        },
    )


@login_required
def recognition_withdraw(request, pk: int):
    _member(request)
    recognition = get_object_or_404(selectors.recognitions_visible_to(user=request.user), pk=pk)
    rule = wf.RULES["withdraw"]
    permitted = RECOGNITION.permitted(recognition, "withdraw", request.user)
    form = WithdrawForm(request.POST or None) if permitted else None
    return action_page(
        request,
        form,
        rule=rule,
        fire=lambda **data: services.recognition_withdraw(
            recognition=recognition, actor=request.user, reason=data.get("reason", "")
        ),
        then=lambda recognition: redirect("recognition:detail", pk=recognition.pk),
        page=lambda status: render(
            request,
            "staff/recognition/withdraw.html",
            {"recognition": recognition, "form": form, "rule": rule},
            status=status,
        ),
    )


@login_required
def own_recognitions(request):
    """The enterprise's own recognised approvals, valid in all three places."""
    if request.user.role != Role.ENTERPRISE:
        raise Http404
    return render(
        request,
        "enterprise/recognition/mine.html",
        {"recognitions": selectors.recognitions_visible_to(user=request.user).order_by("-pk")},
    )
