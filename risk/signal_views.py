"""Pages of 风险信息 (seed 004 §二.2, 5–6): the list with its filters and to-do, the report form
(every channel the reporter may use; the monitoring pages link here with the facts filled in),
a complaint turned into a signal in one step, the signal's page with its evidence, the experts'
opinions for those who may read them and the transitions the user may fire, and the opinion
form. Thin: reads through the selectors (404 for what the user may not see), writes through
the services, a refusal shown with its status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from casework.documents import download_page
from ecoorigin.exceptions import DomainError
from ecoorigin.views import error_status, form_page, list_page
from supervision import selectors as supervision_selectors

from . import selectors, services
from . import workflow as wf
from .forms import (
    ConcludeForm,
    MergeForm,
    OpenAssessmentForm,
    OpinionForm,
    ReasonForm,
    SignalDocumentForm,
    SignalFilterForm,
    SignalForm,
)
from .models import RiskSettings, SignalDocument
from .programme import RISK_SIGNALS
from .todo import SIGNAL_FILTERS
from .views import filled, history_of, post_to_record, refused, risk_user, transition_forms
from .workflow import Conclusion, SignalState

STATES = dict(SignalState.choices)
# The query parameters a link to the report form may fill in (the monitoring pages' results).
PREFILL = {
    "channel": "channel",
    "product": "product",
    "uscc": "enterprise_uscc",
    "enterprise": "enterprise_name",
    "reference": "source",
    "place": "place",
}


def _signal(request, pk: int):
    risk_user(request)
    return get_object_or_404(selectors.signals_visible_to(user=request.user), pk=pk)


@login_required
def signal_list(request):
    """风险信息: what the user sees (HQ all, a bureau its own, an expert those assigned, a
    reporter its own), newest first; `?todo=study|conclude` is the to-do's worklist."""
    risk_user(request)
    user = request.user
    form = SignalFilterForm(request.GET or None, hq=user.role == Role.HQ)
    # A filter that does not validate is shown as an error and ignored.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    signals = selectors.signals_visible_to(user=user)
    if filters.get("state"):
        signals = signals.filter(state=filters["state"])
    if filters.get("channel"):
        signals = signals.filter(channel=filters["channel"])
    if filters.get("bureau"):
        signals = signals.filter(bureau=filters["bureau"])
    if filters.get("q"):
        q = filters["q"]
        signals = signals.filter(
            Q(number__icontains=q) | Q(product__icontains=q) | Q(enterprise_name__icontains=q)
        )
    if filters.get("todo"):
        signals = signals.filter(SIGNAL_FILTERS[f"risk.{filters['todo']}"](user))
    return render(
        request,
        "staff/risk/signal_list.html",
        {
            "tab": "signals",
            "form": form,
            "page": list_page(signals.order_by("-pk"), request.GET.get("page")),
            "staff": selectors.is_staff_reader(user),
            "may_report": bool(services.signal_channels(user=user)),
        },
    )


@login_required
def signal_create(request):
    """报告风险信息 through a channel the user may use; `?channel=…&product=…&uscc=…&
    enterprise=…&reference=…&place=…` fill the form in (the monitoring pages link here)."""
    risk_user(request)
    user = request.user
    channels = services.signal_channels(user=user)
    if not channels:
        raise PermissionDenied(_("您无权报告风险信息。"))
    initial = {
        field: request.GET[param][:200]
        for param, field in PREFILL.items()
        if request.GET.get(param)
    }
    if initial.get("channel") not in channels:
        initial.pop("channel", None)
    if len(channels) == 1:
        initial["channel"] = channels[0]
    form = SignalForm(
        request.POST or None,
        initial=initial,
        channels=channels,
        names_bureau=user.role not in (Role.ENTERPRISE, Role.BUREAU, Role.INSPECTOR),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.signal_report(actor=user, **data),
        success=lambda signal: _("风险信息已报告，编号 %(number)s。") % {"number": signal.number},
        then=lambda signal: redirect("risk:signal", pk=signal.pk),
        page=lambda status: render(
            request,
            "staff/risk/signal_form.html",
            {"tab": "signals", "form": form},
            status=status,
        ),
    )


@login_required
@require_POST
def signal_from_complaint(request, complaint_pk: int):
    """投诉举报转风险信息 (the button on the complaint's page): then the new signal."""
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404
    complaint = get_object_or_404(
        supervision_selectors.complaints_visible_to(user=request.user), pk=complaint_pk
    )
    try:
        signal = services.signal_from_complaint(complaint=complaint, actor=request.user)
    except DomainError as error:
        return refused(
            request,
            error.message,
            error_status(error),
            back=reverse("supervision:complaint", args=[complaint.pk]),
            back_label=_("返回投诉举报"),
        )
    return redirect("risk:signal", pk=signal.pk)


def _builders(signal) -> dict:
    days = RiskSettings.current().assessment_days
    return {
        "open_assessment": lambda data: OpenAssessmentForm(data, assessment_days=days),
        "conclude": lambda data: ConcludeForm(
            data,
            initial={"consumer_advice": signal.consumer_advice},
        ),
        "dismiss": lambda data: ReasonForm(data),
        "merge": lambda data: MergeForm(data),
    }


def _may_upload(signal, user) -> bool:
    return (signal.reported_by_id == user.pk or wf.is_signal_unit(signal, user)) and (
        signal.state in wf.OPEN_SIGNAL_STATES
    )


@login_required
def signal_detail(request, pk: int):
    """One signal: its facts and evidence; the experts' opinions and the finding for those who
    may read them (selectors.may_read_assessment); the history for staff; the transitions the
    user may fire and the evidence upload, posted here (`action`)."""
    signal = _signal(request, pk)
    user = request.user
    forms = transition_forms(
        request, programme=RISK_SIGNALS, case=signal, builders=_builders(signal)
    )
    posted = request.POST.get("action") if request.method == "POST" else None
    upload_form = (
        SignalDocumentForm(
            request.POST if posted == "upload" else None,
            request.FILES if posted == "upload" else None,
        )
        if _may_upload(signal, user)
        else None
    )
    status = 200
    if request.method == "POST":
        extra = {}
        if upload_form is not None:
            extra["upload"] = (
                upload_form,
                lambda data: services.signal_document_upload(
                    signal=signal, actor=user, upload=data["file"]
                ),
                _("证据材料已上传。"),
            )
        outcome = post_to_record(
            request,
            programme=RISK_SIGNALS,
            case=signal,
            forms=forms,
            fire=lambda name, data: services.signal_transition(
                signal=signal, name=name, actor=user, **filled(data)
            ),
            extra=extra,
            then=lambda: redirect("risk:signal", pk=signal.pk),
        )
        if not isinstance(outcome, int):
            return outcome
        status = outcome
        signal = _signal(request, pk)
    may_read = selectors.may_read_assessment(signal=signal, user=user)
    staff = selectors.is_staff_reader(user)
    opinions = list(selectors.signal_opinions(signal=signal)) if may_read else []
    unit = wf.is_signal_unit(signal, user)
    return render(
        request,
        "staff/risk/signal_detail.html",
        {
            "tab": "signals",
            "signal": signal,
            "staff": staff,
            "may_read": may_read,
            "opinions": opinions,
            "opinion_owed": selectors.opinion_awaiting(signal=signal, user=user),
            "may_enter_opinions": unit
            and signal.state == SignalState.ASSESSING
            and any(o.recorded_at is None for o in opinions),
            "may_draft_warning": unit
            and user.role in (Role.HQ, Role.BUREAU)
            and signal.state == SignalState.CONCLUDED
            and signal.conclusion != Conclusion.NO_RISK,
            "documents": selectors.signal_documents(signal=signal),
            "upload_form": upload_form,
            "duplicates": selectors.signal_duplicates(signal=signal) if staff else [],
            "history": history_of(selectors.signal_history(signal=signal), wf.SIGNAL_RULES, STATES)
            if staff
            else [],
            "actions": [(name, RISK_SIGNALS.rules[name], form) for name, form in forms.items()],
            "complaint_visible": user.role in (Role.HQ, Role.BUREAU)
            and signal.complaint_id is not None,
        },
        status=status,
    )


@login_required
def signal_document(request, pk: int):
    """证据材料, for whoever sees its signal; every read logged (404 for anyone else)."""
    risk_user(request)
    document = get_object_or_404(
        SignalDocument.objects.filter(signal__in=selectors.signals_visible_to(user=request.user)),
        pk=pk,
    )
    return download_page(request, document, document_open=services.signal_document_open)


@login_required
def opinion(request, pk: int):
    """评估专家意见: the expert's own, once, while the assessment is open; or, for the assessing
    unit's staff, an expert's written opinion entered for them."""
    signal = _signal(request, pk)
    user = request.user
    owed_self = selectors.opinion_awaiting(signal=signal, user=user)
    unit = wf.is_signal_unit(signal, user)
    owed = (
        list(selectors.signal_opinions(signal=signal).filter(recorded_at__isnull=True))
        if owed_self is None and unit and signal.state == SignalState.ASSESSING
        else []
    )
    form = None
    if owed_self is not None:
        form = OpinionForm(request.POST or None)
    elif owed:
        form = OpinionForm(request.POST or None, owed=owed)

    def page(status):
        may_read = selectors.may_read_assessment(signal=signal, user=user)
        return render(
            request,
            "staff/risk/opinion_form.html",
            {
                "tab": "signals",
                "signal": signal,
                "form": form,
                "on_behalf": owed_self is None,
                "opinions": list(selectors.signal_opinions(signal=signal)) if may_read else [],
            },
            status=status,
        )

    if form is None:
        assigned = signal.opinions.filter(expert__account=user).exists()
        if not (assigned or unit):
            messages.error(request, _("您不是该风险信息的评估专家。"))
            return page(403)
        if signal.state != SignalState.ASSESSING:
            messages.error(request, _("风险信息不在评估中，不能提出意见。"))
        else:
            messages.error(request, _("评估专家的意见均已提出，不能再修改。"))
        return page(409)

    def call(data):
        data = dict(data)
        opinion_id = data.pop("opinion_id", None)
        return services.opinion_record(signal=signal, actor=user, opinion_id=opinion_id, **data)

    return form_page(
        request,
        form,
        call=call,
        success=_("评估意见已提交。"),
        then=lambda row: redirect("risk:signal", pk=signal.pk),
        page=page,
    )
