"""初审 pages (seed 000 §20, ADR 0022): the bureau's per-category setting, the worklist of a
初审机构's staff and the opinion form, and the download of an opinion's files. Thin: reads and
writes through applications.initial_review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from casework.forms import MultipleFileField
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import DomainError
from ecoorigin.ratelimit import client_address
from ecoorigin.text import TextInputsChecked
from ecoorigin.views import form_page, list_page
from regions.offices import review_bodies_in_scope

from . import documents, initial_review
from .models import InitialReview, ProductCategory


class OpinionForm(TextInputsChecked, forms.Form):
    opinion = forms.ChoiceField(
        label=gettext_lazy("初审意见"),
        choices=InitialReview.Opinion.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    files = MultipleFileField(
        label=gettext_lazy("附件（可选）"),
        required=False,
        help_text=gettext_lazy("PDF、JPEG 或 PNG，最多 10 个。"),
    )


@login_required
def settings_page(request):
    """初审设置: a bureau chooses, per product category, whether its applications get 初审 and by
    which of its bodies; HQ reads every bureau's. POST: `category` and `body` (a code; empty:
    no 初审)."""
    user = request.user
    if user.role not in (Role.HQ, Role.BUREAU):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        if user.role != Role.BUREAU:
            raise PermissionDenied
        category = ProductCategory.objects.filter(
            code=request.POST.get("category", ""), is_active=True
        ).first()
        code = request.POST.get("body", "")
        body = review_bodies_in_scope(user=user).filter(code=code).first() if code else None
        try:
            if category is None or (code and body is None):
                raise Http404
            if body is None:
                initial_review.initial_review_setting_clear(actor=user, category=category)
                messages.success(request, _("%(category)s不再需要初审。") % {"category": category})
            else:
                initial_review.initial_review_setting_set(actor=user, category=category, body=body)
                messages.success(
                    request,
                    _("%(category)s的申请提交后分送%(body)s初审。")
                    % {"category": category, "body": body},
                )
            return redirect("cases:initial_review_settings")
        except DomainError as error:
            messages.error(request, error.message)
            status = 409
    rows = initial_review.settings_in_scope(user=user)
    if user.role == Role.BUREAU:
        chosen = {row.category_id: row for row in rows}
        categories = [
            (category, chosen.get(category.pk))
            for category in ProductCategory.objects.filter(is_active=True).order_by("pk")
        ]
        bodies = review_bodies_in_scope(user=user).filter(is_active=True).order_by("pk")
    else:
        categories, bodies = None, None
    return render(
        request,
        "staff/initial_review_settings.html",
        {"rows": rows, "categories": categories, "bodies": bodies},
        status=status,
    )


@login_required
def worklist(request):
    """The rounds routed to the user's 初审机构: pending first, then recorded ones."""
    if request.user.role != Role.REVIEW_BODY:
        raise PermissionDenied
    pending = request.GET.get("done") != "1"
    if pending:
        rounds = initial_review.awaiting_opinion(user=request.user)
    else:
        rounds = initial_review.routed_to(user=request.user).exclude(opinion="")
    return render(
        request,
        "staff/initial_review_list.html",
        {"page": list_page(rounds, request.GET.get("page")), "pending": pending},
    )


@login_required
def review_detail(request, pk: int):
    """One routed round: the case's facts and materials (every read logged) and the opinion
    form while pending."""
    review = get_object_or_404(initial_review.routed_to(user=request.user), pk=pk)
    case = review.application
    form = OpinionForm(request.POST or None, request.FILES or None) if review.is_pending else None

    def page(status):
        return render(
            request,
            "staff/initial_review_detail.html",
            {
                "review": review,
                "case": case,
                "documents": documents.documents_of(case=case, user=request.user),
                "files": review.documents.all(),
                "form": form,
            },
            status=status,
        )

    if request.method == "POST" and form is None:
        messages.error(request, _("该申请的初审意见已录入，不能再次录入。"))
        return page(409)
    return form_page(
        request,
        form,
        call=lambda data: initial_review.initial_review_record(
            actor=request.user, review=review, **data
        ),
        success=_("初审意见已录入，已通知直属局。"),
        then=lambda _review: redirect("cases:initial_review", pk=review.pk),
        page=page,
    )


@login_required
def document_download(request, pk: int, document_id: int):
    """A file of an opinion, for whoever reads the round; every read is logged."""
    review = get_object_or_404(InitialReview.objects.select_related("application"), pk=pk)
    if not initial_review.may_read_documents(review=review, user=request.user):
        raise Http404
    document = get_object_or_404(review.documents.all(), pk=document_id)
    handle = initial_review.document_open(
        document=document, actor=request.user, ip_address=client_address(request)
    )
    return attachment(handle, document.original_name, document.content_type)
