"""专家委员会 pages (seed 000 §12): the committee's roster by speciality, the recommendations a
bureau sent or HQ decides, a bureau's recommendation form, and one expert with HQ's decisions
(admit, decline, put into the inspector pool). Thin: reads through the selectors (404 for what
the user may not see), writes through the services; a domain error is a message on the page
with status 400, 403 or 409. Only HQ and bureau staff have these pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.exceptions import DomainError
from ecoorigin.views import error_status, form_page, list_page, show_error

from . import selectors, services
from .forms import AdmitForm, DeclineForm, RecommendForm, RosterFilterForm
from .models import Expert


def _staff_only(request) -> None:
    if request.user.role not in (Role.HQ, Role.BUREAU):
        raise Http404


def _with_confidential(rows, user):
    """Mark each expert whose contact details `user` may read (HQ, the recommending bureau)."""
    for expert in rows:
        expert.confidential = selectors.may_read_confidential(expert=expert, user=user)
    return rows


@login_required
def roster(request):
    """专家委员会名录: the admitted experts by speciality (分专业、分产品), for HQ and every bureau;
    contact details only for HQ and the recommending bureau."""
    _staff_only(request)
    form = RosterFilterForm(request.GET or None)
    category = form.cleaned_data.get("category") if form.is_valid() else None
    page = list_page(selectors.roster(category=category), request.GET.get("page"))
    _with_confidential(page["rows"], request.user)
    return render(
        request,
        "staff/experts/roster.html",
        {"page": page, "form": form, "tab": "experts", "view": "roster"},
    )


@login_required
def recommendations(request):
    """专家推荐: HQ every recommendation (filter by status), a bureau its own."""
    _staff_only(request)
    status = request.GET.get("status", "")
    experts = selectors.recommendations_for(user=request.user)
    if status in Expert.Status.values:
        experts = experts.filter(status=status)
    return render(
        request,
        "staff/experts/recommendations.html",
        {
            "page": list_page(experts, request.GET.get("page")),
            "status": status,
            "statuses": Expert.Status.choices,
            "tab": "experts",
            "view": "recommendations",
        },
    )


@login_required
def recommend(request):
    """推荐专家: a bureau's form (seed 000 §12 "各直属局应……推荐系统内相关领域的专家")."""
    if request.user.role != Role.BUREAU:
        raise Http404
    form = RecommendForm(
        request.POST if request.method == "POST" else None,
        accounts=selectors.account_candidates_for(user=request.user),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.expert_recommend(actor=request.user, **data),
        success=_("专家已推荐，等待总局审核。"),
        then=lambda expert: redirect("experts:detail", pk=expert.pk),
        page=lambda status: render(
            request,
            "staff/experts/recommend.html",
            {"form": form, "tab": "experts", "view": "recommend"},
            status=status,
        ),
    )


@login_required
def detail(request, pk: int):
    """One expert: what the user may read of it, and HQ's decisions while they are open."""
    _staff_only(request)
    expert = get_object_or_404(selectors.experts_visible_to(user=request.user), pk=pk)
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    admit_form = AdmitForm(
        request.POST if action == "admit" else None,
        initial={"speciality": expert.speciality_id, "products": expert.products},
    )
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    status = 200
    if request.method == "POST":
        forms_by_action = {"admit": admit_form, "decline": decline_form, "pool": None}
        if action not in forms_by_action:
            raise Http404
        form = forms_by_action[action]
        if form is not None and not form.is_valid():
            status = 400
        else:
            try:
                done = _decide(action, expert=expert, actor=user, data=form and form.cleaned_data)
            except DomainError as error:
                if form is None:
                    messages.error(request, error.message)
                else:
                    show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(request, done)
                return redirect("experts:detail", pk=expert.pk)
        expert.refresh_from_db()
    deciding = user.role == Role.HQ and expert.status == Expert.Status.RECOMMENDED
    return render(
        request,
        "staff/experts/detail.html",
        {
            "expert": expert,
            "confidential": selectors.may_read_confidential(expert=expert, user=user),
            "admit_form": admit_form if deciding else None,
            "decline_form": decline_form if deciding else None,
            "may_pool": user.role == Role.HQ
            and expert.admitted
            and expert.pool_member_id is None
            and expert.account_id is not None,
            "tab": "experts",
        },
        status=status,
    )


def _decide(action: str, *, expert: Expert, actor, data: dict | None) -> str:
    """HQ's decision `action` on `expert` through its service; the message that says it is done."""
    if action == "admit":
        services.expert_admit(expert=expert, actor=actor, **data)
        return _("已入选专家委员会。")
    if action == "decline":
        services.expert_decline(expert=expert, actor=actor, reason=data["reason"])
        return _("已决定不予入选。")
    services.expert_add_to_pool(expert=expert, actor=actor)
    return _("已列入检查人员库，可被双随机抽查抽取。")
