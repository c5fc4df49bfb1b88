"""日常监督管理 of an operating pilot zone (seed 002 §五.3): its visits, read by whoever sees the
zone (HQ, its bureau, its local government, its operator; 404 for anyone else), recorded by the
zone's bureau. Thin: reads through selectors, writes through services."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecoorigin.text import TextInputsChecked
from ecoorigin.views import form_page

from . import selectors, services
from . import workflow as wf
from .workflow import State


class SupervisionVisitForm(TextInputsChecked, forms.Form):
    visited_on = forms.DateField(
        label=gettext_lazy("检查日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(
        label=gettext_lazy("检查情况"), widget=forms.Textarea(attrs={"rows": 4})
    )
    problems = forms.CharField(
        label=gettext_lazy("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirements = forms.CharField(
        label=gettext_lazy("整改要求"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("发现问题的，须填写整改要求。"),
    )


@login_required
def supervision(request, pk: int):
    """The zone's 日常监督管理 record, and the bureau's form for a new visit."""
    zone = get_object_or_404(selectors.zones_visible_to(user=request.user), pk=pk)
    may_record = wf.is_jurisdiction_bureau(zone, request.user) and zone.state == State.OPERATING
    form = (
        SupervisionVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
        if may_record
        else None
    )

    def page(status):
        return render(
            request,
            "staff/pilotzones/supervision.html",
            {"zone": zone, "form": form, "visits": selectors.supervision_visits(zone=zone)},
            status=status,
        )

    if form is None:
        if request.method == "POST":
            return page(403)
        return page(200)
    return form_page(
        request,
        form,
        call=lambda data: services.supervision_visit_record(zone=zone, actor=request.user, **data),
        success=_("日常监督管理情况已记录。"),
        then=lambda visit: redirect("pilotzones:supervision", pk=zone.pk),
        page=page,
    )
