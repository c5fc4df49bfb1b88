"""Pages of the 京津冀 cooperation's tasks, for its members: the 42 重点任务 with their lead and
participating units, and one task. Thin: they read through selectors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .forms import TaskFilterForm


def _member(request) -> None:
    if not selectors.may_see_tasks(request.user):
        raise Http404


@login_required
def task_list(request):
    """重点任务: §三's 42 tasks by heading, filtered (an invalid filter is shown and ignored)."""
    _member(request)
    form = TaskFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    tasks = selectors.tasks_filtered(
        user=request.user,
        section=filters.get("section"),
        unit=filters.get("unit"),
        query=filters.get("q", ""),
        mine=filters.get("mine", False),
    )
    return render(
        request,
        "staff/cooperation/task_list.html",
        {"form": form, "tasks": tasks, "own_units": selectors.unit_codes_of(request.user)},
    )


@login_required
def task_detail(request, number: int):
    _member(request)
    task = selectors.task_for(user=request.user, number=number)
    if task is None:
        raise Http404
    return render(request, "staff/cooperation/task_detail.html", {"task": task})
